"""Checks for the claims of the landing page: the original post's claims, as true today."""

from __future__ import annotations

import functools
import json
from typing import Any

import keras
import numpy as np

from densebook._fresh_process import _plain_tensorflow_env, _run_fresh
from densebook.claims import as_numpy, check

PAGE = "index"

# One new process's view of the post's cell: a kernel drawn with no seed, one whose
# initializer has seed 0, one after set_random_seed(0), and the package tf.keras's Dense
# comes from.
_RUNS_SCRIPT = """
import json
import keras
import tensorflow as tf

def kernel(layer):
    layer.build((None, 2))
    return keras.ops.convert_to_numpy(layer.kernel).tolist()

unseeded = kernel(keras.layers.Dense(4))
initializer_seed = kernel(
    keras.layers.Dense(4, kernel_initializer=keras.initializers.GlorotUniform(seed=0))
)
keras.utils.set_random_seed(0)
global_seed = kernel(keras.layers.Dense(4))
tf_keras_from = tf.keras.layers.Dense.__module__.split(".")[0]
print(json.dumps([unseeded, initializer_seed, global_seed, tf_keras_from]))
"""


@functools.cache
def _two_new_processes() -> tuple[list[Any], list[Any]]:
    """What two new, plain Python processes saw, started at once: Keras on TensorFlow,
    without densebook's settings (run once per process). The second has
    ``TF_USE_LEGACY_KERAS=1``, which changes what ``tf.keras`` is and not ``keras``."""
    plain = _plain_tensorflow_env()  # without densebook's TF_USE_LEGACY_KERAS=0 too
    legacy = {**plain, "TF_USE_LEGACY_KERAS": "1"}
    runs = _run_fresh(_RUNS_SCRIPT, processes=2, env=[plain, legacy])
    first, second = (json.loads(out) for out in runs)
    return first, second


def _post_layer() -> keras.layers.Dense:
    layer = keras.layers.Dense(4)
    layer(keras.ops.ones((3, 4, 2)))
    return layer


@check("index.kernel-rows-and-columns")
def kernel_rows_and_columns() -> None:
    for shape in [(3, 4, 2), (6, 5)]:
        layer = keras.layers.Dense(4)
        x = np.random.default_rng(4).normal(size=shape).astype("float32")
        y = as_numpy(layer(x))
        kernel, bias = as_numpy(layer.kernel), as_numpy(layer.bias)
        assert kernel.shape == (shape[-1], 4)
        # Row i meets input number i; column j makes output j.
        for j in range(4):
            np.testing.assert_allclose(
                y[..., j], (x * kernel[:, j]).sum(axis=-1) + bias[j], rtol=1e-5, atol=1e-6
            )
    # Random: drawn by the Glorot-uniform initializer, so another layer gets another kernel.
    assert isinstance(layer.kernel_initializer, keras.initializers.GlorotUniform)
    other = keras.layers.Dense(4)
    other.build((None, shape[-1]))
    assert not np.array_equal(as_numpy(other.kernel), kernel)


@check("index.bias-per-unit")
def bias_per_unit() -> None:
    for units in (1, 4, 9):
        layer = keras.layers.Dense(units)
        layer(keras.ops.ones((3, 4, 2)))
        assert as_numpy(layer.bias).tolist() == [0.0] * units


@check("index.float32")
def float32() -> None:
    layer = _post_layer()
    assert [v.dtype for v in layer.weights] == ["float32", "float32"]
    assert keras.config.floatx() == "float32"  # the default the variables follow


@check("index.why-lazy")
def why_lazy() -> None:
    layer = keras.layers.Dense(4)
    assert layer.units == 4  # the outputs are known...
    assert layer.input_spec.axes == {}  # no axis fixed yet
    assert layer.weights == []
    layer(keras.ops.ones((3, 4, 2)))
    assert layer.input_spec.axes == {-1: 2}  # the first input fixed them
    assert tuple(layer.kernel.shape) == (2, 4)


@check("index.tf-keras-is-keras-2", requires=["tf_keras"])
def tf_keras_is_keras_2() -> None:
    import tensorflow as tf
    import tf_keras

    assert tf_keras.__version__.startswith("2.")
    layer = tf_keras.layers.Dense(1)
    output = layer(tf.ones((1, 1)))
    assert isinstance(output, tf.Tensor)  # TensorFlow's own tensors and variables
    assert all(isinstance(v, tf.Variable) for v in layer.weights)
    # Only TensorFlow: it is tf_keras's one backend, and the package requires TensorFlow.
    import importlib.metadata

    assert tf_keras.backend.backend() == "tensorflow"
    requires = importlib.metadata.requires("tf-keras") or []
    assert any(r.replace(" ", "").startswith("tensorflow") for r in requires), requires


@check("index.tf-keras-is-keras-3-today")
def tf_keras_is_keras_3_today() -> None:
    import tensorflow as tf

    assert tf.keras.__version__ == keras.__version__
    assert keras.__version__.startswith("3.")
    assert tf.keras.layers.Dense is keras.layers.Dense
    # In new processes: without the variable, tf.keras is Keras 3; with it set to 1, Keras 2.
    plain, legacy = _two_new_processes()
    assert plain[3] == "keras", plain[3]  # Keras 3
    assert legacy[3] == "tf_keras", legacy[3]  # Keras 2


@check("index.lazy-by-convention")
def lazy_by_convention() -> None:
    embedding = keras.layers.Embedding(10, 3)  # its weight's shape, (10, 3), is known now
    assert embedding.weights == []
    assert not embedding.built
    embedding(keras.ops.zeros((2,), dtype="int32"))
    assert [tuple(w.shape) for w in embedding.weights] == [(10, 3)]


@check("index.variable-and-path", requires=["tf_keras"])
def variable_and_path() -> None:
    import tensorflow as tf
    import tf_keras

    old = tf_keras.layers.Dense(4, name="dense")
    old(tf.ones((3, 4, 2)))
    assert isinstance(old.kernel, tf.Variable)
    assert old.kernel.name == "dense/kernel:0"
    assert repr(old.kernel).startswith("<tf.Variable 'dense/kernel:0'")
    new = keras.layers.Dense(4, name="dense")
    new(keras.ops.ones((3, 4, 2)))
    assert isinstance(new.kernel, keras.Variable)
    assert not isinstance(new.kernel, tf.Variable)
    assert new.kernel.path == "dense/kernel"
    assert repr(new.kernel).startswith("<Variable path=dense/kernel,")


@check("index.default-initializers")
@check("index.two-layers-differ")
@check("index.two-kernels-zero-biases")
def default_initializers() -> None:
    first, second = _post_layer(), _post_layer()
    assert isinstance(first.kernel_initializer, keras.initializers.GlorotUniform)
    assert isinstance(first.bias_initializer, keras.initializers.Zeros)
    assert not np.array_equal(as_numpy(first.kernel), as_numpy(second.kernel))
    assert as_numpy(first.bias).tolist() == as_numpy(second.bias).tolist() == [0.0] * 4


@check("index.seeded-kernel-repeats")
@check("index.seed-the-initializer")
def seeded_kernel_repeats() -> None:
    first, second = _two_new_processes()
    here = keras.layers.Dense(4, kernel_initializer=keras.initializers.GlorotUniform(seed=0))
    here.build((None, 2))
    assert first[1] == second[1] == as_numpy(here.kernel).tolist()


@check("index.weights-wait-for-build")
@check("index.empty-list")
def weights_wait_for_build() -> None:
    layer = keras.layers.Dense(4)
    assert layer.weights == []
    assert not layer.built
    layer(keras.ops.ones((3, 4, 2)))
    assert layer.built
    assert len(layer.weights) == 2
    by_build = keras.layers.Dense(4)
    by_build.build((None, 2))
    assert len(by_build.weights) == 2
    by_model = keras.layers.Dense(4)
    keras.Sequential([keras.Input(shape=(2,)), by_model])
    assert len(by_model.weights) == 2


@check("index.kernel-then-bias")
@check("index.two-variables")
def kernel_then_bias() -> None:
    for shape in [(3, 4, 2), (5, 7)]:
        layer = keras.layers.Dense(4)
        layer(keras.ops.ones(shape))
        kernel, bias = layer.weights
        assert kernel is layer.kernel
        assert bias is layer.bias
        assert kernel.path == f"{layer.name}/kernel"
        assert bias.path == f"{layer.name}/bias"
        assert tuple(kernel.shape) == (shape[-1], 4)
        assert tuple(bias.shape) == (4,)
        assert kernel.dtype == "float32"
        assert bias.dtype == "float32"


@check("index.random-unless-seeded")
@check("index.numbers-need-the-seed")
def random_unless_seeded() -> None:
    first, second = _two_new_processes()
    # No seed: each new process draws another kernel.
    assert first[0] != second[0], first[0]
    # A seeded initializer, or set_random_seed, repeats it in every new process...
    assert first[1] == second[1]
    assert first[2] == second[2]
    # ...and the seeded initializer gives this process's kernel too.
    here = keras.layers.Dense(4, kernel_initializer=keras.initializers.GlorotUniform(seed=0))
    here.build((None, 2))
    assert as_numpy(here.kernel).tolist() == first[1]


@check("index.last-axis-only")
def last_axis_only() -> None:
    for shape in [(3, 4, 2), (2,) * 2, (7, 1, 5, 2), (100, 2)]:
        layer = keras.layers.Dense(4)
        layer(keras.ops.ones(shape))
        assert tuple(layer.kernel.shape) == (2, 4), shape
        assert layer.count_params() == 2 * 4 + 4, shape


@check("index.bias-after-sum-zeros")
def bias_after_sum_zeros() -> None:
    layer = keras.layers.Dense(4)
    x = np.random.default_rng(1).normal(size=(3, 4, 2)).astype("float32")
    y = as_numpy(layer(x))
    assert layer.activation is keras.activations.linear
    assert as_numpy(layer.bias).tolist() == [0.0] * 4
    layer.bias.assign(np.array([1.0, -2.0, 0.5, 3.0], dtype="float32"))
    y_with_bias = as_numpy(layer(x))
    kernel = as_numpy(layer.kernel)
    np.testing.assert_allclose(y, x @ kernel, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(y_with_bias, x @ kernel + as_numpy(layer.bias), rtol=1e-6, atol=1e-6)


@check("index.keras2-format", requires=["tf_keras"])
@check("index.same-steps-keras2", requires=["tf_keras"])
def keras2_format() -> None:
    import tensorflow as tf
    import tf_keras

    old = tf_keras.layers.Dense(4, name="dense_5")
    old(tf.ones((3, 4, 2)))
    text = repr(old.weights)
    assert text.startswith("[<tf.Variable 'dense_5/kernel:0' shape=(2, 4) dtype=float32, numpy="), (
        text
    )
    assert "<tf.Variable 'dense_5/bias:0' shape=(4,) dtype=float32" in text, text
    layer = keras.layers.Dense(4, name="dense")
    layer(keras.ops.ones((3, 4, 2)))
    text = repr(layer.weights)
    assert text.startswith("[<Variable path=dense/kernel, shape=(2, 4), dtype=float32, value="), (
        text
    )
    assert "<Variable path=dense/bias, shape=(4,), dtype=float32, value=[0. 0. 0. 0.]>]" in text


@check("index.kernel-is-a-name")
@check("index.dense-kernel-is-the-weights")
@check("index.one-thing-wrong")
def kernel_is_a_name() -> None:
    layer = keras.layers.Dense(4)
    x = np.random.default_rng(2).normal(size=(5, 2)).astype("float32")
    y = as_numpy(layer(x))
    kernel = layer.kernel
    assert kernel is layer.weights[0]
    assert kernel.path.endswith("/kernel")
    assert tuple(kernel.shape) == (2, 4)  # a matrix of weights...
    np.testing.assert_allclose(y, x @ as_numpy(kernel) + as_numpy(layer.bias), rtol=1e-6, atol=1e-6)
    # ...that each input row meets on its own: no comparison between inputs, as a kernel
    # function k(x, x') of kernel methods makes. Changing the other rows changes nothing.
    other = x.copy()
    other[1:] = np.random.default_rng(3).normal(size=(4, 2)).astype("float32")
    np.testing.assert_array_equal(as_numpy(layer(other))[0], y[0])


@check("index.leading-axes-do-not-matter")
@check("index.last-axis-sizes")
def leading_axes_do_not_matter() -> None:
    for shape in [(3, 4, 2), (3, 5, 2), (7, 2), (1, 1, 1, 2)]:
        layer = keras.layers.Dense(4)
        layer(keras.ops.ones(shape))
        assert tuple(layer.kernel.shape) == (2, 4), shape
    seven = keras.layers.Dense(7)
    seven(keras.ops.ones((3, 4, 2)))
    assert tuple(seven.kernel.shape) == (2, 7)  # the second number is the units
