"""Checks for the claims of the page "From one step to fit"."""

from __future__ import annotations

import functools
import inspect
import itertools
import math
from typing import Any

import keras
import numpy as np

from densebook.claims import as_numpy, check

PAGE = "training"

_RULE = np.array([[1.0, -2.0, 0.5, 0.0], [0.5, 1.0, -1.0, 2.0]], dtype="float32")


def _data(n: int = 100, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The page's problem: n samples of 2 features, targets x @ rule + 0.5."""
    x = np.random.default_rng(seed).normal(size=(n, 2)).astype("float32")
    return x, x @ _RULE + np.float32(0.5)


def _model(learning_rate: float = 0.1, seed: int = 0) -> keras.Sequential:
    model = keras.Sequential(
        [
            keras.Input(shape=(2,)),
            keras.layers.Dense(4, kernel_initializer=keras.initializers.GlorotUniform(seed=seed)),
        ]
    )
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate), loss="mse")
    return model


def _weights(model: keras.Sequential) -> list[Any]:
    return [as_numpy(w) for w in model.weights]


def _by_hand(
    kernel: np.ndarray, bias: np.ndarray, x: np.ndarray, y: np.ndarray, learning_rate: float
) -> tuple[np.ndarray, np.ndarray]:
    """One SGD step on the mean squared error, in float64, from the page's formulas."""
    kernel, bias = kernel.astype("float64"), bias.astype("float64")
    delta = 2 * (x.astype("float64") @ kernel + bias - y) / y.size
    return kernel - learning_rate * (x.T @ delta), bias - learning_rate * delta.sum(axis=0)


@functools.cache
def _learning_rate_runs() -> dict[float, list[float]]:
    x, y = _data()
    return {
        rate: _model(rate).fit(x, y, epochs=20, batch_size=32, verbose=0).history["loss"]
        for rate in (0.01, 0.1, 4.5)
    }


@check("train.fit-repeats-steps")
def fit_repeats_steps() -> None:
    # fit (unshuffled) gives the weights of one train_on_batch step per batch, in order.
    x, y = _data()
    fitted = _model()
    fitted.fit(x, y, epochs=2, batch_size=32, shuffle=False, verbose=0)
    stepped = _model()
    for _ in range(2):
        for start in range(0, 100, 32):
            stepped.train_on_batch(x[start : start + 32], y[start : start + 32])
    for a, b in zip(_weights(fitted), _weights(stepped), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    # Each step moves every weight against its gradient: the loss on the batch falls.
    model = _model()
    before = float(model.evaluate(x[:32], y[:32], verbose=0))
    model.train_on_batch(x[:32], y[:32])
    assert float(model.evaluate(x[:32], y[:32], verbose=0)) < before


@check("train.steps-per-epoch")
def steps_per_epoch() -> None:
    for n, batch_size, epochs in [(100, 32, 2), (64, 10, 1), (7, 64, 3)]:
        x, y = _data(n)
        model = _model()
        model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0)
        assert int(model.optimizer.iterations) == epochs * math.ceil(n / batch_size)


@check("train.learning-rate")
def learning_rate() -> None:
    runs = _learning_rate_runs()
    slow, good, large = runs[0.01], runs[0.1], runs[4.5]
    assert all(b < a for a, b in itertools.pairwise(slow))  # falling, slowly:
    assert slow[-1] > 0.3 * slow[0]  # still over 30% of its start after 20 epochs
    assert good[-1] < 0.01 * good[0]
    assert all(b > a for a, b in itertools.pairwise(large[1:]))  # growing
    assert large[-1] > 1e6 * large[0]


@check("train.sgd-step")
def sgd_step() -> None:
    # SGD with its defaults moves each weight by -learning_rate * gradient.
    variable = keras.Variable(np.array([1.0, -2.0, 3.0], dtype="float32"))
    gradient = np.array([0.5, 0.25, -4.0], dtype="float32")
    sgd = keras.optimizers.SGD(learning_rate=0.1)
    assert sgd.momentum == 0.0
    sgd.apply_gradients([(keras.ops.convert_to_tensor(gradient), variable)])
    expected = np.array([1.0, -2.0, 3.0], dtype="float32") - np.float32(0.1) * gradient
    np.testing.assert_allclose(as_numpy(variable), expected, rtol=1e-7)
    by_hand_matches()


@check("train.by-hand-matches")
def by_hand_matches() -> None:
    x, y = _data()
    for start, rate in [(0, 0.1), (32, 0.5), (96, 0.05)]:
        model = _model(rate)
        kernel, bias = _weights(model)
        xb, yb = x[start : start + 32], y[start : start + 32]
        model.train_on_batch(xb, yb)
        new_kernel, new_bias = _by_hand(kernel, bias, xb, yb, rate)
        np.testing.assert_allclose(_weights(model)[0], new_kernel, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(_weights(model)[1], new_bias, rtol=1e-5, atol=1e-6)


@check("train.finds-the-rule")
def finds_the_rule() -> None:
    x, y = _data()
    model = _model(0.1)
    start = _weights(model)[0]
    history = model.fit(x, y, epochs=20, batch_size=32, verbose=0).history["loss"]
    kernel, bias = _weights(model)
    assert np.abs(start - _RULE).max() > 0.1
    assert np.abs(kernel - _RULE).max() < 0.1
    assert np.abs(bias - 0.5).max() < 0.05
    assert history[-1] < history[0]


@check("train.batches-and-shuffle")
def batches_and_shuffle() -> None:
    assert inspect.signature(keras.Model.fit).parameters["shuffle"].default is True
    x, y = _data()
    in_order = _model()
    in_order.fit(x, y, epochs=1, batch_size=32, shuffle=False, verbose=0)
    shuffled = _model()
    shuffled.fit(x, y, epochs=1, batch_size=32, verbose=0)
    assert not np.allclose(_weights(in_order)[0], _weights(shuffled)[0], atol=1e-4)
    # The last batch holds the 4 samples left over: one step on them alone ends the epoch.
    stepped = _model()
    for start in (0, 32, 64, 96):
        stepped.train_on_batch(x[start : start + 32], y[start : start + 32])
    np.testing.assert_allclose(_weights(in_order)[0], _weights(stepped)[0], rtol=1e-5, atol=1e-6)


@check("train.default-batch-size")
def default_batch_size() -> None:
    for n in (100, 64):
        x, y = _data(n)
        model = _model()
        model.fit(x, y, epochs=1, verbose=0)
        assert int(model.optimizer.iterations) == math.ceil(n / 32)
