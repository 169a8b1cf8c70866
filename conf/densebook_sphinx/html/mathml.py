"""Math turned into MathML when the site is built, so no page ships a script.

Sphinx's default renderer, MathJax, typesets math in the reader's browser from a 1.2 MB
script. Browsers lay out MathML themselves (MathML Core: Chromium 109+, Firefox, Safari) and
expose it to assistive technology as math, so densebook converts each formula once, at build
time, with the pure-Python ``latex2mathml`` (pinned in the lock; no Node, no LaTeX).

Each ``<math>`` keeps its TeX source in ``alttext`` for tools that cannot read MathML. TeX the
converter cannot read fails the build, naming the formula and the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

RENDERER = "mathml"


def to_mathml(latex: str, *, display: bool) -> str:
    """One formula as a ``<math>`` element (``display="block"`` for a displayed formula).

    >>> to_mathml("x^2", display=False)  # doctest: +ELLIPSIS
    '<math ... display="inline" alttext="x^2"><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow></math>'
    """
    if not isinstance(latex, str):
        raise TypeError(f"latex must be a string, got {latex!r}")
    source = latex.strip()
    if not source:
        raise ValueError(f"latex must contain a formula, got {latex!r}")
    try:
        markup = convert(source, display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises many types; name the formula instead
        raise ValueError(f"latex2mathml cannot convert {source!r}: {error}") from error
    head, sep, rest = markup.partition(">")
    if not (sep and head.startswith("<math ")):
        raise ValueError(f"latex2mathml returned no <math> element for {source!r}: {markup!r}")
    return f'{head} alttext="{_attribute(source)}">{rest}'


def _attribute(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _fail(self: HTML5Translator, node: nodes.Element, why: str) -> NoReturn:
    where = f"{node.source}:{node.line}" if node.source else self.builder.current_docname
    raise ExtensionError(f"{where}: {why}")


def visit_inline(self: HTML5Translator, node: nodes.math) -> None:
    try:
        markup = to_mathml(node.astext(), display=False)
    except ValueError as error:
        _fail(self, node, str(error))
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(markup + "</span>")
    raise nodes.SkipNode


def visit_block(self: HTML5Translator, node: nodes.math_block) -> None:
    if node.get("no-wrap", node.get("nowrap", False)):
        _fail(self, node, "raw (nowrap) math cannot be converted to MathML; write plain TeX")
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    if len(parts) != 1:
        _fail(self, node, f"one formula per math block, got {len(parts)}")
    try:
        markup = to_mathml(parts[0], display=True)
    except ValueError as error:
        _fail(self, node, str(error))
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(markup + "</div>\n")
    raise nodes.SkipNode
