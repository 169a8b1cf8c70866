"""The checks page: ``{claims-index}`` lists every claim of every page, with its result.

The directive leaves a placeholder; once every page is read, it becomes the total, then
for each page (in the book's order) its title, its counts, and one item per claim: the id
(linked to its proof), the sentence, its section (linked) and the result. It shows no
timings, so two builds of the page are byte-identical.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from densebook_sphinx.claims.binding import claims_of
from densebook_sphinx.claims.markers import SYMBOLS, anchor
from densebook_sphinx.claims.words import words
from densebook_sphinx.page_sets import PageSet

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class claims_index(nodes.General, nodes.Element):  # type: ignore[misc]  # docutils: untyped
    """Where the list of every claim goes."""


#: The pages that hold a ``{claims-index}``: it lists every page's claims, so it is read
#: again whenever a page changes.
INDEX_PAGES = PageSet(
    "densebook_claims_index_pages",
    lambda app, env, added, changed, removed: bool(added | changed | removed),
)


class ClaimsIndex(SphinxDirective):
    """``{claims-index}``: every claim on the site, page by page; with ``:counts-only:``,
    the totals and each page's counts without the claims themselves."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"counts-only": directives.flag}

    def run(self) -> list[nodes.Node]:
        INDEX_PAGES.of(self.env).add(self.env.docname)
        return [claims_index(counts_only="counts-only" in self.options)]


def book_order(env: BuildEnvironment) -> list[str]:
    """Every page in the order the root page's table of contents reaches it."""
    order: list[str] = []

    def visit(docname: str) -> None:
        if docname not in order:
            order.append(docname)
            for child in env.toctree_includes.get(docname, []):
                visit(child)

    visit(env.config.root_doc)
    return order + sorted(set(env.found_docs) - set(order))


def _counts(claims: Iterable[dict[str, Any]]) -> dict[str, int]:
    listed = list(claims)
    passed = sum(c["status"] == "pass" for c in listed)
    return {"claims": len(listed), "passed": passed, "failed": len(listed) - passed}


def _link(uri: str, *children: nodes.Node) -> nodes.reference:
    return nodes.reference("", "", *children, internal=True, refuri=uri)


def fill_index(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """Replace each placeholder with its list, once every page's claims are known."""
    for placeholder in list(doctree.findall(claims_index)):
        placeholder.replace_self(_listing(app, fromdocname, counts_only=placeholder["counts_only"]))


def _listing(app: Sphinx, fromdocname: str, *, counts_only: bool) -> list[nodes.Node]:
    env, said = app.env, words(app.config.language)
    pages = [(d, claims_of(env)[d]) for d in book_order(env) if claims_of(env).get(d)]
    every = [c for _, claims in pages for c in claims]
    content: list[nodes.Node] = [
        nodes.paragraph("", said["total"].format(pages=len(pages), **_counts(every)))
        if every
        else nodes.paragraph("", said["none"])
    ]
    for docname, claims in pages:
        uri = app.builder.get_relative_uri(fromdocname, docname)
        title = env.titles[docname].astext()
        heading = nodes.paragraph("", "", nodes.strong("", "", _link(uri, nodes.Text(title))))
        heading["classes"].append("densebook-claims-page")
        count = said["page_count"].format(**_counts(claims))
        if counts_only:
            heading += nodes.Text(" " + count)
            content.append(heading)
            continue
        content.append(heading)
        content.append(nodes.paragraph("", count))
        items = nodes.bullet_list(classes=["densebook-claims-list"])
        for claim in claims:
            result = f"{SYMBOLS[claim['status']]} {said[claim['status']]}"
            item = nodes.paragraph(
                "",
                "",
                _link(f"{uri}#{anchor(claim['id'])}", nodes.literal("", claim["id"])),
                nodes.Text(said["item"].format(result=result, sentence=claim["sentence"])),
            )
            if claim["section_id"]:
                item += _link(
                    f"{uri}#{claim['section_id']}",
                    nodes.Text(said["section"].format(title=claim["section_title"])),
                )
            items += nodes.list_item("", item)
        content.append(items)
    return content


def setup(app: Sphinx) -> None:
    """Register the directive, its node and the handlers that fill it and keep it fresh."""
    app.add_directive("claims-index", ClaimsIndex)
    app.add_node(claims_index)
    app.connect("doctree-resolved", fill_index)
    INDEX_PAGES.connect(app)
