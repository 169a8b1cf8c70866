"""Fresh Python processes: their arguments, refused by name before any process starts.

What the processes show is checked once, where the book claims it, by hidden cells that run
in every build (docs/initialization.md: the post's cell without a seed gives new kernels and
the post's names in two processes; with ``set_random_seed`` it repeats across processes; a
seeded layer's fingerprint is the same in a new process, with oneDNN on, and in the page's
kernel), and by each function's example in its docstring.
"""

from __future__ import annotations

import pytest

from densebook import (
    fingerprint_in_fresh_process,
    post_cell_in_fresh_process,
)
from helpers import assert_names_argument


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
