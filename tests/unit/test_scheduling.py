"""densebook_sphinx/execution/scheduling.py: the pages executed ahead of Sphinx, with
MyST-NB's own settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jupyter_cache.executors.utils as jupyter_cache_execution
import nbformat
import pytest
from myst_nb.core.config import NbParserConfig
from nbclient.exceptions import CellExecutionError, DeadKernelError

from densebook_sphinx import upstream
from densebook_sphinx.execution.scheduling import PagePlan, PageRun, execute, execute_all, plan_page

PAGE = Path("/book/docs/page.md")


def notebook(kernel: str = "python3", **metadata: Any) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")])
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel}
    nb.metadata.update(metadata)
    return nb


def config(**settings: Any) -> NbParserConfig:
    return NbParserConfig(execution_mode="cache", **settings)


def test_a_page_runs_with_the_build_settings() -> None:
    plan = plan_page(PAGE, notebook(), config(execution_timeout=42))
    assert plan is not None
    assert (plan.kernel_name, plan.timeout, plan.allow_errors, plan.in_temp) == (
        "python3",
        42,
        False,
        False,
    )


@pytest.mark.parametrize("mode", ["off", "force", "auto", "inline"])
def test_only_cache_mode_is_executed_ahead(mode: str) -> None:
    assert plan_page(PAGE, notebook(), NbParserConfig(execution_mode=mode)) is None


def test_excluded_pages_are_left_to_myst_nb() -> None:
    assert plan_page(PAGE, notebook(), config(execution_excludepatterns=["*/page.md"])) is None
    assert plan_page(PAGE, notebook(), config(execution_excludepatterns=["*/other.md"]))


def test_a_kernel_alias_renames_the_notebook_kernel_as_myst_nb_does() -> None:
    nb = notebook("conda-env-py311")
    upstream.apply_kernel_alias(nb, {"py.*": "other", "conda-.*": "python3", ".*": "last"})
    assert nb.metadata["kernelspec"]["name"] == "python3"  # the cache key sees the alias
    plan = plan_page(PAGE, nb, config())
    assert plan is not None
    assert plan.kernel_name == "python3"


def test_the_page_metadata_overrides_the_build_settings() -> None:
    off = notebook(mystnb={"execution_mode": "off"})
    assert plan_page(PAGE, off, config()) is None
    page_settings = {"execution_allow_errors": True, "execution_in_temp": True}
    plan = plan_page(PAGE, notebook(mystnb=page_settings), config())
    assert plan is not None
    assert (plan.allow_errors, plan.in_temp) == (True, True)


def test_an_unknown_page_setting_leaves_the_page_to_myst_nb() -> None:
    assert plan_page(PAGE, notebook(mystnb={"no_such_setting": 1}), config()) is None


def _plan(tmp_path: Path, nb: nbformat.NotebookNode | None = None) -> PagePlan:
    plan = plan_page(tmp_path / "page.md", notebook() if nb is None else nb, config())
    assert plan is not None
    return plan


class _Execute:
    """Stands in for nbclient.execute inside jupyter-cache: records its settings, or raises."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error
        self.settings: dict[str, Any] = {}

    def __call__(self, nb: nbformat.NotebookNode, **settings: Any) -> None:
        self.settings = settings
        if self.error is not None:
            raise self.error


def test_pages_run_through_jupyter_caches_own_execution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notebook's execution metadata wins (jupyter-cache's rule), kernels use IPC."""
    fake = _Execute()
    monkeypatch.setattr(jupyter_cache_execution, "executenb", fake)
    nb = notebook(execution={"timeout": 7, "allow_errors": True})
    run = execute(_plan(tmp_path, nb))
    assert run.error is None
    assert (fake.settings["timeout"], fake.settings["allow_errors"]) == (7, True)
    assert fake.settings["cwd"] == str(tmp_path.resolve())
    assert fake.settings["kernel_manager_class"](kernel_name="python3").transport == "ipc"


@pytest.mark.parametrize(
    ("error", "kernel_failed"),
    [
        (DeadKernelError("Kernel died"), True),
        (RuntimeError("Kernel died before replying to kernel_info"), True),
        (OSError("no such kernel executable"), True),
        (CellExecutionError("ZeroDivisionError", "ZeroDivisionError", "1 / 0"), False),
    ],
)
def test_a_failure_is_reported_never_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, kernel_failed: bool
) -> None:
    monkeypatch.setattr(jupyter_cache_execution, "executenb", _Execute(error))
    run = execute(_plan(tmp_path))
    assert run.error is not None
    assert type(error).__name__ in run.error
    assert str(error) in run.error
    assert run.kernel_failed is kernel_failed


def test_longest_pages_start_first_by_recorded_time(tmp_path: Path) -> None:
    short, long, new = (_plan(tmp_path / name) for name in ("short", "long", "new"))
    short.notebook.cells[0].source = "x = 1\n" * 50  # more code, yet it ran faster
    started: list[PagePlan] = []

    def run(plan: PagePlan) -> PageRun:
        started.append(plan)
        return PageRun(plan, 0.0)

    recorded = {str(short.path): 2.0, str(long.path): 20.0}
    execute_all([short, long, new], jobs=1, recorded=recorded, run=run)
    assert started == [new, long, short]  # a page never run here first: it may be long
    started.clear()
    execute_all([short, long], jobs=1, recorded={}, run=run)
    assert started == [short, long]  # nothing recorded: the longest code first


def test_a_page_with_a_cache_of_its_own_is_left_to_myst_nb() -> None:
    own = notebook(mystnb={"execution_cache_path": "/elsewhere"})
    assert plan_page(PAGE, own, config(execution_cache_path="/build/cache")) is None
