"""The real site's builds, trusted: byte-reproducible, built offline, self-contained pages.

These use the session's site builds (site/conftest.py), like the page checks, so the site is
built once. "Two clean builds give identical HTML" is checked in three parts, each where it
is cheapest:

* rendering: a second build from the same execution cache into fresh folders executes
  nothing and writes the same bytes (here);
* execution: each page's code run again in a plain kernel shows the same outputs
  (``test_downloads.py``: every download, cell by cell);
* the executor: densebook's parallel executor and MyST-NB's own give the same pages
  (``tests/faults/test_executor.py``, on a small project with every kind of output).

``make repro`` still builds the whole site twice with MyST-NB executing every page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from sitebuild import SiteBuilds, executed_here, tree_files

pytestmark = pytest.mark.build


# -- 3. Byte-reproducible ------------------------------------------------------------------


def test_a_second_build_from_the_cache_writes_the_same_bytes(site_builds: SiteBuilds) -> None:
    assert executed_here(site_builds.second_output) == 0
    assert "Executing notebook" not in site_builds.second_output
    first, second = tree_files(site_builds.html), tree_files(site_builds.second_html)
    assert len(first) > 50
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_a_passing_build_prints_no_log_line_of_the_kernels_client(
    site_builds: SiteBuilds,
) -> None:
    """nbclient's INFO lines ("Executing notebook with kernel: ...") stay off the console."""
    assert "Executed notebook in" in site_builds.output  # the pages were executed here
    assert "traitlets" not in site_builds.output
    assert "Executing notebook with kernel" not in site_builds.output


# -- 4. Offline ----------------------------------------------------------------------------


def test_the_site_builds_with_networking_disabled(site_builds: SiteBuilds) -> None:
    """The session's main build ran offline (and succeeded): nothing tried to connect."""
    assert site_builds.offline_method
    assert site_builds.network_attempts == []
    assert (site_builds.html / "index.html").is_file()


# -- 5. Self-contained pages ---------------------------------------------------------------

RESOURCE_ATTRIBUTES = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
}


def external_resources(html: str) -> list[str]:
    """URLs of resources a page loads from another host (links a reader clicks are fine)."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag, attributes in RESOURCE_ATTRIBUTES.items():
        for element in soup.find_all(tag):
            if tag == "link" and not {
                "stylesheet",
                "icon",
                "preload",
                "modulepreload",
                "manifest",
            } & set(element.get("rel", [])):
                continue
            for attribute in attributes:
                for url in re.split(r",\s*", element.get(attribute, "")):
                    url = url.strip().split(" ")[0]
                    parsed = urlparse(url)
                    if parsed.scheme in ("http", "https") or url.startswith("//"):
                        found.append(url)
    found += re.findall(r"@import\s+url\(['\"]?(https?://[^'\")]+)", html)
    return found


def test_the_scanner_catches_an_external_resource() -> None:
    html = '<script src="https://cdn.example.org/mathjax.js"></script><a href="https://ok.example">x</a>'
    assert external_resources(html) == ["https://cdn.example.org/mathjax.js"]


def test_no_page_loads_anything_from_another_host(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 10
    offenders = {
        str(p.relative_to(built_site)): urls
        for p in pages
        if (urls := external_resources(p.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    css = [
        p for p in built_site.rglob("*.css") if re.search(r"url\(['\"]?https?://", p.read_text())
    ]
    assert css == []
