"""Run the site's checks against the Keras installed here: ``python -m densebook.check``.

Every claim the site makes is proven by a check in :mod:`densebook.claims`; the site's build
runs the same functions. This command runs them in this process, with the Keras,
TensorFlow, tf_keras, JAX and Flax installed here (a check that needs one that is missing is
skipped, with the reason), and prints one line per claim and then the counts.

It sets densebook's TensorFlow environment first (quiet logs, oneDNN off, deterministic ops,
:func:`densebook.apply_tf_environment`), but keeps a ``KERAS_BACKEND`` you set; checks that
hold for one backend only are skipped on the others.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Sequence

from densebook import claims
from densebook._tf_environment import _quiet_stderr_fd, apply_tf_environment, tf_and_keras


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m densebook.check",
        description=(
            "Run densebook's checks (one per claim on the site) against the Keras, "
            "TensorFlow, tf_keras, JAX and Flax installed here. Prints one line per claim "
            "(id, pass, fail or skip, and why) and the counts; exits 1 if any check fails."
        ),
    )
    parser.add_argument(
        "--page",
        action="append",
        metavar="PAGE",
        help="only the claims of this page (for example lazy-weights); repeatable",
    )
    parser.add_argument(
        "--claim",
        action="append",
        metavar="ID",
        help="only this claim (for example lazy.empty-before-call); repeatable",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command; returns its exit status (0: none failed, 1: a check failed)."""
    parser = _parser()
    options = parser.parse_args(argv)
    overrides = {k: os.environ[k] for k in ("KERAS_BACKEND",) if k in os.environ}
    apply_tf_environment(overrides)
    # TensorFlow's start-up lines (CUDA probing) would land among the results.
    if importlib.util.find_spec("tensorflow") is not None:
        tf_and_keras()
    with _quiet_stderr_fd():
        every = claims.registry()
    pages = sorted({c.page for c in every.values()})
    for page in options.page or ():
        if page not in pages:
            parser.error(f"--page {page!r} has no claims; pages: {', '.join(pages)}")
    for claim_id in options.claim or ():
        if claim_id not in every:
            parser.error(f"--claim {claim_id!r} is not a claim id (see the site's checks page)")
    chosen = [
        c
        for c in every.values()
        if (not options.page or c.page in options.page)
        and (not options.claim or c.id in options.claim)
    ]
    print("densebook.check with " + ", ".join(f"{k} {v}" for k, v in claims.versions().items()))
    width = max((len(c.id) for c in chosen), default=0)
    counts = {"pass": 0, "fail": 0, "skip": 0}
    for result in claims.run(chosen):
        counts[result.status] += 1
        line = f"{result.id:<{width}}  {result.status}"
        print(f"{line}  {result.reason}" if result.reason else line, flush=True)
    print(f"{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped")
    return 1 if counts["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
