"""Let readers download each executed page as a notebook and as MyST.

The executed notebook comes from the execution cache in ``cache`` mode (MyST-NB's own copy
in ``jupyter_execute/`` lacks the outputs when they came from the cache), or from
``<outdir>/../jupyter_execute/<page>.ipynb`` when every page was executed. It is written to
the site's ``_downloads/`` folder and linked at the top of the page, beside the page's MyST
source: Sphinx's own copy in ``_sources/`` (``html_copy_source``), saved under the page's
file name.

The downloaded notebook holds only what the reader sees, and runs in a plain Jupyter: its
first cell installs densebook from the site's wheel (``package.py``); cells tagged
``remove-cell`` (hidden checks and glue) are dropped, every other cell is kept with its
outputs. A hidden cell also tagged ``page-setup`` (a page's settings, such as its seed) is
kept: the reader's kernel needs it to print what the page shows. A kept code cell that still
uses ``myst_nb`` fails the build, naming the page and the cell.

Its markdown cells read as the page does, not as raw MyST: each role is replaced by what
the page shows (see `plain_markdown`). Glued values are read from every cell before the
hidden cells (which hold the glue) are dropped, and formatted with MyST-NB's own functions.

The notebook is normalised so that the same page always gives the same bytes, whichever
way it was executed: MyST-NB gives cells random ids; adds ``language_info`` only when it
executed the page itself; and when it did, it has already taken the (invisible) glue
outputs out. With ``nb_merge_streams``, stream outputs (whose split into pieces depends on
timing) are merged here as the page merges them (``stream_merging.merge_streams``). A
notebook MyST-NB executed itself needs a repair first: its renderer merges a cell's streams
*in place*, into the first one, then writes the notebook with the other pieces still there,
so each line would show twice.
"""

from __future__ import annotations

import html
import io
import json
import re
import tokenize
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util.nodes import split_explicit_title

from densebook_sphinx import upstream
from densebook_sphinx.downloads import package
from densebook_sphinx.html import stream_merging

#: ``titles(kind, target)``: the title a ``{doc}`` (kind "doc") or ``{ref}`` (kind "ref")
#: role shows for its target, or None if unknown.
TitleLookup: TypeAlias = Callable[[str, str], str | None]

if TYPE_CHECKING:
    from docutils import nodes
    from nbformat import NotebookNode
    from sphinx.application import Sphinx

FOLDER = "_downloads"
#: What the links say, translated through the "sphinx" catalog like the theme's own text
#: (densebook_sphinx/editions/catalogs.py adds them to it).
MESSAGES = ("Download this page:", "notebook with outputs (.ipynb)", "MyST source (.md)")
#: MyST-NB's tag for a cell the page does not show at all.
HIDDEN = "remove-cell"
#: densebook's tag for a hidden cell the download keeps: the page's settings.
SETUP = "page-setup"
# Used only when a cell cannot be tokenised (then a comment or string may match too).
_MYST_NB_TEXT = re.compile(r"\bmyst_nb\b|\bglue\s*\(")
_NOT_CODE = {tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT}

#: The text mime types a markdown cell can hold, in the order MyST-NB picks them for HTML.
TEXT_PRIORITY = ("text/markdown", "text/plain")
# A role as MyST reads it (mdit_py_plugins.myst_role): `{name}` just before a code span; or
# a plain code span, whose text (roles and all) is shown as it is.
_OPENING = re.compile(r"(?:(?<!\\)\{(?P<name>[a-zA-Z0-9_\-+:]+)\}|(?<![`\\]))(?P<ticks>`+)")
_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*?)\s*$")
# Directives whose content is not markdown: left as they are, like a fenced code block.
_LITERAL_DIRECTIVES = frozenset(
    {"code-cell", "code-block", "code", "sourcecode", "literalinclude", "math", "raw", "eval-rst"}
)
# Python-domain roles, which the page shows as code; `py:` may be left out (the default domain).
_CODE_ROLES = frozenset(
    prefix + name
    for prefix in ("", "py:")
    for name in ("attr", "class", "const", "data", "exc", "func", "meth", "mod", "obj", "type")
)
# Markup in pasted text: these characters anywhere, and `_` unless it is inside a word (where
# markdown never reads it as emphasis, so `dense_1` and `tf_keras` stay readable).
_MARKUP = re.compile(r"[\\`*\[\]<>&$|~]|(?<![^\W_])_|_(?![^\W_])")
# What may come before a pasted text that starts a block: indentation, list and quote markers.
_BLOCK_PREFIX = re.compile(r"[ \t]*(?:>[ \t]*|(?:[-+*]|\d{1,9}[.)])[ \t]+)*")
# What, at the start of a block, starts a list item or a heading.
_BLOCK_MARKER = re.compile(r"(?P<number>\d{1,9})[.)](?:\s|$)|(?:[-+]|#{1,6})(?:\s|$)")


def add_links(
    app: Sphinx, pagename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """Write an executed page's notebook download and link it, with its source, at the top."""
    if doctree is None or "kernelspec" not in app.env.metadata.get(pagename, {}):
        return  # not an executed page
    source = Path(app.env.doc2path(pagename))
    target = Path(app.outdir) / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    notebook, glue = _executed_notebook(app, pagename, source)
    drop_hidden_cells(notebook)
    check_runs_without_myst_nb(notebook, str(source))
    from densebook_sphinx.downloads import translation
    from densebook_sphinx.editions import code_comments
    from densebook_sphinx.editions.messages import page_messages

    messages = page_messages(app, pagename)
    translation.translate_markdown_cells(notebook, messages)
    code_comments.translate_code_cells(notebook, messages)
    rewrite_markdown_cells(notebook, glue, str(source), _mime_priority(app), _titles(app, pagename))
    show_figures_in(notebook, app.config.language)
    add_install_cell(
        notebook,
        package.install_cell_source(Path(app.outdir), app.config.html_baseurl, app.config.language),
    )
    (target / f"{pagename}.ipynb").write_text(
        _normalised(notebook, upstream.nb_config(app.env).merge_streams), encoding="utf-8"
    )
    if not context.get("sourcename"):
        raise ExtensionError(
            "The MyST download of each page is Sphinx's own copy of its source: set "
            f"html_copy_source = True (it is {app.config.html_copy_source!r}).",
            modname=__name__,
        )
    pathto = context.get("pathto", lambda name, resource=0: name)
    notebook_url = html.escape(pathto(f"{FOLDER}/{pagename}.ipynb", 1))
    source_url = html.escape(pathto(f"_sources/{context['sourcename']}", 1))
    saved_as = html.escape(Path(pagename).name + source.suffix)
    links = (
        f'<p class="page-downloads">{_(MESSAGES[0])} '
        f'<a href="{notebook_url}" download>{_(MESSAGES[1])}</a> · '
        f'<a href="{source_url}" download="{saved_as}">{_(MESSAGES[2])}</a></p>\n'
    )
    context["body"] = links + context.get("body", "")


def _titles(app: Sphinx, pagename: str) -> TitleLookup:
    """Titles as the page shows them: a page's for ``{doc}``, a section's for ``{ref}``; and
    for ``{reading-time}``, the time the page shows."""
    from sphinx.util import docname_join

    from densebook_sphinx.html import reading_time

    def lookup(kind: str, target: str) -> str | None:
        if kind == "reading-time":
            return reading_time.shown(app, reading_time.pages_of(target))
        if kind == "doc":
            suffix = Path(target).suffix
            docname = docname_join(pagename, target[: -len(suffix)] if suffix else target)
            title = app.env.titles.get(docname)
            return None if title is None else title.astext()
        labels = app.env.get_domain("std").labels  # type: ignore[attr-defined]
        entry = labels.get(target.lower())
        return None if entry is None else str(entry[2])

    return lookup


def _executed_notebook(
    app: Sphinx, pagename: str, source: Path
) -> tuple[NotebookNode, dict[str, NotebookNode]]:
    """The page's executed notebook, and its glued outputs by key (see `collect_glue`)."""
    import nbformat

    config = upstream.nb_config(app.env)
    if config.execution_mode != "cache":
        folder = Path(config.output_folder)
        notebook: NotebookNode = nbformat.read(  # type: ignore[no-untyped-call]
            folder / f"{pagename}.ipynb", as_version=4
        )
        if config.merge_streams:
            _drop_merged_pieces(notebook)
        # MyST-NB took the glue outputs out of this notebook, and wrote them here.
        glued = folder / f"{pagename}.glue.json"
        saved = json.loads(glued.read_text(encoding="utf8")) if glued.exists() else {}
        from_file = {
            key: nbformat.from_dict(output)  # type: ignore[no-untyped-call]
            for key, output in saved.items()
        }
        return notebook, {**from_file, **collect_glue(notebook)}
    from jupyter_cache import get_cache

    read = upstream.read_notebook(app.env, source)
    assert read is not None  # the page has a kernelspec: MyST-NB read it as a notebook
    try:
        notebook = get_cache(config.execution_cache_path).merge_match_into_notebook(read)[1]
    except KeyError:  # not executed (excluded, or its execution turned off): no outputs
        notebook = read
    return notebook, collect_glue(notebook)


def _mime_priority(app: Sphinx) -> list[str]:
    """The mime types the page's builder shows, most preferred first (as MyST-NB picks)."""
    overrides = upstream.nb_config(app.env).mime_priority_overrides
    return upstream.mime_priority(app.builder.name, overrides)


def _drop_merged_pieces(notebook: NotebookNode) -> None:
    """Keep, per cell and stream name, only the first stream output (it holds them all)."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        seen: set[str] = set()
        kept = []
        for output in cell.outputs:
            if output["output_type"] == "stream":
                if output["name"] in seen:
                    continue
                seen.add(output["name"])
            kept.append(output)
        cell.outputs = kept


def add_install_cell(notebook: NotebookNode, source: str) -> None:
    """Put the cell that installs densebook first (tagged ``densebook-install``)."""
    import nbformat

    cell = nbformat.v4.new_code_cell(  # type: ignore[no-untyped-call]
        source, metadata={"tags": [package.INSTALL_TAG]}
    )
    notebook.cells.insert(0, cell)
    if "source_map" in notebook.metadata:  # 0: no line of the page
        notebook.metadata.source_map = [0, *notebook.metadata.source_map]


def show_figures_in(notebook: NotebookNode, sphinx_language: str | None) -> None:
    """Each figure in the edition's language, as its page shows it (editions/figures.py)."""
    from densebook_sphinx.editions.figures import svg_for

    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/svg+xml" in data:
                svg = data["image/svg+xml"]
                svg = "".join(svg) if isinstance(svg, list) else svg
                data["image/svg+xml"] = svg_for(svg, sphinx_language)


def drop_hidden_cells(notebook: NotebookNode) -> None:
    """Drop the cells tagged ``remove-cell`` (but not ``page-setup``), and their entries in
    MyST-NB's source map."""
    kept = [
        index
        for index, cell in enumerate(notebook.cells)
        if HIDDEN not in (tags := cell.metadata.get("tags", [])) or SETUP in tags
    ]
    notebook.cells = [notebook.cells[index] for index in kept]
    if "source_map" in notebook.metadata:  # each cell's line in the page's source
        notebook.metadata.source_map = [notebook.metadata.source_map[index] for index in kept]


def myst_nb_line(code: str) -> str | None:
    """The first line of ``code`` that imports or uses ``myst_nb``, or None if none does.

    A line counts if it names ``myst_nb`` or calls ``glue(``, outside comments and strings.
    """
    try:
        tokens = [
            token
            for token in tokenize.generate_tokens(io.StringIO(code).readline)
            if token.type not in _NOT_CODE
        ]
    except (tokenize.TokenError, SyntaxError):  # not Python (a cell meant to fail): read text
        return next((line for line in code.splitlines() if _MYST_NB_TEXT.search(line)), None)
    for token, following in zip(tokens, [*tokens[1:], None], strict=True):
        calls_glue = token.string == "glue" and following is not None and following.string == "("
        if token.type == tokenize.NAME and (token.string == "myst_nb" or calls_glue):
            return str(token.line).strip()
    return None


def check_runs_without_myst_nb(notebook: NotebookNode, source: str) -> None:
    """Raise an ExtensionError naming ``source`` and each code cell that uses ``myst_nb``."""
    lines = notebook.metadata.get("source_map")
    offenders = [
        f"  {source}:{lines[index]}: {code}" if lines else f"  {source}, cell {index}: {code}"
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (code := myst_nb_line(cell.source))
    ]
    if offenders:
        raise ExtensionError(
            f"The notebook download of {source} would not run in a plain Jupyter, which has "
            "no myst_nb. These code cells are in it but use myst_nb; move that code into "
            f"cells tagged {HIDDEN}:\n" + "\n".join(offenders),
            modname=__name__,
        )


def collect_glue(notebook: NotebookNode) -> dict[str, NotebookNode]:
    """Each glued value's output by key, from every code cell, as MyST-NB reads them.

    Uses MyST-NB's own ``extract_glue_data_cell``, which also takes the glue-only outputs
    (``display=False``) out of the cells, as the page never shows them. A key glued twice
    keeps its last value, as on the page (where MyST-NB warns, failing the build).
    """
    glue: dict[str, NotebookNode] = {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            glue.update(upstream.glue_data_of_cell(cell))
    return glue


def rewrite_markdown_cells(
    notebook: NotebookNode,
    glue: Mapping[str, NotebookNode],
    page: str,
    mime_priority: Sequence[str] = TEXT_PRIORITY,
    titles: TitleLookup | None = None,
) -> None:
    """Replace the source of each markdown cell by its `plain_markdown`; code cells stay."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = plain_markdown(cell.source, glue, page, mime_priority, titles)


def plain_markdown(
    text: str,
    glue: Mapping[str, NotebookNode],
    page: str,
    mime_priority: Sequence[str] = TEXT_PRIORITY,
    titles: TitleLookup | None = None,
) -> str:
    """The markdown ``text`` of ``page`` with each MyST role replaced by what the page shows.

    - ``{glue:text}`key``` and ``{glue:text}`key:.2f```: the glued text/plain value,
      formatted by MyST-NB's own ``format_plain_text`` (so a string loses its quotes);
      ``{glue}`key``` (or ``glue:``, ``glue:any``): the value in the first of
      ``mime_priority`` it has, text/plain as it is, text/markdown as markdown;
      ``{glue:md}`key```: the glued markdown.
    - ``{term}`text <target>``` and any other role in that form: ``text``; otherwise the
      role's content (``{term}`word``` gives ``word``), except ``{doc}`` and ``{ref}``
      without a text of their own, which give the title of the page or section they link
      to, as the page does: ``titles("doc", target)`` or ``titles("ref", label)`` (the
      target itself without ``titles``, or if it returns None); and ``{reading-time}``,
      the time the page shows, ``titles("reading-time", pages)``.
    - Python roles (``{class}``, ``{func}``, ``{py:meth}``...): their text as code, where a
      leading ``~`` keeps only the last dotted part; ``{math}``: ``$...$``; ``{claim}``:
      nothing (the page's ✓ opens a proof, which the notebook does not hold).

    Pasted text is escaped where markdown would read it as markup, and is kept to one line.
    Code spans and fenced code blocks (and code-like directives) are left as they are. The
    content of other directives (an admonition, a tab) is markdown to the page, so its roles
    are replaced too; but a plain Jupyter shows a directive as a code block, as it is, so
    text pasted there is not escaped.

    Raises:
        ExtensionError: naming ``page`` and the role, if a glue role names no glued key,
            pastes from another page, or glued something a markdown cell cannot show.
    """
    return "".join(
        _rewrite_prose(piece, in_fence, glue, page, mime_priority, titles) if prose else piece
        for piece, prose, in_fence in pieces(text)
    )


class _Fence(NamedTuple):
    char: str
    length: int
    literal: bool  # its content is code, not markdown


def pieces(text: str) -> Iterator[tuple[str, bool, bool]]:
    """``text`` in pieces: each with whether it is prose whose roles the page reads, and
    whether it is inside a fence (which a plain Jupyter shows as code, as it is).

    A piece of prose is one paragraph (roles and code spans do not cross a blank line). The
    lines of a fenced code block are not prose, nor are the fence lines of a directive.
    """
    fences: list[_Fence] = []
    prose: list[str] = []
    for line in text.splitlines(keepends=True):
        fence = _FENCE.match(line)
        if fence and fence["fence"][0] == "`" and "`" in fence["info"]:
            fence = None  # a line starting with a code span
        in_code = bool(fences) and fences[-1].literal
        if fence and fences and _closes(fence, fences[-1]):
            fences.pop()
        elif fence and not in_code:
            info = fence["info"].strip()
            directive = info[1:].split("}", 1)[0] if info.startswith("{") else None
            literal = directive is None or directive in _LITERAL_DIRECTIVES
            fences.append(_Fence(fence["fence"][0], len(fence["fence"]), literal))
        elif not in_code and line.strip():
            prose.append(line)
            continue
        if prose:
            yield "".join(prose), True, bool(fences)
            prose = []
        yield line, False, bool(fences)
    if prose:
        yield "".join(prose), True, bool(fences)


def _closes(fence: re.Match[str], opened: _Fence) -> bool:
    return (
        fence["fence"][0] == opened.char
        and len(fence["fence"]) >= opened.length
        and not fence["info"].strip()
    )


def _rewrite_prose(
    prose: str,
    in_fence: bool,
    glue: Mapping[str, NotebookNode],
    page: str,
    mime_priority: Sequence[str],
    titles: TitleLookup | None,
) -> str:
    out: list[str] = []
    position = 0
    while (found := _OPENING.search(prose, position)) is not None:
        ticks = found["ticks"]
        # As MyST: the content runs to the next run of as many backticks, one character on.
        end = prose.find(ticks, found.end() + 1) if found["name"] else -1
        if end == -1:  # a code span (or a role that never closes): kept as it is
            closing = re.compile(f"(?<!`){ticks}(?!`)").search(prose, found.end())
            stop = closing.end() if closing else found.end()
            out.append(prose[position:stop])
            position = stop
            continue
        name, content = found["name"], prose[found.end() : end].replace("\n", " ")
        pasted, is_text = _role_markdown(name, content, glue, page, mime_priority, titles)
        if is_text and not in_fence:  # else Jupyter shows it as code: no markdown to escape
            pasted = _escaped(pasted)
            line_start = prose.rfind("\n", 0, found.start()) + 1
            if _BLOCK_PREFIX.fullmatch(prose[line_start : found.start()]):
                pasted = _starts_no_block(pasted, prose[end + len(ticks) :].split("\n", 1)[0])
        out.append(prose[position : found.start()] + pasted)
        position = end + len(ticks)
    out.append(prose[position:])
    return "".join(out)


def _role_markdown(
    name: str,
    content: str,
    glue: Mapping[str, NotebookNode],
    page: str,
    mime_priority: Sequence[str],
    titles: TitleLookup | None = None,
) -> tuple[str, bool]:
    """What the page shows for the role, as markdown or as text (then True)."""
    role = f"{{{name}}}`{content}`"
    if name == "glue:text":
        return _glue_text(role, content, glue, page), True
    if name in ("glue", "glue:", "glue:any"):
        return _glue_any(role, content, glue, page, mime_priority)
    if name == "glue:md":
        key = content.rsplit(":", 1)[0]  # after the colon: the markdown's format
        return _glued(role, key, "text/markdown", glue, page), False
    if name == "math":
        return f"${content}$", False
    if name == "claim":  # the page's ✓ links to a proof the notebook does not hold
        return "", False
    explicit, title, _ = split_explicit_title(content)
    if name in _CODE_ROLES:
        if not explicit and title.lstrip(".").startswith("~"):  # as Sphinx's Python domain
            title = title.lstrip(".")[1:].rsplit(".", 1)[-1]
        return _code_span(title), False
    kind = name.removeprefix("std:")
    if not explicit and titles is not None and kind in ("doc", "ref", "reading-time"):
        title = titles(kind, title) or title
    return title, True


def _glue_text(role: str, content: str, glue: Mapping[str, NotebookNode], page: str) -> str:
    """What ``{glue:text}`` shows, read and formatted as MyST-NB's PasteTextRole does."""
    key, spec = content.rsplit(":", 1) if ":" in content else (content, "s")
    plain = _glued(role, key, "text/plain", glue, page)
    try:
        return upstream.format_plain_text(plain, spec)
    except Exception as error:  # what MyST-NB catches (it warns, failing the build)
        raise ExtensionError(
            f"The notebook download of {page} cannot show {role}: the value glued as "
            f"{key!r}, {plain}, does not format with {spec!r}: {error}",
            modname=__name__,
        ) from error


def _glue_any(
    role: str,
    key: str,
    glue: Mapping[str, NotebookNode],
    page: str,
    mime_priority: Sequence[str],
) -> tuple[str, bool]:
    """What ``{glue}`` shows: the glued value's first mime type in ``mime_priority``."""
    data = _glue_output(role, key, glue, page)["data"]
    mime = next((mime for mime in mime_priority if mime in data), None)
    if mime == "text/markdown":
        return str(data[mime]), False
    if mime != "text/plain":
        raise ExtensionError(
            f"The notebook download of {page} cannot show {role}: the page shows it as "
            f"{mime or 'nothing'}, which a markdown cell cannot hold. Glue text, or "
            "paste it with {glue:text}.",
            modname=__name__,
        )
    return str(data[mime]), True  # as it is: a string keeps its quotes


def _glued(role: str, key: str, mime: str, glue: Mapping[str, NotebookNode], page: str) -> str:
    data = _glue_output(role, key, glue, page)["data"]
    if mime not in data:
        raise ExtensionError(
            f"The notebook download of {page} cannot show {role}: the value glued as "
            f"{key!r} has no {mime}.",
            modname=__name__,
        )
    return str(data[mime])


def _glue_output(role: str, key: str, glue: Mapping[str, NotebookNode], page: str) -> NotebookNode:
    if "::" in key:
        raise ExtensionError(
            f"The notebook download of {page} cannot show {role}: it pastes a value from "
            f"another page ({key.split('::', 1)[0]!r}), whose glue the download does not have.",
            modname=__name__,
        )
    if key not in glue:
        raise ExtensionError(
            f"The notebook download of {page} cannot show {role}: no value is glued as "
            f"{key!r} (the page glues: {', '.join(sorted(glue)) or 'nothing'}).",
            modname=__name__,
        )
    return glue[key]


def _escaped(text: str) -> str:
    """Markdown showing ``text`` as it is, on one line (the page's HTML joins lines too)."""
    return _MARKUP.sub(lambda markup: "\\" + markup[0], re.sub(r"\s*\n\s*", " ", text))


def _starts_no_block(pasted: str, after: str) -> str:
    """``pasted``, at the start of a block before ``after``, escaped not to start a list."""
    marker = _BLOCK_MARKER.match(pasted + after)
    if marker is None:
        return pasted
    if marker["number"] is None:
        return "\\" + pasted  # `- `, `+ ` or `# `
    digits = len(marker["number"])
    return pasted[:digits] + "\\" + pasted[digits:] if digits <= len(pasted) else pasted


def _code_span(text: str) -> str:
    ticks = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _normalised(notebook: NotebookNode, merge_streams: bool) -> str:
    """The notebook as the download's bytes: the same page always gives the same ones.

    Cells get ids by position instead of MyST-NB's random ones, ``language_info`` (there
    only when MyST-NB executed the page) goes, and with ``merge_streams`` (MyST-NB's
    ``nb_merge_streams``) each code cell's stream pieces are joined as on the page.
    """
    import nbformat

    notebook.metadata.pop("language_info", None)
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
        if cell.cell_type == "code" and merge_streams:
            cell.outputs = stream_merging.merge_streams(cell.outputs)
    return str(nbformat.writes(notebook))  # type: ignore[no-untyped-call]
