"""densebook.claims and python -m densebook.check: registering, running, reporting checks."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from collections import Counter

import pytest

from densebook import check as command
from densebook import claims
from helpers import assert_names_argument


def _holds() -> None:
    pass


def _fails() -> None:
    assert 1 + 1 == 3, "arithmetic says otherwise"


def _claim(function: object, claim_id: str = "t.some-fact", **kwargs: object) -> claims.Claim:
    return claims.Claim(claim_id, "t", function, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["NoDots", "page.", "page.Upper", "page.two  words", 3])
def test_a_claim_id_that_is_not_page_dot_words_is_refused_by_name(bad: object) -> None:
    with pytest.raises(ValueError, match="claim_id") as excinfo:
        claims.check(bad)  # type: ignore[arg-type]
    assert_names_argument(excinfo, "claim_id", bad)


def test_a_check_takes_its_page_from_its_module_and_an_id_is_registered_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(claims, "_registered", {})
    namespace: dict[str, object] = {"PAGE": "somewhere", "check": claims.check}
    exec("@check('somewhere.a-fact')\ndef a_fact():\n    pass", namespace)
    assert claims._registered["somewhere.a-fact"].page == "somewhere"
    with pytest.raises(ValueError, match="registered twice") as excinfo:
        exec("@check('somewhere.a-fact')\ndef other():\n    pass", namespace)
    assert_names_argument(excinfo, "claim_id", "somewhere.a-fact")
    with pytest.raises(ValueError, match="sets no PAGE"):
        exec("@check('nowhere.x')\ndef x():\n    pass", {"check": claims.check})


def test_run_reports_pass_fail_with_the_line_and_skip_with_the_reason() -> None:
    results = claims.run(
        [
            _claim(_holds, "t.holds"),
            _claim(_fails, "t.fails"),
            _claim(_holds, "t.needs", requires=("no_such_module_here",)),
            _claim(_holds, "t.on-jax", backends=("jax",)),
        ]
    )
    assert [(r.id, r.status) for r in results] == [
        ("t.holds", "pass"),
        ("t.fails", "fail"),
        ("t.needs", "skip"),
        ("t.on-jax", "skip"),
    ]
    assert "AssertionError: arithmetic says otherwise" in results[1].reason
    lines, first = inspect.getsourcelines(_fails)
    line = first + next(i for i, text in enumerate(lines) if "assert" in text)
    assert f'(line {line}: assert 1 + 1 == 3, "arithmetic says otherwise")' in results[1].reason
    assert results[2].reason == "no_such_module_here is not installed"
    assert results[3].reason == "holds for the jax backend; this process uses tensorflow"


def test_what_a_check_writes_to_stderr_is_kept_apart_from_the_output(
    capfd: pytest.CaptureFixture[str],
) -> None:
    import os

    def noisy() -> None:
        print("from Python", file=sys.stderr)
        os.write(2, b"from the file descriptor\n")

    (result,) = claims.run([_claim(noisy)])
    assert result.status == "pass"
    assert "from Python" in result.stderr
    assert "from the file descriptor" in result.stderr
    assert capfd.readouterr().err == ""


def test_a_changed_keras_default_fails_the_checks_instead_of_hiding_in_them() -> None:
    import keras

    keras.config.set_floatx("float16")
    try:
        (result,) = claims.run([_claim(_holds)])
    finally:
        keras.config.set_floatx("float32")
    assert result.status == "fail"
    assert "keras.config.floatx() is 'float16'" in result.reason


def test_each_check_starts_from_the_same_random_numbers() -> None:
    import keras

    seen: list[float] = []

    def draw() -> None:
        seen.append(float(keras.random.uniform(())))

    def draw_again() -> None:
        draw()

    claims.run([_claim(draw), _claim(draw_again, "t.other")])
    assert seen[0] == seen[1]


def test_a_check_that_proves_several_claims_runs_once_and_answers_for_each() -> None:
    calls: list[int] = []

    def counted() -> None:
        calls.append(1)
        assert len(calls) == 1, "ran twice"

    results = claims.run([_claim(counted), _claim(counted, "t.other")])
    assert calls == [1]
    assert [(r.id, r.status) for r in results] == [("t.some-fact", "pass"), ("t.other", "pass")]
    failing = claims.run([_claim(_fails), _claim(_fails, "t.other")])
    assert [r.status for r in failing] == ["fail", "fail"]
    assert failing[0].reason == failing[1].reason


def test_every_registered_check_names_a_page_and_shows_its_own_source() -> None:
    every = claims.registry()
    assert every, "no checks registered"
    for claim_id, claim in every.items():
        assert claims.ID_PATTERN.fullmatch(claim_id)
        # Its own decorator among those above the def: one check may prove several
        # sentences, each with its own id (decorators stacked).
        decorators = claim.code.split("\ndef ", 1)[0]
        assert claim.code.startswith("@check("), claim.code[:80]
        assert f'@check("{claim_id}"' in decorators, claim.code[:80]
        assert claim.name.startswith("densebook.claims.")


def test_the_command_prints_one_line_per_claim_and_the_counts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        command.main(["--claim", "lazy.no-weights-until-built", "--claim", "glossary.shape"]) == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("densebook.check with python ")
    assert [line.split() for line in lines[1:]] == [
        ["glossary.shape", "pass"],
        ["lazy.no-weights-until-built", "pass"],
        ["2", "passed,", "0", "failed,", "0", "skipped"],
    ]


def test_the_command_exits_1_on_a_failing_check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(claims, "registry", lambda: {"t.fails": _claim(_fails, "t.fails")})
    assert command.main([]) == 1
    out = capsys.readouterr().out
    assert "t.fails  fail  AssertionError: arithmetic says otherwise" in out
    assert out.splitlines()[-1] == "0 passed, 1 failed, 0 skipped"


@pytest.mark.parametrize(
    ("option", "value"), [("--page", "no-such-page"), ("--claim", "lazy.no-such-claim")]
)
def test_the_command_refuses_an_unknown_page_or_claim_by_name(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        command.main([option, value])
    assert exit_info.value.code == 2
    assert f"{option} {value!r}" in capsys.readouterr().err


def test_python_m_densebook_check_runs_in_its_own_process_and_exits_0_here() -> None:
    """The reader's command, as a reader runs it, on one page (the site's build runs every
    check, the same functions, in the pages' kernels; `make test` builds the site)."""
    done = subprocess.run(
        [sys.executable, "-m", "densebook.check", "--page", "lazy-weights"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    count = sum(c.page == "lazy-weights" for c in claims.registry().values())
    assert len(lines) == count + 2, done.stdout
    assert all(line.split()[1] == "pass" for line in lines[1:-1]), done.stdout
    assert lines[-1] == f"{count} passed, 0 failed, 0 skipped"
    assert done.stderr == "", done.stderr


def test_the_readmes_claim_counts_are_the_registrys() -> None:
    """README.md types the counts (it is not built): they must match what is registered."""
    from sitebuild import ROOT

    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    found = re.search(
        r"Claims: (\d+) sentences are marked as claims so far, on (\d+) pages \(([a-z, -]+);",
        text,
    )
    assert found, "README.md's sentence about the claims changed: update this test"
    pages = Counter(c.page for c in claims.registry().values())
    assert int(found[1]) == sum(pages.values())
    assert int(found[2]) == len(pages)
    assert set(found[3].split(", ")) == set(pages)
