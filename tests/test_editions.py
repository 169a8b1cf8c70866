"""The two editions: English and Traditional Chinese, the same executions, linked page to page.

Unit tests of conf/editions.py run in milliseconds (those of conf/translation_guard.py and
conf/translated_glue.py have files of their own); the build tests read the site the test
session builds (both editions, as `make html` makes them).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.core import publish_doctree
from editions import (
    CELL_PROMPTS,
    CHINESE,
    ENGLISH,
    _add_switch,
    _mark_chinese,
    _translate_cell_prompts,
    edition_of,
    other_edition_url,
    split_chinese,
)
from myst_nb.core.config import NbParserConfig

from conftest import ROOT, SiteBuilds

PAGES = sorted(p.stem for p in (ROOT / "docs").glob("*.md"))
EXECUTED = sorted(
    p.stem for p in (ROOT / "docs").glob("*.md") if "kernelspec:" in p.read_text(encoding="utf-8")
)
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
    _add_switch(app("en"), "guide/deep", "page.html", context, None)
    link = '<a href="../zh-tw/guide/deep.html" hreflang="zh-Hant-TW" lang="zh-Hant-TW">繁體中文</a>'
    assert context["body"] == f'<p class="edition-switch">{link}</p>\n<h1>Bias</h1>'
    assert context["metatags"] == (
        '<meta name="x">\n'
        '<link rel="alternate" hreflang="zh-Hant-TW" href="../zh-tw/guide/deep.html">\n'
    )


def test_the_chinese_edition_links_to_the_english_page_even_without_a_body() -> None:
    context: dict[str, Any] = {}
    _add_switch(app("zh_TW"), "bias", "page.html", context, None)
    assert context == {
        "body": '<p class="edition-switch">'
        '<a href="../bias.html" hreflang="en" lang="en">English</a></p>\n',
        "metatags": '<link rel="alternate" hreflang="en" href="../bias.html">\n',
    }


def test_the_link_escapes_the_page_name() -> None:
    context: dict[str, Any] = {}
    _add_switch(app(None), "q&a", "page.html", context, None)
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
    _mark_chinese(app(language, builder_format), doctree, "index")
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
    _translate_cell_prompts(app(), doctree, "index")
    assert (cell["prompt_show"], cell["prompt_hide"]) == (
        "«Show code cell source»",
        "«Hide code cell source»",
    )
    assert (own["prompt_show"], own["prompt_hide"]) == (
        "Show the answer",
        "«Hide code cell outputs»",
    )


# -- Build tests -----------------------------------------------------------------------------


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.build
@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_both_editions_linked_to_each_other(built_site: Path, page: str) -> None:
    english, chinese = (
        _soup(built_site / f"{page}.html"),
        _soup(built_site / "zh-tw" / f"{page}.html"),
    )
    assert english.html["lang"] == "en"
    assert chinese.html["lang"] == "zh-TW"
    [to_chinese] = english.select(".edition-switch a")
    assert to_chinese["href"] == f"zh-tw/{page}.html"
    assert to_chinese["hreflang"] == to_chinese["lang"] == "zh-Hant-TW"
    [to_english] = chinese.select(".edition-switch a")
    assert to_english["href"] == f"../{page}.html"
    assert to_english["hreflang"] == "en"
    assert english.select_one('link[rel="alternate"][hreflang="zh-Hant-TW"]')


@pytest.mark.build
@pytest.mark.parametrize("page", PAGES)
def test_chinese_pages_read_in_chinese(built_site: Path, page: str) -> None:
    """Every paragraph of the page's own prose holds Chinese (the API's docstrings excepted)."""
    article = _soup(built_site / "zh-tw" / f"{page}.html").select_one("article")
    for skipped in article.select(".cell, pre, code, dl.py, .edition-switch, .page-downloads"):
        skipped.decompose()
    if page == "api":  # below its introduction, the API reference is the package's docstrings
        for docstring in article.select("section section > p"):
            docstring.decompose()
    english = [
        p.get_text(" ", strip=True)
        for p in article.select("p, li, h1, h2, h3, figcaption")
        if len(re.findall(r"[A-Za-z]{3,}", p.get_text())) > 4 and not CJK.search(p.get_text())
    ]
    assert not english, english[:5]
    # Markup the Markdown parser did not take (CommonMark does not close ** before a CJK
    # character when a full-width mark precedes it) would show raw.
    raw = [p.get_text() for p in article.select("p, li") if "**" in p.get_text()]
    assert not raw, raw[:3]


@pytest.mark.build
def test_theme_text_is_translated(built_site: Path) -> None:
    text = _soup(built_site / "zh-tw" / "bias.html").get_text(" ")
    assert "回到頂端" in text  # furo's "Back to top", from densebook's own catalog
    assert "下載本頁" in text  # densebook's download links
    assert "Back to top" not in text
    collapsed = (built_site / "zh-tw" / "lazy-weights.html").read_text(encoding="utf-8")
    assert "顯示儲存格輸出" in collapsed  # MyST-NB's label on a collapsed output
    assert "code cell" not in collapsed


@pytest.mark.build
def test_chinese_in_english_pages_is_tagged_and_never_italic(built_site: Path) -> None:
    for page in PAGES:
        soup = _soup(built_site / f"{page}.html")
        article = soup.select_one("article")
        for em in article.select("em, i"):
            assert not CJK.search(em.get_text()), (page, em)
        for text in article.find_all(string=CJK):
            if text.find_parent(["code", "pre", "script", "style"]) or text.find_parent(
                class_="cell_output"
            ):
                continue
            assert text.find_parent(attrs={"lang": "zh-Hant-TW"}), (page, str(text)[:60])


def _executed_outputs(site: Path, page: str) -> tuple[list[str], Counter[str], list[str]]:
    """A page's cell outputs (as HTML), glued values and figure digests."""
    soup = _soup(site / f"{page}.html")
    for caption in soup.select("article .cell_output figcaption"):
        caption.decompose()  # translated, like the figures' alt text below
    for image in soup.select("article .cell_output img"):
        del image["alt"]
    outputs = [str(cell) for cell in soup.select("article .cell_output")]
    glued = Counter(span.get_text() for span in soup.select("article .pasted-text"))
    figures = [
        hashlib.sha256((site / img["src"]).read_bytes()).hexdigest()
        for img in soup.select("article img")
    ]
    return outputs, glued, figures


@pytest.mark.build
@pytest.mark.parametrize("page", EXECUTED)
def test_both_editions_show_the_same_executions(built_site: Path, page: str) -> None:
    english = _executed_outputs(built_site, page)
    chinese = _executed_outputs(built_site / "zh-tw", page)
    assert english[0] == chinese[0], "cell outputs differ"
    assert english[1] == chinese[1], "glued values differ"
    assert english[2] == chinese[2], "figures differ"
    assert english[0], "the page shows executed outputs"


@pytest.mark.build
def test_the_chinese_build_executes_no_page(site_builds: SiteBuilds) -> None:
    log = site_builds.zh_output
    assert "build succeeded" in log
    assert "densebook: started" not in log
    assert not re.search(r"Executing|executing: ", log), log[-3000:]


@pytest.mark.build
def test_chinese_search_index_segments_words(built_site: Path) -> None:
    index = (built_site / "zh-tw" / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    docnames = data["docnames"]
    for word, page in [("權重", "setting-weights"), ("偏差", "bias")]:
        found: list[int] = []
        for table in ("terms", "titleterms"):  # words of the text, and of its titles
            entry = data[table].get(word, [])
            found += entry if isinstance(entry, list) else [entry]
        assert docnames.index(page) in found, (word, page)


@pytest.mark.build
def test_chinese_search_script_names_a_stemmer_it_defines(built_site: Path) -> None:
    script = (built_site / "zh-tw" / "_static" / "language_data.js").read_text(encoding="utf-8")
    [name] = re.findall(r"window\.Stemmer = (\w+);", script)
    assert re.search(rf"\b{name}\s*=\s*function", script), name
