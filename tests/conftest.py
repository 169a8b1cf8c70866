"""Shared test set-up: densebook first (it pins TensorFlow's environment), Hypothesis profiles."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT / "conf"),
        "-W", "--keep-going", "-n", "-T", "-E",
        "-D", "nb_execution_mode=force",
        "-d", str(out / "doctrees"),
        str(ROOT / "docs"), str(out / "html"),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-8000:]
    return out / "html"


def assert_names_argument(
    excinfo: pytest.ExceptionInfo[BaseException], name: str, value: object
) -> None:
    """The message names the argument and shows the bad value; no TF/Keras frame raised it."""
    message = str(excinfo.value)
    assert name in message, message
    assert repr(value) in message, message
    frames = [str(entry.path) for entry in excinfo.traceback]
    assert not any("/tensorflow/" in f or "/keras/" in f for f in frames), frames


def page_text(site: Path, page: str) -> str:
    """The visible text of a built page (markup and highlighting spans removed)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    return soup.get_text()
