"""densebook_sphinx/execution/kernels.py: how many kernels, and how they connect."""

from __future__ import annotations

from pathlib import Path

import pytest

from densebook_sphinx.execution import kernels


def test_jobs_come_from_the_variable_then_sphinx_then_the_cpu_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DENSEBOOK_EXECUTION_JOBS", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 3)
    assert kernels.execution_jobs() == 3
    assert kernels.execution_jobs(1) == 3  # Sphinx's default: no -j given
    assert kernels.execution_jobs(4) == 4  # sphinx-build -j 4
    monkeypatch.setenv("DENSEBOOK_EXECUTION_JOBS", "1")
    assert kernels.execution_jobs(4) == 1


@pytest.mark.parametrize("value", ["0", "two", "-1", ""])
def test_a_bad_job_count_is_refused_by_name(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("DENSEBOOK_EXECUTION_JOBS", value)
    with pytest.raises(ValueError, match=f"DENSEBOOK_EXECUTION_JOBS .*{value!r}"):
        kernels.execution_jobs()


def test_kernels_connect_over_ipc_at_unique_absolute_paths() -> None:
    """ipykernel warns on every start over TCP; IPC sockets need absolute, unique paths
    (the kernel runs in its page's folder, the build in the project root)."""
    manager_class = kernels.ipc_kernel_manager_class()
    first, second = manager_class(kernel_name="python3"), manager_class(kernel_name="python3")
    assert (first.transport, second.transport) == ("ipc", "ipc")
    assert Path(first.ip).is_absolute()
    assert first.ip != second.ip
    assert len(first.ip) + len("-12345") < 100  # under the Unix socket path limit
