"""densebook_sphinx/editions/chinese_search.py: the Chinese edition's search page names a stemmer
that exists.

Sphinx writes ``window.Stemmer = <language_name>Stemmer;`` after the stemmer script of the
search language (``js_stemmer_rawcode``); that script must define the name. The built page
is checked in tests/site/test_editions_site.py; here, the scripts Sphinx ships, in milliseconds.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import sphinx.search
from sphinx.search.zh import SearchChinese

from densebook_sphinx import editions
from densebook_sphinx.editions.chinese_search import ChineseSearchWithEnglishStemmer

SCRIPTS = Path(sphinx.search.__file__).parent / "minified-js"


def defines(script: str, name: str) -> bool:
    return re.search(rf"\b(?:var|let|const|class|function)\s+{name}\b", script) is not None


def stemmer_script(language: type[SearchChinese]) -> str:
    return (SCRIPTS / language.js_stemmer_rawcode).read_text(encoding="utf-8")


def test_the_stemmer_named_is_the_one_the_script_defines() -> None:
    language = ChineseSearchWithEnglishStemmer
    assert defines(stemmer_script(language), f"{language.language_name}Stemmer")


def test_sphinx_still_names_a_stemmer_it_does_not_ship() -> None:
    """The upstream bug this module works around; when this fails, drop the module."""
    assert not defines(stemmer_script(SearchChinese), f"{SearchChinese.language_name}Stemmer")


def test_everything_else_is_sphinxs_chinese_search() -> None:
    language = ChineseSearchWithEnglishStemmer
    assert (language.lang, language.js_stemmer_rawcode) == ("zh", "english-stemmer.js")
    assert language.split is SearchChinese.split
    assert language.stem is SearchChinese.stem


def test_the_editions_setup_registers_it_for_chinese() -> None:
    registered: list[type] = []
    app = SimpleNamespace(
        add_search_language=registered.append,
        add_transform=lambda transform: None,
        add_node=lambda node, **visitors: None,
        connect=lambda event, handler: None,
    )
    editions.setup(app)  # type: ignore[arg-type]
    assert registered == [ChineseSearchWithEnglishStemmer]
