"""The pinned TensorFlow environment and the environment stamp."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from densebook import TF_ENVIRONMENT, environment


def test_importing_densebook_pins_the_environment() -> None:
    for name, value in TF_ENVIRONMENT.items():
        assert os.environ[name] == value


def test_environment_stamp_reports_versions_and_settings() -> None:
    import keras
    import numpy as np
    import tensorflow as tf

    stamp = environment()
    assert stamp.tensorflow == tf.__version__
    assert stamp.keras == keras.__version__
    assert stamp.numpy == np.__version__
    assert stamp.python == sys.version.split()[0]
    assert stamp.op_determinism is True
    assert dict(stamp.settings) == dict(TF_ENVIRONMENT)
    text = str(stamp)
    assert f"TensorFlow {tf.__version__}" in text
    assert "TF_ENABLE_ONEDNN_OPTS=0" in text


@pytest.mark.process
def test_import_densebook_does_not_import_tensorflow() -> None:
    code = "import sys, densebook; print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.process
def test_tensorflow_start_up_writes_nothing_to_stderr() -> None:
    """Building a layer in a fresh process leaves stderr empty (CUDA probes silenced)."""
    code = "import densebook; densebook.build_dense(4, (3, 2), seed=0)"
    env = {k: v for k, v in os.environ.items() if k not in TF_ENVIRONMENT}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stderr == ""


def test_environment_stamp_shows_the_seed_and_checks_it() -> None:
    assert "seed 7 ·" in str(environment(seed=7))
    with pytest.raises(TypeError, match="seed must be an integer"):
        environment(seed="7")  # type: ignore[arg-type]
