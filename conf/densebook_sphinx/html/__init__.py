"""What a page shows and loads: math, a cell's merged output, reader fixes, lean pages.

* ``mathml.py``: math turned into MathML at build time (no math script on any page);
* ``stream_merging.py``: a cell's printed pieces joined exactly (MyST-NB's merge breaks
  lines at piece edges);
* ``reader_fixes.py``: ARIA and keyboard fixes to the HTML furo and Sphinx write;
* ``page_assets.py``: each page loads only the scripts and style sheets its content uses;
* ``output_folder.py``: the same pages from clean and incremental builds, and after a kill;
* ``reading_time.py``: ``{reading-time}`page``, each page's reading time counted from it.

The *render key*: editing any of these (or the static files) changes no executed output,
so it executes nothing, but every page is read again and rewritten
(``densebook_render_digest``, a config value).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from densebook_sphinx import upstream
from densebook_sphinx.execution import cache_key
from densebook_sphinx.html import mathml, output_folder, reading_time, stream_merging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def _render_key(app: Sphinx, config: Config) -> None:
    static = [Path(app.confdir) / folder for folder in config.html_static_path]
    config.densebook_render_digest = cache_key.render_digest(*static)


def setup(app: Sphinx) -> None:
    """Register the math renderer, the output merging and the output-folder guards."""
    app.add_html_math_renderer(
        mathml.RENDERER,
        inline_renderers=(mathml.visit_inline, None),
        block_renderers=(mathml.visit_block, None),
    )
    upstream.replace_stream_merging(stream_merging.merge_outputs)
    app.add_config_value("densebook_render_digest", "", "env", str)
    app.connect("config-inited", _render_key)
    # Before the environment is loaded, so a reset takes effect in this build.
    app.connect("config-inited", output_folder.start, priority=100)
    app.connect("builder-inited", output_folder.copy_late_assets)
    app.connect("build-finished", output_folder.make_room_for_mystnb_css, priority=100)
    app.connect("build-finished", output_folder.trim_mystnb_css, priority=900)
    app.connect("build-finished", output_folder.finish)
    reading_time.setup(app)
