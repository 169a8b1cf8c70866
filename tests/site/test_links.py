"""Links to other sites, in the page sources and in the built HTML, are https and well formed."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from sitebuild import ROOT

# Directives whose body is code, not MyST text.
CODE_DIRECTIVES = {"code-cell", "code-block", "code", "sourcecode", "literalinclude", "math"}
# Text that looks like the start of a URL (a link that did not parse stays text).
URL_LIKE = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://|\bwww\.")
HTML_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']*)["']""")

_markdown = MarkdownIt("commonmark").use(front_matter_plugin)


def is_external(url: str) -> bool:
    """Whether ``url`` points to another site (not a page, file or anchor of this one)."""
    parsed = urlparse(url)
    return bool(parsed.scheme or parsed.netloc) or url.startswith("www.")


def link_problem(url: str) -> str | None:
    """Why ``url`` is not a well-formed https link to another site, or None if it is."""
    parsed = urlparse(url)
    if any(char.isspace() for char in url):
        return "contains whitespace"
    if parsed.scheme != "https":
        return "not https"
    try:
        parsed.port  # noqa: B018  (raises ValueError on a malformed port)
    except ValueError:
        return "malformed port"
    if not parsed.hostname or "." not in parsed.hostname.strip("."):
        return "no dotted host name"
    return None


def _directive_body(fence: Token) -> str:
    """A directive's content without its leading `:option:` lines."""
    lines = fence.content.splitlines()
    while lines and lines[0].startswith(":"):
        lines.pop(0)
    return "\n".join(lines)


def source_links(text: str) -> tuple[list[str], list[str]]:
    """The link targets in MyST text, and pieces of text that look like URLs but are no link.

    Markdown links, <...> autolinks, reference definitions and raw HTML hrefs count, in prose
    and in directive bodies (admonitions); code cells, code blocks and inline code do not.
    """
    links: list[str] = []
    stray: list[str] = []
    for token in _markdown.parse(text):
        if token.type == "fence":
            name = token.info.strip()
            if name.startswith("{") and name[1 : name.find("}")] not in CODE_DIRECTIVES:
                more_links, more_stray = source_links(_directive_body(token))
                links += more_links
                stray += more_stray
        elif token.type == "html_block":
            links += HTML_HREF.findall(token.content)
        depth = 0
        for child in token.children or []:
            if child.type == "link_open":
                links.append(str(child.attrs["href"]))
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            elif child.type == "html_inline":
                links += HTML_HREF.findall(child.content)
            elif child.type == "text" and depth == 0 and URL_LIKE.search(child.content):
                stray.append(child.content)
    return links, stray


@pytest.mark.parametrize(
    "url",
    [
        "https://keras.io/api/layers/core_layers/dense/",
        "https://www.tensorflow.org/api_docs/python/tf/keras/layers/Dense#args",
        "https://arxiv.org/abs/1502.01852",
        "https://proceedings.mlr.press/v9/glorot10a.html",
    ],
)
def test_a_well_formed_https_link_passes(url: str) -> None:
    assert link_problem(url) is None


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://keras.io/", "not https"),
        ("//keras.io/api/", "not https"),
        ("mailto:someone@example.org", "not https"),
        ("https://keras.io/api layers/", "contains whitespace"),
        ("https://localhost/", "no dotted host name"),
        ("https:///keras.io", "no dotted host name"),
        ("https://keras.io:http/", "malformed port"),
    ],
)
def test_a_bad_link_is_named_with_its_problem(url: str, problem: str) -> None:
    assert link_problem(url) == problem


def test_links_are_found_in_prose_and_directives_not_in_code() -> None:
    text = """---
file_format: mystnb
---

# Title

See [Dense](https://keras.io/api/layers/core_layers/dense/) and <http://example.org/x>,
the [paper][glorot] and [a page](bias.md#top). Inline `https://in.code/` is code.

[glorot]: https://proceedings.mlr.press/v9/glorot10a.html

```{admonition} Key points
:class: key-points

- [TensorFlow](https://www.tensorflow.org/api_docs/python/tf)
```

```{code-cell} ipython3
print("[not a link](https://in.a.cell/)")
```
"""
    links, stray = source_links(text)
    assert [url for url in links if is_external(url)] == [
        "https://keras.io/api/layers/core_layers/dense/",
        "http://example.org/x",
        "https://proceedings.mlr.press/v9/glorot10a.html",
        "https://www.tensorflow.org/api_docs/python/tf",
    ]
    assert "bias.md#top" in links
    assert stray == []


def test_a_link_that_did_not_parse_is_reported() -> None:
    links, stray = source_links(
        "A [space](https://keras.io/api layers/) and <https://keras.io/a b> and www.keras.io."
    )
    assert links == []
    for text in ("(https://keras.io/api layers/)", "<https://keras.io/a b>", "www.keras.io"):
        assert text in " ".join(stray)


def test_every_link_out_of_the_page_sources_is_https_and_well_formed() -> None:
    pages = sorted((ROOT / "docs").glob("*.md"))
    assert pages
    problems = []
    for page in pages:
        links, stray = source_links(page.read_text(encoding="utf-8"))
        problems += [f"{page.name}: URL-like text that is not a link: {text!r}" for text in stray]
        problems += [
            f"{page.name}: {url} ({problem})"
            for url in links
            if is_external(url) and (problem := link_problem(url))
        ]
    assert not problems, "\n".join(problems)


@pytest.mark.build
def test_every_link_to_another_host_in_the_built_site_is_https_and_well_formed(
    built_site: Path,
) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    problems = sorted(
        {
            f"{page.relative_to(built_site)}: {url} ({problem})"
            for page in pages
            for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(
                href=True
            )
            if is_external(url := str(tag["href"])) and (problem := link_problem(url))
        }
    )
    assert not problems, "\n".join(problems)
