"""Writing executed pages into MyST-NB's execution cache (jupyter-cache), from one thread.

jupyter-cache keeps its records in SQLite; pages executed in parallel are written here one
after another, in page order, so the database has a single writer and the same pages give
the same records whatever order they finished in. A page that failed is not written.

Each page's execution time is also kept beside the caches (:func:`times_file`), outside any
one digest's cache, so the next build that executes it, after the package changed too,
starts the longest pages first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from densebook_sphinx.execution.scheduling import PageRun


def times_file(cache_path: Path) -> Path:
    """Where execution times are kept: beside the digests' caches, else in the cache."""
    if cache_path.parent.name == ".jupyter_cache":
        return cache_path.parent / "execution-times.json"
    return cache_path / "execution-times.json"


def recorded_times(cache_path: Path) -> dict[str, float]:
    """Seconds each page took when last executed here, by source path (empty if unknown)."""
    try:
        times = json.loads(times_file(cache_path).read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in times.items()}
    except (OSError, ValueError, TypeError, AttributeError):  # missing or not what we wrote
        return {}


def write(cache_path: Path, runs: Iterable[PageRun]) -> list[str]:
    """Cache each successful run, in page order; return one log line per cached page.

    Args:
        cache_path: The folder of the jupyter-cache (``nb_execution_cache_path``).
        runs: What :func:`densebook_sphinx.execution.scheduling.execute_all` returned.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(cache_path))
    times = recorded_times(cache_path)
    lines = []
    for run in sorted(runs, key=lambda run: str(run.plan.path)):
        path = run.plan.path
        times[str(path)] = round(run.seconds, 1)
        if run.error is not None:
            continue
        cache.cache_notebook_bundle(
            CacheBundleIn(run.plan.notebook, str(path), data={"execution_seconds": run.seconds}),
            check_validity=False,
            overwrite=True,
        )
        lines.append(f"{path}: Executed notebook in {run.seconds:.2f} seconds [densebook]")
    times_file(cache_path).parent.mkdir(parents=True, exist_ok=True)
    times_file(cache_path).write_text(json.dumps(times, indent=1, sort_keys=True) + "\n")
    return lines
