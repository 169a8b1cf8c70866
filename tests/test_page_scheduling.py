"""conf/page_scheduling.py: the pages executed ahead of Sphinx, with MyST-NB's own settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kernel_pool
import nbformat
import page_scheduling
import pytest
from myst_nb.core.config import NbParserConfig
from nbclient.exceptions import CellExecutionError, DeadKernelError
from page_scheduling import PagePlan, PageRun, execute, execute_all, plan_page

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
    plan = plan_page(PAGE, nb, config(kernel_rgx_aliases={"conda-.*": "python3"}))
    assert plan is not None
    assert plan.kernel_name == "python3"
    assert nb.metadata["kernelspec"]["name"] == "python3"  # the cache key sees the alias


def test_the_page_metadata_overrides_the_build_settings() -> None:
    off = notebook(mystnb={"execution_mode": "off"})
    assert plan_page(PAGE, off, config()) is None
    page_settings = {"execution_allow_errors": True, "execution_in_temp": True}
    plan = plan_page(PAGE, notebook(mystnb=page_settings), config())
    assert plan is not None
    assert (plan.allow_errors, plan.in_temp) == (True, True)


def test_an_unknown_page_setting_leaves_the_page_to_myst_nb() -> None:
    assert plan_page(PAGE, notebook(mystnb={"no_such_setting": 1}), config()) is None


def test_the_notebook_execution_metadata_wins_as_in_jupyter_cache() -> None:
    nb = notebook(execution={"timeout": 7, "allow_errors": True})
    plan = plan_page(PAGE, nb, config(execution_timeout=300))
    assert plan is not None
    assert (plan.timeout, plan.allow_errors) == (7, True)


class _Client:
    """Stands in for nbclient.NotebookClient: its execute() raises what it is given."""

    def __init__(self, error: BaseException | None) -> None:
        self.error = error

    def __call__(self, *args: object, **kwargs: object) -> _Client:
        return self

    def execute(self) -> None:
        if self.error is not None:
            raise self.error


def _plan(tmp_path: Path) -> PagePlan:
    plan = plan_page(tmp_path / "page.md", notebook(), config())
    assert plan is not None
    return plan


@pytest.mark.parametrize(
    ("error", "kernel_failed"),
    [
        (DeadKernelError("Kernel died"), True),
        (RuntimeError("Kernel died before replying to kernel_info"), True),
        (CellExecutionError("ZeroDivisionError", "ZeroDivisionError", "1 / 0"), False),
    ],
)
def test_a_failure_is_reported_never_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, kernel_failed: bool
) -> None:
    import nbclient

    monkeypatch.setattr(nbclient, "NotebookClient", _Client(error))
    monkeypatch.setattr(kernel_pool, "new_kernel_manager", lambda name: object())
    run = execute(_plan(tmp_path))
    assert run.error is not None
    assert type(error).__name__ in run.error
    assert run.kernel_failed is kernel_failed


def test_a_kernel_that_cannot_start_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_kernel(name: str) -> object:
        raise OSError("no such kernel executable")

    monkeypatch.setattr(kernel_pool, "new_kernel_manager", no_kernel)
    run = execute(_plan(tmp_path))
    assert run.kernel_failed
    assert "no such kernel executable" in (run.error or "")


def test_longest_pages_start_first(tmp_path: Path) -> None:
    short, long = _plan(tmp_path), _plan(tmp_path)
    long.notebook.cells[0].source = "x = 1\n" * 50
    started: list[PagePlan] = []

    def run(plan: PagePlan) -> PageRun:
        started.append(plan)
        return PageRun(plan, 0.0)

    execute_all([short, long], jobs=1, run=run)
    assert started == [long, short]


def test_the_module_runs_pages_with_kernel_pool_kernels() -> None:
    assert page_scheduling.kernel_pool is kernel_pool


def test_a_page_with_a_cache_of_its_own_is_left_to_myst_nb() -> None:
    own = notebook(mystnb={"execution_cache_path": "/elsewhere"})
    assert plan_page(PAGE, own, config(execution_cache_path="/build/cache")) is None
