"""densebook_sphinx/execution/cache_writing.py: executed pages into jupyter-cache, failures
left out, every execution time recorded."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from jupyter_cache import get_cache

from densebook_sphinx.execution import cache_writing
from densebook_sphinx.execution.scheduling import PagePlan, PageRun


def _run(tmp_path: Path, name: str, code: str, error: str | None = None, **kw: bool) -> PageRun:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path = tmp_path / name
    path.write_text(code)
    return PageRun(PagePlan(path, nb, "python3", 30, False, False), 1.5, error, **kw)


def test_successes_are_cached_and_failures_are_not(tmp_path: Path) -> None:
    ok = _run(tmp_path, "b.md", "x = 1")
    failed = _run(tmp_path, "a.md", "1 / 0", error="ZeroDivisionError")
    died = _run(tmp_path, "c.md", "import os", error="DeadKernelError", kernel_failed=True)
    lines = cache_writing.write(tmp_path / "cache", [died, ok, failed])
    assert lines == [f"{tmp_path / 'b.md'}: Executed notebook in 1.50 seconds [densebook]"]
    times = json.loads((tmp_path / "cache" / "execution-times.json").read_text())
    assert times == {str(tmp_path / name): 1.5 for name in ("a.md", "b.md", "c.md")}
    assert cache_writing.recorded_times(tmp_path / "cache") == times
    cache = get_cache(str(tmp_path / "cache"))
    assert cache.match_cache_notebook(ok.plan.notebook).data == {"execution_seconds": 1.5}
    for run in (failed, died):
        with pytest.raises(KeyError):
            cache.match_cache_notebook(run.plan.notebook)


def test_times_are_kept_beside_the_digests_caches(tmp_path: Path) -> None:
    """A new digest is a new, empty cache; the times of the last run survive it."""
    digest = tmp_path / ".jupyter_cache" / "0123456789abcdef"
    cache_writing.write(digest, [_run(tmp_path, "a.md", "x = 2")])
    assert cache_writing.times_file(digest) == tmp_path / ".jupyter_cache" / "execution-times.json"
    assert cache_writing.recorded_times(tmp_path / ".jupyter_cache" / "fedcba9876543210") == {
        str(tmp_path / "a.md"): 1.5
    }
    assert cache_writing.recorded_times(tmp_path / "nothing-here") == {}
