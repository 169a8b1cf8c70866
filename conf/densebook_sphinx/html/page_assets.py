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
    "densebook-side-by-side.js": lambda body: "data-originals=" in body,
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


#: The ANSI text styles a cell's output may show: rich prints a model summary's headings in
#: bold even with colours off (the kernels set NO_COLOR, so no output has a colour).
ANSI_STYLES = ("Bold", "Faint", "Italic", "Underline")
# A rule of MyST-NB's style sheet for an ANSI colour: three quarters of its 43 KB.
_ANSI_RULE = re.compile(r"[^{}]*-Color[^{}]*\{[^{}]*\}[ \t]*\n*")
_ANSI_COLOUR_CLASS = re.compile(rf'class="[^"]*-Color-(?!(?:{"|".join(ANSI_STYLES)})\b)')


def without_ansi_colours(css: str) -> str:
    """MyST-NB's style sheet without its rules for ANSI colours (text styles are kept).

    >>> without_ansi_colours(".a{x:1} .h .-Color[class*=-Red]{color:red} .h .-Color-Bold{b:1}")
    '.a{x:1}.h .-Color-Bold{b:1}'
    """

    def kept(rule: re.Match[str]) -> str:
        selector = rule.group(0).split("{", 1)[0]
        return rule.group(0) if any(f"-Color-{s}" in selector for s in ANSI_STYLES) else ""

    return _ANSI_RULE.sub(kept, css)


def ansi_colours_in(body: str) -> bool:
    """Whether a page shows an output in ANSI colour (the trimmed style sheet has none).

    >>> ansi_colours_in('<span class=" -Color -Color-Bold">'), ansi_colours_in('class="-Color-Red"')
    (False, True)
    """
    return bool(_ANSI_COLOUR_CLASS.search(body))


def drop_unused(context: dict[str, Any]) -> None:
    """Drop from the template context the scripts and style sheets the page's body does not use."""
    body = context.get("body")
    if not isinstance(body, str):  # search and index pages: their content is the template's
        body = ""
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if keep(str(a.filename), body)]
