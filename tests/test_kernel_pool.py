"""conf/kernel_pool.py: how many kernels, and how they connect."""

from __future__ import annotations

from pathlib import Path

import kernel_pool
import pytest


def test_jobs_default_to_the_cpu_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DENSEBOOK_EXECUTION_JOBS", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 3)
    assert kernel_pool.execution_jobs() == 3
    monkeypatch.setenv("DENSEBOOK_EXECUTION_JOBS", "1")
    assert kernel_pool.execution_jobs() == 1


@pytest.mark.parametrize("value", ["0", "two", "-1", ""])
def test_a_bad_job_count_is_refused_by_name(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("DENSEBOOK_EXECUTION_JOBS", value)
    with pytest.raises(ValueError, match=f"DENSEBOOK_EXECUTION_JOBS .*{value!r}"):
        kernel_pool.execution_jobs()


def test_kernels_connect_over_ipc_at_unique_absolute_paths() -> None:
    """ipykernel warns on every start over TCP; IPC sockets need absolute, unique paths
    (the kernel runs in its page's folder, the build in the project root)."""
    first, second = (
        kernel_pool.new_kernel_manager("python3"),
        kernel_pool.new_kernel_manager("python3"),
    )
    assert (first.transport, second.transport) == ("ipc", "ipc")
    assert Path(first.ip).is_absolute()
    assert first.ip != second.ip
    assert len(first.ip) + len("-12345") < 100  # under the Unix socket path limit


def test_no_warm_kernel_is_taken_for_another_folder(tmp_path: Path) -> None:
    assert kernel_pool.take("python3", tmp_path) is None
    assert kernel_pool.stop_all() == 0


@pytest.mark.parametrize(
    ("argv", "started"),
    [
        (["sphinx-build", "docs", "out"], ["python3"]),
        (["sphinx-build", "-D", "nb_execution_mode=cache", "docs", "out"], ["python3"]),
        (["sphinx-build", "-D", "nb_execution_mode=force", "docs", "out"], []),
        (["sphinx-build", "--define=nb_execution_mode=off", "docs", "out"], []),
        (
            ["sphinx-build", "-Dnb_execution_mode=force", "-D", "nb_execution_mode=cache"],
            ["python3"],
        ),
    ],
)
def test_kernels_start_early_only_for_a_cache_mode_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], started: list[str]
) -> None:
    """`make repro` forces execution: MyST-NB starts its own kernels, a warm one would idle."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("---\nfile_format: mystnb\n---\n# Page\n")
    calls: list[str] = []
    monkeypatch.setattr(kernel_pool, "start", lambda name, cwd: calls.append(name) or True)
    kernel_pool.start_kernels_early(docs, tmp_path / "no-cache-yet", argv)
    assert calls == started
