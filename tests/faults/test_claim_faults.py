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


def test_each_claim_fault_fails_the_build_naming_claim_page_and_line(tmp_path: Path) -> None:
    index = page("Claims", REPORT, prose=PROSE)
    glossary = "```{glossary}\nterm\n  A definition that marks no claim.\n```"
    b_page = page("B", "x = 1", prose=f"Not run.{{claim}}`b.not-run`\n\n{glossary}")
    pages = {"index.md": index, "b.md": b_page}
    root = copy_project(tmp_path / "p", pages, light_kernels=True)
    use_own_checks(root, CHECKS)

    build = run_build(root, tmp_path / "out")
    assert build.returncode != 0
    out = build.output
    line = {
        m: index.splitlines().index(s) + 1
        for m, s in [
            ("a.fails", "Sums fail.{claim}`a.fails`"),
            ("a.no-check", "Nothing checks this.{claim}`a.no-check`"),
        ]
    }

    # 1. A claim with no check.
    assert f"index.md:{line['a.no-check']}: WARNING: claim 'a.no-check' has no check" in out, out
    # 2. A check that names no claim: on its page, and for a page that does not exist.
    assert re.search(
        r"index\.md: WARNING: check densebook\.claims\.faults_index\.unmarked names claim "
        r"'a\.unmarked', which this page does not mark",
        out,
    ), out
    assert "the check of claim 'ghost.lost' names page 'ghost', which does not exist" in out
    # 3. A claim whose check did not run (its page runs no report).
    assert re.search(
        r"b\.md:\d+: WARNING: the check of claim 'b\.not-run' did not run: the page has no "
        r"report cell",
        out,
    ), out
    # 4. A check that failed: its error and the check's own line.
    fails_line = (
        CHECKS["faults_index.py"]
        .splitlines()
        .index('    assert sum([1, 2]) == 4, "the prose says four"')
        + 1
    )
    assert (
        f"index.md:{line['a.fails']}: WARNING: the check of claim 'a.fails' failed: "
        f"AssertionError: the prose says four (line {fails_line}: "
        'assert sum([1, 2]) == 4, "the prose says four")'
    ) in out, out
    # And a glossary definition is a claim: one without a mark is refused.
    term_line = b_page.splitlines().index("term") + 1
    assert (
        f"b.md:{term_line}: WARNING: the glossary's definition of 'term' marks no claim" in out
    ), out
    # The claim that holds is not reported, and its proof is on the page.
    assert "'a.holds'" not in out
    html = (build.html / "index.html").read_text(encoding="utf-8")
    assert '<div id="claim-a.holds">' in html
    assert 'href="#claim-a.holds"' in html
