"""Small fixes to the HTML that furo and Sphinx write, for readers.

* Sphinx marks toctree captions ``role="heading"`` without the ``aria-level`` that role
  requires, which screen readers need (axe rule aria-required-attr, "critical").
* A code block, output or formula that scrolls sideways must be reachable by keyboard (axe
  rule scrollable-region-focusable, "serious"): every ``<pre>`` and every box furo puts
  around a displayed formula gets ``tabindex="0"``.
* A figure shrinks to the width of a phone; each one is a link to its full-size drawing.
"""

from __future__ import annotations

import re
from typing import Any

_CAPTION = 'class="caption" role="heading"'
_FIGURE_IMAGE = re.compile(r'(<figure\b[^>]*>\s*)(<img\b[^>]*\bsrc="([^"]+)"[^>]*>)')


def link_figures(body: str) -> str:
    """Wrap each figure's image in a link to the image file.

    >>> link_figures('<figure id="f"><img alt="A" src="a.svg" />')
    '<figure id="f"><a class="full-size" href="a.svg"><img alt="A" src="a.svg" /></a>'
    """
    return _FIGURE_IMAGE.sub(r'\1<a class="full-size" href="\3">\2</a>', body)


def fix_page(context: dict[str, Any]) -> None:
    """Fix the page's HTML in its template context, in place."""
    for key, value in context.items():
        if isinstance(value, str) and _CAPTION in value:
            context[key] = value.replace(_CAPTION, _CAPTION + ' aria-level="2"')
    if isinstance(context.get("body"), str):
        body = context["body"].replace("<pre>", '<pre tabindex="0">')
        body = body.replace('<div class="math-wrapper', '<div tabindex="0" class="math-wrapper')
        context["body"] = link_figures(body)
