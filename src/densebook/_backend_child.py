"""The other end of :mod:`densebook._backends`: one Keras backend, in a process of its own.

Keras chooses its backend once, when ``keras`` is first imported (``KERAS_BACKEND``, read
in ``keras/src/backend/config.py``), so each backend needs a fresh Python process. This
module runs there: ``python -c "from densebook._backend_child import main; main('jax')"``.
It reads one JSON request per line on stdin and answers each with one JSON line on stdout:
a Dense layer built, described and called as the request says. Arrays travel as their raw
little-endian bytes, so the parent sees exactly the values this process computed.
"""

from __future__ import annotations

import base64
import json
import math
import sys
import traceback
from typing import Any

import numpy as np

from densebook._tf_environment import _quiet_stderr_fd, apply_tf_environment, tf_and_keras

# main() sets densebook's TensorFlow environment, with the backend it was asked for, before
# Keras is imported (importing densebook sets nothing).


def encode(array: Any) -> dict[str, Any]:
    """An array as JSON: its dtype, shape and raw little-endian bytes (base64)."""
    values = np.asarray(array)
    little = np.ascontiguousarray(values.astype(values.dtype.newbyteorder("<"), copy=False))
    return {
        "dtype": little.dtype.str,
        "shape": list(little.shape),
        "data": base64.b64encode(little.tobytes()).decode("ascii"),
    }


def decode(data: dict[str, Any]) -> np.ndarray:
    """The array :func:`encode` wrote, bit for bit, in native byte order."""
    raw = np.frombuffer(base64.b64decode(data["data"]), dtype=np.dtype(data["dtype"]))
    return raw.reshape(data["shape"]).astype(raw.dtype.newbyteorder("="))


def glorot_uniform_limit(fan_in: int, fan_out: int) -> float:
    """The bound ``keras.initializers.GlorotUniform`` computes, with its own arithmetic.

    ``VarianceScaling.__call__`` (Keras 3.15): ``scale = 1.0 / max(1, (fan_in + fan_out) / 2)``
    then ``limit = sqrt(3 * scale)``; mathematically ``sqrt(6 / (fan_in + fan_out))``, but
    the same operations give the same float bit for bit.
    """
    scale = 1.0
    scale /= max(1.0, (fan_in + fan_out) / 2.0)
    return math.sqrt(3.0 * scale)


def _backend_draw(backend: str, seed: int, shape: tuple[int, int]) -> np.ndarray:
    """The backend's own uniform draw for an integer seed, without Keras in between.

    Keras turns an integer seed ``s`` into the pair ``[s, 0]`` (``draw_seed`` in
    ``keras/src/random/seed_generator.py``): TensorFlow's stateless random ops take it as
    their seed, JAX takes it as a raw ``uint32`` key.
    """
    limit = glorot_uniform_limit(*shape)
    if backend == "tensorflow":
        import tensorflow as tf

        # Keras folds the seed into int32 (floormod by 2**31 - 2); densebook's seeds are
        # below that, so the pair is unchanged.
        pair = tf.constant([seed % (2**31 - 2), 0], dtype=tf.int32)
        draw = tf.random.stateless_uniform(
            shape, seed=pair, minval=-limit, maxval=limit, dtype=tf.float32
        )
        return np.asarray(draw.numpy())
    import jax
    import jax.numpy as jnp

    key = jnp.array([seed, 0], dtype=jnp.uint32)
    return np.asarray(jax.random.uniform(key, shape, jnp.float32, -limit, limit))


def _versions(backend: str) -> tuple[str, str]:
    import keras

    if backend == "tensorflow":
        import tensorflow as tf

        return keras.__version__, tf.__version__
    import jax

    return keras.__version__, jax.__version__


def answer(backend: str, request: dict[str, Any]) -> dict[str, Any]:
    """Build, describe and call one Dense layer as ``request`` says."""
    import keras

    # Fresh layer names and global seed generator; Python's garbage collection is left
    # out (it takes longer than the rest of a request).
    keras.backend.clear_session(free_memory=False)
    if request["global_seed"] is not None:
        # On every backend this seeds Python's `random`, NumPy and, when installed,
        # TensorFlow (importing it, whose C++ start-up writes to stderr).
        with _quiet_stderr_fd():
            keras.utils.set_random_seed(request["global_seed"])
    units, input_shape = request["units"], tuple(request["input_shape"])
    layer = keras.layers.Dense(
        units, kernel_initializer=keras.initializers.GlorotUniform(seed=request["seed"])
    )
    before = [str(v.path) for v in layer.weights]
    inputs = (
        decode(request["inputs"])
        if request["inputs"] is not None
        else np.ones(input_shape, dtype=np.float32)
    )
    output = layer(inputs)  # the first call: the layer builds its weights here
    initial = [np.array(v.numpy(), copy=True) for v in (layer.kernel, layer.bias)]
    if request["kernel"] is not None:
        layer.set_weights([decode(request["kernel"]), decode(request["bias"])])
        output = layer(inputs)
    keras_version, framework_version = _versions(backend)
    initializer_seed = int(layer.kernel_initializer.seed)
    return {
        "backend": keras.backend.backend(),
        "keras_version": keras_version,
        "framework_version": framework_version,
        "weights_before_call": before,
        "variables": [
            {
                "role": role,
                "path": str(variable.path),
                "shape": [int(d) for d in variable.shape],
                "dtype": str(variable.dtype),
            }
            for role, variable in (("kernel", layer.kernel), ("bias", layer.bias))
        ],
        "initializer_seed": initializer_seed,
        "kernel": encode(initial[0]),
        "bias": encode(initial[1]),
        "backend_draw": (
            encode(_backend_draw(backend, initializer_seed, (input_shape[-1], units)))
            if request.get("draw", True)
            else None
        ),
        "output": encode(keras.ops.convert_to_numpy(output)),
    }


def main(backend: str) -> None:
    """Serve requests from stdin until it closes; one JSON line in, one out."""
    # densebook's TensorFlow settings, with the backend asked for; no probing for GPUs.
    apply_tf_environment({"KERAS_BACKEND": backend, "JAX_PLATFORMS": "cpu"})
    if backend == "tensorflow":
        tf_and_keras()  # quietly, with op determinism, as in the pages' kernels
    else:
        with _quiet_stderr_fd():
            import keras  # noqa: F401

    for line in sys.stdin:
        try:
            reply = answer(backend, json.loads(line))
        except Exception:  # reported to the parent, which raises it with the backend's name
            reply = {"error": traceback.format_exc()}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
