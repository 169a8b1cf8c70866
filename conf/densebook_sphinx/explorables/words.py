"""The words of the explorables' controls and fallbacks, per edition."""

from __future__ import annotations

from typing import Final

_WORDS: Final = {
    "en": {
        "call": "Call the layer",
        "reset": "Start again",
        "no_weights": "layer.weights: [] (no weights yet: call the layer)",
        "weights": "layer.weights: kernel {kernel_shape}, bias {bias_shape}",
        "bias_input": "bias of every unit",
        "diagram_label": "The layer: 2 inputs joined to 4 units",
        "connection": "x{i} to unit {j}: kernel entry W[{i},{j}] = {w}",
        "kernel_caption": "The kernel W (rows: inputs, columns: units)",
        "outputs": (
            "Outputs, computed in float32 the way Keras computes them (checked against Keras):"
        ),
        "focus_hint": "Hover over or tab to a connection to see its term.",
        "fallback_diagram": (
            "With scripts off, here is the layer's kernel and its output for the inputs "
            "x = (1, 1) with a zero bias."
        ),
        "rank": "Rank of the input",
        "axis": "Axis {n}",
        "last_axis": "Last axis (features)",
        "units": "Units",
        "shapes_result": (
            "input {input} → kernel {kernel}, bias {bias}, output {output}; parameters: {params}"
        ),
        "fallback_shapes": "With scripts off, a few of the shapes Keras built:",
        "head_input": "input",
        "head_kernel": "kernel",
        "head_bias": "bias",
        "head_output": "output",
        "head_params": "parameters",
        "rate": "Learning rate",
        "batch": "Batch size",
        "epochs": "Epoch",
        "curve_label": (
            "The loss fit reports for each epoch (the mean over its batches), on a log scale"
        ),
        "training_result": (
            "Epoch {epochs} ({steps} steps so far): mean loss {loss}; the "
            "largest change of any kernel entry from its start: {move}"
        ),
        "fallback_training": (
            "With scripts off: the loss fit reported for the 20th epoch, "
            "for each learning rate (rows) and batch size (columns)."
        ),
        "rate_batch": "rate \\ batch",
        "right": "Right.",
        "wrong": "Not quite.",
        "answer": "Answer",
    },
    "zh_TW": {
        "call": "呼叫這一層",
        "reset": "重新開始",
        "no_weights": "layer.weights：[]（還沒有權重，請先呼叫這一層）",
        "weights": "layer.weights：核 {kernel_shape}，偏差 {bias_shape}",
        "bias_input": "每個單元的偏差",
        "diagram_label": "這一層：2 個輸入連到 4 個單元",
        "connection": "x{i} 到單元 {j}：核的元素 W[{i},{j}] = {w}",
        "kernel_caption": "核 W（列：輸入，行：單元）",
        "outputs": "輸出（照 Keras 的算法以 float32 算出，並與 Keras 比對過）：",
        "focus_hint": (
            "把滑鼠移到任一條連線上，或用 Tab 鍵切換到連線，就會標出這條連線在加權和中的那一項。"
        ),
        "fallback_diagram": (
            "關閉指令碼時，這裡列出這一層的核，以及輸入 x = (1, 1)、偏差為零時的輸出。"
        ),
        "rank": "輸入的階數",
        "axis": "軸 {n}",
        "last_axis": "最後一軸（特徵）",
        "units": "單元數",
        "shapes_result": (
            "輸入 {input} → 核 {kernel}，偏差 {bias}，輸出 {output}；共 {params} 個參數"
        ),
        "fallback_shapes": "關閉指令碼時，這裡列出幾個由 Keras 建構出來的形狀：",
        "head_input": "輸入",
        "head_kernel": "核",
        "head_bias": "偏差",
        "head_output": "輸出",
        "head_params": "參數",
        "rate": "學習率",
        "batch": "批次大小",
        "epochs": "訓練週期",
        "curve_label": "fit 回報的每個訓練週期損失（該週期各批次的平均），對數刻度",
        "training_result": (
            "第 {epochs} 個訓練週期（到此共 {steps} 步）：平均損失 "
            "{loss}；核的各個權重與起始值相比，最大變動為 {move}"
        ),
        "fallback_training": (
            "關閉指令碼時，這裡列出 fit 在第 20 個訓練週期回報的損失（列：學習率，行：批次大小）。"
        ),
        "rate_batch": "學習率 \\ 批次大小",
        "right": "答對了。",
        "wrong": "不太對。",
        "answer": "答案",
    },
}


def words(language: str | None) -> dict[str, str]:
    """The words for a build's ``language`` (English for any language without its own)."""
    return _WORDS.get(language or "en", _WORDS["en"])
