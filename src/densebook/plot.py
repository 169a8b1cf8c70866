"""Figures drawn from real weights and real data; each function returns a matplotlib Figure.

The figures are built with :class:`matplotlib.figure.Figure` directly (no pyplot state), in
a fixed size and with matplotlib's bundled font, so the same data gives the same PNG bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from densebook import _validate
from densebook._initialization import glorot_limit
from densebook._kernel_methods import LinearSeparator, kernel_weighted_average, lift_features
from densebook._weights import check_built_dense

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "plot_kernel_heatmap",
    "plot_kernel_trick",
    "plot_neuron_diagram",
    "plot_shape_flow",
    "plot_similarity_weighting",
    "plot_weight_histogram",
]

#: Largest kernel the neuron diagram and heatmap draw legibly (per axis).
MAX_DRAWN_NEURONS = 12

_CMAP = "coolwarm"


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _small_kernel(layer: Any) -> np.ndarray:
    check_built_dense("layer", layer)
    kernel = np.asarray(layer.kernel.numpy(), dtype=np.float64)
    if max(kernel.shape) > MAX_DRAWN_NEURONS:
        raise ValueError(
            f"layer must have at most {MAX_DRAWN_NEURONS} inputs and units to be drawn "
            f"legibly, got layer {layer.name!r} with a kernel of shape {kernel.shape}"
        )
    return kernel


def plot_neuron_diagram(layer: Any) -> Figure:
    """Draw a Dense layer as inputs fully connected to units, one edge per kernel weight.

    Edge colour and width follow the weight (blue negative, red positive, wider for larger
    magnitude) and each edge is labelled with its value.

    Args:
        layer: A built Dense layer with at most 12 inputs and 12 units.

    Returns:
        The figure, with one axes with a line per weight and a circle per neuron.

    Raises:
        TypeError: ``layer`` is not a Dense layer.
        ValueError: ``layer`` is not built, or too large to draw.

    Example:
        >>> from densebook import build_dense
        >>> fig = plot_neuron_diagram(build_dense(4, (3, 4, 2), seed=0))
        >>> len(fig.axes[0].lines)
        8
    """
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    kernel = _small_kernel(layer)
    n_in, units = kernel.shape
    bound = max(float(np.abs(kernel).max()), 1e-12)
    norm = Normalize(-bound, bound)
    cmap = colormaps[_CMAP]

    def ys(count: int) -> np.ndarray:
        # First neuron at the top, as in the usual drawings.
        return np.linspace(1, 0, count) if count > 1 else np.array([0.5])

    y_in, y_out = ys(n_in), ys(units)
    fig = _figure(6.4, 0.6 + 0.75 * max(n_in, units))
    ax = fig.add_subplot()
    for i in range(n_in):
        for j in range(units):
            weight = kernel[i, j]
            ax.plot(
                [0, 1],
                [y_in[i], y_out[j]],
                color=cmap(norm(weight)),
                linewidth=0.8 + 4.0 * abs(weight) / bound,
                zorder=1,
            )
            # Label near the input end, where edges fan out and labels do not collide.
            t = 0.22 + 0.1 * (j % 2)
            ax.text(
                t,
                (1 - t) * y_in[i] + t * y_out[j],
                f"{weight:+.3f}",
                fontsize=7,
                ha="center",
                va="center",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
                zorder=3,
            )
    ax.scatter(np.zeros(n_in), y_in, s=700, color="#dddddd", edgecolors="black", zorder=2)
    ax.scatter(np.ones(units), y_out, s=700, color="#fff3c4", edgecolors="black", zorder=2)
    for i, y in enumerate(y_in):
        ax.text(0, y, f"x{i}", ha="center", va="center", zorder=4)
    for j, y in enumerate(y_out):
        ax.text(1, y, f"u{j}", ha="center", va="center", zorder=4)
    ax.set_xlim(-0.15, 1.15)
    ax.set_ylim(-0.15, 1.15)
    ax.set_xticks([0, 1], [f"{n_in} inputs", f"{units} units"])
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"{layer.name}: {n_in} × {units} = {kernel.size} weights")  # noqa: RUF001 (a real times sign)
    fig.colorbar(_scalar_mappable(norm), ax=ax, label="weight", shrink=0.8)
    return fig


def _scalar_mappable(norm: Any) -> Any:
    from matplotlib.cm import ScalarMappable

    return ScalarMappable(norm=norm, cmap=_CMAP)


def plot_kernel_heatmap(layer: Any) -> Figure:
    """Show a Dense kernel as a grid: rows are inputs, columns are units, values labelled.

    Args:
        layer: A built Dense layer with at most 12 inputs and 12 units.

    Returns:
        The figure, with one image axes (plus its colour bar).

    Raises:
        TypeError: ``layer`` is not a Dense layer.
        ValueError: ``layer`` is not built, or too large to draw.

    Example:
        >>> from densebook import build_dense
        >>> fig = plot_kernel_heatmap(build_dense(4, (2,), seed=0))
        >>> fig.axes[0].images[0].get_array().shape
        (2, 4)
    """
    from matplotlib.colors import Normalize

    kernel = _small_kernel(layer)
    bound = max(float(np.abs(kernel).max()), 1e-12)
    fig = _figure(1.2 + 0.9 * kernel.shape[1], 0.9 + 0.7 * kernel.shape[0])
    ax = fig.add_subplot()
    image = ax.imshow(kernel, cmap=_CMAP, norm=Normalize(-bound, bound))
    for (i, j), weight in np.ndenumerate(kernel):
        ax.text(j, i, f"{weight:+.3f}", ha="center", va="center", fontsize=8)
    ax.set_xticks(range(kernel.shape[1]), [f"u{j}" for j in range(kernel.shape[1])])
    ax.set_yticks(range(kernel.shape[0]), [f"x{i}" for i in range(kernel.shape[0])])
    ax.set_xlabel("unit (column of W)")
    ax.set_ylabel("input (row of W)")
    ax.set_title(f"{layer.kernel.path if hasattr(layer.kernel, 'path') else layer.kernel.name}")
    fig.colorbar(image, ax=ax, label="weight", shrink=0.8)
    return fig


def plot_shape_flow(input_shape: tuple[int, ...], units: int) -> Figure:
    """Draw how shapes flow through Dense: ``(..., n) @ (n, units) + (units,) -> (..., units)``.

    Args:
        input_shape: The input's shape, rank >= 1.
        units: Number of units, >= 1.

    Returns:
        The figure, with one axes with a labelled box per array and arrows between them.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: An argument has a bad value (the message names it).

    Example:
        >>> fig = plot_shape_flow((3, 4, 2), 4)
        >>> [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("(")]
        ['(3, 4, 2)', '(2, 4)', '(4,)', '(3, 4, 4)']
    """
    shape = _validate.shape("input_shape", input_shape)
    units = _validate.positive_int("units", units)
    output = (*shape[:-1], units)
    boxes = [
        ("input x", shape, "#dddddd"),
        ("kernel W", (shape[-1], units), "#f4a582"),
        ("bias b", (units,), "#92c5de"),
        ("output y", output, "#fff3c4"),
    ]
    fig = _figure(8.0, 2.2)
    ax = fig.add_subplot()
    xs = [0.5, 2.5, 4.5, 6.5]
    for x, (label, dims, colour) in zip(xs, boxes, strict=True):
        ax.add_patch(_box(x - 0.8, 0.25, 1.6, 1.0, colour))
        ax.text(x, 0.95, label, ha="center", va="center", fontsize=10)
        ax.text(x, 0.55, str(dims), ha="center", va="center", fontsize=12, family="monospace")
    for x0, x1, symbol in ((0.5, 2.5, "@"), (2.5, 4.5, "+"), (4.5, 6.5, "=")):
        ax.annotate(
            "", xy=(x1 - 0.85, 0.75), xytext=(x0 + 0.85, 0.75),
            arrowprops={"arrowstyle": "->", "color": "black"},
        )  # fmt: skip
        ax.text((x0 + x1) / 2, 0.95, symbol, ha="center", va="center", fontsize=14)
    ax.text(
        3.5, 0.05,
        f"only the last axis ({shape[-1]}) meets the kernel; "
        f"the leading axes {shape[:-1]} pass through unchanged",
        ha="center", va="center", fontsize=9,
    )  # fmt: skip
    ax.set_xlim(-0.5, 7.5)
    ax.set_ylim(-0.1, 1.4)
    ax.axis("off")
    return fig


def _box(x: float, y: float, width: float, height: float, colour: str) -> Any:
    from matplotlib.patches import FancyBboxPatch

    return FancyBboxPatch(
        (x, y), width, height, boxstyle="round,pad=0.03", facecolor=colour, edgecolor="black"
    )


def plot_weight_histogram(layer: Any, *, bins: int = 40) -> Figure:
    """Histogram of a Dense kernel's weights against the Glorot-uniform bound ``+-limit``.

    Args:
        layer: A built Dense layer (any size).
        bins: Number of histogram bins, >= 1.

    Returns:
        The figure, with one axes with the histogram bars and two vertical lines at the bound.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: ``layer`` is not built, or ``bins`` < 1.

    Example:
        >>> from densebook import build_dense
        >>> fig = plot_weight_histogram(build_dense(64, (32,), seed=0), bins=10)
        >>> len(fig.axes[0].patches), len(fig.axes[0].lines)
        (10, 2)
    """
    check_built_dense("layer", layer)
    bins = _validate.positive_int("bins", bins)
    kernel = np.asarray(layer.kernel.numpy(), dtype=np.float64)
    fan_in, fan_out = kernel.shape
    limit = glorot_limit(fan_in, fan_out)
    fig = _figure(6.4, 3.2)
    ax = fig.add_subplot()
    ax.hist(kernel.ravel(), bins=bins, range=(-limit, limit), color="#4393c3", edgecolor="white")
    for x in (-limit, limit):
        ax.axvline(x, color="#b2182b", linestyle="--", linewidth=1.5)
    ax.set_xlim(-1.15 * limit, 1.15 * limit)
    ax.set_xlabel("weight value")
    ax.set_ylabel("number of weights")
    ax.set_title(
        f"{kernel.size} kernel weights of a ({fan_in}, {fan_out}) kernel; dashed: ±{limit:.4f}"
    )
    return fig


def plot_kernel_trick(
    points: ArrayLike, labels: ArrayLike, lifted_separator: LinearSeparator
) -> Figure:
    """Two circles in 2-D (no separating line) beside their 3-D lift with a separating plane.

    Args:
        points: 2-D points, shape ``(n, 2)``.
        labels: 0 or 1 per point.
        lifted_separator: A separator fitted on ``lift_features(points)``.

    Returns:
        The figure, with a 2-D axes and a 3-D axes, each with one scatter per class; the 3-D
        axes also shows the plane.

    Raises:
        TypeError: An argument is not numeric (the message names it).
        ValueError: Shapes do not match, or the separator is not for 3 features.

    Example:
        >>> from densebook import make_circles, lift_features, fit_linear_separator
        >>> points, labels = make_circles(40, seed=0)
        >>> sep = fit_linear_separator(lift_features(points), labels)
        >>> fig = plot_kernel_trick(points, labels, sep)
        >>> [ax.name for ax in fig.axes]
        ['rectilinear', '3d']
    """
    lifted = lift_features(points)
    classes = np.asarray(labels)
    if classes.shape != (lifted.shape[0],):
        raise ValueError(
            f"labels must have shape ({lifted.shape[0]},) to match points, got {classes.shape}"
        )
    w = np.asarray(lifted_separator.weights, dtype=np.float64)
    if w.shape != (3,) or w[2] == 0:
        raise ValueError(
            f"lifted_separator must separate 3 lifted features with a non-zero third weight, "
            f"got weights {w!r}"
        )
    fig = _figure(9.0, 4.2)
    flat = fig.add_subplot(1, 2, 1)
    space = fig.add_subplot(1, 2, 2, projection="3d")
    colours = ("#2166ac", "#d6604d")
    for label, colour in zip((0, 1), colours, strict=True):
        chosen = classes == label
        name = "inner circle (0)" if label == 0 else "outer circle (1)"
        xs, ys, zs = lifted[chosen].T
        flat.scatter(xs, ys, s=12, color=colour, label=name)
        space.scatter(xs, ys, zs, s=8, color=colour, label=name)
    flat.set_aspect("equal")
    flat.set_title("2-D: no straight line separates them")
    flat.set_xlabel("x")
    flat.set_ylabel("y")
    flat.legend(loc="upper right", fontsize=8)
    span = np.abs(lifted[:, :2]).max() * 1.05
    grid = np.linspace(-span, span, 12)
    gx, gy = np.meshgrid(grid, grid)
    gz = -(w[0] * gx + w[1] * gy + lifted_separator.offset) / w[2]
    space.plot_surface(gx, gy, gz, color="#999999", alpha=0.3, linewidth=0)
    space.set_title(f"3-D lift (x, y, x²+y²): plane, accuracy {lifted_separator.accuracy:.0%}")
    space.set_xlabel("x")
    space.set_ylabel("y")
    space.set_zlabel("x² + y²")
    space.view_init(elev=12, azim=-60)
    return fig


def plot_similarity_weighting(
    positions: ArrayLike, values: ArrayLike, query: float, *, gamma: float
) -> Figure:
    """Show an RBF-weighted average in 1-D: nearer points weigh more in the prediction.

    Args:
        positions: Known positions on a line, shape ``(n,)``.
        values: Known values at those positions, shape ``(n,)``.
        query: The position to predict at.
        gamma: RBF width, > 0.

    Returns:
        The figure, with top axes with the known points (marker area proportional to weight)
        and the prediction; bottom axes with the weights as bars.

    Raises:
        TypeError: An argument is not numeric (the message names it).
        ValueError: Shapes do not match or ``gamma <= 0`` (the message names it).

    Example:
        >>> fig = plot_similarity_weighting([0.0, 1.0, 2.0], [1.0, 3.0, 2.0], 0.5, gamma=2.0)
        >>> len(fig.axes), len(fig.axes[1].patches)
        (2, 3)
    """
    xs = _validate.finite_array("positions", positions, dtype=np.float64)
    if xs.ndim != 1:
        raise ValueError(f"positions must be one-dimensional, got shape {xs.shape}")
    if isinstance(query, bool) or not isinstance(query, (int, float, np.integer, np.floating)):
        raise TypeError(f"query must be a number, got {query!r}")
    result = kernel_weighted_average(xs[:, None], values, [float(query)], gamma=gamma)
    ys = np.asarray(values, dtype=np.float64)
    fig = _figure(6.4, 4.4)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    top.scatter(
        xs, ys, s=20 + 600 * result.weights, color="#4393c3", alpha=0.8, label="known points"
    )
    top.scatter(
        [query], [result.prediction], marker="*", s=250, color="#b2182b", label="prediction"
    )
    top.axvline(query, color="#b2182b", linestyle=":", linewidth=1)
    top.set_ylabel("value")
    top.set_title(f"kernel-weighted average at x = {query:g}: {result.prediction:.3f}")
    top.legend(loc="best", fontsize=8)
    bottom.bar(
        xs,
        result.weights,
        width=0.6 * float(np.min(np.diff(np.sort(xs)), initial=1.0)),
        color="#92c5de",
    )
    bottom.set_xlabel("position")
    bottom.set_ylabel("weight")
    return fig
