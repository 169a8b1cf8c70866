"""The notebook download of a page: what it keeps, what its markdown cells read, its bytes.

The download is checked against the built site in ``tests/site/test_downloads.py`` and in
small projects in ``tests/faults/test_download_faults.py``.
"""

from __future__ import annotations

import html
import re
from base64 import b64encode
from pathlib import Path

import nbformat
import pytest
from docutils import nodes
from docutils.core import publish_doctree
from markdown_it import MarkdownIt
from myst_nb.docutils_ import Parser as MystNbParser
from myst_nb.ext.glue import GLUE_PREFIX
from nbformat import NotebookNode
from sphinx.errors import ExtensionError

from densebook_sphinx.downloads.notebooks import (
    HIDDEN,
    SETUP,
    _drop_merged_pieces,
    _normalised,
    check_runs_without_myst_nb,
    collect_glue,
    drop_hidden_cells,
    myst_nb_line,
    plain_markdown,
    rewrite_markdown_cells,
)
from notebooks import Shown, code, differences, markdown, notebook

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


def test_a_hidden_setup_cell_stays_in_the_download() -> None:
    nb = notebook(
        code("import keras\nkeras.utils.set_random_seed(0)", HIDDEN, SETUP),
        code("assert True", HIDDEN),
        code("print(1)"),
        source_map=[7, 12, 16],
    )
    drop_hidden_cells(nb)
    assert [cell.source for cell in nb.cells] == [
        "import keras\nkeras.utils.set_random_seed(0)",
        "print(1)",
    ]
    assert nb.metadata.source_map == [7, 16]


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


def test_doc_and_ref_roles_read_as_the_title_they_link_to() -> None:
    titles = {("doc", "lazy-weights"): "Lazy weights", ("ref", "seeds"): "How to seed"}

    def lookup(kind: str, target: str) -> str | None:
        return titles.get((kind, target))

    text = (
        "See {doc}`lazy-weights`, {ref}`seeds`, {std:ref}`seeds`, "
        "{doc}`the chapter <lazy-weights>` and {doc}`unknown`."
    )
    assert plain_markdown(text, {}, "p.md", titles=lookup) == (
        "See Lazy weights, How to seed, How to seed, the chapter and unknown."
    )
    assert plain_markdown("{doc}`lazy-weights`", {}, "p.md") == "lazy-weights"


def test_a_reading_time_reads_as_the_time_the_page_shows() -> None:
    def lookup(kind: str, target: str) -> str | None:
        return "46 min" if (kind, target) == ("reading-time", "lazy-weights,shapes") else None

    text = "About {reading-time}`lazy-weights,shapes` in all."
    assert plain_markdown(text, {}, "p.md", titles=lookup) == "About 46 min in all."
