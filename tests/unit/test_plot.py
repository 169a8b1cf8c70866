"""Figures, tested by structure (axes, artists, labels, data ranges), not pixels."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest

from densebook import (
    _figure_font,
    build_dense,
    fit_linear_separator,
    glorot_limit,
    lift_features,
    make_circles,
    tf_and_keras,
)
from densebook.plot import (
    LANGUAGES,
    MAX_DRAWN_NEURONS,
    MAX_WIDTH_IN,
    MIN_FONT_PT,
    FigureText,
    figure_texts,
    in_language,
    overlapping_texts,
    plot_bias_and_activation,
    plot_kernel_heatmap,
    plot_kernel_trick,
    plot_loss_curves,
    plot_neuron_diagram,
    plot_shape_flow,
    plot_similarity_weighting,
    plot_symmetry,
    plot_weight_histogram,
    split_multilingual_svg,
    to_multilingual_svg,
    to_svg,
)
from helpers import assert_names_argument


def _png(fig: object) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")  # type: ignore[attr-defined]
    return buffer.getvalue()


def test_neuron_diagram_one_edge_and_label_per_weight() -> None:
    layer = build_dense(4, (3, 4, 2), seed=0)
    fig = plot_neuron_diagram(layer)
    ax = fig.axes[0]
    kernel = layer.kernel.numpy()
    assert len(ax.lines) == kernel.size
    labels = {t.get_text() for t in ax.texts}
    for weight in kernel.ravel():
        assert f"{weight:+.3f}" in labels
    assert {"x0", "x1", "u0", "u3"} <= labels
    widths = np.array([line.get_linewidth() for line in ax.lines])
    # The widest edge is the largest |weight|.
    assert np.argmax(widths) == np.argmax(np.abs(kernel).ravel())
    assert "8 weights" in ax.get_title()


def test_kernel_heatmap_shows_the_kernel() -> None:
    layer = build_dense(3, (5,), seed=1)
    fig = plot_kernel_heatmap(layer)
    image = fig.axes[0].images[0]
    np.testing.assert_allclose(image.get_array(), layer.kernel.numpy(), rtol=1e-6)
    assert len(fig.axes[0].texts) == 15
    assert fig.axes[0].get_title().endswith("/kernel")


def test_shape_flow_labels_every_shape() -> None:
    fig = plot_shape_flow((3, 4, 2), 4)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert [t for t in texts if t.startswith("(")] == ["(3, 4, 2)", "(2, 4)", "(4,)", "(3, 4, 4)"]
    assert len(fig.axes[0].patches) == 4


def test_weight_histogram_counts_every_weight_within_the_bound() -> None:
    layer = build_dense(32, (64,), seed=2)
    fig = plot_weight_histogram(layer, bins=16)
    ax = fig.axes[0]
    assert sum(p.get_height() for p in ax.patches) == 64 * 32
    limit = glorot_limit(64, 32)
    assert sorted(line.get_xdata()[0] for line in ax.lines) == pytest.approx([-limit, limit])


def test_kernel_trick_has_2d_and_3d_axes_with_both_classes() -> None:
    points, labels = make_circles(30, seed=0)
    sep = fit_linear_separator(lift_features(points), labels)
    fig = plot_kernel_trick(points, labels, sep)
    flat, space = fig.axes
    assert space.name == "3d"
    assert len(flat.collections) == 2
    assert sum(len(c.get_offsets()) for c in flat.collections) == 60
    assert "100%" in space.get_title()


def _kernel_histories() -> tuple[np.ndarray, np.ndarray]:
    """Kernels recorded over 41 epochs as the initialization page records them: a start
    where the three units are equal and stay so, and one where they differ."""
    steps = np.linspace(0.0, 1.0, 41)[:, None, None]
    same = np.ones((41, 2, 3)) + 0.4 * steps
    rng = np.random.default_rng(0)
    different = rng.uniform(-1.0, 1.0, size=(1, 2, 3)) + steps * rng.normal(size=(1, 2, 3))
    return same, different


def _bias_curves() -> tuple[np.ndarray, dict[str, dict[float, np.ndarray]]]:
    """One unit's outputs as the bias page computes them (here with NumPy)."""
    xs = np.linspace(-5.0, 5.0, 101)
    biases = (-2.0, 0.0, 2.0)
    return xs, {
        "relu": {b: np.maximum(xs + b, 0.0) for b in biases},
        "sigmoid": {b: 1.0 / (1.0 + np.exp(-(xs + b))) for b in biases},
    }


def test_symmetry_draws_one_line_per_unit_from_each_start() -> None:
    same, different = _kernel_histories()
    fig = plot_symmetry(same, different)
    left, right = fig.axes
    assert [ax.get_title() for ax in (left, right)] == ["same start", "random start"]
    for ax, history in ((left, same), (right, different)):
        assert len(ax.lines) == 3
        for unit, line in enumerate(ax.lines):
            np.testing.assert_array_equal(line.get_ydata(), history[:, 0, unit])


def test_symmetry_refuses_histories_of_other_shapes() -> None:
    same, different = _kernel_histories()
    with pytest.raises(ValueError, match=r"random_start must have the shape of same_start"):
        plot_symmetry(same, different[:, :, :2])
    with pytest.raises(ValueError, match=r"same_start must have shape \(steps, inputs, units\)"):
        plot_symmetry(same[0], different)
    with pytest.raises(TypeError) as excinfo:
        plot_symmetry("kernels", different)  # type: ignore[arg-type]
    assert "same_start" in str(excinfo.value)


def test_bias_and_activation_draws_each_curve_it_is_given() -> None:
    xs, outputs = _bias_curves()
    fig = plot_bias_and_activation(xs, outputs)
    assert [ax.get_title() for ax in fig.axes] == ["relu", "sigmoid"]
    for ax, curves in zip(fig.axes, outputs.values(), strict=True):
        lines = [line for line in ax.lines if line.get_label().startswith("b = ")]
        assert [line.get_label() for line in lines] == ["b = -2", "b = 0", "b = 2"]
        for line, ys in zip(lines, curves.values(), strict=True):
            np.testing.assert_array_equal(line.get_ydata(), ys)


def test_bias_and_activation_refuses_mismatched_curves() -> None:
    xs, outputs = _bias_curves()
    with pytest.raises(ValueError, match=r"outputs\['sigmoid'\] must have the biases"):
        plot_bias_and_activation(xs, {**outputs, "sigmoid": {0.0: xs}})
    with pytest.raises(ValueError, match=r"must have the shape of inputs"):
        plot_bias_and_activation(xs, {"relu": {0.0: xs[:-1]}})
    with pytest.raises(TypeError, match=r"outputs must be a non-empty dict"):
        plot_bias_and_activation(xs, [])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"inputs must be one-dimensional"):
        plot_bias_and_activation(np.ones((2, 2)), outputs)


def _loss_curves() -> dict[float, list[float]]:
    """Losses over 20 epochs as the training page's three learning rates give them."""
    epochs = np.arange(20)
    return {
        0.01: list(4.5 * 0.97**epochs),
        0.1: list(4.2 * 0.7**epochs),
        4.5: list(7.5 * 10.0**epochs),
    }


def test_loss_curves_draw_one_line_per_learning_rate_on_a_log_scale() -> None:
    curves = _loss_curves()
    ax = plot_loss_curves(curves).axes[0]
    assert ax.get_yscale() == "log"
    labels = [line.get_label() for line in ax.lines]
    assert labels == ["learning rate 0.01", "learning rate 0.1", "learning rate 4.5"]
    for line, values in zip(ax.lines, curves.values(), strict=True):
        np.testing.assert_allclose(line.get_ydata(), values)
        assert list(line.get_xdata()) == list(range(1, 21))


def test_loss_curves_refuse_what_a_log_scale_cannot_show() -> None:
    with pytest.raises(ValueError, match=r"losses\[0.1\] must be one loss per epoch, each > 0"):
        plot_loss_curves({0.1: [1.0, 0.0]})
    with pytest.raises(ValueError, match=r"must contain only finite numbers"):
        plot_loss_curves({0.1: [1.0, float("inf")]})
    with pytest.raises(ValueError, match=r"losses\[2.0\] must have one value per epoch"):
        plot_loss_curves({0.1: [1.0, 0.5], 2.0: [1.0]})
    with pytest.raises(TypeError) as excinfo:
        plot_loss_curves({"fast": [1.0]})  # type: ignore[dict-item]
    assert_names_argument(excinfo, "losses", "fast")


def test_similarity_weighting_bars_are_the_weights() -> None:
    fig = plot_similarity_weighting([0.0, 1.0, 2.0, 3.0], [1.0, 2.0, 0.0, 1.0], 1.2, gamma=1.0)
    heights = [p.get_height() for p in fig.axes[1].patches]
    assert sum(heights) == pytest.approx(1.0)
    assert int(np.argmax(heights)) == 1


def test_figures_are_byte_identical_when_drawn_twice() -> None:
    layer = build_dense(4, (2,), seed=0)
    assert _png(plot_neuron_diagram(layer)) == _png(plot_neuron_diagram(layer))
    first, second = to_svg(plot_neuron_diagram(layer)), to_svg(plot_neuron_diagram(layer))
    assert first == second
    assert "<dc:date>" not in first


def _book_figures() -> dict[str, object]:
    """Each figure function, called as the book's pages call it."""
    points, labels = make_circles(200, seed=0)
    positions = np.arange(0.0, 10.0)
    return {
        "neuron": plot_neuron_diagram(build_dense(4, (3, 4, 2), seed=0)),
        "heatmap": plot_kernel_heatmap(build_dense(4, (3, 4, 2), seed=0)),
        "shape flow": plot_shape_flow((3, 4, 2), 4),
        "histogram": plot_weight_histogram(build_dense(256, (512,), seed=0)),
        "kernel trick": plot_kernel_trick(
            points, labels, fit_linear_separator(lift_features(points), labels)
        ),
        "similarity": plot_similarity_weighting(
            positions, np.sin(positions / 2) * 3 + positions / 2, 4.3, gamma=0.5
        ),
        "symmetry": plot_symmetry(*_kernel_histories()),
        "bias and activation": plot_bias_and_activation(*_bias_curves()),
        "loss curves": plot_loss_curves(_loss_curves()),
    }


@pytest.fixture(scope="module")
def book_figures() -> dict[str, object]:
    return _book_figures()


def test_book_figures_fit_a_phone(book_figures: dict[str, object]) -> None:
    """Narrow enough, with text large enough, to read once shrunk to a phone's width."""
    for name, fig in book_figures.items():
        assert fig.get_figwidth() <= MAX_WIDTH_IN, name  # type: ignore[attr-defined]
        sizes = [t.size_pt for t in figure_texts(fig)]  # type: ignore[arg-type]
        assert len(sizes) >= 3, name
        assert min(sizes) >= MIN_FONT_PT, (name, sorted(sizes)[:3])


def test_no_two_texts_of_a_book_figure_overlap(book_figures: dict[str, object]) -> None:
    assert {name: overlapping_texts(fig) for name, fig in book_figures.items()} == {  # type: ignore[arg-type]
        name: [] for name in book_figures
    }


def test_every_weight_of_the_neuron_diagram_keeps_its_label(
    book_figures: dict[str, object],
) -> None:
    texts = {t.text for t in figure_texts(book_figures["neuron"])}  # type: ignore[arg-type]
    kernel = build_dense(4, (3, 4, 2), seed=0).kernel.numpy()
    assert {f"{w:+.3f}" for w in kernel.ravel()} <= texts


def test_svg_records_each_drawn_text_with_its_size(book_figures: dict[str, object]) -> None:
    fig = book_figures["shape flow"]
    svg = to_svg(fig)  # type: ignore[arg-type]
    ids = re.findall(r'<g id="text-([0-9.]+)pt-[0-9]+"', svg)
    assert len(ids) == len(figure_texts(fig))  # type: ignore[arg-type]
    assert {float(size) for size in ids} == {t.size_pt for t in figure_texts(fig)}  # type: ignore[arg-type]
    assert '<g id="text_' not in svg
    # Text stays text (lighter than glyph outlines, and selectable): no glyph definitions.
    assert svg.count("<text ") >= len(ids)
    assert 'xlink:href="#DejaVuSans' not in svg


def test_overlapping_texts_are_found_and_refused() -> None:
    fig = plot_shape_flow((3, 2), 4)
    fig.axes[0].text(0.8, 0.95, "input x", ha="center", va="center")  # on top of a label
    assert ("input x", "input x") in overlapping_texts(fig)
    with pytest.raises(ValueError, match=r"overlapping texts: .*'input x'"):
        to_svg(fig)


def test_boxes_overlap_only_when_they_share_area() -> None:
    a = FigureText("a", 11.0, (0.0, 0.0, 10.0, 10.0))
    assert a.overlaps(FigureText("b", 11.0, (9.0, 9.0, 20.0, 20.0)))
    assert not a.overlaps(FigureText("c", 11.0, (10.2, 0.0, 20.0, 10.0)))  # touching
    assert not a.overlaps(FigureText("d", 11.0, (0.0, 11.0, 10.0, 20.0)))


def test_a_large_kernel_is_drawn_without_value_labels() -> None:
    fig = plot_neuron_diagram(build_dense(4, (4,), seed=0))  # 16 weights: no room here
    assert overlapping_texts(fig) == []
    heatmap = plot_kernel_heatmap(build_dense(12, (6,), seed=0))
    assert len(heatmap.axes[0].texts) == 0
    assert overlapping_texts(heatmap) == []


def test_figure_functions_refuse_what_is_not_a_figure() -> None:
    for function in (to_svg, figure_texts, overlapping_texts):
        with pytest.raises(TypeError) as excinfo:
            function("figure.svg")  # type: ignore[arg-type]
        assert_names_argument(excinfo, "figure", "figure.svg")


def test_figures_refuse_bad_input() -> None:
    _, keras = tf_and_keras()
    with pytest.raises(ValueError, match="at most 12") as excinfo:
        plot_neuron_diagram(build_dense(MAX_DRAWN_NEURONS + 1, (2,), seed=0))
    assert "layer" in str(excinfo.value)
    with pytest.raises(ValueError, match="not built"):
        plot_kernel_heatmap(keras.layers.Dense(2))
    with pytest.raises(TypeError) as excinfo:
        plot_weight_histogram(build_dense(2, (2,), seed=0), bins=2.5)  # type: ignore[arg-type]
    assert_names_argument(excinfo, "bins", 2.5)
    with pytest.raises(ValueError, match="sizes >= 1") as excinfo:
        plot_shape_flow((3, 0), 4)
    assert_names_argument(excinfo, "input_shape", (3, 0))
    with pytest.raises(TypeError) as excinfo:
        plot_similarity_weighting([0.0, 1.0], [1.0, 2.0], "x", gamma=1.0)  # type: ignore[arg-type]
    assert_names_argument(excinfo, "query", "x")


# --- The Chinese figures --------------------------------------------------------------------

_HAN = re.compile(r"[\u4e00-\u9fff]")
_NUMBER = re.compile(r"[-+−]?\d+(?:\.\d+)?")  # noqa: RUF001 (matplotlib's minus sign)


@pytest.fixture(scope="module")
def chinese_figures(book_figures: dict[str, object]) -> dict[str, object]:
    return {name: in_language(fig, "zh_TW") for name, fig in book_figures.items()}  # type: ignore[arg-type]


def test_chinese_figures_fit_a_phone_without_overlaps(chinese_figures: dict[str, object]) -> None:
    for name, fig in chinese_figures.items():
        assert fig.get_figwidth() <= MAX_WIDTH_IN, name  # type: ignore[attr-defined]
        assert min(t.size_pt for t in figure_texts(fig)) >= MIN_FONT_PT, name  # type: ignore[arg-type]
        assert overlapping_texts(fig) == [], name  # type: ignore[arg-type]


def test_chinese_figures_show_the_same_numbers_in_chinese_words(
    book_figures: dict[str, object], chinese_figures: dict[str, object]
) -> None:
    """The same data and every number of the words, and no English word but code's names.

    Tick labels are left out of the numbers: matplotlib picks the ticks from the space the
    axes get, and the Chinese labels take other room (the histogram gets another tick)."""
    names = {"dense", "kernel", "relu", "sigmoid", "tanh", "linear", "x", "y", "W", "b", "u"}
    for name, english in book_figures.items():
        chinese = chinese_figures[name]
        assert _drawn_data(english) == _drawn_data(chinese), name
        # English names dimensions by digit ("2-D"), Chinese by character (二維).
        en_words, zh_words = re.sub(r"\b[23]-D\b", "", _words(english)), _words(chinese)
        assert sorted(_NUMBER.findall(en_words)) == sorted(_NUMBER.findall(zh_words)), name
        assert _HAN.search(zh_words), name
        english_words = set(re.findall(r"[A-Za-z]+", zh_words)) - names
        assert english_words == set(), name


def _words(fig: object) -> str:
    """Every drawn text of the figure but its tick labels, joined."""
    ticks = {  # the ticks matplotlib made while drawing (asking for more would make more)
        id(label)
        for ax in fig.axes  # type: ignore[attr-defined]
        for axis in (ax.xaxis, ax.yaxis, getattr(ax, "zaxis", None))
        if axis is not None
        for tick in (*axis.majorTicks, *axis.minorTicks)
        for label in (tick.label1, tick.label2)
    }
    from matplotlib.text import Text

    return " ".join(
        t.get_text()
        for t in fig.findobj(Text)  # type: ignore[attr-defined]
        if id(t) not in ticks and t.get_visible() and t.get_text().strip()
    )


def _drawn_data(fig: object) -> list[list[float]]:
    """The data of every line, bar and marker the figure draws."""
    data = []
    for ax in fig.axes:  # type: ignore[attr-defined]
        data += [np.asarray(line.get_xydata()).ravel().tolist() for line in ax.lines]
        data += [[p.get_x(), p.get_height()] for p in ax.patches if hasattr(p, "get_height")]
        data += [np.asarray(c.get_offsets()).ravel().tolist() for c in ax.collections]
    return data


def test_chinese_svg_carries_the_glyphs_it_draws(chinese_figures: dict[str, object]) -> None:
    import base64

    from fontTools.ttLib import TTFont

    for name, fig in chinese_figures.items():
        svg = to_svg(fig)  # type: ignore[arg-type]
        (encoded,) = re.findall(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", svg)
        cmap = TTFont(io.BytesIO(base64.b64decode(encoded))).getBestCmap()
        drawn = "".join(t.text for t in figure_texts(fig)).replace("\n", "")  # type: ignore[arg-type]
        assert {c for c in drawn if ord(c) not in cmap} == set(), name
        assert f'font-family: "{_figure_font.FAMILY}"' in svg, name
        assert re.search(r"font-family: '" + _figure_font.FAMILY, svg), name


def test_the_shipped_font_holds_every_character_of_the_figure_words() -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(str(_figure_font.FONT_PATH))
    cmap = font.getBestCmap()
    assert {c for c in _figure_font.characters() if ord(c) not in cmap} == set()
    assert font["name"].getDebugName(1) == _figure_font.FAMILY
    assert font["OS/2"].usWeightClass == 400
    assert "fvar" not in font  # a fixed weight, not the variable font's Thin default


def test_a_multilingual_svg_splits_into_each_languages_own_svg(
    book_figures: dict[str, object],
) -> None:
    fig = book_figures["shape flow"]
    parts = split_multilingual_svg(to_multilingual_svg(fig))  # type: ignore[arg-type]
    assert sorted(parts) == sorted(LANGUAGES)
    assert parts["en"] == to_svg(fig)  # type: ignore[arg-type]
    assert parts["zh_TW"] == to_svg(in_language(fig, "zh_TW"))  # type: ignore[arg-type]
    chinese_first = plot_shape_flow((3, 4, 2), 4, language="zh_TW")
    assert split_multilingual_svg(to_multilingual_svg(chinese_first)) == parts


def test_languages_are_checked_and_named() -> None:
    with pytest.raises(ValueError, match="language must be one of") as excinfo:
        plot_shape_flow((3, 2), 4, language="fr")
    assert_names_argument(excinfo, "language", "fr")
    with pytest.raises(TypeError) as excinfo:
        in_language(plot_shape_flow((3, 2), 4), None)  # type: ignore[arg-type]
    assert_names_argument(excinfo, "language", None)
    from matplotlib.figure import Figure

    with pytest.raises(ValueError, match=r"figure must be drawn by a densebook\.plot function"):
        in_language(Figure(), "zh_TW")
    with pytest.raises(TypeError) as excinfo:
        split_multilingual_svg(b"<svg/>")  # type: ignore[arg-type]
    assert "svg" in str(excinfo.value)
