"""The HTML of each kind of explorable: data, controls, live results and a static fallback.

Every explorable is one ``<div class="densebook-explorable">`` holding its data as JSON, a
``densebook-live`` part (hidden until the page script shows it) with native, labelled form
controls and ``aria-live`` results, and a ``densebook-fallback`` part that the script hides:
with scripts off, the fallback is what the reader gets. Numbers in the fallback are the
page's own (Keras's), printed in their shortest float32 form.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any

import numpy as np

from densebook_sphinx.explorables.words import words


def _f32(value: float) -> str:
    """The shortest text that reads back as this float32 (NumPy's repr, without a type).

    >>> _f32(0.1), _f32(1.0), _f32(-0.0)
    ('0.1', '1.0', '-0.0')
    """
    return str(np.float32(value))


def _shape(shape: list[int] | tuple[int, ...]) -> str:
    """A shape as Python prints a tuple.

    >>> _shape([4]), _shape([3, 4, 2])
    ('(4,)', '(3, 4, 2)')
    """
    return str(tuple(shape))


def _data(data: dict[str, Any]) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" class="densebook-data">{text}</script>'


def _select(uid: str, name: str, label: str, values: list[Any], chosen: Any) -> str:
    """A labelled ``<select>`` of ``values``, ``chosen`` selected."""
    options = "".join(
        f'<option value="{v}"{" selected" if v == chosen else ""}>{v}</option>' for v in values
    )
    return (
        f'<label>{html.escape(label)} <select name="{name}" id="{uid}-{name}">'
        f"{options}</select></label>"
    )


def _diagram(data: dict[str, Any], said: dict[str, str], uid: str) -> str:
    kernel = data["kernel"]
    inputs, units = len(kernel), len(kernel[0])
    largest = max(abs(w) for row in kernel for w in row) or 1.0
    height = 50 * max(inputs, units)
    ys_in = [height * (i + 0.5) / inputs for i in range(inputs)]
    ys_out = [height * (j + 0.5) / units for j in range(units)]
    lines = []
    for i in range(inputs):
        for j in range(units):
            w = kernel[i][j]
            label = html.escape(said["connection"].format(i=i, j=j, w=_f32(w)))
            colour = "#c0392b" if w >= 0 else "#2c6fbb"
            width = 1 + 5 * abs(w) / largest
            lines.append(
                f'<g class="densebook-connection" tabindex="0" role="button" '
                f'data-i="{i}" data-j="{j}" aria-label="{label}">'
                f'<line x1="60" y1="{ys_in[i]:.1f}" x2="260" y2="{ys_out[j]:.1f}" '
                f'stroke="{colour}" stroke-width="{width:.2f}"/></g>'
            )
    nodes_svg = [
        f'<circle cx="50" cy="{y:.1f}" r="14"/><text x="50" y="{y + 5:.1f}">x{i}</text>'
        for i, y in enumerate(ys_in)
    ] + [
        f'<circle cx="270" cy="{y:.1f}" r="14"/><text x="270" y="{y + 5:.1f}">y{j}</text>'
        for j, y in enumerate(ys_out)
    ]
    svg = (
        f'<svg class="densebook-diagram" viewBox="0 0 320 {height}" role="group" '
        f'aria-label="{html.escape(said["diagram_label"])}">'
        + "".join(lines)
        + "".join(nodes_svg)
        + "</svg>"
    )
    cells = "".join(
        "<tr>"
        + "".join(
            f'<td data-i="{i}" data-j="{j}"><code>{_f32(kernel[i][j])}</code></td>'
            for j in range(units)
        )
        + "</tr>"
        for i in range(inputs)
    )
    table = (
        f'<table class="densebook-kernel"><caption>{html.escape(said["kernel_caption"])}'
        f"</caption><tbody>{cells}</tbody></table>"
    )
    fields = "".join(
        f'<label>x{i} <input type="number" step="any" name="x{i}" value="{data["x"][i]}"></label>'
        for i in range(inputs)
    ) + (
        f'<label>{html.escape(said["bias_input"])} <input type="number" step="any" name="b" '
        'value="0"></label>'
    )
    weights = html.escape(
        said["weights"].format(kernel_shape=_shape([inputs, units]), bias_shape=_shape([units]))
    )
    live = (
        f'<div class="densebook-live" hidden>'
        f'<p><button type="button" class="densebook-call" aria-pressed="false">'
        f"{html.escape(said['call'])}</button> "
        f'<code class="densebook-weights" aria-live="polite" '
        f'data-empty="{html.escape(said["no_weights"])}" data-full="{weights}">'
        f"{html.escape(said['no_weights'])}</code></p>"
        f'<div class="densebook-fields">{fields}</div>'
        f'<div class="densebook-diagram-row">{svg}{table}</div>'
        f'<p class="densebook-hint">{html.escape(said["focus_hint"])}</p>'
        f'<p class="densebook-formula" aria-live="polite"></p>'
        f"<p>{html.escape(said['outputs'])} "
        f'<output class="densebook-outputs" aria-live="polite" for="{uid}-x0"></output></p>'
        "</div>"
    )
    fallback_outputs = ", ".join(_f32(y) for y in data["y_ones"])
    fallback = (
        f'<div class="densebook-fallback"><p>{html.escape(said["fallback_diagram"])}</p>'
        f"{table}<p><code>y = [{fallback_outputs}]</code></p></div>"
    )
    return live.replace('name="x0"', f'name="x0" id="{uid}-x0"', 1) + fallback


def _shapes(data: dict[str, Any], said: dict[str, str], uid: str) -> str:
    max_rank = max(data["ranks"])
    controls = [_select(uid, "rank", said["rank"], data["ranks"], 3)]
    for n in range(max_rank - 1):
        controls.append(
            _select(uid, f"axis{n}", said["axis"].format(n=n), data["leading"], data["leading"][-1])
        )
    controls.append(_select(uid, "last", said["last_axis"], data["last"], 2))
    controls.append(_select(uid, "units", said["units"], data["units"], 4))
    live = (
        '<div class="densebook-live" hidden>'
        f'<div class="densebook-fields">{"".join(controls)}</div>'
        f'<p><output class="densebook-shapes" aria-live="polite" for="{uid}-rank"></output></p>'
        "</div>"
    )
    heads = "".join(
        f"<th>{html.escape(said[k])}</th>"
        for k in ("head_input", "head_kernel", "head_bias", "head_output", "head_params")
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td><code>{v}</code></td>"
            for v in (_shape(shape), _shape(kernel), _shape(bias), _shape(output))
        )
        + f"<td>{params}</td></tr>"
        for shape, kernel, bias, output, params in data["fallback"]
    )
    fallback = (
        f'<div class="densebook-fallback"><p>{html.escape(said["fallback_shapes"])}</p>'
        f"<table><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table></div>"
    )
    return live + fallback


def _training(data: dict[str, Any], said: dict[str, str], uid: str) -> str:
    epochs = data["epochs"]
    controls = (
        _select(uid, "rate", said["rate"], data["rates"], data["rates"][1])
        + _select(uid, "batch", said["batch"], data["batches"], data["batches"][1])
        + f'<label>{html.escape(said["epochs"])} <input type="range" name="epochs" '
        f'id="{uid}-epochs" min="1" max="{epochs}" value="{epochs}"></label>'
    )
    live = (
        '<div class="densebook-live" hidden>'
        f'<div class="densebook-fields">{controls}</div>'
        f'<svg class="densebook-curve" viewBox="0 0 320 160" role="img" '
        f'aria-label="{html.escape(said["curve_label"])}"><polyline fill="none" '
        'stroke-width="2"/><text x="14" y="14"></text><text x="14" y="148"></text></svg>'
        f'<p><output class="densebook-training" aria-live="polite" for="{uid}-rate"></output></p>'
        "</div>"
    )
    heads = "".join(f"<th>{v}</th>" for v in data["batches"])
    rows = "".join(
        f"<tr><th>{rate}</th>"
        + "".join(
            f"<td>{float(data['runs'][f'{rate}|{batch}']['loss'][-1]):.4g}</td>"
            for batch in data["batches"]
        )
        + "</tr>"
        for rate in data["rates"]
    )
    fallback = (
        f'<div class="densebook-fallback"><p>{html.escape(said["fallback_training"])}</p>'
        f"<table><thead><tr><th>{html.escape(said['rate_batch'])}</th>{heads}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )
    return live + fallback


#: The words each kind's script writes itself (the others are in its HTML already).
SCRIPT_WORDS: dict[str, tuple[str, ...]] = {
    "diagram": ("call", "reset"),
    "shapes": ("shapes_result",),
    "training": ("training_result",),
}

#: Each kind of explorable and how its HTML is written.
KINDS: dict[str, Callable[[dict[str, Any], dict[str, str], str], str]] = {
    "diagram": _diagram,
    "shapes": _shapes,
    "training": _training,
}


def html_of(kind: str, data: dict[str, Any], language: str, uid: str) -> str:
    """One explorable's whole HTML, in ``language``: its data, live part and fallback."""
    said = words(language)
    script_words = {key: said[key] for key in SCRIPT_WORDS[kind]}
    words_json = json.dumps(script_words, ensure_ascii=False, sort_keys=True)
    return (
        f'<div class="densebook-explorable" id="{uid}" data-kind="{kind}" '
        f"data-words='{html.escape(words_json, quote=True)}'>"
        + _data(data)
        + KINDS[kind](data, said, uid)
        + "</div>"
    )
