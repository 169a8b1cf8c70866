"""Build the site from scratch with every page executed and warnings as errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import ROOT


@pytest.mark.build
def test_every_page_is_built(built_site: Path) -> None:
    sources = sorted(
        p.relative_to(ROOT / "docs").with_suffix(".html") for p in (ROOT / "docs").glob("*.md")
    )
    assert sources
    for page in sources:
        assert (built_site / page).is_file(), page


@pytest.mark.build
def test_api_reference_documents_every_public_name(built_site: Path) -> None:
    import densebook
    from densebook import plot

    html = (built_site / "api.html").read_text()
    for name in densebook.__all__:
        assert f'id="densebook.{name}"' in html, name
    for name in plot.__all__:
        assert f'id="densebook.plot.{name}"' in html, name
