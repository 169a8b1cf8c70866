"""Checks for the claims of the page "What "kernel" means"."""

from __future__ import annotations

from collections.abc import Callable

import keras
import numpy as np

from densebook.claims import as_numpy, check

PAGE = "kernel-meanings"


def _circles() -> tuple[np.ndarray, np.ndarray]:
    """Points on two circles, radius 1 (label 0) and 2 (label 1), as on the page."""
    rng = np.random.default_rng(0)
    angle = rng.uniform(0, 2 * np.pi, size=200)
    radius = np.repeat([1.0, 2.0], 100)
    points = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return points.astype("float32"), np.repeat([0, 1], 100)


def _line_accuracy(features: np.ndarray, labels: np.ndarray, rcond: float | None = None) -> float:
    design = np.column_stack([features.astype("float64"), np.ones(len(features))])
    w, *_ = np.linalg.lstsq(design, 2 * labels - 1, rcond=rcond)
    return float(np.mean((design @ w > 0) == (labels == 1)))


def _conv_layers() -> dict[keras.layers.Layer, tuple[int, ...]]:
    """Conv1D, Conv2D and Conv3D, built, with the kernel shape each should have."""
    conv1d = keras.layers.Conv1D(filters=5, kernel_size=3)
    conv1d.build((None, 10, 2))
    conv2d = keras.layers.Conv2D(filters=8, kernel_size=(3, 5))
    conv2d.build((None, 28, 28, 3))
    conv3d = keras.layers.Conv3D(filters=2, kernel_size=(2, 3, 3))
    conv3d.build((None, 8, 8, 8, 4))
    return {conv1d: (3, 2, 5), conv2d: (3, 5, 3, 8), conv3d: (2, 3, 3, 4, 2)}


@check("kernel.main-weight")
@check("kernel.just-a-name")
def main_weight() -> None:
    dense = keras.layers.Dense(4)
    dense.build((None, 3, 2))
    for layer in [dense, *_conv_layers()]:
        assert layer.kernel.path == f"{layer.name}/kernel"
        names = [v.path.split("/")[-1] for v in layer.weights]
        assert names == ["kernel", "bias"], names
        # The main weight: the kernel holds more numbers than the bias.
        assert int(np.prod(layer.kernel.shape)) > int(np.prod(layer.bias.shape))


@check("kernel.path")
def path() -> None:
    # Names counted from a cleared session, as in a new process.
    keras.backend.clear_session()
    first, second = keras.layers.Dense(4), keras.layers.Dense(4)
    first.build((None, 2))
    second.build((None, 2))
    assert (first.kernel.path, second.kernel.path) == ("dense/kernel", "dense_1/kernel")
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(4)])
    assert model.layers[0].kernel.path == "sequential/dense_2/kernel"


@check("kernel.dense-shape")
@check("kernel.plain-matrix")
def dense_shape() -> None:
    dense = keras.layers.Dense(4)
    dense.build((None, 3, 2))
    assert tuple(dense.kernel.shape) == (2, 4)
    assert isinstance(dense.kernel, keras.Variable)
    assert len(dense.kernel.shape) == 2
    # One row per input feature, one column per unit.
    x = np.random.default_rng(2).normal(size=(5, 2)).astype("float32")
    kernel = as_numpy(dense.kernel)
    for j in range(4):
        for i in range(2):
            nudged = x.copy()
            nudged[:, i] += 1.0  # one more of input i moves unit j by kernel[i, j]
            moved = as_numpy(dense(nudged))[:, j] - as_numpy(dense(x))[:, j]
            np.testing.assert_allclose(moved, kernel[i, j], rtol=1e-5, atol=1e-5)


@check("kernel.conv-shape")
def conv_shape() -> None:
    for layer, shape in _conv_layers().items():
        assert tuple(layer.kernel.shape) == shape, (layer.name, layer.kernel.shape)


@check("kernel.not-every-layer")
def not_every_layer() -> None:
    main_weight()  # Dense and Conv2D: a variable named kernel, beside one named bias
    embedding = keras.layers.Embedding(10, 3)
    embedding.build((None, 5))
    assert [v.path.split("/")[-1] for v in embedding.weights] == ["embeddings"]
    assert not hasattr(embedding, "kernel")


@check("kernel.conv1d-answer")
def conv1d_answer() -> None:
    conv1d = keras.layers.Conv1D(filters=5, kernel_size=3)
    conv1d.build((None, 10, 2))
    assert tuple(conv1d.kernel.shape) == (3, 2, 5)
    assert tuple(conv1d.bias.shape) == (5,)


@check("kernel.conv-window-sum")
def conv_window_sum() -> None:
    for channels in (1, 3):
        conv = keras.layers.Conv2D(filters=8, kernel_size=(3, 3))
        conv.build((None, 28, 28, channels))
        conv.bias.assign(np.linspace(-1, 1, 8).astype("float32"))  # not zero, to see it
        rng = np.random.default_rng(channels)
        image = rng.normal(size=(1, 28, 28, channels)).astype("float32")
        maps, kernel = as_numpy(conv(image)), as_numpy(conv.kernel)
        bias = as_numpy(conv.bias)
        assert tuple(kernel.shape) == (3, 3, channels, 8)  # 3x3 for each input channel
        for row, col, f in [(0, 0, 0), (5, 17, 3), (25, 25, 7), (12, 3, 5)]:
            window = image[0, row : row + 3, col : col + 3, :]  # every channel
            by_hand = float((window * kernel[..., f]).sum() + bias[f])
            assert abs(by_hand - float(maps[0, row, col, f])) < 1e-4


@check("kernel.unit-dot-product")
@check("kernel.unit-formula")
def unit_dot_product() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(6, 3)).astype("float32")
    by_hand: list[tuple[str | None, Callable[[np.ndarray], np.ndarray]]] = [
        (None, lambda t: t),
        ("relu", lambda t: np.maximum(t, 0)),
        ("tanh", np.tanh),
    ]
    for activation, function in by_hand:
        layer = keras.layers.Dense(5, activation=activation)
        layer.build((None, 3))
        layer.bias.assign(rng.normal(size=(5,)).astype("float32"))
        kernel, bias, y = as_numpy(layer.kernel), as_numpy(layer.bias), as_numpy(layer(x))
        for j in range(5):
            dots = np.array([np.dot(row, kernel[:, j]) for row in x])
            np.testing.assert_allclose(y[:, j], function(dots + bias[j]), atol=1e-5)


@check("kernel.affine-keeps-lines")
def affine_keeps_lines() -> None:
    points, labels = _circles()
    layer = keras.layers.Dense(64, kernel_initializer=keras.initializers.GlorotUniform(seed=1))
    layer.build((None, 2))
    layer.bias.assign(np.random.default_rng(5).normal(size=(64,)).astype("float32"))
    outputs = as_numpy(layer(points)).astype("float64")
    kernel, bias = as_numpy(layer.kernel).astype("float64"), as_numpy(layer.bias)
    # Any line (hyperplane) on the outputs is a line on the points: v.(xW + b) + c.
    rng = np.random.default_rng(6)
    for _ in range(20):
        v, c = rng.normal(size=64), rng.normal()
        on_outputs = outputs @ v + c
        on_points = points.astype("float64") @ (kernel @ v) + (v @ bias + c)
        clear = np.abs(on_points) > 1e-4 * np.abs(on_points).max()
        np.testing.assert_array_equal((on_outputs > 0)[clear], (on_points > 0)[clear])
    # So least squares on the outputs does no better than on the points.
    assert _line_accuracy(outputs, labels, rcond=1e-5) == _line_accuracy(points, labels)


@check("kernel.relu-features-separate")
@check("kernel.nonlinear-can")
@check("kernel.line-accuracies")
def relu_features_separate() -> None:
    points, labels = _circles()
    # No straight line separates the circles (a half-plane that holds the whole outer
    # circle holds the disc inside it, inner circle included); least squares finds little.
    assert _line_accuracy(points, labels) < 0.55  # least squares: chance
    for seed in (1, 2, 3):
        hidden = keras.layers.Dense(
            64,
            activation="relu",
            kernel_initializer=keras.initializers.GlorotUniform(seed=seed),
        )
        features = as_numpy(hidden(points))
        assert _line_accuracy(features, labels) == 1.0, seed


@check("kernel.training-moves-features")
@check("kernel.gradient-reaches-hidden")
@check("kernel.network-learns-features")
def training_moves_features() -> None:
    points, labels = _circles()
    hidden = keras.layers.Dense(64, activation="relu")
    readout = keras.layers.Dense(1, activation="sigmoid")
    model = keras.Sequential([keras.Input(shape=(2,)), hidden, readout])
    readout.trainable = False  # the line stays as drawn: only the feature map can learn
    model.compile(optimizer=keras.optimizers.SGD(1.0), loss="binary_crossentropy")
    targets = labels[:, None].astype("float32")
    before = [as_numpy(w).copy() for w in (hidden.kernel, hidden.bias, readout.kernel)]
    features_before = as_numpy(hidden(points))
    loss_before = float(model.evaluate(points, targets, batch_size=200, verbose=0))
    model.fit(points, targets, batch_size=200, epochs=40, verbose=0)
    assert not np.allclose(before[0], as_numpy(hidden.kernel))
    assert not np.allclose(before[1], as_numpy(hidden.bias))
    np.testing.assert_array_equal(before[2], as_numpy(readout.kernel))
    assert not np.allclose(features_before, as_numpy(hidden(points)))
    # The features moved so that the fixed line reads them better.
    loss_after = float(model.evaluate(points, targets, batch_size=200, verbose=0))
    assert loss_after < 0.8 * loss_before, (loss_before, loss_after)


@check("kernel.next-layer-is-the-line")
def next_layer_is_the_line() -> None:
    points, labels = _circles()
    hidden = keras.layers.Dense(
        64, activation="relu", kernel_initializer=keras.initializers.GlorotUniform(seed=1)
    )
    features = as_numpy(hidden(points)).astype("float64")
    design = np.column_stack([features, np.ones(len(features))])
    w, *_ = np.linalg.lstsq(design, 2 * labels - 1, rcond=None)
    line = keras.layers.Dense(1)  # the least-squares line, as a Dense layer with one unit
    line.build((None, 64))
    line.set_weights([w[:-1, None].astype("float32"), w[-1:].astype("float32")])
    sides = as_numpy(line(as_numpy(hidden(points))))[:, 0] > 0
    assert np.array_equal(sides, labels == 1)


@check("kernel.not-a-kernel-function")
def not_a_kernel_function() -> None:
    layer = keras.layers.Dense(4)
    x = np.random.default_rng(5).normal(size=(6, 2)).astype("float32")
    y = as_numpy(layer(x))
    # Each output row depends on its own input row only: change every other row, and it
    # stays; a kernel method's prediction compares the input with other samples.
    for row in range(len(x)):
        other = np.random.default_rng(6 + row).normal(size=x.shape).astype("float32")
        other[row] = x[row]
        np.testing.assert_array_equal(as_numpy(layer(other))[row], y[row])
