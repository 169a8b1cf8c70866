"""Claims on the page: each marked sentence bound to its check, the proof shown, all listed.

* ``markers.py``: the ``{claim}`id``` role and the HTML of its mark and of each proof;
* ``binding.py``: after a page is read, its marks matched with the results its own kernel
  glued (:func:`densebook.claims.report`), every fault a build error, the proofs appended;
* ``listing.py``: the ``{claims-index}`` directive, the checks page's list of every claim;
* ``words.py``: the words the marks and proofs use, in each edition's language.

The checks themselves live in the ``densebook`` package (``src/densebook/claims/``), so
``python -m densebook.check`` runs the very same functions on a reader's own install.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from densebook_sphinx.claims import binding, listing, markers

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    """Register the role, the nodes, the directive and the handlers."""
    markers.setup(app)
    listing.setup(app)
    # Before Sphinx's own collectors (priority 500) read the page's sections, so the
    # "Checks on this page" section is in its table of contents.
    app.connect("doctree-read", binding.bind_claims, priority=400)
    app.connect("env-purge-doc", binding.purge)
    app.connect("env-merge-info", binding.merge)
    app.connect("env-check-consistency", binding.check_registry)
