"""The downloads of a translated edition carry its prose: the page's catalog applied to MyST.

Sphinx translates a page after parsing it, message by message; a message is one paragraph,
list item, heading, table cell or caption, with its MyST markup as written and its lines
joined by spaces. The downloads are made from the MyST text itself, so this module applies
the same catalog to the text: each piece of prose whose message has a translation is
replaced by it, on one line, after the same list marker, heading marks or table bar. Code,
code cells and directive options stay as they are (so the notebook's code, and with it every
output, is the one both editions executed). Fuzzy translations are not used, as Sphinx does
not use them.

The notebook's markdown cells are translated before their roles are made plain text
(``notebooks.plain_markdown``); the MyST download (Sphinx's copy of the page's source in
``_sources/``) is replaced by the translated source when the build finishes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from densebook_sphinx.downloads import notebooks
from densebook_sphinx.editions.messages import page_messages

if TYPE_CHECKING:
    from nbformat import NotebookNode
    from sphinx.application import Sphinx

# Where a line starts a new piece of prose: a heading, a list item or a quote (the marker is
# kept, the rest is the message).
_STARTS = re.compile(r"(?P<prefix>[ \t]*(?:#{1,6}[ \t]+|(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)+|>[ \t]*))")
# Lines that are markup, never a message: a colon fence, a directive option, a table rule.
_MARKUP_LINE = re.compile(r"[ \t]*(?::{3,}|:[\w-]+:(?:\s|$)|\|?[ \t]*:?-{3,})")


def translate_markdown(text: str, messages: Mapping[str, str]) -> str:
    """``text`` (MyST) with each piece of prose whose message is in ``messages`` translated."""
    if not messages:
        return text
    return "".join(
        _translate_prose(piece, messages) if prose else piece
        for piece, prose, _ in notebooks.pieces(text)
    )


def _translate_prose(prose: str, messages: Mapping[str, str]) -> str:
    out: list[str] = []
    piece: list[str] = []  # the lines of the piece being read, the first with its marker
    prefix = ""

    def flush() -> None:
        if piece:
            message = " ".join(line.strip() for line in [piece[0][len(prefix) :], *piece[1:]])
            if message in messages:
                ending = "\n" if piece[-1].endswith("\n") else ""
                out.append(prefix + messages[message] + ending)
            else:
                out.append("".join(piece))
            piece.clear()

    for line in prose.splitlines(keepends=True):
        if _MARKUP_LINE.match(line):
            flush()
            out.append(line)
        elif line.lstrip().startswith("|"):
            flush()
            out.append(_translate_row(line, messages))
        else:
            start = _STARTS.match(line)
            indent = len(line) - len(line.lstrip())
            # A line indented past the piece's text starts a piece of its own (a glossary
            # term's definition under the term); a list item's next lines line up with it.
            deeper = bool(piece) and indent > len(prefix) and start is None
            if start is not None or not piece or deeper:
                flush()
                prefix = start["prefix"] if start is not None else line[:indent]
            piece.append(line)
    flush()
    return "".join(out)


def _translate_row(row: str, messages: Mapping[str, str]) -> str:
    """A table row with each cell whose message is in ``messages`` translated."""
    cells = row.rstrip("\n").split("|")
    translated = [
        f" {messages[cell.strip()]} " if cell.strip() in messages else cell for cell in cells
    ]
    return "|".join(translated) + ("\n" if row.endswith("\n") else "")


def translate_markdown_cells(notebook: NotebookNode, messages: Mapping[str, str]) -> None:
    """Each markdown cell of ``notebook`` translated (code cells stay as they are)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = translate_markdown(cell.source, messages)


def translate_sources(app: Sphinx, exception: BaseException | None) -> None:
    """Replace each page's copy in ``_sources/`` by its translation (translated editions)."""
    if exception is not None or app.builder.format != "html" or not app.config.html_copy_source:
        return
    for docname in sorted(app.env.found_docs):
        messages = page_messages(app, docname)
        source = Path(app.env.doc2path(docname))
        copy = Path(
            app.outdir, "_sources", docname + source.suffix + app.config.html_sourcelink_suffix
        )
        if messages and copy.is_file():
            copy.write_text(
                translate_markdown(source.read_text(encoding="utf-8"), messages), encoding="utf-8"
            )
