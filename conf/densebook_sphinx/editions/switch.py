"""The English and Traditional Chinese editions, linked page to page.

Both editions are built from the same pages (the Chinese one with ``-D language=zh_TW``)
and published as one site: English at the root, Chinese under ``zh-tw/``. This extension
puts a link to the same page in the other edition at the top of every page (with
``hreflang``, and ``<link rel="alternate">`` in the head), and, in the English edition,
marks each run of Chinese characters with ``lang="zh-Hant-TW"`` so that browsers and
screen readers read it as Chinese. The labels MyST-NB puts on collapsed cells ("Show code
cell source", ...) go through the "sphinx" catalog like the theme's own text.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class Edition(NamedTuple):
    language: str  # Sphinx's language code
    tag: str  # BCP 47 tag for lang/hreflang attributes
    label: str  # the edition's name, in its own language
    folder: str  # where it is published, relative to the site's root ("" for the root)


ENGLISH = Edition("en", "en", "English", "")
CHINESE = Edition("zh_TW", "zh-Hant-TW", "繁體中文", "zh-tw")
EDITIONS = (ENGLISH, CHINESE)

# CJK ideographs, CJK punctuation and full-width forms: what a Chinese phrase is made of.
_CJK_RUN = re.compile(
    r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
    r"(?:[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef()\s]*"
    r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])?"
)
#: The labels of collapsed cells, as MyST-NB 1.4 writes them (its {type} filled in).
CELL_PROMPTS = tuple(
    f"{verb} code cell {part}"
    for part in ("content", "source", "output", "outputs")
    for verb in ("Show", "Hide")
)
_NOT_PROSE = (nodes.literal_block, nodes.literal, nodes.raw, nodes.comment, nodes.title)


def edition_of(language: str | None) -> Edition:
    """The edition a build's ``language`` setting makes."""
    for edition in EDITIONS:
        if edition.language == (language or "en"):
            return edition
    raise ValueError(f"language must be one of {[e.language for e in EDITIONS]}, got {language!r}")


def other_edition_url(pagename: str, current: Edition, other: Edition) -> str:
    """Relative URL of the same page in ``other``, from the page in ``current``."""
    up = "../" * pagename.count("/") + ("../" if current.folder else "")
    folder = f"{other.folder}/" if other.folder else ""
    return f"{up}{folder}{pagename}.html"


def split_chinese(text: str) -> list[tuple[str, bool]]:
    """Split text into (piece, is_chinese) runs, in order; joined, they are ``text``."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _CJK_RUN.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()], False))
        pieces.append((match.group(), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def mark_chinese(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html" or edition_of(app.config.language) is not ENGLISH:
        return
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or any(isinstance(a, _NOT_PROSE) for a in _ancestors(parent)):
            continue
        pieces = split_chinese(str(text))
        if not any(is_chinese for _, is_chinese in pieces):
            continue
        replacement: list[nodes.Node] = [
            nodes.raw(
                "",
                f'<span lang="{CHINESE.tag}">{html.escape(piece)}</span>',
                format="html",
            )
            if is_chinese
            else nodes.Text(piece)
            for piece, is_chinese in pieces
        ]
        parent.replace(text, replacement)


def translate_cell_prompts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    from sphinx.locale import _

    for node in doctree.findall(nodes.Element):
        for key in ("prompt_show", "prompt_hide"):
            if node.get(key) in CELL_PROMPTS:
                node[key] = _(node[key])


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found: list[nodes.Node] = []
    current: nodes.Node | None = node
    while current is not None:
        found.append(current)
        current = current.parent
    return found


def add_switch(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    """Put the link to the same page in the other edition at the top of the page."""
    current = edition_of(app.config.language)
    links, alternates = [], []
    for other in EDITIONS:
        if other is current:
            continue
        url = html.escape(other_edition_url(pagename, current, other))
        links.append(f'<a href="{url}" hreflang="{other.tag}" lang="{other.tag}">{other.label}</a>')
        alternates.append(f'<link rel="alternate" hreflang="{other.tag}" href="{url}">')
    switch = f'<p class="edition-switch">{" · ".join(links)}</p>\n'
    context["body"] = switch + context.get("body", "")
    context["metatags"] = context.get("metatags", "") + "\n".join(alternates) + "\n"
