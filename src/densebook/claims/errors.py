"""Checks for the claims of the page "Errors you will meet"."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import keras
import numpy as np

from densebook.claims import as_numpy, check, raises

PAGE = "errors"


def _unbuilt() -> keras.Sequential:
    return keras.Sequential([keras.layers.Dense(4)])


@check("errors.unbuilt-lists-are-empty")
@check("errors.empty-not-errors")
def unbuilt_lists_are_empty() -> None:
    model = _unbuilt()
    assert model.weights == []
    assert model.trainable_variables == []
    # An optimizer built on that list has nothing to update, and refuses the weights once
    # they exist.
    optimizer = keras.optimizers.SGD(learning_rate=0.1)
    optimizer.build(model.trainable_variables)
    # No slot per weight: SGD keeps only its own counters here.
    assert all("iteration" in v.path or "learning_rate" in v.path for v in optimizer.variables)
    model(np.ones((3, 2), "float32"))
    grads = [keras.ops.ones_like(v) for v in model.trainable_variables]
    raises(
        ValueError,
        lambda: optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True)),
        "Unknown variable",
    )


@check("errors.unbuilt-calls-raise")
@check("errors.no-shape-no-weights")
def unbuilt_calls_raise() -> None:
    model = _unbuilt()
    raises(ValueError, model.count_params, "isn't built")
    raises(AttributeError, lambda: model.layers[0].kernel, "You must build the layer")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.weights.h5"
        raises(ValueError, lambda: model.save_weights(path), "has not yet been built")
        assert not path.exists()
    raises(ValueError, lambda: keras.utils.plot_model(model), "has not yet been built")


@check("errors.keras-2-raises", requires=["tf_keras"])
def keras_2raises() -> None:
    import tf_keras

    assert tf_keras.__version__.startswith("2."), tf_keras.__version__  # Keras 2, today
    old = tf_keras.Sequential([tf_keras.layers.Dense(4)])
    raises(ValueError, lambda: old.weights, "have not yet been created")
    raises(ValueError, lambda: old.trainable_variables, "have not yet been created")
    raises(ValueError, old.summary, "This model has not yet been built")
    new = _unbuilt()
    assert new.weights == []
    lines: list[str] = []
    new.summary(print_fn=lambda line, **_: lines.append(line))
    assert "(unbuilt)" in "\n".join(lines)


@check("errors.weights-file-name")
def weights_file_name() -> None:
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(4)])
    with tempfile.TemporaryDirectory() as folder:
        for name in ("model.h5", "model.weights", "model.keras"):
            save = functools.partial(model.save_weights, Path(folder) / name)
            raises(ValueError, save, ".weights.h5")
        model.save_weights(Path(folder) / "model.weights.h5")
        assert (Path(folder) / "model.weights.h5").is_file()
        # Split into shards with max_shard_size, a name ending in .weights.json works too.
        model.save_weights(Path(folder) / "split.weights.json", max_shard_size=0.0001)
        assert (Path(folder) / "split.weights.json").is_file()
        split = functools.partial(
            model.save_weights, Path(folder) / "split.keras", max_shard_size=0.0001
        )
        raises(ValueError, split, ".weights.json")


@check("errors.input-shape-fixes-them")
@check("errors.loading-fails-too")
@check("errors.three-ways-to-build")
def input_shape_fixes_them() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "built.weights.h5"
        saved = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(4)])
        saved.save_weights(path)
        raises(ValueError, lambda: _unbuilt().load_weights(path), "has not yet been built")
        by_input = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(4)])
        by_build = _unbuilt()
        by_build.build((None, 2))
        by_data = _unbuilt()
        by_data(np.ones((3, 2), "float32"))
        for model in (by_input, by_build, by_data):
            model.load_weights(path)
            np.testing.assert_array_equal(
                as_numpy(model.layers[0].kernel), as_numpy(saved.layers[0].kernel)
            )
            assert model.count_params() == 12
            assert len(model.trainable_variables) == 2
            model.save_weights(Path(folder) / "again.weights.h5")
            assert tuple(model.layers[0].kernel.shape) == (2, 4)
            # plot_model no longer says "not built"; it may still want pydot and graphviz.
            try:
                keras.utils.plot_model(model, to_file=str(Path(folder) / "model.png"))
            except Exception as error:  # the missing packages' error, if any
                assert "has not yet been built" not in str(error), error
                assert "pydot" in str(error) or "graphviz" in str(error), error


@check("errors.load-needs-same-shapes")
def load_needs_same_shapes() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "built.weights.h5"
        source = keras.Sequential(
            [keras.Input(shape=(2,)), keras.layers.Dense(4), keras.layers.Dense(3)]
        )
        source.save_weights(path)
        other = keras.Sequential(
            [keras.Input(shape=(3,)), keras.layers.Dense(4), keras.layers.Dense(3)]
        )
        raises(ValueError, lambda: other.load_weights(path), "could not be loaded")
        # By place, not by name: layers named otherwise (in reverse alphabetical order) get
        # the weights of the layers in the same places.
        renamed = keras.Sequential(
            [
                keras.Input(shape=(2,)),
                keras.layers.Dense(4, name="z"),
                keras.layers.Dense(3, name="a"),
            ]
        )
        renamed.load_weights(path)
        for got, want in zip(renamed.get_weights(), source.get_weights(), strict=True):
            np.testing.assert_array_equal(got, want)
        # By kind and place: a layer of another kind in between does not shift the Dense
        # layers; the second Dense still gets the second Dense's weights.
        between = keras.Sequential(
            [
                keras.Input(shape=(2,)),
                keras.layers.Dense(4),
                keras.layers.Dropout(0.5),
                keras.layers.Dense(3),
            ]
        )
        between.load_weights(path)
        for got, want in zip(between.get_weights(), source.get_weights(), strict=True):
            np.testing.assert_array_equal(got, want)


@check("errors.input-shape-rules")
def input_shape_rules() -> None:
    layer = keras.layers.Dense(4)
    layer(np.ones((3, 2), "float32"))
    layer(np.ones((5, 7, 2), "float32"))  # more axes are fine; the last must match
    raises(ValueError, lambda: layer(np.ones((3, 5), "float32")), "expected axis -1")
    raises(ValueError, lambda: layer(np.ones((2,), "float32")), "expected min_ndim=2")
    fresh = keras.layers.Dense(4)
    raises(ValueError, lambda: fresh(np.ones((2,), "float32")), "expected min_ndim=2")


@check("errors.batch-of-one-fix")
def batch_of_one_fix() -> None:
    layer = keras.layers.Dense(4)
    rows = np.random.default_rng(5).normal(size=(3, 2)).astype("float32")
    together = as_numpy(layer(rows))
    # The same numbers as in a batch of three, up to float32 rounding (a batch of one can
    # take another path through the matrix product: the last bit may differ).
    for i, x in enumerate(rows):
        for one in (x[None, :], keras.ops.expand_dims(x, 0)):
            assert tuple(one.shape) == (1, 2)
            np.testing.assert_allclose(as_numpy(layer(one))[0], together[i], rtol=1e-6, atol=1e-6)


@check("errors.wrapped-in-a-model")
def wrapped_in_a_model() -> None:
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(4)])
    wrong = np.ones((3, 5), "float32")
    for action in (lambda: model(wrong), lambda: model.predict(wrong, verbose=0)):
        message = raises(ValueError, action, "Exception encountered when calling Sequential")
        assert "expected axis -1 of input shape to have value 2" in message, message
        assert "Arguments received by Sequential.call()" in message, message
    model.compile(loss="mse")
    message = raises(ValueError, lambda: model.fit(wrong, np.ones((3, 4)), verbose=0))
    for part in (
        "Exception encountered when calling Sequential",
        "expected axis -1 of input shape to have value 2",
        "Arguments received by Sequential.call()",
    ):
        assert part in message, message


@check("errors.built-layer-keeps-its-size")
def built_layer_keeps_its_size() -> None:
    layer = keras.layers.Dense(4)
    layer(np.ones((3, 2), "float32"))
    raises(ValueError, lambda: layer(np.ones((3, 5), "float32")))
    raises(ValueError, lambda: layer.build((None, 5)), "already built")
    assert tuple(layer.kernel.shape) == (2, 4)


@check("errors.set-weights-rules")
def set_weights_rules() -> None:
    layer = keras.layers.Dense(4)
    layer.build((None, 2))
    raises(ValueError, lambda: layer.set_weights([np.zeros((3, 4)), np.zeros(4)]), "(3, 4)")
    raises(ValueError, lambda: layer.set_weights([np.zeros((2, 4))]), "expecting 2 weights")
    raises(ValueError, lambda: layer.set_weights([np.zeros(4), np.zeros((2, 4))]))  # order
    kernel, bias = np.arange(8.0).reshape(2, 4), np.arange(4.0)
    layer.set_weights([kernel, bias])
    np.testing.assert_array_equal(as_numpy(layer.kernel), kernel)
    np.testing.assert_array_equal(as_numpy(layer.bias), bias)


@check("errors.unbuilt-expects-no-weights")
@check("errors.set-weights-fix")
def unbuilt_expects_no_weights() -> None:
    layer = keras.layers.Dense(4)
    assert layer.weights == []
    kernel, bias = np.zeros((2, 4)), np.zeros(4)
    raises(ValueError, lambda: layer.set_weights([kernel, bias]), "expecting 0 weights")
    layer.set_weights([])  # the empty list is all it accepts
    layer.build((None, 2))
    layer.set_weights([kernel, bias])


@check("errors.last-axis-must-be-known")
@check("errors.only-the-last-axis-fixed")
def last_axis_must_be_known() -> None:
    for units in (4, 7):
        raises(
            ValueError,
            functools.partial(keras.layers.Dense(units).build, (None, None)),
            "fully-defined",
            f"shape=(None, {units})",  # the kernel's shape: (last axis, units)
        )
    for shape in [(None, 2), (None, None, 2), (3, None, None, 2)]:
        layer = keras.layers.Dense(4)
        layer.build(shape)
        assert tuple(layer.kernel.shape) == (2, 4)
    model = keras.Sequential([keras.Input(shape=(None, 2)), keras.layers.Dense(4)])
    for steps in (1, 5):
        assert tuple(model(np.ones((3, steps, 2), "float32")).shape) == (3, steps, 4)


@check("errors.sequences-fix")
@check("errors.none-any-length")
def sequences_fix() -> None:
    model = keras.Sequential([keras.Input(shape=(None, 2)), keras.layers.Dense(4)])
    assert tuple(model.layers[0].kernel.shape) == (2, 4)
    for steps in (1, 4, 9):
        assert tuple(model(np.ones((2, steps, 2), "float32")).shape) == (2, steps, 4)
    raises(ValueError, lambda: model(np.ones((2, 3, 5), "float32")))


@check("errors.functional-checks-the-whole-shape")
def functional_checks_the_whole_shape() -> None:
    inputs = keras.Input(shape=(2,))
    model = keras.Model(inputs, keras.layers.Dense(4)(inputs))
    raises(
        ValueError,
        lambda: model(np.ones((3, 5), "float32")),
        "is incompatible with the layer: expected shape=(None, 2), found shape=(3, 5)",
    )
    raises(ValueError, lambda: model(np.ones((2,), "float32")), "Invalid input shape for input")
    assert tuple(model(np.ones((3, 2), "float32")).shape) == (3, 4)


@check("errors.flatten-needs-a-known-size")
@check("errors.flatten-same-error")
def flatten_needs_a_known_size() -> None:
    def model(size: int | None, middle: keras.layers.Layer) -> keras.Sequential:
        return keras.Sequential(
            [
                keras.Input(shape=(size, size, 3)),
                keras.layers.Conv2D(8, 3),
                middle,
                keras.layers.Dense(4),
            ]
        )

    raises(ValueError, lambda: model(None, keras.layers.Flatten()), "fully-defined")
    pooled = model(None, keras.layers.GlobalAveragePooling2D())
    assert tuple(pooled.layers[-1].kernel.shape) == (8, 4)
    for side in (10, 17):  # any size now, one number per channel
        assert tuple(pooled(np.ones((1, side, side, 3), "float32")).shape) == (1, 4)
    fixed = model(28, keras.layers.Flatten())
    assert tuple(fixed.layers[-1].kernel.shape) == (26 * 26 * 8, 4)
