"""Sphinx extension: execute the pages that need it in parallel, before Sphinx reads them.

MyST-NB executes each page while Sphinx reads it, one at a time; with ``sphinx -j`` its
SQLite execution cache races (sphinx #12481, scipy #22383). Each page is one Jupyter kernel
whose time goes mostly to importing TensorFlow, so two cores can run two pages at once.

So, in ``cache`` mode, before reading starts: every page not yet in the cache is executed
with nbclient (what MyST-NB and jupyter-cache use), in worker threads, one fresh kernel per
page; the finished notebooks are then written to the cache by this one thread, in page
order, so the database has a single writer. When Sphinx reads the pages, MyST-NB finds
each in the cache. A page that fails here is simply not cached: MyST-NB runs it again
while reading and fails the build with the full traceback, as without this step.

Two things keep the kernels' overhead small (measured by ``make bench``):

* **Warm start.** ``conf.py`` calls :func:`start_kernels_early` before Sphinx loads
  anything else: it starts a kernel for each notebook page newer than the cache (at most
  one per job), so TensorFlow loads in them while Sphinx starts up. As soon as the settings
  can be read (when this extension is set up, right after MyST-NB), :func:`warm_up` checks
  that guess against the cache itself, keeps the kernels it needs, stops the others and
  starts any missing. Each warm kernel runs exactly one page, like a kernel nbclient would
  start; any left over is stopped when reading starts. A build that does not execute in
  cache mode (``-D nb_execution_mode=force``) stops them all at once.
* **Immediate shutdown.** A kernel is killed once its page's outputs are in, instead of
  being asked to exit: a Python process that has imported TensorFlow takes over a second
  to tear itself down, and nothing it would do then reaches the page.

``DENSEBOOK_EXECUTION_JOBS`` sets the number of kernels at once (default: the CPU count).
"""

from __future__ import annotations

import atexit
import os
import threading
import time
import traceback
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: nbclient's own default for kernels it starts: no IPython history file.
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]


def execution_jobs() -> int:
    """How many kernels run at once: ``DENSEBOOK_EXECUTION_JOBS``, else the CPU count."""
    return max(1, int(os.environ.get("DENSEBOOK_EXECUTION_JOBS", os.cpu_count() or 1)))


# -- Warm kernels ---------------------------------------------------------------------------


@dataclass
class _WarmKernel:
    manager: Any  # jupyter_client.KernelManager
    kernel_name: str
    cwd: Path


_warm: list[_WarmKernel] = []
_warm_lock = threading.Lock()


def _not_in_cache(cache_path: Path, pages: list[tuple[Path, Any]]) -> list[tuple[Path, Any]]:
    """The (path, notebook) pairs whose code the execution cache does not hold."""
    if not pages or not (cache_path / "global.db").exists():
        return pages
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    pending = []
    for path, notebook in pages:
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            pending.append((path, notebook))
    return pending


def _uncached_pages_estimate(
    srcdir: Path, cache_path: Path, include: Sequence[str], exclude: Sequence[str]
) -> list[tuple[Path, Any]]:
    """The MyST notebook pages Sphinx will find under ``srcdir`` whose code is not cached.

    Read with MyST's default settings (the real ones exist only once the builder is set
    up), which is close enough for a count.
    """
    from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
    from sphinx.project import Project

    project = Project(srcdir, [".md"])
    pages = []
    for docname in sorted(project.discover(exclude, include)):
        path = Path(project.doc2path(docname, absolute=True))
        text = path.read_text(encoding="utf8")
        if is_myst_markdown_notebook(text):
            pages.append((path, read_myst_markdown_notebook(text)))
    return _not_in_cache(cache_path, pages)


def _start_kernel(kernel_name: str, cwd: Path) -> None:
    from jupyter_client.manager import KernelManager

    manager = KernelManager(kernel_name=kernel_name)
    manager.start_kernel(cwd=str(cwd), extra_arguments=KERNEL_ARGUMENTS)
    with _warm_lock:
        _warm.append(_WarmKernel(manager, kernel_name, cwd.resolve()))


def start_kernels_early(docs: Path, cache_path: Path) -> None:
    """Start kernels for the pages that look edited, judging by file times alone.

    Called from ``conf.py``, before Sphinx loads anything else: a notebook page newer than
    the cache's database (or any, if there is no cache yet) probably needs executing.
    :func:`warm_up` checks the guess as soon as the settings can be read, and stops the
    kernels it does not need.
    """
    database = cache_path / "global.db"
    cached_at = database.stat().st_mtime if database.exists() else float("-inf")
    edited = [
        path
        for path in sorted(docs.glob("*.md"))
        if path.stat().st_mtime > cached_at
        and "file_format: mystnb" in path.read_text(encoding="utf8")[:500]
    ]
    for path in edited[: execution_jobs()]:
        _start_kernel("python3", path.parent)


def warm_up(
    srcdir: Path, cache_path: Path, include: Sequence[str] = ("**",), exclude: Sequence[str] = ()
) -> tuple[int, int]:
    """Have one warm kernel for each page that will need executing, at most one per job.

    Kernels already started (by :func:`start_kernels_early`) that fit such a page are kept,
    the others stopped; each kernel starts in its page's folder. Returns the number of warm
    kernels and the number stopped. The count is an estimate (MyST's default settings);
    :func:`_execute_pending` decides what runs.
    """
    pending = _uncached_pages_estimate(srcdir, cache_path, include, exclude)
    wanted = [
        (notebook.metadata.get("kernelspec", {}).get("name", "python3"), path.parent.resolve())
        for path, notebook in pending[: execution_jobs()]
    ]
    kept, missing = [], []
    for kernel_name, cwd in wanted:
        warm = _take_warm_kernel(kernel_name, cwd)
        if warm is None:
            missing.append((kernel_name, cwd))
        else:
            kept.append(warm)
    stopped = stop_warm_kernels()  # what no page needs
    with _warm_lock:
        _warm.extend(kept)
    for kernel_name, cwd in missing:
        _start_kernel(kernel_name, cwd)
    return len(wanted), stopped


def _warm_up_when_configured(app: Any) -> None:
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    config = app.config
    if config.nb_execution_mode != "cache":
        _stop_unused(app)
        return
    warm, stopped = warm_up(
        Path(app.srcdir),
        Path(config.nb_execution_cache_path),
        config.include_patterns,
        config.exclude_patterns,
    )
    if warm:
        logger.info("densebook: started %d warm kernel(s)", warm)
    if stopped:
        logger.info("densebook: stopped %d unused warm kernel(s)", stopped)


def _take_warm_kernel(kernel_name: str, cwd: Path) -> _WarmKernel | None:
    with _warm_lock:
        for index, warm in enumerate(_warm):
            if warm.kernel_name == kernel_name and warm.cwd == cwd.resolve():
                return _warm.pop(index)
    return None


def stop_warm_kernels(*_: object) -> int:
    """Kill every warm kernel not used by a page (idempotent); return how many."""
    with _warm_lock:
        unused, _warm[:] = list(_warm), []
    for warm in unused:
        warm.manager.shutdown_kernel(now=True)
    return len(unused)


def _stop_unused(app: Any, *_: object) -> None:
    stopped = stop_warm_kernels()
    if stopped:
        from sphinx.util import logging

        logging.getLogger(__name__).info("densebook: stopped %d unused warm kernel(s)", stopped)


atexit.register(stop_warm_kernels)


# -- Executing ------------------------------------------------------------------------------


@dataclass
class _Result:
    path: Path
    notebook: Any
    seconds: float
    error: str | None


def _pending_notebooks(app: Any) -> list[tuple[Path, Any]]:
    """The pages (path, notebook) that are notebooks and not in the execution cache.

    Read as MyST-NB will read them, with the build's settings: this, not the estimate
    :func:`warm_up` made, decides what runs.
    """
    from myst_nb.core.read import create_nb_reader

    pages = []
    docnames = app.project.discover(app.config.exclude_patterns, app.config.include_patterns)
    for docname in sorted(docnames):
        path = Path(app.project.doc2path(docname, absolute=True))
        text = path.read_text(encoding="utf8")
        reader = create_nb_reader(str(path), app.env.myst_config, app.env.mystnb_config, text)
        if reader is not None:  # else plain Markdown, nothing to execute
            pages.append((path, reader.read(text)))
    return _not_in_cache(Path(app.env.mystnb_config.execution_cache_path), pages)


def _execute(path: Path, notebook: Any, timeout: int) -> _Result:
    """Run one page in a fresh kernel (a warm one if it fits), as jupyter-cache would."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    # A page may override the timeout in its metadata, as MyST-NB allows.
    timeout = notebook.metadata.get("execution", {}).get("timeout", timeout)
    kernel_name = notebook.metadata.get("kernelspec", {}).get("name", "python3")
    warm = _take_warm_kernel(kernel_name, path.parent)
    client = NotebookClient(
        notebook,
        km=None if warm is None else warm.manager,
        timeout=timeout,
        allow_errors=False,
        record_timing=False,  # as jupyter-cache: no timestamps in the cached notebook
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(path.parent)}},
    )
    # The client stops the kernel after the page whether it started it or got a warm one.
    client.owns_km = True
    started = time.perf_counter()
    error = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError):
        error = traceback.format_exc()
    return _Result(path, notebook, time.perf_counter() - started, error)


def _execute_pending(app: Any) -> None:
    if app.env.mystnb_config.execution_mode != "cache":
        _stop_unused(app)
        return
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    pending = _pending_notebooks(app)
    if not pending:
        _stop_unused(app)
        return
    jobs = min(execution_jobs(), len(pending))
    # Longest first (by the size of the code), so no long page starts last.
    pending.sort(key=lambda item: -sum(len(c.source) for c in item[1].cells))
    logger.info("densebook: executing %d page(s) with %d kernel(s) at once", len(pending), jobs)
    timeout = app.env.mystnb_config.execution_timeout
    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(lambda item: _execute(*item, timeout), pending))
    finally:
        _stop_unused(app)
    cache = get_cache(app.env.mystnb_config.execution_cache_path)
    for result in sorted(results, key=lambda r: str(r.path)):
        if result.error is not None:
            logger.info("densebook: %s failed; it runs again while reading", result.path)
            continue
        logger.info(
            "%s: Executed notebook in %.2f seconds [densebook]", result.path, result.seconds
        )
        cache.cache_notebook_bundle(
            CacheBundleIn(
                result.notebook, str(result.path), data={"execution_seconds": result.seconds}
            ),
            check_validity=False,
            overwrite=True,
        )
    logger.info("densebook: pages executed in %.1f s", time.perf_counter() - started)


def setup(app: Any) -> dict[str, Any]:
    # Warm up as early as the settings involved can be read: once MyST-NB has registered
    # its own (Sphinx then resolves -D overrides and conf.py values on access), before the
    # remaining extensions load and the environment is unpickled.
    app.setup_extension("myst_nb")
    _warm_up_when_configured(app)
    # After MyST-NB has created its configuration (builder-inited, default priority 500).
    app.connect("builder-inited", _execute_pending, priority=800)
    # A build that fails before reading never reaches _execute_pending.
    app.connect("build-finished", _stop_unused)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
