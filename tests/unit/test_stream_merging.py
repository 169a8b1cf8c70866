"""densebook_sphinx/html/stream_merging.py: a cell's printed pieces are joined exactly, whatever
their split.
"""

from __future__ import annotations

import copy

import nbformat
import pytest
from myst_nb.core.utils import coalesce_streams
from nbformat import NotebookNode
from rich.jupyter import JUPYTER_HTML_FORMAT

from densebook_sphinx.html.stream_merging import (
    RICH_HTML_START,
    merge_outputs,
    merge_rich_displays,
    merge_streams,
)


def _stream(name: str, text: str) -> NotebookNode:
    return nbformat.v4.new_output("stream", name=name, text=text)


def _texts(outputs: list[NotebookNode]) -> list[tuple[str, str]]:
    return [(o["name"], o["text"]) for o in outputs if o["output_type"] == "stream"]


@pytest.mark.parametrize(
    "pieces",
    [
        ["identical = True\nnext line\n"],
        ["identical =", " True\nnext line\n"],
        ["identical = ", "True\n", "next line\n"],
        ["iden", "tical = Tr", "ue\nnext", " line\n"],
    ],
)
def test_any_split_of_the_same_text_merges_to_the_same_text(pieces: list[str]) -> None:
    merged = merge_streams([_stream("stdout", piece) for piece in pieces])
    assert _texts(merged) == [("stdout", "identical = True\nnext line\n")]


def test_myst_nb_own_merge_breaks_a_line_at_a_piece_edge() -> None:
    """The upstream behaviour this module replaces (MyST-NB 1.4)."""
    merged = coalesce_streams([_stream("stdout", "identical ="), _stream("stdout", " True\n")])
    assert _texts(merged) == [("stdout", "identical =\n True\n")]


def test_streams_keep_their_place_and_stdout_comes_before_stderr() -> None:
    image = nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})
    outputs = [
        _stream("stderr", "warn"),
        _stream("stdout", "a"),
        image,
        _stream("stdout", "b\n"),
        _stream("stderr", "ing\n"),
    ]
    merged = merge_streams(outputs)
    assert [o["output_type"] for o in merged] == ["stream", "stream", "display_data"]
    assert _texts(merged) == [("stdout", "ab\n"), ("stderr", "warning\n")]


def test_carriage_returns_and_backspaces_are_applied_to_the_whole_text() -> None:
    merged = merge_streams(
        [_stream("stdout", "10%\r"), _stream("stdout", "100%\nab\x08"), _stream("stdout", "c\n")]
    )
    assert _texts(merged) == [("stdout", "100%\nac\n")]


def test_trailing_blank_lines_end_in_one_newline_as_on_the_page() -> None:
    merged = merge_streams([_stream("stdout", "x\n\n"), _stream("stdout", "\n")])
    assert _texts(merged) == [("stdout", "x\n")]


def test_the_renderer_uses_it_once_the_extension_is_set_up() -> None:
    from myst_nb.core import render

    from densebook_sphinx import upstream

    original = render.coalesce_streams
    try:
        upstream.replace_stream_merging(merge_outputs)
        assert render.coalesce_streams is merge_outputs
    finally:
        render.coalesce_streams = original


def _rich(text: str) -> NotebookNode:
    """A display as rich's Jupyter console sends it (rich/jupyter.py)."""
    html = JUPYTER_HTML_FORMAT.format(code=text)
    return nbformat.v4.new_output("display_data", data={"text/plain": text, "text/html": html})


def test_the_rich_display_marker_matches_the_installed_rich() -> None:
    assert JUPYTER_HTML_FORMAT.startswith(RICH_HTML_START)


def test_consecutive_rich_displays_become_one() -> None:
    """Keras 3's model.summary() sends one rich display per line: title, table, counts."""
    title, table, total = _rich('Model: "m"\n'), _rich("┏━┓\n┗━┛\n"), _rich("Total: 12\n")
    merged = merge_outputs([_stream("stdout", "before\n"), title, table, total])
    assert [o["output_type"] for o in merged] == ["stream", "display_data"]
    assert merged[1]["data"]["text/plain"] == 'Model: "m"\n┏━┓\n┗━┛\nTotal: 12\n'
    assert merged[1]["data"]["text/html"].count("<pre") == 3


def test_rich_displays_apart_or_other_displays_are_left_alone() -> None:
    figure = nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})
    outputs = [_rich("a\n"), figure, _rich("b\n"), _stream("stdout", "x\n"), _rich("c\n")]
    assert len(merge_outputs(outputs)) == 5


def test_joining_rich_displays_leaves_the_cell_outputs_unchanged() -> None:
    """MyST-NB renders from the notebook it also writes to the download: no side effects."""
    outputs = [_rich("a\n"), _rich("b\n"), _rich("c\n")]
    before = copy.deepcopy(outputs)
    once = merge_rich_displays(outputs)
    assert outputs == before
    assert merge_rich_displays(outputs) == once
    assert once[0]["data"]["text/plain"] == "a\nb\nc\n"


def test_consecutive_displays_rich_did_not_make_stay_apart() -> None:
    table = nbformat.v4.new_output(
        "display_data", data={"text/plain": "t", "text/html": "<table></table>"}
    )
    with_image = _rich("a\n")
    with_image["data"]["image/png"] = "iVBOR"
    outputs = [_rich("a\n"), table, _rich("b\n"), with_image, _rich("c\n")]
    assert merge_outputs(outputs) == outputs


def test_a_backspace_at_the_start_of_a_line_is_kept() -> None:
    """A backspace erases a character of its own line only, as a terminal does."""
    merged = merge_streams([_stream("stdout", "a\n\x08b\n")])
    assert _texts(merged) == [("stdout", "a\n\x08b\n")]
