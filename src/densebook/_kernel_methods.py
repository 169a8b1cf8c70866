"""Kernel methods, the *other* meaning of "kernel": feature lifts, the RBF kernel, separators.

None of this is what a Keras ``Dense`` layer's ``kernel`` is; the pages use it to show the
difference. Plain NumPy, deterministic for a given seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from densebook import _validate


def _points(name: str, value: object, *, dims: int | None = None) -> np.ndarray:
    array = _validate.finite_array(name, value, dtype=np.float64)
    if array.ndim != 2 or (dims is not None and array.shape[1] != dims):
        wanted = f"(n, {dims})" if dims is not None else "(n, d)"
        raise ValueError(f"{name} must have shape {wanted}, got shape {array.shape}")
    return array


def _labels(name: str, value: object, n: int) -> np.ndarray:
    array = _validate.finite_array(name, value, dtype=np.float64)
    if array.shape != (n,) or not np.all(np.isin(array, (0.0, 1.0))):
        raise ValueError(f"{name} must be {n} labels, each 0 or 1, got {value!r:.80}")
    if np.unique(array).size != 2:
        raise ValueError(f"{name} must contain both classes, 0 and 1, got {value!r:.80}")
    return array.astype(np.int64)


def make_circles(
    n_per_circle: int,
    *,
    seed: int,
    radii: tuple[float, float] = (1.0, 2.0),
    noise: float = 0.1,
) -> tuple[np.ndarray, np.ndarray]:
    """Sample points on two concentric circles: a data set no straight line separates.

    Args:
        n_per_circle: Points on each circle, >= 1.
        seed: Seed for NumPy's generator, from 0 to ``2**31 - 3``.
        radii: Radii of the inner (label 0) and outer (label 1) circle, inner < outer.
        noise: Standard deviation of the Gaussian jitter added to the radius, >= 0.

    Returns:
        ``(points, labels)``: points of shape ``(2 * n_per_circle, 2)`` and labels of 0
        (inner circle) or 1 (outer circle).

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: An argument has a bad value (the message names it).

    Example:
        >>> points, labels = make_circles(50, seed=0)
        >>> points.shape, labels.tolist().count(1)
        ((100, 2), 50)
    """
    n = _validate.positive_int("n_per_circle", n_per_circle)
    checked_seed = _validate.seed("seed", seed)
    if not (
        isinstance(radii, tuple)
        and len(radii) == 2
        and all(isinstance(r, (int, float)) and not isinstance(r, bool) for r in radii)
    ):
        raise TypeError(f"radii must be a tuple of two numbers, got {radii!r}")
    inner = _validate.finite_positive_float("radii", radii[0])
    outer = _validate.finite_positive_float("radii", radii[1])
    if not inner < outer:
        raise ValueError(f"radii must be (inner, outer) with inner < outer, got {radii!r}")
    if isinstance(noise, bool) or not isinstance(noise, (int, float)):
        raise TypeError(f"noise must be a number, got {noise!r}")
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be finite and >= 0, got {noise!r}")
    rng = np.random.default_rng(checked_seed)
    angles = rng.uniform(0, 2 * np.pi, size=2 * n)
    radius = np.repeat([inner, outer], n) + rng.normal(0, noise, size=2 * n)
    points = np.column_stack([radius * np.cos(angles), radius * np.sin(angles)])
    return points, np.repeat([0, 1], n)


def lift_features(points: ArrayLike) -> np.ndarray:
    """Map 2-D points ``(x, y)`` to 3-D ``(x, y, x**2 + y**2)``: the kernel trick's lift.

    Args:
        points: Array of shape ``(n, 2)``.

    Returns:
        Array of shape ``(n, 3)``; the third column is the squared distance from the origin.

    Raises:
        TypeError: ``points`` is not numeric.
        ValueError: ``points`` is not of shape ``(n, 2)`` or not finite.

    Example:
        >>> lift_features([[1.0, 2.0]]).tolist()
        [[1.0, 2.0, 5.0]]
    """
    array = _points("points", points, dims=2)
    return np.column_stack([array, (array**2).sum(axis=1)])


def rbf_kernel(a: ArrayLike, b: ArrayLike, *, gamma: float) -> np.ndarray:
    """The Gaussian (RBF) kernel ``k(a, b) = exp(-gamma * ||a - b||**2)`` for all pairs.

    A kernel function scores similarity: 1 for identical points, falling towards 0 with
    distance. It equals an inner product ``<phi(a), phi(b)>`` in a feature space with
    infinitely many dimensions, never computed explicitly (the kernel trick).

    Args:
        a: Points of shape ``(n, d)``.
        b: Points of shape ``(m, d)``.
        gamma: Width parameter, > 0; larger means similarity falls off faster.

    Returns:
        The ``(n, m)`` matrix of similarities.

    Raises:
        TypeError: An argument is not numeric (the message names it).
        ValueError: Shapes do not match or ``gamma <= 0`` (the message names it).

    Example:
        >>> rbf_kernel([[0.0, 0.0]], [[0.0, 0.0], [1.0, 0.0]], gamma=1.0).round(4).tolist()
        [[1.0, 0.3679]]
    """
    left = _points("a", a)
    right = _points("b", b)
    if left.shape[1] != right.shape[1]:
        raise ValueError(
            f"b must have the same number of columns as a ({left.shape[1]}), "
            f"got shape {right.shape}"
        )
    width = _validate.finite_positive_float("gamma", gamma)
    squared = ((left[:, None, :] - right[None, :, :]) ** 2).sum(axis=-1)
    similarity: np.ndarray = np.exp(-width * squared)
    return similarity


@dataclass(frozen=True)
class KernelAverage:
    """A prediction that averages known values, weighted by RBF similarity to the query.

    Attributes:
        weights: Normalised weight of each known point (they sum to 1).
        prediction: The weighted average of the known values.
    """

    weights: np.ndarray
    prediction: float


def kernel_weighted_average(
    points: ArrayLike, values: ArrayLike, query: ArrayLike, *, gamma: float
) -> KernelAverage:
    """Predict a value at ``query`` as the RBF-weighted average of known values.

    This is kernel smoothing, the Nadaraya-Watson estimator: with ``k`` the RBF kernel,
    the prediction is ``sum_i k(query, x_i) * y_i / sum_i k(query, x_i)``, so nearer
    points get larger weights.

    Args:
        points: Known points, shape ``(n, d)``.
        values: Known values, shape ``(n,)``.
        query: One point, shape ``(d,)``.
        gamma: RBF width, > 0.

    Returns:
        A :class:`KernelAverage`.

    Raises:
        TypeError: An argument is not numeric (the message names it).
        ValueError: Shapes do not match, ``gamma <= 0``, or every weight underflows to 0.

    Example:
        >>> result = kernel_weighted_average([[0.0], [1.0]], [0.0, 10.0], [0.25], gamma=1.0)
        >>> round(result.prediction, 3), bool(result.weights[0] > result.weights[1])
        (3.775, True)
    """
    known = _points("points", points)
    targets = _validate.finite_array("values", values, dtype=np.float64)
    if targets.shape != (known.shape[0],):
        raise ValueError(
            f"values must have shape ({known.shape[0]},) to match points, got {targets.shape}"
        )
    where = _validate.finite_array("query", query, dtype=np.float64)
    if where.shape != (known.shape[1],):
        raise ValueError(f"query must have shape ({known.shape[1]},), got {where.shape}")
    similarity = rbf_kernel(known, where[None, :], gamma=gamma)[:, 0]
    total = similarity.sum()
    if total == 0:
        raise ValueError(f"gamma={gamma!r} is so large that every weight is 0 for this query")
    weights = similarity / total
    return KernelAverage(weights=weights, prediction=float(weights @ targets))


@dataclass(frozen=True)
class LinearSeparator:
    """A hyperplane ``w . f + offset = 0`` fitted to separate two classes.

    Attributes:
        weights: Normal vector ``w``, one entry per feature.
        offset: The constant term.
        accuracy: Fraction of the training points on their class's side.
    """

    weights: np.ndarray
    offset: float
    accuracy: float

    def predict(self, features: ArrayLike) -> np.ndarray:
        """Return label 1 where ``w . f + offset > 0``, else 0."""
        array = _points("features", features, dims=self.weights.size)
        predicted: np.ndarray = (array @ self.weights + self.offset > 0).astype(np.int64)
        return predicted


def fit_linear_separator(
    features: ArrayLike, labels: ArrayLike, *, rcond: float | None = None
) -> LinearSeparator:
    """Fit a separating hyperplane by least squares on labels coded as -1 and +1.

    Closed form and deterministic. When the classes are linearly separable with a
    margin (as the lifted circles are) the fit separates them; when they are not (the
    circles in 2-D), its accuracy shows it. Least squares is not the best hyperplane:
    for 2-D points, :func:`fit_best_line` finds the most accurate line.

    Args:
        features: Shape ``(n, d)``.
        labels: Shape ``(n,)``, each 0 or 1, both classes present.
        rcond: Singular values of the design matrix (the features plus a column of ones)
            below ``rcond`` times the largest are treated as zero, as in
            ``numpy.linalg.lstsq``. ``None`` keeps NumPy's default (machine precision
            times the larger dimension). Pass about ``1e-5`` for float32 features that lie
            on a lower-dimensional plane, so the fit ignores their rounding noise.

    Returns:
        A :class:`LinearSeparator` with its training accuracy.

    Raises:
        TypeError: An argument is not numeric (the message names it).
        ValueError: Shapes do not match or the labels are not 0/1 (the message names it).

    Example:
        >>> sep = fit_linear_separator([[0.0], [1.0], [3.0], [4.0]], [0, 0, 1, 1])
        >>> sep.accuracy, sep.predict([[0.5], [3.5]]).tolist()
        (1.0, [0, 1])
    """
    array = _points("features", features)
    classes = _labels("labels", labels, array.shape[0])
    if rcond is not None:
        rcond = _validate.finite_positive_float("rcond", rcond)
        if rcond >= 1:
            raise ValueError(f"rcond must be None or a number in (0, 1), got {rcond!r}")
    design = np.column_stack([array, np.ones(array.shape[0])])
    solution, *_ = np.linalg.lstsq(design, 2.0 * classes - 1.0, rcond=rcond)
    separator = LinearSeparator(weights=solution[:-1], offset=float(solution[-1]), accuracy=0.0)
    accuracy = float(np.mean(separator.predict(array) == classes))
    return LinearSeparator(weights=separator.weights, offset=separator.offset, accuracy=accuracy)


#: Projections closer than this, relative to the spread of the points, count as tied: the
#: best-line search never puts a threshold between them. Rounding errors of a projection
#: are about 1e-16 of the spread, so a threshold it does place separates the points truly.
_TIE_TOLERANCE = 1e-12

#: Projections handled per vectorised chunk (rows x points): about 8 MB per float64 array.
_CHUNK_ELEMENTS = 1_000_000


def fit_best_line(points: ArrayLike, labels: ArrayLike) -> LinearSeparator:
    """Find the most accurate line for 2-D points of two classes, by exhaustive search.

    A line ``w . p + offset = 0`` predicts 1 on one side and 0 on the other. This search
    covers every direction of ``w``, every offset and both orientations, so no line does
    better than the accuracy it returns (unlike :func:`fit_linear_separator`, which
    minimises squared error, not mistakes).

    How: sort the points by their projection ``u . p`` onto a unit direction ``u``; a line
    with normal ``u`` is a threshold in that order, and all thresholds are scanned at once
    with cumulative sums. The order changes only where ``u`` is perpendicular to some
    ``p_i - p_j`` (a critical angle), so one direction strictly between each pair of
    consecutive critical angles, over a half-turn, with both orientations, covers every
    line. About ``n**2 / 2`` directions, each sorted: under a second for 400 points on a
    two-core machine; time grows like ``n**3 log n`` and memory like ``n**2``.

    Exact for points in general position. Duplicate points, and points that lie on one
    line perpendicular to a tried direction, are never split there (their projections
    tie), so the result never overstates what a line achieves.

    Args:
        points: 2-D points, shape ``(n, 2)``.
        labels: Shape ``(n,)``, each 0 or 1, both classes present.

    Returns:
        A :class:`LinearSeparator` for the best line found: ``weights`` is its unit normal,
        every point is off the line, and ``accuracy`` is the fraction it classifies right.

    Raises:
        TypeError: An argument is not numeric (the message names it).
        ValueError: ``points`` is not of shape ``(n, 2)``, or the labels are not 0/1 for
            each point with both classes present (the message names the argument).

    Example:
        >>> best = fit_best_line([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [0, 1, 1, 0])
        >>> best.accuracy, best.weights.shape
        (0.75, (2,))
    """
    array = _points("points", points, dims=2)
    classes = _labels("labels", labels, array.shape[0])
    n = array.shape[0]
    center = array.mean(axis=0)
    centered = array - center
    spread = float(np.sqrt((centered**2).sum(axis=1).max()))
    # If all points coincide, no line splits them: every projection ties with every other.
    tolerance = _TIE_TOLERANCE * spread if spread > 0 else np.inf
    angles = _between_critical_angles(centered)
    ones = int(classes.sum())
    cuts = np.arange(n + 1)
    rows = max(1, _CHUNK_ELEMENTS // n)
    best_correct, best_normal, best_threshold = -1, np.zeros(2), 0.0
    for start in range(0, angles.size, rows):
        chunk = angles[start : start + rows]
        directions = np.column_stack([np.cos(chunk), np.sin(chunk)])
        # Each point's label rides in the last bit of its projection, so one sort (cheaper
        # than argsort and a gather) also gives the labels in projection order. The bit
        # moves a projection by one unit in the last place, far below the tie tolerance.
        ordered = ((directions @ centered.T).view(np.int64) & ~1 | classes).view(np.float64)
        ordered.sort(axis=1)
        ones_below = np.zeros((chunk.size, n + 1), dtype=np.int64)
        np.cumsum(ordered.view(np.int64) & 1, axis=1, out=ones_below[:, 1:])
        # Predicting 1 above the cut gets the 0s below it and the 1s above it right;
        # the other orientation gets the rest right.
        correct_up = cuts - 2 * ones_below + ones
        correct = np.maximum(correct_up, n - correct_up)
        correct[:, 1:n][np.diff(ordered, axis=1) <= tolerance] = -1
        row, cut = divmod(int(correct.argmax()), n + 1)
        if correct[row, cut] > best_correct:
            best_correct = int(correct[row, cut])
            upward = 2 * correct_up[row, cut] >= n
            best_normal = directions[row] if upward else -directions[row]
            threshold = _threshold(ordered[row], cut)
            best_threshold = threshold if upward else -threshold
    # best_normal . (p - center) > best_threshold, written for p itself.
    offset = -(best_threshold + float(best_normal @ center))
    return LinearSeparator(weights=best_normal, offset=offset, accuracy=best_correct / n)


def _between_critical_angles(centered: np.ndarray) -> np.ndarray:
    """One angle in [0, pi) strictly between each pair of consecutive critical angles."""
    first, second = np.triu_indices(centered.shape[0], k=1)
    differences = centered[second] - centered[first]
    differences = differences[np.any(differences != 0, axis=1)]
    if differences.size == 0:  # all points coincide: every direction is alike
        return np.zeros(1)
    critical = np.unique(
        np.mod(np.arctan2(differences[:, 1], differences[:, 0]) + np.pi / 2, np.pi)
    )
    following = np.append(critical[1:], critical[0] + np.pi)
    midpoints: np.ndarray = np.mod((critical + following) / 2, np.pi)
    return midpoints


def _threshold(ordered: np.ndarray, cut: int) -> float:
    """A threshold with the first ``cut`` sorted projections below it and the rest above."""
    if cut == 0:
        return float(ordered[0]) - 1.0
    if cut == ordered.size:
        return float(ordered[-1]) + 1.0
    return float(ordered[cut - 1] + ordered[cut]) / 2
