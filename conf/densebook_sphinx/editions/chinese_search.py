"""The Chinese edition's search page works (a Sphinx 9.0.4 bug).

Sphinx's Chinese search (``sphinx/search/zh.py``) splits Chinese text into words with
jieba and stems Latin words with the English Snowball stemmer, whose script
(``english-stemmer.js``) it ships. But the ``language_data.js`` it writes ends with
``window.Stemmer = ChineseStemmer;``, named after the language, and no script defines
``ChineseStemmer``: the search page stops with "ChineseStemmer is not defined" and finds
nothing. The same search is registered here under the name of the stemmer it really uses.
"""

from __future__ import annotations

from sphinx.search.zh import SearchChinese


class ChineseSearchWithEnglishStemmer(SearchChinese):
    """Sphinx's Chinese search; ``language_name`` names the JavaScript stemmer it loads."""

    language_name = "English"
