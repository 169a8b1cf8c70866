"""densebook_sphinx/html/reader_fixes.py: ARIA, keyboard and figure-link fixes to the HTML of each
page.
"""

from __future__ import annotations

from typing import Any

from densebook_sphinx.html.reader_fixes import fix_page, link_figures


def fixed(context: dict[str, Any]) -> dict[str, Any]:
    """The page context after the fixes (the handler reads neither the app nor the doctree)."""
    fix_page(context)
    return context


def test_toctree_captions_get_the_aria_level_their_heading_role_requires() -> None:
    caption = '<p class="caption" role="heading"><span class="caption-text">Chapters</span></p>'
    context = fixed({"furo_navigation_tree": caption, "body": f"<div>{caption}</div>"})
    with_level = (
        '<p class="caption" role="heading" aria-level="2">'
        '<span class="caption-text">Chapters</span></p>'
    )
    assert context["furo_navigation_tree"] == with_level
    assert context["body"] == f"<div>{with_level}</div>"


def test_context_values_that_are_not_text_are_left_alone() -> None:
    files = ['class="caption" role="heading"']  # a list that happens to hold the marker
    context = fixed({"script_files": files, "title": "Bias", "pagename": 3})
    assert context == {"script_files": files, "title": "Bias", "pagename": 3}
    assert context["script_files"] is files


def test_every_plain_pre_becomes_focusable() -> None:
    body = '<div class="highlight"><pre><span></span>x = 1\n</pre></div>\n<pre>out</pre>'
    assert fixed({"body": body})["body"] == (
        '<div class="highlight"><pre tabindex="0"><span></span>x = 1\n</pre></div>\n'
        '<pre tabindex="0">out</pre>'
    )


def test_a_pre_with_attributes_is_not_matched() -> None:
    """Only Sphinx's bare ``<pre>`` is rewritten; other markup is kept byte for byte."""
    body = '<pre class="literal-block">x</pre>'
    assert fixed({"body": body})["body"] == body


def test_math_wrappers_become_focusable() -> None:
    body = '<div class="math-wrapper docutils container"><div class="math">x</div></div>'
    assert fixed({"body": body})["body"] == (
        '<div tabindex="0" class="math-wrapper docutils container"><div class="math">x</div></div>'
    )


def test_a_page_without_a_body_gets_none() -> None:
    """Search and index pages: their content comes from the template, not the context."""
    assert fixed({"title": "Search"}) == {"title": "Search"}
    assert fixed({"body": None}) == {"body": None}


def test_figures_in_the_body_are_linked_to_their_image() -> None:
    body = '<figure class="align-default" id="f1">\n<img alt="A line" src="_images/a.svg" />'
    assert fixed({"body": body})["body"] == (
        '<figure class="align-default" id="f1">\n'
        '<a class="full-size" href="_images/a.svg"><img alt="A line" src="_images/a.svg" /></a>'
    )


def test_each_figure_links_to_its_own_image() -> None:
    body = '<figure><img src="a.svg"></figure><figure> <img src="b.png" alt="B"></figure>'
    assert link_figures(body) == (
        '<figure><a class="full-size" href="a.svg"><img src="a.svg"></a></figure>'
        '<figure> <a class="full-size" href="b.png"><img src="b.png" alt="B"></a></figure>'
    )


def test_images_outside_figures_and_already_linked_figures_are_left_alone() -> None:
    body = (
        '<p><img src="icon.svg"></p>'
        '<figure><a href="big.svg"><img src="small.svg"></a></figure>'
        "<figure><figcaption>No image</figcaption></figure>"
    )
    assert link_figures(body) == body
