"""glorot_limit: the formula, agreement with Keras's initializer, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from densebook import build_dense, glorot_limit
from helpers import assert_names_argument


def test_glorot_limit_formula() -> None:
    assert glorot_limit(2, 4) == 1.0
    assert glorot_limit(784, 128) == math.sqrt(6 / 912)


def test_glorot_limit_bounds_keras_weights_and_is_nearly_reached() -> None:
    layer = build_dense(256, (512,), seed=0)
    kernel = np.abs(layer.kernel.numpy())
    limit = glorot_limit(512, 256)
    assert kernel.max() <= limit
    assert kernel.max() > 0.99 * limit  # 131072 uniform draws come close to the bound


@pytest.mark.parametrize("name", ["fan_in", "fan_out"])
@pytest.mark.parametrize(
    ("value", "error"),
    [(0, ValueError), (-3, ValueError), (1.5, TypeError), (True, TypeError), ("2", TypeError)],
)
def test_glorot_limit_rejects_bad_fans(name: str, value: object, error: type[Exception]) -> None:
    args = {"fan_in": 2, "fan_out": 4, name: value}
    with pytest.raises(error) as excinfo:
        glorot_limit(**args)  # type: ignore[arg-type]
    assert_names_argument(excinfo, name, value)
