"""The ``{claim}`id``` role, and the HTML of a claim's mark and of its proof.

A mark is a small ✓ link after the sentence, to the claim's proof at the end of the page.
A proof is a ``<details>`` element (it opens without any script, by keyboard too; browsers
also open it when a link targets its content) that shows the check's code and its result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxRole

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

#: Symbols shown for each result.
SYMBOLS = {"pass": "✓", "fail": "✗", "skip": "?"}


class claim_mark(nodes.Inline, nodes.Element):  # type: ignore[misc]  # docutils: untyped
    """A claim's mark: ``claim_id``, then, once bound, ``status`` and ``label``."""


class claim_proof(nodes.General, nodes.Element):  # type: ignore[misc]  # docutils: untyped
    """A claim's proof: ``claim_id``, ``summary``; its children are the details."""


def anchor(claim_id: str) -> str:
    """The id of a claim's proof on its page (claim ids are valid HTML ids already)."""
    return f"claim-{claim_id}"


class ClaimRole(SphinxRole):
    """``{claim}`lazy.no-weights-until-built```: the sentence before it is that claim."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # Here, not at the top: importing densebook loads NumPy, which a no-op build skips.
        from densebook.claims import ID_PATTERN

        claim_id = self.text.strip()
        if not ID_PATTERN.fullmatch(claim_id):
            message = self.inliner.reporter.error(
                f"claim id {claim_id!r} is not valid: lower-case words joined by hyphens, "
                "the page's short name first, with dots between (lazy.no-weights-until-built)",
                line=self.lineno,
            )
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        mark = claim_mark(self.rawtext, claim_id=claim_id)
        mark.source, mark.line = self.get_source_info()
        return [mark], []


def visit_mark_html(translator: HTML5Translator, node: claim_mark) -> None:
    status = node.get("status", "skip")
    translator.body.append(
        f'<a class="densebook-claim-mark densebook-claim-{status}" '
        f'href="#{anchor(node["claim_id"])}" '
        f'aria-label="{translator.attval(node.get("label", node["claim_id"]))}">'
        f'<span aria-hidden="true">{SYMBOLS[status]}</span></a>'
    )
    raise nodes.SkipNode


def visit_proof_html(translator: HTML5Translator, node: claim_proof) -> None:
    translator.body.append(
        f'<details class="densebook-claim-proof densebook-claim-{node["status"]}">'
        f"<summary>{translator.encode(node['summary'])}</summary>"
        f'<div id="{anchor(node["claim_id"])}">'
    )


def depart_proof_html(translator: HTML5Translator, node: claim_proof) -> None:
    translator.body.append("</div></details>\n")


def _skip(translator: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _visit_children(translator: Any, node: nodes.Node) -> None:
    pass


def setup(app: Sphinx) -> None:
    """Register the role and the two nodes (HTML only; other writers skip a mark)."""
    app.add_role("claim", ClaimRole())
    app.add_node(
        claim_mark,
        html=(visit_mark_html, None),
        text=(_skip, None),
        latex=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_node(
        claim_proof,
        html=(visit_proof_html, depart_proof_html),
        text=(_visit_children, _visit_children),
        latex=(_visit_children, _visit_children),
        man=(_visit_children, _visit_children),
        texinfo=(_visit_children, _visit_children),
    )
