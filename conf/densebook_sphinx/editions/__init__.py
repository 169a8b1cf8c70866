"""The Traditional Chinese edition, from the same pages and the same execution.

* ``switch.py``: a link from every page to the same page in the other edition, and the
  Chinese edition's language marks and cell prompts;
* ``code_comments.py``: the comments of the code shown, translated (the code is the same);
* ``messages.py``: a page's translated messages, for the two above and the downloads;
* ``side_by_side.py``: each Chinese paragraph's English original, shown on request;
* ``glossary_headwords.py``: the Chinese glossary's headwords and index entries, Chinese;
* ``figures.py``: each edition's figures in its language, from the one execution;
* ``translated_glue.py``: glue roles inside translated text find the page's glue data;
* ``translation_guard.py``: no English message left behind in a translated edition;
* ``chinese_search.py``: Chinese search that works in the browser (Sphinx 9.0.4);
* ``catalogs.py``: ``make translations``, the catalogs refreshed from the English pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from densebook_sphinx import upstream
from densebook_sphinx.editions import (
    chinese_search,
    code_comments,
    figures,
    glossary_headwords,
    side_by_side,
    switch,
    theme_words,
    translated_glue,
    translation_guard,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    """Register the editions' transforms, events, glue fallback and search language."""
    upstream.wrap_glue_retrieval(translated_glue.with_translated_fallback)
    app.add_transform(translation_guard.RecordOriginalAlt)
    app.add_transform(translation_guard.ReportUntranslated)
    app.add_transform(figures.ShowFiguresInEditionLanguage)
    app.add_transform(code_comments.TranslateCodeComments)
    side_by_side.setup(app)
    app.add_transform(glossary_headwords.ChineseHeadwords)
    app.connect("doctree-resolved", switch.mark_chinese)
    app.connect("doctree-resolved", switch.translate_cell_prompts)
    app.add_search_language(chinese_search.ChineseSearchWithEnglishStemmer)
    app.connect("builder-inited", theme_words.add_filter)
    app.connect("build-finished", theme_words.mend_translations_js)
