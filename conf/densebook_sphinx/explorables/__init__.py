"""Explorables: small interactive figures fed by the page's own execution.

A page computes its data with Keras in a hidden cell and glues it as JSON text
(``glue("key", json.dumps(data), display=False)``; a glued value that is not shown is kept as
text by MyST-NB); a directive then places the explorable::

    ```{explorable} shapes
    :data: shapes_grid
    ```

The directive reads the glued data at build time and writes the explorable's HTML: the
data as JSON in the page, native form controls labelled in the page's language, results in
``aria-live`` regions, and a static table that is all a reader sees with scripts off. The
page's script (``_static/densebook-explorables.js``, plain JavaScript, loaded only by pages
that have an explorable) looks results up in that data, or, for the layer's output, computes
``x @ W + b`` in float32 step by step as Keras does on this CPU; the browser tests compare
what the page shows with Keras over a grid of settings.

* ``render.py``: the HTML of each kind of explorable, and its fallback;
* ``predict.py``: the ``{predict}`` directive, a predict-first question whose answer key is
  computed by the page;
* ``terms.py``: glossary definitions shown where a term is used;
* ``words.py``: the words of the controls, per edition.
"""

from __future__ import annotations

import ast
import json
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from densebook_sphinx.explorables import predict, render, terms

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

#: The page script, added to every page and dropped from pages without an explorable
#: (``html/page_assets.py``).
SCRIPT = "densebook-explorables.js"
STYLE = "densebook-explorables.css"


class explorable(nodes.General, nodes.Element):  # type: ignore[misc]  # docutils: untyped
    """An explorable: its kind, its data (JSON) and the page's language."""


class ExplorableDirective(SphinxDirective):
    """``{explorable} kind`` with ``:data: glue-key``: the kind's HTML, fed by the glued data."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"data": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        from myst_nb.ext.glue.utils import RetrievalError, retrieve_glue_data

        kind = self.arguments[0]
        if kind not in render.KINDS:
            raise self.error(f"explorable: unknown kind {kind!r} (known: {sorted(render.KINDS)})")
        key = self.options["data"]
        try:
            glued = retrieve_glue_data(self.state.document, key)
        except RetrievalError as error:
            raise self.error(f"explorable {kind}: {error}") from None
        try:
            data = json.loads(ast.literal_eval(glued.data["text/plain"]))
        except (KeyError, ValueError, SyntaxError, TypeError) as error:
            raise self.error(
                f"explorable {kind}: glue {key!r} as json.dumps(data) ({error})"
            ) from None
        node = explorable(kind=kind, data=json.dumps(data, sort_keys=True))
        node["language"] = self.config.language or "en"
        node["serial"] = self.env.new_serialno("densebook-explorable")
        self.set_source_info(node)
        return [node]


def visit_explorable(self: HTML5Translator, node: explorable) -> None:
    self.body.append(
        render.html_of(
            node["kind"], json.loads(node["data"]), node["language"], f"explore-{node['serial']}"
        )
    )
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    """Register the explorable and predict directives, their HTML and the term definitions."""
    app.add_node(explorable, html=(visit_explorable, None))
    app.add_directive("explorable", ExplorableDirective)
    app.add_js_file(SCRIPT, loading_method="defer")
    app.add_css_file(STYLE)
    predict.setup(app)
    terms.setup(app)
