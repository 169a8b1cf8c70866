"""Figures, tested by structure (axes, artists, labels, data ranges), not pixels."""

from __future__ import annotations

import io

import numpy as np
import pytest

from conftest import assert_names_argument
from densebook import (
    build_dense,
    fit_linear_separator,
    glorot_limit,
    lift_features,
    make_circles,
    tf_and_keras,
)
from densebook.plot import (
    MAX_DRAWN_NEURONS,
    plot_kernel_heatmap,
    plot_kernel_trick,
    plot_neuron_diagram,
    plot_shape_flow,
    plot_similarity_weighting,
    plot_weight_histogram,
)


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


def test_similarity_weighting_bars_are_the_weights() -> None:
    fig = plot_similarity_weighting([0.0, 1.0, 2.0, 3.0], [1.0, 2.0, 0.0, 1.0], 1.2, gamma=1.0)
    heights = [p.get_height() for p in fig.axes[1].patches]
    assert sum(heights) == pytest.approx(1.0)
    assert int(np.argmax(heights)) == 1


def test_figures_are_byte_identical_when_drawn_twice() -> None:
    layer = build_dense(4, (2,), seed=0)
    assert _png(plot_neuron_diagram(layer)) == _png(plot_neuron_diagram(layer))


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
