"""Kernel-method helpers: circles, the lift, the RBF kernel, weighted averages, separators."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import assert_names_argument
from densebook import (
    fit_linear_separator,
    kernel_weighted_average,
    lift_features,
    make_circles,
    rbf_kernel,
)


def test_make_circles_radii_labels_and_determinism() -> None:
    points, labels = make_circles(100, seed=3, noise=0.0)
    radius = np.hypot(points[:, 0], points[:, 1])
    np.testing.assert_allclose(radius[labels == 0], 1.0)
    np.testing.assert_allclose(radius[labels == 1], 2.0)
    again, _ = make_circles(100, seed=3, noise=0.0)
    np.testing.assert_array_equal(points, again)
    other, _ = make_circles(100, seed=4, noise=0.0)
    assert not np.array_equal(points, other)


def test_lift_features_adds_squared_radius() -> None:
    lifted = lift_features(np.array([[3.0, 4.0], [0.0, -1.0]]))
    np.testing.assert_array_equal(lifted, [[3.0, 4.0, 25.0], [0.0, -1.0, 1.0]])


def test_circles_separable_only_after_the_lift() -> None:
    points, labels = make_circles(200, seed=0)
    assert fit_linear_separator(points, labels).accuracy < 0.75
    assert fit_linear_separator(lift_features(points), labels).accuracy == 1.0


def test_rbf_kernel_values_symmetry_and_range() -> None:
    rng = np.random.default_rng(0)
    a = rng.normal(size=(6, 3))
    k = rbf_kernel(a, a, gamma=0.7)
    np.testing.assert_allclose(np.diag(k), 1.0)
    np.testing.assert_allclose(k, k.T)
    assert np.all((k > 0) & (k <= 1))
    assert np.all(np.linalg.eigvalsh(k) > -1e-12)  # a valid kernel gives a PSD Gram matrix
    assert rbf_kernel([[0.0]], [[2.0]], gamma=0.5)[0, 0] == pytest.approx(np.exp(-2.0))


def test_kernel_weighted_average_prefers_nearer_points() -> None:
    result = kernel_weighted_average([[0.0], [1.0], [5.0]], [0.0, 1.0, 100.0], [0.9], gamma=1.0)
    assert result.weights.sum() == pytest.approx(1.0)
    assert result.weights[1] > result.weights[0] > result.weights[2]
    assert 0.0 < result.prediction < 1.0


def test_separator_predict_and_accuracy_on_a_line() -> None:
    sep = fit_linear_separator([[0.0], [1.0], [3.0], [4.0]], [0, 0, 1, 1])
    assert sep.accuracy == 1.0
    assert sep.predict([[-5.0], [10.0]]).tolist() == [0, 1]


@pytest.mark.parametrize(
    ("call", "name", "value", "error"),
    [
        (lambda: make_circles(0, seed=0), "n_per_circle", 0, ValueError),
        (lambda: make_circles(5, seed=-1), "seed", -1, ValueError),
        (lambda: make_circles(5, seed=0, radii=(2.0, 1.0)), "radii", (2.0, 1.0), ValueError),
        (lambda: make_circles(5, seed=0, radii=[1, 2]), "radii", [1, 2], TypeError),
        (lambda: make_circles(5, seed=0, noise=-0.1), "noise", -0.1, ValueError),
        (lambda: make_circles(5, seed=0, noise="a"), "noise", "a", TypeError),
        (lambda: rbf_kernel([[0.0]], [[0.0]], gamma=0.0), "gamma", 0.0, ValueError),
        (lambda: rbf_kernel([[0.0]], [[0.0]], gamma="1"), "gamma", "1", TypeError),
        (
            lambda: kernel_weighted_average([[0.0]], [1.0], [0.0], gamma=-1.0),
            "gamma",
            -1.0,
            ValueError,
        ),
        (lambda: fit_linear_separator([[0.0], [1.0]], [0, 2]), "labels", [0, 2], ValueError),
        (lambda: fit_linear_separator([[0.0], [1.0]], [1, 1]), "labels", [1, 1], ValueError),
    ],
)
def test_bad_arguments_are_named(
    call: object, name: str, value: object, error: type[Exception]
) -> None:
    with pytest.raises(error) as excinfo:
        call()  # type: ignore[operator]
    assert_names_argument(excinfo, name, value)


@pytest.mark.parametrize(
    ("call", "starts"),
    [
        (lambda: lift_features([[1.0, 2.0, 3.0]]), "points must have shape (n, 2)"),
        (lambda: lift_features([[np.nan, 2.0]]), "points must contain only finite"),
        (lambda: lift_features("ab"), "points must hold real numbers"),
        (lambda: rbf_kernel([[0.0, 1.0]], [[0.0]], gamma=1.0), "b must have the same number"),
        (
            lambda: kernel_weighted_average([[0.0]], [1.0, 2.0], [0.0], gamma=1.0),
            "values must have shape",
        ),
        (
            lambda: kernel_weighted_average([[0.0]], [1.0], [0.0, 1.0], gamma=1.0),
            "query must have shape",
        ),
        (lambda: fit_linear_separator([[0.0], [1.0]], [0]), "labels must be 2 labels"),
    ],
)
def test_bad_shapes_are_named(call: object, starts: str) -> None:
    with pytest.raises((TypeError, ValueError)) as excinfo:
        call()  # type: ignore[operator]
    assert str(excinfo.value).startswith(starts), str(excinfo.value)
