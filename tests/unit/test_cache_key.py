"""densebook_sphinx/execution/cache_key.py: which edits re-execute pages, and old caches pruned."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from densebook_sphinx.execution import cache_key
from sitebuild import ROOT

SETTINGS = {"nb_execution_timeout": 300, "nb_execution_allow_errors": False}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The package, the lock and the extensions, copied, with the digest reading the copy."""
    root = tmp_path / "p"
    shutil.copytree(ROOT / "src" / "densebook", root / "densebook")
    shutil.copytree(ROOT / "conf", root / "conf", ignore=shutil.ignore_patterns("__pycache__"))
    extensions = root / "conf" / "densebook_sphinx"
    monkeypatch.setattr(cache_key, "EXECUTION", extensions / "execution")
    monkeypatch.setattr(cache_key, "EXTENSIONS", extensions)
    return root


def _digests(root: Path, settings: dict[str, object] = SETTINGS) -> tuple[str, str]:
    inputs = cache_key.inputs_digest(
        settings, package=root / "densebook", lock=root / "conf" / "requirements.lock"
    )
    return inputs, cache_key.render_digest(root / "conf" / "_static")


def _edit(path: Path) -> None:
    path.write_text(path.read_text() + "\n# edited\n")


@pytest.mark.parametrize(
    "edited",
    [
        "densebook/_layers.py",
        "conf/requirements.lock",
        "conf/densebook_sphinx/execution/kernels.py",
        "conf/densebook_sphinx/execution/ipython/profile_default/startup/00-densebook.py",
        "conf/densebook_sphinx/upstream.py",  # where the executor meets jupyter-cache
    ],
)
def test_an_edit_an_output_depends_on_changes_the_cache(project: Path, edited: str) -> None:
    inputs, _ = _digests(project)
    _edit(project / edited)
    assert _digests(project)[0] != inputs


def test_a_new_file_in_the_execution_folder_changes_the_cache(project: Path) -> None:
    """The folder is the boundary: no list of file names to keep up to date."""
    inputs, _ = _digests(project)
    (project / "conf" / "densebook_sphinx" / "execution" / "new_part.py").write_text("x = 1\n")
    assert _digests(project)[0] != inputs


def test_files_ipython_leaves_in_the_kernels_profile_do_not_change_the_cache(
    project: Path,
) -> None:
    inputs, _ = _digests(project)
    profile = project / "conf" / "densebook_sphinx" / "execution" / "ipython" / "profile_default"
    for folder in ("log", "pid", "security"):
        (profile / folder).mkdir(exist_ok=True)
        (profile / folder / "left-behind").write_text("runtime\n")
    assert _digests(project)[0] == inputs


@pytest.mark.parametrize(
    "edited",
    [
        "conf/densebook_sphinx/html/reader_fixes.py",
        "conf/densebook_sphinx/downloads/notebooks.py",
        "conf/densebook_sphinx/html/mathml.py",
        "conf/_static/densebook.css",
    ],
)
def test_an_html_only_edit_keeps_the_cache_and_rereads_pages(project: Path, edited: str) -> None:
    """(An HTML-only setting in conf.py: a real build's test in tests/faults/.)"""
    inputs, render = _digests(project)
    _edit(project / edited)
    assert _digests(project)[0] == inputs  # nothing re-executed
    assert _digests(project)[1] != render  # every page rewritten


def test_execution_settings_are_in_the_key_and_others_are_not(project: Path) -> None:
    inputs, _ = _digests(project)
    assert _digests(project, {**SETTINGS, "html_title": "another"})[0] == inputs
    assert _digests(project, {**SETTINGS, "nb_execution_timeout": 30})[0] != inputs
    assert _digests(project, {**SETTINGS, "nb_execution_in_temp": True})[0] != inputs


def test_another_python_is_another_cache(project: Path) -> None:
    def key(python: str) -> str:
        return cache_key.inputs_digest(SETTINGS, package=project / "densebook", python=python)

    assert key("3.11.7") != key("3.12.1")


def test_the_caches_of_other_digests_are_pruned(tmp_path: Path) -> None:
    caches = tmp_path / ".jupyter_cache"
    current, old, other = caches / "0123456789abcdef", caches / "fedcba9876543210", caches / "notes"
    for folder in (current, old, other):
        (folder / "executed").mkdir(parents=True)
    (caches / "execution-times.json").write_text("{}\n")
    assert cache_key.prune_other_caches(current) == ["fedcba9876543210"]
    assert sorted(p.name for p in caches.iterdir()) == [
        "0123456789abcdef",
        "execution-times.json",
        "notes",
    ]
    assert cache_key.prune_other_caches(tmp_path / "missing" / "0123456789abcdef") == []
    elsewhere = tmp_path / "mine" / "0123456789abcdef"
    (tmp_path / "mine" / "fedcba9876543210").mkdir(parents=True)
    assert cache_key.prune_other_caches(elsewhere) == []  # not a .jupyter_cache folder
    assert (tmp_path / "mine" / "fedcba9876543210").is_dir()
