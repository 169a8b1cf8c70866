"""The Jupyter kernels that execute densebook's pages, and how many run at once.

Every kernel talks to the build over IPC (Unix sockets in a temporary folder of the build's
process) rather than TCP: ipykernel warns about unencrypted TCP on every start, and IPC needs
no free port.

A kernel is started when its page runs, not before: kept warm while Sphinx started, kernels
saved 0.5% of a clean build and 7% of a one-page code edit (``make bench``'s build, two runs
each, in the README's "Performance"), under the 10% that would pay for a pool.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jupyter_client.manager import AsyncKernelManager

#: The variable that overrides the number of kernels run at once.
JOBS_VARIABLE = "DENSEBOOK_EXECUTION_JOBS"


def execution_jobs(sphinx_jobs: int = 0) -> int:
    """How many kernels run at once.

    ``DENSEBOOK_EXECUTION_JOBS`` if set, else Sphinx's ``-j`` if given (more than 1), else
    the CPU count.
    """
    value = os.environ.get(JOBS_VARIABLE)
    if value is not None:
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"{JOBS_VARIABLE} must be a whole number >= 1, got {value!r}")
        return int(value)
    if sphinx_jobs > 1:
        return sphinx_jobs
    return max(1, os.cpu_count() or 1)


def ipc_kernel_manager_class() -> type[AsyncKernelManager]:
    """A kernel manager class whose kernels connect over IPC sockets, for nbclient.

    Each manager gets an absolute, unique socket path (the kernel runs in its page's folder,
    the build in the project root), so kernels started at once never share a socket. It is
    the asynchronous kind nbclient expects: with a blocking one, nbclient waits for a dead
    kernel's messages forever instead of noticing it died.
    """
    from jupyter_client.manager import AsyncKernelManager

    class IpcKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", str(_socket_folder() / uuid.uuid4().hex[:12]))
            super().__init__(**kwargs)

    return IpcKernelManager


_sockets: list[Path] = []
_lock = threading.Lock()


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
