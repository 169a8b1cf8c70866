"""Checks for the claims of the page "Lazy weights: why a new layer has none"."""

from __future__ import annotations

import functools
import inspect
import warnings

import keras
import numpy as np

from densebook.claims import as_numpy, check, raises

PAGE = "lazy-weights"


class _CountingDense(keras.layers.Dense):  # type: ignore[misc]  # keras: untyped
    """Keras's own Dense, counting the calls of its build()."""

    def __init__(self, units: int) -> None:
        super().__init__(units)
        self.builds: list[tuple[int | None, ...]] = []

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        self.builds.append(tuple(input_shape))
        super().build(input_shape)


class _Plain(keras.layers.Layer):  # type: ignore[misc]  # keras: untyped
    """A layer whose build() creates one weight and never sets ``built`` itself."""

    builds = 0  # how many times build() has started, on this instance

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        self.builds += 1
        self.w = self.add_weight(shape=(input_shape[-1], 3), initializer="zeros", name="w")

    def call(self, inputs: object) -> object:
        return keras.ops.matmul(inputs, self.w)


@check("lazy.no-weights-until-built")
def no_weights_until_built() -> None:
    layer = keras.layers.Dense(4)
    assert layer.units == 4  # the outputs are fixed...
    assert layer.built is False  # ...but nothing says how many inputs there will be
    assert layer.weights == []
    assert layer.trainable_variables == []


@check("lazy.call-builds")
@check("lazy.dense-does-the-same")
@check("lazy.weights-later")
def call_builds() -> None:
    for shape in [(3, 2), (5, 7), (3, 4, 2), (2, 3, 4, 6)]:
        layer = _CountingDense(4)
        assert layer.builds == []
        assert layer.weights == []  # no weights until the layer is built
        layer(keras.ops.ones(shape))
        assert layer.builds == [shape]  # build() ran, with the input's shape
        assert layer.built
        assert tuple(layer.kernel.shape) == (shape[-1], 4), (shape, layer.kernel.shape)
        assert tuple(layer.bias.shape) == (4,), (shape, layer.bias.shape)
        assert [v.path for v in layer.weights] == [
            f"{layer.name}/kernel",
            f"{layer.name}/bias",
        ]


@check("lazy.build-without-data")
def build_without_data() -> None:
    by_build = keras.layers.Dense(4)
    by_build.build((None, 3))
    by_sequential = keras.layers.Dense(4)
    keras.Sequential([keras.Input(shape=(3,)), by_sequential])
    by_functional = keras.layers.Dense(4)
    by_functional(keras.Input(shape=(3,)))
    for layer in (by_build, by_sequential, by_functional):
        assert layer.built
        assert tuple(layer.kernel.shape) == (3, 4)


@check("lazy.last-axis-fixed")
def last_axis_fixed() -> None:
    layer = keras.layers.Dense(4)
    layer(keras.ops.ones((3, 2)))
    layer(keras.ops.ones((7, 5, 2)))  # other leading axes are fine
    for shape in [(3, 5), (3, 1), (2, 4, 3)]:
        raises(ValueError, functools.partial(layer, keras.ops.ones(shape)), "expected axis -1")


@check("lazy.before-build-raises")
@check("lazy.unbuilt-raises")
def before_buildraises() -> None:
    layer = keras.layers.Dense(4)
    raises(AttributeError, lambda: layer.kernel, "You must build the layer")
    raises(ValueError, layer.count_params, "isn't built")
    assert not layer.built


@check("lazy.outputs-known-inputs-not")
@check("lazy.units-fixed")
def outputs_known_inputs_not() -> None:
    layer = keras.layers.Dense(4)
    assert layer.units == 4
    assert layer.input_spec.axes == {}  # no input axis known yet
    config = layer.get_config()
    assert config["units"] == 4
    assert not any("input" in key or "shape" in key for key in config), config
    for shape in [(3, 2), (3, 7)]:  # the outputs: 4 per row, whatever the input
        assert tuple(keras.layers.Dense(4)(keras.ops.ones(shape)).shape) == (3, 4)


@check("lazy.build-runs-once")
def build_runs_once() -> None:
    layer = _CountingDense(4)
    for shape in [(3, 2), (5, 2), (1, 4, 2)]:
        layer(keras.ops.ones(shape))
    assert layer.builds == [(3, 2)]  # once, with the first input's shape, before its call


@check("lazy.add-weight-registers")
def add_weight_registers() -> None:
    layer = _Plain()
    layer(keras.ops.ones((2, 5)))
    assert len(layer.weights) == 1
    (weight,) = layer.weights
    assert weight is layer.w
    assert isinstance(weight, keras.Variable)
    assert tuple(weight.shape) == (5, 3)
    assert np.all(keras.ops.convert_to_numpy(weight) == 0)  # its initializer: zeros
    assert layer.trainable_weights == [weight]


@check("lazy.keras-sets-built")
def keras_sets_built() -> None:
    # _Plain.build creates a weight and never sets `built` (see the class above).
    by_build = _Plain()
    assert not by_build.built
    by_build.build((None, 5))
    assert by_build.built
    by_call = _Plain()
    by_call(keras.ops.ones((2, 5)))
    assert by_call.built
    # Then the state is locked: build runs again, but its add_weight raises, and no new
    # weight is made.
    dense = keras.layers.Dense(4)
    dense.build((None, 5))
    for layer in (by_build, by_call, dense):
        before = list(layer.weights)
        raises(ValueError, functools.partial(layer.build, (None, 5)), "already built")
        assert layer.weights == before
    assert by_build.builds == by_call.builds == 2  # the second build() did start


@check("lazy.dense-build-source")
def dense_build_source() -> None:
    lines = [line.strip() for line in inspect.getsource(keras.layers.Dense.build).splitlines()]
    cited = [
        "kernel_shape = (input_shape[-1], self.units)",
        'name="kernel",',
        "initializer=self.kernel_initializer,",
        "if self.use_bias:",
        "shape=(self.units,),",
        "self.input_spec = InputSpec(min_ndim=2, axes={-1: input_shape[-1]})",
        "self.built = True",
    ]
    for line in cited:
        assert line in lines, line
    # And what those lines do:
    layer = keras.layers.Dense(4, kernel_initializer="ones")
    layer.build((None, 3))
    assert np.all(keras.ops.convert_to_numpy(layer.kernel) == 1)
    assert layer.input_spec.min_ndim == 2
    assert layer.input_spec.axes == {-1: 3}
    assert layer.kernel is layer._kernel  # the property returns what build() stored
    no_bias = keras.layers.Dense(4, use_bias=False)
    no_bias.build((None, 3))
    assert no_bias.bias is None
    assert [v.path.split("/")[-1] for v in no_bias.weights] == ["kernel"]


@check("lazy.quantization-and-lora-lines")
def quantization_and_lora_lines() -> None:
    plain = keras.layers.Dense(4)
    plain.build((None, 3))
    assert plain.quantization_mode is None
    assert not plain.lora_rank
    assert [v.path.split("/")[-1] for v in plain.weights] == ["kernel", "bias"]
    lora = keras.layers.Dense(4, lora_rank=2)
    lora.build((None, 3))
    names = sorted(v.path.split("/")[-1] for v in lora.weights)
    assert names == ["bias", "kernel", "lora_kernel_a", "lora_kernel_b"], names
    trainable = sorted(v.path.split("/")[-1] for v in lora.trainable_weights)
    assert trainable == ["bias", "lora_kernel_a", "lora_kernel_b"], trainable  # kernel frozen
    quantized = keras.layers.Dense(4)
    quantized.build((None, 3))
    quantized.quantize("int8")
    assert quantized.quantization_mode == "int8"
    kernels = [v for v in quantized.weights if v.path.split("/")[-1] == "kernel"]
    assert [v.dtype for v in kernels] == ["int8"], [(v.path, v.dtype) for v in quantized.weights]


@check("lazy.input-spec-checks-inputs")
def input_spec_checks_inputs() -> None:
    layer = keras.layers.Dense(4)
    layer(keras.ops.ones((3, 2)))
    assert layer.input_spec.axes == {-1: 2}
    raises(ValueError, lambda: layer(keras.ops.ones((3, 5))), "incompatible", "value 2")
    # The check is the input spec's: with it removed, the same call gets past Keras's check
    # and fails inside the matrix product instead.
    layer.input_spec = None
    try:
        layer(keras.ops.ones((3, 5)))
    except Exception as error:  # the backend's own error, whatever its type
        assert "expected axis -1" not in str(error), error
    else:
        raise AssertionError("a (3, 5) input passed a kernel of shape (2, 4)")


@check("lazy.input-leaves-out-batch")
def input_leaves_out_batch() -> None:
    for shape in [(2,), (4, 2)]:
        inputs = keras.Input(shape=shape)
        assert tuple(inputs.shape) == (None, *shape)
        model = keras.Model(inputs, keras.layers.Dense(4)(inputs))
        for batch in (1, 3, 8):
            assert model(np.ones((batch, *shape), "float32")).shape[0] == batch


@check("lazy.symbolic-input")
def symbolic_input() -> None:
    inputs = keras.Input(shape=(2,), dtype="float32")
    assert isinstance(inputs, keras.KerasTensor)
    assert tuple(inputs.shape) == (None, 2)
    assert inputs.dtype == "float32"
    raises(ValueError, lambda: keras.ops.convert_to_numpy(inputs), "symbolic")  # no numbers
    layer = keras.layers.Dense(4)
    outputs = layer(inputs)
    assert isinstance(outputs, keras.KerasTensor)
    assert layer.built


@check("lazy.input-shape-warns")
def input_shape_warns() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = keras.Sequential([keras.layers.Dense(4, input_shape=(2,))])
        alone = keras.layers.Dense(4, input_shape=(2,))
        inputs = keras.Input(shape=(3,))
        functional = keras.layers.Dense(4, input_shape=(2,))
        functional(inputs)
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert sum("Do not pass an `input_shape`" in m for m in messages) == 3, messages
    assert model.built
    assert tuple(model.layers[0].kernel.shape) == (2, 4)
    assert not alone.built  # outside a Sequential: nothing built from input_shape
    assert alone.weights == []
    assert tuple(functional.kernel.shape) == (3, 4)  # built from the input it got, not (2,)


@check("lazy.compute-output-shape")
def compute_output_shape() -> None:
    layer = keras.layers.Dense(4)
    assert layer.compute_output_shape((None, 3, 2)) == (None, 3, 4)
    assert layer.compute_output_shape((5, 7)) == (5, 4)
    assert not layer.built
    assert layer.weights == []


@check("lazy.unknown-last-axis")
def unknown_last_axis() -> None:
    for shape in [(None, None), (3, None), (None, 4, None)]:
        raises(
            ValueError,
            functools.partial(keras.layers.Dense(4).build, shape),
            "Shapes used to initialize variables must be fully-defined",
        )
    keras.layers.Dense(4).build((None, None, 2))  # unknown axes before the last are fine


@check("lazy.second-call-same-weights")
def second_call_same_weights() -> None:
    layer = keras.layers.Dense(4)
    layer(keras.ops.ones((3, 2)))
    first = list(layer.weights)
    values = [as_numpy(v).copy() for v in first]
    layer(keras.ops.ones((5, 2)))
    assert len(layer.weights) == len(first)
    assert all(a is b for a, b in zip(layer.weights, first, strict=True))
    for variable, value in zip(layer.weights, values, strict=True):
        np.testing.assert_array_equal(as_numpy(variable), value)


@check("lazy.new-layer-for-wider")
def new_layer_for_wider() -> None:
    wider = keras.layers.Dense(4)
    assert tuple(wider(keras.ops.ones((3, 5))).shape) == (3, 4)
    assert tuple(wider.kernel.shape) == (5, 4)


@check("lazy.four-ways-same-kernel")
def four_ways_same_kernel() -> None:
    call_builds()
    build_without_data()
    # The four ways side by side: the same kernel shape from each.
    by_call, by_build, by_input, by_symbolic = (keras.layers.Dense(4) for _ in range(4))
    by_call(np.ones((3, 2), "float32"))
    by_build.build((None, 2))
    keras.Sequential([keras.Input(shape=(2,)), by_input])
    by_symbolic(keras.Input(shape=(2,)))
    shapes = {tuple(layer.kernel.shape) for layer in (by_call, by_build, by_input, by_symbolic)}
    assert shapes == {(2, 4)}, shapes
