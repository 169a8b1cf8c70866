"""densebook_sphinx/editions/translation_guard.py: a page's own text left in English is reported in
a translation.

The transforms run here on a small document parsed by docutils, with a stand-in for Sphinx's
build environment (the language and the builder class are all they read of it).
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from sphinx.builders.gettext import MessageCatalogBuilder
from sphinx.builders.html import StandaloneHTMLBuilder

from densebook_sphinx.editions.translation_guard import (
    RecordOriginalAlt,
    ReportUntranslated,
    is_page_source,
    short,
)

PAGE_SOURCE = "/work/docs/bias.rst"


def test_only_the_pages_own_messages_must_be_translated() -> None:
    page = "/work/docs/api.md"
    assert is_page_source("/work/docs/api.md", page)
    assert is_page_source("/work/docs/api.md:12:<translated>", page)
    assert not is_page_source("/work/src/densebook/_build.py:docstring of build_dense", page)
    assert not is_page_source("/work/docs/api.md.orig", page)
    assert not is_page_source(None, page)
    assert not is_page_source("", page)


@pytest.mark.parametrize(
    ("message", "limit", "shown"),
    [
        ("a  b\n c " * 20, 10, "a b c a..."),
        ("twelve chars", 12, "twelve chars"),  # exactly at the limit: whole
        ("thirteen char", 12, "thirteen ..."),  # one over: 9 characters and "..."
        ("  spaced\tout\n", 80, "spaced out"),
    ],
)
def test_short_keeps_a_message_to_one_line_of_at_most_limit_characters(
    message: str, limit: int, shown: str
) -> None:
    assert short(message, limit) == shown
    assert len(short(message, limit)) <= limit


TEXT = """\
Left in English.

Translated already.

.. image:: figure.svg
   :alt: A line through the points
"""


def page(language: str | None = "zh_TW", builder: type = StandaloneHTMLBuilder) -> nodes.document:
    """The page, as Sphinx's Locale transform leaves it: the second paragraph translated."""
    doctree = publish_doctree(
        TEXT, source_path=PAGE_SOURCE, settings_overrides={"report_level": 2, "halt_level": 2}
    )
    doctree.settings.env = SimpleNamespace(
        config=SimpleNamespace(language=language), _builder_cls=builder
    )
    list(doctree.findall(nodes.paragraph))[1]["translated"] = True
    return doctree


def reported(doctree: nodes.document, caplog: pytest.LogCaptureFixture) -> list[str]:
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="sphinx.translation_guard"):
        ReportUntranslated(doctree).apply()
    return [record.getMessage() for record in caplog.records]


def test_each_untranslated_message_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    doctree = page()
    RecordOriginalAlt(doctree).apply()
    assert reported(doctree, caplog) == [
        "untranslated message (zh_TW): 'Left in English.'",
        "untranslated message (zh_TW): 'A line through the points'",
    ]
    [first, _] = caplog.records
    assert first.location is next(iter(doctree.findall(nodes.paragraph)))  # type: ignore[attr-defined]
    assert (first.type, first.subtype) == ("densebook", "untranslated")  # type: ignore[attr-defined]


def test_a_translated_alt_text_is_not_reported(caplog: pytest.LogCaptureFixture) -> None:
    """Sphinx puts the translation in ``alt`` without marking the image translated."""
    doctree = page()
    RecordOriginalAlt(doctree).apply()
    [image] = doctree.findall(nodes.image)
    assert image["densebook_original_alt"] == "A line through the points"
    image["alt"] = "穿過各點的直線"
    assert reported(doctree, caplog) == ["untranslated message (zh_TW): 'Left in English.'"]


def test_text_sphinx_made_or_took_from_elsewhere_is_not_reported(
    caplog: pytest.LogCaptureFixture,
) -> None:
    doctree = page()
    first, _ = doctree.findall(nodes.paragraph)
    first.line = None  # made by Sphinx (docinfo, field labels): no line on the page
    [image] = doctree.findall(nodes.image)
    image.source = "/work/src/densebook/_build.py:docstring of build_dense"
    assert reported(doctree, caplog) == []


@pytest.mark.parametrize(
    ("language", "builder"),
    [
        ("en", StandaloneHTMLBuilder),
        (None, StandaloneHTMLBuilder),
        ("zh_TW", MessageCatalogBuilder),
    ],
)
def test_the_english_edition_and_the_catalog_build_report_nothing(
    language: str | None, builder: type, caplog: pytest.LogCaptureFixture
) -> None:
    assert reported(page(language, builder), caplog) == []


def test_transforms_run_around_sphinxs_locale_transform() -> None:
    from sphinx.transforms.i18n import Locale

    assert RecordOriginalAlt.default_priority < Locale.default_priority
    assert ReportUntranslated.default_priority > Locale.default_priority
