"""densebook.dense_on_backends: one Dense layer on Keras's TensorFlow and JAX backends.

What the backends chapter claims of fresh processes is checked once, by the chapter's own
hidden cells in every build (docs/backends.md: the same seed repeats within a backend and
differs across, TensorFlow's equals a layer built in the page's kernel, each kernel is its
library's own draw, ``set_random_seed`` gives both backends the same initializer seed), and
by ``dense_on_backends``'s example. Here: its arguments, the transport, the timeout, and a
property over many shapes and weights on long-lived processes.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from densebook import (
    BACKENDS,
    SEED_MAX,
    dense_on_backends,
    glorot_limit,
)
from densebook._backend_child import decode, encode, glorot_uniform_limit
from densebook._backends import BackendProcess, ask_all
from helpers import assert_names_argument

FLOAT32_EPS = float(np.finfo(np.float32).eps)


def rounding_bound(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """How far two float32 evaluations of x @ kernel + bias may drift apart per output.

    Each sum has K products and a bias: whatever the order, each result is within
    (K + 1) * eps * (|x| @ |kernel| + |bias|) of the exact value, so two results are
    within twice that of each other.
    """
    k = x.shape[-1]
    magnitude = np.abs(x).astype(np.float64) @ np.abs(kernel) + np.abs(bias)
    return 2 * (k + 1) * FLOAT32_EPS * magnitude


# -- Arguments, checked before any process starts ---------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "name", "value", "error"),
    [
        ({"backends": "jax"}, "backends", "jax", TypeError),
        ({"backends": ["torch"]}, "backends", "torch", ValueError),
        ({"backends": [3]}, "backends", 3, TypeError),
        ({"backends": []}, "backends", [], ValueError),
        ({"units": 0}, "units", 0, ValueError),
        ({"input_shape": (2,)}, "input_shape", (2,), ValueError),
        ({"input_shape": "3, 2"}, "input_shape", "3, 2", TypeError),
        ({"seed": -1}, "seed", -1, ValueError),
        ({"seed": SEED_MAX + 1}, "seed", SEED_MAX + 1, ValueError),
        ({"global_seed": 1.5}, "global_seed", 1.5, TypeError),
        ({"kernel": np.zeros((3, 4))}, "kernel", "bias", ValueError),
        ({"kernel": np.zeros((3, 4)), "bias": np.zeros(4)}, "kernel", (3, 4), ValueError),
        ({"kernel": np.zeros((2, 4)), "bias": np.zeros(5)}, "bias", (5,), ValueError),
        ({"kernel": np.zeros((2, 4)), "bias": ["a"] * 4}, "bias", ["a"] * 4, TypeError),
        ({"inputs": np.ones((3, 2))}, "inputs", (3, 2), ValueError),
        ({"timeout": 0}, "timeout", 0, ValueError),
        ({"timeout": "10"}, "timeout", "10", TypeError),
        ({"timeout": 7200}, "timeout", 7200, ValueError),
    ],
)
def test_bad_arguments_are_refused_by_name(
    kwargs: dict[str, object], name: str, value: object, error: type[Exception]
) -> None:
    arguments: dict[str, object] = {"backends": ["jax"], "units": 4, "input_shape": (3, 4, 2)}
    arguments.update(kwargs)
    with pytest.raises(error) as excinfo:
        dense_on_backends(**arguments)  # type: ignore[arg-type]
    message = str(excinfo.value)
    assert name in message, message
    if isinstance(value, tuple):  # a shape: the message shows it
        assert str(value) in message, message
    elif isinstance(value, str) and value == "bias":  # the missing partner is named
        assert "bias" in message, message
    else:
        assert_names_argument(excinfo, name, value)


def test_an_unknown_backend_lists_the_choices() -> None:
    with pytest.raises(ValueError, match=r"'tensorflow', 'jax'.*'torch'"):
        dense_on_backends(["torch"], 4, (3, 4, 2))
    assert BACKENDS == ("tensorflow", "jax")


def test_arrays_cross_the_process_boundary_bit_for_bit() -> None:
    rng = np.random.default_rng(0)
    for array in (rng.standard_normal((3, 4)).astype(np.float32), np.array([np.nan, -0.0, 1e-45])):
        back = decode(encode(array))
        assert back.dtype == array.dtype
        assert back.shape == array.shape
        assert back.tobytes() == array.tobytes()


def test_keras_glorot_limit_arithmetic_matches_the_formula() -> None:
    for fan_in, fan_out in [(2, 4), (3, 5), (64, 10), (1, 1)]:
        assert glorot_uniform_limit(fan_in, fan_out) == pytest.approx(glorot_limit(fan_in, fan_out))


# -- Fresh processes ---------------------------------------------------------------------------


@pytest.mark.process
def test_a_process_that_cannot_answer_in_time_is_stopped_and_named() -> None:
    with pytest.raises(RuntimeError, match=r"jax process did not answer within timeout=0.01 s"):
        dense_on_backends(["jax"], 4, (3, 4, 2), timeout=0.01)


@pytest.fixture(scope="module")
def backend_processes() -> Iterator[tuple[BackendProcess, BackendProcess]]:
    with BackendProcess("tensorflow") as tf_process, BackendProcess("jax") as jax_process:
        yield tf_process, jax_process


#: (units, input shape): ranks 2 to 4, last axes 1 to 32, units 1 to 16, edges included. A
#: fixed pool, because JAX compiles each new shape once (about 0.3 s); the weights and inputs
#: are drawn anew for every example.
SHAPES = (
    (1, (1, 1)),
    (16, (4, 32)),
    (4, (3, 2)),
    (3, (2, 5)),
    (9, (4, 17)),
    (8, (2, 3, 7)),
    (5, (1, 4, 1)),
    (16, (4, 4, 32)),
    (12, (1, 3, 5)),
    (2, (3, 1, 2, 9)),
    (7, (4, 4, 4, 16)),
    (1, (2, 2, 2, 1)),
)


@st.composite
def dense_cases(draw: st.DrawFn) -> tuple[int, tuple[int, ...], int]:
    units, shape = draw(st.sampled_from(SHAPES))
    return units, shape, draw(st.integers(0, 2**32 - 1))


# 50 examples, not the profile's 200: about 4 per shape of the pool, each with new weights
# and inputs. Each example is a layer built and called in two processes; 200 of them took
# 30 s of a contended `make test`, for the same 12 shapes.
@pytest.mark.process
@settings(max_examples=50)
@given(case=dense_cases())
def test_both_backends_agree_on_shapes_and_on_outputs_given_the_same_weights(
    backend_processes: tuple[BackendProcess, BackendProcess],
    case: tuple[int, tuple[int, ...], int],
) -> None:
    units, shape, data_seed = case
    rng = np.random.default_rng(data_seed)
    kernel = rng.standard_normal((shape[-1], units)).astype(np.float32)
    bias = rng.standard_normal(units).astype(np.float32)
    x = rng.standard_normal(shape).astype(np.float32)
    request = {
        "units": units,
        "input_shape": list(shape),
        "seed": 0,
        "global_seed": None,
        "kernel": encode(kernel),
        "bias": encode(bias),
        "inputs": encode(x),
        "draw": False,
    }
    tf_run, jax_run = ask_all(list(backend_processes), request, timeout=120)
    assert tf_run.variables == jax_run.variables
    assert tf_run.weights_before_call == jax_run.weights_before_call == ()
    assert tf_run.output.shape == jax_run.output.shape == (*shape[:-1], units)
    assert tf_run.output.dtype == jax_run.output.dtype == np.float32
    gap = np.abs(tf_run.output.astype(np.float64) - jax_run.output)
    assert np.all(gap <= rounding_bound(x, kernel, bias)), gap.max()
