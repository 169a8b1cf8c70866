"""Argument checks shared by the public functions.

Each check raises ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind, bad
value) with a message that names the argument and repeats the value it got, so that bad
input never surfaces as a TensorFlow traceback.
"""

from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np

#: Largest seed densebook accepts. Keras 3 on TensorFlow folds every seed into int32 with
#: ``seed mod (2**31 - 2)`` (keras/src/backend/tensorflow/random.py, ``_cast_seed``), so a
#: larger seed would silently give the same weights as a smaller one (1 and 2**31 - 1 do).
SEED_MAX = 2**31 - 3


def _integer(name: str, value: object) -> int:
    """Return ``value`` as an ``int`` if it is an integer (bool excluded), else TypeError."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer, not a bool: got {value!r}")
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(
            f"{name} must be an integer, got {value!r} of type {type(value).__name__}"
        ) from None


def positive_int(name: str, value: object) -> int:
    """Check that ``value`` is an integer >= 1 and return it as ``int``."""
    number = _integer(name, value)
    if number < 1:
        raise ValueError(f"{name} must be a positive integer (>= 1), got {value!r}")
    return number


def int_in_range(name: str, value: object, low: int, high: int) -> int:
    """Check that ``value`` is an integer from ``low`` to ``high`` and return it as ``int``."""
    number = _integer(name, value)
    if not low <= number <= high:
        raise ValueError(f"{name} must be an integer from {low} to {high}, got {value!r}")
    return number


def shape(name: str, value: object) -> tuple[int, ...]:
    """Check that ``value`` is a tuple or list of positive integers, rank >= 1."""
    if not isinstance(value, (tuple, list)):
        raise TypeError(
            f"{name} must be a tuple of positive integers such as (3, 4, 2), "
            f"got {value!r} of type {type(value).__name__}"
        )
    if len(value) == 0:
        raise ValueError(f"{name} must have at least one dimension, got {value!r}")
    dims = []
    for axis, dim in enumerate(value):
        if dim is None:
            raise ValueError(f"{name} must be fully known, but axis {axis} is None in {value!r}")
        if isinstance(dim, (bool, np.bool_)) or not _is_integer(dim):
            raise TypeError(
                f"{name} must contain integers, but axis {axis} is {dim!r} in {value!r}"
            )
        if operator.index(dim) < 1:
            raise ValueError(
                f"{name} must contain sizes >= 1, but axis {axis} is {dim!r} in {value!r}"
            )
        dims.append(operator.index(dim))
    return tuple(dims)


def _is_integer(value: object) -> bool:
    try:
        operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        return False
    return True


def seed(name: str, value: object) -> int | None:
    """Check that ``value`` is None or an integer in ``[0, SEED_MAX]``."""
    if value is None:
        return None
    number = _integer(name, value)
    if not 0 <= number <= SEED_MAX:
        raise ValueError(
            f"{name} must be None or an integer from 0 to {SEED_MAX} "
            f"(Keras folds larger seeds onto smaller ones), got {value!r}"
        )
    return number


def boolean(name: str, value: object) -> bool:
    """Check that ``value`` is a bool."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def finite_array(name: str, value: object, *, dtype: Any = np.float32) -> np.ndarray:
    """Convert ``value`` to a NumPy array of ``dtype``; it must be numeric, finite, rank >= 1."""
    try:
        raw = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise TypeError(f"{name} must be array-like and numeric, got {value!r}") from error
    if raw.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype} in {_short(value)}")
    if raw.ndim == 0:
        raise ValueError(f"{name} must have at least one axis, got the scalar {value!r}")
    if raw.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {raw.shape}")
    with np.errstate(over="ignore"):
        array = raw.astype(dtype)
    if not np.all(np.isfinite(array)):
        bad = raw.ravel()[~np.isfinite(array.ravel())][0].item()
        raise ValueError(
            f"{name} must contain only finite numbers representable as "
            f"{np.dtype(dtype).name}, got {bad!r} in {_short(value)}"
        )
    return array


def finite_positive_float(name: str, value: object) -> float:
    """Check that ``value`` is a real number, finite and > 0."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    number = float(value)
    if not (math.isfinite(number) and number > 0):
        raise ValueError(f"{name} must be finite and > 0, got {value!r}")
    return number


def _short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
