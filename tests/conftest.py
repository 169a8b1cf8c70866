"""Shared test set-up: densebook first (it pins TensorFlow's environment), Hypothesis profiles."""

from __future__ import annotations

import os
import shutil
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
    #: The Traditional Chinese edition, built after the first as `make html` does (from the
    #: same project and cache, offline), its console output, and the site both make: the
    #: English edition with the Chinese one in zh-tw/.
    zh_html: Path
    zh_output: str
    site: Path


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
    zh = first / "zh_TW"
    command, env, _ = offline(
        sphinx_command(project, zh, mode="cache", language="zh_TW"),
        project_env(project),
        first / "network-guard",
    )
    zh_build = subprocess.run(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900
    )
    assert zh_build.returncode == 0, zh_build.stdout[-12000:]
    log = first / "network-guard" / "attempts.log"
    attempts = log.read_text().splitlines() if log.exists() else []
    site = tmp_path_factory.mktemp("both-editions") / "html"
    shutil.copytree(first / "html", site)
    shutil.copytree(zh / "html", site / "zh-tw")
    return SiteBuilds(
        first / "html", second / "html", method, attempts, zh / "html", zh_build.stdout, site
    )


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
    return site_builds.site


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
