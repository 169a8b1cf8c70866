"""Each edition shows the figures in its own language, from the one execution both share.

While a page is executed, densebook's figures show themselves as SVG that carries the same
figure drawn with Chinese text inside it (``densebook.plot.to_multilingual_svg``, set up in
the kernels' ``startup/00-densebook.py``). MyST-NB writes that SVG to its output folder and
puts an image on the page that points to it. Before Sphinx collects the page's images, this
transform replaces each such image by the SVG of the edition's language alone (written
beside it, named by its checksum as MyST-NB names outputs): English in the English edition,
Chinese in the Chinese one, and no page ever serves the other language's copy. The
downloads do the same with the notebook's outputs (:func:`svg_for`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

#: The edition's figure language for each Sphinx ``language``; English for any other.
FIGURE_LANGUAGE = {"zh_TW": "zh_TW"}

_MARK = "densebook-translation-"


def figure_language(sphinx_language: str | None) -> str:
    """The language of the figures an edition built with ``sphinx_language`` shows."""
    return FIGURE_LANGUAGE.get(sphinx_language or "en", "en")


def svg_for(svg: str, sphinx_language: str | None) -> str:
    """The SVG of the edition's language, if ``svg`` carries translations; else ``svg``."""
    if _MARK not in svg:
        return svg
    from densebook.plot import split_multilingual_svg

    by_language = split_multilingual_svg(svg)
    return by_language[figure_language(sphinx_language)]


class ShowFiguresInEditionLanguage(SphinxTransform):
    """Point each multilingual figure of the page at its edition's language's SVG."""

    default_priority = 200  # after parsing and translating; before the doctree-read event

    def apply(self, **kwargs: Any) -> None:
        for image in self.document.findall(nodes.image):
            uri = str(image.get("uri", ""))
            if not uri.endswith(".svg") or "://" in uri:
                continue
            # MyST-NB's outputs are "/" + the path relative to the source folder.
            path = Path(self.env.srcdir) / uri.lstrip("/") if uri.startswith("/") else None
            if path is None or not path.is_file():
                continue
            svg = path.read_text(encoding="utf-8")
            shown = svg_for(svg, self.config.language)
            if shown is svg:
                continue
            data = shown.encode("utf-8")
            target = path.with_name(f"{hashlib.sha256(data).hexdigest()}.svg")
            if not target.exists():
                target.write_bytes(data)
            image["uri"] = uri[: -len(path.name)] + target.name
