"""conf/build_guards.py: which edits re-execute pages, and old caches pruned."""

from __future__ import annotations

import shutil
from pathlib import Path

import build_guards
import pytest

from conftest import ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The files both digests read, copied."""
    root = tmp_path / "p"
    for pattern in (*build_guards.DIGEST_GLOBS, *build_guards.RENDER_GLOBS):
        for path in ROOT.glob(pattern):
            if path.is_file():
                target = root / path.relative_to(ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
    return root


def _edit(path: Path) -> None:
    path.write_text(path.read_text() + "\n# edited\n")


@pytest.mark.parametrize(
    "edited",
    [
        "src/densebook/_build.py",
        "conf/requirements.lock",
        "conf/conf.py",
        "conf/kernel_pool.py",
        "conf/ipython/profile_default/startup/00-densebook.py",
    ],
)
def test_an_edit_an_output_depends_on_changes_the_cache(project: Path, edited: str) -> None:
    before = build_guards.inputs_digest(project)
    _edit(project / edited)
    assert build_guards.inputs_digest(project) != before


@pytest.mark.parametrize(
    "edited",
    [
        "conf/reader_fixes.py",
        "conf/page_downloads.py",
        "conf/mathml.py",
        "conf/_static/densebook.css",
    ],
)
def test_an_html_only_edit_keeps_the_cache_and_rereads_pages(project: Path, edited: str) -> None:
    inputs, render = build_guards.inputs_digest(project), build_guards.render_digest(project)
    _edit(project / edited)
    assert build_guards.inputs_digest(project) == inputs  # nothing re-executed
    assert build_guards.render_digest(project) != render  # every page rewritten


def test_another_python_is_another_cache(project: Path) -> None:
    assert build_guards.inputs_digest(project, python="3.11.7") != build_guards.inputs_digest(
        project, python="3.12.1"
    )


def test_the_caches_of_other_digests_are_pruned(tmp_path: Path) -> None:
    caches = tmp_path / ".jupyter_cache"
    current, old, other = caches / "0123456789abcdef", caches / "fedcba9876543210", caches / "notes"
    for folder in (current, old, other):
        (folder / "executed").mkdir(parents=True)
    assert build_guards.prune_other_caches(current) == ["fedcba9876543210"]
    assert sorted(p.name for p in caches.iterdir()) == ["0123456789abcdef", "notes"]
    assert build_guards.prune_other_caches(tmp_path / "missing" / "0123456789abcdef") == []
    elsewhere = tmp_path / "mine" / "0123456789abcdef"
    (tmp_path / "mine" / "fedcba9876543210").mkdir(parents=True)
    assert build_guards.prune_other_caches(elsewhere) == []  # not a .jupyter_cache folder
    assert (tmp_path / "mine" / "fedcba9876543210").is_dir()
