"""The hosting config builds the site the way `make html` does, from the same lock."""

from __future__ import annotations

import re

import yaml

from sitebuild import ROOT


def test_read_the_docs_runs_make_html_and_publishes_its_output() -> None:
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert config["version"] == 2
    assert config["build"]["tools"]["python"] == "3.11"
    commands = config["build"]["commands"]
    assert re.match(r"DENSEBOOK_EXECUTION_JOBS=\d+ make html", commands[0])
    assert any("_build/html" in c and "$READTHEDOCS_OUTPUT/html" in c for c in commands)


def test_ci_installs_chromium_and_requires_the_browser_tests() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "apt-get install" in script
    assert "chromium" in script
    assert "DENSEBOOK_BROWSER_TESTS=required" in script
    assert script.rstrip().endswith("make test")


def test_the_hosted_kernel_count_is_one_the_last_measurement_found_within_budget() -> None:
    """`make bench` writes the measured peaks into the README; the hosted setting must be a
    kernel count whose peak (PSS) left at least a quarter of the 3 GB free, the fastest such.
    """
    jobs = int(
        re.findall(r"DENSEBOOK_EXECUTION_JOBS=(\d+)", (ROOT / ".readthedocs.yaml").read_text())[0]
    )
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("<!-- memory:start -->") : readme.index("<!-- memory:end -->")]
    rows = {
        int(cells[0]): (float(cells[1]), float(cells[2]))
        for line in table.splitlines()
        if (cells := [c.strip() for c in line.strip("|").split("|")])[0].isdigit()
    }
    budget = 0.75 * 3e9 / 2**20
    assert rows[jobs][1] <= budget, rows
    fitting = [count for count, (_, peak) in rows.items() if peak <= budget]
    assert jobs == min(fitting, key=lambda count: rows[count][0])
