"""Writing executed pages into MyST-NB's execution cache (jupyter-cache), from one thread.

jupyter-cache keeps its records in SQLite; pages executed in parallel are written here one
after another, in page order, so the database has a single writer and the same pages give
the same records whatever order they finished in. A page that failed is not written: MyST-NB
finds it missing and executes it itself while reading.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from page_scheduling import PageRun


def write(cache_path: Path, runs: Iterable[PageRun]) -> list[str]:
    """Cache each successful run, in page order; return one log line per page.

    Args:
        cache_path: The folder of the jupyter-cache (``nb_execution_cache_path``).
        runs: What :func:`page_scheduling.execute_all` returned.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(cache_path))
    lines = []
    for run in sorted(runs, key=lambda run: str(run.plan.path)):
        path = run.plan.path
        if run.error is not None:
            why = "its kernel failed" if run.kernel_failed else "a cell failed"
            lines.append(f"densebook: {path}: {why}; MyST-NB runs it again while reading")
            continue
        cache.cache_notebook_bundle(
            CacheBundleIn(run.plan.notebook, str(path), data={"execution_seconds": run.seconds}),
            check_validity=False,
            overwrite=True,
        )
        lines.append(f"{path}: Executed notebook in {run.seconds:.2f} seconds [densebook]")
    return lines
