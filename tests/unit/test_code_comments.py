"""Code comments in the Chinese edition: translated, wrapped to fit, the code unchanged."""

from __future__ import annotations

import io
import tokenize
import unicodedata

from densebook_sphinx.editions.code_comments import WIDTH, comments, translate_code, wrap

CODE = """\
import keras  # Keras 3

# Build the layer
# on its first call.
layer = keras.layers.Dense(4)
if True:
    # inside a block
    layer.build((None, 2))
"""


def _code_tokens(code: str) -> list[tuple[int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    return [(t.type, t.string) for t in tokens if t.type not in (tokenize.COMMENT, tokenize.NL)]


def _columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_a_block_of_comment_lines_is_one_message() -> None:
    assert comments(CODE) == ["Keras 3", "Build the layer on its first call.", "inside a block"]


def test_translated_comments_leave_the_code_as_it_was() -> None:
    messages = {
        "Keras 3": "Keras 3 的寫法",
        "Build the layer on its first call.": "層在第一次被呼叫時建構。",
        "inside a block": "在區塊裡",
    }
    translated, missing = translate_code(CODE, messages)
    assert missing == []
    assert translated.splitlines() == [
        "import keras  # Keras 3 的寫法",
        "",
        "# 層在第一次被呼叫時建構。",
        "layer = keras.layers.Dense(4)",
        "if True:",
        "    # 在區塊裡",
        "    layer.build((None, 2))",
    ]
    assert _code_tokens(translated) == _code_tokens(CODE)


def test_untranslated_comments_are_reported_and_kept() -> None:
    translated, missing = translate_code(CODE, {"Keras 3": "Keras 3 的寫法"})
    assert missing == ["Build the layer on its first call.", "inside a block"]
    assert "# Build the layer\n# on its first call.\n" in translated


def test_a_long_translation_is_wrapped_to_fit_the_page() -> None:
    long = "每一行都不能超過頁面的寬度，否則讀者得左右捲動，" * 4 + "（tf_and_keras）。"
    translated, _ = translate_code("    # long\n    x = 1\n", {"long": long})
    lines = translated.splitlines()
    assert all(_columns(line) <= WIDTH for line in lines), lines
    assert all(line.startswith("    # ") for line in lines[:-1])
    assert "".join(line[6:] for line in lines[:-1]) == long
    assert not any(line[6] in "，。）" for line in lines[:-1])


def test_wrap_keeps_words_of_code_whole() -> None:
    assert wrap("看 densebook.tf_and_keras 的說明", 12) == [
        "看",
        "densebook.tf_and_keras",
        "的說明",
    ]


def test_without_translations_a_cell_is_left_as_it_is_and_its_comments_reported() -> None:
    magic = "%%bash\necho 'not python' # nor this\n"
    assert translate_code(magic, {}) == (magic, comments(magic))


def test_an_inline_comment_too_wide_beside_its_code_moves_above_it() -> None:
    code = "    design = np.column_stack([features, np.ones(len(features))])  # ones: the offset\n"
    translated, _ = translate_code(code, {"ones: the offset": "全為 1 的行（column）：截距項"})
    assert translated.splitlines() == [
        "    # 全為 1 的行（column）：截距項",
        "    design = np.column_stack([features, np.ones(len(features))])",
    ]
    assert _code_tokens(translated) == _code_tokens(code)
