"""Claims on the built site: each mark opens its proof, and the checks page lists them all."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import densebook.claims as claims  # the package only: no check module

pytestmark = pytest.mark.build

EDITIONS = ["", "zh-tw/"]
# The pages that mark claims so far (the rest of the book marks its claims in issue 21).
PAGES_WITH_CLAIMS = [
    "index",
    "lazy-weights",
    "shapes",
    "bias",
    "initialization",
    "kernel-meanings",
    "training",
    "errors",
    "glossary",
]


def _soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


@dataclass(frozen=True)
class Registered:
    """A check as its module's source declares it: its page, and its code as the page
    shows it (what ``inspect.getsource`` gives: decorator to the function's last line)."""

    page: str
    code: str


def _declared_checks() -> dict[str, Registered]:
    """Every ``@check("id")`` function in ``src/densebook/claims/``, read from the source
    with ``ast`` rather than imported: importing the checks imports Keras and TensorFlow,
    which took this (otherwise TensorFlow-free) process 5 s on the critical path of make
    test. tests/unit/test_claims.py imports the registry itself."""
    found: dict[str, Registered] = {}
    for path in sorted(Path(claims.__file__).parent.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        lines = text.splitlines(keepends=True)
        page = next(
            (
                node.value.value
                for node in tree.body
                if isinstance(node, ast.Assign)
                and [getattr(t, "id", None) for t in node.targets] == ["PAGE"]
                and isinstance(node.value, ast.Constant)
            ),
            None,
        )
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and getattr(decorator.func, "id", None) == "check"
                    and isinstance(decorator.args[0], ast.Constant)
                ):
                    assert page is not None, path
                    code = "".join(lines[node.decorator_list[0].lineno - 1 : node.end_lineno])
                    found[decorator.args[0].value] = Registered(page, code)
    return found


@pytest.fixture(scope="module")
def registered() -> dict[str, Registered]:
    return _declared_checks()


def test_every_page_with_checks_is_tested_here(registered: dict[str, Registered]) -> None:
    assert {c.page for c in registered.values()} == set(PAGES_WITH_CLAIMS)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("page", PAGES_WITH_CLAIMS)
def test_each_mark_opens_its_proof_with_the_checks_code(
    built_site: Path, edition: str, page: str, registered: dict[str, Registered]
) -> None:
    soup = _soup(built_site, f"{edition}{page}.html")
    marks = soup.select("article a.densebook-claim-mark")
    proofs = soup.select("article details.densebook-claim-proof")
    mine = [c for c in registered.values() if c.page == page]
    assert len(marks) == len(proofs) == len(mine)
    for mark in marks:
        claim_id = mark["href"].removeprefix("#claim-")
        assert claim_id in mark["aria-label"]
        assert "densebook-claim-pass" in mark["class"]
        target = soup.find(id=f"claim-{claim_id}")
        assert target is not None, claim_id
        proof = target.find_parent("details")
        assert "densebook-claim-proof" in proof["class"]
        assert claim_id in proof.summary.get_text()
        pre = proof.select_one("pre")
        if pre is None:  # a check proving several claims shows its code in the first proof
            first = proof.select_one("a[href^='#claim-']")
            assert first is not None, claim_id
            shown = soup.find(id=first["href"][1:]).find_parent("details")
            assert shown.select_one("pre") is not None, first["href"]
            pre = shown.select_one("pre")
        code = pre.get_text()
        assert code.startswith("@check("), code[:60]
        assert f'@check("{claim_id}"' in code.split("\ndef ", 1)[0], code[:60]
        assert registered[claim_id].code.rstrip("\n") == code.rstrip("\n")
        assert f"python -m densebook.check --claim {claim_id}" in proof.get_text()
        assert re.search(r"Keras 3\.[\d.]+(, |、)TensorFlow 2\.[\d.]+", proof.get_text())


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_checks_page_lists_every_claim_once_with_its_page_and_result(
    built_site: Path, edition: str, registered: dict[str, Registered]
) -> None:
    soup = _soup(built_site, f"{edition}checks.html")
    items = soup.select("ul.densebook-claims-list > li")
    listed = [li.select_one("code").get_text() for li in items]
    assert sorted(listed) == sorted(registered)
    for item, claim_id in zip(items, listed, strict=True):
        page = registered[claim_id].page
        links = [a["href"] for a in item.select("a")]
        assert links[0] == f"{page}.html#claim-{claim_id}"
        assert links[1].startswith(f"{page}.html#")
        assert "✓" in item.get_text()
    total = soup.select_one("article").get_text(" ")
    count = len(registered)
    expected = (
        f"Claims: {count}, on {len(PAGES_WITH_CLAIMS)} of the pages; passed: {count}; failed: 0."
        if not edition
        else f"{count} 項主張，分布在 {len(PAGES_WITH_CLAIMS)} 頁中：{count} 項通過，0 項失敗。"
    )
    assert expected in " ".join(total.split())


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_glossary_definition_carries_a_claim(built_site: Path, edition: str) -> None:
    soup = _soup(built_site, f"{edition}glossary.html")
    definitions = soup.select("dl.glossary > dd")
    assert len(definitions) >= 25
    for definition in definitions:
        assert definition.select_one("a.densebook-claim-mark"), definition.get_text()[:60]
