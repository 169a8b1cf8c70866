"""Build Keras ``Dense`` layers reproducibly and trace their lazy build."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from densebook import _validate
from densebook._tf_environment import tf_and_keras
from densebook._weights import variable_path, variable_role

if TYPE_CHECKING:
    import keras

Activation = str | Callable[..., Any] | None


@dataclass(frozen=True)
class VariableInfo:
    """What a layer's variable is, without its values.

    Attributes:
        role: ``"kernel"`` (the weight matrix) or ``"bias"``.
        path: The variable's Keras 3 path (``dense/kernel``) or tf_keras name
            (``dense/kernel:0``).
        shape: The variable's shape.
        dtype: The variable's dtype name, such as ``float32``.
    """

    role: str
    path: str
    shape: tuple[int, ...]
    dtype: str

    def __repr__(self) -> str:
        return (
            f"VariableInfo({self.role}: path={self.path!r}, shape={self.shape}, dtype={self.dtype})"
        )


@dataclass(frozen=True)
class BuildTrace:
    """A record of a Dense layer's lazy build: before and after its first call.

    Attributes:
        units: The layer's number of units.
        input_shape: The shape of the input the layer was first called on.
        weights_before: The layer's weights before the first call (always empty).
        weights_after: One :class:`VariableInfo` per variable created by the first call.
        output_shape: The shape of the first call's output.
    """

    units: int
    input_shape: tuple[int, ...]
    weights_before: tuple[VariableInfo, ...]
    weights_after: tuple[VariableInfo, ...]
    output_shape: tuple[int, ...]

    def __str__(self) -> str:
        lines = [
            f"Dense({self.units}) before its first call: weights = {list(self.weights_before)}",
            f"first call on an input of shape {self.input_shape} creates:",
            *(
                f"  {info.role:<6} path={info.path!r:<16} shape={info.shape} dtype={info.dtype}"
                for info in self.weights_after
            ),
            f"output shape: {self.output_shape}",
        ]
        return "\n".join(lines)


def _check_activation(activation: object) -> Activation:
    if activation is None or callable(activation):
        return activation
    if not isinstance(activation, str):
        raise TypeError(
            f"activation must be None, a Keras activation name or a callable, "
            f"got {activation!r} of type {type(activation).__name__}"
        )
    _, keras = tf_and_keras()
    try:
        keras.activations.get(activation)
    except ValueError:
        raise ValueError(
            f"activation must name a Keras activation such as 'relu', got {activation!r}"
        ) from None
    return activation


def _dense(
    units: object,
    *,
    seed: object,
    use_bias: object = True,
    activation: object = None,
) -> keras.layers.Dense:
    """Validate the arguments and construct an unbuilt Dense layer."""
    units = _validate.positive_int("units", units)
    checked_seed = _validate.seed("seed", seed)
    use_bias = _validate.boolean("use_bias", use_bias)
    activation = _check_activation(activation)
    _, keras = tf_and_keras()
    # An integer seed makes the initializer stateless: it draws the same values in any
    # process. None keeps Keras's own behaviour (a fresh seed at construction).
    kernel_initializer = keras.initializers.GlorotUniform(seed=checked_seed)
    return keras.layers.Dense(
        units,
        activation=activation,
        use_bias=use_bias,
        kernel_initializer=kernel_initializer,
    )


def build_dense(
    units: int,
    input_shape: tuple[int, ...],
    *,
    seed: int | None = None,
    use_bias: bool = True,
    activation: Activation = None,
) -> keras.layers.Dense:
    """Create a Keras 3 ``Dense`` layer and build it for inputs of ``input_shape``.

    The kernel is drawn from Keras's default ``glorot_uniform`` initializer and the bias
    starts at zero, as with ``keras.layers.Dense(units)``.

    Args:
        units: Number of output units, >= 1.
        input_shape: Shape of the inputs the layer will see, such as ``(3, 4, 2)``;
            only the last axis decides the kernel's shape.
        seed: An integer from 0 to ``2**31 - 3`` seeds the kernel initializer, so the same
            seed gives bit-identical weights on every run and in a fresh process (tested
            on the build machine with the pinned versions), and two layers of one shape
            with the same seed get the same kernel: vary it per layer. ``None`` gives fresh
            random weights, as Keras does.
        use_bias: Whether the layer adds a bias vector.
        activation: A Keras activation name (``"relu"``), a callable, or ``None``
            (linear).

    Returns:
        The built layer, whose ``kernel`` has shape ``(input_shape[-1], units)``.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: An argument has a bad value (the message names it).

    Example:
        >>> layer = build_dense(4, (3, 4, 2), seed=0)
        >>> tuple(layer.kernel.shape), tuple(layer.bias.shape)
        ((2, 4), (4,))
    """
    checked_shape = _validate.shape("input_shape", input_shape)
    layer = _dense(units, seed=seed, use_bias=use_bias, activation=activation)
    layer.build(checked_shape)
    return layer


def _variable_infos(layer: Any) -> tuple[VariableInfo, ...]:
    return tuple(
        VariableInfo(
            role=variable_role(layer, variable),
            path=variable_path(variable),
            shape=tuple(int(d) for d in variable.shape),
            dtype=str(getattr(variable.dtype, "name", variable.dtype)),
        )
        for variable in layer.weights
    )


def trace_build(units: int, input_shape: tuple[int, ...], *, seed: int | None = None) -> BuildTrace:
    """Watch a Dense layer create its weights on its first call.

    A ``Dense`` layer cannot know its kernel's shape until it sees an input's last axis,
    so it has no weights until the first call. This function creates the layer, records
    its (empty) weights, calls it once on ``ones(input_shape)`` and records the variables
    that call created.

    Args:
        units: Number of output units, >= 1.
        input_shape: Shape of the input of the first call, such as ``(3, 4, 2)``: at
            least two axes, since Keras's ``Dense`` refuses rank-1 input.
        seed: Seed for the kernel initializer, as in :func:`build_dense`.

    Returns:
        A :class:`BuildTrace`; ``print()`` it for a readable summary.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: An argument has a bad value (the message names it).

    Example:
        >>> trace = trace_build(4, (3, 4, 2), seed=0)
        >>> trace.weights_before
        ()
        >>> [(info.role, info.shape) for info in trace.weights_after]
        [('kernel', (2, 4)), ('bias', (4,))]
        >>> trace.output_shape
        (3, 4, 4)
    """
    checked_shape = _validate.shape("input_shape", input_shape)
    if len(checked_shape) < 2:
        raise ValueError(
            "input_shape must have at least two axes (samples, features) because a Keras "
            f"Dense layer refuses rank-1 input, got {input_shape!r}"
        )
    layer = _dense(units, seed=seed)
    before = _variable_infos(layer)
    tf, _ = tf_and_keras()
    output = layer(tf.ones(checked_shape))
    return BuildTrace(
        units=int(layer.units),
        input_shape=checked_shape,
        weights_before=before,
        weights_after=_variable_infos(layer),
        output_shape=tuple(int(d) for d in output.shape),
    )
