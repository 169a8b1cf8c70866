"""Describe and fingerprint a built Dense layer's weights (Keras 3 or tf_keras)."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from densebook._tf_environment import tf_and_keras


@dataclass(frozen=True)
class WeightInfo:
    """One variable of a Dense layer, with its values.

    Attributes:
        role: ``"kernel"`` (the weight matrix) or ``"bias"``.
        path: Keras 3 path (``dense/kernel``) or tf_keras name (``dense/kernel:0``).
        shape: The variable's shape.
        dtype: The variable's dtype name, such as ``float32``.
        count: Number of scalar parameters (the product of ``shape``).
        values: A copy of the values as a NumPy array.
    """

    role: str
    path: str
    shape: tuple[int, ...]
    dtype: str
    count: int
    values: np.ndarray = field(repr=False, compare=False)

    def __repr__(self) -> str:
        return (
            f"WeightInfo({self.role}: path={self.path!r}, shape={self.shape}, "
            f"dtype={self.dtype}, count={self.count})"
        )


@dataclass(frozen=True)
class WeightReport:
    """All the variables of a Dense layer and their total parameter count.

    Attributes:
        weights: One :class:`WeightInfo` per variable, in the layer's order.
        total_params: Sum of the variables' parameter counts.
    """

    weights: tuple[WeightInfo, ...]
    total_params: int

    def __getitem__(self, role: str) -> WeightInfo:
        """Return the variable with this role (``"kernel"`` or ``"bias"``)."""
        for info in self.weights:
            if info.role == role:
                return info
        raise KeyError(role)

    def __str__(self) -> str:
        lines = [
            f"{info.role:<6} {info.path:<18} shape={info.shape!s:<9} "
            f"dtype={info.dtype} params={info.count}"
            for info in self.weights
        ]
        lines.append(f"total params: {self.total_params}")
        return "\n".join(lines)


def _dense_classes() -> tuple[type, ...]:
    _, keras = tf_and_keras()
    classes: list[type] = [keras.layers.Dense]
    # A tf_keras layer can only exist if tf_keras was imported; don't import it here.
    tf_keras = sys.modules.get("tf_keras")
    if tf_keras is not None:
        classes.append(tf_keras.layers.Dense)
    return tuple(classes)


def check_built_dense(name: str, layer: object) -> Any:
    """Check that ``layer`` is a built Keras 3 or tf_keras ``Dense`` layer."""
    if not isinstance(layer, _dense_classes()):
        raise TypeError(
            f"{name} must be a keras.layers.Dense or tf_keras.layers.Dense layer, "
            f"got {layer!r:.80} of type {type(layer).__name__}"
        )
    if not layer.built:  # type: ignore[attr-defined]
        raise ValueError(
            f"{name} {layer.name!r} is not built yet: it has no weights until its first "  # type: ignore[attr-defined]
            "call (or layer.build(input_shape))"
        )
    return layer


def variable_role(layer: Any, variable: Any) -> str:
    """Return ``"kernel"`` or ``"bias"`` for one of a Dense layer's variables."""
    if variable is layer.kernel:
        return "kernel"
    if getattr(layer, "bias", None) is variable:
        return "bias"
    raise ValueError(f"layer {layer.name!r} has an unexpected variable {variable!r:.60}")


def variable_path(variable: Any) -> str:
    """Keras 3 variables have a ``path``; tf_keras variables a ``name`` with ``:0``."""
    return str(getattr(variable, "path", None) or variable.name)


def describe_weights(layer: Any) -> WeightReport:
    """Describe each variable of a built Dense layer, Keras 3 or tf_keras (Keras 2).

    Args:
        layer: A built ``keras.layers.Dense`` or ``tf_keras.layers.Dense``.

    Returns:
        A :class:`WeightReport`: one :class:`WeightInfo` per variable (kernel first,
        then the bias if the layer has one) and the total parameter count.

    Raises:
        TypeError: ``layer`` is not a Dense layer.
        ValueError: ``layer`` is not built yet.

    Example:
        >>> from densebook import build_dense
        >>> report = describe_weights(build_dense(4, (3, 4, 2), seed=0))
        >>> [(info.role, info.shape, info.count) for info in report.weights]
        [('kernel', (2, 4), 8), ('bias', (4,), 4)]
        >>> report.total_params
        12
    """
    check_built_dense("layer", layer)
    infos = []
    for variable in layer.weights:
        values = np.array(variable.numpy(), copy=True)
        infos.append(
            WeightInfo(
                role=variable_role(layer, variable),
                path=variable_path(variable),
                shape=tuple(int(d) for d in values.shape),
                dtype=values.dtype.name,
                count=int(values.size),
                values=values,
            )
        )
    return WeightReport(weights=tuple(infos), total_params=sum(i.count for i in infos))


def fingerprint(layer: Any) -> str:
    """Hash a built Dense layer's weights: equal digests mean bit-identical weights.

    The sha256 covers each variable's role, dtype, shape and raw little-endian bytes, in
    the layer's order; names and paths are left out, so the same weights give the same
    digest in any process whatever the layer happened to be called.

    Args:
        layer: A built ``keras.layers.Dense`` or ``tf_keras.layers.Dense``.

    Returns:
        The 64-character hexadecimal sha256 digest.

    Raises:
        TypeError: ``layer`` is not a Dense layer.
        ValueError: ``layer`` is not built yet.

    Example:
        >>> from densebook import build_dense
        >>> a = fingerprint(build_dense(4, (2,), seed=7))
        >>> a == fingerprint(build_dense(4, (2,), seed=7)), len(a)
        (True, 64)
    """
    return digest([(info.role, info.values) for info in describe_weights(layer).weights])


def digest(weights: Iterable[tuple[str, np.ndarray]]) -> str:
    """The sha256 of :func:`fingerprint`, from (role, values) pairs in the layer's order."""
    sha = hashlib.sha256()
    for role, values in weights:
        little_endian = values.astype(values.dtype.newbyteorder("<"), copy=False)
        shape = tuple(int(d) for d in values.shape)
        sha.update(f"{role}|{values.dtype.name}|{shape}|".encode())
        sha.update(np.ascontiguousarray(little_endian).tobytes())
    return sha.hexdigest()
