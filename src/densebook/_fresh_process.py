"""Run densebook code in new Python processes: the test of "same seed, same weights".

Equal weights inside one process could come from shared state; a process started from
nothing (its own TensorFlow import, its own Keras name counters and random state) cannot
share any. Each function here writes a short script, runs it in fresh ``python`` processes
at the same time, and reads back what they printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field

import numpy as np

from densebook import _validate

#: Upper bound on one process's run, start-up (TensorFlow's import) included.
TIMEOUT_SECONDS = 300
_MAX_PROCESSES = 8
_APIS = ("keras", "tf_keras")

_FINGERPRINT_SCRIPT = """
import densebook
densebook.apply_tf_environment({overrides!r})  # before TensorFlow loads
print(densebook.fingerprint(densebook.build_dense({units!r}, {input_shape!r}, seed={seed!r})))
"""

_POST_CELL_SCRIPT = """
import json
import densebook
from densebook._weights import variable_path
tf, _ = densebook.tf_and_keras()
import {api} as api
if {seed!r} is not None:
    api.utils.set_random_seed({seed!r})
for _ in range({layers_before!r}):
    api.layers.Dense({units!r})  # constructed, never called
runs = []
for _ in range({runs!r}):
    layer = api.layers.Dense({units!r})
    layer(tf.ones({input_shape!r}))
    runs.append({{"name": variable_path(layer.kernel), "kernel": layer.kernel.numpy().tolist()}})
print(json.dumps(runs))
"""


def _plain_tensorflow_env() -> dict[str, str]:
    """This process's environment without densebook's TensorFlow settings (no op
    determinism, oneDNN as TensorFlow chooses), Keras on TensorFlow: a reader's plain run."""
    from densebook._tf_environment import TF_ENVIRONMENT

    env = {k: v for k, v in os.environ.items() if k not in TF_ENVIRONMENT}
    env["KERAS_BACKEND"] = "tensorflow"
    return env


def _run_fresh(
    script: str,
    processes: int,
    env: dict[str, str] | list[dict[str, str]] | None = None,
) -> list[str]:
    """Run ``script`` in ``processes`` new Python processes at once; return each stdout.

    ``env``: the processes' environment (default: this process's), or a list with one
    environment per process."""
    envs = env if isinstance(env, list) else [env] * processes
    if len(envs) != processes:
        raise ValueError(f"env: {len(envs)} environments for {processes} processes")
    running = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            env=one_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for one_env in envs
    ]
    outputs = []
    try:
        for proc in running:
            try:
                out, err = proc.communicate(timeout=TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                raise RuntimeError(
                    f"a fresh Python process took longer than {TIMEOUT_SECONDS} s"
                ) from None
            if proc.returncode != 0:
                raise RuntimeError(f"fresh Python process exited with {proc.returncode}: {err}")
            outputs.append(out)
    finally:
        for proc in running:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return outputs


def fingerprint_in_fresh_process(
    units: int,
    input_shape: tuple[int, ...],
    *,
    seed: int,
    processes: int = 1,
    onednn: bool = False,
) -> list[str]:
    """Build a seeded layer in new Python processes and return each one's fingerprint.

    Each process starts from nothing (its own TensorFlow import, its own Keras name
    counters), so equal digests show the seed alone fixes the weights, on this machine
    and with these versions. The processes run at the same time.

    Args:
        units: Number of units, as in :func:`~densebook.build_dense`.
        input_shape: Input shape, as in :func:`~densebook.build_dense`.
        seed: The seed, an integer from 0 to ``2**31 - 3``.
        processes: How many processes to start, from 1 to 8.
        onednn: Switch TensorFlow's oneDNN optimisations on in the new processes
            (``TF_ENABLE_ONEDNN_OPTS=1``), overriding densebook's pinned ``0``.

    Returns:
        One sha256 hex digest (see :func:`~densebook.fingerprint`) per process, in start
        order.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: An argument has a bad value (the message names it).
        RuntimeError: A process failed or timed out (its stderr is in the message).

    Every build of the site runs it, with its output shown, on the page "Seeds under the
    hood" (``docs/seeding.md``): that is its example and its test (a docstring example
    here would start the same processes a second time in ``make test``).
    """
    if seed is None:
        raise TypeError("seed must be an integer for a reproducible fingerprint, got None")
    script = _FINGERPRINT_SCRIPT.format(
        units=_validate.positive_int("units", units),
        input_shape=_validate.shape("input_shape", input_shape),
        seed=_validate.seed("seed", seed),
        overrides={"TF_ENABLE_ONEDNN_OPTS": "1" if _validate.boolean("onednn", onednn) else "0"},
    )
    count = _validate.int_in_range("processes", processes, 1, _MAX_PROCESSES)
    return [out.strip() for out in _run_fresh(script, count)]


@dataclass(frozen=True)
class PostRun:
    """One run of the original post's cell: a new ``Dense`` layer called once.

    Attributes:
        name: The kernel's name as that Keras prints it: the Keras 3 ``path``
            (``dense/kernel``) or the tf_keras ``name`` (``dense_5/kernel:0``).
        kernel: The kernel's values (float32).
    """

    name: str
    kernel: np.ndarray = field(compare=False)

    def __repr__(self) -> str:
        return f"PostRun({self.name!r}, kernel shape {self.kernel.shape})"


def post_cell_in_fresh_process(
    *,
    api: str = "keras",
    seed: int | None = None,
    layers_before: int = 0,
    runs: int = 1,
    processes: int = 1,
    units: int = 4,
    input_shape: tuple[int, ...] = (3, 4, 2),
) -> list[list[PostRun]]:
    """Run the original post's cell in new Python processes, as a reader would.

    Each process imports Keras, optionally calls ``set_random_seed(seed)``, constructs
    ``layers_before`` Dense layers it never calls (earlier runs of other cells), then runs
    the post's cell ``runs`` times: ``layer = Dense(units)``, ``layer(tf.ones(input_shape))``,
    and records the kernel. No initializer gets a seed of its own, as in the post.

    Args:
        api: ``"keras"`` (Keras 3) or ``"tf_keras"`` (Keras 2).
        seed: ``None`` (no seeding, as in the post) or an integer from 0 to ``2**31 - 3``
            for ``set_random_seed`` at the start of each process.
        layers_before: Dense layers constructed before the first run, from 0 to 100.
        runs: How many times each process runs the cell, from 1 to 8.
        processes: How many processes to start at once, from 1 to 8.
        units: The layer's units, as in the post (4).
        input_shape: The input's shape, as in the post (``(3, 4, 2)``); at least two axes.

    Returns:
        One list per process (in start order) of one :class:`PostRun` per run.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: An argument has a bad value (the message names it).
        RuntimeError: A process failed or timed out (its stderr is in the message).

    Every build of the site runs it, with its output shown, on the page "Seeds under the
    hood" (``docs/seeding.md``), unseeded with Keras 2 and seeded with Keras 3: that is its
    example and its test.
    """
    if not isinstance(api, str):
        raise TypeError(f"api must be a string, one of {_APIS}, got {api!r}")
    if api not in _APIS:
        raise ValueError(f"api must be one of {_APIS}, got {api!r}")
    checked_shape = _validate.shape("input_shape", input_shape)
    if len(checked_shape) < 2:
        raise ValueError(
            "input_shape must have at least two axes because a Keras Dense layer refuses "
            f"rank-1 input, got {input_shape!r}"
        )
    script = _POST_CELL_SCRIPT.format(
        api=api,
        seed=_validate.seed("seed", seed),
        layers_before=_validate.int_in_range("layers_before", layers_before, 0, 100),
        runs=_validate.int_in_range("runs", runs, 1, 8),
        units=_validate.positive_int("units", units),
        input_shape=checked_shape,
    )
    count = _validate.int_in_range("processes", processes, 1, _MAX_PROCESSES)
    return [
        [
            PostRun(name=run["name"], kernel=np.array(run["kernel"], dtype=np.float32))
            for run in json.loads(out)
        ]
        for out in _run_fresh(script, count)
    ]
