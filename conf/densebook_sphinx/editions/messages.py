"""A page's translated messages, read from its catalog as Sphinx reads it."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def page_messages(app: Sphinx, docname: str) -> dict[str, str]:
    """The page's messages and their translations, fuzzy ones left out as Sphinx leaves them.

    Empty in the source language, and for a page without a catalog.
    """
    language = app.config.language
    if language in (None, "en"):
        return {}
    for folder in app.config.locale_dirs:
        path = Path(app.srcdir, folder, language, "LC_MESSAGES", f"{docname}.po")
        if path.is_file():
            return dict(_read(str(path), path.stat().st_mtime_ns))
    return {}


@functools.lru_cache(maxsize=64)
def _read(path: str, modified: int) -> tuple[tuple[str, str], ...]:
    """A catalog's translated messages, read once per version of the file (the page's
    transform, its download and its MyST copy each ask)."""
    from babel.messages.pofile import read_po

    with open(path, "rb") as file:
        catalog = read_po(file)
    return tuple(
        (m.id, str(m.string))
        for m in catalog
        if isinstance(m.id, str) and m.id and m.string and not m.fuzzy
    )
