"""Each page's claim marks matched with the results its own kernel glued, and the proofs.

A page's last (hidden) cell calls :func:`densebook.claims.report`, which runs the page's
checks in the page's kernel and glues the results (with every registered claim id) under
:data:`densebook.claims.GLUE_KEY`. After Sphinx reads the page, :func:`bind_claims` reads
them back from MyST-NB's glue file and reports, as warnings that ``-W`` makes errors, with
the page and line:

* a claim with no check (no function in ``densebook.claims`` registers its id);
* a check that names no claim (registered for this page, not marked on it; or registered
  for a page that does not exist);
* a claim whose check did not run (no report on the page, a check of another page, or a
  check skipped for a missing library);
* a check that failed, with its error and line;
* a glossary definition that marks no claim (every definition states a fact).

It then sets each mark's result and appends "Checks on this page" with one proof per claim.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from densebook_sphinx import upstream
from densebook_sphinx.claims.markers import SYMBOLS, anchor, claim_mark, claim_proof
from densebook_sphinx.claims.words import words
from densebook_sphinx.editions.translated_glue import read_glue_data

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: How the proofs name the libraries in a report's versions.
LIBRARY_NAMES = {
    "keras": "Keras",
    "tensorflow": "TensorFlow",
    "tf-keras": "tf_keras",
    "jax": "JAX",
    "flax": "Flax",
    "numpy": "NumPy",
    "python": "Python",
}


def claims_of(env: BuildEnvironment) -> dict[str, list[dict[str, Any]]]:
    """Each page's claims, in page order: id, sentence, section, status, reason, line."""
    if not hasattr(env, "densebook_claims"):
        env.densebook_claims = {}  # type: ignore[attr-defined]
    return env.densebook_claims  # type: ignore[attr-defined, no-any-return]


def registries_of(env: BuildEnvironment) -> dict[str, dict[str, str]]:
    """Each reporting page's view of the registry: claim id -> the check's page."""
    if not hasattr(env, "densebook_claim_registries"):
        env.densebook_claim_registries = {}  # type: ignore[attr-defined]
    return env.densebook_claim_registries  # type: ignore[attr-defined, no-any-return]


def read_report(env: BuildEnvironment, docname: str) -> dict[str, Any] | None:
    """The results the page's kernel glued, or None if the page glued none in this read."""
    from densebook.claims import GLUE_KEY  # here: importing densebook loads NumPy

    if GLUE_KEY not in upstream.glue_keys(env, docname):
        return None
    glued = read_glue_data(upstream.nb_config(env).output_folder, docname)[GLUE_KEY]
    report: dict[str, Any] = json.loads(glued["data"]["text/plain"])
    return report


def sentences(doctree: nodes.document) -> Iterator[tuple[claim_mark, str, nodes.Element]]:
    """Each mark, the text it claims and its block (paragraph, term, table cell).

    The text is what its block says before the mark and after the previous mark in it.
    """
    done: set[int] = set()
    for first in doctree.findall(claim_mark):
        block = first.parent
        while not isinstance(block, nodes.paragraph | nodes.term | nodes.entry) and isinstance(
            block.parent, nodes.Element
        ):
            block = block.parent
        if id(block) in done:
            continue
        done.add(id(block))
        text: list[str] = []
        for node in block.findall(lambda n: isinstance(n, nodes.Text | claim_mark)):
            if isinstance(node, claim_mark):
                yield node, " ".join("".join(text).split()), block
                text = []
            else:
                text.append(node.astext())


def _line_of(env: BuildEnvironment, docname: str, claim_id: str, start: int | None) -> int | None:
    """The source line of a mark: MyST gives a role its paragraph's first line only."""
    if start is None:
        return None
    lines = env.doc2path(docname).read_text(encoding="utf-8").splitlines()
    for number in range(start, len(lines) + 1):
        if f"`{claim_id}`" in lines[number - 1]:
            return number
    return start


def _glossary_items(doctree: nodes.document) -> Iterator[nodes.definition_list_item]:
    """Each term and definition of a ``{glossary}`` (its definitions are claims)."""
    for glossary in doctree.findall(addnodes.glossary):
        yield from glossary.findall(nodes.definition_list_item)


def _section_of(node: nodes.Element) -> tuple[str, str]:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is None or not parent["ids"]:
        return "", ""
    return parent["ids"][0], parent[0].astext() if isinstance(parent[0], nodes.title) else ""


def _problem(
    report: dict[str, Any] | None, claim_id: str, docname: str
) -> tuple[str, dict[str, Any] | None]:
    """What is wrong with a mark's binding ("" if nothing), and its result."""
    if report is None:
        return (
            f"the check of claim {claim_id!r} did not run: the page has no report cell "
            f"(a last hidden cell calling densebook.claims.report({docname!r}))",
            None,
        )
    if claim_id not in report["registered"]:
        return f"claim {claim_id!r} has no check (no function in densebook.claims has it)", None
    result = next((r for r in report["results"] if r["id"] == claim_id), None)
    if result is None:
        return (
            f"the check of claim {claim_id!r} did not run on this page: it belongs to "
            f"page {report['registered'][claim_id]!r}",
            None,
        )
    if result["status"] == "skip":
        return f"the check of claim {claim_id!r} did not run: {result['reason']}", result
    if result["status"] == "fail":
        return f"the check of claim {claim_id!r} failed: {result['reason']}", result
    return "", result


def bind_claims(app: Sphinx, doctree: nodes.document) -> None:
    """Match the page's marks with its results, report every fault, append the proofs."""
    env = app.env
    if upstream.builds_message_catalogs(env):
        return
    docname = env.docname
    report = read_report(env, docname)
    if report is not None:
        registries_of(env)[docname] = report["registered"]
        if report["page"] != docname:
            logger.warning(
                "the page's report cell runs the checks of page %r, not %r",
                report["page"],
                docname,
                location=docname,
            )
    said = words(app.config.language)
    records: list[dict[str, Any]] = []
    proofs: list[claim_proof] = []
    shown: dict[str, str] = {}  # each check's name: the claim whose proof shows its code
    for mark, sentence, block in sentences(doctree):
        claim_id = mark["claim_id"]
        if any(r["id"] == claim_id for r in records):
            line = _line_of(env, docname, claim_id, mark.line or block.line)
            logger.warning(
                "claim %r is marked twice on this page", claim_id, location=(docname, line)
            )
            continue
        problem, result = _problem(report, claim_id, docname)
        if problem:
            line = _line_of(env, docname, claim_id, mark.line or block.line)
            logger.warning(problem, location=(docname, line))
        status = result["status"] if result else "skip"
        mark["status"], mark["label"] = status, said["mark_label"].format(id=claim_id)
        section_id, section_title = _section_of(block)
        records.append(
            {
                "id": claim_id,
                "sentence": sentence,
                "section_id": section_id,
                "section_title": section_title,
                "status": status,
            }
        )
        if result is not None and report is not None:
            # A check that proves several claims of the page shows its code once, in the
            # first of their proofs; the others link to it (page weight).
            first = shown.setdefault(result["check"], claim_id)
            same_as = first if first != claim_id else None
            proofs.append(_proof(said, claim_id, sentence, result, report["versions"], same_as))
    marked = {r["id"] for r in records}
    for result in report["results"] if report else ():
        if result["id"] not in marked:
            logger.warning(
                "check %s names claim %r, which this page does not mark",
                result["check"],
                result["id"],
                location=docname,
            )
    for item in _glossary_items(doctree):
        if not any(item[-1].findall(claim_mark)):
            term = item[0].astext()
            source = env.doc2path(docname).read_text(encoding="utf-8").splitlines()
            line = next((n for n, text in enumerate(source, 1) if text.strip() == term), None)
            logger.warning(
                "the glossary's definition of %r marks no claim", term, location=(docname, line)
            )
    claims_of(env)[docname] = records
    if proofs:
        _append_proofs(doctree, said, proofs)


def _proof(
    said: dict[str, str],
    claim_id: str,
    sentence: str,
    result: dict[str, Any],
    versions: dict[str, str],
    same_as: str | None = None,
) -> claim_proof:
    status = result["status"]
    order = [*LIBRARY_NAMES, *sorted(set(versions) - set(LIBRARY_NAMES))]
    found = said["join"].join(
        f"{LIBRARY_NAMES.get(k, k)} {versions[k]}" for k in order if k in versions
    )
    proof: claim_proof = claim_proof(
        claim_id=claim_id,
        status=status,
        summary=said["summary"].format(symbol=SYMBOLS[status], id=claim_id, result=said[status]),
    )
    proof += nodes.block_quote("", nodes.paragraph("", sentence))
    before, after = said["ran"].format(check="\0", versions=found, result=said[status]).split("\0")
    check = nodes.literal("", result["check"])
    proof += nodes.paragraph("", "", nodes.Text(before), check, nodes.Text(after))
    if result["reason"]:
        proof += nodes.paragraph("", result["reason"])
    code = result["code"].rstrip("\n")
    if same_as is not None:
        before, after = said["same_code"].format(first="\0").split("\0")
        link = nodes.reference("", same_as, refuri=f"#{anchor(same_as)}", internal=True)
        proof += nodes.paragraph("", "", nodes.Text(before), link, nodes.Text(after))
    else:
        # Plain, not highlighted: Pygments' markup made a page's proofs five times heavier
        # (57 KB against 10 KB of code for twelve claims), and they are reference reading.
        proof += nodes.literal_block(code, code, language="none")
    if result.get("stderr"):
        proof += nodes.paragraph("", said["stderr"])
        proof += nodes.literal_block(result["stderr"], result["stderr"].rstrip("\n"))
    command = nodes.literal("", f"python -m densebook.check --claim {claim_id}")
    proof += nodes.paragraph("", "", nodes.Text(said["rerun"] + " "), command)
    return proof


def _append_proofs(
    doctree: nodes.document, said: dict[str, str], proofs: list[claim_proof]
) -> None:
    section = nodes.section(ids=["checks-on-this-page"], names=["checks on this page"])
    section += nodes.title("", said["checks_on_page"])
    section += nodes.paragraph("", said["checks_intro"])
    section.extend(proofs)
    top = next(iter(doctree.findall(nodes.section)), None)
    (top if top is not None else doctree).append(section)


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    claims_of(env).pop(docname, None)
    registries_of(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in claims_of(other):
            claims_of(env)[docname] = claims_of(other)[docname]
        if docname in registries_of(other):
            registries_of(env)[docname] = registries_of(other)[docname]


def check_registry(app: Sphinx, env: BuildEnvironment) -> None:
    """A check registered for a page that runs no report names no claim: report it."""
    reporting = set(registries_of(env))
    registered: dict[str, str] = {}
    for registry in registries_of(env).values():
        registered.update(registry)
    for claim_id, page in sorted(registered.items()):
        if page not in reporting:
            logger.warning(
                "the check of claim %r names page %r, which %s",
                claim_id,
                page,
                "runs no report cell" if page in env.found_docs else "does not exist",
            )
