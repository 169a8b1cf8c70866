"""Executing the pages: the cache's key, and the pages run in parallel before Sphinx reads them.

MyST-NB executes each page while Sphinx reads it, one at a time; with ``sphinx -j`` its
SQLite execution cache races (sphinx #12481, scipy #22383). Each page is one Jupyter kernel
whose time goes mostly to importing TensorFlow, so two cores can run two pages at once.

So, in ``cache`` mode, before reading starts, every page MyST-NB would execute and that is
not yet in the cache is run in its own kernel, several at once, and written to the cache;
when Sphinx then reads the pages, MyST-NB finds each in the cache. A failing cell fails the
build here, naming the page and showing the traceback (``nb_execution_show_tb``), without
MyST-NB running the page a second time; a kernel that dies or cannot start leaves the page
to MyST-NB. This folder is the execution cache's boundary: every file in it is part of the
cache key (``cache_key.py``).

* ``cache_key.py``: the cache's key and folder, stale and broken caches removed;
* ``scheduling.py``: which pages run, with which of MyST-NB's settings, in parallel;
* ``kernels.py``: the kernels (over IPC) and how many run at once;
* ``cache_writing.py``: the results into jupyter-cache, from one thread, in page order;
* ``ipython/``: the kernels' configuration and start-up (densebook's TensorFlow settings,
  TensorFlow imported quietly), for every kernel of the build, MyST-NB's own included.

Settings (``conf.py``): ``densebook_execution_caches``, the folder that holds one cache per
key (the build then sets ``nb_execution_cache_path`` itself, and refuses a value given as
well); ``DENSEBOOK_EXECUTION_JOBS``, else Sphinx's ``-j``, else the CPU count, sets the
number of kernels at once.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import SphinxError

from densebook_sphinx import upstream
from densebook_sphinx.execution import cache_key, cache_writing, kernels, scheduling

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.logging import SphinxLoggerAdapter

#: The Jupyter kernels' configuration and start-up files.
IPYTHONDIR = Path(__file__).resolve().parent / "ipython"


class ExecutionError(SphinxError):
    """A page's cell failed while the build executed it (``nb_execution_raise_on_error``)."""

    category = "Page execution failed"


def _logger() -> SphinxLoggerAdapter:
    from sphinx.util import logging

    return logging.getLogger(__name__)


def _choose_cache(app: Sphinx, config: Config) -> None:
    """Point MyST-NB at the cache of this key; delete other keys' caches and broken entries."""
    from sphinx.errors import ConfigError

    caches = config.densebook_execution_caches
    if caches:
        if config.nb_execution_cache_path:
            raise ConfigError(
                "set densebook_execution_caches or nb_execution_cache_path, not both: "
                f"densebook_execution_caches = {caches!r} makes the cache path itself"
            )
        settings = {name: config[name] for name in cache_key.EXECUTION_SETTINGS}
        digest = cache_key.inputs_digest(settings)
        config.densebook_inputs_digest = digest
        config.nb_execution_cache_path = str(Path(caches) / digest)
    if config.nb_execution_mode != "cache" or not config.nb_execution_cache_path:
        return
    cache_path = Path(config.nb_execution_cache_path)
    for name in cache_key.prune_other_caches(cache_path):
        _logger().info("densebook: deleted the execution cache of an older digest, %s", name)
    for key in cache_key.drop_broken_cache_entries(cache_path):
        _logger().info("densebook: dropped a broken execution-cache entry %s", key)


def _pending_plans(app: Sphinx) -> list[scheduling.PagePlan]:
    """The pages MyST-NB would execute now, read as it reads them, with the build's settings."""
    nb_config = upstream.nb_config(app.env)
    plans = []
    docnames = app.project.discover(app.config.exclude_patterns, app.config.include_patterns)
    for docname in sorted(docnames):
        path = Path(app.project.doc2path(docname, absolute=True))
        notebook = upstream.read_notebook(app.env, path)
        if notebook is None:  # plain Markdown, nothing to execute
            continue
        plan = scheduling.plan_page(path, notebook, nb_config)
        if plan is not None:
            plans.append(plan)
    return scheduling.not_in_cache(Path(nb_config.execution_cache_path), plans)


def _execute_pending(app: Sphinx) -> None:
    nb_config = upstream.nb_config(app.env)
    if nb_config.execution_mode != "cache":
        return
    pending = _pending_plans(app)
    if not pending:
        return
    jobs = min(kernels.execution_jobs(app.parallel), len(pending))
    log = _logger()
    log.info("densebook: executing %d page(s) with %d kernel(s) at once", len(pending), jobs)
    started = time.perf_counter()
    cache_path = Path(nb_config.execution_cache_path)
    runs = scheduling.execute_all(pending, jobs, cache_writing.recorded_times(cache_path))
    for line in cache_writing.write(cache_path, runs):
        log.info(line)
    log.info("densebook: pages executed in %.1f s", time.perf_counter() - started)
    failed = []
    for run in sorted(runs, key=lambda run: str(run.plan.path)):
        if run.error is None:
            continue
        docname = app.env.path2doc(str(run.plan.path))
        if run.kernel_failed or not run.plan.raise_on_error:
            why = "its kernel failed" if run.kernel_failed else "a cell failed"
            log.info("densebook: %s: %s; MyST-NB runs it while reading", run.plan.path, why)
            continue
        detail = f"\n{run.error}" if run.plan.show_tb else ""
        log.warning(
            "Executing notebook failed: a cell raised%s",
            detail,
            location=docname,
            type="mystnb",
            subtype="exec",
        )
        failed.append(str(run.plan.path))
    if failed:
        raise ExecutionError(", ".join(failed))


def setup(app: Sphinx) -> None:
    """Register the settings and the events; the kernels read ``ipython/`` at start-up."""
    # Every kernel of the build inherits it: MyST-NB's own (force mode, or a page left to
    # it) as well as this extension's.
    os.environ["IPYTHONDIR"] = str(IPYTHONDIR)
    app.add_config_value("densebook_execution_caches", "", "env", str)
    # A changed key is a changed config value: Sphinx then re-reads every page.
    app.add_config_value("densebook_inputs_digest", "", "env", str)
    app.connect("config-inited", _choose_cache, priority=200)
    # After MyST-NB has created its configuration (builder-inited, default priority 500).
    app.connect("builder-inited", _execute_pending, priority=800)
