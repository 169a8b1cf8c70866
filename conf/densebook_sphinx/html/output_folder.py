"""The output folder: the same pages from a clean or an incremental build, and after a kill.

* **Same pages, clean or incremental.** Sphinx adds ``?v=<checksum>`` to a page's link to
  a static file only if the file is already in the output folder when the page is written.
  MyST-NB copies its CSS when the build *finishes*, so a clean build and an incremental one
  would write different pages. :func:`copy_late_assets` copies them before any page is
  written, MyST-NB's style sheet trimmed of its ANSI colours (:func:`trim_mystnb_css`).
* **Interrupted builds.** Sphinx decides what to rewrite from file times, so an HTML file
  half-written by a killed build would look up to date. A marker file, present from the
  start of a build until it succeeds, tells the next build to start from an empty output
  and doctree folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from densebook_sphinx import upstream
from densebook_sphinx.html import page_assets

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

MARKER = ".densebook-build-incomplete"


def start(app: Sphinx, config: Config) -> None:
    """Empty the output and doctree folders if the last build was interrupted; mark this one."""
    from sphinx.util import logging

    outdir, doctreedir = Path(app.outdir), Path(app.doctreedir)
    if (outdir / MARKER).exists():
        logging.getLogger(__name__).info(
            "densebook: the previous build was interrupted; starting from scratch"
        )
        for folder in (outdir, doctreedir):
            shutil.rmtree(folder, ignore_errors=True)
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / MARKER).touch()


def copy_late_assets(app: Sphinx) -> None:
    """MyST-NB's CSS into ``_static`` before any page is written, trimmed (see below)."""
    if app.builder.format != "html":
        return
    (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    make_room_for_mystnb_css(app, None)  # a previous build's trimmed copy
    upstream.copy_global_html_resources(app)
    trim_mystnb_css(app, None)


def _mystnb_css(app: Sphinx) -> list[Path]:
    return sorted((Path(app.outdir) / "_static").glob("mystnb.*.css"))


def trim_mystnb_css(app: Sphinx, exception: BaseException | None) -> None:
    """MyST-NB's style sheet without its ANSI colour rules, 34 of its 43 KB, on every page
    with a cell. No output has a colour (the kernels set NO_COLOR; a page that shows one
    fails the build, ``page_assets.ansi_colours_in``)."""
    if exception is None and app.builder.format == "html":
        for path in _mystnb_css(app):
            path.write_text(page_assets.without_ansi_colours(path.read_text("utf-8")), "utf-8")


def make_room_for_mystnb_css(app: Sphinx, exception: BaseException | None) -> None:
    """Remove the trimmed copy before MyST-NB copies its own, as a build starts and as it
    finishes (Sphinx warns when a copy would overwrite different content);
    :func:`trim_mystnb_css` trims it again after, so the pages' checksums (``?v=``, of the
    trimmed file) stay true."""
    if exception is None and app.builder.format == "html":
        for path in _mystnb_css(app):
            path.unlink()


def finish(app: Sphinx, exception: BaseException | None) -> None:
    """Remove the marker after a build without errors or warnings."""
    # A build that only warned (fatal under -W --keep-going) keeps the marker too:
    # otherwise the next, incremental build would skip the pages and pass silently.
    if exception is None and not upstream.warning_count(app):
        (Path(app.outdir) / MARKER).unlink(missing_ok=True)
