"""Sphinx extension: execute the pages that need it in parallel, before Sphinx reads them.

MyST-NB executes each page while Sphinx reads it, one at a time; with ``sphinx -j`` its
SQLite execution cache races (sphinx #12481, scipy #22383). Each page is one Jupyter kernel
that mostly waits on TensorFlow, so two cores can run two pages at once.

So, in ``cache`` mode, before reading starts: every page not yet in the cache is executed
with jupyter-cache's own ``single_nb_execution`` (what MyST-NB calls), in worker threads,
one kernel per page; the finished notebooks are then written to the cache by this one
thread, in page order, so the database has a single writer. When Sphinx reads the pages,
MyST-NB finds each in the cache. A page that fails here is simply not cached: MyST-NB runs
it again while reading and fails the build with the full traceback, as without this step.

``DENSEBOOK_EXECUTION_JOBS`` sets the number of kernels at once (default: the CPU count).
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any


def _pending_notebooks(app: Any) -> list[tuple[Path, Any]]:
    """The pages (path, notebook) that are notebooks and not in the execution cache."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    cache = get_cache(app.env.mystnb_config.execution_cache_path)
    pending = []
    docnames = app.project.discover(app.config.exclude_patterns, app.config.include_patterns)
    for docname in sorted(docnames):
        path = Path(app.project.doc2path(docname, absolute=True))
        text = path.read_text(encoding="utf8")
        reader = create_nb_reader(str(path), app.env.myst_config, app.env.mystnb_config, text)
        if reader is None:
            continue  # plain Markdown, nothing to execute
        notebook = reader.read(text)
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            pending.append((path, notebook))
    return pending


def _execute(item: tuple[Path, Any], timeout: int) -> tuple[Path, Any, Any]:
    from jupyter_cache.executors.utils import single_nb_execution

    path, notebook = item
    result = single_nb_execution(
        notebook, cwd=str(path.parent), timeout=timeout, allow_errors=False, meta_override=True
    )
    return path, notebook, result


def _execute_pending(app: Any) -> None:
    if app.env.mystnb_config.execution_mode != "cache":
        return
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    pending = _pending_notebooks(app)
    if not pending:
        return
    jobs = int(os.environ.get("DENSEBOOK_EXECUTION_JOBS", os.cpu_count() or 1))
    jobs = max(1, min(jobs, len(pending)))
    # Longest first (by the size of the code), so no long page starts last.
    pending.sort(key=lambda item: -sum(len(c.source) for c in item[1].cells))
    logger.info("densebook: executing %d page(s) with %d kernel(s) at once", len(pending), jobs)
    timeout = app.env.mystnb_config.execution_timeout
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda item: _execute(item, timeout), pending))
    cache = get_cache(app.env.mystnb_config.execution_cache_path)
    for path, notebook, result in sorted(results, key=lambda r: str(r[0])):
        if result.err is not None:
            logger.info("densebook: %s failed; it runs again while reading", path)
            continue
        logger.info("%s: Executed notebook in %.2f seconds [densebook]", path, result.time)
        cache.cache_notebook_bundle(
            CacheBundleIn(notebook, str(path), data={"execution_seconds": result.time}),
            check_validity=False,
            overwrite=True,
        )
    logger.info("densebook: pages executed in %.1f s", time.perf_counter() - started)


def setup(app: Any) -> dict[str, Any]:
    # After MyST-NB has created its configuration (builder-inited, default priority 500).
    app.connect("builder-inited", _execute_pending, priority=800)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
