"""Checks for the claims of the page "From one step to fit"."""

from __future__ import annotations

import functools
import inspect
import itertools
import json
import math
from typing import Any

import keras
import numpy as np

from densebook._fresh_process import _plain_tensorflow_env, _run_fresh
from densebook.claims import as_numpy, check

PAGE = "training"

_RULE = np.array([[1.0, -2.0, 0.5, 0.0], [0.5, 1.0, -1.0, 2.0]], dtype="float32")


def _data(n: int = 100, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The page's problem: n samples of 2 features, targets x @ rule + 0.5."""
    x = np.random.default_rng(seed).normal(size=(n, 2)).astype("float32")
    return x, x @ _RULE + np.float32(0.5)


def _model(learning_rate: float = 0.1, seed: int = 0, optimizer: Any = None) -> keras.Sequential:
    model = keras.Sequential(
        [
            keras.Input(shape=(2,)),
            keras.layers.Dense(4, kernel_initializer=keras.initializers.GlorotUniform(seed=seed)),
        ]
    )
    chosen = optimizer if optimizer is not None else keras.optimizers.SGD(learning_rate)
    model.compile(optimizer=chosen, loss="mse")
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
@check("train.train-on-batch-one-step")
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
    # The same with another optimizer: the step is the optimizer's.
    adam_fitted = _model(optimizer=keras.optimizers.Adam(0.01))
    adam_fitted.fit(x, y, epochs=1, batch_size=32, shuffle=False, verbose=0)
    adam_stepped = _model(optimizer=keras.optimizers.Adam(0.01))
    for start in range(0, 100, 32):
        adam_stepped.train_on_batch(x[start : start + 32], y[start : start + 32])
    for a, b in zip(_weights(adam_fitted), _weights(adam_stepped), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    # Each step moves every weight against its gradient: the loss on the batch falls.
    model = _model()
    before = float(model.evaluate(x[:32], y[:32], verbose=0))
    model.train_on_batch(x[:32], y[:32])
    assert float(model.evaluate(x[:32], y[:32], verbose=0)) < before


@check("train.steps-per-epoch")
@check("train.batch-size-steps")
def steps_per_epoch() -> None:
    for n, batch_size, epochs in [(100, 32, 2), (64, 10, 1), (7, 64, 3)]:
        x, y = _data(n)
        model = _model()
        model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0)
        assert int(model.optimizer.iterations) == epochs * math.ceil(n / batch_size)
    # It counts updates: they add up over calls of fit.
    model.fit(x, y, epochs=1, batch_size=batch_size, verbose=0)
    assert int(model.optimizer.iterations) == (epochs + 1) * math.ceil(n / batch_size)


@check("train.learning-rate")
@check("train.rate-too-small")
@check("train.rate-good")
@check("train.rate-too-large")
def learning_rate() -> None:
    runs = _learning_rate_runs()
    slow, good, large = runs[0.01], runs[0.1], runs[4.5]
    assert all(b < a for a, b in itertools.pairwise(slow))  # falling, slowly:
    assert slow[-1] > 0.3 * slow[0]  # still over 30% of its start after 20 epochs
    assert good[-1] < 0.01 * good[0]
    assert all(b > a for a, b in itertools.pairwise(large[1:]))  # growing
    assert large[-1] > 1e6 * large[0]
    x, y = _data()  # a little above the stable range it grows too, less steadily
    wobbly = _model(4.0).fit(x, y, epochs=20, batch_size=32, verbose=0).history["loss"]
    assert wobbly[-1] > 100 * wobbly[0]
    sgd_step()  # it scales every step: SGD moves each weight by -learning_rate * gradient


@check("train.sgd-step")
@check("train.sgd-rule")
@check("train.rate-sets-step")
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
@check("train.gradient-formulas")
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


@check("train.epoch-loss-is-an-average")
def epoch_loss_is_an_average() -> None:
    x, y = _data()
    fitted = _model()
    reported = fitted.fit(x, y, epochs=1, batch_size=32, shuffle=False, verbose=0)
    stepped = _model()
    losses, sizes = [], []
    for start in range(0, 100, 32):
        xb, yb = x[start : start + 32], y[start : start + 32]
        # train_on_batch returns the batch's loss, computed before its step.
        before = float(stepped.evaluate(xb, yb, verbose=0))
        losses.append(float(stepped.train_on_batch(xb, yb)))
        assert abs(losses[-1] - before) <= 1e-5 * before
        sizes.append(len(xb))
    average = float(np.average(losses, weights=sizes))
    assert abs(reported.history["loss"][0] - average) <= 1e-5 * average


class _Recorder(keras.layers.Layer):  # type: ignore[misc]  # keras: untyped
    """Passes its input on, keeping each batch it sees (in a model run eagerly)."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[np.ndarray] = []

    def call(self, inputs: Any) -> Any:
        if not isinstance(inputs, keras.KerasTensor):
            self.batches.append(as_numpy(inputs))
        return inputs


# The order in which an unseeded fit fed the page's 100 samples in each of two epochs
# (``_epoch_orders``, below), in a plain process.
_UNSEEDED_ORDERS_SCRIPT = """
import json
from densebook.claims.training import _data, _epoch_orders

x, y = _data()
print(json.dumps(_epoch_orders(x, y, epochs=2)))
"""


def _epoch_orders(x: np.ndarray, y: np.ndarray, epochs: int) -> list[list[int]]:
    """The order in which fit (batch_size=32, run eagerly) fed the samples, epoch by epoch;
    each epoch's batches are checked to be 32, ..., 32 and what is left."""
    recorder = _Recorder()
    model = keras.Sequential([keras.Input(shape=(2,)), recorder, keras.layers.Dense(4)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", run_eagerly=True)
    model.fit(x, y, epochs=epochs, batch_size=32, verbose=0)
    per_epoch = math.ceil(len(x) / 32)
    sizes = [32] * (per_epoch - 1) + [len(x) - 32 * (per_epoch - 1)]
    assert [len(b) for b in recorder.batches] == sizes * epochs
    orders = []
    for epoch in range(epochs):
        seen = np.concatenate(recorder.batches[per_epoch * epoch : per_epoch * (epoch + 1)])
        order = [int(np.flatnonzero((x == row).all(axis=1))[0]) for row in seen]
        assert sorted(order) == list(range(len(x)))  # every sample once
        orders.append(order)
    return orders


@check("train.batches-and-shuffle", backends=("tensorflow",))
def batches_and_shuffle() -> None:
    # Each epoch: the 100 samples, shuffled anew, cut into batches of 32, 32, 32 and 4.
    # Shuffling without a seed is refused under TensorFlow's op determinism, which the
    # site's kernels switch on: it runs in a new, plain process, with no seed.
    assert inspect.signature(keras.Model.fit).parameters["shuffle"].default is True
    [out] = _run_fresh(_UNSEEDED_ORDERS_SCRIPT, processes=1, env=_plain_tensorflow_env())
    orders = json.loads(out)
    assert all(sorted(order) == list(range(100)) for order in orders)  # every sample once
    assert all(order != list(range(100)) for order in orders)  # shuffled
    assert orders[0] != orders[1]  # and shuffled again for the second epoch


@check("train.seeded-shuffle-repeats", backends=("tensorflow",))
def seeded_shuffle_repeats() -> None:
    x, y = _data()
    for seed in (0, 7):
        keras.utils.set_random_seed(seed)
        orders = _epoch_orders(x, y, epochs=3)
        assert orders[0] != list(range(100))  # shuffled...
        assert orders[0] == orders[1] == orders[2]  # ...into the same order every epoch


@check("train.default-batch-size")
def default_batch_size() -> None:
    for n in (100, 64, 33):
        x, y = _data(n)
        model = _model()
        model.fit(x, y, epochs=1, verbose=0)
        assert int(model.optimizer.iterations) == math.ceil(n / 32)


@check("train.compile-then-fit")
def compile_then_fit() -> None:
    x, y = _data()
    model = keras.Sequential([keras.Input(shape=(x.shape[1],)), keras.layers.Dense(y.shape[1])])
    sgd = keras.optimizers.SGD(learning_rate=0.1)
    model.compile(optimizer=sgd, loss="mse")
    assert model.optimizer is sgd
    assert model.loss == "mse"
    before = _weights(model)
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    assert all(not np.array_equal(a, b) for a, b in zip(before, _weights(model), strict=True))


@check("train.step-updates-every-weight")
def step_updates_every_weight() -> None:
    x, y = _data()
    model = _model()
    before = _weights(model)
    model.train_on_batch(x[:32], y[:32])
    assert int(model.optimizer.iterations) == 1
    for old, new in zip(before, _weights(model), strict=True):
        assert np.all(old != new)  # every entry of every weight moved, once


@check("train.exercise-steps")
@check("train.iteration-is-a-step")
def exercise_steps() -> None:
    x, y = _data()
    model = _model()
    model.fit(x, y, epochs=5, batch_size=10, verbose=0)
    assert int(model.optimizer.iterations) == 50
