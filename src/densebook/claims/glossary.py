"""Checks for the glossary's definitions: each one asks Keras (or TensorFlow) itself."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import keras
import numpy as np

from densebook.claims import as_numpy, check

PAGE = "glossary"


@check("glossary.activation")
def activation() -> None:
    x = np.random.default_rng(0).normal(size=(5, 3)).astype("float32")
    plain = keras.layers.Dense(4)
    assert plain.activation is keras.activations.linear  # the default: none
    y = as_numpy(plain(x))
    W, b = as_numpy(plain.kernel), as_numpy(plain.bias)
    np.testing.assert_allclose(y, x @ W + b, rtol=1e-6, atol=1e-6)
    relu = keras.layers.Dense(4, activation="relu")
    y = as_numpy(relu(x))
    W, b = as_numpy(relu.kernel), as_numpy(relu.bias)
    np.testing.assert_allclose(y, np.maximum(x @ W + b, 0), rtol=1e-6, atol=1e-6)


@check("glossary.axis")
def axis() -> None:
    x = np.random.default_rng(10).normal(size=(3, 4, 2)).astype("float32")
    assert keras.ops.ndim(x) == 3
    assert tuple(keras.ops.shape(x)) == (3, 4, 2)
    layer = keras.layers.Dense(5)
    y = as_numpy(layer(x))
    W, b = as_numpy(layer.kernel), as_numpy(layer.bias)
    assert W.shape == (2, 5)  # the kernel meets the last axis, length 2
    assert y.shape == (3, 4, 5)  # every other axis is kept
    for i in range(3):
        for j in range(4):
            np.testing.assert_allclose(y[i, j], x[i, j] @ W + b, rtol=1e-5, atol=1e-6)


@check("glossary.backend", requires=["jax"])
def backend() -> None:
    assert keras.config.backend() in {"tensorflow", "jax", "torch", "numpy", "openvino"}
    if keras.config.backend() == "tensorflow":  # TensorFlow holds this process's arrays
        assert type(keras.ops.ones(2)).__module__.startswith("tensorflow")
    # In a new process with KERAS_BACKEND=jax: JAX holds the arrays, and the backend is
    # read once, at the first import (changing the variable later changes nothing).
    script = (
        "import os, keras\n"
        "array = keras.ops.ones(2)\n"
        "os.environ['KERAS_BACKEND'] = 'tensorflow'\n"
        "print(keras.config.backend(), type(array).__module__.split('.')[0])\n"
    )
    env = {**os.environ, "KERAS_BACKEND": "jax", "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["jax", "jaxlib"], done.stdout


@check("glossary.batch")
def batch() -> None:
    assert tuple(keras.Input(shape=(3,)).shape) == (None, 3)
    x = np.random.default_rng(1).normal(size=(5, 3)).astype("float32")
    layer = keras.layers.Dense(4)
    together = as_numpy(layer(x))
    for i in range(5):  # stacked along the first axis: each row is its own sample
        np.testing.assert_allclose(together[i], as_numpy(layer(x[i : i + 1]))[0], rtol=1e-6)


@check("glossary.bias")
def bias() -> None:
    layer = keras.layers.Dense(4)
    x = np.random.default_rng(2).normal(size=(3, 5, 2)).astype("float32")
    y = as_numpy(layer(x))
    assert tuple(layer.bias.shape) == (4,)
    assert np.all(as_numpy(layer.bias) == 0)  # starts at zero
    layer.bias.assign(np.array([1.0, -2.0, 3.0, 0.5], dtype="float32"))
    shifted = as_numpy(layer(x))
    # The same vector is added at every sample and position.
    np.testing.assert_allclose(
        shifted - y, np.broadcast_to([1.0, -2.0, 3.0, 0.5], y.shape), rtol=0, atol=1e-5
    )


@check("glossary.broadcasting", backends=["tensorflow"])
def broadcasting() -> None:
    import tensorflow as tf

    rows = np.arange(12, dtype="float32").reshape(3, 4)
    vector = np.array([10.0, 20.0, 30.0, 40.0], dtype="float32")
    for total in (rows + vector, tf.add(rows, vector).numpy()):
        assert total.shape == (3, 4)
        for i in range(3):  # the missing leading axis: the vector repeated for every row
            np.testing.assert_array_equal(total[i], rows[i] + vector)
    column = np.array([[1.0], [2.0], [3.0]], dtype="float32")  # (3, 1)
    row = np.array([[10.0, 20.0, 30.0, 40.0]], dtype="float32")  # (1, 4)
    for total in (column + row, tf.add(column, row).numpy()):
        assert total.shape == (3, 4)  # lined up from the right; each length-1 axis repeated
        for i in range(3):
            for j in range(4):
                assert total[i, j] == column[i, 0] + row[0, j]


@check("glossary.built")
def built() -> None:
    by_call, by_build, in_model = (keras.layers.Dense(4) for _ in range(3))
    for layer in (by_call, by_build, in_model):
        assert layer.built is False
        assert layer.weights == []
    by_call(np.ones((2, 3), dtype="float32"))
    by_build.build((None, 3))
    keras.Sequential([keras.Input(shape=(3,)), in_model])
    for layer in (by_call, by_build, in_model):
        assert layer.built is True
        assert [tuple(w.shape) for w in layer.weights] == [(3, 4), (4,)]  # made in build()


def _nbformat() -> Any:
    """nbformat, whose functions carry no type information."""
    import importlib

    return importlib.import_module("nbformat")


@check("glossary.cell", requires=["nbformat"])
def cell() -> None:
    nbformat = _nbformat()

    output = nbformat.v4.new_output("stream", name="stdout", text="4\n")
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("text"), nbformat.v4.new_code_cell("2 + 2")]
    )
    notebook.cells[1].outputs = [output]
    again = nbformat.reads(nbformat.writes(notebook), as_version=4)
    assert [c.cell_type for c in again.cells] == ["markdown", "code"]
    assert again.cells[1].outputs == [output]  # kept with its cell, in the file


@check("glossary.compute-kernel", requires=["tensorflow"])
def compute_kernel() -> None:
    import tensorflow as tf
    from tensorflow.python.framework import kernels  # TensorFlow's own (internal) registry

    registered = kernels.get_registered_kernels_for_op("MatMul").kernel
    assert {"CPU", "GPU"} <= {k.device_type for k in registered}
    product = tf.matmul(tf.ones((2, 3)), tf.ones((3, 4)))
    assert "/device:CPU:" in product.device or "/device:GPU:" in product.device, product.device


@check("glossary.construct")
def construct() -> None:
    layer = keras.layers.Dense(4, activation="relu")
    assert layer.units == 4
    assert layer.activation is keras.activations.relu
    assert layer.built is False
    assert layer.weights == []
    layer.build((None, 3))
    assert [tuple(w.shape) for w in layer.weights] == [(3, 4), (4,)]


@check("glossary.dtype")
def dtype() -> None:
    assert keras.config.floatx() == "float32"
    layer = keras.layers.Dense(4)
    layer.build((None, 3))
    assert [w.dtype for w in layer.weights] == ["float32", "float32"]
    x = keras.ops.ones((2, 3), dtype="float16")
    assert keras.ops.convert_to_numpy(x).dtype == np.float16


@check("glossary.epoch")
def epoch() -> None:
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    x, y = np.ones((10, 3), dtype="float32"), np.zeros((10, 2), dtype="float32")
    model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    assert int(model.optimizer.iterations) == 3  # 10 samples in batches of 4: 3 updates
    model.fit(x, y, batch_size=4, epochs=2, verbose=0)
    assert int(model.optimizer.iterations) == 3 + 6


@check("glossary.fan-in")
def fan_in() -> None:
    def fan_in_scaling() -> keras.initializers.Initializer:
        return keras.initializers.VarianceScaling(1.0, "fan_in", "uniform", seed=1)

    # Keras sizes a fan-in-scaled initializer by the numbers below; the uniform
    # distribution's bound is sqrt(3 / fan_in), so the largest entry tells fan_in apart.
    dense = keras.layers.Dense(2000, kernel_initializer=fan_in_scaling())
    dense.build((3, 7, 5))  # rank 3: only the last axis (5) counts
    limit = np.sqrt(3.0 / 5)
    assert 0.95 * limit < np.abs(as_numpy(dense.kernel)).max() <= limit
    conv = keras.layers.Conv2D(8, 3, kernel_initializer=fan_in_scaling())
    conv.build((None, 10, 10, 5))  # a 3x3 window over 5 channels: 45
    limit = np.sqrt(3.0 / (3 * 3 * 5))
    assert 0.95 * limit < np.abs(as_numpy(conv.kernel)).max() <= limit


@check("glossary.fan-out")
def fan_out() -> None:
    def fan_out_scaling() -> keras.initializers.Initializer:
        return keras.initializers.VarianceScaling(1.0, "fan_out", "uniform", seed=1)

    dense = keras.layers.Dense(6, kernel_initializer=fan_out_scaling())
    dense.build((None, 2000))  # fan-out is the number of units: 6
    limit = np.sqrt(3.0 / 6)
    assert 0.95 * limit < np.abs(as_numpy(dense.kernel)).max() <= limit
    conv = keras.layers.Conv2D(8, 3, kernel_initializer=fan_out_scaling())
    conv.build((None, 10, 10, 5))  # a 3x3 window times 8 filters: 72
    limit = np.sqrt(3.0 / (3 * 3 * 8))
    assert 0.95 * limit < np.abs(as_numpy(conv.kernel)).max() <= limit


@check("glossary.feature")
def feature() -> None:
    x = np.random.default_rng(3).normal(size=(4, 3)).astype("float32")
    layer = keras.layers.Dense(5)
    before = as_numpy(layer(x))
    for f in range(3):  # each feature of row 2, in turn
        changed = x.copy()
        changed[2, f] += 1.0
        after = as_numpy(layer(changed))
        moved_rows = np.flatnonzero(np.any(after != before, axis=1))
        assert moved_rows.tolist() == [2]  # only that row's outputs move...
        assert np.all(after[2] != before[2])  # ...and every unit mixes that feature


@check("glossary.gradient", backends=["tensorflow"])
def gradient() -> None:
    import tensorflow as tf

    layer = keras.layers.Dense(2)
    x = np.random.default_rng(4).normal(size=(8, 3)).astype("float64")
    target = np.random.default_rng(5).normal(size=(8, 2)).astype("float64")
    layer.build((None, 3))

    def loss_at(W: np.ndarray, b: np.ndarray) -> float:  # the same loss, in float64
        return float(np.mean((x @ W + b - target) ** 2))

    with tf.GradientTape() as tape:
        loss = keras.losses.MeanSquaredError()(target, layer(x.astype("float32")))
    g_kernel, g_bias = (g.numpy() for g in tape.gradient(loss, [layer.kernel, layer.bias]))
    W, b = as_numpy(layer.kernel).astype("float64"), as_numpy(layer.bias).astype("float64")
    eps = 1e-4
    for (i, j), g in np.ndenumerate(g_kernel):  # each weight: its rate of change, its sign
        step = np.zeros_like(W)
        step[i, j] = eps
        slope = (loss_at(W + step, b) - loss_at(W - step, b)) / (2 * eps)
        np.testing.assert_allclose(g, slope, rtol=1e-3, atol=1e-4)
    for j, g in enumerate(g_bias):
        step = np.zeros_like(b)
        step[j] = eps
        slope = (loss_at(W, b + step) - loss_at(W, b - step)) / (2 * eps)
        np.testing.assert_allclose(g, slope, rtol=1e-3, atol=1e-4)
    # Gradient descent moves each weight against its gradient: one SGD step, entry by entry.
    sgd = keras.optimizers.SGD(learning_rate=0.1)
    sgd.apply_gradients([(g_kernel, layer.kernel), (g_bias, layer.bias)])
    np.testing.assert_allclose(as_numpy(layer.kernel), W - 0.1 * g_kernel, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(as_numpy(layer.bias), b - 0.1 * g_bias, rtol=1e-5, atol=1e-6)


@check("glossary.gradient-descent", backends=["tensorflow"])
def gradient_descent() -> None:
    import tensorflow as tf

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    x = np.random.default_rng(5).normal(size=(8, 3)).astype("float32")
    y = np.random.default_rng(6).normal(size=(8, 2)).astype("float32")
    for batch in (slice(0, 4), slice(4, 8)):  # one update per batch, from that batch only
        with tf.GradientTape() as tape:
            loss = keras.losses.MeanSquaredError()(y[batch], model(x[batch]))
        grads = tape.gradient(loss, model.trainable_variables)
        expected = [
            as_numpy(w) - 0.1 * g.numpy()
            for w, g in zip(model.trainable_variables, grads, strict=True)
        ]
        model.train_on_batch(x[batch], y[batch])
        for w, e in zip(model.trainable_variables, expected, strict=True):
            np.testing.assert_allclose(as_numpy(w), e, rtol=1e-5, atol=1e-6)


@check("glossary.initializer")
def initializer() -> None:
    layer = keras.layers.Dense(3)
    assert isinstance(layer.kernel_initializer, keras.initializers.GlorotUniform)
    assert isinstance(layer.bias_initializer, keras.initializers.Zeros)
    layer.build((None, 4))
    assert np.all(as_numpy(layer.bias) == 0)
    assert np.any(as_numpy(layer.kernel) != 0)


@check("glossary.jupyter-kernel", requires=["jupyter_client"])
def jupyter_kernel() -> None:
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.language == "python"
    assert spec.argv[1:3] == ["-m", "ipykernel_launcher"], spec.argv  # a Python of its own


@check("glossary.kernel")
def kernel() -> None:
    layer = keras.layers.Dense(4)
    layer.build((None, 3))
    assert layer.kernel.path == f"{layer.name}/kernel"
    assert tuple(layer.kernel.shape) == (3, 4)  # (inputs, units)


@check("glossary.kernel-elsewhere", requires=["tensorflow"])
def kernel_elsewhere() -> None:
    # The two library meanings: a convolution's kernel is its stack of filters (as the
    # "What kernel means" page checks it), and TensorFlow computes an op with a registered
    # kernel for each kind of device.
    import tensorflow as tf
    from tensorflow.python.framework import kernels  # TensorFlow's own (internal) registry

    from densebook.claims import kernel_meanings

    kernel_meanings.conv_shape()
    registered = kernels.get_registered_kernels_for_op("MatMul").kernel
    devices = {k.device_type for k in registered}
    assert {"CPU", "GPU"} <= devices, devices
    product = tf.matmul(tf.ones((2, 3)), tf.ones((3, 4)))  # runs on a device that has one
    assert any(f"/device:{device}:" in product.device for device in devices), product.device
    assert np.all(product.numpy() == 3.0)


@check("glossary.lazy-build")
def lazy_build() -> None:
    layer = keras.layers.Dense(4)
    assert layer.weights == []
    layer(np.ones((1, 6), dtype="float32"))  # the first call: the input's shape is known
    assert [tuple(w.shape) for w in layer.weights] == [(6, 4), (4,)]


@check("glossary.learning-rate", backends=["tensorflow"])
def learning_rate() -> None:
    import tensorflow as tf

    x = np.random.default_rng(7).normal(size=(8, 3)).astype("float32")
    y = np.zeros((8, 1), dtype="float32")

    def first_step(optimizer: object) -> tuple[np.ndarray, np.ndarray]:
        """A seeded Dense(1)'s kernel gradient, then how far one step moved the kernel."""
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
        model.compile(optimizer=optimizer, loss="mse")
        with tf.GradientTape() as tape:
            loss = keras.losses.MeanSquaredError()(y, model(x))
        grad = tape.gradient(loss, model.layers[0].kernel).numpy()
        before = as_numpy(model.layers[0].kernel)
        model.train_on_batch(x, y)
        return grad, as_numpy(model.layers[0].kernel) - before

    rates = (0.01, 0.02)
    moves = []
    for rate in rates:
        grad, move = first_step(keras.optimizers.SGD(learning_rate=rate))
        np.testing.assert_allclose(move, -rate * grad, rtol=1e-5, atol=1e-7)
        moves.append(move)
    np.testing.assert_allclose(moves[1], 2 * moves[0], rtol=1e-4, atol=1e-7)
    # Another optimizer scales its own update by the rate: Adam's first step, doubled.
    adam_moves = [first_step(keras.optimizers.Adam(learning_rate=rate))[1] for rate in rates]
    np.testing.assert_allclose(adam_moves[1], 2 * adam_moves[0], rtol=1e-4, atol=1e-7)
    assert not np.allclose(adam_moves[0], moves[0], rtol=0.1)  # not rate times gradient


@check("glossary.loss")
def loss() -> None:
    y = np.array([[1.0], [2.0], [3.0]], dtype="float32")
    p = np.array([[1.5], [2.0], [2.0]], dtype="float32")
    value = keras.losses.MeanSquaredError()(y, p)
    assert keras.ops.ndim(value) == 0  # a single number
    np.testing.assert_allclose(float(value), np.mean((y - p) ** 2), rtol=1e-6)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    x = np.linspace(-1, 1, 32, dtype="float32").reshape(-1, 1)
    history = model.fit(x, 3 * x + 1, epochs=5, batch_size=32, verbose=0).history["loss"]
    assert history[-1] < history[0], history  # training made it smaller


@check("glossary.optimizer")
def optimizer() -> None:
    variable = keras.Variable(np.array([1.0, 2.0], dtype="float32"))
    sgd = keras.optimizers.SGD(learning_rate=0.5)
    sgd.apply_gradients([(np.array([0.2, -0.4], dtype="float32"), variable)])
    np.testing.assert_allclose(as_numpy(variable), [1.0 - 0.1, 2.0 + 0.2], rtol=1e-6)


@check("glossary.parameter")
def parameter() -> None:
    for n, u in [(2, 4), (3, 1), (7, 5)]:
        layer = keras.layers.Dense(u)
        layer.build((None, n))
        assert layer.count_params() == n * u + u
        assert sum(int(np.prod(w.shape)) for w in layer.trainable_weights) == n * u + u
        no_bias = keras.layers.Dense(u, use_bias=False)
        no_bias.build((None, n))
        assert no_bias.count_params() == n * u
        layer.trainable = False  # frozen: none trainable, still counted
        assert layer.trainable_weights == []
        assert layer.count_params() == n * u + u
    norm = keras.layers.BatchNormalization()
    norm.build((None, 3))
    trainable = sum(int(np.prod(w.shape)) for w in norm.trainable_weights)
    assert (norm.count_params(), trainable) == (12, 6)  # the moving mean and variance count


@check("glossary.rank")
def rank() -> None:
    assert keras.ops.ndim(keras.ops.ones((5,))) == 1
    assert keras.ops.ndim(keras.ops.ones((2, 3))) == 2
    assert keras.ops.ndim(keras.ops.ones((3, 4, 2))) == 3
    # Not the linear-algebra rank: this 2 x 2 matrix has matrix rank 1 but two axes.
    assert keras.ops.ndim(keras.ops.ones((2, 2))) == 2
    assert np.linalg.matrix_rank(np.ones((2, 2))) == 1


@check("glossary.notebook", requires=["nbformat"])
def notebook() -> None:
    import json

    nbformat = _nbformat()

    saved = json.loads(nbformat.writes(nbformat.v4.new_notebook()))
    assert saved["nbformat"] == 4
    assert saved["cells"] == []


@check("glossary.op", backends=["tensorflow"])
def op() -> None:
    import tensorflow as tf

    layer = keras.layers.Dense(4)
    layer.build((None, 3))
    traced = tf.function(layer.call).get_concrete_function(tf.TensorSpec((None, 3), tf.float32))
    computed = [o.type for o in traced.graph.get_operations() if o.type in ("MatMul", "BiasAdd")]
    assert computed == ["MatMul", "BiasAdd"], computed


@check("glossary.process")
def process() -> None:
    import random

    random.seed(0)
    seeded = random.Random(0).random()
    code = "import random; print(random.random())"
    drawn = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    }
    assert len(drawn) == 2  # each process starts its own random state
    assert repr(seeded) not in drawn  # the seed set here did not reach them


@check("glossary.seed")
def seed() -> None:
    kernels = []
    for _ in range(2):
        keras.utils.set_random_seed(1234)
        layer = keras.layers.Dense(4)
        layer.build((None, 3))
        kernels.append(as_numpy(layer.kernel))
    np.testing.assert_array_equal(kernels[0], kernels[1])
    first = keras.initializers.GlorotUniform(seed=7)((3, 4))
    again = keras.initializers.GlorotUniform(seed=7)((3, 4))
    np.testing.assert_array_equal(as_numpy(first), as_numpy(again))


@check("glossary.session")
def session() -> None:
    keras.backend.clear_session()
    first, second = keras.layers.Dense(2), keras.layers.Dense(2)
    assert (first.name, second.name) == ("dense", "dense_1")
    keras.backend.clear_session()
    assert keras.layers.Dense(2).name == "dense"


@check("glossary.shape")
def shape() -> None:
    x = keras.ops.zeros((3, 4, 2))
    assert tuple(x.shape) == (3, 4, 2)
    assert keras.ops.shape(x) == (3, 4, 2)


@check("glossary.tensor", backends=["tensorflow"])
def tensor() -> None:
    import tensorflow as tf

    values = tf.constant([[1.0, 2.0], [3.0, 4.5]])
    assert isinstance(values, tf.Tensor)
    assert values.dtype == tf.float32
    single = tf.constant(3.0)
    assert isinstance(single, tf.Tensor)
    assert single.shape.rank == 0  # a single number: no axes
    for mixed in ([1.0, "a"], [[1.0], [2.0, 3.0]]):  # one dtype, and a full grid
        try:
            tf.constant(mixed)
        except (ValueError, TypeError):
            continue
        raise AssertionError(f"tf.constant accepted {mixed!r}")


@check("glossary.tf-keras", requires=["tf_keras"], backends=["tensorflow"])
def tf_keras() -> None:
    import tensorflow as tf
    import tf_keras as keras2

    assert keras2.__version__.startswith("2."), keras2.__version__
    assert tf.keras.__version__.startswith("3."), tf.keras.__version__
    # Since TensorFlow 2.16 (its release notes): the running one is at least that and
    # requires Keras 3.
    import importlib.metadata

    assert tuple(int(p) for p in tf.__version__.split(".")[:2]) >= (2, 16), tf.__version__
    requires = importlib.metadata.requires("tensorflow") or []
    assert any(r.replace(" ", "").startswith("keras>=3") for r in requires), requires


@check("glossary.trainable-weight")
def trainable_weight() -> None:
    norm = keras.layers.BatchNormalization()
    frozen, free = keras.layers.Dense(2), keras.layers.Dense(2)
    model = keras.Sequential([keras.Input(shape=(3,)), norm, frozen, free])
    frozen.trainable = False
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    # The optimizer updates the trainable weights only; the moving mean is not one of them.
    assert norm.moving_mean.path not in [w.path for w in model.trainable_weights]
    assert norm.moving_mean.path in [w.path for w in model.non_trainable_weights]
    before = [as_numpy(norm.moving_mean), as_numpy(frozen.kernel), as_numpy(free.kernel)]
    x = np.random.default_rng(8).normal(loc=2.0, size=(16, 3)).astype("float32")
    model.fit(x, np.ones((16, 2), dtype="float32"), batch_size=16, epochs=1, verbose=0)
    assert np.any(as_numpy(norm.moving_mean) != before[0])  # the layer updated it itself
    np.testing.assert_array_equal(as_numpy(frozen.kernel), before[1])  # not updated
    assert np.any(as_numpy(free.kernel) != before[2])  # updated by the optimizer


@check("glossary.unit")
def unit() -> None:
    x = np.random.default_rng(9).normal(size=(6, 3)).astype("float32")
    layer = keras.layers.Dense(4, activation="tanh")
    y = as_numpy(layer(x))
    assert y.shape[-1] == 4
    W, b = as_numpy(layer.kernel), as_numpy(layer.bias)
    for j in range(4):  # unit j: its own column of the kernel, its own bias entry
        np.testing.assert_allclose(y[:, j], np.tanh(x @ W[:, j] + b[j]), rtol=1e-5, atol=1e-6)


@check("glossary.variable", backends=["tensorflow"])
def variable() -> None:
    import tensorflow as tf

    layer = keras.layers.Dense(2)
    layer.build((None, 3))
    kernel = layer.kernel
    assert isinstance(kernel, keras.Variable)
    storage = kernel.value
    assert isinstance(storage, tf.Variable)  # on TensorFlow
    kernel.assign(np.zeros((3, 2), dtype="float32"))
    assert kernel.value is storage  # changed in place: the same tf.Variable holds new values
    assert np.all(storage.numpy() == 0)


@check("glossary.weight")
def weight() -> None:
    layer = keras.layers.Dense(4)
    layer.build((None, 3))
    assert layer.weights == [layer.kernel, layer.bias]
    x = np.ones((1, 3), dtype="float32")
    before = as_numpy(layer(x))
    kernel = as_numpy(layer.kernel)
    kernel[1, 2] += 1.0  # one kernel entry: output column 2 moves, the others do not
    layer.kernel.assign(kernel)
    after = as_numpy(layer(x))
    assert after[0, 2] != before[0, 2]
    np.testing.assert_array_equal(np.delete(after, 2, axis=1), np.delete(before, 2, axis=1))
    layer.bias.assign(np.ones(4, dtype="float32"))  # each bias entry: its own column
    assert np.all(as_numpy(layer(x)) != after)
