"""Which pages to execute ahead of Sphinx, with what settings, and running them in parallel.

A page is executed here only if MyST-NB would execute it in ``cache`` mode, with the settings
MyST-NB would use (MyST-NB 1.4: ``myst_nb/sphinx_.py``, ``myst_nb/core/execute/cache.py``),
and by the same function, jupyter-cache's ``single_nb_execution``:

* ``nb_kernel_rgx_aliases`` rename the page's kernel first, as the page is read (the cache
  key includes it);
* the page's own ``mystnb`` metadata overrides the build's settings;
* ``nb_execution_mode`` other than ``cache`` and ``nb_execution_excludepatterns`` leave the
  page to MyST-NB;
* ``nb_execution_timeout`` and ``nb_execution_allow_errors``, overridden by the notebook's
  ``execution`` metadata (jupyter-cache does that); ``nb_execution_in_temp`` runs the kernel
  in a fresh temporary folder instead of the page's own.

A failing cell is reported from here (see ``densebook_sphinx.execution``). A kernel that
dies or never starts leaves the page out of the cache, so MyST-NB tries it again while
reading. Pages here run at the same time, where MyST-NB runs them one after another, so
pages writing files under the same relative name would race (densebook's pages write none).
A page with an execution cache of its own is left to MyST-NB.
"""

from __future__ import annotations

import logging
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from densebook_sphinx import upstream
from densebook_sphinx.execution import kernels

if TYPE_CHECKING:
    from nbformat import NotebookNode

# nbclient logs "Executing notebook with kernel: ..." at INFO for every page, through a
# handler that prints it to the console; only its warnings and errors are worth a line.
_QUIET_LOG = logging.getLogger("densebook.notebook_client")
_QUIET_LOG.setLevel(logging.WARNING)


@dataclass(frozen=True)
class PagePlan:
    """One page to execute, and how."""

    path: Path
    notebook: NotebookNode
    kernel_name: str
    timeout: int | None
    allow_errors: bool
    in_temp: bool
    raise_on_error: bool = True
    show_tb: bool = True


@dataclass(frozen=True)
class PageRun:
    """What executing one page gave: the executed notebook, or why it failed.

    ``error`` is the traceback of a failing cell (``kernel_failed`` False) or of a kernel
    that died or could not start (``kernel_failed`` True).
    """

    plan: PagePlan
    seconds: float
    error: str | None = None
    kernel_failed: bool = False


def plan_page(path: Path, notebook: NotebookNode, nb_config: Any) -> PagePlan | None:
    """How MyST-NB would execute this page in cache mode, or None if it would not.

    Args:
        path: The page's source file.
        notebook: The page as MyST-NB's parser reads it (``upstream.read_notebook``: its
            kernel already renamed by ``nb_kernel_rgx_aliases``).
        nb_config: The build's ``myst_nb.core.config.NbParserConfig``.
    """
    if nb_config.metadata_key in notebook.metadata:
        try:
            page_config = upstream.page_settings(
                nb_config, notebook.metadata[nb_config.metadata_key]
            )
        except Exception:  # MyST-NB warns about it while reading; leave the page to it
            return None
        if page_config.execution_cache_path != nb_config.execution_cache_path:
            return None  # a cache of its own: this module writes only the build's
        nb_config = page_config
    if nb_config.execution_mode != "cache":
        return None
    posix_path = PurePosixPath(path.as_posix())
    if any(posix_path.match(pattern) for pattern in nb_config.execution_excludepatterns):
        return None
    return PagePlan(
        path=path,
        notebook=notebook,
        kernel_name=notebook.metadata.get("kernelspec", {}).get("name", "python3"),
        timeout=nb_config.execution_timeout,
        allow_errors=bool(nb_config.execution_allow_errors),
        in_temp=bool(nb_config.execution_in_temp),
        raise_on_error=bool(nb_config.execution_raise_on_error),
        show_tb=bool(nb_config.execution_show_tb),
    )


def not_in_cache(cache_path: Path, plans: list[PagePlan]) -> list[PagePlan]:
    """The plans whose notebook the execution cache does not hold."""
    if not plans or not (cache_path / "global.db").exists():
        return plans
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    pending = []
    for plan in plans:
        try:
            cache.match_cache_notebook(plan.notebook)
        except KeyError:
            pending.append(plan)
    return pending


@contextmanager
def _working_folder(plan: PagePlan) -> Iterator[Path]:
    if plan.in_temp:
        with tempfile.TemporaryDirectory() as folder:
            yield Path(folder)
    else:
        with nullcontext(plan.path.parent) as folder:
            yield folder


def execute(plan: PagePlan) -> PageRun:
    """Run one page in a fresh kernel, with jupyter-cache's ``single_nb_execution``.

    Never raises: a failing cell, a kernel that dies or one that cannot start is reported
    in the result.
    """
    started = time.perf_counter()
    try:
        with _working_folder(plan) as folder:
            result = upstream.execute_notebook(
                plan.notebook,
                str(folder.resolve()),
                timeout=plan.timeout,
                allow_errors=plan.allow_errors,
                record_timing=False,  # as MyST-NB: no timestamps in the cached notebook
                kernel_name=plan.kernel_name,
                kernel_manager_class=kernels.ipc_kernel_manager_class(),
                shutdown_kernel="immediate",
                log=_QUIET_LOG,
            )
    except Exception:  # the kernel died, or never started
        return PageRun(plan, time.perf_counter() - started, traceback.format_exc(), True)
    if result.err is not None:
        return PageRun(plan, float(result.time), str(result.exc_string))
    return PageRun(plan, float(result.time))


def execute_all(
    plans: Sequence[PagePlan],
    jobs: int,
    recorded: Mapping[str, float],
    run: Callable[[PagePlan], PageRun] = execute,
) -> list[PageRun]:
    """Run the pages ``jobs`` at a time, longest first, so no long page starts last.

    Args:
        plans: The pages.
        jobs: Kernels at once.
        recorded: Each page's execution time in an earlier build (seconds, by path); pages
            without one go first, longest code first.
        run: What runs one page.
    """

    def longest_first(plan: PagePlan) -> tuple[float, int]:
        code = sum(len(cell.source) for cell in plan.notebook.cells)
        return (-recorded.get(str(plan.path), float("inf")), -code)

    ordered = sorted(plans, key=longest_first)
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(ordered)))) as pool:
        return list(pool.map(run, ordered))
