"""Small assertions shared by the tests."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest


def assert_names_argument(
    excinfo: pytest.ExceptionInfo[BaseException], name: str, value: object
) -> None:
    """The message names the argument and shows the bad value; no TF/Keras frame raised it."""
    message = str(excinfo.value)
    assert name in message, message
    assert repr(value) in message, message
    frames = [str(entry.path) for entry in excinfo.traceback]
    assert not any("/tensorflow/" in f or "/keras/" in f for f in frames), frames


def page_text(site: Path, page: str) -> str:
    """The visible text of a built page (markup and highlighting spans removed)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    return soup.get_text()


def executed_pages(docs: Path) -> list[str]:
    """The pages under ``docs`` that are notebooks: a ``kernelspec`` in their front matter."""
    pages = []
    for path in sorted(docs.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        front = text.split("\n---\n", 1)[0] if text.startswith("---\n") else ""
        if re.search(r"^kernelspec:", front, re.MULTILINE):
            pages.append(path.stem)
    return pages


#: ``make test-all`` sets it: the checks that ``make test`` runs on part of the site (to keep
#: within its time) run on all of it. The README's "Other targets" says which.
TEST_ALL = os.environ.get("DENSEBOOK_TEST_ALL") == "1"


def navigation(site: Path) -> dict[str, list[str]]:
    """The built site's navigation: each caption ("Start here", "Under the hood", ...) with
    its pages' names, in order, as the sidebar of the landing page lists them."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    found = {}
    for caption in soup.select(".sidebar-tree p.caption"):
        links = caption.find_next_sibling("ul").select(":scope > li > a")  # type: ignore[union-attr]
        found[caption.get_text(strip=True)] = [str(a["href"]).removesuffix(".html") for a in links]
    return found


def core_path(site: Path) -> list[str]:
    """The landing page and the "Start here" pages: what a beginner reads."""
    return ["index", *navigation(site)["Start here"]]
