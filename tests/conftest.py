"""Shared test set-up: densebook first (it pins TensorFlow's environment), Hypothesis profiles."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import densebook  # noqa: F401  (import before TensorFlow: it sets TF's environment)

# At least 200 examples per property everywhere, CI included. Building a layer takes
# milliseconds, but the first example pays for TensorFlow's start-up, so no deadline.
settings.register_profile(
    "densebook",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("quick", max_examples=25, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "densebook"))


def assert_names_argument(
    excinfo: pytest.ExceptionInfo[BaseException], name: str, value: object
) -> None:
    """The message names the argument and shows the bad value; no TF/Keras frame raised it."""
    message = str(excinfo.value)
    assert name in message, message
    assert repr(value) in message, message
    frames = [str(entry.path) for entry in excinfo.traceback]
    assert not any("/tensorflow/" in f or "/keras/" in f for f in frames), frames
