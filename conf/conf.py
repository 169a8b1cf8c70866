"""Sphinx configuration for densebook (built with ``sphinx-build -c conf docs ...``)."""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# densebook's own extensions live beside this file (conf/densebook_sphinx/), where Sphinx's
# documentation puts a project's local extensions; this is the one statement that is not a
# setting, and it only makes them importable.
sys.path.insert(0, str(ROOT / "conf"))

# -- Project -----------------------------------------------------------------------------
project = "densebook"
author = "the densebook authors"
copyright = "2026, the densebook authors"
release = version = importlib.metadata.version("densebook")

extensions = [
    "myst_nb",
    # densebook's own, in one stated order (conf/densebook_sphinx/__init__.py): the checked
    # versions, executing the pages, the HTML, the Traditional Chinese edition, the downloads.
    "densebook_sphinx",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx_copybutton",
    # Tabs (Keras 3 / Keras 2 side by side).
    "sphinx_design",
]
myst_enable_extensions = ["dollarmath"]
html_math_renderer = "mathml"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "locales"]

# -- Editions ------------------------------------------------------------------------------
# English is the source. `make html` builds the Traditional Chinese edition from the same
# pages with -D language=zh_TW, translating each message from docs/locales/zh_TW/ (see
# `make translations`); its pages come from the execution cache.
language = "en"
locale_dirs = [str(ROOT / "docs" / "locales")]
gettext_compact = False  # one catalog per page
gettext_uuid = False
gettext_location = True

# -- Executing the pages -----------------------------------------------------------------
# Kernels start with densebook's TensorFlow environment and TensorFlow already imported,
# quietly (conf/densebook_sphinx/execution/ipython).
nb_execution_mode = "cache"
# jupyter-cache keys only on a page's code. densebook keeps one cache per key of what else
# outputs depend on (the package, the lock, Python's version, the execution extension and the
# kernels' start-up, the execution settings below), in this folder: editing any of them
# re-executes every page; an HTML-only setting here re-executes none
# (conf/densebook_sphinx/execution/cache_key.py).
densebook_execution_caches = str(ROOT / "_build" / ".jupyter_cache")
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
    ("py:class", "collections.abc.Mapping"),
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
# furo's page, its own words put in each edition's language (densebook_sphinx/editions).
templates_path = ["_templates"]
# Reader-facing layout: figures, headings on a phone, the environment stamp.
html_css_files = ["densebook.css"]
html_favicon = "_static/favicon.svg"
# Code highlighting with colours that meet WCAG contrast (accessible-pygments).
pygments_style = "a11y-high-contrast-light"
pygments_dark_style = "a11y-high-contrast-dark"
