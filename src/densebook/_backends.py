"""The same Dense layer on several Keras backends, each in a fresh Python process.

Keras 3 runs one layer code on TensorFlow, JAX or PyTorch, but chooses the backend once per
process, when ``keras`` is first imported. :func:`dense_on_backends` starts one process per
backend asked for (all at once), runs the same layer in each (see
:mod:`densebook._backend_child`) and returns plain :class:`BackendReport` objects.
"""

from __future__ import annotations

import json
import select
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from densebook import _validate
from densebook._backend_child import decode, encode
from densebook._layers import VariableInfo
from densebook._weights import digest

#: The backends installed with densebook. PyTorch is not: the registry's ``torch`` wheels
#: bring gigabytes of CUDA libraries.
BACKENDS = ("tensorflow", "jax")
#: Default upper bound on one backend process's run, its start-up (imports) included.
TIMEOUT_SECONDS = 120.0
_MAX_PROCESSES = 8
_MAX_TIMEOUT = 3600.0


@dataclass(frozen=True)
class BackendReport:
    """One Dense layer, built and called on one Keras backend in a fresh process.

    Attributes:
        backend: The backend Keras reported (``keras.backend.backend()``).
        keras_version: Keras's version in that process.
        framework_version: The backend library's version (TensorFlow's or JAX's).
        weights_before_call: The paths in ``layer.weights`` after construction, before
            the first call (empty: a Dense layer builds its weights on its first call).
        variables: The kernel's and the bias's role, path, shape and dtype after it.
        initializer_seed: The integer seed the kernel initializer held: the one given,
            or the one Keras drew from Python's ``random`` when it was constructed.
        kernel: The initial kernel values.
        bias: The initial bias values.
        backend_draw: The backend's own uniform draw for ``initializer_seed``, without
            Keras: equal to ``kernel`` when Keras's initializer is the backend's generator
            (empty if the request asked for none).
        output: The layer's output for the inputs (after the given weights were set).
        fingerprint: :func:`densebook.fingerprint` of the initial weights.
    """

    backend: str
    keras_version: str
    framework_version: str
    weights_before_call: tuple[str, ...]
    variables: tuple[VariableInfo, ...]
    initializer_seed: int
    kernel: np.ndarray = field(compare=False, repr=False)
    bias: np.ndarray = field(compare=False, repr=False)
    backend_draw: np.ndarray = field(compare=False, repr=False)
    output: np.ndarray = field(compare=False, repr=False)
    fingerprint: str = ""

    @classmethod
    def from_reply(cls, reply: dict[str, Any]) -> BackendReport:
        kernel, bias = decode(reply["kernel"]), decode(reply["bias"])
        return cls(
            backend=reply["backend"],
            keras_version=reply["keras_version"],
            framework_version=reply["framework_version"],
            weights_before_call=tuple(reply["weights_before_call"]),
            variables=tuple(
                VariableInfo(v["role"], v["path"], tuple(v["shape"]), v["dtype"])
                for v in reply["variables"]
            ),
            initializer_seed=reply["initializer_seed"],
            kernel=kernel,
            bias=bias,
            backend_draw=(
                decode(reply["backend_draw"])
                if reply["backend_draw"] is not None
                else np.empty((0,), dtype=np.float32)
            ),
            output=decode(reply["output"]),
            fingerprint=digest([("kernel", kernel), ("bias", bias)]),
        )


class BackendProcess:
    """A fresh Python process running Keras on one backend, answering layer requests.

    Used by :func:`dense_on_backends` (one request each) and by the tests (many requests
    to one process, which resets Keras's session before each).
    """

    def __init__(self, backend: str) -> None:
        self.backend = backend
        self._proc = subprocess.Popen(
            [sys.executable, "-c", f"from densebook._backend_child import main; main({backend!r})"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def send(self, request: dict[str, Any]) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.write(json.dumps(request) + "\n")
        self._proc.stdin.flush()

    def receive(self, deadline: float, timeout: float) -> BackendReport:
        """The next reply, waiting until ``deadline`` (``time.monotonic()`` + ``timeout``)."""
        assert self._proc.stdout is not None
        ready, _, _ = select.select(
            [self._proc.stdout], [], [], max(0.0, deadline - time.monotonic())
        )
        line = self._proc.stdout.readline() if ready else ""
        if not ready:
            self.kill()
            raise RuntimeError(
                f"the {self.backend} process did not answer within timeout={timeout} s"
            )
        if not line:
            raise RuntimeError(
                f"the {self.backend} process exited with {self._proc.wait()}: {self._stderr()}"
            )
        reply = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"the {self.backend} process failed:\n{reply['error']}")
        return BackendReport.from_reply(reply)

    def _stderr(self) -> str:
        assert self._proc.stderr is not None
        return self._proc.stderr.read()

    def kill(self) -> None:
        """End the process at once."""
        self._proc.kill()
        self.close()

    def close(self) -> None:
        """End the process: stdin closed, then killed if it has not exited."""
        if self._proc.poll() is None:
            assert self._proc.stdin is not None
            try:
                self._proc.stdin.close()
                self._proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()
        for stream in (self._proc.stdout, self._proc.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> BackendProcess:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def ask_all(
    processes: list[BackendProcess], request: dict[str, Any], timeout: float
) -> list[BackendReport]:
    """Send ``request`` to every process, then collect each reply, all within ``timeout`` s."""
    deadline = time.monotonic() + timeout
    for process in processes:
        process.send(request)
    return [process.receive(deadline, timeout) for process in processes]


def _backend_names(backends: object) -> list[str]:
    if isinstance(backends, str) or not isinstance(backends, (list, tuple)):
        raise TypeError(
            f"backends must be a list of backend names from {BACKENDS}, such as "
            f"['tensorflow', 'jax'], got {backends!r}"
        )
    if not 1 <= len(backends) <= _MAX_PROCESSES:
        raise ValueError(
            f"backends must name 1 to {_MAX_PROCESSES} backends (one process each), "
            f"got {len(backends)} in {backends!r}"
        )
    for name in backends:
        if not isinstance(name, str):
            raise TypeError(
                f"backends must hold strings from {BACKENDS}, got {name!r} in {backends!r}"
            )
        if name not in BACKENDS:
            raise ValueError(
                f"backends must hold names from {BACKENDS} (the ones installed), "
                f"got {name!r} in {backends!r}"
            )
    return list(backends)


def _weights_request(
    kernel: object, bias: object, units: int, input_shape: tuple[int, ...]
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    if (kernel is None) != (bias is None):
        raise ValueError(
            "kernel and bias must be given together (the weights to set) or both left out, "
            f"got kernel={'None' if kernel is None else 'an array'} and "
            f"bias={'None' if bias is None else 'an array'}"
        )
    if kernel is None:
        return None, None
    expected = {"kernel": (input_shape[-1], units), "bias": (units,)}
    arrays = {}
    for name, value in (("kernel", kernel), ("bias", bias)):
        array = _validate.finite_array(name, value)
        if array.shape != expected[name]:
            raise ValueError(
                f"{name} must have shape {expected[name]} for units={units} and "
                f"input_shape={input_shape}, got shape {array.shape}"
            )
        arrays[name] = encode(array)
    return arrays["kernel"], arrays["bias"]


def dense_on_backends(
    backends: list[str] | tuple[str, ...],
    units: int,
    input_shape: tuple[int, ...],
    *,
    seed: int | None = None,
    global_seed: int | None = None,
    kernel: np.ndarray | None = None,
    bias: np.ndarray | None = None,
    inputs: np.ndarray | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> list[BackendReport]:
    """Run ``keras.layers.Dense(units)`` on each named backend, each in a fresh process.

    In each process (all started at once): ``keras.utils.set_random_seed(global_seed)`` if
    given; a ``Dense(units)`` layer whose ``GlorotUniform`` kernel initializer gets ``seed``
    (``None``: Keras picks one, as ``Dense(units)`` does); its weights listed; a first call
    on ``inputs`` (default: ones of ``input_shape``), which builds it; then, if ``kernel``
    and ``bias`` are given, those weights set and the layer called again.

    Args:
        backends: Backend names from :data:`BACKENDS`, one process each; a name may repeat
            (two fresh processes of one backend).
        units: Number of units, >= 1.
        input_shape: The input's shape, at least two axes, such as ``(3, 4, 2)``.
        seed: ``None`` or an integer from 0 to ``2**31 - 3`` for the kernel initializer.
        global_seed: ``None`` or an integer from 0 to ``2**31 - 3`` for
            ``keras.utils.set_random_seed`` before the layer is constructed.
        kernel: Weights to set after the first call, shape ``(input_shape[-1], units)``.
        bias: The bias to set with them, shape ``(units,)``.
        inputs: The input, of shape ``input_shape`` (converted to float32).
        timeout: Seconds each process may take, start-up included (> 0, at most 3600).

    Returns:
        One :class:`BackendReport` per name in ``backends``, in that order.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: An argument has a bad value (the message names it).
        RuntimeError: A process failed or timed out (the message names the backend).

    Every build of the site runs it, with its output shown, on the page "Other backends"
    (``docs/backends.md``): that is its example and its test (a docstring example here would
    start the same processes a second time in ``make test``).
    """
    names = _backend_names(backends)
    checked_units = _validate.positive_int("units", units)
    checked_shape = _validate.shape("input_shape", input_shape)
    if len(checked_shape) < 2:
        raise ValueError(
            "input_shape must have at least two axes (a batch axis and features), "
            f"got {input_shape!r}"
        )
    kernel_data, bias_data = _weights_request(kernel, bias, checked_units, checked_shape)
    inputs_data = None
    if inputs is not None:
        array = _validate.finite_array("inputs", inputs)
        if array.shape != checked_shape:
            raise ValueError(
                f"inputs must have input_shape {checked_shape}, got shape {array.shape}"
            )
        inputs_data = encode(array)
    limit = _validate.finite_positive_float("timeout", timeout)
    if limit > _MAX_TIMEOUT:
        raise ValueError(f"timeout must be at most {_MAX_TIMEOUT:.0f} seconds, got {timeout!r}")
    request = {
        "units": checked_units,
        "input_shape": list(checked_shape),
        "seed": _validate.seed("seed", seed),
        "global_seed": _validate.seed("global_seed", global_seed),
        "kernel": kernel_data,
        "bias": bias_data,
        "inputs": inputs_data,
    }
    processes = [BackendProcess(name) for name in names]
    try:
        return ask_all(processes, request, limit)
    finally:
        for process in processes:
            process.close()
