"""densebook's Sphinx extensions, one folder per concern, loaded in one stated order.

``conf.py`` lists this package (after ``myst_nb``); :func:`setup` then:

1. checks the versions of the packages whose private parts ``upstream.py`` touches, and
   stops the build if any differs from the lock;
2. ``execution``: the cache's key, and the pages executed in parallel before Sphinx reads;
3. ``html``: math, merged outputs, the output folder's guards, the render key;
4. ``claims``: the ``{claim}`` marks bound to their checks, the proofs, the checks page;
5. ``explorables``: interactive figures fed by the page's execution, predict-first
   questions, glossary definitions where a term is used;
6. ``downloads``: the densebook wheel and the lock, for the notebooks' install cell;
7. ``editions``: the Traditional Chinese edition;
8. one ``html-page-context`` handler that finishes each page in this order: the download
   links (``downloads``) and then the edition switch, each put at the top of the page (so
   the switch comes first), the Chinese page's English originals written to a file the
   switch points to, the reader fixes, and last, with every file the page uses
   known, the unused scripts and style sheets dropped. It runs after furo's
   own handler (priority 500), which renders the navigation into the context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from densebook_sphinx import upstream

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def finish_page(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Every change densebook makes to a page's HTML context, in order."""
    from densebook_sphinx.downloads import notebooks
    from densebook_sphinx.editions import side_by_side, switch
    from densebook_sphinx.html import page_assets, reader_fixes

    notebooks.add_links(app, pagename, context, doctree)
    switch.add_switch(app, pagename, context)
    side_by_side.move_originals(app, pagename, context, doctree)
    reader_fixes.fix_page(context)
    if page_assets.ansi_colours_in(str(context.get("body", ""))):
        from sphinx.util import logging

        logging.getLogger(__name__).warning(
            "%s shows an output in ANSI colour, which the trimmed MyST-NB style sheet "
            "cannot show (html/output_folder.py)",
            pagename,
            type="densebook",
        )
    page_assets.drop_unused(context)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Check the versions, then set up each concern in order (see the module's text)."""
    from sphinx.errors import ExtensionError

    try:
        upstream.check_versions()
    except upstream.VersionMismatch as error:
        raise ExtensionError(str(error), modname=__name__) from None
    from densebook_sphinx import claims, downloads, editions, execution, explorables, html

    app.setup_extension("myst_nb")
    execution.setup(app)
    html.setup(app)
    claims.setup(app)
    explorables.setup(app)
    downloads.setup(app)
    editions.setup(app)
    app.connect("html-page-context", finish_page, priority=900)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
