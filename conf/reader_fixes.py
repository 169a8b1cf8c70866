"""Sphinx extension: small fixes to the HTML that furo and Sphinx write, for readers.

* Sphinx marks toctree captions ``role="heading"`` without the ``aria-level`` that role
  requires, which screen readers need (axe rule aria-required-attr, "critical").
* A code block or output that scrolls sideways must be reachable by keyboard (axe rule
  scrollable-region-focusable, "serious"): every ``<pre>`` gets ``tabindex="0"``.
"""

from __future__ import annotations

from typing import Any

_CAPTION = 'class="caption" role="heading"'


def _fix_page(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    for key, value in context.items():
        if isinstance(value, str) and _CAPTION in value:
            context[key] = value.replace(_CAPTION, _CAPTION + ' aria-level="2"')
    if isinstance(context.get("body"), str):
        context["body"] = context["body"].replace("<pre>", '<pre tabindex="0">')


def setup(app: Any) -> dict[str, Any]:
    # After furo (priority 500) has rendered its navigation tree into the context.
    app.connect("html-page-context", _fix_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
