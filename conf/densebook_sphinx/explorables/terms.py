"""Glossary definitions where a term is used: on hover and on keyboard focus, offline.

While the glossary page is read, each term's definition is kept: its first sentence,
without the claim marks (a tooltip says what the term is; its link leads to the rest). Each
page that links to glossary terms then carries the definitions of the terms it links, as
JSON, and ``_static/densebook-terms.js`` shows a term's definition beside its link while the
pointer is over it or the link has focus (Escape hides it). Both editions do this from their
own glossary, so the Chinese pages show Chinese definitions.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

GLOSSARY = "glossary"
SCRIPT = "densebook-terms.js"
_LINK = re.compile(r'href="(?:[^"#]*/)?glossary\.html#(term-[^"]+)"')
_KEY = "densebook_term_definitions"


def _definitions(env: BuildEnvironment) -> dict[str, str]:
    if not hasattr(env, _KEY):
        setattr(env, _KEY, {})
    found: dict[str, str] = getattr(env, _KEY)
    return found


def _is_claim_mark(node: nodes.Node) -> bool:
    return "claim" in type(node).__name__


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|。")


def first_sentence(text: str) -> str:
    """A definition's first sentence: what the tooltip shows (the link leads to the rest).

    >>> first_sentence("The rule that fills a weight. Keras calls it an initializer.")
    'The rule that fills a weight.'
    >>> first_sentence("填入權重初始值的規則。例如 `zeros`。")
    '填入權重初始值的規則。'
    """
    end = _SENTENCE_END.search(text)
    return text[: end.end()] if end else text


def _text(definition: nodes.Element) -> str:
    """A definition's first sentence, without claim marks, on one line."""
    copy = definition.deepcopy()
    for mark in list(copy.findall(_is_claim_mark)):
        mark.parent.remove(mark)
    return first_sentence(" ".join(copy.astext().split()))


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """Keep each glossary term's definition, by the term's id."""
    if app.env.docname != GLOSSARY:
        return
    found = _definitions(app.env)
    found.clear()
    for item in doctree.findall(nodes.definition_list_item):
        terms = [t for t in item.children if isinstance(t, nodes.term)]
        definition = next((d for d in item.children if isinstance(d, nodes.definition)), None)
        if definition is None:
            continue
        for term in terms:
            for term_id in term["ids"]:
                found[term_id] = _text(definition)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: Any) -> None:
    _definitions(env).update(_definitions(other))


def add_definitions(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the page the definitions of the glossary terms it links to."""
    body = context.get("body")
    if not isinstance(body, str) or pagename == GLOSSARY:
        return
    found = _definitions(app.env)
    used = {term_id: found[term_id] for term_id in _LINK.findall(body) if term_id in found}
    if not used:
        return
    text = json.dumps(used, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("</", "<\\/")
    context["body"] = body + f'<script type="application/json" id="densebook-terms">{text}</script>'


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", collect)
    app.connect("env-merge-info", merge)
    app.connect("html-page-context", add_definitions, priority=800)
    app.add_js_file(SCRIPT, loading_method="defer")
