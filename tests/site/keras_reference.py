"""What Keras computes for the explorables' settings: run in a new process, printed as JSON.

The browser tests (``test_explorables.py``) drive each explorable over a grid of settings and
compare what the page shows with this, computed here by Keras with the pages' own settings
(``densebook.tf_and_keras()`` and the global seed 0), not read from the pages.

    python tests/site/keras_reference.py   # prints the JSON
"""

from __future__ import annotations

import itertools
import json
from typing import Any

#: The post's layer, live: inputs x0, x1 and the bias of every unit (105 settings).
DIAGRAM_GRID = [
    (x0, x1, b)
    for x0 in (-2.5, -1.0, -0.3, 0.0, 0.7, 1.0, 3.3)
    for x1 in (-1.7, 0.0, 0.5, 1.0, 2.0)
    for b in (0.0, -0.25, 1.5)
]
#: The learning-rate explorable: three of its runs, each at every epoch (60 settings).
TRAINING_RUNS = [(0.01, 100), (0.1, 32), (4.5, 10)]
EPOCHS = 20


def diagram(keras: Any, np: Any) -> dict[str, Any]:
    layer = keras.layers.Dense(4, kernel_initializer=keras.initializers.GlorotUniform(seed=0))
    layer.build((None, 2))
    outputs = []
    for x0, x1, b in DIAGRAM_GRID:
        layer.bias.assign(np.full(4, b, "float32"))
        y = layer(np.array([[x0, x1]], "float32"))
        outputs.append(keras.ops.convert_to_numpy(y)[0].tolist())
    return {"kernel": keras.ops.convert_to_numpy(layer.kernel).tolist(), "outputs": outputs}


def shapes(keras: Any, np: Any) -> dict[str, Any]:
    found = {}
    for rank in (2, 3, 4):
        for lead in itertools.product((1, 3), repeat=rank - 1):
            for last in (1, 2, 3, 5):
                for units in (1, 2, 4):
                    layer = keras.layers.Dense(units)
                    shape = (*lead, last)
                    y = layer(np.zeros(shape, "float32"))
                    found[f"{','.join(map(str, lead))}|{last}|{units}"] = [
                        list(shape),
                        list(layer.kernel.shape),
                        list(layer.bias.shape),
                        list(y.shape),
                        layer.count_params(),
                    ]
    return found


def training(keras: Any, np: Any) -> dict[str, Any]:
    """Each run in a new model of its own, as a reader would train it."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(100, 2)).astype("float32")
    rule = np.array([[1.0, -2.0, 0.5, 0.0], [0.5, 1.0, -1.0, 2.0]], dtype="float32")
    y = x @ rule + 0.5
    runs = {}
    for rate, batch in TRAINING_RUNS:
        model = keras.Sequential(
            [
                keras.Input(shape=(2,)),
                keras.layers.Dense(4, kernel_initializer=keras.initializers.GlorotUniform(seed=0)),
            ]
        )
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=rate), loss="mse")
        start = keras.ops.convert_to_numpy(model.layers[0].kernel)
        moves, steps = [], []

        def record(
            epoch: int,
            logs: Any,
            model: Any = model,
            start: Any = start,
            moves: list[float] = moves,
            steps: list[int] = steps,
        ) -> None:
            kernel = keras.ops.convert_to_numpy(model.layers[0].kernel)
            moves.append(float(np.abs(kernel - start).max()))
            steps.append(int(model.optimizer.iterations))

        history = model.fit(
            x,
            y,
            epochs=EPOCHS,
            batch_size=batch,
            verbose=0,
            callbacks=[keras.callbacks.LambdaCallback(on_epoch_end=record)],
        )
        runs[f"{rate}|{batch}"] = {"loss": history.history["loss"], "move": moves, "steps": steps}
    return runs


def answers(keras: Any, np: Any) -> dict[str, Any]:
    """The predict-first questions' answers."""
    probe = keras.layers.Dense(4)
    probe.build((None, 5))
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(4)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.zeros((100, 2), "float32")
    model.fit(x, np.zeros((100, 4), "float32"), epochs=20, batch_size=32, verbose=0)

    class Counting(keras.layers.Layer):
        calls = 0

        def build(self, input_shape: Any) -> None:
            Counting.calls += 1
            self.kernel = self.add_weight(shape=(input_shape[-1], 4), name="kernel")

        def call(self, inputs: Any) -> Any:
            return keras.ops.matmul(inputs, self.kernel)

    counting = Counting()
    counting(np.ones((3, 4, 2), "float32"))
    counting(np.ones((5, 2), "float32"))
    return {
        "shapes": int(np.prod(probe.kernel.shape)),
        "training": int(model.optimizer.iterations),
        "lazy-weights": Counting.calls,
    }


def main() -> None:
    import densebook

    densebook.tf_and_keras()
    import keras
    import numpy as np

    keras.utils.set_random_seed(0)
    print(
        json.dumps(
            {
                "diagram": diagram(keras, np),
                "shapes": shapes(keras, np),
                "training": training(keras, np),
                "answers": answers(keras, np),
            }
        )
    )


if __name__ == "__main__":
    main()
