"""Shared test set-up: densebook's TensorFlow environment, Hypothesis profiles."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

import densebook

# The tests' own TensorFlow runs as the pages' kernels do (importing densebook sets nothing).
densebook.apply_tf_environment()

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
