"""densebook_sphinx/html/mathml.py: each formula becomes a ``<math>`` element when the site is
built.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from docutils import nodes
from latex2mathml.exceptions import ExtraLeftOrMissingRightError, MissingSuperScriptOrSubscriptError
from sphinx.errors import ExtensionError

from densebook_sphinx.html import mathml
from densebook_sphinx.html.mathml import to_mathml, visit_block, visit_inline
from helpers import assert_names_argument

MATHML = "{http://www.w3.org/1998/Math/MathML}"


def parsed(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def test_an_inline_formula_is_inline_math_with_its_tex() -> None:
    assert to_mathml("x", display=False) == (
        '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline" alttext="x">'
        "<mrow><mi>x</mi></mrow></math>"
    )


def test_a_displayed_formula_is_block_math() -> None:
    math = parsed(to_mathml(r"\frac{a}{b}", display=True))
    assert math.tag == f"{MATHML}math"
    assert math.get("display") == "block"
    assert math.get("alttext") == r"\frac{a}{b}"
    [fraction] = math.iter(f"{MATHML}mfrac")
    assert [part.text for part in fraction.iter(f"{MATHML}mi")] == ["a", "b"]


def test_the_tex_is_kept_without_surrounding_whitespace() -> None:
    assert parsed(to_mathml("  x^2\n", display=False)).get("alttext") == "x^2"


def test_alttext_escapes_what_would_end_or_break_the_attribute() -> None:
    latex = r'\text{"} a \& b < c > d'
    markup = to_mathml(latex, display=False)
    head = markup[: markup.index(">") + 1]
    assert head.endswith(r' alttext="\text{&quot;} a \&amp; b &lt; c &gt; d">')
    assert parsed(markup).get("alttext") == latex  # an XML parser reads the TeX back


@pytest.mark.parametrize("latex", [b"x^2", 2, None])
def test_a_formula_that_is_not_a_string_is_a_type_error(latex: object) -> None:
    with pytest.raises(TypeError) as excinfo:
        to_mathml(latex, display=False)  # type: ignore[arg-type]
    assert_names_argument(excinfo, "latex", latex)


def test_an_empty_formula_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="latex must contain a formula") as excinfo:
        to_mathml(" \n", display=True)
    assert_names_argument(excinfo, "latex", " \n")


@pytest.mark.parametrize(
    ("latex", "cause"),
    [
        ("x^", MissingSuperScriptOrSubscriptError),  # a superscript with nothing to raise
        (r"\left( x", ExtraLeftOrMissingRightError),  # \left with no \right
    ],
)
def test_tex_the_converter_rejects_is_a_value_error_naming_the_formula(
    latex: str, cause: type[Exception]
) -> None:
    with pytest.raises(ValueError, match=r"^latex2mathml cannot convert ") as excinfo:
        to_mathml(f" {latex} ", display=False)
    assert repr(latex) in str(excinfo.value)
    assert isinstance(excinfo.value.__cause__, cause)


def test_output_that_is_not_a_math_element_is_a_value_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mathml, "convert", lambda source, display: "<mrow><mi>x</mi></mrow>")
    with pytest.raises(ValueError, match=r"no <math> element for 'x': '<mrow>"):
        to_mathml("x", display=False)


# The HTML visitors: only their failures are checked here (the build renders every formula).


def translator() -> SimpleNamespace:
    """What the visitors read of Sphinx's HTML translator before they fail."""
    return SimpleNamespace(builder=SimpleNamespace(current_docname="bias"), body=[])


def test_bad_inline_tex_fails_the_build_naming_the_place_and_the_formula() -> None:
    node = nodes.math("x^", "x^")
    node.source, node.line = "docs/bias.md", 12
    with pytest.raises(
        ExtensionError, match=r"docs/bias\.md:12: latex2mathml cannot convert 'x\^'"
    ):
        visit_inline(translator(), node)  # type: ignore[arg-type]


def test_a_math_block_holds_one_formula() -> None:
    node = nodes.math_block("a\n\nb", "a\n\nb", number=None)
    with pytest.raises(ExtensionError, match=r"^bias: one formula per math block, got 2$"):
        visit_block(translator(), node)  # type: ignore[arg-type]


def test_raw_math_cannot_be_converted() -> None:
    node = nodes.math_block("x", "x", nowrap=True, number=None)
    with pytest.raises(ExtensionError, match=r"raw \(nowrap\) math cannot be converted"):
        visit_block(translator(), node)  # type: ignore[arg-type]
