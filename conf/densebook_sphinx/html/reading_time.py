"""``{reading-time}`page``: how long a page takes to read, computed from the page itself.

A page's reading time is counted when it is read, in its own edition's words: its prose at
:data:`WORDS_PER_MINUTE` English words or :data:`HAN_PER_MINUTE` Chinese characters a
minute, plus :data:`MINUTES_PER_CELL` for each code cell it shows, rounded up to whole
minutes. Code and outputs are not prose, and the count is taken before the claims add the
"Checks on this page" section. The rates are densebook's own estimate for careful reading
with a keyboard at hand, not a measurement of readers; ``{reading-time-rule}`` states them
(on the contributing page) from the same constants.

``{reading-time}`lazy-weights``` shows one page's time; ``{reading-time}`lazy-weights,shapes```
the sum of several. The role leaves a placeholder filled once every page is read; the pages
that use the role are read again whenever any page changes (a :class:`PageSet`).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from densebook_sphinx.page_sets import PageSet

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

WORDS_PER_MINUTE = 200
HAN_PER_MINUTE = 300
MINUTES_PER_CELL = 0.5
#: How the time reads, per edition.
FORMATS = {"en": "{minutes} min", "zh_TW": "{minutes} 分鐘"}
#: The rule, as ``{reading-time-rule}`` states it, per edition.
RULES = {
    "en": (
        "A page's reading time is its prose at {words} English words or {han} Chinese "
        "characters a minute, plus {cell} minute for each code cell it shows, rounded up "
        "to whole minutes. Code and outputs are not counted as prose. The rates are our "
        "estimate for careful reading with the code tried along the way, not a measurement."
    ),
    "zh_TW": (
        "每頁的閱讀時間這樣估算：內文以每分鐘 {words} 個英文單字或 {han} 個中文字計，"
        "每個顯示的程式碼儲存格再加 {cell} 分鐘，最後無條件進位到整分鐘。"
        "程式碼和輸出不算內文。這些速率是我們對「邊讀邊試程式碼」的估計，不是實測結果。"
    ),
}

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9_]+(?:['\u2019.-][A-Za-z0-9_]+)*")  # it's, it\u2019s, x.y
#: Containers whose text is not counted: a cell's code and its outputs (MyST-NB's), and a
#: predict-first question's explanations (``{predict}``): a reader reads the one for the
#: choice they made, in place of the sentence that would otherwise give the answer; and the
#: English originals a Chinese page shows under its paragraphs on request.
_NOT_PROSE = {
    "cell_input",
    "cell_output",
    "densebook-predict-why",
    "densebook-predict-answer",
    "densebook-original",  # a Chinese paragraph's English, shown only on request
}


class reading_time(nodes.Inline, nodes.TextElement):  # type: ignore[misc]  # docutils: untyped
    """Where a reading time goes, until every page has been counted."""


#: The pages that use the role: any page's change can change what they show.
USING_PAGES = PageSet(
    "densebook_reading_time_pages",
    lambda app, env, added, changed, removed: bool(added | changed | removed),
)


def _counts(env: BuildEnvironment) -> dict[str, tuple[int, int, int]]:
    if not hasattr(env, "densebook_reading_counts"):
        setattr(env, "densebook_reading_counts", {})  # noqa: B010  # Sphinx's env: untyped extras
    counts: dict[str, tuple[int, int, int]] = getattr(env, "densebook_reading_counts")  # noqa: B009
    return counts


def _is_prose(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, (nodes.literal_block, nodes.raw, nodes.comment)):
            return False
        if _NOT_PROSE & set(parent.get("classes", [])):
            return False
        parent = parent.parent
    return True


def count(doctree: nodes.document) -> tuple[int, int, int]:
    """(English words, Chinese characters, code cells shown) of a page's doctree."""
    words = han = 0
    for text in doctree.findall(nodes.Text):
        if _is_prose(text):
            words += len(_WORD.findall(text.astext()))
            han += len(_HAN.findall(text.astext()))
    cells = sum(
        1 for node in doctree.findall(nodes.container) if "cell_input" in node.get("classes", [])
    )
    return words, han, cells


def minutes(words: int, han: int, cells: int) -> int:
    """The reading time in whole minutes (at least 1)."""
    return max(
        1,
        math.ceil(words / WORDS_PER_MINUTE + han / HAN_PER_MINUTE + cells * MINUTES_PER_CELL),
    )


def _record(app: Sphinx, doctree: nodes.document) -> None:
    _counts(app.env)[app.env.docname] = count(doctree)


class ReadingTime(SphinxRole):
    """``{reading-time}`page[,page...]``."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        pages = pages_of(self.text)
        USING_PAGES.of(self.env).add(self.env.docname)
        node = reading_time(self.rawtext, "", pages=pages)
        self.set_source_info(node)
        return [node], []


class ReadingTimeRule(SphinxDirective):
    """``{reading-time-rule}``: the rule above, with its numbers, in the page's language."""

    def run(self) -> list[nodes.Node]:
        rule = RULES.get(self.config.language or "en", RULES["en"])
        text = rule.format(words=WORDS_PER_MINUTE, han=HAN_PER_MINUTE, cell=f"{MINUTES_PER_CELL:g}")
        # Already in the page's language: not a message for the catalogs.
        return [nodes.paragraph("", text, translatable=False)]


def shown(app: Sphinx, pages: list[str], language: str | None = None) -> str | None:
    """The pages' reading time as the role shows it (in ``language``, the edition's by
    default), or None if a page is not known."""
    counted = _counts(app.env)
    if any(page not in counted for page in pages):
        return None
    total = [sum(counted[page][i] for page in pages) for i in range(3)]
    language = language or app.config.language or "en"
    return FORMATS.get(language, FORMATS["en"]).format(minutes=minutes(*total))


def pages_of(text: str) -> list[str]:
    """The pages a role's text names: ``lazy-weights,shapes``."""
    return [page.strip() for page in text.split(",") if page.strip()]


def _fill(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for node in list(doctree.findall(reading_time)):
        text = shown(app, node["pages"], node.get("language"))
        if text is None:
            missing = [page for page in node["pages"] if page not in _counts(app.env)]
            logger.warning(
                "reading-time: no page %s", ", ".join(missing), location=node, type="densebook"
            )
        node.replace_self(nodes.Text("?" if text is None else text))


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _counts(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _counts(env).update({d: c for d, c in _counts(other).items() if d in docnames})


def setup(app: Sphinx) -> None:
    """Register the role, the count at reading (before the claims add their proofs)."""
    app.add_role("reading-time", ReadingTime())
    app.add_directive("reading-time-rule", ReadingTimeRule)
    app.add_node(reading_time)
    app.connect("doctree-read", _record, priority=300)
    app.connect("doctree-resolved", _fill)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    USING_PAGES.connect(app)
