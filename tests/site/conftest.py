"""The real site, built once per session as `make html` builds it, for every site test."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sitebuild import SiteBuilds, copy_project, offline, project_env, sphinx_command


def _offline_build(
    project: Path, out: Path, guard: Path, language: str = "en"
) -> tuple[subprocess.Popen[str], str]:
    """The build started without network, and how the network is kept out."""
    command, env, method = offline(
        sphinx_command(project, out, mode="cache", language=language), project_env(project), guard
    )
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    return proc, method


def _finished(proc: subprocess.Popen[str]) -> str:
    output = proc.communicate(timeout=900)[0]
    assert proc.returncode == 0, output[-12000:]
    return output


@pytest.fixture(scope="session")
def site_builds(tmp_path_factory: pytest.TempPathFactory) -> SiteBuilds:
    project = copy_project(tmp_path_factory.mktemp("project"))
    first = tmp_path_factory.mktemp("site")
    guard = first / "network-guard"
    proc, method = _offline_build(project, first, guard)
    output = _finished(proc)  # every page executed, offline
    # Then, from that cache and at once: the Chinese edition, and the English one again
    # into fresh output and doctree folders (executing nothing).
    zh, again = first / "zh_TW", tmp_path_factory.mktemp("site-again")
    (zh_build, _), (again_build, _) = (
        _offline_build(project, zh, guard, "zh_TW"),
        _offline_build(project, again, guard),
    )
    zh_output, again_output = _finished(zh_build), _finished(again_build)
    log = guard / "attempts.log"
    attempts = log.read_text().splitlines() if log.exists() else []
    site = tmp_path_factory.mktemp("both-editions") / "html"
    shutil.copytree(first / "html", site)
    shutil.copytree(zh / "html", site / "zh-tw")
    return SiteBuilds(
        html=first / "html",
        output=output,
        second_html=again / "html",
        second_output=again_output,
        offline_method=method,
        network_attempts=attempts,
        zh_html=zh / "html",
        zh_output=zh_output,
        site=site,
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
