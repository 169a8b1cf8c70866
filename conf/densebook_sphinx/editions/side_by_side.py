"""Side by side: the Chinese pages can show each paragraph's English under its translation.

Readers of the Chinese edition meet Keras's documentation in English; a control at the top
of each Chinese page (``_static/densebook-side-by-side.js``, off by default, remembered in
the browser) shows the English original of every translated paragraph right under it.

The originals are the page's own English, taken just before Sphinx translates the page
(:class:`KeepOriginals`, priority 19; Sphinx's Locale transform is 20) and put back under
each paragraph Sphinx did translate (:class:`ShowOriginals`): so they are always the
English the catalogs translated, never a second copy to keep in step. An original keeps
its words, inline code and formulas; links, glossary links and the claims' check marks
stay with the translation (an original holds no ids, so no anchor appears twice). It
counts for neither the reading time nor the glossary links (``reading_time.py`` skips its
class).

A page does not carry its originals: the HTML writer hands each one to a list on the page
instead of the page, :func:`move_originals` writes the list to ``_originals/<page>.json``,
each translated paragraph that has one is marked, and the script fetches the file only
once a reader turns the control on. A reader who never does downloads a page as light as
before, and one script.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

#: The class of an original paragraph, and of a translated one that has an original (the
#: script and the style sheet know them).
CLASS = "densebook-original"
MARKED = "densebook-has-original"
#: Where the originals go, one JSON file per page.
FOLDER = "_originals"
SCRIPT = "densebook-side-by-side.js"

# Inline nodes an original keeps as they are (the rest become their text).
_KEPT = (nodes.literal, nodes.math)


class original(nodes.paragraph):  # type: ignore[misc]  # docutils: untyped
    """A paragraph's English original, under its translation."""


# An original is written, as HTML, to a list on the page's doctree instead of the page:
# :func:`move_originals` puts that list in the page's file of originals.
_WRITTEN = "densebook_originals"


def _visit_original(translator: HTML5Translator, node: original) -> None:
    node["densebook_body_at"] = len(translator.body)


def _depart_original(translator: HTML5Translator, node: original) -> None:
    start = node.attributes.pop("densebook_body_at")
    translator.document.setdefault(_WRITTEN, []).append("".join(translator.body[start:]))
    del translator.body[start:]


def _plain_copy(paragraph: nodes.paragraph) -> original:
    """The paragraph's words, inline code and formulas, without links, marks or ids."""
    from densebook_sphinx.claims.markers import claim_mark
    from densebook_sphinx.html.reading_time import reading_time

    copy = original("", classes=[CLASS])

    def add(node: nodes.Node) -> None:
        if isinstance(node, claim_mark):
            return
        if isinstance(node, nodes.Text):
            copy.append(nodes.Text(str(node)))
        elif isinstance(node, (*_KEPT, reading_time)):
            kept = node.deepcopy()
            kept["ids"] = []
            if isinstance(kept, reading_time):
                kept["language"] = "en"  # read as the English page reads it
            copy.append(kept)
        elif isinstance(node, nodes.Element):
            for child in node.children:
                add(child)

    for child in paragraph.children:
        add(child)
    return copy


def _translated_edition(transform: SphinxTransform) -> bool:
    language = transform.config.language
    return language not in (None, "en") and transform.app.builder.format == "html"


class KeepOriginals(SphinxTransform):
    """Before Sphinx translates the page, keep each paragraph's English."""

    default_priority = 19

    def apply(self, **kwargs: Any) -> None:
        if not _translated_edition(self):
            return
        for paragraph in self.document.findall(nodes.paragraph):
            if not isinstance(paragraph, original):
                paragraph["densebook_original"] = _plain_copy(paragraph)


def _inside(node: nodes.Node, kind: type[nodes.Element]) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kind):
            return True
        parent = parent.parent
    return False


class ShowOriginals(SphinxTransform):
    """After Sphinx translated the page, put each translated paragraph's English under it."""

    default_priority = 21

    def apply(self, **kwargs: Any) -> None:
        if not _translated_edition(self):
            return
        from densebook_sphinx.explorables.predict import predict

        for paragraph in list(self.document.findall(nodes.paragraph)):
            english = paragraph.attributes.pop("densebook_original", None)
            if _inside(paragraph, predict):
                continue  # a question's choices and answers are laid out by its own script
            if english is not None and paragraph.get("translated") and english.astext().strip():
                paragraph.parent.insert(paragraph.parent.index(paragraph) + 1, english)
                paragraph["classes"].append(MARKED)


_SWITCH = '<p class="edition-switch">'


def move_originals(
    app: Sphinx, pagename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """Write the page's originals (their HTML, in page order) to ``_originals/<page>.json``,
    and tell the script where they are (on the edition switch, which it sits beside)."""
    originals = doctree.get(_WRITTEN) if doctree is not None else None
    body = context.get("body")
    if not originals or not isinstance(body, str):
        return
    target = Path(app.outdir, FOLDER, f"{pagename}.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(originals, ensure_ascii=False, indent=0) + "\n", "utf-8")
    pathto = context.get("pathto", lambda name, resource=0: name)
    url = html.escape(pathto(f"{FOLDER}/{pagename}.json", 1))
    context["body"] = body.replace(_SWITCH, f'<p class="edition-switch" data-originals="{url}">', 1)


def add_script(app: Sphinx) -> None:
    """The switch's script, in a translated edition (``page_assets`` keeps it only on pages
    that have originals)."""
    if app.config.language not in (None, "en"):
        app.add_js_file(SCRIPT, loading_method="defer")


def setup(app: Sphinx) -> None:
    """The node, the two transforms and the script."""
    app.add_node(original, html=(_visit_original, _depart_original))
    app.add_transform(KeepOriginals)
    app.add_transform(ShowOriginals)
    app.connect("builder-inited", add_script)
