"""`make test`: every test, in three pytest processes at once, each group's log shown in turn.

Most of the suite waits on builds and kernels one at a time, so one pytest process keeps
about one of this machine's two cores busy. The tests are laid out by kind, one folder each,
and each folder is a group run beside the others:

* ``site`` (``tests/site/``): the real site built once as `make html` builds it (both
  editions), and checked: pages, editions, links, downloads run in a plain kernel, trust,
  and the browser;
* ``faults`` (``tests/faults/``): fault injection into copies of the project and small
  projects for the executor and the downloads;
* ``unit`` (``tests/unit/`` and the docstring examples of ``src/densebook``): unit,
  property, doctest, extension and fresh-process tests.

Each group writes ``_build/test-<group>.log``, printed when all are done, each with its 25
slowest tests, and keeps its temporary files in ``_build/pytest/<group>/`` (emptied at the
next run). The exit status is non-zero if any group fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROUPS = {
    "site": ["tests/site"],
    "faults": ["tests/faults"],
    "unit": ["tests/unit", "src/densebook"],
}


def main() -> int:
    logs = ROOT / "_build"
    (logs / "pytest").mkdir(parents=True, exist_ok=True)  # pytest makes only the last part
    started = time.perf_counter()
    running = {}
    for name, paths in GROUPS.items():
        log = (logs / f"test-{name}.log").open("w")
        # Nothing shared between the three sessions: no .pytest_cache (they would write it at
        # once), and a temporary folder each. With pytest's default one, each session deletes
        # old numbered folders under /tmp/pytest-of-<user> while the others create them, and
        # a folder vanishing under pytest's scan failed a run (an unclosed scandir iterator,
        # an error under filterwarnings = error). pytest empties --basetemp at each start.
        command = [
            sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--durations=25",
            f"--basetemp={logs / 'pytest' / name}", *paths, *sys.argv[1:],
        ]  # fmt: skip
        running[name] = (subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=log), log)
    codes, seconds, cpu = {}, {}, {}
    by_pid = {proc.pid: name for name, (proc, _) in running.items()}
    while by_pid:  # in the order they finish, with the processor time each group used
        pid, status, usage = os.wait4(-1, 0)
        name = by_pid.pop(pid, None)
        if name is None:
            continue
        proc, log = running[name]
        proc.returncode = codes[name] = os.waitstatus_to_exitcode(status)
        seconds[name] = time.perf_counter() - started
        cpu[name] = usage.ru_utime + usage.ru_stime
        log.close()
    for name in GROUPS:
        print(f"\n==== make test, group {name!r} (_build/test-{name}.log) ====", flush=True)
        print((logs / f"test-{name}.log").read_text(), flush=True)
    total = time.perf_counter() - started
    for name in GROUPS:
        print(
            f"make test: group {name!r} exit {codes[name]}, done after {seconds[name]:.0f} s,"
            f" {cpu[name]:.0f} s of processor time"
        )
    print(f"make test: {total:.0f} s in all")
    return 0 if all(code == 0 for code in codes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
