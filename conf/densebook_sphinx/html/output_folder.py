"""The output folder: the same pages from a clean or an incremental build, and after a kill.

* **Same pages, clean or incremental.** Sphinx adds ``?v=<checksum>`` to a page's link to
  a static file only if the file is already in the output folder when the page is written.
  MyST-NB copies its CSS when the build *finishes*, so a clean build and an incremental one
  would write different pages. :func:`copy_late_assets` copies them before any page is
  written.
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
    """MyST-NB's CSS into ``_static`` before any page is written."""
    if app.builder.format != "html":
        return
    (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    upstream.copy_global_html_resources(app)


def finish(app: Sphinx, exception: BaseException | None) -> None:
    """Remove the marker after a build without errors or warnings."""
    # A build that only warned (fatal under -W --keep-going) keeps the marker too:
    # otherwise the next, incremental build would skip the pages and pass silently.
    if exception is None and not upstream.warning_count(app):
        (Path(app.outdir) / MARKER).unlink(missing_ok=True)
