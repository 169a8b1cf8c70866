"""A translated edition never falls back to English, sentence by sentence.

Sphinx replaces each translatable message of a page with its translation from the page's
catalog, and silently keeps the English when there is none: the message is new, its
translation is marked fuzzy, or its English changed since it was translated (then it is a
new message). In a build for another language, this extension reports each message of a
page's own source left untranslated as a warning (an error under ``-W``) that names the
page, the line and the message. Messages from docstrings (the API reference) may stay
English, as that page says.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.nodes import extract_messages

from densebook_sphinx import upstream

logger = logging.getLogger(__name__)


def is_page_source(node_source: str | None, page_source: str) -> bool:
    """Whether a message comes from the page's own file (not a docstring or include)."""
    if not node_source:
        return False
    return node_source.split(":", 1)[0] == page_source


def short(message: str, limit: int = 80) -> str:
    """The first ``limit`` characters of a message, on one line."""
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


class RecordOriginalAlt(SphinxTransform):
    """Keep each image's source-language alt text: Sphinx replaces a translated alt text
    without marking the image translated, so the report below compares the two."""

    default_priority = 19  # just before Sphinx's Locale (20)

    def apply(self, **kwargs: Any) -> None:
        for image in self.document.findall(nodes.image):
            if image.get("alt"):
                image["densebook_original_alt"] = image["alt"]


class ReportUntranslated(SphinxTransform):
    """Warn about every message of the page left in the source language."""

    default_priority = 26  # after Sphinx's Locale (20) and its progress count (25)

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language
        if language in (None, "en") or upstream.builds_message_catalogs(self.env):
            return
        page_source = str(self.document["source"])
        for node, message in extract_messages(self.document):
            if node.get("translated") or not is_page_source(node.source, page_source):
                continue
            if not node.line:
                continue  # made by Sphinx, not written on the page (docinfo, field labels)
            if isinstance(node, nodes.image) and node.get("densebook_original_alt") != message:
                continue  # Sphinx put the translated alt text in place
            if isinstance(node, addnodes.toctree) and node.get("caption") != message:
                continue  # a toctree records no "translated" flag; its caption changed

            logger.warning(
                "untranslated message (%s): %r",
                language,
                short(message),
                location=node,
                type="densebook",
                subtype="untranslated",
            )
