"""build_dense and trace_build: shapes, defaults, seeds and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from densebook import SEED_MAX, build_dense, describe_weights, fingerprint, trace_build
from helpers import assert_names_argument

BAD_UNITS = [
    (0, ValueError),
    (-1, ValueError),
    (2.5, TypeError),
    (True, TypeError),
    ("4", TypeError),
    (None, TypeError),
]
BAD_INPUT_SHAPES = [
    ((), ValueError),
    ((0,), ValueError),
    ((3, None), ValueError),
    ((3, -2), ValueError),
    ("3,4", TypeError),
    (None, TypeError),
    ((3, 2.0), TypeError),
    ((True, 2), TypeError),
]
BAD_SEEDS = [
    (-1, ValueError),
    (2**64, ValueError),
    (SEED_MAX + 1, ValueError),
    (1.5, TypeError),
    ("x", TypeError),
    (True, TypeError),
]


def test_build_dense_shapes_follow_the_last_axis() -> None:
    layer = build_dense(4, (3, 4, 2), seed=0)
    assert layer.built
    assert tuple(layer.kernel.shape) == (2, 4)
    assert tuple(layer.bias.shape) == (4,)


def test_build_dense_defaults_glorot_kernel_and_zero_bias() -> None:
    layer = build_dense(16, (8,), seed=3)
    limit = np.sqrt(6 / (8 + 16))
    kernel = layer.kernel.numpy()
    assert np.all(np.abs(kernel) <= limit)
    assert np.unique(kernel).size == kernel.size  # really drawn, not a constant
    assert np.all(layer.bias.numpy() == 0)


def test_build_dense_same_seed_same_bits_different_seed_different_bits() -> None:
    a, b, c = (build_dense(5, (7,), seed=s) for s in (11, 11, 12))
    assert np.array_equal(a.kernel.numpy(), b.kernel.numpy())
    assert not np.array_equal(a.kernel.numpy(), c.kernel.numpy())


def test_build_dense_unseeded_layers_differ() -> None:
    assert fingerprint(build_dense(4, (2,))) != fingerprint(build_dense(4, (2,)))


def test_build_dense_seed_range_edges_are_distinct() -> None:
    """Seeds 0, 1 and SEED_MAX are accepted and give three different kernels."""
    prints = {fingerprint(build_dense(3, (2,), seed=s)) for s in (0, 1, SEED_MAX)}
    assert len(prints) == 3


def test_build_dense_without_bias_and_with_activation() -> None:
    layer = build_dense(3, (5,), seed=0, use_bias=False, activation="relu")
    assert [info.role for info in describe_weights(layer).weights] == ["kernel"]
    assert layer.activation.__name__ == "relu"


def test_build_dense_accepts_numpy_integers_and_lists() -> None:
    layer = build_dense(np.int64(3), [np.int32(4), 2], seed=np.uint8(1))
    assert tuple(layer.kernel.shape) == (2, 3)


@pytest.mark.parametrize(("units", "error"), BAD_UNITS)
def test_build_dense_rejects_bad_units(units: object, error: type[Exception]) -> None:
    with pytest.raises(error) as excinfo:
        build_dense(units, (3, 2))  # type: ignore[arg-type]
    assert_names_argument(excinfo, "units", units)


@pytest.mark.parametrize(("input_shape", "error"), BAD_INPUT_SHAPES)
def test_build_dense_rejects_bad_input_shape(input_shape: object, error: type[Exception]) -> None:
    with pytest.raises(error) as excinfo:
        build_dense(4, input_shape)  # type: ignore[arg-type]
    assert_names_argument(excinfo, "input_shape", input_shape)


@pytest.mark.parametrize(("seed", "error"), BAD_SEEDS)
def test_build_dense_rejects_bad_seed(seed: object, error: type[Exception]) -> None:
    with pytest.raises(error) as excinfo:
        build_dense(4, (2,), seed=seed)  # type: ignore[arg-type]
    assert_names_argument(excinfo, "seed", seed)


@pytest.mark.parametrize(
    ("value", "error"), [(1, TypeError), ("yes", TypeError), (None, TypeError)]
)
def test_build_dense_rejects_bad_use_bias(value: object, error: type[Exception]) -> None:
    with pytest.raises(error) as excinfo:
        build_dense(4, (2,), use_bias=value)  # type: ignore[arg-type]
    assert_names_argument(excinfo, "use_bias", value)


@pytest.mark.parametrize(("value", "error"), [("no-such-activation", ValueError), (3, TypeError)])
def test_build_dense_rejects_bad_activation(value: object, error: type[Exception]) -> None:
    with pytest.raises(error) as excinfo:
        build_dense(4, (2,), activation=value)  # type: ignore[arg-type]
    assert_names_argument(excinfo, "activation", value)


def test_trace_build_records_empty_then_kernel_and_bias() -> None:
    trace = trace_build(4, (3, 4, 2), seed=0)
    assert trace.weights_before == ()
    assert [(i.role, i.shape, i.dtype) for i in trace.weights_after] == [
        ("kernel", (2, 4), "float32"),
        ("bias", (4,), "float32"),
    ]
    assert trace.weights_after[0].path.endswith("/kernel")
    assert trace.output_shape == (3, 4, 4)
    text = str(trace)
    assert "weights = []" in text
    assert "(3, 4, 4)" in text


def test_trace_build_weights_match_build_dense_for_the_same_seed() -> None:
    trace = trace_build(3, (2, 5), seed=9)
    assert trace.weights_after[0].shape == tuple(build_dense(3, (2, 5), seed=9).kernel.shape)


def test_trace_build_rejects_rank_1_input_shape_which_keras_cannot_call() -> None:
    with pytest.raises(ValueError, match="at least two axes") as excinfo:
        trace_build(4, (2,))
    assert_names_argument(excinfo, "input_shape", (2,))


@pytest.mark.parametrize(("units", "error"), BAD_UNITS)
def test_trace_build_rejects_bad_units(units: object, error: type[Exception]) -> None:
    with pytest.raises(error) as excinfo:
        trace_build(units, (3, 2))  # type: ignore[arg-type]
    assert_names_argument(excinfo, "units", units)


@pytest.mark.parametrize(("input_shape", "error"), BAD_INPUT_SHAPES)
def test_trace_build_rejects_bad_input_shape(input_shape: object, error: type[Exception]) -> None:
    with pytest.raises(error) as excinfo:
        trace_build(4, input_shape)  # type: ignore[arg-type]
    assert_names_argument(excinfo, "input_shape", input_shape)


@pytest.mark.parametrize(("seed", "error"), BAD_SEEDS)
def test_trace_build_rejects_bad_seed(seed: object, error: type[Exception]) -> None:
    with pytest.raises(error) as excinfo:
        trace_build(4, (1, 2), seed=seed)  # type: ignore[arg-type]
    assert_names_argument(excinfo, "seed", seed)


def test_keras_folds_seeds_so_seed_max_is_the_last_distinct_seed() -> None:
    """Keras 3 gives seeds s and s + 2**31 - 2 the same weights; SEED_MAX + 1 folds onto 0."""
    import numpy as np

    from densebook import tf_and_keras

    _, keras = tf_and_keras()

    def kernel(seed: int) -> np.ndarray:
        return np.asarray(keras.initializers.GlorotUniform(seed=seed)((2, 4)))

    for seed in (0, 1, 5):
        assert np.array_equal(kernel(seed), kernel(seed + 2**31 - 2))
    assert np.array_equal(kernel(SEED_MAX + 1), kernel(0))
    assert not np.array_equal(kernel(SEED_MAX), kernel(0))
