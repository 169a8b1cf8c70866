"""The same seed gives bit-identical weights in separate Python processes."""

from __future__ import annotations

import pytest

from conftest import assert_names_argument
from densebook import build_dense, fingerprint, fingerprint_in_fresh_process


def test_two_processes_same_seed_same_fingerprint() -> None:
    first, second = fingerprint_in_fresh_process(64, (3, 4, 32), seed=1234, processes=2)
    assert len(first) == 64
    assert first == second
    # ... and equal to this process's own, which built other layers before.
    assert first == fingerprint(build_dense(64, (3, 4, 32), seed=1234))


def test_another_seed_in_another_process_differs() -> None:
    (other,) = fingerprint_in_fresh_process(64, (3, 4, 32), seed=1235)
    assert other != fingerprint(build_dense(64, (3, 4, 32), seed=1234))


@pytest.mark.parametrize(
    ("kwargs", "name", "value", "error"),
    [
        ({"seed": None}, "seed", None, TypeError),
        ({"seed": -1}, "seed", -1, ValueError),
        ({"seed": 0, "processes": 0}, "processes", 0, ValueError),
        ({"seed": 0, "processes": 9}, "processes", 9, ValueError),
    ],
)
def test_fingerprint_in_fresh_process_rejects_bad_arguments(
    kwargs: dict[str, object], name: str, value: object, error: type[Exception]
) -> None:
    with pytest.raises(error) as excinfo:
        fingerprint_in_fresh_process(2, (2,), **kwargs)  # type: ignore[arg-type]
    assert_names_argument(excinfo, name, value)
