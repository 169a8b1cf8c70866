"""The words no catalog reaches, in the Chinese edition: furo's own, and Sphinx's scripts'.

furo writes some words straight into its templates, not through gettext: the labels of the
two sidebar toggles and of the theme switch, and the titles of its icons ("Contents",
"Menu", "Expand", "Light mode", ...); MyST-NB writes the label of a collapsed cell's
toggle. ``_templates/page.html`` passes furo's page body through the
``densebook_theme_words`` filter, which puts each in the page's language.

Sphinx's own zh_TW catalog leaves the search page's count line empty (an untranslated plural,
so after a search nothing says how many pages were found) and addresses the reader as 您,
where this edition says 你. After the build, the edition's ``_static/translations.js`` (the
words of Sphinx's scripts) gets those two messages in this edition's words.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: furo's words, as they stand in its HTML, and the same in each edition.
THEME: Final = {
    "zh_TW": {
        'aria-label="Toggle site navigation sidebar"': 'aria-label="開合網站導覽側欄"',
        'aria-label="Toggle table of contents sidebar"': 'aria-label="開合本頁目錄側欄"',
        'aria-label="Toggle Light / Dark / Auto color theme"': (
            'aria-label="切換配色：淺色、深色或自動"'
        ),
        "<title>Contents</title>": "<title>本頁目錄</title>",
        "<title>Menu</title>": "<title>選單</title>",
        "<title>Expand</title>": "<title>展開</title>",
        "<title>Light mode</title>": "<title>淺色模式</title>",
        "<title>Dark mode</title>": "<title>深色模式</title>",
        "<title>Auto light/dark, in light mode</title>": "<title>自動切換，目前為淺色</title>",
        "<title>Auto light/dark, in dark mode</title>": "<title>自動切換，目前為深色</title>",
        # MyST-NB's collapsed cells (a solution, in this edition's exercises).
        'aria-label="Toggle hidden content"': 'aria-label="展開或收合隱藏的內容"',
    },
}

#: Messages of Sphinx's scripts (its catalog's ``sphinx.js``) in each edition's words; a
#: list is a message with plural forms (Chinese has one).
SCRIPTS: Final = {
    "zh_TW": {
        "Search finished, found one page matching the search query.": [
            "搜尋完成，共找到 ${resultCount} 頁符合搜尋條件。"
        ],
        "Your search did not match any documents. Please make sure that all words are "
        "spelled correctly and that you've selected enough categories.": (
            "你的搜尋找不到任何符合條件的文件。請確認每個搜尋詞都拼寫正確，並選擇了足夠的分類。"
        ),
    },
}

#: Sphinx's own words that its zh_TW catalog renders otherwise than this edition (回傳 where
#: the edition says 傳回), put in the edition's ``sphinx.po``, which Sphinx reads first.
SPHINX_MESSAGES: Final = ("Returns", "Return type")

_TRANSLATIONS = re.compile(r"(Documentation\.addTranslations\()(\{.*\})(\);)", re.DOTALL)


def theme_words(language: str | None) -> dict[str, str]:
    """furo's words and their replacements for a build's ``language`` (none for English)."""
    return THEME.get(language or "en", {})


def translate(html: str, language: str | None) -> str:
    """``html`` with furo's words in ``language``.

    >>> translate('<title>Menu</title>', "zh_TW"), translate('<title>Menu</title>', "en")
    ('<title>選單</title>', '<title>Menu</title>')
    """
    for english, translated in theme_words(language).items():
        html = html.replace(english, translated)
    return html


def mend_scripts(translations_js: str, language: str | None) -> str:
    """The text of Sphinx's ``translations.js`` with this edition's words put in."""
    words = SCRIPTS.get(language or "en")
    match = _TRANSLATIONS.search(translations_js)
    if not words or not match:
        return translations_js
    catalog = json.loads(match.group(2))
    catalog["messages"].update(words)
    text = json.dumps(catalog, ensure_ascii=False, indent=4, sort_keys=True)
    return translations_js[: match.start(2)] + text + translations_js[match.end(2) :]


def add_filter(app: Sphinx) -> None:
    """Give the page template the ``densebook_theme_words`` filter."""
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        language = app.config.language
        templates.environment.filters["densebook_theme_words"] = lambda html: translate(
            str(html), language
        )


def mend_translations_js(app: Sphinx, exception: BaseException | None) -> None:
    """After an HTML build, put this edition's words into ``_static/translations.js``."""
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / "_static" / "translations.js"
    if path.exists():
        text = path.read_text(encoding="utf-8")
        mended = mend_scripts(text, app.config.language)
        if mended != text:
            path.write_text(mended, encoding="utf-8")
