"""conf/cache_writing.py: executed pages into jupyter-cache, failures left out."""

from __future__ import annotations

from pathlib import Path

import cache_writing
import nbformat
import pytest
from jupyter_cache import get_cache
from page_scheduling import PagePlan, PageRun


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
    assert [line.split(": ", 1)[0] for line in lines] == [
        "densebook",
        str(tmp_path / "b.md"),
        "densebook",
    ]  # in page order: a, b, c
    assert "a cell failed" in lines[0]
    assert "its kernel failed" in lines[2]
    cache = get_cache(str(tmp_path / "cache"))
    assert cache.match_cache_notebook(ok.plan.notebook).data == {"execution_seconds": 1.5}
    for run in (failed, died):
        with pytest.raises(KeyError):
            cache.match_cache_notebook(run.plan.notebook)
