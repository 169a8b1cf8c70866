"""Claims: the build stops on each of the four ways a claim and its check can come apart.

One light project (no TensorFlow in its kernels) whose checks are its own: the real check
modules are replaced by three small ones. Every fault is listed in one build, each with
its page and line, because the build runs with -W --keep-going.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitebuild import copy_project, page, run_build, use_own_checks

pytestmark = pytest.mark.build

CHECKS = {
    "faults_index.py": """
from densebook.claims import check

PAGE = "index"


@check("a.holds")
def holds():
    assert sum([1, 2]) == 3


@check("a.fails")
def fails():
    assert sum([1, 2]) == 4, "the prose says four"


@check("a.unmarked")
def unmarked():
    pass
""",
    "faults_b.py": 'from densebook.claims import check\n\nPAGE = "b"\n\n\n'
    '@check("b.not-run")\ndef not_run():\n    pass\n',
    "faults_ghost.py": 'from densebook.claims import check\n\nPAGE = "ghost"\n\n\n'
    '@check("ghost.lost")\ndef lost():\n    pass\n',
}

PROSE = (
    "Sums hold.{claim}`a.holds`\n"
    "Sums fail.{claim}`a.fails`\n"
    "Nothing checks this.{claim}`a.no-check`\n\n"
    "```{toctree}\nb\n```"
)
REPORT = ":tags: [remove-cell]\nimport densebook.claims\ndensebook.claims.report('index')"


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str, Path]:
    """One build of a project with every fault: its output, its two pages, its site."""
    glossary = "```{glossary}\nterm\n  A definition that marks no claim.\n```"
    index = page("Claims", REPORT, prose=PROSE)
    b_page = page("B", "x = 1", prose=f"Not run.{{claim}}`b.not-run`\n\n{glossary}")
    base = tmp_path_factory.mktemp("claims")
    root = copy_project(base / "p", {"index.md": index, "b.md": b_page}, light_kernels=True)
    use_own_checks(root, CHECKS)
    build = run_build(root, base / "out")
    assert build.returncode != 0
    return build.output, index, b_page, build.html


def _line(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


def test_a_claim_with_no_check_fails_the_build(faulty: tuple[str, str, str, Path]) -> None:
    out, index, _, _ = faulty
    line = _line(index, "Nothing checks this.{claim}`a.no-check`")
    assert f"index.md:{line}: WARNING: claim 'a.no-check' has no check" in out, out


def test_a_check_that_names_no_claim_fails_the_build(faulty: tuple[str, str, str, Path]) -> None:
    out = faulty[0]
    assert re.search(
        r"index\.md: WARNING: check densebook\.claims\.faults_index\.unmarked names claim "
        r"'a\.unmarked', which this page does not mark",
        out,
    ), out
    assert "the check of claim 'ghost.lost' names page 'ghost', which does not exist" in out


def test_a_claim_whose_check_did_not_run_fails_the_build(
    faulty: tuple[str, str, str, Path],
) -> None:
    out, _, b_page, _ = faulty
    line = _line(b_page, "Not run.{claim}`b.not-run`")
    assert (
        f"b.md:{line}: WARNING: the check of claim 'b.not-run' did not run: the page has no "
        "report cell"
    ) in out, out


def test_a_failing_check_fails_the_build_with_its_error_and_line(
    faulty: tuple[str, str, str, Path],
) -> None:
    out, index, _, _ = faulty
    line = _line(index, "Sums fail.{claim}`a.fails`")
    check_line = _line(
        CHECKS["faults_index.py"], '    assert sum([1, 2]) == 4, "the prose says four"'
    )
    assert (
        f"index.md:{line}: WARNING: the check of claim 'a.fails' failed: "
        f"AssertionError: the prose says four (line {check_line}: "
        'assert sum([1, 2]) == 4, "the prose says four")'
    ) in out, out


def test_a_glossary_definition_without_a_claim_fails_the_build(
    faulty: tuple[str, str, str, Path],
) -> None:
    out, _, b_page, _ = faulty
    line = _line(b_page, "term")
    assert f"b.md:{line}: WARNING: the glossary's definition of 'term' marks no claim" in out, out


def test_a_claim_that_holds_is_not_reported_and_its_proof_is_on_the_page(
    faulty: tuple[str, str, str, Path],
) -> None:
    out, _, _, html = faulty
    assert "'a.holds'" not in out
    text = (html / "index.html").read_text(encoding="utf-8")
    assert '<div id="claim-a.holds">' in text
    assert 'href="#claim-a.holds"' in text
