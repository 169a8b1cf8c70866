"""The Dense forward pass ``activation(x @ W + b)``, step by step, checked against Keras."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from densebook import _validate
from densebook._tf_environment import tf_and_keras
from densebook._weights import check_built_dense

#: float32 unit roundoff (half an ulp of 1.0).
_U32 = 2.0**-24


@dataclass(frozen=True)
class DenseSteps:
    """The forward pass of a Dense layer, one array per step.

    Dense acts on the last axis only: for ``x`` of shape ``(..., n)`` and a kernel of
    shape ``(n, units)`` every array below from ``weighted_sum`` on has shape
    ``(..., units)``.

    Attributes:
        x: The input, as float32.
        kernel: The layer's kernel ``W``, shape ``(n, units)``.
        weighted_sum: ``x @ W``, computed by NumPy.
        bias: The bias ``b``, shape ``(units,)`` (zeros if the layer has no bias).
        pre_activation: ``x @ W + b``; ``b`` is broadcast over the leading axes.
        activation: The activation's name (``linear`` when there is none).
        activated: The activation applied to ``pre_activation``.
        layer_output: What the Keras layer itself returns for ``x``.
        max_abs_difference: Largest ``|activated - layer_output|``.
        tolerance: The elementwise bound the difference is checked against.
        agrees: Whether every element is within its bound.
    """

    x: np.ndarray
    kernel: np.ndarray
    weighted_sum: np.ndarray
    bias: np.ndarray
    pre_activation: np.ndarray
    activation: str
    activated: np.ndarray
    layer_output: np.ndarray
    max_abs_difference: float
    tolerance: np.ndarray
    agrees: bool

    def __repr__(self) -> str:
        return (
            f"DenseSteps(x{self.x.shape} @ W{self.kernel.shape} + b{self.bias.shape} "
            f"-> {self.activation} -> {self.layer_output.shape}, "
            f"agrees={self.agrees}, max_abs_difference={self.max_abs_difference:.3g})"
        )


def _activation(layer: Any, values: np.ndarray) -> np.ndarray:
    tf, _ = tf_and_keras()
    return np.asarray(layer.activation(tf.constant(values, dtype=tf.float32)), dtype=np.float64)


def decompose(layer: Any, x: Any) -> DenseSteps:
    """Compute ``activation(x @ W + b)`` by hand and check it against the layer's output.

    The hand computation runs in float64 on the layer's float32 weights; Keras runs in
    float32. They agree when, for every element,
    ``|hand - layer| <= (n + 2) * 2**-24 * (|x| @ |W| + |b|)`` (the float32 rounding bound
    of a length-``n`` dot product plus the bias addition), carried through the activation
    by evaluating it at the bound's two ends (exact for element-wise monotone activations
    such as ReLU, tanh and sigmoid), plus ``2**-20 * max(|output|, 1)`` for the float32
    activation itself (TensorFlow's tanh and sigmoid are fast approximations, a few ulps
    off near saturation).

    Args:
        layer: A built ``keras.layers.Dense`` or ``tf_keras.layers.Dense``.
        x: Array-like input of rank >= 1 whose last axis matches the kernel's first:
            finite real numbers. Keras's ``Dense`` itself refuses rank-1 input, so a
            rank-1 ``x`` (one sample) is passed to the layer as a batch of one and the
            output's batch axis is dropped again.

    Returns:
        A :class:`DenseSteps` with every intermediate array and the agreement check.

    Raises:
        TypeError: ``layer`` is not a Dense layer, or ``x`` is not numeric.
        ValueError: ``layer`` is not built, or ``x`` is empty, a scalar, not finite, or has
            the wrong last dimension.

    Example:
        >>> from densebook import build_dense
        >>> steps = decompose(build_dense(4, (3, 4, 2), seed=0), [[1.0, 2.0]])
        >>> steps.weighted_sum.shape, steps.bias.tolist(), steps.agrees
        ((1, 4), [0.0, 0.0, 0.0, 0.0], True)
    """
    check_built_dense("layer", layer)
    kernel = np.asarray(layer.kernel.numpy(), dtype=np.float32)
    n_inputs, units = kernel.shape
    array = _validate.finite_array("x", x)
    if array.shape[-1] != n_inputs:
        raise ValueError(
            f"x must have last dimension {n_inputs} to match the kernel of shape "
            f"{kernel.shape}, got x of shape {array.shape}"
        )
    bias = (
        np.asarray(layer.bias.numpy(), dtype=np.float32)
        if layer.use_bias
        else np.zeros(units, dtype=np.float32)
    )

    x64, w64, b64 = array.astype(np.float64), kernel.astype(np.float64), bias.astype(np.float64)
    weighted_sum = x64 @ w64
    pre_activation = weighted_sum + b64
    activated = _activation(layer, pre_activation)
    # Keras's Dense wants a batch axis (rank >= 2); a single sample goes in as a batch of one.
    batch = array if array.ndim >= 2 else array[np.newaxis]
    layer_output = np.asarray(layer(batch), dtype=np.float32).reshape(weighted_sum.shape)

    bound = (n_inputs + 2) * _U32 * (np.abs(x64) @ np.abs(w64) + np.abs(b64))
    spread = np.maximum(
        np.abs(_activation(layer, pre_activation + bound) - activated),
        np.abs(_activation(layer, pre_activation - bound) - activated),
    )
    # TensorFlow evaluates tanh and sigmoid in float32 with fast approximations, a few ulps
    # off near saturation: allow 16 float32 ulps of max(|output|, 1) on top.
    tolerance = spread + 16 * _U32 * np.maximum(np.abs(activated), 1.0)
    difference = np.abs(activated - layer_output.astype(np.float64))
    return DenseSteps(
        x=array,
        kernel=kernel,
        weighted_sum=weighted_sum.astype(np.float32),
        bias=bias,
        pre_activation=pre_activation.astype(np.float32),
        activation=getattr(layer.activation, "__name__", repr(layer.activation)),
        activated=activated.astype(np.float32),
        layer_output=layer_output,
        max_abs_difference=float(difference.max()),
        tolerance=tolerance,
        agrees=bool(np.all(difference <= tolerance)),
    )
