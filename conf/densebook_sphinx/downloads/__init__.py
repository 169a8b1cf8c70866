"""Each executed page downloadable as a notebook (with its outputs) and as MyST.

``notebooks.py`` writes the files; :func:`densebook_sphinx.setup` calls its ``add_links`` for
each page, in the order the page's HTML is finished. ``package.py`` writes the densebook
wheel and the lock beside them, which each notebook's first cell installs.
``translation.py`` gives a translated edition's downloads its prose, from the page's catalog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from densebook_sphinx.downloads import package, translation

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    """The wheel and the lock, built for download, and the page that lists them."""
    package.setup(app)
    app.connect("build-finished", translation.translate_sources)
