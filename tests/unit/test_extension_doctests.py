"""The ``>>>`` examples in densebook's Sphinx extensions (conf/densebook_sphinx) run and hold.

pytest's ``--doctest-modules`` collects only ``testpaths`` (tests/ and src/densebook), so the
extensions' examples are run here, module by module, with the same option flags as the rest
of the suite. Every module of the package is found by walking it: a new one is included.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import densebook_sphinx
from sitebuild import ROOT

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(densebook_sphinx.__path__, "densebook_sphinx.")
)
#: The fewest examples some modules hold, so that examples cannot vanish unnoticed.
FEWEST = {
    "densebook_sphinx.execution.cache_key": 3,
    "densebook_sphinx.html.mathml": 1,
    "densebook_sphinx.html.page_assets": 3,
    "densebook_sphinx.html.reader_fixes": 1,
    "densebook_sphinx.upstream": 2,
}


def test_the_package_is_the_projects_own() -> None:
    assert Path(densebook_sphinx.__file__).parent == ROOT / "conf" / "densebook_sphinx"
    assert set(FEWEST) <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_in_each_extension_pass(name: str) -> None:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    for test in doctest.DocTestFinder().find(module):
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
    fewest = FEWEST.get(name, 0)
    assert runner.tries >= fewest, f"{name} has {runner.tries} examples, expected {fewest}"
