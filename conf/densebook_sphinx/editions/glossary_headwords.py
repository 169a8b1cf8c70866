"""The Chinese glossary's headwords and index entries are Chinese: 「偏差（bias）」.

A glossary term stays English in the catalogs: its English text is the key every
``{term}`` link on every page resolves, in both editions. Each translated definition starts
with the term's Taiwan form in bold (``**偏差**：...``, the glossary page's convention).
In a translated edition this transform makes that form the headword, with the English in
parentheses after it, takes the bold form and its colon out of the definition (it would
say the same twice), and adds an index entry under the Chinese form beside the English
one, both pointing to the same anchor: a reader who looks up 偏差 in the index finds it.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

_COLONS = ("：", ":")


def _lead(definition: nodes.definition) -> tuple[nodes.paragraph, nodes.strong] | None:
    """The definition's first paragraph and the bold term it starts with (empty text before
    it, which the translated paragraph can hold, does not count), or None."""
    first = definition.next_node(nodes.paragraph)
    if first is None:
        return None
    for child in first.children:
        if isinstance(child, nodes.strong):
            return first, child
        if not (isinstance(child, nodes.Text) and not str(child).strip()):
            return None
    return None


def chinese_form(definition: nodes.definition) -> str | None:
    """The bold term a translated definition starts with, or None."""
    lead = _lead(definition)
    return (lead[1].astext().strip() or None) if lead is not None else None


class ChineseHeadwords(SphinxTransform):
    """Headword 「中文（English）」, the definition without its bold lead, an index entry."""

    default_priority = 22  # after Sphinx's Locale (20) has translated the definitions

    def apply(self, **kwargs: Any) -> None:
        if self.config.language in (None, "en"):
            return
        for glossary in self.document.findall(addnodes.glossary):
            for item in glossary.findall(nodes.definition_list_item):
                terms = [child for child in item.children if isinstance(child, nodes.term)]
                definition = item.next_node(nodes.definition)
                chinese = chinese_form(definition) if definition is not None else None
                if not terms or chinese is None:
                    continue
                # A form that already names the English ("舊版 Keras 2 套件（tf_keras）")
                # gets it once, after the Chinese, like the others.
                chinese = chinese.removesuffix(f"（{terms[0].astext()}）").strip()
                self._lead_with(terms[0], chinese)
                self._drop_bold_lead(definition)

    @staticmethod
    def _lead_with(term: nodes.term, chinese: str) -> None:
        english = [child for child in term.children if not isinstance(child, addnodes.index)]
        for child in english:
            term.remove(child)
        term.insert(0, nodes.Text(f"{chinese}（"))
        for position, child in enumerate(english, start=1):
            term.insert(position, child)
        term.insert(len(english) + 1, nodes.Text("）"))
        for index in term.findall(addnodes.index):
            entries = list(index["entries"])
            for _kind, _text, target, main, key in list(entries):
                entries.append(("single", chinese, target, main, key))
            index["entries"] = entries

    @staticmethod
    def _drop_bold_lead(definition: nodes.definition) -> None:
        lead = _lead(definition)
        if lead is None:
            return
        first, bold = lead
        after = first.index(bold) + 1
        first.remove(bold)
        following = first[after - 1] if len(first.children) >= after else None
        if isinstance(following, nodes.Text):
            rest = str(following).lstrip()
            for colon in _COLONS:
                if rest.startswith(colon):
                    first.replace(following, nodes.Text(rest[len(colon) :].lstrip()))
                    break
