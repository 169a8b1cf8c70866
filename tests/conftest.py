"""Shared test set-up: densebook first (it pins TensorFlow's environment), Hypothesis profiles."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import densebook  # noqa: F401  (import before TensorFlow: it sets TF's environment)
from sitebuild import ROOT, copy_project, offline, project_env, sphinx_command, start_build

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


@dataclass(frozen=True)
class SiteBuilds:
    """Two clean builds of the real site, made at the same time.

    The first is `make html`'s own: cache mode, from a fresh copy of the project (so an
    empty cache: pages run in parallel, warm kernels ahead of reading), and offline. The
    second is MyST-NB's plain path, as `make repro` runs it: every page executed while it
    is read (force mode). Identical output from the two checks both execution paths.
    """

    html: Path
    second_html: Path
    offline_method: str
    network_attempts: list[str]


@pytest.fixture(scope="session")
def site_builds(tmp_path_factory: pytest.TempPathFactory) -> SiteBuilds:
    first, second = tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("site-again")
    project = copy_project(tmp_path_factory.mktemp("project"))
    command, env, method = offline(
        sphinx_command(project, first, mode="cache"), project_env(project), first / "network-guard"
    )
    offline_build = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    second_build = start_build(ROOT, second)
    outputs = [proc.communicate(timeout=900)[0] for proc in (offline_build, second_build)]
    for proc, output in zip((offline_build, second_build), outputs, strict=True):
        assert proc.returncode == 0, output[-12000:]
    log = first / "network-guard" / "attempts.log"
    attempts = log.read_text().splitlines() if log.exists() else []
    return SiteBuilds(first / "html", second / "html", method, attempts)


@pytest.fixture(scope="session")
def built_site(request: pytest.FixtureRequest) -> Path:
    """The site, built from scratch with every page executed, offline, warnings as errors.

    DENSEBOOK_TEST_SITE=<folder> tests an already built site instead, to iterate quickly on
    the page checks; .ci/run never sets it.
    """
    prebuilt = os.environ.get("DENSEBOOK_TEST_SITE")
    if prebuilt:
        return Path(prebuilt)
    site_builds: SiteBuilds = request.getfixturevalue("site_builds")
    return site_builds.html


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
