"""Build the site from scratch with every page executed and warnings as errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT / "conf"),
        "-W", "--keep-going", "-n", "-T", "-E",
        "-D", "nb_execution_mode=force",
        "-d", str(out / "doctrees"),
        str(ROOT / "docs"), str(out / "html"),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-8000:]
    return out / "html"


@pytest.mark.build
def test_every_page_is_built(built_site: Path) -> None:
    sources = sorted(
        p.relative_to(ROOT / "docs").with_suffix(".html") for p in (ROOT / "docs").glob("*.md")
    )
    assert sources
    for page in sources:
        assert (built_site / page).is_file(), page


@pytest.mark.build
def test_landing_page_shows_the_executed_trace(built_site: Path) -> None:
    html = (built_site / "index.html").read_text()
    assert "weights = []" in html
    assert "shape=(2, 4)" in html
    assert "shape=(4,)" in html
    assert "output shape: (3, 4, 4)" in html


@pytest.mark.build
def test_api_reference_documents_every_public_name(built_site: Path) -> None:
    import densebook

    from densebook import plot

    html = (built_site / "api.html").read_text()
    for name in densebook.__all__:
        assert f'id="densebook.{name}"' in html, name
    for name in plot.__all__:
        assert f'id="densebook.plot.{name}"' in html, name
