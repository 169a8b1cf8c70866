"""Checks for the claims of the page "Initialization and seeds"."""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from typing import Any

import keras
import numpy as np

from densebook.claims import as_numpy, check

PAGE = "initialization"


def _data(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A small regression problem that needs more than one hidden unit."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(48, 2)).astype("float32")
    return x, (np.sin(2 * x[:, :1]) + x[:, 1:] ** 2).astype("float32")


def _network(hidden: object, output: object, activation: str = "tanh") -> keras.Sequential:
    return keras.Sequential(
        [
            keras.Input(shape=(2,)),
            keras.layers.Dense(3, activation=activation, kernel_initializer=hidden),
            keras.layers.Dense(1, kernel_initializer=output),
        ]
    )


def _fit(
    model: keras.Sequential, optimizer: object, *, data_seed: int = 0, epochs: int = 8
) -> list[np.ndarray]:
    """Fit ``model`` with ``fit``; its hidden kernel at the start and after each epoch."""
    x, y = _data(data_seed)
    model.compile(optimizer=optimizer, loss="mse")
    hidden = model.layers[0]
    kernels = [as_numpy(hidden.kernel)]
    keep = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: kernels.append(as_numpy(hidden.kernel))
    )
    model.fit(x, y, epochs=epochs, batch_size=16, verbose=0, callbacks=[keep])
    return kernels


def _columns_equal(kernel: np.ndarray) -> bool:
    return all(np.array_equal(kernel[:, 0], kernel[:, j]) for j in range(kernel.shape[1]))


def _glorot_seeded(seed: int) -> keras.initializers.GlorotUniform:
    return keras.initializers.GlorotUniform(seed=seed)


def _random_start_separates() -> None:
    """From a random (seeded Glorot) start, the same training leaves three different units."""
    random_start = _network(_glorot_seeded(0), _glorot_seeded(1))
    last = _fit(random_start, keras.optimizers.SGD(learning_rate=0.05))[-1]
    assert len(np.unique(last.T, axis=0)) == 3, last


@check("init.same-start-stays-same")
def same_start_stays_same() -> None:
    starts = [
        ("ones", "ones", "tanh", keras.optimizers.SGD(learning_rate=0.05)),
        (
            keras.initializers.Constant(0.3),
            keras.initializers.Constant(-0.5),
            "relu",
            keras.optimizers.Adam(learning_rate=0.01),
        ),
    ]
    for hidden, output, activation, optimizer in starts:
        kernels = _fit(_network(hidden, output, activation), optimizer)
        assert all(_columns_equal(kernel) for kernel in kernels), (hidden, activation)
        assert not np.array_equal(kernels[0], kernels[-1]), "training changed nothing"
    _random_start_separates()


@check("init.symmetry-every-epoch")
def symmetry_every_epoch() -> None:
    model = _network("ones", "ones")
    kernels = _fit(model, keras.optimizers.SGD(learning_rate=0.05), epochs=40)
    assert all(_columns_equal(kernel) for kernel in kernels)
    assert not np.array_equal(kernels[0], kernels[-1])
    # Three units compute what one would: a network with one hidden unit (its weights
    # those of any one unit, its outgoing weight the three summed) gives the same outputs.
    hidden, output = model.layers
    one = keras.Sequential(
        [
            keras.Input(shape=(2,)),
            keras.layers.Dense(1, activation="tanh"),
            keras.layers.Dense(1),
        ]
    )
    kernel, bias = as_numpy(hidden.kernel), as_numpy(hidden.bias)
    assert np.all(bias == bias[0])
    out_kernel, out_bias = as_numpy(output.kernel), as_numpy(output.bias)
    one.layers[0].set_weights([kernel[:, :1], bias[:1]])
    one.layers[1].set_weights([out_kernel.sum(axis=0, keepdims=True), out_bias])
    x, _ = _data(1)
    np.testing.assert_allclose(as_numpy(one(x)), as_numpy(model(x)), rtol=1e-5, atol=1e-6)
    _random_start_separates()  # a random start breaks the tie


@check("init.zeros-stay-zero")
def zeros_stay_zero() -> None:
    for data_seed in (0, 1):
        model = _network("zeros", "zeros")
        x, _ = _data(data_seed)
        assert np.all(as_numpy(model.layers[0](x)) == 0)  # tanh(0) = 0 for every unit
        kernels = _fit(model, keras.optimizers.SGD(learning_rate=0.05), data_seed=data_seed)
        assert all(np.all(kernel == 0) for kernel in kernels)
        assert np.all(as_numpy(model.layers[1].kernel) == 0)
        assert np.any(as_numpy(model.layers[1].bias) != 0)  # trained: the output bias moved


@check("init.zero-bias-is-enough")
def zero_bias_is_enough() -> None:
    model = _network(_glorot_seeded(0), _glorot_seeded(1))
    hidden = model.layers[0]
    assert isinstance(hidden.bias_initializer, keras.initializers.Zeros)
    assert np.all(as_numpy(hidden.bias) == 0)
    _fit(model, keras.optimizers.SGD(learning_rate=0.05))
    kernel, bias = as_numpy(hidden.kernel), as_numpy(hidden.bias)
    assert len(np.unique(kernel.T, axis=0)) == 3
    assert len(np.unique(bias)) == 3  # each unit's bias learned a value of its own


def _limit(fan_in: int, fan_out: int) -> float:
    return float(np.sqrt(6 / (fan_in + fan_out)))


@check("init.glorot-default")
@check("init.glorot-uniform-draw")
def glorot_default() -> None:
    for inputs, units in [(2, 4), (7, 3), (512, 256)]:
        layer = keras.layers.Dense(units)
        layer.build((None, inputs))
        kernel = as_numpy(layer.kernel)
        assert np.abs(kernel).max() <= _limit(inputs, units)
        assert np.all(as_numpy(layer.bias) == 0)
        # Uniform on [-limit, limit]: with one seed, exactly Keras's own RandomUniform draw.
        limit = _limit(inputs, units)
        glorot = keras.initializers.GlorotUniform(seed=3)((inputs, units))
        uniform = keras.initializers.RandomUniform(-limit, limit, seed=3)((inputs, units))
        assert np.array_equal(as_numpy(glorot), as_numpy(uniform))


@check("init.default-initializers")
def default_initializers() -> None:
    layer = keras.layers.Dense(4)
    assert type(layer.kernel_initializer) is keras.initializers.GlorotUniform
    assert type(layer.bias_initializer) is keras.initializers.Zeros


@check("init.glorot-bound")
def glorot_bound() -> None:
    # fan_in is the kernel's rows (inputs), fan_out its columns (units): a fan_in-only
    # scaling of a (7, 3) kernel is uniform on +-sqrt(3 / 7).
    fan_in_only = keras.initializers.VarianceScaling(
        scale=1.0, mode="fan_in", distribution="uniform", seed=5
    )
    uniform = keras.initializers.RandomUniform(-np.sqrt(3 / 7), np.sqrt(3 / 7), seed=5)
    assert np.allclose(as_numpy(fan_in_only((7, 3))), as_numpy(uniform((7, 3))), atol=1e-7)
    # The bound shrinks as the layer grows.
    limits = [_limit(n, n) for n in (2, 16, 128, 1024)]
    assert limits == sorted(limits, reverse=True)
    # The signal keeps its size: through eight default Dense layers of 256 units, the
    # spread of the values stays within a factor of two of the input's, where a fixed
    # small range (RandomUniform(-0.05, 0.05)) shrinks it a hundredfold.
    x = np.random.default_rng(0).normal(size=(512, 256)).astype("float32")

    def spread_after(initializer: Callable[[int], object]) -> float:
        h = x
        for seed in range(8):
            layer = keras.layers.Dense(256, kernel_initializer=initializer(seed))
            h = as_numpy(layer(h))
        return float(h.std() / x.std())

    assert 0.5 < spread_after(_glorot_seeded) < 2.0
    small = functools.partial(keras.initializers.RandomUniform, -0.05, 0.05)
    assert spread_after(lambda seed: small(seed=seed)) < 0.01
    # With relu between the layers, Glorot's numbers shrink layer by layer (to under a
    # fifth in eight layers, by root mean square); he_uniform, a uniform draw on
    # +-sqrt(6 / fan_in), keeps them within a factor of two.

    def relu_size_after(initializer: Callable[[int], object]) -> float:
        h = x
        for seed in range(8):
            layer = keras.layers.Dense(256, activation="relu", kernel_initializer=initializer(seed))
            h = as_numpy(layer(h))
        return float(np.sqrt(np.mean(h**2)) / x.std())

    assert relu_size_after(_glorot_seeded) < 0.2
    assert 0.5 < relu_size_after(lambda seed: keras.initializers.HeUniform(seed=seed)) < 2.0
    he = as_numpy(keras.initializers.get("he_uniform")((7, 3)))
    assert np.abs(he).max() <= np.sqrt(6 / 7)
    bound = np.sqrt(6 / 7)
    assert np.allclose(
        as_numpy(keras.initializers.HeUniform(seed=4)((7, 3))),
        as_numpy(keras.initializers.RandomUniform(-bound, bound, seed=4)((7, 3))),
        atol=1e-7,
    )


def _kernel(layer: keras.layers.Dense) -> Any:
    layer.build((None, 2))
    return as_numpy(layer.kernel)


@check("init.seed-first")
@check("init.rule-seed-first")
@check("init.seed-after-too-late")
def seed_first() -> None:
    def model_weights() -> Any:
        keras.utils.set_random_seed(42)
        model = keras.Sequential(
            [
                keras.Input(shape=(2,)),
                keras.layers.Dense(8, activation="relu"),
                keras.layers.Dense(8, kernel_initializer="he_normal"),
                keras.layers.Dense(1),
            ]
        )
        return model.get_weights()

    first = model_weights()
    random.seed(99)  # whatever ran in between
    np.random.seed(99)
    second = model_weights()
    assert all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))
    # Seeded after the layers were constructed, it does not fix them.
    late = []
    for earlier in (1, 2):
        random.seed(earlier)
        layer = keras.layers.Dense(4)
        keras.utils.set_random_seed(42)
        late.append(_kernel(layer))
    assert not np.array_equal(late[0], late[1])


@check("init.seed-at-construction")
def seed_at_construction() -> None:
    random.seed(7)
    layer = keras.layers.Dense(4)
    drawn = random.Random(7).randint(1, 10**9)
    assert layer.kernel_initializer.seed == drawn
    random.seed(8)  # the build draws nothing from Python's random
    kernel = _kernel(layer)
    assert np.array_equal(kernel, as_numpy(_glorot_seeded(drawn)((2, 4))))
    # An initializer object made by hand picks its seed when it is created, too: one made
    # before set_random_seed is not fixed by it.
    kernels = []
    for earlier in (1, 2):
        random.seed(earlier)
        initializer = keras.initializers.GlorotUniform()
        assert initializer.seed == random.Random(earlier).randint(1, 10**9)
        keras.utils.set_random_seed(42)
        kernels.append(_kernel(keras.layers.Dense(4, kernel_initializer=initializer)))
    assert not np.array_equal(kernels[0], kernels[1])


@check("init.tf-seed-alone", requires=("tensorflow", "tf_keras"))
@check("init.tf-seed-not-read", requires=("tensorflow", "tf_keras"))
def tf_seed_alone() -> None:
    import tensorflow as tf
    import tf_keras

    def old_kernel() -> np.ndarray:
        layer = tf_keras.layers.Dense(4)
        layer.build((None, 2))
        return np.asarray(layer.kernel.numpy())

    def new_kernel_3() -> Any:
        return _kernel(keras.layers.Dense(4))

    for new_kernel in (new_kernel_3, old_kernel):
        kernels = []
        for _ in range(3):
            tf.random.set_seed(42)
            kernels.append(new_kernel())
        assert not np.array_equal(kernels[0], kernels[1])
        assert not np.array_equal(kernels[1], kernels[2])


@check("init.initializer-seed")
@check("init.rule-own-initializer")
def initializer_seed() -> None:
    kernels = []
    for global_seed in (0, 1, 123):
        keras.utils.set_random_seed(global_seed)
        random.seed(global_seed + 5)
        kernels.append(_kernel(keras.layers.Dense(4, kernel_initializer=_glorot_seeded(0))))
    assert all(np.array_equal(kernels[0], k) for k in kernels[1:])
    other = _kernel(keras.layers.Dense(4, kernel_initializer=_glorot_seeded(1)))
    assert not np.array_equal(kernels[0], other)
    # One object shared by two layers gives them one kernel: hence a new one per layer.
    shared = _glorot_seeded(2)
    first = _kernel(keras.layers.Dense(4, kernel_initializer=shared))
    assert np.array_equal(first, _kernel(keras.layers.Dense(4, kernel_initializer=shared)))


def _glorot_kernel(fan_in: int, units: int, seed: int) -> np.ndarray:
    layer = keras.layers.Dense(units, kernel_initializer=keras.initializers.GlorotUniform(seed))
    layer.build((None, fan_in))
    return np.asarray(as_numpy(layer.kernel))


@check("init.flat-to-the-bound")
@check("init.every-weight-inside")
def flat_to_the_bound() -> None:
    kernel = _glorot_kernel(512, 256, seed=0)
    limit = np.sqrt(6 / (512 + 256))
    assert np.abs(kernel).max() <= limit  # inside the bound
    assert np.abs(kernel).max() > 0.999 * limit  # and reaching it
    counts, _ = np.histogram(kernel, bins=10, range=(-limit, limit))
    assert counts.min() > 0.9 * counts.mean(), counts  # flat: every tenth of the range
    assert counts.max() < 1.1 * counts.mean(), counts  # holds about as many weights


@check("init.same-seed-equal-kernels")
def same_seed_equal_kernels() -> None:
    for seed in (0, 7):
        np.testing.assert_array_equal(_glorot_kernel(2, 4, seed), _glorot_kernel(2, 4, seed))
    assert not np.array_equal(_glorot_kernel(2, 4, 0), _glorot_kernel(2, 4, 1))


@check("init.post-limit-one")
def post_limit_one() -> None:
    assert _limit(2, 4) == 1.0
    for seed in range(20):
        assert np.abs(_glorot_kernel(2, 4, seed)).max() <= 1.0
    assert max(np.abs(_glorot_kernel(2, 4, seed)).max() for seed in range(20)) > 0.9
