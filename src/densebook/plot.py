"""Figures drawn from real weights and real data; each function returns a matplotlib Figure.

The figures are built with :class:`matplotlib.figure.Figure` directly (no pyplot state), in
a fixed size, laid out with the metrics of matplotlib's bundled font (DejaVu Sans). In
Jupyter each shows itself as SVG made by :func:`to_svg`: the same data gives the same bytes
in any process, every piece of text is at least :data:`MIN_FONT_PT` points, and drawing
fails if two pieces of text overlap.

Every figure is at most :data:`MAX_WIDTH_IN` inches wide, so that on a phone, where the
figure shrinks to the width of the screen, its smallest text stays readable. The SVG keeps
text as text: the browser draws it in DejaVu Sans where installed, else in its own sans-serif
font, whose widths can differ a little from those the overlap check measured.

Each ``plot_`` function draws its text in English or in Traditional Chinese (``language=``,
one of :data:`LANGUAGES`), and :func:`in_language` draws a figure again in the other
language from the same arguments: the same numbers, lines and layout rules. A Chinese
figure's SVG carries the glyphs it uses of densebook's own font (a subset of Noto Sans CJK
TC), so it looks the same on any screen.
"""

from __future__ import annotations

import base64
import functools
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, ParamSpec

import numpy as np
from numpy.typing import ArrayLike

from densebook import _figure_font, _figure_words, _validate
from densebook._figure_words import check_language, word
from densebook._initialization import glorot_limit
from densebook._kernel_methods import LinearSeparator, kernel_weighted_average, lift_features
from densebook._weights import check_built_dense

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.text import Text

__all__ = [
    "LANGUAGES",
    "MAX_WIDTH_IN",
    "MIN_FONT_PT",
    "FigureText",
    "figure_texts",
    "in_language",
    "overlapping_texts",
    "plot_bias_and_activation",
    "plot_kernel_heatmap",
    "plot_kernel_trick",
    "plot_loss_curves",
    "plot_neuron_diagram",
    "plot_shape_flow",
    "plot_similarity_weighting",
    "plot_symmetry",
    "plot_weight_histogram",
    "split_multilingual_svg",
    "to_multilingual_svg",
    "to_svg",
]

#: The languages a figure's text can be drawn in (English, Traditional Chinese for Taiwan).
LANGUAGES: tuple[str, ...] = _figure_words.LANGUAGES

#: Largest kernel the neuron diagram and heatmap draw legibly (per axis).
MAX_DRAWN_NEURONS = 12

#: Most weights the neuron diagram labels with their values (more would not fit legibly).
MAX_LABELLED_WEIGHTS = 16

#: Most units the heatmap labels with values (more columns would be too narrow).
MAX_LABELLED_UNITS = 4

#: The smallest font size of any text in a figure, in points.
MIN_FONT_PT = 11.0

#: The widest figure, in inches (72 points each).
MAX_WIDTH_IN = 5.0

_CMAP = "coolwarm"

# Applied while a figure is drawn and while it is saved: the text sizes, and SVG whose ids
# come from a fixed salt instead of a random one, with text kept as text (a tenth of the
# bytes of glyph outlines, and selectable). Typed Any: matplotlib types its keys literally.
_STYLE: Any = {
    "font.size": MIN_FONT_PT,
    "axes.titlesize": MIN_FONT_PT + 1,
    "axes.labelsize": MIN_FONT_PT,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "legend.fontsize": MIN_FONT_PT,
    "legend.title_fontsize": MIN_FONT_PT,
    "figure.titlesize": MIN_FONT_PT + 1,
    "svg.hashsalt": "densebook",
    "svg.fonttype": "none",
}

_P = ParamSpec("_P")


@contextmanager
def _style(language: str) -> Iterator[None]:
    """The figure style; a Chinese figure's text is in densebook's font, drawn as outlines."""
    from matplotlib import rc_context

    style = _STYLE
    if language != "en":
        style = {**_STYLE, "font.family": [_figure_font.register()]}
    with rc_context(style):
        yield


@dataclass
class _Drawing:
    """How a figure was drawn: its language, and how to draw it again in another."""

    language: str
    draw_in: Callable[[str], Figure]
    drawn: dict[str, Figure]


def _drawing(figure: Figure) -> _Drawing:
    drawing = getattr(figure, "_densebook_drawing", None)
    if not isinstance(drawing, _Drawing):
        raise ValueError(f"figure must be drawn by a densebook.plot function, got {figure!r}")
    return drawing


def _drawn(draw: Callable[_P, Figure]) -> Callable[_P, Figure]:
    """Draw in the ``language`` asked for, and remember how, to draw it again in another."""

    @wraps(draw)
    def drawn(*args: _P.args, **kwargs: _P.kwargs) -> Figure:
        language = check_language(kwargs.pop("language", "en"))

        drawn: dict[str, Figure] = {}

        def draw_in(other: str) -> Figure:
            with _style(other):
                figure = draw(*args, **kwargs, language=other)  # type: ignore[arg-type]
            figure._densebook_drawing = _Drawing(other, draw_in, drawn)  # type: ignore[attr-defined]
            drawn[other] = figure
            return figure

        return draw_in(language)

    return drawn


def _figure_class() -> type[Figure]:
    from matplotlib.figure import Figure

    class ReproducibleFigure(Figure):
        """A Figure that shows itself in Jupyter as the SVG of :func:`to_svg`."""

        def _repr_svg_(self) -> str:
            return to_svg(self)

    return ReproducibleFigure


def _figure(width: float, height: float) -> Figure:
    if width > MAX_WIDTH_IN:  # a guard for densebook's own figures, not for callers
        raise AssertionError(f"figure width {width} in exceeds MAX_WIDTH_IN={MAX_WIDTH_IN}")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    # 72 dots per inch: one unit of the drawn layout is one point, as in the SVG.
    figure = _figure_class()(figsize=(width, height), dpi=72, layout="constrained")
    FigureCanvasAgg(figure)  # a canvas that can measure text (a bare Figure's cannot)
    return figure


@dataclass(frozen=True)
class FigureText:
    """One piece of text as drawn: its string, font size and box in points from bottom left."""

    text: str
    size_pt: float
    box: tuple[float, float, float, float]  # x0, y0, x1, y1

    def overlaps(self, other: FigureText, *, slack: float = 0.5) -> bool:
        """Whether the two boxes share more than ``slack`` points in both directions."""
        ax0, ay0, ax1, ay1 = self.box
        bx0, by0, bx1, by1 = other.box
        return min(ax1, bx1) - max(ax0, bx0) > slack and min(ay1, by1) - max(ay0, by0) > slack


def _check_figure(name: str, figure: object) -> Figure:
    from matplotlib.figure import Figure

    if not isinstance(figure, Figure):
        raise TypeError(f"{name} must be a matplotlib Figure, got {figure!r}")
    return figure


def _texts(figure: Figure) -> list[Text]:
    from matplotlib.text import Text

    return [
        t
        for t in figure.findobj(Text)
        if isinstance(t, Text) and t.get_visible() and t.get_text().strip()
    ]


def _drawn_texts(figure: Figure, renderer: RendererBase, drawn_ids: set[str]) -> list[FigureText]:
    texts = []
    for text in _texts(figure):
        if text.get_gid() in drawn_ids:
            x0, y0, x1, y1 = (float(v) for v in text.get_window_extent(renderer).extents)
            texts.append(FigureText(text.get_text(), float(text.get_fontsize()), (x0, y0, x1, y1)))
    return texts


_TEXT_ID = re.compile(r'<g id="(text-[0-9.]+pt-[0-9]+)"')

# The SVG backend lays a figure out at 72 dpi (one unit, one point) whatever dpi it is given;
# that dpi sets only the resolution of artists marked rasterized: 2x, sharp on dense screens.
_IMAGE_DPI = 144


def _render(figure: Figure) -> tuple[str, list[FigureText]]:
    """Draw ``figure`` as SVG; each text's group id records its font size in points."""
    dpi = figure.get_dpi()
    figure.set_dpi(72)  # lay out as the SVG does
    try:
        drawing = getattr(figure, "_densebook_drawing", None)
        language = drawing.language if isinstance(drawing, _Drawing) else "en"
        with _style(language):
            # Lay out exactly as the saving below will (its dpi moves some labels, and a
            # tick more or less can follow), creating every tick label it will draw.
            figure.savefig(io.BytesIO(), format="svg", dpi=_IMAGE_DPI, metadata={"Date": None})
            for number, text in enumerate(_texts(figure)):
                text.set_gid(f"text-{float(text.get_fontsize()):g}pt-{number}")
            buffer = io.BytesIO()
            figure.savefig(buffer, format="svg", dpi=_IMAGE_DPI, metadata={"Date": None})
            svg = buffer.getvalue().decode("utf-8")
            if language != "en":  # the font's glyphs for this figure's text, inside it
                texts = "".join(text.get_text() for text in _texts(figure))
                rule = _figure_font.font_face(texts)
                svg = svg.replace("<defs>", f"<defs>\n  <style>{rule}</style>", 1)
            if '<g id="text_' in svg:  # a text created while saving: its size is unrecorded
                raise RuntimeError("matplotlib drew a text that did not exist before saving")
            # Saving moved some labels in pixels of another dpi: lay out again to measure.
            figure.draw_without_rendering()
            renderer = figure._get_renderer()  # type: ignore[attr-defined]
            return svg, _drawn_texts(figure, renderer, set(_TEXT_ID.findall(svg)))
    finally:
        figure.set_dpi(dpi)


def figure_texts(figure: Figure) -> list[FigureText]:
    """Every piece of text the figure draws, with its size and extent.

    Args:
        figure: A matplotlib Figure.

    Raises:
        TypeError: ``figure`` is not a matplotlib Figure.

    Example:
        >>> fig = plot_shape_flow((3, 2), 4)
        >>> min(t.size_pt for t in figure_texts(fig)) >= MIN_FONT_PT
        True
    """
    return _render(_check_figure("figure", figure))[1]


def overlapping_texts(figure: Figure) -> list[tuple[str, str]]:
    """The pairs of drawn texts whose boxes overlap (by more than half a point each way).

    Args:
        figure: A matplotlib Figure.

    Raises:
        TypeError: ``figure`` is not a matplotlib Figure.

    Example:
        >>> overlapping_texts(plot_shape_flow((3, 2), 4))
        []
    """
    return _clashes(figure_texts(figure))


def _clashes(texts: list[FigureText]) -> list[tuple[str, str]]:
    return [(a.text, b.text) for i, a in enumerate(texts) for b in texts[i + 1 :] if a.overlaps(b)]


def to_svg(figure: Figure) -> str:
    """The figure as SVG text: same figure, same bytes; fails if any of its texts overlap.

    The SVG has no date, its ids come from a fixed salt, and each text is drawn as paths in a
    group whose id records the font size (``text-11pt-3``), so a page can check how large the
    text appears once the figure is scaled to a screen.

    Args:
        figure: A matplotlib Figure.

    Raises:
        TypeError: ``figure`` is not a matplotlib Figure.
        ValueError: Two texts of the figure overlap (the message names them).

    Example:
        >>> svg = to_svg(plot_shape_flow((3, 2), 4))
        >>> svg == to_svg(plot_shape_flow((3, 2), 4)), "<dc:date>" in svg
        (True, False)
    """
    svg, texts = _render(_check_figure("figure", figure))
    if clashes := _clashes(texts):
        raise ValueError(f"figure has overlapping texts: {clashes}")
    return svg


def in_language(figure: Figure, language: str) -> Figure:
    """The same figure with its text in ``language``: every number and line the same.

    It is drawn again, on first request, by the same function from the same arguments, so
    ask before changing what the figure shows (a layer trained further shows other weights).
    Chinese text is drawn as outlines in densebook's own font (a subset of Noto Sans CJK TC,
    shipped with densebook), so it looks the same on any screen.

    Args:
        figure: A figure returned by one of this module's ``plot_`` functions.
        language: One of :data:`LANGUAGES`: ``"en"`` or ``"zh_TW"``.

    Raises:
        TypeError: ``figure`` is not a Figure, or ``language`` is not a string.
        ValueError: ``figure`` was not drawn here, or ``language`` is not one of them.

    Example:
        >>> fig = plot_shape_flow((3, 2), 4)
        >>> chinese = in_language(fig, "zh_TW")
        >>> [t.get_text() for t in chinese.axes[0].texts][:2]
        ['輸入 x', '(3, 2)']
        >>> in_language(fig, "zh_TW") is chinese, in_language(fig, "en") is fig
        (True, True)
    """
    drawing = _drawing(_check_figure("figure", figure))
    language = check_language(language)
    if language not in drawing.drawn:
        drawing.drawn[language] = drawing.draw_in(language)
    return drawing.drawn[language]


# A translation rides inside the SVG as base64, in a metadata element the browser ignores.
_TRANSLATION = re.compile(
    r'<metadata id="densebook-translation-([A-Za-z_]+)">([A-Za-z0-9+/=]*)</metadata>\n'
)


def to_multilingual_svg(figure: Figure) -> str:
    """The figure's SVG (:func:`to_svg`), carrying its SVG in every other language inside.

    densebook's own pages show figures this way while they are executed, so that each
    edition of the site can show the figure in its language from one execution (see
    :func:`split_multilingual_svg`). A browser shows only the figure's own language.

    Args:
        figure: A figure returned by one of this module's ``plot_`` functions.

    Raises:
        TypeError: ``figure`` is not a matplotlib Figure.
        ValueError: ``figure`` was not drawn here, or texts overlap in some language.

    Example:
        >>> svg = to_multilingual_svg(plot_shape_flow((3, 2), 4))
        >>> sorted(split_multilingual_svg(svg))
        ['en', 'zh_TW']
    """
    drawing = _drawing(_check_figure("figure", figure))
    svg = to_svg(figure)
    for language in LANGUAGES:
        if language != drawing.language:
            other = to_svg(in_language(figure, language)).encode("utf-8")
            encoded = base64.b64encode(other).decode("ascii")
            metadata = f'<metadata id="densebook-translation-{language}">{encoded}</metadata>\n'
            svg = svg.replace("</svg>", metadata + "</svg>", 1)
    return svg


def split_multilingual_svg(svg: str) -> dict[str, str]:
    """Each language's SVG from :func:`to_multilingual_svg`, by language.

    An SVG with no translations inside is returned as ``{"en": svg}``.

    Args:
        svg: The SVG text.

    Raises:
        TypeError: ``svg`` is not a string.

    Example:
        >>> split_multilingual_svg("<svg></svg>")
        {'en': '<svg></svg>'}
    """
    if not isinstance(svg, str):
        raise TypeError(f"svg must be the SVG text as a string, got {_validate._short(svg)}")
    translations = {
        language: base64.b64decode(encoded).decode("utf-8")
        for language, encoded in _TRANSLATION.findall(svg)
    }
    own = _TRANSLATION.sub("", svg)
    (language,) = set(LANGUAGES) - set(translations) if translations else {"en"}
    return {language: own, **translations}


def _small_kernel(layer: Any) -> np.ndarray:
    check_built_dense("layer", layer)
    kernel = np.asarray(layer.kernel.numpy(), dtype=np.float64)
    if max(kernel.shape) > MAX_DRAWN_NEURONS:
        raise ValueError(
            f"layer must have at most {MAX_DRAWN_NEURONS} inputs and units to be drawn "
            f"legibly, got layer {layer.name!r} with a kernel of shape {kernel.shape}"
        )
    return kernel


@_drawn
def plot_neuron_diagram(layer: Any, *, language: str = "en") -> Figure:
    """Draw a Dense layer as inputs fully connected to units, one edge per kernel weight.

    Edge colour and width follow the weight (blue negative, red positive, wider for larger
    magnitude). With at most 16 weights, each edge is also labelled with its value, placed
    along the edge where it clears the other labels, the neurons and the crossings; if any
    label finds no such place, none is drawn.

    Args:
        layer: A built Dense layer with at most 12 inputs and 12 units.
        language: The language of the figure's text: ``"en"`` or ``"zh_TW"``.

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
    say = functools.partial(word, language)
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
    fig = _figure(MAX_WIDTH_IN, 1.0 + 0.8 * max(n_in, units))
    ax = fig.add_subplot()
    for i in range(n_in):
        for j in range(units):
            ax.plot(
                [0, 1],
                [y_in[i], y_out[j]],
                color=cmap(norm(kernel[i, j])),
                linewidth=0.8 + 4.0 * abs(kernel[i, j]) / bound,
                zorder=1,
            )
    ax.scatter(np.zeros(n_in), y_in, s=700, color="#dddddd", edgecolors="black", zorder=2)
    ax.scatter(np.ones(units), y_out, s=700, color="#fff3c4", edgecolors="black", zorder=2)
    for i, y in enumerate(y_in):
        ax.text(0, y, f"x{i}", ha="center", va="center", zorder=4)
    for j, y in enumerate(y_out):
        ax.text(1, y, f"u{j}", ha="center", va="center", zorder=4)
    ax.set_xlim(-0.12, 1.12)
    ax.set_ylim(-0.12, 1.12)
    ax.set_xticks([0, 1], [say("inputs", n=n_in), say("units", n=units)])
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(say("neuron_title", name=layer.name, rows=n_in, units=units, size=kernel.size))
    fig.colorbar(_scalar_mappable(norm), ax=ax, label=say("weight"), shrink=0.8)
    if kernel.size <= MAX_LABELLED_WEIGHTS:
        _label_edges(fig, ax, kernel, y_in, y_out)
    return fig


def _label_edges(
    fig: Figure, ax: Any, kernel: np.ndarray, y_in: np.ndarray, y_out: np.ndarray
) -> None:
    """Put each weight's value on its own line, at the first spot clear of other labels."""
    fig.draw_without_rendering()  # settles the layout, so extents measured now stay true
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    # The neurons (700 pt² markers, about 30 pt across) are obstacles too.
    radius = 16.0
    taken = [
        (x - radius, y - radius, x + radius, y + radius)
        for x, y in ax.transData.transform([(0.0, y) for y in y_in] + [(1.0, y) for y in y_out])
    ]
    # Where two edges cross a label would sit on both: keep those spots clear too.
    edges = list(np.ndindex(*kernel.shape))
    for a, (i, j) in enumerate(edges):
        for k, m in edges[a + 1 :]:
            # Edges (0, y_in[i])-(1, y_out[j]) and (0, y_in[k])-(1, y_out[m]) meet at t:
            slope = (y_out[j] - y_in[i]) - (y_out[m] - y_in[k])
            if slope != 0 and 0 < (t := (y_in[k] - y_in[i]) / slope) < 1:
                x, y = ax.transData.transform((t, y_in[i] + t * (y_out[j] - y_in[i])))
                taken.append((x - 4, y - 4, x + 4, y + 4))
    units = kernel.shape[1]
    placed: list[Any] = []
    for i, j in edges:
        # Each unit's edges get their labels at their own distance from the inputs, so the
        # labels of one input spread along its edges instead of piling up beside it.
        preferred = 0.25 + 0.5 * j / max(units - 1, 1)
        for t in sorted(np.arange(0.15, 0.86, 0.05), key=lambda t: (abs(t - preferred), t)):
            label = ax.text(
                t,
                (1 - t) * y_in[i] + t * y_out[j],
                f"{kernel[i, j]:+.3f}",
                ha="center",
                va="center",
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.9},
                zorder=3,
            )
            box = tuple(label.get_window_extent(renderer).extents)
            if not any(_boxes_meet(box, other, pad=2.0) for other in taken):
                taken.append(box)
                break
            label.remove()
        else:  # no clear spot for this one: no labels at all (the colour bar still reads)
            for label in placed:
                label.remove()
            return
        placed.append(label)


def _boxes_meet(a: tuple[float, ...], b: tuple[float, ...], *, pad: float) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > -pad and min(a[3], b[3]) - max(a[1], b[1]) > -pad


def _scalar_mappable(norm: Any) -> Any:
    from matplotlib.cm import ScalarMappable

    return ScalarMappable(norm=norm, cmap=_CMAP)


@_drawn
def plot_kernel_heatmap(layer: Any, *, language: str = "en") -> Figure:
    """Show a Dense kernel as a grid: rows are inputs, columns are units, values labelled.

    Args:
        layer: A built Dense layer with at most 12 inputs and 12 units.
        language: The language of the figure's text: ``"en"`` or ``"zh_TW"``.

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
    say = functools.partial(word, language)
    from matplotlib.colors import Normalize

    kernel = _small_kernel(layer)
    bound = max(float(np.abs(kernel).max()), 1e-12)
    rows, units = kernel.shape
    # Cells at least 0.7 in wide while they fit (a value label is about 0.55 in), 0.4 in tall.
    fig = _figure(min(MAX_WIDTH_IN, 1.9 + 0.7 * units), 1.4 + 0.4 * rows)
    ax = fig.add_subplot()
    image = ax.imshow(kernel, cmap=_CMAP, norm=Normalize(-bound, bound), aspect="auto")
    if units <= MAX_LABELLED_UNITS:
        for (i, j), weight in np.ndenumerate(kernel):
            ax.text(j, i, f"{weight:+.3f}", ha="center", va="center")
    # Beyond 8 columns the unit names stand upright, so they do not run into each other.
    ax.set_xticks(range(units), [f"u{j}" for j in range(units)], rotation=90 if units > 8 else 0)
    ax.set_yticks(range(kernel.shape[0]), [f"x{i}" for i in range(kernel.shape[0])])
    ax.set_xlabel(say("unit_axis"))
    ax.set_ylabel(say("input_axis"))
    ax.set_title(f"{layer.kernel.path if hasattr(layer.kernel, 'path') else layer.kernel.name}")
    fig.colorbar(image, ax=ax, label=say("weight"), shrink=0.8)
    return fig


@_drawn
def plot_shape_flow(input_shape: tuple[int, ...], units: int, *, language: str = "en") -> Figure:
    """Draw how shapes flow through Dense: ``(..., n) @ (n, units) + (units,) -> (..., units)``.

    Args:
        input_shape: The input's shape, rank >= 1.
        units: Number of units, >= 1.
        language: The language of the figure's text: ``"en"`` or ``"zh_TW"``.

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
    say = functools.partial(word, language)
    shape = _validate.shape("input_shape", input_shape)
    units = _validate.positive_int("units", units)
    output = (*shape[:-1], units)
    boxes = [
        (say("box_input"), shape, "#dddddd"),
        (say("box_kernel"), (shape[-1], units), "#f4a582"),
        (say("box_bias"), (units,), "#92c5de"),
        (say("box_output"), output, "#fff3c4"),
    ]
    fig = _figure(MAX_WIDTH_IN, 2.2)
    ax = fig.add_subplot()
    xs = [0.8, 2.8, 4.8, 6.8]
    for x, (label, dims, colour) in zip(xs, boxes, strict=True):
        ax.add_patch(_box(x - 0.75, 0.35, 1.5, 0.8, colour))
        ax.text(x, 0.95, label, ha="center", va="center")
        ax.text(x, 0.6, str(dims), ha="center", va="center", family="monospace")
    for x, symbol in zip((1.8, 3.8, 5.8), "@+=", strict=True):
        ax.text(x, 0.75, symbol, ha="center", va="center", fontsize=MIN_FONT_PT + 3)
    ax.text(
        3.8, -0.05,
        say("last_axis", last=shape[-1], leading=shape[:-1]),
        ha="center", va="center",
    )  # fmt: skip
    ax.set_xlim(0, 7.6)
    ax.set_ylim(-0.3, 1.2)
    ax.axis("off")
    return fig


def _box(x: float, y: float, width: float, height: float, colour: str) -> Any:
    from matplotlib.patches import FancyBboxPatch

    return FancyBboxPatch(
        (x, y), width, height, boxstyle="round,pad=0.03", facecolor=colour, edgecolor="black"
    )


@_drawn
def plot_weight_histogram(layer: Any, *, bins: int = 40, language: str = "en") -> Figure:
    """Histogram of a Dense kernel's weights against the Glorot-uniform bound ``+-limit``.

    Args:
        layer: A built Dense layer (any size).
        bins: Number of histogram bins, >= 1.
        language: The language of the figure's text: ``"en"`` or ``"zh_TW"``.

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
    say = functools.partial(word, language)
    check_built_dense("layer", layer)
    bins = _validate.positive_int("bins", bins)
    kernel = np.asarray(layer.kernel.numpy(), dtype=np.float64)
    fan_in, fan_out = kernel.shape
    limit = glorot_limit(fan_in, fan_out)
    fig = _figure(MAX_WIDTH_IN, 3.4)
    ax = fig.add_subplot()
    ax.hist(kernel.ravel(), bins=bins, range=(-limit, limit), color="#4393c3", edgecolor="white")
    for x in (-limit, limit):
        ax.axvline(x, color="#b2182b", linestyle="--", linewidth=1.5)
    ax.set_xlim(-1.15 * limit, 1.15 * limit)
    ax.set_xlabel(say("weight_value"))
    ax.set_ylabel(say("weight_count"))
    title = say(
        "histogram_title", size=kernel.size, fan_in=fan_in, fan_out=fan_out, limit=f"{limit:.4f}"
    )
    ax.set_title(title)
    return fig


@_drawn
def plot_kernel_trick(
    points: ArrayLike, labels: ArrayLike, lifted_separator: LinearSeparator, *, language: str = "en"
) -> Figure:
    """Two circles in 2-D (no separating line) beside their 3-D lift with a separating plane.

    Args:
        points: 2-D points, shape ``(n, 2)``.
        labels: 0 or 1 per point.
        lifted_separator: A separator fitted on ``lift_features(points)``.
        language: The language of the figure's text: ``"en"`` or ``"zh_TW"``.

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
    say = functools.partial(word, language)
    from matplotlib.ticker import MaxNLocator

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
    fig = _figure(MAX_WIDTH_IN, 8.4)
    flat = fig.add_subplot(2, 1, 1)
    space = fig.add_subplot(2, 1, 2, projection="3d")
    colours = ("#2166ac", "#d6604d")
    for label, colour in zip((0, 1), colours, strict=True):
        chosen = classes == label
        name = say("inner_circle") if label == 0 else say("outer_circle")
        xs, ys, zs = lifted[chosen].T
        flat.scatter(xs, ys, s=12, color=colour, label=name, rasterized=True)
        space.scatter(xs, ys, zs, s=8, color=colour, label=name, rasterized=True)
    flat.set_aspect("equal")
    flat.set_title(say("flat_title"))
    flat.set_xlabel("x")
    flat.set_ylabel("y")
    fig.legend(*flat.get_legend_handles_labels(), loc="outside lower center", ncols=2)
    span = np.abs(lifted[:, :2]).max() * 1.05
    grid = np.linspace(-span, span, 12)
    gx, gy = np.meshgrid(grid, grid)
    gz = -(w[0] * gx + w[1] * gy + lifted_separator.offset) / w[2]
    space.plot_surface(gx, gy, gz, color="#999999", alpha=0.3, linewidth=0, rasterized=True)
    accuracy = f"{lifted_separator.accuracy:.0%}"
    space.set_title(say("lifted_title", accuracy=accuracy))
    space.set_xlabel("x")
    space.set_ylabel("y")
    space.set_zlabel("x² + y²")
    space.view_init(elev=12, azim=-60)
    for axis in (space.xaxis, space.yaxis, space.zaxis):
        axis.set_major_locator(MaxNLocator(3))  # room between tick labels on a small panel
    space.set_box_aspect(None, zoom=1.1)
    return fig


@_drawn
def plot_similarity_weighting(
    positions: ArrayLike, values: ArrayLike, query: float, *, gamma: float, language: str = "en"
) -> Figure:
    """Show an RBF-weighted average in 1-D: nearer points weigh more in the prediction.

    Args:
        positions: Known positions on a line, shape ``(n,)``.
        values: Known values at those positions, shape ``(n,)``.
        query: The position to predict at.
        gamma: RBF width, > 0.
        language: The language of the figure's text: ``"en"`` or ``"zh_TW"``.

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
    say = functools.partial(word, language)
    xs = _validate.finite_array("positions", positions, dtype=np.float64)
    if xs.ndim != 1:
        raise ValueError(f"positions must be one-dimensional, got shape {xs.shape}")
    if isinstance(query, bool) or not isinstance(query, (int, float, np.integer, np.floating)):
        raise TypeError(f"query must be a number, got {query!r}")
    result = kernel_weighted_average(xs[:, None], values, [float(query)], gamma=gamma)
    ys = np.asarray(values, dtype=np.float64)
    fig = _figure(MAX_WIDTH_IN, 4.6)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    top.scatter(
        xs, ys, s=20 + 600 * result.weights, color="#4393c3", alpha=0.8, label=say("known_points")
    )
    top.scatter(
        [query], [result.prediction], marker="*", s=250, color="#b2182b", label=say("prediction")
    )
    top.axvline(query, color="#b2182b", linestyle=":", linewidth=1)
    top.set_ylabel(say("value"))
    top.set_title(say("average_title", query=f"{query:g}", prediction=f"{result.prediction:.3f}"))
    top.legend(loc="best")
    bottom.bar(
        xs,
        result.weights,
        width=0.6 * float(np.min(np.diff(np.sort(xs)), initial=1.0)),
        color="#92c5de",
    )
    bottom.set_xlabel(say("position"))
    bottom.set_ylabel(say("weight"))
    return fig


def _kernel_history(name: str, value: object) -> np.ndarray:
    """A kernel recorded over training: shape ``(steps, inputs, units)``, steps >= 2."""
    history = _validate.finite_array(name, value, dtype=np.float64)
    if history.ndim != 3 or history.shape[0] < 2 or history.shape[2] < 2:
        raise ValueError(
            f"{name} must have shape (steps, inputs, units) with at least 2 steps and 2 "
            f"units, got shape {history.shape}"
        )
    return history


@_drawn
def plot_symmetry(
    same_start: ArrayLike, random_start: ArrayLike, *, language: str = "en"
) -> Figure:
    """Each unit's weight from the first input during training, from two starts, side by side.

    Args:
        same_start: The hidden kernel recorded during training from a start where every
            unit had the same weights, shape ``(steps, inputs, units)``.
        random_start: The same, from a random start; the same shape.
        language: The language of the figure's text: ``"en"`` or ``"zh_TW"``.

    Returns:
        The figure, with two axes (same start, random start), one line per unit.

    Raises:
        TypeError: An argument is not numeric (the message names it).
        ValueError: An argument has another shape (the message names it).

    Example:
        >>> same = np.ones((5, 2, 3))
        >>> fig = plot_symmetry(same, np.arange(30.0).reshape(5, 2, 3))
        >>> [len(ax.lines) for ax in fig.axes]
        [3, 3]
    """
    say = functools.partial(word, language)
    same = _kernel_history("same_start", same_start)
    random = _kernel_history("random_start", random_start)
    if random.shape != same.shape:
        raise ValueError(
            f"random_start must have the shape of same_start, {same.shape}, "
            f"got shape {random.shape}"
        )
    fig = _figure(MAX_WIDTH_IN, 3.4)
    left, right = fig.subplots(1, 2, sharey=True)
    colours = ("#2166ac", "#d6604d", "#1b7837", "#762a83", "#e08214", "#8c510a")
    steps = np.arange(same.shape[0])
    starts = ((left, same, say("same_start")), (right, random, say("random_start")))
    for ax, history, title in starts:
        for unit in range(history.shape[2]):
            ax.plot(
                steps,
                history[:, 0, unit],
                color=colours[unit % len(colours)],
                linewidth=2.5 - 0.6 * (unit % 3),
                label=say("unit", n=unit + 1),
            )
        ax.set_title(title)
        ax.set_xlabel(say("epoch"))
    left.set_ylabel(say("weight_from_input"))
    fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=3)
    return fig


@_drawn
def plot_bias_and_activation(
    inputs: ArrayLike, outputs: dict[str, dict[float, ArrayLike]], *, language: str = "en"
) -> Figure:
    """One unit's output against its input, one line per bias, one panel per activation.

    Args:
        inputs: The input values, shape ``(n,)``.
        outputs: For each activation's name, the unit's outputs for each bias, each of
            shape ``(n,)``; every activation with the same biases.
        language: The language of the figure's text: ``"en"`` or ``"zh_TW"``.

    Returns:
        The figure, with one axes per activation and one line per bias.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: Shapes or biases do not match (the message names it).

    Example:
        >>> xs = np.linspace(-1.0, 1.0, 5)
        >>> fig = plot_bias_and_activation(xs, {"relu": {0.0: np.maximum(xs, 0)}})
        >>> [ax.get_legend_handles_labels()[1] for ax in fig.axes]
        [['b = 0']]
    """
    say = functools.partial(word, language)
    xs = _validate.finite_array("inputs", inputs, dtype=np.float64)
    if xs.ndim != 1:
        raise ValueError(f"inputs must be one-dimensional, got shape {xs.shape}")
    if not isinstance(outputs, dict) or not outputs:
        raise TypeError(
            f"outputs must be a non-empty dict of dicts, got {_validate._short(outputs)}"
        )
    biases: list[float] | None = None
    curves: dict[str, list[tuple[float, np.ndarray]]] = {}
    for activation, by_bias in outputs.items():
        if not isinstance(activation, str) or not isinstance(by_bias, dict) or not by_bias:
            raise TypeError(
                f"outputs must map activation names to non-empty dicts, got "
                f"{activation!r}: {_validate._short(by_bias)}"
            )
        keys = sorted(float(b) for b in by_bias)
        if biases is not None and keys != biases:
            raise ValueError(f"outputs[{activation!r}] must have the biases {biases}, got {keys}")
        biases = keys
        lines = []
        for bias, ys in sorted(by_bias.items()):
            name = f"outputs[{activation!r}][{bias!r}]"
            line = _validate.finite_array(name, ys, dtype=np.float64)
            if line.shape != xs.shape:
                raise ValueError(
                    f"outputs[{activation!r}][{bias!r}] must have the shape of inputs, "
                    f"{xs.shape}, got shape {line.shape}"
                )
            lines.append((float(bias), line))
        curves[activation] = lines
    fig = _figure(MAX_WIDTH_IN, 3.4)
    axes = np.atleast_1d(fig.subplots(1, len(curves), sharex=True))
    colours = ("#2166ac", "#878787", "#b2182b", "#4393c3", "#d6604d")
    for ax, (activation, lines) in zip(axes, curves.items(), strict=True):
        for index, (bias, ys) in enumerate(lines):
            ax.plot(xs, ys, color=colours[index % len(colours)], label=f"b = {bias:g}")
        ax.axvline(0.0, color="#bbbbbb", linewidth=0.8, zorder=0)
        ax.set_title(activation)
        ax.set_xlabel(say("input_x"))
    axes[0].set_ylabel(say("output"))
    fig.legend(
        *axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=min(5, len(lines))
    )
    return fig


@_drawn
def plot_loss_curves(losses: dict[float, ArrayLike], *, language: str = "en") -> Figure:
    """The loss ``fit`` reported for each epoch, one line per learning rate, log scale.

    Args:
        losses: For each learning rate, the loss after each epoch (``fit``'s
            ``history.history["loss"]``); all of the same length, every value finite and > 0.
        language: The language of the figure's text: ``"en"`` or ``"zh_TW"``.

    Returns:
        The figure, with one axes and one line per learning rate, smallest rate first.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: The curves differ in length, or a value is not finite and > 0.

    Example:
        >>> fig = plot_loss_curves({0.1: [1.0, 0.5, 0.25], 2.0: [1.0, 4.0, 16.0]})
        >>> [line.get_label() for line in fig.axes[0].lines]
        ['learning rate 0.1', 'learning rate 2']
    """
    say = functools.partial(word, language)
    if not isinstance(losses, dict) or not losses:
        raise TypeError(f"losses must be a non-empty dict, got {_validate._short(losses)}")
    curves: list[tuple[float, np.ndarray]] = []
    for rate, values in sorted(losses.items()):
        if isinstance(rate, bool) or not isinstance(rate, (int, float)):
            raise TypeError(f"losses must map learning rates (numbers) to curves, got {rate!r}")
        curve = _validate.finite_array(f"losses[{rate!r}]", values, dtype=np.float64)
        if curve.ndim != 1 or np.any(curve <= 0):
            raise ValueError(
                f"losses[{rate!r}] must be one loss per epoch, each > 0, "
                f"got {_validate._short(values)}"
            )
        if curves and curve.shape != curves[0][1].shape:
            raise ValueError(
                f"losses[{rate!r}] must have one value per epoch, like the others "
                f"({curves[0][1].shape[0]}), got {curve.shape[0]}"
            )
        curves.append((float(rate), curve))
    fig = _figure(MAX_WIDTH_IN, 3.4)
    ax = fig.add_subplot()
    colours = ("#2166ac", "#1b7837", "#b2182b", "#762a83", "#e08214")
    epochs = np.arange(1, curves[0][1].shape[0] + 1)
    for index, (rate, curve) in enumerate(curves):
        ax.plot(
            epochs,
            curve,
            color=colours[index % len(colours)],
            marker="o",
            markersize=3,
            label=say("learning_rate", rate=f"{rate:g}"),
        )
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_yscale("log")
    ax.set_xlabel(say("epoch"))
    ax.set_ylabel(say("log_loss"))
    ax.legend(loc="best")
    return fig
