"""The .ipynb download of a page runs on its own in a plain Jupyter and shows what the page shows.

A plain Jupyter has TensorFlow, Keras and densebook but not myst_nb, and none of the build's
kernel set-up (conf/ipython) or TensorFlow environment.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import html
import os
import re
from base64 import b64decode, b64encode
from dataclasses import dataclass, fields
from pathlib import Path

import nbformat
import pytest
from docutils import nodes
from docutils.core import publish_doctree
from markdown_it import MarkdownIt
from myst_nb.docutils_ import Parser as MystNbParser
from myst_nb.ext.glue import GLUE_PREFIX
from nbclient import NotebookClient
from nbformat import NotebookNode
from page_downloads import (
    HIDDEN,
    _drop_merged_pieces,
    _normalised,
    check_runs_without_myst_nb,
    collect_glue,
    drop_hidden_cells,
    myst_nb_line,
    plain_markdown,
    rewrite_markdown_cells,
)
from sphinx.errors import ExtensionError
from stream_merging import merge_outputs

import densebook
from sitebuild import copy_project, run_build

# Put first on the kernel's PYTHONPATH, it makes `import myst_nb` fail as if not installed.
MYST_NB_BLOCKER = (
    "raise ModuleNotFoundError(\"No module named 'myst_nb' (hidden by densebook's test of "
    "the notebook downloads)\", name='myst_nb')\n"
)
# Two kernels at a time: the machine has two cores.
KERNELS_AT_ONCE = 2


def notebook(*cells: NotebookNode, source_map: list[int] | None = None) -> NotebookNode:
    nb = nbformat.v4.new_notebook(cells=list(cells))
    if source_map is not None:
        nb.metadata["source_map"] = source_map
    return nb


def code(source: str, *tags: str, outputs: list[NotebookNode] | None = None) -> NotebookNode:
    cell = nbformat.v4.new_code_cell(source, outputs=outputs or [])
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def markdown(source: str, *tags: str) -> NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


# -- What the download keeps ------------------------------------------------------------------


def test_hidden_cells_are_dropped_with_their_source_map_lines() -> None:
    nb = notebook(
        markdown("# Title"),
        code("x = 1", outputs=[nbformat.v4.new_output("stream", text="1\n")]),
        code("from myst_nb import glue\nglue('x', x, display=False)", HIDDEN),
        markdown("A hidden note.", HIDDEN),
        code("print(x)", "hide-cell"),
        code("x", "remove-output"),
        source_map=[6, 9, 14, 18, 21, 25],
    )
    drop_hidden_cells(nb)
    assert [cell.source for cell in nb.cells] == ["# Title", "x = 1", "print(x)", "x"]
    assert nb.cells[1].outputs[0].text == "1\n"  # kept with its outputs
    assert nb.metadata.source_map == [6, 9, 21, 25]


def test_hidden_cells_are_dropped_from_a_notebook_without_a_source_map() -> None:
    nb = notebook(code("a = 1"), code("assert a == 1", HIDDEN))
    drop_hidden_cells(nb)
    assert [cell.source for cell in nb.cells] == ["a = 1"]
    assert "source_map" not in nb.metadata


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("from myst_nb import glue", "from myst_nb import glue"),
        ("import keras\nimport myst_nb.ext.glue as g", "import myst_nb.ext.glue as g"),
        ("x = 2\nglue('x', x, display=False)", "glue('x', x, display=False)"),
        ("values = [glue ('x', 2)]", "values = [glue ('x', 2)]"),
        ("import myst_nb\n", "import myst_nb"),
        ("%time from myst_nb import glue", "%time from myst_nb import glue"),
        # Code tokenize cannot read (a cell meant to fail): the text is searched instead.
        ("s = '''never closed\nfrom myst_nb import glue", "from myst_nb import glue"),
    ],
)
def test_a_cell_using_myst_nb_is_found_with_its_line(source: str, line: str) -> None:
    assert myst_nb_line(source) == line


@pytest.mark.parametrize(
    "source",
    [
        "import keras\nprint(keras.__version__)",
        "# the page glues this value with myst_nb's glue(...) in a hidden cell",
        "print('glue(', \"myst_nb\")",
        "glued = 3\nx.glue_count = glued",
        "%matplotlib inline\nimport densebook",
        "x = (1,\n",  # unfinished: read as text, and nothing matches
    ],
)
def test_a_cell_that_only_mentions_glue_in_comments_or_strings_passes(source: str) -> None:
    assert myst_nb_line(source) is None


def test_each_kept_cell_using_myst_nb_is_named_in_one_build_error() -> None:
    nb = notebook(
        markdown("Three is {glue:text}`n`."),  # prose: shown as text, nothing to run
        code("from myst_nb import glue\nn = 3"),
        code("print(n)"),
        code("glue('n', n, display=False)"),
        source_map=[6, 9, 14, 18],
    )
    with pytest.raises(ExtensionError) as excinfo:
        check_runs_without_myst_nb(nb, "docs/page.md")
    message = str(excinfo.value)
    assert "docs/page.md:9: from myst_nb import glue" in message
    assert "docs/page.md:18: glue('n', n, display=False)" in message
    assert ":14:" not in message
    assert "remove-cell" in message


def test_without_a_source_map_the_error_names_the_cell_by_number() -> None:
    with pytest.raises(ExtensionError, match=r"page\.ipynb, cell 1: import myst_nb"):
        check_runs_without_myst_nb(notebook(code("x = 1"), code("import myst_nb")), "page.ipynb")


def test_a_notebook_without_myst_nb_passes() -> None:
    check_runs_without_myst_nb(notebook(code("import densebook"), markdown("`glue(`")), "p.md")


# -- What a reader reads in a markdown cell ---------------------------------------------------


def glued(name: str, value: object, *, display: bool = False) -> NotebookNode:
    """The output of myst_nb's glue(name, value, display): IPython's text/plain is the repr."""
    prefix = "" if display else GLUE_PREFIX
    return nbformat.v4.new_output(
        "display_data",
        data={f"{prefix}text/plain": repr(value)},
        metadata={"scrapbook": {"name": name, "mime_prefix": prefix}},
    )


def glue_of(**values: object) -> dict[str, NotebookNode]:
    return collect_glue(notebook(code("", outputs=[glued(k, v) for k, v in values.items()])))


def test_glue_is_read_from_the_hidden_cells_before_they_are_dropped() -> None:
    nb = notebook(
        code("limit = 0.5"),
        code("glue('limit', limit, display=False)", HIDDEN, outputs=[glued("limit", 0.5)]),
        markdown("The limit is {glue:text}`limit`."),
        code("print(limit)", outputs=[glued("shown", "yes", display=True)]),
    )
    glue = collect_glue(nb)
    drop_hidden_cells(nb)
    rewrite_markdown_cells(nb, glue, "docs/page.md")
    assert [cell.source for cell in nb.cells] == [
        "limit = 0.5",
        "The limit is 0.5.",
        "print(limit)",
    ]
    assert sorted(glue) == ["limit", "shown"]
    assert glue["limit"].data == {"text/plain": "0.5"}  # the mime prefix taken off
    # A displayed glue output stays in its cell (the page shows it); a hidden one goes.
    assert [output.data for output in nb.cells[2].outputs] == [{"text/plain": "'yes'"}]


def test_a_key_glued_twice_reads_its_last_value_as_on_the_page() -> None:
    nb = notebook(code("", outputs=[glued("n", 1)]), code("", outputs=[glued("n", 2)]))
    assert plain_markdown("{glue:text}`n`", collect_glue(nb), "p.md") == "2"


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("{glue:text}`limit`", "0.125"),
        ("{glue:text}`limit:.2f`", "0.12"),
        ("{glue:text}`ratio:.1%`", "12.5%"),
        ("{glue:text}`count:d`", "3"),
        ("{glue:text}`name`", "dense/kernel"),  # a string loses its quotes
        ("{glue:text}`shape`", "(2, 4)"),
        ("{glue}`name`", "'dense/kernel'"),  # the any-role shows text/plain as it is
        ("{glue:}`count`", "3"),
        ("{glue:any}`count`", "3"),
        ("{term}`gradient`", "gradient"),
        ("{term}`learning rate <learning rate>`", "learning rate"),
        ("{term}`batches <batch>`", "batches"),
        ("{doc}`the bias page <bias>`", "the bias page"),
        ("{doc}`bias`", "bias"),
        ("{ref}`Key points <key-points>`", "Key points"),
        ("{class}`keras.layers.Dense`", "`keras.layers.Dense`"),
        ("{py:func}`~keras.ops.matmul`", "`matmul`"),
        ("{meth}`build <keras.layers.Dense.build>`", "`build`"),
        ("{math}`W x + b`", "$W x + b$"),
        ("{term}``double `ticks` <tick>``", "double \\`ticks\\`"),
    ],
)
def test_each_role_form_is_replaced_by_what_the_page_shows(source: str, shown: str) -> None:
    glue = glue_of(limit=0.125, ratio=0.125, count=3, name="dense/kernel", shape=(2, 4))
    assert plain_markdown(f"A {source}, then more.", glue, "p.md") == f"A {shown}, then more."


def test_only_markdown_cells_are_rewritten() -> None:
    nb = notebook(markdown("{term}`unit`s"), code("print('{term}`unit`')"))
    rewrite_markdown_cells(nb, {}, "p.md")
    assert [cell.source for cell in nb.cells] == ["units", "print('{term}`unit`')"]


GLUED_FOR_THE_PAGE = {
    "limit": 0.123456,
    "share": 0.4,
    "name": "dense/kernel",
    "shape": (2, 4),
    "same": True,
    "one": 1,
    "markup": "<tf.Variable 'a*b*' [x]> & $y$ _z_ |w| ~v~ \\\\ `q`",
}


def page_paragraphs(markdown_text: str) -> list[str]:
    """The text of each paragraph MyST-NB's own renderer makes of one markdown cell."""
    page = notebook(
        code("", outputs=[glued(name, value) for name, value in GLUED_FOR_THE_PAGE.items()]),
        markdown(markdown_text),
    )
    page.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    doctree = publish_doctree(
        nbformat.writes(page),
        parser=MystNbParser(),
        settings_overrides={"nb_execution_mode": "off", "report_level": 2, "halt_level": 2},
    )
    return [" ".join(p.astext().split()) for p in doctree.findall(nodes.paragraph)]


def jupyter_paragraphs(markdown_text: str) -> list[str]:
    """The text of each paragraph CommonMark (as in a plain Jupyter) makes of markdown."""
    rendered = MarkdownIt("commonmark").render(markdown_text)
    return [
        " ".join(html.unescape(re.sub("<[^>]*>", "", paragraph)).split())
        for paragraph in re.findall("<p>(.*?)</p>", rendered, re.DOTALL)
    ]


@pytest.mark.parametrize(
    "source",
    [
        "The limit is {glue:text}`limit:.2f`, or {glue:text}`share:.0%` of it.",
        "Keras prints {glue:text}`name`; the shape is {glue:text}`shape`.",
        "In full: {glue}`name`, {glue}`limit` and {glue:text}`same`.",
        "Escaped: {glue:text}`markup` and {glue}`markup`.",
        # A number that starts a line must not start a list: still one paragraph.
        "The count is\n{glue:text}`one`. It is the first.",
        "The count is\n{glue:text}`one`) the first.",
    ],
)
def test_the_download_reads_as_the_page_for_glued_values(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MyST-NB's renderer on the page's cell, and CommonMark on the download's, agree."""
    monkeypatch.chdir(tmp_path)  # MyST-NB's docutils parser writes a build/ folder here
    download = plain_markdown(
        source,
        collect_glue(
            notebook(
                code("", outputs=[glued(name, value) for name, value in GLUED_FOR_THE_PAGE.items()])
            )
        ),
        "p.md",
    )
    assert "{glue" not in download
    assert jupyter_paragraphs(download) == page_paragraphs(source)


def test_code_and_code_spans_keep_their_roles_directives_holding_markdown_do_not() -> None:
    source = (
        "Write `` {glue:text}`n` `` for a value; `{term}` alone is no role.\n"
        "\n"
        "```python\n"
        "label = '{term}`x`'\n"
        "```\n"
        "\n"
        "````{admonition} Key points\n"
        ":class: key-points\n"
        "\n"
        "- {glue:text}`n` {term}`units <unit>` of {glue:text}`op`\n"
        "\n"
        "```{code-block} text\n"
        "{glue:text}`n`\n"
        "```\n"
        "````\n"
        "\n"
        "~~~\n"
        "{term}`x`\n"
        "~~~\n"
        "After: {term}`bias`, {glue:text}`op`\n"
    )
    # Jupyter shows the admonition as a code block, as it is: text pasted there is not escaped.
    expected = source.replace(
        "- {glue:text}`n` {term}`units <unit>` of {glue:text}`op`", "- 4 units of x*W_"
    ).replace("After: {term}`bias`, {glue:text}`op`", "After: bias, x\\*W\\_")
    assert plain_markdown(source, glue_of(n=4, op="x*W_"), "p.md") == expected


def test_an_unknown_glue_key_fails_naming_the_page_and_the_key() -> None:
    with pytest.raises(ExtensionError) as excinfo:
        plain_markdown("Limit: {glue:text}`limt:.2f`.", glue_of(limit=0.5), "docs/page.md")
    message = str(excinfo.value)
    assert "docs/page.md" in message
    assert "{glue:text}`limt:.2f`" in message
    assert "'limt'" in message
    assert "limit" in message  # what the page does glue


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("{glue:text}`bias::limit:.2f`", "another page ('bias')"),
        ("{glue:text}`name:.2f`", "does not format with '.2f'"),
        ("{glue:md}`limit`", "has no text/markdown"),
        ("{glue}`figure`", "shows it as image/png"),
    ],
)
def test_a_glue_role_the_download_cannot_show_fails(source: str, fragment: str) -> None:
    glue = glue_of(limit=0.5, name="dense/kernel")
    glue["figure"] = nbformat.from_dict({"data": {"image/png": "iVBOR", "text/plain": "<Fig>"}})
    with pytest.raises(ExtensionError, match=re.escape(fragment)) as excinfo:
        plain_markdown(source, glue, "docs/page.md", ["image/png", "text/plain"])
    assert f"docs/page.md cannot show {source}" in str(excinfo.value)


def test_glued_markdown_is_pasted_as_markdown() -> None:
    glue = {"note": nbformat.from_dict({"data": {"text/markdown": "**bold**", "text/plain": "x"}})}
    assert plain_markdown("{glue:md}`note` and {glue}`note`", glue, "p.md") == (
        "**bold** and **bold**"
    )


def test_a_code_role_holding_backticks_gets_a_longer_code_span() -> None:
    assert plain_markdown("Call {func}``f`x`` or {meth}```a``b```.", {}, "p.md") == (
        "Call ``f`x`` or ```a``b```."
    )


def test_a_fence_closes_only_on_as_many_of_its_own_characters() -> None:
    """A shorter fence, or one of the other character, is a line of the code block."""
    lines = ["````", "```", "{term}`a`", "```", "````", "~~~", "{term}`b`", "```", "~~~"]
    source = "\n".join([*lines, "After {term}`c`.", ""])
    expected = source.replace("After {term}`c`.", "After c.")
    assert plain_markdown(source, {}, "p.md") == expected


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("{glue:text}`item` is an item.", "\\- x is an item."),
        ("See {glue:text}`item`.", "See - x."),  # inside a line: no list to start
        ("- {glue:text}`item`", "- \\- x"),
        ("> {glue:text}`item`", "> \\- x"),
        ("{glue:text}`year`. A good year.", "2024\\. A good year."),
        ("{glue:text}`year`) A good year.", "2024\\) A good year."),
        ("{glue:text}`long`. Ten digits start no list.", "1234567890. Ten digits start no list."),
        ("{glue:text}`title`", "\\# Title"),
        ("{glue:text}`tag`", "#tag"),  # a heading needs a space after its #
    ],
)
def test_pasted_text_at_the_start_of_a_block_starts_no_list_or_heading(
    source: str, shown: str
) -> None:
    glue = glue_of(item="- x", year=2024, long=1234567890, title="# Title", tag="#tag")
    assert plain_markdown(source, glue, "p.md") == shown


def test_pasted_text_is_escaped_except_underscores_inside_words() -> None:
    glue = glue_of(text="dense_1 *x* [y] _z_ <b> a|b\nend")
    assert plain_markdown("Name: {glue:text}`text`", glue, "p.md") == (
        "Name: dense_1 \\*x\\* \\[y\\] \\_z\\_ \\<b\\> a\\|b end"
    )


# -- The notebook file ------------------------------------------------------------------------


def pieces(*texts: str, name: str = "stdout") -> list[NotebookNode]:
    return [nbformat.v4.new_output("stream", name=name, text=text) for text in texts]


def page_notebook() -> NotebookNode:
    """A page's notebook as MyST-NB gives it: random cell ids, printed text in pieces."""
    nb = notebook(
        markdown("# Title"),
        code("print('identical = True')", outputs=pieces("identical =", " True\n")),
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return nb


def test_the_same_page_gives_the_same_bytes_whoever_executed_it() -> None:
    executed_by_myst_nb = page_notebook()
    executed_by_myst_nb.metadata["language_info"] = {"name": "python", "version": "3.11.2"}
    from_the_cache = page_notebook()
    assert executed_by_myst_nb.cells[0].id != from_the_cache.cells[0].id  # random ids
    text = _normalised(executed_by_myst_nb, merge_streams=True)
    assert text == _normalised(from_the_cache, merge_streams=True)
    written = nbformat.reads(text, as_version=4)
    nbformat.validate(written)
    assert [cell.id for cell in written.cells] == ["cell-0", "cell-1"]
    kernelspec = {"name": "python3", "display_name": "Python 3"}
    assert written.metadata == {"kernelspec": kernelspec}  # language_info is gone
    assert written.cells[0].source == "# Title"


def test_stream_pieces_are_merged_only_when_the_page_merges_them() -> None:
    merged = nbformat.reads(_normalised(page_notebook(), merge_streams=True), as_version=4)
    assert [o.text for o in merged.cells[1].outputs] == ["identical = True\n"]
    kept = nbformat.reads(_normalised(page_notebook(), merge_streams=False), as_version=4)
    assert [o.text for o in kept.cells[1].outputs] == ["identical =", " True\n"]


def test_pieces_myst_nb_already_merged_in_place_are_dropped() -> None:
    """MyST-NB merged every piece into the first one, and wrote the others too."""
    figure = nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})
    outputs = [
        *pieces("a\nb\n"),
        *pieces("warning\n", name="stderr"),
        figure,
        *pieces("b\n"),
        *pieces("ing\n", name="stderr"),
    ]
    nb = notebook(markdown("Text"), code("", outputs=outputs), code("", outputs=pieces("c\n")))
    _drop_merged_pieces(nb)
    assert nb.cells[1].outputs == [outputs[0], outputs[1], figure]
    assert [o.text for o in nb.cells[2].outputs] == ["c\n"]
    assert nb.cells[0].source == "Text"


# -- What a reader sees of a cell -------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """The visible outputs of one code cell, streams merged as on the page."""

    stdout: str
    stderr: str
    displays: tuple[str, ...]  # each display's text/plain, and its image's size and digest
    errors: tuple[str, ...]

    @classmethod
    def of(cls, cell: NotebookNode) -> Shown:
        streams = {"stdout": "", "stderr": ""}
        displays, errors = [], []
        for output in merge_outputs(copy.deepcopy(cell.outputs)):
            if output.output_type == "stream":
                streams[output.name] += output.text
            elif output.output_type in ("display_data", "execute_result"):
                shown = [output.data.get("text/plain", "")]
                if "image/png" in output.data:
                    png = b64decode(output.data["image/png"])
                    shown.append(f"PNG {len(png)} bytes {hashlib.sha256(png).hexdigest()[:16]}")
                if "image/svg+xml" in output.data:
                    svg = output.data["image/svg+xml"].encode()
                    shown.append(f"SVG {len(svg)} bytes {hashlib.sha256(svg).hexdigest()[:16]}")
                displays.append(" | ".join(shown))
            elif output.output_type == "error":
                errors.append(f"{output.ename}: {output.evalue}")
        return cls(streams["stdout"], streams["stderr"], tuple(displays), tuple(errors))


def _around_first_difference(before: object, after: object, width: int = 160) -> list[str]:
    """The reprs of two values, each cut to a window around where they first differ."""
    texts = [repr(before), repr(after)]
    start = next(
        (i for i, (a, b) in enumerate(zip(*texts, strict=False)) if a != b), min(map(len, texts))
    )
    low = max(0, start - width // 4)
    return [
        ("..." if low else "")
        + text[low : low + width]
        + ("..." if len(text) > low + width else "")
        for text in texts
    ]


def differences(page: NotebookNode, fresh: NotebookNode) -> list[str]:
    """For each code cell whose outputs differ: its number, first line, and what differs."""
    found = []
    for index, (cell, again) in enumerate(zip(page.cells, fresh.cells, strict=True)):
        if cell.cell_type != "code" or (expected := Shown.of(cell)) == (got := Shown.of(again)):
            continue
        first_line = cell.source.splitlines()[0] if cell.source else ""
        lines = [f"cell {index} ({first_line!r}):"]
        for field in fields(Shown):
            if (before := getattr(expected, field.name)) != (after := getattr(got, field.name)):
                page_text, fresh_text = _around_first_difference(before, after)
                lines.append(f"    {field.name}: page  {page_text}")
                lines.append(f"    {field.name}: fresh {fresh_text}")
        found.append("\n".join(lines))
    return found


def _display(png: bytes, html: str) -> NotebookNode:
    data = {"text/plain": "<Figure>", "image/png": b64encode(png).decode(), "text/html": html}
    return nbformat.v4.new_output("display_data", data=data)


def test_streams_split_differently_show_the_same() -> None:
    pieces = [nbformat.v4.new_output("stream", name="stdout", text=t) for t in ("a\n", "b\n")]
    merged = [nbformat.v4.new_output("stream", name="stdout", text="a\nb\n")]
    assert Shown.of(code("", outputs=pieces)) == Shown.of(code("", outputs=merged))


def test_html_is_not_compared_png_bytes_are() -> None:
    page = notebook(code("f", outputs=[_display(b"png", "<b>a</b>")]))
    assert differences(page, notebook(code("f", outputs=[_display(b"png", "<i>b</i>")]))) == []
    [report] = differences(page, notebook(code("f", outputs=[_display(b"PNG", "<b>a</b>")])))
    assert report.startswith("cell 0 ('f'):\n    displays: page  ")


def test_stderr_and_errors_in_the_fresh_run_are_reported() -> None:
    page = notebook(code("print(n)", outputs=[nbformat.v4.new_output("stream", text="3\n")]))
    fresh = notebook(
        code(
            "print(n)",
            outputs=[
                nbformat.v4.new_output("stream", name="stderr", text="I0000 cudart_stub.cc\n"),
                nbformat.v4.new_output(
                    "error", ename="NameError", evalue="name 'n' is not defined"
                ),
            ],
        )
    )
    [report] = differences(page, fresh)
    assert "stdout: page  '3\\n'" in report
    assert "stderr: fresh 'I0000 cudart_stub.cc\\n'" in report
    assert "errors: fresh (\"NameError: name 'n' is not defined\",)" in report
    assert "displays" not in report


# -- Running a download in a plain Jupyter ----------------------------------------------------


def plain_kernel_env(blocker: Path, ipython_dir: Path) -> dict[str, str]:
    """The environment of a plain Jupyter kernel, started from this process."""
    env = {
        name: value
        for name, value in os.environ.items()
        # conftest.py's `import densebook` put its TensorFlow settings into os.environ; a
        # reader's Jupyter has them only once the notebook imports densebook itself.
        # ipykernel stops copying file-descriptor output (TensorFlow's C++ logs) into cells
        # when it sees PYTEST_CURRENT_TEST.
        if name not in densebook.TF_ENVIRONMENT and name != "PYTEST_CURRENT_TEST"
    }
    # No IPython profile (the build's conf/ipython imports TensorFlow quietly and sets up
    # matplotlib before the first cell): an empty IPython directory.
    env["IPYTHONDIR"] = str(ipython_dir)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(blocker), env.get("PYTHONPATH")]))
    # As in the build (conf.py): rich, which prints Keras's model summaries, writes no colour
    # codes. The downloaded outputs were made so; a reader's Jupyter may show colours.
    env["NO_COLOR"] = "1"
    return env


def run_in_plain_kernels(notebooks: dict[str, NotebookNode], base: Path) -> dict[str, NotebookNode]:
    """Run a copy of each notebook in its own fresh plain kernel without myst_nb, two at once.

    Each kernel starts in an empty working directory, with an empty IPython directory.
    Errors do not stop a run: they are outputs, compared like the others.
    """
    blocker = base / "no-myst-nb"
    (blocker / "myst_nb").mkdir(parents=True)
    (blocker / "myst_nb" / "__init__.py").write_text(MYST_NB_BLOCKER)

    async def run(name: str, nb: NotebookNode, gate: asyncio.Semaphore) -> NotebookNode:
        fresh = copy.deepcopy(nb)
        (base / name / "ipython").mkdir(parents=True)
        (base / name / "cwd").mkdir()
        client = NotebookClient(
            fresh,
            timeout=300,
            allow_errors=True,
            resources={"metadata": {"path": str(base / name / "cwd")}},
        )
        async with gate:
            await client.async_execute(env=plain_kernel_env(blocker, base / name / "ipython"))
        return fresh

    async def run_all() -> list[NotebookNode]:
        gate = asyncio.Semaphore(KERNELS_AT_ONCE)
        return await asyncio.gather(*(run(name, nb, gate) for name, nb in notebooks.items()))

    return dict(zip(notebooks, asyncio.run(run_all()), strict=True))


@pytest.mark.process
def test_the_plain_kernel_has_no_myst_nb_no_profile_and_no_densebook_settings(
    tmp_path: Path,
) -> None:
    probe = notebook(
        code("import myst_nb"),
        code(
            "import os\nfrom IPython import get_ipython\n"
            "print(os.getcwd())\n"
            "print(get_ipython().profile_dir.location)\n"
            "print(sorted(set(os.environ) & {'KERAS_BACKEND', 'TF_CPP_MIN_LOG_LEVEL'}))\n"
            "print('tensorflow' in __import__('sys').modules)"
        ),
    )
    [ran] = run_in_plain_kernels({"probe": probe}, tmp_path).values()
    blocked, facts = ran.cells[0].outputs, ran.cells[1].outputs
    assert [(o.output_type, o.get("ename")) for o in blocked] == [("error", "ModuleNotFoundError")]
    assert "No module named 'myst_nb'" in blocked[0].evalue
    assert [o.output_type for o in facts] == ["stream"], facts
    assert facts[0].text.splitlines() == [
        str(tmp_path / "probe" / "cwd"),
        str(tmp_path / "probe" / "ipython" / "profile_default"),
        "[]",
        "False",  # TensorFlow not preloaded, as conf/ipython's start-up does
    ]


@pytest.mark.build
def test_each_download_runs_in_a_plain_kernel_and_shows_the_pages_outputs(
    built_site: Path, tmp_path: Path
) -> None:
    """Cell by cell: the same stdout, text/plain, PNG bytes and errors, and no stderr."""
    paths = sorted((built_site / "_downloads").glob("*.ipynb"))
    assert paths
    downloads = {path.stem: nbformat.read(path, as_version=4) for path in paths}
    fresh = run_in_plain_kernels(downloads, tmp_path)
    report = {
        name: found for name, nb in downloads.items() if (found := differences(nb, fresh[name]))
    }
    assert not report, (
        f"{len(report)} of {len(downloads)} downloads show other outputs in a plain kernel:\n\n"
        + "\n\n".join(f"{name}.ipynb\n" + "\n".join(found) for name, found in report.items())
    )


@pytest.mark.build
def test_no_download_shows_a_myst_role(built_site: Path) -> None:
    """Rewriting a downloaded markdown cell again, with no glue at all, changes nothing."""
    for path in sorted((built_site / "_downloads").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                assert plain_markdown(cell.source, {}, path.name) == cell.source, path.name


GLUE_OUT_OF_SIGHT = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---

# Glue out of sight

Is the {term}`limit <limit value>` shown?

```{code-cell} ipython3
:tags: [remove-cell]
from myst_nb import glue

glue("limit", 0.123456, display=False)
glue("name", "dense/kernel", display=False)
```

The limit is {glue:text}`limit:.2f` ({glue:text}`limit`), named {glue:text}`name`
or {glue}`name`.

```{glossary}
limit value
  The value glued here.
```
"""


@pytest.mark.build
def test_a_download_shows_the_values_glued_in_hidden_cells(tmp_path: Path) -> None:
    """In a build where MyST-NB executes the page (it then keeps the glue out of the notebook)."""
    project = copy_project(tmp_path / "p", {"index.md": GLUE_OUT_OF_SIGHT})
    build = run_build(project, tmp_path / "out")
    assert build.returncode == 0, build.output[-6000:]
    download = nbformat.read(build.html / "_downloads" / "index.ipynb", as_version=4)
    assert [cell.source for cell in download.cells] == [
        "# Glue out of sight\n\nIs the limit shown?",
        "The limit is 0.12 (0.123456), named dense/kernel\nor 'dense/kernel'.\n\n"
        "```{glossary}\nlimit value\n  The value glued here.\n```",
    ]


GLUE_IN_SIGHT = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---

# Glue in sight

```{code-cell} ipython3
from myst_nb import glue

glue("n", 3, display=False)
```

Three is {glue:text}`n`.
"""


@pytest.mark.build
def test_a_shown_cell_using_myst_nb_fails_the_build_naming_page_and_cell(tmp_path: Path) -> None:
    build = run_build(copy_project(tmp_path / "p", {"index.md": GLUE_IN_SIGHT}), tmp_path / "out")
    assert build.returncode != 0
    assert "Extension error (page_downloads)" in build.output
    assert f"{tmp_path / 'p' / 'docs' / 'index.md'}:10: from myst_nb import glue" in build.output
