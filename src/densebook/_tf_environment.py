"""The one place that sets TensorFlow's environment for densebook.

TensorFlow reads most of its settings from environment variables *when it is first
imported*, so they must be in ``os.environ`` before that. Importing :mod:`densebook` changes
nothing in the environment; :func:`apply_tf_environment` sets the variables, and
:func:`tf_and_keras` calls it before it imports TensorFlow (unless it was called already in
this process, so a caller can override a variable first). The Jupyter kernels that execute
the pages call :func:`tf_and_keras` at start-up
(``conf/densebook_sphinx/execution/ipython``); the tests' ``conftest.py`` calls
:func:`apply_tf_environment` once.
"""

from __future__ import annotations

import contextlib
import os
import platform
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from densebook import _validate

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Environment variables densebook pins, and why.
TF_ENVIRONMENT: Mapping[str, str] = {
    # Hide TensorFlow's C++ INFO, WARNING and ERROR log lines, which would otherwise land
    # in executed cells' output as stderr: the start-up lines (CPU features, CUDA probing),
    # and in TensorFlow 2.21 an ERROR line that `fit` and `predict` on NumPy arrays log
    # once per process ("NodeDef mentions attribute use_unbounded_threadpool which is not
    # in the op definition ... Unknown attributes will be ignored"). A failing operation
    # still raises a Python exception.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    # oneDNN's CPU kernels are on by default only on some CPUs, and TensorFlow's own notice
    # warns they may change results slightly (floating-point round-off from a different
    # computation order): off, so this setting is one thing that cannot differ between
    # machines. Initial weights come from a stateless random op and did not change with it
    # on (docs/initialization.md checks that in a fresh process).
    "TF_ENABLE_ONEDNN_OPTS": "0",
    # Deterministic kernels where TensorFlow has a choice (read at import).
    "TF_DETERMINISTIC_OPS": "1",
    # Keras 3 on TensorFlow; tf.keras must stay Keras 3, tf_keras is imported by name.
    "KERAS_BACKEND": "tensorflow",
    "TF_USE_LEGACY_KERAS": "0",
}


_applied = False


def apply_tf_environment(overrides: Mapping[str, str] | None = None) -> None:
    """Set :data:`TF_ENVIRONMENT` (with ``overrides`` on top) in ``os.environ``.

    It has an effect on TensorFlow only if TensorFlow has not been imported yet in this
    process. :func:`tf_and_keras` calls it unless it was called already, so call it first to
    change a setting: ``apply_tf_environment({"TF_ENABLE_ONEDNN_OPTS": "1"})``.

    Args:
        overrides: Variables to set instead of, or beside, densebook's own.

    Raises:
        TypeError: If ``overrides`` is not a mapping of strings to strings.

    Example:
        >>> apply_tf_environment()
        >>> os.environ["TF_ENABLE_ONEDNN_OPTS"], os.environ["KERAS_BACKEND"]
        ('0', 'tensorflow')
    """
    settings = dict(TF_ENVIRONMENT)
    if overrides is not None:
        if not isinstance(overrides, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in overrides.items()
        ):
            raise TypeError(f"overrides must be a mapping of str to str, got {overrides!r}")
        settings |= overrides
    global _applied
    os.environ.update(settings)
    _applied = True


_modules: tuple[ModuleType, ModuleType] | None = None


@contextlib.contextmanager
def _quiet_stderr_fd() -> Iterator[None]:
    """Send file descriptor 2 to a temporary file; show it only if the block raises.

    TensorFlow's C++ start-up lines (CUDA probing, written before absl logging is
    initialised) ignore ``TF_CPP_MIN_LOG_LEVEL``, and a Jupyter kernel captures the file
    descriptor, so they would reach a cell's output.
    """
    with tempfile.TemporaryFile() as sink:
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        except BaseException as error:
            os.dup2(saved, 2)
            sink.seek(0)
            error.add_note(sink.read().decode(errors="replace"))
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def tf_and_keras() -> tuple[ModuleType, ModuleType]:
    """Import TensorFlow and Keras 3 once, quietly, with op determinism switched on.

    densebook keeps ``import densebook`` fast (and free of side effects) by importing
    TensorFlow only here; the Jupyter kernels that execute the pages call it at start-up.
    Before the import it sets densebook's TensorFlow environment in ``os.environ``
    (:func:`apply_tf_environment`), unless that was done already in this process: calling
    this function is what changes the environment, importing densebook is not.

    Returns:
        The ``tensorflow`` and ``keras`` modules.
    """
    global _modules
    if _modules is None:
        if not _applied:
            apply_tf_environment()
        with _quiet_stderr_fd():
            import keras
            import tensorflow as tf

            # Device discovery logs a CUDA probe error on machines without a GPU.
            tf.config.list_logical_devices()
        tf.config.experimental.enable_op_determinism()
        _modules = (tf, keras)
    return _modules


def _version(distribution: str) -> str:
    import importlib.metadata  # here, not at the top: it adds 40 ms to `import densebook`

    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


@dataclass(frozen=True)
class EnvironmentStamp:
    """Versions and determinism settings in force, as shown at the foot of each page.

    Attributes:
        python: Python version.
        tensorflow: Version of the ``tensorflow`` distribution.
        keras: Version of Keras 3 (``keras``).
        tf_keras: Version of Keras 2 (``tf-keras``).
        numpy: NumPy version.
        settings: The pinned environment variables and their values in this process.
        op_determinism: Whether TensorFlow's op determinism is enabled.
        seed: The seed the page used, if it names one.
    """

    python: str
    tensorflow: str
    keras: str
    tf_keras: str
    numpy: str
    settings: Mapping[str, str]
    op_determinism: bool
    seed: int | None = None

    def __str__(self) -> str:
        pinned = ", ".join(f"{name}={value}" for name, value in self.settings.items())
        seed = "" if self.seed is None else f"seed {self.seed} · "
        return (
            f"Python {self.python} · TensorFlow {self.tensorflow} · Keras {self.keras} · "
            f"tf_keras {self.tf_keras} · NumPy {self.numpy}\n"
            f"{seed}op determinism {'on' if self.op_determinism else 'off'} · {pinned}"
        )


def environment(seed: int | None = None) -> EnvironmentStamp:
    """Report the versions and the determinism settings in force in this process.

    Args:
        seed: The seed a page used, to show in the stamp (optional).

    Returns:
        An :class:`EnvironmentStamp`; ``str()`` of it is the stamp printed on each page.

    Example:
        >>> stamp = environment()
        >>> stamp.settings["TF_ENABLE_ONEDNN_OPTS"], stamp.op_determinism
        ('0', True)
    """
    tf_and_keras()
    from tensorflow.python.framework import config  # the public API has no getter

    return EnvironmentStamp(
        python=platform.python_version(),
        tensorflow=_version("tensorflow"),
        keras=_version("keras"),
        tf_keras=_version("tf-keras"),
        numpy=_version("numpy"),
        settings={name: os.environ.get(name, "<unset>") for name in TF_ENVIRONMENT},
        op_determinism=bool(config.is_op_determinism_enabled()),
        seed=_validate.seed("seed", seed),
    )
