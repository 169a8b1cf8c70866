"""The real site, built once per session as `make html` builds it, for every site test."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from helpers import TEST_ALL, core_path
from notebooks import DownloadRuns, run_downloads
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
        site = Path(prebuilt)
    else:
        site_builds: SiteBuilds = request.getfixturevalue("site_builds")
        site = site_builds.site
    _start_download_runs(site, request)
    return site


@pytest.fixture(scope="session")
def english_doctrees(request: pytest.FixtureRequest, built_site: Path) -> Path:
    """The English build's doctrees (beside its html folder)."""
    prebuilt = os.environ.get("DENSEBOOK_TEST_SITE")
    if prebuilt:
        return Path(prebuilt).parent / "doctrees"
    site_builds: SiteBuilds = request.getfixturevalue("site_builds")
    return site_builds.html.parent / "doctrees"


#: The notebook downloads, run in plain kernels in the background (see `download_runs`):
#: one run per session.
_download_runs: list[Future[DownloadRuns]] = []


def _start_download_runs(site: Path, request: pytest.FixtureRequest) -> None:
    """Start running every download as soon as the site is built, in a thread: the kernels
    are other processes, so they use the cores while the browser tests (which wait on
    Chromium) go on in this one. (Started earlier, beside the Chinese build, they only
    slowed the builds: measured.)"""
    wanted = any("download_runs" in item.fixturenames for item in request.session.items)
    if wanted and not _download_runs:
        base = request.getfixturevalue("tmp_path_factory").mktemp("downloads")
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="downloads")
        pages = None if TEST_ALL else core_path(site)
        _download_runs.append(pool.submit(run_downloads, site, base, pages))
        pool.shutdown(wait=False)


@pytest.fixture(scope="session")
def download_runs(built_site: Path) -> DownloadRuns:
    """Each download with code of its own, as built and as run again from the wheel alone:
    those of the core path (the landing page and "Start here"), or with ``make test-all``
    every one. Each run costs a TensorFlow kernel and the page's own processes: every
    download run alone took 85 s and 154 s of processor time (README, `make test-all`)."""
    return _download_runs[0].result(timeout=1800)


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1, for the browser tests."""
    from chromium import serve

    with serve(built_site) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The system's Chromium, driven by Playwright (sync API)."""
    from chromium import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
