"""Sphinx extension: let readers download each executed page as a notebook and as MyST.

MyST-NB writes every executed page to ``<outdir>/../jupyter_execute/<page>.ipynb`` (code,
prose and outputs). This copies that notebook, and the page's MyST source, into the site's
``_downloads/`` folder and puts links to both at the top of the page.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from typing import Any

FOLDER = "_downloads"


def _add_links(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None or "kernelspec" not in app.env.metadata.get(pagename, {}):
        return  # not an executed page
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    source = Path(app.env.doc2path(pagename))
    target = Path(app.outdir) / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(executed, target / f"{pagename}.ipynb")
    shutil.copyfile(source, target / f"{pagename}.md")
    root = context.get("pathto", lambda name, resource=0: name)(f"{FOLDER}/", 1)
    name = html.escape(pagename)
    links = (
        '<p class="page-downloads">Download this page: '
        f'<a href="{root}{name}.ipynb" download>notebook with outputs (.ipynb)</a> · '
        f'<a href="{root}{name}.md" download>MyST source (.md)</a></p>\n'
    )
    context["body"] = links + context.get("body", "")


def setup(app: Any) -> dict[str, Any]:
    app.connect("html-page-context", _add_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
