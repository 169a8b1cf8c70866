"""Sphinx configuration for densebook (built with ``sphinx-build -c conf docs ...``)."""

from __future__ import annotations

import importlib.metadata
import os
import sys
from pathlib import Path

# Importing densebook pins TensorFlow's environment in os.environ; the Jupyter kernels that
# execute the pages inherit it.
import densebook  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
# conf/ holds densebook's own Sphinx extension (the usual home of a project-local one).
sys.path.insert(0, str(ROOT / "conf"))
import build_guards  # noqa: E402  (needs the path above)
import parallel_execution  # noqa: E402

# -- Project -----------------------------------------------------------------------------
project = "densebook"
author = "the densebook authors"
copyright = "2026, the densebook authors"
release = version = importlib.metadata.version("densebook")

extensions = [
    "myst_nb",
    # Pages needing execution run in parallel kernels before Sphinx reads them; listed
    # early, as it starts their kernels while the rest of Sphinx loads.
    "parallel_execution",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx_copybutton",
    # Math converted to MathML at build time: no math script on any page (mathml.py).
    "mathml",
    # Cache keyed on package + lock, broken cache entries dropped, interrupted builds redone.
    "build_guards",
    # ARIA and keyboard fixes to the generated HTML (reader_fixes.py).
    "reader_fixes",
    # Each page loads only the scripts and style sheets its content uses (page_assets.py).
    "page_assets",
    # Each executed page downloadable as .ipynb (with outputs) and as MyST (page_downloads.py).
    "page_downloads",
    # A cell's printed pieces joined exactly (MyST-NB's merge breaks lines at piece edges).
    "stream_merging",
    # Tabs (Keras 3 / Keras 2 side by side).
    "sphinx_design",
    # The Traditional Chinese edition: glue inside translated text, no English left
    # behind, and a link from every page to the same page in the other edition.
    "translated_glue",
    "translation_guard",
    "editions",
    # Chinese search that runs in the browser (Sphinx 9.0.4 names a stemmer it never ships).
    "chinese_search",
]
myst_enable_extensions = ["dollarmath"]
html_math_renderer = "mathml"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "locales"]

# -- Editions ------------------------------------------------------------------------------
# English is the source. `make html` builds the Traditional Chinese edition from the same
# pages with -D language=zh_TW, translating each message from docs/locales/zh_TW/ (see
# conf/catalogs.py and `make translations`); its pages come from the execution cache.
language = "en"
locale_dirs = [str(ROOT / "docs" / "locales")]
gettext_compact = False  # one catalog per page
gettext_uuid = False
gettext_location = True

# -- Executing the pages -----------------------------------------------------------------
# Kernels start with TensorFlow already imported, quietly (see ipython_kernel_config.py).
os.environ["IPYTHONDIR"] = str(ROOT / "conf" / "ipython")
# Keras prints model summaries with rich, whose colours fail WCAG contrast on the page.
os.environ["NO_COLOR"] = "1"
# The backends chapter imports JAX in its kernel (Flax): CPU only, so no GPU probe or notice.
os.environ["JAX_PLATFORMS"] = "cpu"

densebook_inputs_digest = build_guards.inputs_digest(ROOT)
densebook_render_digest = build_guards.render_digest(ROOT)

nb_execution_mode = "cache"
# jupyter-cache keys only on a page's code; one cache per digest of what outputs depend on
# (the package, the lock, Python's version, the kernels' set-up) means editing any of them
# re-executes every page; editing an extension that only shapes the HTML re-executes none
# (build_guards.py).
nb_execution_cache_path = str(ROOT / "_build" / ".jupyter_cache" / densebook_inputs_digest)
# Pages that look edited get their kernels now, so TensorFlow loads while Sphinx starts;
# parallel_execution.py checks the guess once the settings are loaded. The kernels inherit
# the environment set above; a build in another mode (make repro) gets none.
parallel_execution.start_kernels_early(ROOT / "docs", Path(nb_execution_cache_path), sys.argv)
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 300
nb_merge_streams = True
# Anything a cell writes to stderr (TensorFlow logs, Python warnings) is an error.
nb_output_stderr = "error"
# Show outputs as text, not as HTML: Keras's model summary HTML (from rich) uses colours
# that fail WCAG contrast.
nb_mime_priority_overrides = [
    ("html", "text/html", None),
    # The gettext builder knows no output type, so MyST-NB would drop every figure and its
    # alt text with it; keep the SVG so the alt text reaches the translation catalogs.
    ("gettext", "image/svg+xml", 10),
    ("gettext", "text/plain", 20),
]

# -- Cross-references ---------------------------------------------------------------------
nitpicky = True
nitpick_ignore = [
    # Keras, TensorFlow, NumPy and matplotlib inventories are not stored here; their types
    # appear in signatures as plain text.
    ("py:class", "keras.layers.Dense"),
    ("py:class", "np.ndarray"),
    ("py:class", "numpy.ndarray"),
    ("py:class", "ModuleType"),
    # The standard library's inventory is not stored either.
    ("py:class", "types.ModuleType"),
    ("py:class", "Mapping"),
    ("py:class", "Activation"),
    ("py:class", "Figure"),
    ("py:class", "numpy.typing.ArrayLike"),
    ("py:class", "ArrayLike"),
    ("py:class", "matplotlib.figure.Figure"),
]

# -- API reference ------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "description"
# Show NumPy's ArrayLike by name instead of its long expansion.
autodoc_type_aliases = {"ArrayLike": "numpy.typing.ArrayLike"}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# -- HTML ---------------------------------------------------------------------------------
html_theme = "furo"
html_title = "densebook"
html_last_updated_fmt = None
html_copy_source = True
html_static_path = ["_static"]
# Reader-facing layout: figures, headings on a phone, the environment stamp.
html_css_files = ["densebook.css"]
html_favicon = "_static/favicon.svg"
# Code highlighting with colours that meet WCAG contrast (accessible-pygments).
pygments_style = "a11y-high-contrast-light"
pygments_dark_style = "a11y-high-contrast-dark"
