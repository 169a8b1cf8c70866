"""Sphinx extension: execute the pages that need it in parallel, before Sphinx reads them.

MyST-NB executes each page while Sphinx reads it, one at a time; with ``sphinx -j`` its
SQLite execution cache races (sphinx #12481, scipy #22383). Each page is one Jupyter kernel
whose time goes mostly to importing TensorFlow, so two cores can run two pages at once.

So, in ``cache`` mode, before reading starts, every page MyST-NB would execute and that is
not yet in the cache is run in its own kernel, several at once, and written to the cache;
when Sphinx then reads the pages, MyST-NB finds each in the cache. Three modules, one job
each:

* ``kernel_pool.py``: the kernels, started warm while Sphinx starts up and killed as soon
  as their page is done (a process that imported TensorFlow takes a second to exit);
* ``page_scheduling.py``: which pages run, with which of MyST-NB's settings, in parallel;
  a page that fails here is left to MyST-NB, which runs it again and reports the error;
* ``cache_writing.py``: the results into jupyter-cache, from one thread, in page order.

``DENSEBOOK_EXECUTION_JOBS`` sets the number of kernels at once (default: the CPU count).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import cache_writing
import kernel_pool
import page_scheduling

if TYPE_CHECKING:
    from page_scheduling import PagePlan
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

# conf.py starts kernels before Sphinx loads anything else (a stable name for that call).
start_kernels_early = kernel_pool.start_kernels_early


def _estimate_plans(srcdir: Path, cache_path: Path, app: Sphinx | None = None) -> list[PagePlan]:
    """The notebook pages under ``srcdir`` that will need executing.

    Read before MyST-NB's settings object exists (it is made when the builder starts), with
    the execution settings taken from the configuration when there is one: close enough to
    choose warm kernels; :func:`_pending_plans` decides what runs.
    """
    from myst_nb.core.config import NbParserConfig
    from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
    from sphinx.project import Project

    include: Sequence[str] = ("**",)
    exclude: Sequence[str] = ()
    settings: dict[str, object] = {"execution_mode": "cache"}
    if app is not None:
        include, exclude = app.config.include_patterns, app.config.exclude_patterns
        for name in ("kernel_rgx_aliases", "execution_excludepatterns", "execution_in_temp"):
            settings[name] = app.config[f"nb_{name}"]
    nb_config = NbParserConfig(**settings)
    project = Project(srcdir, [".md"])
    plans = []
    for docname in sorted(project.discover(exclude, include)):
        path = Path(project.doc2path(docname, absolute=True))
        text = path.read_text(encoding="utf8")
        if is_myst_markdown_notebook(text):
            plan = page_scheduling.plan_page(path, read_myst_markdown_notebook(text), nb_config)
            if plan is not None:
                plans.append(plan)
    return page_scheduling.not_in_cache(cache_path, plans)


def warm_up(srcdir: Path, cache_path: Path, app: Sphinx | None = None) -> tuple[int, int]:
    """One warm kernel per page likely to need executing, at most one per job.

    Returns the number of warm kernels and the number of unneeded ones stopped.
    """
    plans = _estimate_plans(srcdir, cache_path, app)
    wanted = [
        (plan.kernel_name, plan.path.parent.resolve())
        for plan in plans[: kernel_pool.execution_jobs()]
        if not plan.in_temp
    ]
    return kernel_pool.keep_only(wanted)


def _info(message: str, *args: object) -> None:
    from sphinx.util import logging

    logging.getLogger(__name__).info(message, *args)


def _stop_unused(*_: object) -> None:
    if stopped := kernel_pool.stop_all():
        _info("densebook: stopped %d unused warm kernel(s)", stopped)


def _warm_up_when_configured(app: Sphinx) -> None:
    config = app.config
    if config.nb_execution_mode != "cache":
        _stop_unused()
        return
    warm, stopped = warm_up(Path(app.srcdir), Path(config.nb_execution_cache_path), app)
    if warm:
        _info("densebook: started %d warm kernel(s)", warm)
    if stopped:
        _info("densebook: stopped %d unused warm kernel(s)", stopped)


def _pending_plans(app: Sphinx) -> list[PagePlan]:
    """The pages MyST-NB would execute now, read as it reads them, with the build's settings."""
    from myst_nb.core.read import create_nb_reader

    nb_config = app.env.mystnb_config  # type: ignore[attr-defined]
    plans = []
    docnames = app.project.discover(app.config.exclude_patterns, app.config.include_patterns)
    for docname in sorted(docnames):
        path = Path(app.project.doc2path(docname, absolute=True))
        text = path.read_text(encoding="utf8")
        reader = create_nb_reader(str(path), app.env.myst_config, nb_config, text)  # type: ignore[attr-defined]
        if reader is None:  # plain Markdown, nothing to execute
            continue
        plan = page_scheduling.plan_page(path, reader.read(text), nb_config)
        if plan is not None:
            plans.append(plan)
    return page_scheduling.not_in_cache(Path(nb_config.execution_cache_path), plans)


def _execute_pending(app: Sphinx) -> None:
    if app.env.mystnb_config.execution_mode != "cache":  # type: ignore[attr-defined]
        _stop_unused()
        return
    pending = _pending_plans(app)
    if not pending:
        _stop_unused()
        return
    jobs = min(kernel_pool.execution_jobs(), len(pending))
    _info("densebook: executing %d page(s) with %d kernel(s) at once", len(pending), jobs)
    started = time.perf_counter()
    try:
        runs = page_scheduling.execute_all(pending, jobs)
    finally:
        _stop_unused()
    cache_path = Path(app.env.mystnb_config.execution_cache_path)  # type: ignore[attr-defined]
    for line in cache_writing.write(cache_path, runs):
        _info(line)
    _info("densebook: pages executed in %.1f s", time.perf_counter() - started)


def setup(app: Sphinx) -> ExtensionMetadata:
    # Warm up as early as the settings involved can be read: once MyST-NB has registered
    # its own (Sphinx then resolves -D overrides and conf.py values on access), before the
    # remaining extensions load and the environment is unpickled.
    app.setup_extension("myst_nb")
    _warm_up_when_configured(app)
    # After MyST-NB has created its configuration (builder-inited, default priority 500).
    app.connect("builder-inited", _execute_pending, priority=800)
    # A build that fails before reading never reaches _execute_pending.
    app.connect("build-finished", _stop_unused)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
