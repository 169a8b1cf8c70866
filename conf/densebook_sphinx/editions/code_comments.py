"""A translated edition shows the code's comments in its language; the code stays the same.

Each comment in the code a reader sees, on the page or in its notebook download (all but
the cells tagged ``remove-cell`` alone), is a message of the page's catalog: its text after the
``#`` (the lines of a block of comments joined into one), marked ``code comment`` for the
translator (``make translations`` adds them,
:func:`page_comments`). The page is executed once, from its own source, so the cache and
every output are the editions' common ones; only the code *shown* changes, comment by
comment, on the page (:class:`TranslateCodeComments`) and in the notebook download
(:func:`translate_code_cells`). A comment left without a translation is a build warning
in a translated edition, as an untranslated sentence is.
"""

from __future__ import annotations

import io
import re
import tokenize
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from densebook_sphinx.editions.messages import page_messages

if TYPE_CHECKING:
    from nbformat import NotebookNode

logger = logging.getLogger(__name__)

#: The flag ``make translations`` gives a comment's message in the catalogs.
FLAG = "code comment"
#: Cells whose code a reader never sees: not on the page, not in the notebook download
#: (which keeps a ``remove-input`` cell's code, and a ``page-setup`` cell).
HIDDEN_CODE = frozenset({"remove-cell"})


#: The widest a translated comment line gets, in columns (a Chinese character takes two):
#: the pages' code fits in 88.
WIDTH = 88
# Characters that never start a line in Chinese typesetting.
_NO_LINE_START = set("，。、：；！？）」』")  # noqa: RUF001 (full-width punctuation)


@dataclass(frozen=True)
class Comment:
    """A comment as a message: one inline comment, or the lines of a block of comments."""

    first: int  # its first and last row, counting from 1
    last: int
    column: int
    text: str  # the message: the lines' texts after ``#``, joined by spaces
    inline: bool  # after code on the same line


def comment_text(token: str) -> str:
    """A comment's text: after the ``#``, without the spaces around it."""
    return token[1:].strip()


def _comments(code: str) -> list[Comment]:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []  # not Python as tokenize reads it (a cell magic): no comments to translate
    lines = code.splitlines()
    found: list[Comment] = []
    for token in tokens:
        if token.type != tokenize.COMMENT or not (text := comment_text(token.string)):
            continue
        (row, column) = token.start
        inline = bool(lines[row - 1][:column].strip())
        previous = found[-1] if found else None
        if (
            previous is not None
            and not inline
            and not previous.inline
            and previous.last == row - 1
            and previous.column == column
        ):
            found[-1] = Comment(previous.first, row, column, f"{previous.text} {text}", False)
        else:
            found.append(Comment(row, row, column, text, inline))
    return found


def comments(code: str) -> list[str]:
    """The messages of the comments in ``code``, in order (a block of lines is one)."""
    return [comment.text for comment in _comments(code)]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken between Chinese characters or
    at spaces, never inside a word of code, never before closing punctuation."""
    lines: list[str] = []
    line = ""
    for piece in re.findall(r"[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+|\s+|.", text):
        if line and _width(line + piece) > width and piece[0] not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = "" if piece.isspace() else piece
        else:
            line += piece
    return [*lines, line.rstrip()] if line.strip() else lines


def translate_code(code: str, messages: Mapping[str, str]) -> tuple[str, list[str]]:
    """``code`` with each comment in ``messages`` translated, and the comments that are not.

    A block of comment lines is translated as one message and wrapped again to fit
    :data:`WIDTH` columns; an inline comment stays on its line if it fits there, else it
    goes on its own line(s) above the code."""
    lines = code.splitlines(keepends=True)
    missing = []
    for comment in reversed(_comments(code)):
        if comment.text not in messages:
            missing.append(comment.text)
            continue
        translation = messages[comment.text]
        first = lines[comment.first - 1]
        if comment.inline:
            ending = "\n" if first.endswith("\n") else ""
            line = first[: comment.column] + f"# {translation}"
            if _width(line) <= WIDTH:
                lines[comment.first - 1] = line + ending
                continue
            # Too wide beside its code: the comment goes on its own line(s) above it.
            code_part = first[: comment.column].rstrip()
            indent = first[: len(first) - len(first.lstrip())]
            wrapped = wrap(translation, WIDTH - _width(indent) - 2)
            above = "".join(f"{indent}# {piece}\n" for piece in wrapped)
            lines[comment.first - 1] = above + code_part + ending
            continue
        indent = first[: comment.column]
        ending = "\n" if lines[comment.last - 1].endswith("\n") else ""
        wrapped = wrap(translation, WIDTH - _width(indent) - 2)
        block = "\n".join(f"{indent}# {line}" for line in wrapped) + ending
        lines[comment.first - 1 : comment.last] = [block]
    return "".join(lines), missing[::-1]


def page_comments(source: str) -> list[str]:
    """The comments of the code a reader sees of a MyST notebook, in order: on the page,
    or in the notebook download (a ``remove-input`` cell, a hidden set-up cell)."""
    from myst_nb.core.read import read_myst_markdown_notebook

    from densebook_sphinx.downloads.notebooks import SETUP

    notebook = read_myst_markdown_notebook(source)
    return [
        text
        for cell in notebook.cells
        if cell.cell_type == "code"
        and (SETUP in (tags := set(cell.metadata.get("tags", []))) or not HIDDEN_CODE & tags)
        for text in comments(cell.source)
    ]


def translate_code_cells(notebook: NotebookNode, messages: Mapping[str, str]) -> None:
    """Each code cell of ``notebook`` with its comments translated."""
    if not messages:
        return
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = translate_code(cell.source, messages)[0]


class TranslateCodeComments(SphinxTransform):
    """Translate the comments of each code cell the page shows; warn about any left."""

    default_priority = 27  # after Sphinx's Locale (20) and the sentences' report (26)

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language
        if language in (None, "en") or self.app.builder.name == "gettext":
            return
        messages = page_messages(self.app, self.env.docname)
        for cell in self.document.findall(nodes.container):
            if "cell_input" not in cell.get("classes", []):
                continue
            for block in cell.findall(nodes.literal_block):
                code, missing = translate_code(block.astext(), messages)
                for text in missing:
                    logger.warning(
                        "untranslated code comment (%s): %r",
                        language,
                        text,
                        location=block,
                        type="densebook",
                        subtype="untranslated",
                    )
                if code != block.astext():
                    block.clear()
                    block += nodes.Text(code)
                    block.rawsource = code
