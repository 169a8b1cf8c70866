"""The two editions of the built site: English and Traditional Chinese, the same executions,
linked page to page (the extension's own unit tests: tests/unit/test_editions.py).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import figure_svg
import pytest
from bs4 import BeautifulSoup

from densebook_sphinx.editions.code_comments import comments
from helpers import executed_pages
from sitebuild import ROOT, SiteBuilds

PAGES = sorted(p.stem for p in (ROOT / "docs").glob("*.md"))
EXECUTED = executed_pages(ROOT / "docs")
CJK = re.compile(r"[\u4e00-\u9fff]")


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
    skipped = ".cell, pre, code, dl.py, .edition-switch, .page-downloads, .densebook-original"
    for node in article.select(skipped):  # an original is English on purpose (side by side)
        node.decompose()
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
@pytest.mark.parametrize("page", ["index", "lazy-weights", "api", "search"])
def test_the_themes_own_words_are_chinese_in_the_chinese_edition(
    built_site: Path, page: str
) -> None:
    """Words no catalog reaches (furo's labels and icon titles, MyST-NB's toggle, Sphinx's
    field names on the API page) read in Chinese; exercises' toggles say 顯示解答."""
    soup = _soup(built_site / "zh-tw" / f"{page}.html")
    words = [el["aria-label"] for el in soup.select("[aria-label]")]
    words += [title.get_text() for title in soup.select("svg symbol title")]
    words += [dt.get_text(" ", strip=True) for dt in soup.select("dl.field-list > dt")]
    assert words
    english = [w for w in words if re.search(r"[A-Za-z]{3,}", w) and not CJK.search(w)]
    assert english == []
    if page == "lazy-weights":
        assert "顯示解答" in soup.get_text()


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


def _executed_outputs(
    site: Path, page: str
) -> tuple[list[str], Counter[str], list[str], list[tuple[str, str, str]]]:
    """A page's cell outputs (as HTML), glued values, figures' numbers and checks' results."""
    soup = _soup(site / f"{page}.html")
    for caption in soup.select("article .cell_output figcaption"):
        caption.decompose()  # translated, like the figures' alt text below
    figures = [figure_svg.numbers(site / img["src"]) for img in soup.select("article img")]
    for image in soup.select("article .cell_output img"):
        del image["alt"]  # translated, and the source differs: each edition has its figure
        image["src"] = "figure"
        if (link := image.find_parent("a", class_="full-size")) is not None:
            link["href"] = "figure"
    outputs = [str(cell) for cell in soup.select("article .cell_output")]
    glued = Counter(span.get_text() for span in soup.select("article .pasted-text"))
    checks = [  # a proof without code links to the proof that shows it
        (
            " ".join(proof["class"]),
            proof.div["id"],
            code.get_text()
            if (code := proof.select_one("pre"))
            else proof.select_one("a[href^='#claim-']")["href"],
        )
        for proof in soup.select("article details.densebook-claim-proof")
    ]
    return outputs, glued, figures, checks


@pytest.mark.build
@pytest.mark.parametrize("page", EXECUTED)
def test_both_editions_show_the_same_executions(built_site: Path, page: str) -> None:
    english = _executed_outputs(built_site, page)
    chinese = _executed_outputs(built_site / "zh-tw", page)
    assert english[0] == chinese[0], "cell outputs differ"
    assert english[1] == chinese[1], "glued values differ"
    assert english[2] == chinese[2], "the figures' numbers differ"
    assert english[3] == chinese[3], "the checks' results differ"
    assert english[0] or english[3], "the page shows executed outputs or checks' results"


_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


def _paragraph_text(node: object) -> str:
    """A paragraph's words, without check marks, spaces or curly quotes (English pages get
    typographic quotes and ellipses, the originals on Chinese pages keep the source's), and
    with the reading time's number left out (an original shows its Chinese page's time)."""
    for mark in node.select(".densebook-claim-mark"):  # type: ignore[attr-defined]
        mark.decompose()
    text = "".join(node.get_text().split()).translate(_QUOTES)  # type: ignore[attr-defined]
    return re.sub(r"\d+min", "?min", text.replace("\u2026", "..."))


@pytest.mark.build
@pytest.mark.parametrize("page", PAGES)
def test_chinese_paragraphs_carry_their_english_original(built_site: Path, page: str) -> None:
    """Side by side: for each translated paragraph, in a file the page names and loads only
    on request, the English page's paragraph, word for word (links and check marks left
    out), with no ids of its own."""
    chinese_page = _soup(built_site / "zh-tw" / f"{page}.html")
    english = _soup(built_site / f"{page}.html").select_one("article")
    switch = chinese_page.select_one("p.edition-switch[data-originals]")
    assert switch is not None, page
    assert chinese_page.select(".densebook-original") == []  # not in the page itself
    assert _soup(built_site / f"{page}.html").select("[data-originals]") == []
    marked = chinese_page.select("article p.densebook-has-original")
    originals = json.loads((built_site / "zh-tw" / switch["data-originals"]).read_text())
    assert len(originals) == len(marked) > 0, page
    english_paragraphs = {_paragraph_text(p) for p in english.select("p")}
    for translation, original_html in zip(marked, originals, strict=True):
        original = BeautifulSoup(f"<p>{original_html}</p>", "html.parser").p
        assert original.select("[id]") == [], original
        assert re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", translation.get_text())
        assert _paragraph_text(original) in english_paragraphs, (page, original.get_text()[:80])


@pytest.mark.build
def test_the_chinese_glossary_and_index_lead_with_the_chinese_term(built_site: Path) -> None:
    """「偏差（bias）」 in the glossary; 偏差 in the index, pointing to the same entry."""
    chinese = built_site / "zh-tw"
    terms = _soup(chinese / "glossary.html").select("dl.glossary > dt")
    english = [
        dt.get_text(strip=True)
        for dt in _soup(built_site / "glossary.html").select("dl.glossary > dt")
    ]
    assert len(terms) == len(english) >= 20
    index = _soup(chinese / "genindex.html")
    for dt, word in zip(terms, english, strict=True):
        headword = dt.get_text(strip=True).rstrip("¶")
        found = re.fullmatch(r"([\u4e00-\u9fff][^（]*)（(.+)）", headword)
        assert found, headword
        assert found.group(2) == word.rstrip("¶"), headword
        assert not dt.find_next_sibling("dd").p.get_text().startswith(found.group(1))
        entries = {
            a.get_text(strip=True) for a in index.select(f'a[href="glossary.html#{dt["id"]}"]')
        }
        assert found.group(1) in entries, (headword, entries)


@pytest.mark.build
@pytest.mark.parametrize("page", EXECUTED)
def test_each_edition_shows_its_figures_in_its_language(built_site: Path, page: str) -> None:
    """Chinese words in the Chinese figures, in densebook's font carried inside; none in the
    English; each served alone (no other language's copy inside)."""
    for edition, chinese in ((built_site, False), (built_site / "zh-tw", True)):
        for image in _soup(edition / f"{page}.html").select("article .cell_output img"):
            svg = (edition / image["src"]).read_text(encoding="utf-8")
            words = " ".join(figure_svg.texts(svg))
            assert "densebook-translation" not in svg, (page, image["src"])
            assert bool(CJK.search(words)) is chinese, (page, chinese, words[:200])
            assert ("@font-face" in svg) is chinese, (page, image["src"])
            if chinese:
                english_words = set(re.findall(r"[A-Za-z]{2,}", words)) - figure_svg.CODE_NAMES
                assert english_words == set(), (page, image["src"])


# English prose: four words in a row, outside code, links, markup, math and quotations.
_NOT_PROSE = re.compile(
    r"`[^`]*`|\]\([^)]*\)|<[^>]*>|「[^」]*」|\"[^\"]*\"|\$[^$]*\$|\{[\w:-]+\}|https?://\S+"
)
_OPTIONS = re.compile(r"^(?:```\{[\w-]+\}.*|:[\w-]+:.*|```)$", re.MULTILINE)  # a bare directive
_ENGLISH_RUN = re.compile(r"[A-Za-z]+(?:[ ,][A-Za-z]+){3}")


def _without_comments(code: str) -> list[tuple[int, str]]:
    """The code's tokens, comments (and the line breaks between comment lines) left out."""
    import io
    import tokenize

    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    return [(t.type, t.string) for t in tokens if t.type not in (tokenize.COMMENT, tokenize.NL)]


@pytest.mark.build
@pytest.mark.parametrize("page", EXECUTED)
def test_chinese_pages_show_the_same_code_with_chinese_comments(
    built_site: Path, page: str
) -> None:
    def cells(site: Path) -> list[str]:
        return [c.get_text() for c in _soup(site / f"{page}.html").select(".cell_input pre")]

    chinese, english = cells(built_site / "zh-tw"), cells(built_site)
    assert [_without_comments(c) for c in chinese] == [_without_comments(c) for c in english]
    assert [c for cell in chinese for c in comments(cell) if not CJK.search(c)] == []


def _english_prose(markdown: str) -> list[str]:
    """The pieces of prose of a MyST text with English sentences left in them."""
    from densebook_sphinx.downloads.notebooks import pieces

    return [
        piece.strip()[:100]
        for piece, prose, _ in pieces(markdown)
        if prose and _ENGLISH_RUN.search(_NOT_PROSE.sub(" ", piece))
    ]


@pytest.mark.build
@pytest.mark.parametrize("page", EXECUTED)
def test_chinese_downloads_carry_the_chinese_prose(built_site: Path, page: str) -> None:
    """The notebook's text cells and the MyST source, in Chinese; the code, the same."""
    chinese, english = built_site / "zh-tw", built_site
    zh_notebook = json.loads((chinese / "_downloads" / f"{page}.ipynb").read_text())
    en_notebook = json.loads((english / "_downloads" / f"{page}.ipynb").read_text())
    zh_text = ["".join(c["source"]) for c in zh_notebook["cells"] if c["cell_type"] == "markdown"]
    assert [p for text in zh_text for p in _english_prose(text)] == []
    prose = [text for text in zh_text if re.search("[A-Za-z]", _OPTIONS.sub("", text))]
    assert all(CJK.search(text) for text in prose), page
    code = [
        ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        for nb in (zh_notebook, en_notebook)
    ]
    assert [_without_comments(c) for c in code[0]] == [_without_comments(c) for c in code[1]]
    assert [c for cell in code[0] for c in comments(cell) if not CJK.search(c)] == [], page
    source = (chinese / "_sources" / f"{page}.md.txt").read_text(encoding="utf-8")
    assert _english_prose(source) == [], page
    assert source != (english / "_sources" / f"{page}.md.txt").read_text(encoding="utf-8")


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
