"""Sphinx extension: let readers download each executed page as a notebook and as MyST.

The executed notebook comes from the execution cache in ``cache`` mode (MyST-NB's own copy
in ``jupyter_execute/`` lacks the outputs when they came from the cache), or from
``<outdir>/../jupyter_execute/<page>.ipynb`` when every page was executed. It is written,
with the page's MyST source, to the site's ``_downloads/`` folder, and both are linked at
the top of the page.

The notebook is normalised so that the same page always gives the same bytes, whichever
way it was executed: MyST-NB gives cells random ids; adds ``language_info`` only when it
executed the page itself; and when it did, it has already taken the (invisible) glue
outputs out. With ``nb_merge_streams``, stream outputs (whose split into pieces depends on
timing) are merged here with MyST-NB's own function. A notebook MyST-NB executed itself
needs a repair first: its renderer merges a cell's streams *in place*, into the first one,
then writes the notebook with the other pieces still there, so each line would show twice.
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
    source = Path(app.env.doc2path(pagename))
    target = Path(app.outdir) / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    notebook = _executed_notebook(app, pagename, source)
    (target / f"{pagename}.ipynb").write_text(
        _normalised(notebook, app.env.mystnb_config.merge_streams), encoding="utf-8"
    )
    shutil.copyfile(source, target / f"{pagename}.md")
    root = context.get("pathto", lambda name, resource=0: name)(f"{FOLDER}/", 1)
    name = html.escape(pagename)
    links = (
        '<p class="page-downloads">Download this page: '
        f'<a href="{root}{name}.ipynb" download>notebook with outputs (.ipynb)</a> · '
        f'<a href="{root}{name}.md" download>MyST source (.md)</a></p>\n'
    )
    context["body"] = links + context.get("body", "")


def _executed_notebook(app: Any, pagename: str, source: Path) -> Any:
    import nbformat

    config = app.env.mystnb_config
    if config.execution_mode != "cache":
        executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
        notebook = nbformat.read(executed, as_version=4)
        if config.merge_streams:
            _drop_merged_pieces(notebook)
        return notebook
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    text = source.read_text(encoding="utf8")
    notebook = create_nb_reader(str(source), app.env.myst_config, config, text).read(text)
    return get_cache(config.execution_cache_path).merge_match_into_notebook(notebook)[1]


def _drop_merged_pieces(notebook: Any) -> None:
    """Keep, per cell and stream name, only the first stream output (it holds them all)."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        seen: set[str] = set()
        kept = []
        for output in cell.outputs:
            if output["output_type"] == "stream":
                if output["name"] in seen:
                    continue
                seen.add(output["name"])
            kept.append(output)
        cell.outputs = kept


def _normalised(notebook: Any, merge_streams: bool) -> str:
    import nbformat
    from myst_nb.core.utils import coalesce_streams
    from myst_nb.ext.glue import extract_glue_data_cell

    notebook.metadata.pop("language_info", None)
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
        if cell.cell_type == "code":
            extract_glue_data_cell(cell)  # drops the glue-only outputs, as MyST-NB does
            if merge_streams:
                cell.outputs = coalesce_streams(cell.outputs)
    return str(nbformat.writes(notebook))


def setup(app: Any) -> dict[str, Any]:
    app.connect("html-page-context", _add_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
