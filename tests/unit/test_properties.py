"""Hypothesis properties over units 1..64, input ranks 1..4, last dimension 1..64 and seeds."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from densebook import SEED_MAX, build_dense, decompose, fingerprint

units_st = st.integers(1, 64)
seeds = st.integers(0, SEED_MAX)


@st.composite
def input_shapes(draw: st.DrawFn) -> tuple[int, ...]:
    """Rank 1..4; leading axes kept small (they do not change the kernel), last axis 1..64."""
    leading = draw(st.lists(st.integers(1, 4), min_size=0, max_size=3))
    return (*leading, draw(st.integers(1, 64)))


@given(units=units_st, shape=input_shapes(), seed=seeds)
def test_kernel_shape_is_last_dim_by_units(units: int, shape: tuple[int, ...], seed: int) -> None:
    layer = build_dense(units, shape, seed=seed)
    assert tuple(layer.kernel.shape) == (shape[-1], units)
    assert tuple(layer.bias.shape) == (units,)


@given(units=units_st, shape=input_shapes(), seed=seeds)
def test_output_shape_replaces_the_last_axis(units: int, shape: tuple[int, ...], seed: int) -> None:
    layer = build_dense(units, shape, seed=seed)
    output = decompose(layer, np.ones(shape, dtype=np.float32)).layer_output
    assert output.shape == (*shape[:-1], units)


@given(data=st.data(), units=units_st, shape=input_shapes(), seed=seeds)
def test_decompose_agrees_with_the_layer(
    data: st.DataObject, units: int, shape: tuple[int, ...], seed: int
) -> None:
    activation = data.draw(st.sampled_from([None, "relu", "tanh", "sigmoid"]))
    layer = build_dense(units, shape, seed=seed, activation=activation)
    bias = data.draw(arrays(np.float32, (units,), elements=st.floats(-10, 10, width=32)))
    layer.bias.assign(bias)
    x = data.draw(arrays(np.float32, shape, elements=st.floats(-100, 100, width=32)))
    steps = decompose(layer, x)
    assert steps.agrees, (steps.max_abs_difference, float(steps.tolerance.max()))
    assert steps.layer_output.shape == (*shape[:-1], units)


@given(units=units_st, shape=input_shapes(), seed=seeds)
def test_same_seed_same_fingerprint(units: int, shape: tuple[int, ...], seed: int) -> None:
    assert fingerprint(build_dense(units, shape, seed=seed)) == fingerprint(
        build_dense(units, shape, seed=seed)
    )


@given(
    units=units_st,
    shape=input_shapes(),
    seeds_pair=st.lists(seeds, min_size=2, max_size=2, unique=True),
)
def test_different_seeds_different_fingerprints(
    units: int, shape: tuple[int, ...], seeds_pair: list[int]
) -> None:
    a, b = seeds_pair
    assert fingerprint(build_dense(units, shape, seed=a)) != fingerprint(
        build_dense(units, shape, seed=b)
    )
