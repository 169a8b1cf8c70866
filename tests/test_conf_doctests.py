"""The ``>>>`` examples in densebook's Sphinx extensions (conf/*.py) run and hold.

pytest's ``--doctest-modules`` collects only ``testpaths`` (tests/ and src/densebook), and
importing conf/conf.py has side effects (it starts kernels), so the extensions' examples
are run here, module by module, with the same option flags as the rest of the suite.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

from conftest import ROOT

#: Not imported here: conf.py configures a build (and starts kernels) on import.
SKIPPED = {"conf"}
#: Each extension module and the fewest examples its docstrings hold.
EXAMPLES = {
    "build_guards": 0,
    "cache_writing": 0,
    "kernel_pool": 0,
    "page_scheduling": 0,
    "parallel_execution": 0,
    "catalogs": 0,
    "chinese_search": 0,
    "editions": 0,
    "mathml": 1,
    "page_assets": 3,
    "page_downloads": 0,
    "reader_fixes": 1,
    "stream_merging": 0,
    "translated_glue": 0,
    "translation_guard": 0,
}


def test_every_extension_module_is_listed() -> None:
    """A new module in conf/ gets its examples run too (or is skipped on purpose)."""
    modules = {path.stem for path in (ROOT / "conf").glob("*.py")}
    assert modules - SKIPPED == set(EXAMPLES)


@pytest.mark.parametrize(("name", "fewest"), sorted(EXAMPLES.items()))
def test_the_examples_in_each_extension_pass(name: str, fewest: int) -> None:
    module = importlib.import_module(name)
    assert Path(str(module.__file__)).parent == ROOT / "conf"  # not a namesake elsewhere
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    for test in doctest.DocTestFinder().find(module):
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
    assert runner.tries >= fewest, f"{name} has {runner.tries} examples, expected {fewest}"
