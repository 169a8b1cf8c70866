"""Reading times: what counts as prose, and how the minutes are rounded."""

from __future__ import annotations

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from densebook_sphinx.html.reading_time import (
    HAN_PER_MINUTE,
    MINUTES_PER_CELL,
    WORDS_PER_MINUTE,
    count,
    minutes,
)


def _page(*children: nodes.Node) -> nodes.document:
    document = new_document("page", get_default_settings(Parser))
    document.extend(children)
    return document


def _cell(code: str, output: str) -> nodes.container:
    return nodes.container(
        "",
        nodes.container("", nodes.literal_block(code, code), classes=["cell_input"]),
        nodes.container("", nodes.literal_block(output, output), classes=["cell_output"]),
        classes=["cell"],
    )


def test_prose_counts_and_code_and_outputs_do_not() -> None:
    page = _page(
        nodes.title("", "Lazy weights"),
        nodes.paragraph(
            "", "", nodes.Text("Call the "), nodes.literal("", "layer"), nodes.Text(" once.")
        ),
        _cell("layer = keras.layers.Dense(4)\nprint(layer.weights)", "[] lots of output words"),
        nodes.literal_block("not prose either", "not prose either"),
    )
    assert count(page) == (6, 0, 1)  # Lazy weights / Call the layer once


def test_chinese_characters_count_one_by_one_beside_latin_words() -> None:
    page = _page(nodes.paragraph("", "呼叫 layer 一次，權重就建好了。"))
    assert count(page) == (1, 10, 0)


def test_minutes_are_rounded_up_and_at_least_one() -> None:
    assert minutes(0, 0, 0) == 1
    assert minutes(WORDS_PER_MINUTE, 0, 0) == 1
    assert minutes(WORDS_PER_MINUTE + 1, 0, 0) == 2
    assert minutes(0, 2 * HAN_PER_MINUTE, 0) == 2
    assert minutes(WORDS_PER_MINUTE, 0, round(2 / MINUTES_PER_CELL)) == 3
