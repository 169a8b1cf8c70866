"""The same seed gives bit-identical weights in separate Python processes."""

from __future__ import annotations

import subprocess
import sys

from densebook import build_dense, fingerprint

CODE = """
import densebook
print(densebook.fingerprint(densebook.build_dense({units}, {shape}, seed={seed})))
"""


def _fingerprints_from_processes(
    units: int, shape: tuple[int, ...], seed: int, n: int
) -> list[str]:
    code = CODE.format(units=units, shape=shape, seed=seed)
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        for _ in range(n)
    ]
    outputs = [proc.communicate(timeout=300)[0].strip() for proc in procs]
    assert all(proc.returncode == 0 for proc in procs)
    return outputs


def test_two_processes_same_seed_same_fingerprint() -> None:
    first, second = _fingerprints_from_processes(64, (3, 4, 32), 1234, n=2)
    assert len(first) == 64
    assert first == second
    # ... and equal to this process's own, which imported things in another order.
    assert first == fingerprint(build_dense(64, (3, 4, 32), seed=1234))


def test_another_seed_in_another_process_differs() -> None:
    (other,) = _fingerprints_from_processes(64, (3, 4, 32), 1235, n=1)
    assert other != fingerprint(build_dense(64, (3, 4, 32), seed=1234))
