"""The real site's builds, trusted: byte-reproducible, built offline, self-contained pages.

These use the session's site builds (conftest.py), like the page checks, so they run in the
same pytest session as those (`make test`'s "site" group) and the site is built once.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import SiteBuilds
from sitebuild import tree_files

pytestmark = pytest.mark.build


# -- 3. Byte-reproducible ------------------------------------------------------------------


def test_two_clean_builds_are_byte_identical(site_builds: SiteBuilds) -> None:
    first, second = tree_files(site_builds.html), tree_files(site_builds.second_html)
    assert len(first) > 50
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


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
