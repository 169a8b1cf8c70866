"""densebook_sphinx/html/page_assets.py: a page keeps only the scripts and style sheets its content
uses.

Whether a built page still works without the dropped files is checked in a browser
(tests/test_browser.py); these tests check the rule itself, in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import pytest

from densebook_sphinx.html import page_assets
from densebook_sphinx.html.page_assets import NEEDED_BY, asset_key, keep

TABS = '<div class="sd-tab-set docutils">'
CODE = '<div class="highlight-python notranslate"><div class="highlight"><pre>x</pre></div></div>'
CELL = '<div class="cell docutils container">'


@dataclass(frozen=True)
class Asset:
    """What Sphinx puts in ``script_files`` and ``css_files``: an object with a filename."""

    filename: Any


@pytest.mark.parametrize(
    ("filename", "key"),
    [
        ("_static/copybutton.js", "copybutton.js"),
        ("copybutton.js", "copybutton.js"),
        ("https://example.org/lib/design-tabs.js", "design-tabs.js"),
        ("_static/mystnb.8ecb98da25f57f5357bf6f572d296f46.css", "mystnb.css"),
        ("_static/mystnb.css", "mystnb.css"),
        # Only a hexadecimal hash is MyST-NB's; anything else is another file.
        ("_static/mystnb.theme.css", "mystnb.theme.css"),
        ("_static/mystnb.1a2b.css.map", "mystnb.1a2b.css.map"),
    ],
)
def test_asset_key_is_the_file_name_without_folder_or_content_hash(filename: str, key: str) -> None:
    assert asset_key(filename) == key


@pytest.mark.parametrize(
    ("filename", "body", "kept"),
    [
        ("_static/design-tabs.js", TABS, True),
        ("_static/design-tabs.js", '<div class="card sd-card">', True),
        ("_static/sphinx-design.min.css", '<p class="usd-price">', False),  # not a word start
        ("_static/sphinx-design.min.css", "<p>sd-tab-set in prose</p>", False),  # not a class
        ("_static/clipboard.min.js", CODE, True),
        ("_static/copybutton.css", '<div class="highlight-text">', False),
        ("_static/copybutton.js", "<p>No code here.</p>", False),
        ("_static/mystnb.0f3e.css", CELL, True),
        ("_static/mystnb.0f3e.css", '<span class="pasted-text">0.12</span>', True),
        ("_static/mystnb.0f3e.css", '<p class="cellar">', False),
        ("_static/mystnb.0f3e.css", "", False),
        ("_static/furo.js", "", True),  # not listed: every page keeps it
        ("_static/densebook.css", "", True),
    ],
)
def test_keep(filename: str, body: str, kept: bool) -> None:
    assert keep(filename, body) is kept


def test_every_listed_asset_is_dropped_from_an_empty_page() -> None:
    assert [name for name in NEEDED_BY if keep(f"_static/{name}", "")] == []


def drop_unused(context: dict[str, Any]) -> dict[str, Any]:
    """The context after the handler (which reads neither the app nor the doctree)."""
    page_assets.drop_unused(context)
    return context


def test_a_page_keeps_the_files_its_body_needs_in_order() -> None:
    tabs_js, copy_js = Asset("_static/design-tabs.js"), Asset("_static/copybutton.js")
    furo_js, clipboard = Asset("_static/furo.js"), Asset("_static/clipboard.min.js")
    design_css, nb_css = Asset("_static/sphinx-design.min.css"), Asset("_static/mystnb.ab12.css")
    context = drop_unused(
        {
            "body": f"{CODE}{CELL}",
            "script_files": [tabs_js, clipboard, furo_js, copy_js],
            "css_files": [design_css, nb_css],
        }
    )
    assert context["script_files"] == [clipboard, furo_js, copy_js]
    assert context["css_files"] == [nb_css]
    assert context["body"] == f"{CODE}{CELL}"


def test_a_page_without_a_body_keeps_only_the_unlisted_files() -> None:
    """Search and index pages: the template makes their content, which needs none of them."""
    furo_js = Asset("_static/furo.js")
    for without_body in ({}, {"body": None}):
        context = drop_unused(
            {**without_body, "script_files": [Asset("_static/copybutton.js"), furo_js]}
        )
        assert context["script_files"] == [furo_js]


def test_file_names_may_be_paths() -> None:
    files = [Asset(PurePosixPath("_static/copybutton.js")), Asset(PurePosixPath("_static/x.js"))]
    assert drop_unused({"body": "", "script_files": files})["script_files"] == files[1:]


def test_a_context_without_file_lists_gets_none() -> None:
    assert drop_unused({"body": TABS}) == {"body": TABS}


def test_mystnb_css_loses_only_its_ansi_colour_rules() -> None:
    import re
    from pathlib import Path

    import myst_nb

    from densebook_sphinx.html.page_assets import ansi_colours_in, without_ansi_colours

    css = (Path(myst_nb.__file__).parent / "static" / "mystnb.css").read_text("utf-8")
    trimmed = without_ansi_colours(css)

    def rules(text: str) -> list[str]:
        return [" ".join(r.split()) for r in re.findall(r"[^{}]*\{[^{}]*\}", text)]

    kept = [r for r in rules(css) if "-Color" not in r.split("{")[0] or "-Color-Bold" in r]
    assert rules(trimmed) == kept
    assert len(trimmed) < len(css) / 3
    assert "-Color-Bold" in trimmed
    assert "-Color[class*=-Red]" not in trimmed
    assert ansi_colours_in('<span class=" -Color -Color-C196">')
    assert not ansi_colours_in('<span class=" -Color -Color-Bold">')
