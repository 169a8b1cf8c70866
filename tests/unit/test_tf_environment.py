"""The pinned TensorFlow environment and the environment stamp."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

import densebook
from densebook import TF_ENVIRONMENT, environment


def test_the_tests_run_with_the_pinned_environment() -> None:
    """conftest.py applied it, as the pages' kernels do at start-up."""
    for name, value in TF_ENVIRONMENT.items():
        assert os.environ[name] == value


@pytest.mark.process
def test_import_densebook_leaves_the_environment_unchanged() -> None:
    """A reader's own settings (another backend, oneDNN on) survive `import densebook`."""
    code = (
        "import json, os; before = dict(os.environ); import densebook, densebook.plot; "
        "print(json.dumps([before == dict(os.environ), os.environ['KERAS_BACKEND']]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in TF_ENVIRONMENT}
    env |= {"KERAS_BACKEND": "jax", "TF_ENABLE_ONEDNN_OPTS": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert json.loads(out.stdout) == [True, "jax"]


@pytest.mark.process
def test_tf_and_keras_applies_the_environment_keeps_overrides_and_writes_no_stderr() -> None:
    """tf_and_keras() sets the environment unless apply_tf_environment ran first; building a
    layer in a fresh process leaves stderr empty (TensorFlow's CUDA probes silenced)."""
    code = (
        "import json, os, densebook\n"
        "densebook.apply_tf_environment({'TF_ENABLE_ONEDNN_OPTS': '1'})\n"
        "densebook.build_dense(4, (3, 2), seed=0)\n"
        "from tensorflow.python.util import _pywrap_util_port\n"
        "print(json.dumps([os.environ['TF_ENABLE_ONEDNN_OPTS'], os.environ['KERAS_BACKEND'],"
        " _pywrap_util_port.IsMklEnabled()]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in TF_ENVIRONMENT} | {
        "KERAS_BACKEND": "jax"
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert json.loads(out.stdout) == ["1", "tensorflow", True]
    assert out.stderr == ""


def test_apply_tf_environment_refuses_bad_overrides() -> None:
    with pytest.raises(TypeError, match="overrides must be a mapping of str to str, got 1"):
        densebook.apply_tf_environment(1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape("got {'TF_ENABLE_ONEDNN_OPTS': 1}")):
        densebook.apply_tf_environment({"TF_ENABLE_ONEDNN_OPTS": 1})  # type: ignore[dict-item]


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


def test_environment_stamp_shows_the_seed_and_checks_it() -> None:
    assert "seed 7 ·" in str(environment(seed=7))
    with pytest.raises(TypeError, match="seed must be an integer"):
        environment(seed="7")  # type: ignore[arg-type]
