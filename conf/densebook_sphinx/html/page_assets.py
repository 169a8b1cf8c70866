"""Each page loads only the scripts and style sheets its content uses.

Extensions add their files to every page: sphinx-design's tabs script and 55 KB style sheet,
sphinx-copybutton's two scripts, MyST-NB's style sheet for notebook cells. A page without
tabs, code or cells then downloads them for nothing. Before each page is written, the files
tied to content the page lacks are dropped from it; the test suite checks the rule holds in
a browser (``tests/test_browser.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_SD_CLASS = re.compile(r'class="[^"]*\bsd-')
_CODE = re.compile(r'<div class="highlight">')
_EXPLORABLE = re.compile(r'class="densebook-(?:explorable|predict)"')
_CELL = re.compile(r'class="[^"]*\b(?:cell|pasted-[a-z]+)\b')

#: Asset file name (its last path part, without ``?v=``) -> is it used by this page body.
NEEDED_BY: dict[str, Callable[[str], bool]] = {
    "design-tabs.js": lambda body: bool(_SD_CLASS.search(body)),
    "sphinx-design.min.css": lambda body: bool(_SD_CLASS.search(body)),
    "clipboard.min.js": lambda body: bool(_CODE.search(body)),
    "copybutton.js": lambda body: bool(_CODE.search(body)),
    "copybutton.css": lambda body: bool(_CODE.search(body)),
    "mystnb.css": lambda body: bool(_CELL.search(body)),
    "densebook-explorables.js": lambda body: bool(_EXPLORABLE.search(body)),
    "densebook-explorables.css": lambda body: bool(_EXPLORABLE.search(body)),
    "densebook-terms.js": lambda body: 'id="densebook-terms"' in body,
    "densebook-side-by-side.js": lambda body: 'class="densebook-original"' in body,
}


def asset_key(filename: str) -> str:
    """The name :data:`NEEDED_BY` knows an asset by.

    MyST-NB names its style sheet by content hash (``mystnb.<sha256>.css``).

    >>> asset_key("_static/mystnb.11b3986.css"), asset_key("_static/copybutton.js")
    ('mystnb.css', 'copybutton.js')
    """
    name = filename.rsplit("/", 1)[-1]
    return re.sub(r"^mystnb\.[0-9a-f]+\.css$", "mystnb.css", name)


def keep(filename: str, body: str) -> bool:
    """Whether a page with this body needs the asset (assets not listed are always kept).

    >>> keep("_static/design-tabs.js", '<div class="sd-tab-set">'), keep("_static/furo.js", "")
    (True, True)
    >>> keep("_static/copybutton.js", "<p>No code here.</p>")
    False
    """
    needed = NEEDED_BY.get(asset_key(filename))
    return needed is None or needed(body)


def drop_unused(context: dict[str, Any]) -> None:
    """Drop from the template context the scripts and style sheets the page's body does not use."""
    body = context.get("body")
    if not isinstance(body, str):  # search and index pages: their content is the template's
        body = ""
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if keep(str(a.filename), body)]
