"""The hosting config builds the site the way `make html` does, from the same lock."""

from __future__ import annotations

import yaml

from conftest import ROOT


def test_read_the_docs_runs_make_html_and_publishes_its_output() -> None:
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert config["version"] == 2
    assert config["build"]["tools"]["python"] == "3.11"
    commands = config["build"]["commands"]
    assert commands[0].startswith("make html")
    assert any("_build/html" in c and "$READTHEDOCS_OUTPUT/html" in c for c in commands)


def test_ci_installs_chromium_and_requires_the_browser_tests() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "apt-get install" in script
    assert "chromium" in script
    assert "DENSEBOOK_BROWSER_TESTS=required" in script
    assert script.rstrip().endswith("make test")
