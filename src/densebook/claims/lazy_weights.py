"""Checks for the claims of the page "Lazy weights: why a new layer has none"."""

from __future__ import annotations

import re

import keras

from densebook.claims import check

PAGE = "lazy-weights"


@check("lazy.no-weights-until-built")
def no_weights_until_built() -> None:
    layer = keras.layers.Dense(4)
    assert layer.units == 4  # the outputs are fixed...
    assert layer.built is False  # ...but nothing says how many inputs there will be
    assert layer.weights == []
    assert layer.trainable_variables == []


@check("lazy.call-builds")
def call_builds() -> None:
    for shape in [(3, 2), (5, 7), (3, 4, 2), (2, 3, 4, 6)]:
        layer = keras.layers.Dense(4)
        layer(keras.ops.ones(shape))
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
    assert by_build.built
    assert tuple(by_build.kernel.shape) == (3, 4)

    by_model = keras.layers.Dense(4)
    keras.Sequential([keras.Input(shape=(3,)), by_model])
    assert by_model.built
    assert tuple(by_model.kernel.shape) == (3, 4)


@check("lazy.kernel-before-build-raises")
def kernel_before_build_raises() -> None:
    layer = keras.layers.Dense(4)
    try:
        _ = layer.kernel
    except AttributeError as error:
        assert "build" in str(error), error
    else:
        raise AssertionError("layer.kernel did not raise before the build")


@check("lazy.summary-counts-nothing-before-build")
def summary_counts_nothing_before_build() -> None:
    model = keras.Sequential([keras.layers.Dense(4)])
    lines: list[str] = []
    model.summary(print_fn=lambda line, **_: lines.append(line))
    text = "\n".join(lines)
    assert "(unbuilt)" in text, text
    assert re.search(r"Total params: 0\b", text), text


@check("lazy.count-params-before-build-raises")
def count_params_before_build_raises() -> None:
    model = keras.Sequential([keras.layers.Dense(4)])
    try:
        model.count_params()
    except ValueError as error:
        assert "isn't built" in str(error), error
    else:
        raise AssertionError("model.count_params() did not raise before the build")
