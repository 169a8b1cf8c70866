"""decompose: the forward pass by hand agrees with Keras, on any rank; bad input."""

from __future__ import annotations

import numpy as np
import pytest

from densebook import build_dense, decompose, tf_and_keras
from helpers import assert_names_argument


def test_decompose_steps_on_a_small_input() -> None:
    layer = build_dense(4, (3, 4, 2), seed=0)
    layer.bias.assign([1.0, -1.0, 0.5, 0.0])
    x = np.array([[1.0, 2.0], [0.5, -3.0]], dtype=np.float32)
    steps = decompose(layer, x)
    kernel = layer.kernel.numpy()
    np.testing.assert_allclose(steps.weighted_sum, x @ kernel, rtol=1e-6)
    np.testing.assert_array_equal(steps.bias, [1.0, -1.0, 0.5, 0.0])
    np.testing.assert_allclose(steps.pre_activation, x @ kernel + steps.bias, rtol=1e-6)
    np.testing.assert_array_equal(steps.activated, steps.pre_activation)  # linear
    assert steps.activation == "linear"
    assert steps.agrees
    assert steps.max_abs_difference <= float(steps.tolerance.max())


def test_decompose_rank_3_acts_on_the_last_axis() -> None:
    layer = build_dense(4, (3, 4, 2), seed=1)
    x = np.arange(24, dtype=np.float32).reshape(3, 4, 2) / 10
    steps = decompose(layer, x)
    assert steps.layer_output.shape == (3, 4, 4)
    flat = decompose(layer, x.reshape(12, 2))
    np.testing.assert_array_equal(flat.weighted_sum.reshape(3, 4, 4), steps.weighted_sum)


def test_decompose_rank_1_input() -> None:
    steps = decompose(build_dense(3, (2,), seed=0), [1.0, 1.0])
    assert steps.layer_output.shape == (3,)
    assert steps.agrees


def test_decompose_applies_the_activation() -> None:
    layer = build_dense(8, (3,), seed=2, activation="relu")
    steps = decompose(layer, [[1.0, -2.0, 3.0]])
    assert steps.activation == "relu"
    np.testing.assert_array_equal(steps.activated, np.maximum(steps.pre_activation, 0))
    assert steps.agrees


def test_decompose_without_bias_uses_zeros() -> None:
    steps = decompose(build_dense(3, (2,), seed=0, use_bias=False), [[1.0, 2.0]])
    np.testing.assert_array_equal(steps.bias, np.zeros(3))
    assert steps.agrees


def test_decompose_detects_a_disagreeing_layer() -> None:
    """The check can fail: a layer whose call adds 1e-3 does not agree with x @ W + b."""
    _, keras = tf_and_keras()

    class Shifted(keras.layers.Dense):  # type: ignore[misc, name-defined]
        def call(self, inputs):  # type: ignore[no-untyped-def]
            return super().call(inputs) + 1e-3

    layer = Shifted(3)
    layer.build((2,))
    steps = decompose(layer, [[1.0, 2.0]])
    assert not steps.agrees
    assert steps.max_abs_difference == pytest.approx(1e-3, rel=1e-3)


def test_decompose_tf_keras_layer() -> None:
    tf, _ = tf_and_keras()
    import tf_keras

    layer = tf_keras.layers.Dense(3, activation="tanh")
    layer(tf.ones((1, 4)))
    steps = decompose(layer, np.ones((2, 4)))
    assert steps.activation == "tanh"
    assert steps.agrees


@pytest.mark.parametrize(
    ("x", "error", "shown"),
    [
        ([[1.0, float("nan")]], ValueError, "nan"),
        ([[float("inf"), 1.0]], ValueError, "inf"),
        ([[1e39, 1.0]], ValueError, "1e+39"),
        ([[1.0, 2.0, 3.0]], ValueError, "(1, 3)"),
        ([["a", "b"]], TypeError, "<U1"),
        (np.array([[1 + 2j, 1]]), TypeError, "complex128"),
        (3.0, ValueError, "3.0"),
        (np.zeros((0, 2)), ValueError, "(0, 2)"),
        (None, TypeError, "None"),
    ],
)
def test_decompose_rejects_bad_x(x: object, error: type[Exception], shown: str) -> None:
    layer = build_dense(4, (2,), seed=0)
    with pytest.raises(error) as excinfo:
        decompose(layer, x)
    message = str(excinfo.value)
    assert message.startswith("x must"), message
    assert shown in message, message


def test_decompose_rejects_unbuilt_and_non_dense_layers() -> None:
    _, keras = tf_and_keras()
    with pytest.raises(ValueError, match="not built") as excinfo:
        decompose(keras.layers.Dense(2, name="fresh"), [[1.0]])
    assert_names_argument(excinfo, "layer", "fresh")
    with pytest.raises(TypeError, match="layer must be") as excinfo:
        decompose("layer", [[1.0]])
    assert_names_argument(excinfo, "layer", "layer")
