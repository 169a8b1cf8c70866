"""Checks for the claims of the page "Shapes on rank-N input"."""

from __future__ import annotations

import functools

import keras
import numpy as np

from densebook.claims import as_numpy, check, raises

PAGE = "shapes"

_SHAPES = [(7, 2), (3, 4, 2), (2, 3, 5, 2)]


def _layer(units: int = 4, last: int = 2) -> keras.layers.Dense:
    layer = keras.layers.Dense(units)
    layer.build((None, last))
    rng = np.random.default_rng(1)
    layer.bias.assign(rng.normal(size=(units,)).astype("float32"))
    return layer


def _inputs(shape: tuple[int, ...]) -> np.ndarray:
    return np.random.default_rng(0).normal(size=shape).astype("float32")


@check("shapes.last-axis-only")
@check("shapes.each-row-alone")
def last_axis_only() -> None:
    layer = _layer()
    kernel, bias = as_numpy(layer.kernel), as_numpy(layer.bias)
    for shape in _SHAPES:
        x = _inputs(shape)
        y = as_numpy(layer(x))
        assert y.shape == (*shape[:-1], 4)  # the leading axes pass through
        # Each position's output uses only that position's last axis.
        for index in np.ndindex(*shape[:-1]):
            np.testing.assert_allclose(y[index], x[index] @ kernel + bias, rtol=1e-5, atol=1e-6)


@check("shapes.kernel-shape")
def kernel_shape() -> None:
    for shape in [(3, 4, 2), (5, 2), (2, 2, 2, 7), (6, 7)]:
        for units in (1, 4):
            layer = keras.layers.Dense(units)
            layer(keras.ops.ones(shape))
            assert tuple(layer.kernel.shape) == (shape[-1], units)


@check("shapes.one-kernel-per-row")
def one_kernel_per_row() -> None:
    last_axis_only()
    layer = keras.layers.Dense(4)
    layer(keras.ops.ones((3, 4, 2)))
    assert int(np.prod(layer.kernel.shape)) == 2 * 4


@check("shapes.any-leading-shape")
def any_leading_shape() -> None:
    layer = _layer()
    for shape in [*_SHAPES, (1, 1, 1, 1, 2)]:
        assert tuple(layer(_inputs(shape)).shape) == (*shape[:-1], 4)
        assert tuple(layer.kernel.shape) == (2, 4)
    # What Dense asks of an input: at least two axes and the last one's size, nothing else.
    assert layer.input_spec.min_ndim == 2
    assert layer.input_spec.max_ndim is None
    assert layer.input_spec.ndim is None


@check("shapes.refused-inputs")
@check("shapes.other-last-axis-refused")
def refused_inputs() -> None:
    layer = _layer()
    assert layer.input_spec.axes == {-1: 2}
    raises(
        ValueError,
        lambda: layer(np.ones((3, 5), dtype="float32")),
        "expected axis -1 of input shape to have value 2",
    )
    rank_one_refused()


@check("shapes.rank-one-refused")
def rank_one_refused() -> None:
    for layer in (_layer(), keras.layers.Dense(4)):  # built or not
        raises(
            ValueError,
            functools.partial(layer, np.ones((2,), dtype="float32")),
            "expected min_ndim=2, found ndim=1",
        )
    assert tuple(_layer()(np.ones((1, 2), dtype="float32")).shape) == (1, 4)


@check("shapes.flatten")
@check("shapes.flatten-mixes")
def flatten() -> None:
    flatten_kernel()
    # Every output depends on every number of the sample: change any one, all outputs move.
    model = keras.Sequential(
        [keras.Input(shape=(4, 2)), keras.layers.Flatten(), keras.layers.Dense(4)]
    )
    sample = _inputs((1, 4, 2))
    base = as_numpy(model(sample))
    for index in np.ndindex(4, 2):
        moved = sample.copy()
        moved[(0, *index)] += 1.0
        assert np.all(as_numpy(model(moved)) != base), index
    direct = keras.layers.Dense(4)
    direct(keras.ops.ones((3, 4, 2)))
    flat = keras.Sequential(
        [keras.Input(shape=(4, 2)), keras.layers.Flatten(), keras.layers.Dense(4)]
    )
    assert int(np.prod(flat.layers[-1].kernel.shape)) > int(np.prod(direct.kernel.shape))


@check("shapes.flatten-kernel")
def flatten_kernel() -> None:
    for sample in [(4, 2), (3, 5, 2)]:
        model = keras.Sequential(
            [keras.Input(shape=sample), keras.layers.Flatten(), keras.layers.Dense(4)]
        )
        features = int(np.prod(sample))
        assert tuple(model.layers[-1].kernel.shape) == (features, 4)
        assert model.output_shape == (None, 4)  # one row of units per sample
