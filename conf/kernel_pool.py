"""The Jupyter kernels that execute densebook's pages: started early, one page each.

Starting a kernel costs about as much as a short page (it imports TensorFlow at start-up,
see ``conf/ipython``), so kernels are started *warm*, before they are needed:
``conf.py`` calls :func:`start_kernels_early` before Sphinx loads anything else, for the
pages newer than the execution cache, and :func:`keep_only` later matches those kernels to
the pages that really need running. A page takes a warm kernel with :func:`take` and stops
it when done; :func:`stop_all` stops whatever no page took (also at exit).

Every kernel talks to this process over IPC (Unix sockets in a temporary folder of this
process) rather than TCP: ipykernel warns about unencrypted TCP on every start, and IPC needs
no free port.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jupyter_client.manager import AsyncKernelManager

#: nbclient's own default for kernels it starts: no IPython history file.
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]


def execution_jobs() -> int:
    """How many kernels run at once: ``DENSEBOOK_EXECUTION_JOBS``, else the CPU count."""
    value = os.environ.get("DENSEBOOK_EXECUTION_JOBS")
    if value is None:
        return max(1, os.cpu_count() or 1)
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"DENSEBOOK_EXECUTION_JOBS must be a whole number >= 1, got {value!r}")
    return int(value)


def new_kernel_manager(kernel_name: str) -> AsyncKernelManager:
    """A kernel manager for ``kernel_name`` that will connect over IPC sockets.

    The socket path is absolute (the kernel runs in its page's folder, this process in the
    project root) and unique, so kernels started at once never share a socket. The manager
    is the asynchronous kind nbclient expects: with a blocking one, nbclient waits for a
    dead kernel's messages forever instead of noticing it died.
    """
    from jupyter_client.manager import AsyncKernelManager

    return AsyncKernelManager(
        kernel_name=kernel_name,
        transport="ipc",
        ip=str(_socket_folder() / uuid.uuid4().hex[:12]),
    )


_sockets: list[Path] = []


def _socket_folder() -> Path:
    """A short folder of this process's own for kernel sockets, removed at exit.

    Short, because a Unix socket path has a limit of about 107 bytes; its own, so the
    sockets a killed build leaves behind go with the temporary folder, not pile up.
    """
    with _lock:
        if not _sockets:
            _sockets.append(Path(tempfile.mkdtemp(prefix="densebook-kernels-")))
            atexit.register(shutil.rmtree, _sockets[0], True)
        return _sockets[0]


@dataclass
class WarmKernel:
    """A started kernel waiting for a page in ``cwd`` that uses ``kernel_name``."""

    manager: AsyncKernelManager
    kernel_name: str
    cwd: Path


_warm: list[WarmKernel] = []
_lock = threading.Lock()


def start(kernel_name: str, cwd: Path) -> bool:
    """Start a kernel in ``cwd`` and keep it warm; False if it cannot start.

    A kernel that cannot start is not an error here: the page then starts its own when it
    runs, and any failure is reported there.
    """
    from jupyter_core.utils import run_sync

    manager = new_kernel_manager(kernel_name)
    try:
        run_sync(manager.start_kernel)(cwd=str(cwd), extra_arguments=KERNEL_ARGUMENTS)
    except Exception:
        stop(manager)  # it may have started a process before failing
        return False
    with _lock:
        _warm.append(WarmKernel(manager, kernel_name, cwd.resolve()))
    return True


def take(kernel_name: str, cwd: Path) -> WarmKernel | None:
    """Hand over a warm kernel that fits, if there is one; the caller then stops it."""
    with _lock:
        for index, warm in enumerate(_warm):
            if warm.kernel_name == kernel_name and warm.cwd == cwd.resolve():
                return _warm.pop(index)
    return None


def stop_all(*_: object) -> int:
    """Kill every warm kernel no page took (idempotent); return how many."""
    with _lock:
        unused, _warm[:] = list(_warm), []
    for warm in unused:
        stop(warm.manager)
    return len(unused)


def stop(manager: AsyncKernelManager) -> None:
    """Kill the manager's kernel, if it has one, and remove its files; never raises."""
    from jupyter_core.utils import run_sync

    with contextlib.suppress(Exception):
        if manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=True)
        else:
            manager.cleanup_resources()


atexit.register(stop_all)


def keep_only(wanted: Sequence[tuple[str, Path]]) -> tuple[int, int]:
    """Have exactly one warm kernel per (kernel name, folder) wanted.

    Warm kernels that fit are kept, the others stopped, the missing ones started. Returns
    the number wanted and the number stopped.
    """
    kept, missing = [], []
    for kernel_name, cwd in wanted:
        warm = take(kernel_name, cwd)
        if warm is None:
            missing.append((kernel_name, cwd))
        else:
            kept.append(warm)
    stopped = stop_all()
    with _lock:
        _warm.extend(kept)
    for kernel_name, cwd in missing:
        start(kernel_name, cwd)
    return len(wanted), stopped


def mode_on_command_line(argv: Sequence[str]) -> str | None:
    """The ``nb_execution_mode`` a ``sphinx-build`` command line sets with ``-D``, if any.

    >>> mode_on_command_line(["sphinx-build", "-D", "nb_execution_mode=force", "docs", "out"])
    'force'
    >>> mode_on_command_line(["sphinx-build", "-Dnb_execution_mode=off", "docs", "out"])
    'off'
    >>> mode_on_command_line(["sphinx-build", "--define", "language=zh_TW", "docs", "out"])
    """
    mode = None
    for previous, arg in zip(["", *argv], argv, strict=False):
        if previous in ("-D", "--define"):
            setting = arg
        elif arg.startswith("-D") and arg != "-D":
            setting = arg[2:]
        elif arg.startswith("--define="):
            setting = arg.removeprefix("--define=")
        else:
            continue
        name, _, value = setting.partition("=")
        if name == "nb_execution_mode":
            mode = value  # the last one wins, as in Sphinx
    return mode


def start_kernels_early(docs: Path, cache_path: Path, argv: Sequence[str] = ()) -> None:
    """Start kernels for the pages that look edited, judging by file times alone.

    Called from ``conf.py``, before Sphinx loads anything else: a notebook page newer than
    the cache's database (or any, if there is no cache yet) probably needs executing. The
    guess is checked (:func:`keep_only`) as soon as the settings can be read. A command line
    (``argv``) that sets another execution mode than ``cache`` (``make repro``'s ``force``)
    gets none: MyST-NB starts its own kernel for each page then.
    """
    if mode_on_command_line(argv) not in (None, "cache"):
        return
    database = cache_path / "global.db"
    cached_at = database.stat().st_mtime if database.exists() else float("-inf")
    edited = [
        path
        for path in sorted(docs.glob("*.md"))
        if path.stat().st_mtime > cached_at
        and "file_format: mystnb" in path.read_text(encoding="utf8")[:500]
    ]
    for path in edited[: execution_jobs()]:
        start("python3", path.parent)
