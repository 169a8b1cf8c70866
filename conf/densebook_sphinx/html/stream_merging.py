"""Merge a cell's printed pieces exactly, whatever their split.

A kernel sends what a cell prints in pieces whose boundaries depend on timing (ipykernel
flushes on a timer), so one ``print`` can arrive as two pieces. MyST-NB 1.4's
``coalesce_streams`` (used when ``nb_merge_streams`` is on) strips each piece and adds a
newline after it, so a piece boundary inside a line becomes a line break on the page: the
same cell could print ``identical = True`` in one build and ``identical =`` / ``True`` in
the next. Here the pieces are joined as they are, then treated as MyST-NB treats the whole
(trailing whitespace dropped, one final newline, ``\\r`` and ``\\b`` applied, stdout before
stderr), and MyST-NB's renderer is pointed at this function.

Keras 3 prints ``model.summary()`` with rich, which in Jupyter sends each of its lines (the
title, the table, each count) as a display of its own; the page would show five separate
boxes. Consecutive rich displays of a cell are joined into one, as they read in a terminal.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nbformat import NotebookNode

_CARRIAGE_RETURN = re.compile(r".*\r(?=[^\n])")
# A backspace (\x08) cancels the character before it. (MyST-NB writes this pattern as
# r"[^\n]\b", where \b means a word boundary, and its loop never runs.)
_BACKSPACE = re.compile("[^\n]\x08")


def _apply_control_characters(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _BACKSPACE.sub("", text)
    return _CARRIAGE_RETURN.sub("", text)


def merge_streams(outputs: list[NotebookNode]) -> list[NotebookNode]:
    """Join each stream's pieces, in order, into one output at the first piece's place.

    Args:
        outputs: A code cell's outputs; stream outputs are changed in place.

    Returns:
        The outputs with one stream output per stream name (stdout placed before stderr
        when both are there, as MyST-NB does); other outputs keep their order.
    """
    merged: list[NotebookNode] = []
    streams: dict[str, NotebookNode] = {}
    pieces: dict[str, list[str]] = {}
    for output in outputs:
        if output["output_type"] != "stream":
            merged.append(output)
        elif output["name"] in streams:
            pieces[output["name"]].append(output["text"])
        else:
            streams[output["name"]] = output
            pieces[output["name"]] = [output["text"]]
            merged.append(output)
    for name, stream in streams.items():
        stream["text"] = _apply_control_characters("".join(pieces[name]).rstrip() + "\n")
    stdout, stderr = streams.get("stdout"), streams.get("stderr")
    if stdout is not None and stderr is not None:
        first, second = merged.index(stdout), merged.index(stderr)
        if second < first:
            merged[second], merged[first] = stdout, stderr
    return merged


#: How rich (rich/jupyter.py, JUPYTER_HTML_FORMAT) starts the HTML of each display.
RICH_HTML_START = '<pre style="white-space:pre;overflow-x:auto;line-height:normal;'


def _is_rich_display(output: NotebookNode) -> bool:
    data = output.get("data", {})
    return (
        output["output_type"] == "display_data"
        and set(data) == {"text/plain", "text/html"}
        and data["text/html"].startswith(RICH_HTML_START)
    )


def merge_rich_displays(outputs: list[NotebookNode]) -> list[NotebookNode]:
    """Join each run of consecutive rich console displays into its first display.

    Args:
        outputs: A code cell's outputs, left unchanged (a page can be rendered more than
            once from the same notebook, and its download is written from it too).

    Returns:
        The outputs, one display per run of rich displays (a new one where displays were
        joined); other outputs are the same objects.
    """
    merged: list[NotebookNode] = []
    previous = None
    for output in outputs:
        if merged and _is_rich_display(output) and _is_rich_display(merged[-1]):
            if merged[-1] is previous:  # the run's first display: join into a copy of it
                merged[-1] = copy.deepcopy(previous)
            for mime in ("text/plain", "text/html"):
                merged[-1]["data"][mime] += output["data"][mime]
        else:
            merged.append(output)
        previous = output
    return merged


def merge_outputs(outputs: list[NotebookNode]) -> list[NotebookNode]:
    """:func:`merge_streams`, then :func:`merge_rich_displays`: what a page shows of a cell."""
    return merge_rich_displays(merge_streams(outputs))
