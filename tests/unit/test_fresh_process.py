"""Fresh Python processes: the same seed gives the same weights; no seed gives new ones."""

from __future__ import annotations

import numpy as np
import pytest

from densebook import (
    build_dense,
    fingerprint,
    fingerprint_in_fresh_process,
    post_cell_in_fresh_process,
)
from helpers import assert_names_argument

pytestmark = pytest.mark.process


def test_two_processes_same_seed_same_fingerprint_another_seed_another() -> None:
    first, second = fingerprint_in_fresh_process(64, (3, 4, 32), seed=1234, processes=2)
    assert len(first) == 64
    assert first == second
    # ... and equal to this process's own, which built other layers before.
    assert first == fingerprint(build_dense(64, (3, 4, 32), seed=1234))
    assert first != fingerprint(build_dense(64, (3, 4, 32), seed=1235))


def test_onednn_on_does_not_change_initial_weights() -> None:
    (on,) = fingerprint_in_fresh_process(8, (3,), seed=3, onednn=True)
    assert on == fingerprint(build_dense(8, (3,), seed=3))


def test_post_cell_without_seed_gives_new_kernels_and_the_posts_names() -> None:
    runs = post_cell_in_fresh_process(api="tf_keras", layers_before=5, runs=2, processes=2)
    assert [[run.name for run in process] for process in runs] == [
        ["dense_5/kernel:0", "dense_6/kernel:0"]
    ] * 2
    kernels = [run.kernel for process in runs for run in process]
    assert all(k.shape == (2, 4) and k.dtype == np.float32 for k in kernels)
    assert len({k.tobytes() for k in kernels}) == 4
    assert all(np.all(np.abs(k) <= 1.0) for k in kernels)  # Glorot limit of a (2, 4) kernel


def test_post_cell_with_global_seed_repeats_across_processes_not_within() -> None:
    [[a1, a2], [b1, b2]] = post_cell_in_fresh_process(seed=0, runs=2, processes=2)
    assert (a1.name, a2.name) == ("dense/kernel", "dense_1/kernel")
    assert np.array_equal(a1.kernel, b1.kernel)
    assert np.array_equal(a2.kernel, b2.kernel)
    assert not np.array_equal(a1.kernel, a2.kernel)  # one shared sequence of draws


@pytest.mark.parametrize(
    ("kwargs", "name", "value", "error"),
    [
        ({"seed": None}, "seed", None, TypeError),
        ({"seed": -1}, "seed", -1, ValueError),
        ({"seed": 0, "processes": 0}, "processes", 0, ValueError),
        ({"seed": 0, "processes": 9}, "processes", 9, ValueError),
        ({"seed": 0, "onednn": "yes"}, "onednn", "yes", TypeError),
    ],
)
def test_fingerprint_in_fresh_process_rejects_bad_arguments(
    kwargs: dict[str, object], name: str, value: object, error: type[Exception]
) -> None:
    with pytest.raises(error) as excinfo:
        fingerprint_in_fresh_process(2, (2,), **kwargs)  # type: ignore[arg-type]
    assert_names_argument(excinfo, name, value)


@pytest.mark.parametrize(
    ("kwargs", "name", "value", "error"),
    [
        ({"api": "torch"}, "api", "torch", ValueError),
        ({"api": 3}, "api", 3, TypeError),
        ({"seed": 2**31}, "seed", 2**31, ValueError),
        ({"layers_before": -1}, "layers_before", -1, ValueError),
        ({"layers_before": 1.5}, "layers_before", 1.5, TypeError),
        ({"runs": 0}, "runs", 0, ValueError),
        ({"processes": 9}, "processes", 9, ValueError),
        ({"units": 0}, "units", 0, ValueError),
        ({"input_shape": (2,)}, "input_shape", (2,), ValueError),
        ({"input_shape": "3, 2"}, "input_shape", "3, 2", TypeError),
    ],
)
def test_post_cell_in_fresh_process_rejects_bad_arguments(
    kwargs: dict[str, object], name: str, value: object, error: type[Exception]
) -> None:
    with pytest.raises(error) as excinfo:
        post_cell_in_fresh_process(**kwargs)  # type: ignore[arg-type]
    assert_names_argument(excinfo, name, value)


def test_api_error_lists_the_choices() -> None:
    with pytest.raises(ValueError, match=r"keras.*tf_keras"):
        post_cell_in_fresh_process(api="jax")
