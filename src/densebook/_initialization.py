"""Facts about Keras's default initializers, computed rather than quoted."""

from __future__ import annotations

import math

from densebook import _validate


def glorot_limit(fan_in: int, fan_out: int) -> float:
    """Return the bound of Keras's default kernel initializer, ``glorot_uniform``.

    Glorot (Xavier) uniform initialization draws every kernel weight from
    ``U(-limit, limit)`` with ``limit = sqrt(6 / (fan_in + fan_out))``; for a Dense
    kernel of shape ``(n, units)``, ``fan_in = n`` and ``fan_out = units``.

    Args:
        fan_in: Number of inputs to each unit (the kernel's first axis), >= 1.
        fan_out: Number of units (the kernel's second axis), >= 1.

    Returns:
        The limit, a positive float.

    Raises:
        TypeError: An argument is not an integer (the message names it).
        ValueError: An argument is < 1 (the message names it).

    Example:
        >>> glorot_limit(2, 4)
        1.0
        >>> round(glorot_limit(784, 128), 4)
        0.0811
    """
    fan_in = _validate.positive_int("fan_in", fan_in)
    fan_out = _validate.positive_int("fan_out", fan_out)
    return math.sqrt(6 / (fan_in + fan_out))
