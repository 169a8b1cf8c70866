"""Sphinx extension: merge a cell's stream outputs exactly, whatever their split.

A kernel sends what a cell prints in pieces whose boundaries depend on timing (ipykernel
flushes on a timer), so one ``print`` can arrive as two pieces. MyST-NB 1.4's
``coalesce_streams`` (used when ``nb_merge_streams`` is on) strips each piece and adds a
newline after it, so a piece boundary inside a line becomes a line break on the page: the
same cell could print ``identical = True`` in one build and ``identical =`` / ``True`` in
the next. Here the pieces are joined as they are, then treated as MyST-NB treats the whole
(trailing whitespace dropped, one final newline, ``\\r`` and ``\\b`` applied, stdout before
stderr), and MyST-NB's renderer is pointed at this function.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

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


def setup(app: Any) -> dict[str, Any]:
    """Point MyST-NB's renderer at :func:`merge_streams`."""
    from myst_nb.core import render  # type: ignore[import-untyped]

    render.coalesce_streams = merge_streams
    return {"parallel_read_safe": True, "parallel_write_safe": True}
