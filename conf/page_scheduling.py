"""Which pages to execute ahead of Sphinx, with what settings, and running them in parallel.

A page is executed here only if MyST-NB would execute it in ``cache`` mode, with the settings
MyST-NB would use (MyST-NB 1.4: ``myst_nb/sphinx_.py``, ``myst_nb/core/execute/``):

* ``nb_kernel_rgx_aliases`` rename the page's kernel first (the cache key includes it);
* the page's own ``mystnb`` metadata overrides the build's settings;
* ``nb_execution_mode`` other than ``cache`` and ``nb_execution_excludepatterns`` leave the
  page to MyST-NB;
* ``nb_execution_timeout`` and ``nb_execution_allow_errors``, overridden by the notebook's
  ``execution`` metadata as jupyter-cache does; ``nb_execution_in_temp`` runs the kernel in a
  fresh temporary folder instead of the page's own.

Whatever goes wrong here (a failing cell, a kernel that dies or never starts) leaves the page
out of the cache, so MyST-NB executes it again while reading, with its own error reporting.
One difference remains: pages here run at the same time, where MyST-NB runs them one after
another, so pages writing files under the same relative name would race (densebook's pages
write none). A page with an execution cache of its own is left to MyST-NB.
"""

from __future__ import annotations

import re
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import kernel_pool

if TYPE_CHECKING:
    from myst_nb.core.config import NbParserConfig
    from nbformat import NotebookNode


@dataclass(frozen=True)
class PagePlan:
    """One page to execute, and how."""

    path: Path
    notebook: NotebookNode
    kernel_name: str
    timeout: int | None
    allow_errors: bool
    in_temp: bool


@dataclass(frozen=True)
class PageRun:
    """What executing one page gave: the executed notebook, or why it failed."""

    plan: PagePlan
    seconds: float
    error: str | None = None
    kernel_failed: bool = False


def plan_page(path: Path, notebook: NotebookNode, nb_config: NbParserConfig) -> PagePlan | None:
    """How MyST-NB would execute this page in cache mode, or None if it would not.

    Args:
        path: The page's source file.
        notebook: The page read as a notebook; its kernel name is replaced by an alias
            from ``nb_kernel_rgx_aliases`` in place, as MyST-NB does.
        nb_config: The build's ``myst_nb.core.config.NbParserConfig``.
    """
    kernelspec = notebook.metadata.get("kernelspec", {})
    if "name" in kernelspec:
        for pattern, alias in nb_config.kernel_rgx_aliases.items():
            if re.fullmatch(pattern, kernelspec["name"]):
                kernelspec["name"] = alias
                break
    if nb_config.metadata_key in notebook.metadata:
        from myst_nb.core.nb_to_tokens import nb_node_to_dict

        overrides = nb_node_to_dict(notebook.metadata[nb_config.metadata_key])
        overrides.pop("output_folder", None)
        try:
            page_config = nb_config.copy(**overrides)
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
    execution = notebook.metadata.get("execution", {})
    return PagePlan(
        path=path,
        notebook=notebook,
        kernel_name=notebook.metadata.get("kernelspec", {}).get("name", "python3"),
        timeout=execution.get("timeout", nb_config.execution_timeout),
        allow_errors=bool(execution.get("allow_errors", nb_config.execution_allow_errors)),
        in_temp=bool(nb_config.execution_in_temp),
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
    """Run one page in a fresh kernel (a warm one if it fits), as jupyter-cache would.

    Never raises: a failing cell, a kernel that dies or one that cannot start is reported
    in the result, and the page is left for MyST-NB.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    started = time.perf_counter()
    manager = None
    try:
        with _working_folder(plan) as folder:
            warm = kernel_pool.take(plan.kernel_name, folder)
            manager = (
                kernel_pool.new_kernel_manager(plan.kernel_name) if warm is None else warm.manager
            )
            client = NotebookClient(
                plan.notebook,
                km=manager,
                kernel_name=plan.kernel_name,
                timeout=plan.timeout,
                allow_errors=plan.allow_errors,
                record_timing=False,  # as jupyter-cache: no timestamps in the cached notebook
                shutdown_kernel="immediate",
                resources={"metadata": {"path": str(folder)}},
            )
            # The client stops the kernel after the page, whether it started it or not.
            client.owns_km = True
            client.execute()
    except (CellExecutionError, CellTimeoutError):
        return PageRun(plan, time.perf_counter() - started, traceback.format_exc())
    except Exception:  # the kernel died, or never started: MyST-NB will try it itself
        if manager is not None:  # nbclient stops it, unless it failed before starting
            kernel_pool.stop(manager)
        return PageRun(plan, time.perf_counter() - started, traceback.format_exc(), True)
    return PageRun(plan, time.perf_counter() - started)


def execute_all(
    plans: Sequence[PagePlan], jobs: int, run: Callable[[PagePlan], PageRun] = execute
) -> list[PageRun]:
    """Run the pages ``jobs`` at a time, longest code first, so no long page starts last."""
    ordered = sorted(plans, key=lambda plan: -sum(len(c.source) for c in plan.notebook.cells))
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(ordered)))) as pool:
        return list(pool.map(run, ordered))
