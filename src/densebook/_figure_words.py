"""The words inside densebook's figures, in each language a figure can be drawn in.

One entry per piece of text; each is a :meth:`str.format` template whose fields the figure
fills with its numbers, so every language shows the same numbers. The Chinese is the book's
Traditional Chinese (Taiwan): its terms are the glossary's (權重, 偏差, 核, 單元, 訓練週期).
Names the code uses (``x``, ``W``, ``relu``, a layer's name) stay as they are in both.
"""

from __future__ import annotations

#: The languages a figure can be drawn in, English first.
LANGUAGES = ("en", "zh_TW")

WORDS: dict[str, dict[str, str]] = {
    "inputs": {"en": "{n} inputs", "zh_TW": "{n} 個輸入"},
    "units": {"en": "{n} units", "zh_TW": "{n} 個單元"},
    "neuron_title": {
        "en": "{name}: {rows} × {units} = {size} weights",  # noqa: RUF001 (a real times sign)
        "zh_TW": "{name}：{rows} × {units} = {size} 個權重",  # noqa: RUF001
    },
    "weight": {"en": "weight", "zh_TW": "權重"},
    "unit_axis": {"en": "unit (column of W)", "zh_TW": "單元（W 的行）"},
    "input_axis": {"en": "input (row of W)", "zh_TW": "輸入（W 的列）"},
    "box_input": {"en": "input x", "zh_TW": "輸入 x"},
    "box_kernel": {"en": "kernel W", "zh_TW": "核 W"},
    "box_bias": {"en": "bias b", "zh_TW": "偏差 b"},
    "box_output": {"en": "output y", "zh_TW": "輸出 y"},
    "last_axis": {
        "en": "only the last axis ({last}) meets the kernel;\n"
        "the leading axes {leading} pass through unchanged",
        "zh_TW": "只有最後一軸（{last}）與核相乘；\n前面的軸 {leading} 原樣保留",
    },
    "weight_value": {"en": "weight value", "zh_TW": "權重值"},
    "weight_count": {"en": "number of weights", "zh_TW": "權重個數"},
    "histogram_title": {
        "en": "{size} weights of a ({fan_in}, {fan_out}) kernel\ndashed: ±{limit}",
        "zh_TW": "形狀 ({fan_in}, {fan_out}) 的核，共 {size} 個權重\n虛線：±{limit}",
    },
    "inner_circle": {"en": "inner circle (0)", "zh_TW": "內圈 (0)"},
    "outer_circle": {"en": "outer circle (1)", "zh_TW": "外圈 (1)"},
    "flat_title": {
        "en": "2-D: no straight line\nseparates them",
        "zh_TW": "二維：沒有一條直線\n能把它們分開",
    },
    "lifted_title": {
        "en": "3-D lift (x, y, x² + y²): a plane\nseparates them, accuracy {accuracy}",
        "zh_TW": "提升到三維 (x, y, x² + y²)：\n一個平面就能分開，準確率 {accuracy}",
    },
    "known_points": {"en": "known points", "zh_TW": "已知的點"},
    "prediction": {"en": "prediction", "zh_TW": "預測值"},
    "value": {"en": "value", "zh_TW": "值"},
    "average_title": {
        "en": "weighted average at x = {query}: {prediction}",
        "zh_TW": "x = {query} 的加權平均：{prediction}",
    },
    "position": {"en": "position", "zh_TW": "位置"},
    "same_start": {"en": "same start", "zh_TW": "相同的起點"},
    "random_start": {"en": "random start", "zh_TW": "隨機的起點"},
    "epoch": {"en": "epoch", "zh_TW": "訓練週期"},
    "weight_from_input": {"en": "weight from input 1", "zh_TW": "來自輸入 1 的權重"},
    "unit": {"en": "unit {n}", "zh_TW": "單元 {n}"},
    "input_x": {"en": "input x", "zh_TW": "輸入 x"},
    "output": {"en": "output", "zh_TW": "輸出"},
    "learning_rate": {"en": "learning rate {rate}", "zh_TW": "學習率 {rate}"},
    "log_loss": {"en": "loss (log scale)", "zh_TW": "損失（對數刻度）"},
}


def check_language(language: object) -> str:
    """Return ``language`` if figures can be drawn in it, else raise naming the choices."""
    if not isinstance(language, str):
        raise TypeError(f"language must be a string, one of {LANGUAGES}, got {language!r}")
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    return language


def word(language: str, key: str, **fields: object) -> str:
    """The text ``key`` in ``language``, with ``fields`` filled in."""
    return WORDS[key][language].format(**fields)
