"""Checks for the claims of the page "Bias and activation"."""

from __future__ import annotations

import keras
import numpy as np

from densebook.claims import as_numpy, check

PAGE = "bias"

_SHAPES = [(5, 2), (3, 4, 2), (2, 3, 4, 6)]


def _inputs(shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=shape).astype("float32")


def _with_bias(layer: keras.layers.Dense, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Give a built layer a random bias; its kernel and bias as NumPy arrays."""
    rng = np.random.default_rng(seed)
    layer.bias.assign(rng.normal(size=(layer.units,)).astype("float32"))
    return as_numpy(layer.kernel), as_numpy(layer.bias)


@check("bias.after-sum")
@check("bias.weighted-sum-plus-bias")
@check("bias.first-output")
@check("bias.one-per-unit")
@check("bias.left-over")
def after_sum() -> None:
    for shape in _SHAPES:
        layer = keras.layers.Dense(4)
        layer.build((None, shape[-1]))
        kernel, bias = _with_bias(layer)
        assert bias.shape == (4,)  # one number per unit, none for the other axes
        x = _inputs(shape)
        left_over = as_numpy(layer(x)) - x @ kernel
        np.testing.assert_allclose(left_over, np.broadcast_to(bias, left_over.shape), atol=1e-5)


@check("bias.zeros-and-count")
@check("bias.param-count")
@check("bias.both-counts")
def zeros_and_count() -> None:
    for n, u in [(2, 4), (4, 4), (7, 3), (1, 1)]:
        layer = keras.layers.Dense(u)
        layer.build((None, n))
        assert np.all(as_numpy(layer.bias) == 0)
        assert layer.count_params() == u * (n + 1)
        no_bias = keras.layers.Dense(u, use_bias=False)
        no_bias.build((None, n))
        assert no_bias.bias is None
        assert [w.name for w in no_bias.weights] == ["kernel"]
        assert no_bias.count_params() == n * u


@check("bias.activation-last")
@check("bias.no-activation")
def activation_last() -> None:
    x = _inputs((3, 4, 2))
    plain = keras.layers.Dense(4)
    plain.build((None, 2))
    kernel, bias = _with_bias(plain)
    assert plain.activation is keras.activations.linear
    np.testing.assert_allclose(as_numpy(plain(x)), x @ kernel + bias, rtol=1e-5, atol=1e-5)
    for name in ("relu", "sigmoid", "tanh"):
        layer = keras.layers.Dense(4, activation=name)
        layer.build((None, 2))
        layer.set_weights([kernel, bias])
        function = keras.activations.get(name)
        expected = as_numpy(function(keras.ops.convert_to_tensor(x @ kernel + bias)))
        np.testing.assert_allclose(as_numpy(layer(x)), expected, rtol=1e-5, atol=1e-6)
        # Not the activation of x @ W, with b added after it.
        wrong = as_numpy(function(keras.ops.convert_to_tensor(x @ kernel))) + bias
        assert not np.allclose(as_numpy(layer(x)), wrong, atol=1e-3), name


def _unit(activation: str, w: float, b: float) -> keras.layers.Dense:
    return keras.layers.Dense(
        1,
        activation=activation,
        kernel_initializer=keras.initializers.Constant(w),
        bias_initializer=keras.initializers.Constant(b),
    )


@check("bias.moves-threshold")
def moves_threshold() -> None:
    xs = np.linspace(-5, 5, 1001, dtype="float32")[:, None]
    for activation in ("relu", "sigmoid"):
        on_at = []
        for b in (-2.0, 0.0, 2.0):
            ys = as_numpy(_unit(activation, 1.0, b)(xs))[:, 0]
            level = 0.0 if activation == "relu" else 0.5
            on_at.append(float(xs[np.argmax(ys > level + 1e-6), 0]))
        assert on_at[0] > on_at[1] > on_at[2], (activation, on_at)  # moved by the bias


@check("bias.threshold-at-minus-b-over-w")
@check("bias.relu-unit")
@check("bias.turn-on-points")
@check("bias.sigmoid-half")
def threshold_at_minus_b_over_w() -> None:
    for w, b in [(1.0, 2.0), (0.5, -1.0), (2.0, 3.0), (-1.5, 0.75)]:
        point = -b / w
        xs = np.array([[point - 0.01], [point + 0.01]], dtype="float32")
        low, high = as_numpy(_unit("relu", w, b)(xs))[:, 0]
        on, off = (high, low) if w > 0 else (low, high)
        assert off == 0, (w, b, low, high)
        assert on > 0, (w, b, low, high)
        middle = as_numpy(_unit("sigmoid", w, b)(np.array([[point]], dtype="float32")))
        assert abs(float(middle[0, 0]) - 0.5) < 1e-6, (w, b, middle)
    # At a fixed weight the bias shifts the point: w = 2 and b = -1, 0, 3 put it at
    # 0.5, 0 and -1.5, where the sigmoid gives one half.
    for b in (-1.0, 0.0, 3.0):
        at = np.array([[-b / 2.0]], dtype="float32")
        assert abs(float(as_numpy(_unit("sigmoid", 2.0, b)(at))[0, 0]) - 0.5) < 1e-6
    # The weight sets the steepness: a larger |w| gives a steeper sigmoid at the point.
    xs = np.array([[-0.1], [0.1]], dtype="float32")
    rises = [np.ptp(as_numpy(_unit("sigmoid", w, 0.0)(xs))) for w in (0.5, 1.0, 4.0)]
    assert rises == sorted(rises)


@check("bias.relu-clips")
@check("bias.relu-replaces")
def relu_clips() -> None:
    layer = keras.layers.Dense(4, activation="relu")
    layer.build((None, 2))
    kernel, bias = _with_bias(layer)
    x = _inputs((50, 2))
    before = x @ kernel + bias
    after = as_numpy(layer(x))
    assert np.any(before < 0)
    assert np.any(before > 0)
    assert np.all(after[before < 0] == 0)
    np.testing.assert_allclose(after[before > 0], before[before > 0], rtol=1e-5, atol=1e-6)


@check("bias.two-linear-layers")
@check("bias.two-layers-one")
def two_linear_layers() -> None:
    x = _inputs((20, 3))

    def two(activation: str | None) -> tuple[keras.Sequential, list[np.ndarray]]:
        model = keras.Sequential(
            [
                keras.Input(shape=(3,)),
                keras.layers.Dense(5, activation=activation),
                keras.layers.Dense(2),
            ]
        )
        first, second = model.layers
        _with_bias(first, seed=2)
        _with_bias(second, seed=3)
        return model, model.get_weights()

    linear, (w1, b1, w2, b2) = two(None)
    one = keras.layers.Dense(2)
    one.build((None, 3))
    one.set_weights([w1 @ w2, b1 @ w2 + b2])
    np.testing.assert_allclose(as_numpy(one(x)), as_numpy(linear(x)), rtol=1e-4, atol=1e-5)
    # With relu between them the network is not linear: the output at a midpoint is not
    # the midpoint of the outputs.
    bent, _ = two("relu")
    a, b = x[:1], -x[:1]
    middle = as_numpy(bent((a + b) / 2))
    assert not np.allclose(middle, (as_numpy(bent(a)) + as_numpy(bent(b))) / 2, atol=1e-3)


@check("bias.new-bias-zero")
def new_bias_zero() -> None:
    layer = keras.layers.Dense(4)
    layer.build((None, 2))
    x = _inputs((3, 4, 2))
    assert np.all(as_numpy(layer.bias) == 0)
    np.testing.assert_array_equal(as_numpy(layer(x)), as_numpy(keras.ops.matmul(x, layer.kernel)))


@check("bias.no-bias-same-kernel")
def no_bias_same_kernel() -> None:
    for n, u in [(2, 4), (7, 3)]:
        glorot = keras.initializers.GlorotUniform
        with_bias = keras.layers.Dense(u, kernel_initializer=glorot(seed=3))
        without = keras.layers.Dense(u, use_bias=False, kernel_initializer=glorot(seed=3))
        with_bias.build((None, n))
        without.build((None, n))
        assert tuple(without.kernel.shape) == tuple(with_bias.kernel.shape) == (n, u)
        np.testing.assert_array_equal(as_numpy(without.kernel), as_numpy(with_bias.kernel))


@check("bias.no-bias-at-zero")
def no_bias_at_zero() -> None:
    xs = np.array([[-0.01], [0.01]], dtype="float32")
    for w in (0.5, 1.0, 3.0):
        unit = keras.layers.Dense(
            1,
            activation="relu",
            use_bias=False,
            kernel_initializer=keras.initializers.Constant(w),
        )
        low, high = as_numpy(unit(xs))[:, 0]
        assert low == 0, (w, low)
        assert high > 0, (w, high)


@check("bias.zeros-give-bias")
def zeros_give_bias() -> None:
    layer = keras.layers.Dense(3, bias_initializer=keras.initializers.Constant(1.0))
    layer.build((None, 2))
    _with_bias(layer, seed=5)
    out = as_numpy(layer(np.zeros((4, 2), dtype="float32")))
    np.testing.assert_array_equal(out, np.broadcast_to(as_numpy(layer.bias), (4, 3)))
