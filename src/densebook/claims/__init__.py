"""Claims: sentences on the site, each bound to the check that proves it.

A page marks a sentence with ``{claim}`page.some-fact``` (MyST); the check with that id is a
function in this package, in the module for that page (its ``PAGE``), registered with
:func:`check`. The site's build runs each page's checks in the page's own kernel
(:func:`report`) and fails on a claim without a check, a check without a claim, a check
that did not run and a check that failed. ``python -m densebook.check`` runs the very same
functions against the Keras installed wherever it runs.

One check may prove several sentences that state the same fact (a key point and the body
sentence it sums up): each sentence has its own id, and the check's decorators are stacked.

A check tests what Keras, TensorFlow, JAX or Flax do, through their public API; it never
tests densebook's own code. It raises (an ``AssertionError`` with a message) when the
sentence is false, and returns nothing when it holds. :func:`run` calls
``keras.utils.set_random_seed(0)`` before each check, so a check sees the same random
numbers wherever it runs and whatever ran before it.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import importlib.util
import inspect
import io
import json
import os
import pkgutil
import re
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

__all__ = [
    "Claim",
    "Result",
    "as_numpy",
    "check",
    "raises",
    "registry",
    "report",
    "run",
    "versions",
]

#: A claim id: the page's short name, a dot, then words joined by hyphens
#: (``lazy.empty-before-call``); more dotted parts are allowed.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+")

#: The libraries whose versions a report names, in this order.
LIBRARIES = ("keras", "tensorflow", "tf-keras", "jax", "flax", "numpy")

Status = Literal["pass", "fail", "skip"]
CheckFunction = TypeVar("CheckFunction", bound=Callable[[], None])


@dataclass(frozen=True)
class Claim:
    """One registered check: the claim id it proves, its page and what it needs to run."""

    id: str
    page: str
    function: Callable[[], None]
    requires: tuple[str, ...] = ()
    backends: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        """The check's source, as the page shows it."""
        return inspect.getsource(self.function)

    @property
    def name(self) -> str:
        """Where the check lives: ``densebook.claims.<module>.<function>``."""
        return f"{self.function.__module__}.{self.function.__qualname__}"


@dataclass(frozen=True)
class Result:
    """What running one claim's check gave: ``pass``, ``fail`` or ``skip``, and why.

    ``stderr`` is what the check wrote to standard error (Python's and the file
    descriptor's, where TensorFlow's C++ logs go), kept out of the reader's output.
    """

    id: str
    page: str
    status: Status
    reason: str = ""
    stderr: str = ""


_registered: dict[str, Claim] = {}


def check(
    claim_id: str, *, requires: Iterable[str] = (), backends: Iterable[str] = ()
) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as the check of claim ``claim_id``.

    The page is the ``PAGE`` of the module the function is defined in.

    Args:
        claim_id: The claim's id, as the page marks it (see :data:`ID_PATTERN`).
        requires: Importable names the check needs beyond Keras (``"jax"``, ``"flax"``,
            ``"tf_keras"``); where one is missing the check is skipped, with the reason.
        backends: The Keras backends the check holds for; on any other it is skipped.

    Raises:
        ValueError: If ``claim_id`` is not a valid id or is registered twice.
    """
    if not isinstance(claim_id, str) or not ID_PATTERN.fullmatch(claim_id):
        raise ValueError(
            f"claim_id must look like 'page.some-fact' (lower case, digits, hyphens), "
            f"got {claim_id!r}"
        )
    needs, on = tuple(requires), tuple(backends)

    def register(function: CheckFunction) -> CheckFunction:
        page = function.__globals__.get("PAGE")
        if not isinstance(page, str):
            raise ValueError(
                f"the module of check {claim_id!r} ({function.__module__}) sets no PAGE"
            )
        if claim_id in _registered and _registered[claim_id].function is not function:
            raise ValueError(
                f"claim_id {claim_id!r} is registered twice: "
                f"{_registered[claim_id].name} and {function.__module__}.{function.__qualname__}"
            )
        _registered[claim_id] = Claim(claim_id, page, function, needs, on)
        return function

    return register


def raises(error: type[Exception], action: Callable[[], object], *words: str) -> str:
    """For checks: call ``action``, which must raise ``error`` with each of ``words`` in its
    message; return the message."""
    try:
        action()
    except error as raised:
        for word in words:
            assert word in str(raised), raised
        return str(raised)
    raise AssertionError(f"no {error.__name__} from {action!r}")


def as_numpy(value: object) -> Any:
    """For checks: a Keras tensor or variable (any backend) as a NumPy array. Keras is
    imported here, not with this package, which the Sphinx extension imports."""
    import keras
    import numpy as np

    return np.asarray(keras.ops.convert_to_numpy(value))


def registry() -> dict[str, Claim]:
    """Every registered check by claim id (page by page, in each module's order)."""
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    return dict(_registered)


def _skip_reason(claim: Claim) -> str | None:
    """Why ``claim`` cannot run in this process, or None."""
    for name in claim.requires:
        if importlib.util.find_spec(name) is None:
            return f"{name} is not installed"
    if claim.backends:
        import keras

        if keras.config.backend() not in claim.backends:
            return (
                f"holds for the {' or '.join(claim.backends)} backend; "
                f"this process uses {keras.config.backend()}"
            )
    return None


def _changed_defaults() -> str | None:
    """A Keras global the checks rely on that something changed before they ran, or None."""
    keras = sys.modules.get("keras")
    if keras is None:
        return None
    if keras.config.floatx() != "float32":
        return f"keras.config.floatx() is {keras.config.floatx()!r}, not 'float32'"
    policy = keras.config.dtype_policy().name
    if policy != "float32":
        return f"keras.config.dtype_policy() is {policy!r}, not 'float32'"
    return None


def _failure(error: BaseException, claim: Claim) -> str:
    """``ErrorType: message`` and the check's own line that raised it."""
    message = f"{type(error).__name__}: {error}".rstrip(": ")
    source_file = inspect.getsourcefile(claim.function)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == source_file]
    if frames:
        message += f" (line {frames[-1].lineno}: {frames[-1].line})"
    return message


@contextlib.contextmanager
def _captured_stderr() -> Iterator[list[str]]:
    """Collect what is written to standard error, by Python and to file descriptor 2."""
    captured: list[str] = []
    with tempfile.TemporaryFile() as sink, contextlib.redirect_stderr(io.StringIO()) as text:
        if sys.__stderr__ is not None:
            sys.__stderr__.flush()
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            yield captured
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            captured.append(text.getvalue() + sink.read().decode(errors="replace"))


def run(claims: Iterable[Claim]) -> list[Result]:
    """Run each claim's check, in the order given; never raises for a failing check.

    A check that proves several claims (stacked decorators) runs once per call: its result
    is each of those claims' result.
    """
    results = []
    ran: dict[Callable[[], None], tuple[Status, str, str]] = {}
    for claim in claims:
        skip = _skip_reason(claim)
        changed = _changed_defaults()
        if skip is not None:
            results.append(Result(claim.id, claim.page, "skip", skip))
            continue
        if changed is not None:
            results.append(Result(claim.id, claim.page, "fail", f"before this check, {changed}"))
            continue
        if claim.function in ran:
            results.append(Result(claim.id, claim.page, *ran[claim.function]))
            continue
        failure = ""
        # The same random numbers for a check wherever and after whatever it runs.
        keras = sys.modules.get("keras")
        if keras is not None:
            keras.utils.set_random_seed(0)
        with _captured_stderr() as stderr:
            try:
                claim.function()
            except Exception as error:
                failure = _failure(error, claim)
        status: Status = "fail" if failure else "pass"
        ran[claim.function] = (status, failure, "".join(stderr))
        results.append(Result(claim.id, claim.page, *ran[claim.function]))
    return results


def versions() -> dict[str, str]:
    """Python's version and each of :data:`LIBRARIES` installed here, by name."""
    found = {"python": sys.version.split()[0]}
    for name in LIBRARIES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


class _Report:
    """A page's check results; its ``repr`` is the JSON the site's build reads."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def __repr__(self) -> str:
        return json.dumps(self.data, sort_keys=True, ensure_ascii=False)


#: The glue key under which :func:`report` leaves a page's results for the build.
GLUE_KEY = "densebook_claims"


def report(page: str) -> None:
    """Run ``page``'s checks and glue the results for the site's build (a page's last cell).

    Args:
        page: The page's name (``lazy-weights``), as the checks' module names it.

    Raises:
        ValueError: If ``page`` is not a string.
    """
    from myst_nb import glue

    if not isinstance(page, str) or not page:
        raise ValueError(f"page must be a page name such as 'lazy-weights', got {page!r}")
    every = registry()
    mine = [c for c in every.values() if c.page == page]
    results = run(mine)
    data = {
        "page": page,
        "registered": {c.id: c.page for c in every.values()},
        "results": [
            {
                "id": r.id,
                "status": r.status,
                "reason": r.reason,
                "stderr": r.stderr,
                "check": every[r.id].name,
                "code": every[r.id].code,
            }
            for r in results
        ],
        "versions": versions(),
    }
    glue(GLUE_KEY, _Report(data), display=False)
