"""describe_weights and fingerprint, for Keras 3 and tf_keras layers."""

from __future__ import annotations

import numpy as np
import pytest

from densebook import build_dense, describe_weights, fingerprint, tf_and_keras
from helpers import assert_names_argument


def test_describe_weights_keras3_records() -> None:
    layer = build_dense(4, (3, 4, 2), seed=0)
    report = describe_weights(layer)
    kernel, bias = report.weights
    assert (kernel.role, kernel.shape, kernel.dtype, kernel.count) == (
        "kernel",
        (2, 4),
        "float32",
        8,
    )
    assert (bias.role, bias.shape, bias.count) == ("bias", (4,), 4)
    assert kernel.path == layer.kernel.path
    assert kernel.path.endswith("/kernel")
    assert np.array_equal(kernel.values, layer.kernel.numpy())
    assert report.total_params == layer.count_params() == 12
    assert report["bias"] is bias
    with pytest.raises(KeyError):
        report["gamma"]


def test_describe_weights_values_are_a_copy() -> None:
    layer = build_dense(2, (2,), seed=0)
    report = describe_weights(layer)
    report["kernel"].values[:] = 42.0
    assert not np.any(layer.kernel.numpy() == 42.0)


def test_describe_weights_tf_keras_layer() -> None:
    tf, _ = tf_and_keras()
    import tf_keras

    layer = tf_keras.layers.Dense(3)
    layer(tf.ones((2, 5)))
    report = describe_weights(layer)
    assert [(i.role, i.shape) for i in report.weights] == [("kernel", (5, 3)), ("bias", (3,))]
    assert report["kernel"].path.endswith("/kernel:0")
    assert report.total_params == layer.count_params() == 18


def test_fingerprint_depends_on_values_not_names() -> None:
    a, b = build_dense(4, (2,), seed=5), build_dense(4, (2,), seed=5)
    assert a.name != b.name
    assert fingerprint(a) == fingerprint(b)
    b.kernel.assign(b.kernel.numpy() + np.float32(1e-7) * np.sign(b.kernel.numpy()))
    assert fingerprint(a) != fingerprint(b)


def test_fingerprint_sees_shape_and_bias_presence() -> None:
    with_bias = build_dense(4, (2,), seed=5)
    without = build_dense(4, (2,), seed=5, use_bias=False)
    assert fingerprint(with_bias) != fingerprint(without)


def test_fingerprint_is_sha256_hex() -> None:
    digest = fingerprint(build_dense(1, (1,), seed=0))
    assert len(digest) == 64
    assert int(digest, 16) >= 0


@pytest.mark.parametrize("function", [describe_weights, fingerprint])
def test_rejects_a_layer_that_is_not_built(function: object) -> None:
    _, keras = tf_and_keras()
    layer = keras.layers.Dense(4, name="unbuilt_dense")
    with pytest.raises(ValueError, match="layer 'unbuilt_dense' is not built") as excinfo:
        function(layer)  # type: ignore[operator]
    assert_names_argument(excinfo, "layer", "unbuilt_dense")


@pytest.mark.parametrize("function", [describe_weights, fingerprint])
@pytest.mark.parametrize("not_dense", ["dense", None, np.zeros((2, 4))])
def test_rejects_something_that_is_not_a_dense_layer(function: object, not_dense: object) -> None:
    with pytest.raises(TypeError, match=r"layer must be a keras\.layers\.Dense") as excinfo:
        function(not_dense)  # type: ignore[operator]
    assert type(not_dense).__name__ in str(excinfo.value)


def test_rejects_another_kind_of_keras_layer() -> None:
    _, keras = tf_and_keras()
    conv = keras.layers.Conv1D(2, 3)
    conv.build((1, 8, 2))
    with pytest.raises(TypeError, match=r"got .*Conv1D"):
        describe_weights(conv)
