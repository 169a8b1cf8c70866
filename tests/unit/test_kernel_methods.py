"""Kernel-method helpers: circles, the lift, the RBF kernel, weighted averages, separators."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from densebook import (
    fit_best_line,
    fit_linear_separator,
    kernel_weighted_average,
    lift_features,
    make_circles,
    rbf_kernel,
)
from helpers import assert_names_argument


def brute_force_best_line(points: np.ndarray, labels: np.ndarray) -> float:
    """Best line accuracy by another route, for points in general position (no 3 collinear).

    Slide a best line until it touches a point, then turn it about that point until it
    touches a second: the other points keep their sides. So some line through two points
    p_i, p_j, nudged to put p_i and p_j each on its own class's side, is as good as any.
    """
    n = len(points)
    ones = int(labels.sum())
    best = max(ones, n - ones)  # every point on one side
    for i in range(n):
        for j in range(i + 1, n):
            d = points[j] - points[i]
            cross = d[0] * (points[:, 1] - points[i, 1]) - d[1] * (points[:, 0] - points[i, 0])
            on_their_side = ((cross > 0) & (labels == 1)) | ((cross < 0) & (labels == 0))
            on_their_side[[i, j]] = False  # p_i and p_j are placed by the nudge below
            right = int(on_their_side.sum())
            best = max(best, right + 2, (n - 2 - right) + 2)
    return best / n


def random_two_class_points(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=n)
    labels[:2] = [0, 1]  # both classes present
    points = rng.normal(size=(n, 2)) + 0.7 * labels[:, None]  # overlapping clouds
    return points, labels


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


def test_kernel_weighted_average_is_nadaraya_watson() -> None:
    """The prediction is sum_i k(x, x_i) y_i / sum_i k(x, x_i) with the RBF kernel."""
    rng = np.random.default_rng(1)
    points, values, query = rng.normal(size=(7, 2)), rng.normal(size=7), rng.normal(size=2)
    k = np.exp(-0.8 * np.sum((points - query) ** 2, axis=1))
    result = kernel_weighted_average(points, values, query, gamma=0.8)
    np.testing.assert_allclose(result.weights, k / k.sum(), rtol=1e-12)
    assert result.prediction == pytest.approx(float(k @ values / k.sum()), rel=1e-12)


def test_best_line_matches_brute_force_on_small_random_sets() -> None:
    for seed in range(40):
        points, labels = random_two_class_points(seed, 3 + seed % 10)
        assert fit_best_line(points, labels).accuracy == brute_force_best_line(points, labels)


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 11))
def test_best_line_is_exact_and_achieved(seed: int, n: int) -> None:
    """Equals brute force, its own line achieves it, least squares never beats it."""
    points, labels = random_two_class_points(seed, n)
    best = fit_best_line(points, labels)
    assert best.accuracy == brute_force_best_line(points, labels)
    assert np.sum(best.predict(points) == labels) / n == best.accuracy
    assert best.accuracy >= fit_linear_separator(points, labels).accuracy


def exact_best_line_on_integer_points(points: np.ndarray, labels: np.ndarray) -> float:
    """The same sweep in exact integer arithmetic, so ties and collinear points are exact.

    Integer directions strictly between consecutive critical directions (the sum of two
    neighbours) stand in for the midpoint angles.
    """
    n = len(points)
    normals = set()
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = (int(v) for v in points[j] - points[i])
            if (dx, dy) != (0, 0):
                g = math.gcd(dx, dy)
                x, y = -dy // g, dx // g  # perpendicular, reduced, in the upper half-plane
                normals.add((x, y) if y > 0 or (y == 0 and x > 0) else (-x, -y))

    def by_angle(a: tuple[int, int], b: tuple[int, int]) -> int:
        return -1 if a[0] * b[1] - a[1] * b[0] > 0 else 1

    ordered = sorted(normals, key=functools.cmp_to_key(by_angle))
    if not ordered:
        candidates = [(1, 0)]
    elif len(ordered) == 1:
        candidates = [(-ordered[0][1], ordered[0][0])]
    else:
        ends = [*ordered[1:], (-ordered[0][0], -ordered[0][1])]
        candidates = [(a[0] + b[0], a[1] + b[1]) for a, b in zip(ordered, ends, strict=True)]
    best = 0
    for u in candidates:
        projections = points.astype(np.int64) @ np.array(u, dtype=np.int64)
        order = np.argsort(projections, kind="stable")
        sorted_projections, sorted_labels = projections[order], labels[order]
        ones_total = int(labels.sum())
        for cut in range(n + 1):
            if 0 < cut < n and sorted_projections[cut - 1] == sorted_projections[cut]:
                continue
            ones_below = int(sorted_labels[:cut].sum())
            right = (cut - ones_below) + (ones_total - ones_below)
            best = max(best, right, n - right)
    return best / n


@given(
    coords=st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)), min_size=2, max_size=12),
    data=st.data(),
)
def test_best_line_is_exact_on_collinear_and_duplicate_points(
    coords: list[tuple[int, int]], data: st.DataObject
) -> None:
    """Grid points (many collinear, some repeated): exact, and its own line achieves it."""
    n = len(coords)
    labels = np.array(data.draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    labels[:2] = [0, 1]
    points = np.array(coords, dtype=np.float64)
    best = fit_best_line(points, labels)
    assert best.accuracy == exact_best_line_on_integer_points(points, labels)
    assert np.sum(best.predict(points) == labels) / n == best.accuracy


def test_best_line_on_known_cases() -> None:
    separable = [[0.0, 0.0], [1.0, 0.2], [0.3, 1.0], [3.0, 3.0], [4.0, 3.5], [3.2, 4.1]]
    assert fit_best_line(separable, [0, 0, 0, 1, 1, 1]).accuracy == 1.0
    square = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    assert fit_best_line(square, [0, 1, 1, 0]).accuracy == 0.75  # XOR
    on_a_line = [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]
    assert fit_best_line(on_a_line, [0, 0, 1, 1]).accuracy == 1.0
    assert fit_best_line(on_a_line, [0, 1, 0, 1]).accuracy == 0.75
    assert fit_best_line([[1.0, 1.0], [1.0, 1.0]], [0, 1]).accuracy == 0.5  # one point, two labels


def test_best_line_beats_least_squares_on_the_circles() -> None:
    points, labels = make_circles(30, seed=0)
    best = fit_best_line(points, labels)
    assert fit_linear_separator(points, labels).accuracy <= best.accuracy < 1.0
    assert best.accuracy == brute_force_best_line(points, labels)
    assert np.sum(best.predict(points) == labels) / len(labels) == best.accuracy
    np.testing.assert_allclose(np.linalg.norm(best.weights), 1.0)


def test_best_line_ignores_rotation_shift_and_scale() -> None:
    points, labels = random_two_class_points(5, 25)
    turn = np.array([[np.cos(1.0), -np.sin(1.0)], [np.sin(1.0), np.cos(1.0)]])
    moved = 3.0 * points @ turn.T + np.array([100.0, -50.0])
    assert fit_best_line(moved, labels).accuracy == fit_best_line(points, labels).accuracy


def test_least_squares_rcond_ignores_rounding_noise_off_a_plane() -> None:
    """Features on a 2-D plane in 4-D, with float32 noise: rcond restores the 2-D fit."""
    points, labels = make_circles(100, seed=0)
    rng = np.random.default_rng(0)
    lifted = (points @ rng.normal(size=(2, 4)) + rng.normal(size=4)).astype(np.float32)
    flat = fit_linear_separator(points, labels)
    cut = fit_linear_separator(lifted, labels, rcond=1e-5)
    np.testing.assert_array_equal(cut.predict(lifted), flat.predict(points))
    assert cut.accuracy == flat.accuracy


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
        (lambda: fit_linear_separator([[0.0], [1.0]], [0, 1], rcond=1.5), "rcond", 1.5, ValueError),
        (lambda: fit_linear_separator([[0.0], [1.0]], [0, 1], rcond="a"), "rcond", "a", TypeError),
        (lambda: fit_best_line([[0.0, 0.0], [1.0, 0.0]], [0, 2]), "labels", [0, 2], ValueError),
        (lambda: fit_best_line([[0.0, 0.0], [1.0, 0.0]], [0, 0]), "labels", [0, 0], ValueError),
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
        (lambda: fit_best_line([[0.0, 1.0, 2.0]], [0]), "points must have shape (n, 2)"),
        (lambda: fit_best_line([[0.0, np.inf], [1.0, 0.0]], [0, 1]), "points must contain only"),
    ],
)
def test_bad_shapes_are_named(call: object, starts: str) -> None:
    with pytest.raises((TypeError, ValueError)) as excinfo:
        call()  # type: ignore[operator]
    assert str(excinfo.value).startswith(starts), str(excinfo.value)
