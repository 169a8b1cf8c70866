"""densebook_sphinx/editions/switch.py: the English and Traditional Chinese editions linked
page to page, the Chinese edition's language marks and cell prompts (in milliseconds; the
built site is checked in tests/site/test_editions_site.py).
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from myst_nb.core.config import NbParserConfig

from densebook_sphinx.editions.switch import (
    CELL_PROMPTS,
    CHINESE,
    ENGLISH,
    add_switch,
    edition_of,
    mark_chinese,
    other_edition_url,
    split_chinese,
    translate_cell_prompts,
)
from sitebuild import ROOT

PAGES = sorted(p.stem for p in (ROOT / "docs").glob("*.md"))
CJK = re.compile(r"[\u4e00-\u9fff]")


# -- Unit tests ------------------------------------------------------------------------------


def test_split_chinese_keeps_every_character_in_order() -> None:
    text = "the post *Keras的權重產生以及其介紹* (2021), series 30天淺談機器學習."
    pieces = split_chinese(text)
    assert "".join(piece for piece, _ in pieces) == text
    assert [piece for piece, chinese in pieces if chinese] == [
        "的權重產生以及其介紹",
        "天淺談機器學習",
    ]


def test_split_chinese_on_english_only_is_one_piece() -> None:
    assert split_chinese("no Chinese here") == [("no Chinese here", False)]
    assert split_chinese("") == []


def test_a_chinese_run_holds_spaces_and_parentheses_between_characters_only() -> None:
    assert split_chinese("as 權重 (weights) and 偏差 (偏 差)!") == [
        ("as ", False),
        ("權重", True),
        (" (weights) and ", False),
        ("偏差 (偏 差", True),
        (")!", False),
    ]
    full_width = "「權重」\N{FULLWIDTH COMMA}"  # CJK punctuation and full-width forms
    assert split_chinese(full_width) == [(full_width, True)]


@pytest.mark.parametrize(
    ("page", "current", "other", "url"),
    [
        ("bias", ENGLISH, CHINESE, "zh-tw/bias.html"),
        ("bias", CHINESE, ENGLISH, "../bias.html"),
        ("guide/deep", ENGLISH, CHINESE, "../zh-tw/guide/deep.html"),
        ("guide/deep", CHINESE, ENGLISH, "../../guide/deep.html"),
    ],
)
def test_other_edition_url_points_to_the_same_page(
    page: str, current: object, other: object, url: str
) -> None:
    assert other_edition_url(page, current, other) == url  # type: ignore[arg-type]


def test_edition_of_names_the_languages_it_knows() -> None:
    assert edition_of(None) is ENGLISH
    assert edition_of("zh_TW") is CHINESE
    with pytest.raises(ValueError, match="'fr'"):
        edition_of("fr")


def app(language: str | None = "en", builder_format: str = "html") -> Any:
    """What the handlers read of the Sphinx application."""
    return SimpleNamespace(
        builder=SimpleNamespace(format=builder_format),
        config=SimpleNamespace(language=language),
    )


def test_the_english_edition_links_to_the_chinese_page() -> None:
    context = {"body": "<h1>Bias</h1>", "metatags": '<meta name="x">\n'}
    add_switch(app("en"), "guide/deep", context)
    link = '<a href="../zh-tw/guide/deep.html" hreflang="zh-Hant-TW" lang="zh-Hant-TW">繁體中文</a>'
    assert context["body"] == f'<p class="edition-switch">{link}</p>\n<h1>Bias</h1>'
    assert context["metatags"] == (
        '<meta name="x">\n'
        '<link rel="alternate" hreflang="zh-Hant-TW" href="../zh-tw/guide/deep.html">\n'
    )


def test_the_chinese_edition_links_to_the_english_page_even_without_a_body() -> None:
    context: dict[str, Any] = {}
    add_switch(app("zh_TW"), "bias", context)
    assert context == {
        "body": '<p class="edition-switch">'
        '<a href="../bias.html" hreflang="en" lang="en">English</a></p>\n',
        "metatags": '<link rel="alternate" hreflang="en" href="../bias.html">\n',
    }


def test_the_link_escapes_the_page_name() -> None:
    context: dict[str, Any] = {}
    add_switch(app(None), "q&a", context)
    assert 'href="zh-tw/q&amp;a.html"' in context["body"]


PAGE = """\
Weights 權重
================

Each 權重 (weight) is a number, ``權重 = 1`` in code.

::

   權重 in a literal block
"""


def marked(language: str | None, builder_format: str = "html") -> nodes.document:
    doctree = publish_doctree(PAGE, settings_overrides={"report_level": 2, "halt_level": 2})
    mark_chinese(app(language, builder_format), doctree, "index")
    return doctree


def test_chinese_in_english_prose_is_tagged_as_chinese() -> None:
    doctree = marked("en")
    [paragraph] = doctree.findall(nodes.paragraph)
    assert [(type(child).__name__, child.astext()) for child in paragraph.children] == [
        ("Text", "Each "),
        ("raw", '<span lang="zh-Hant-TW">權重</span>'),
        ("Text", " (weight) is a number, "),
        ("literal", "權重 = 1"),
        ("Text", " in code."),
    ]
    assert [raw["format"] for raw in doctree.findall(nodes.raw)] == ["html"]


def test_titles_code_and_literal_blocks_are_not_tagged() -> None:
    doctree = marked("en")
    assert next(iter(doctree.findall(nodes.title))).astext() == "Weights 權重"
    assert next(iter(doctree.findall(nodes.literal_block))).astext() == "權重 in a literal block"
    assert len(list(doctree.findall(nodes.raw))) == 1  # the paragraph's only


@pytest.mark.parametrize(("language", "builder_format"), [("zh_TW", "html"), ("en", "latex")])
def test_only_the_english_html_edition_is_tagged(language: str, builder_format: str) -> None:
    doctree = marked(language, builder_format)
    assert list(doctree.findall(nodes.raw)) == []
    assert next(iter(doctree.findall(nodes.paragraph))).astext().startswith("Each 權重 (weight)")


def test_cell_prompts_are_myst_nbs_default_labels() -> None:
    config = NbParserConfig()
    labels = {
        prompt.replace("{type}", part)
        for prompt in (config.code_prompt_show, config.code_prompt_hide)
        for part in ("content", "source", "output", "outputs")
    }
    assert set(CELL_PROMPTS) == labels
    assert len(CELL_PROMPTS) == 8


def test_myst_nbs_cell_labels_go_through_the_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    import sphinx.locale

    monkeypatch.setattr(sphinx.locale, "_", lambda message: f"«{message}»")
    cell = nodes.container(prompt_show="Show code cell source", prompt_hide="Hide code cell source")
    own = nodes.container(prompt_show="Show the answer", prompt_hide="Hide code cell outputs")
    doctree = nodes.document(None, None)
    doctree += [cell, own]
    translate_cell_prompts(app(), doctree, "index")
    assert (cell["prompt_show"], cell["prompt_hide"]) == (
        "«Show code cell source»",
        "«Hide code cell source»",
    )
    assert (own["prompt_show"], own["prompt_hide"]) == (
        "Show the answer",
        "«Hide code cell outputs»",
    )
