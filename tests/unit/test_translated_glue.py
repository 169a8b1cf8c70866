"""densebook_sphinx/editions/translated_glue.py: a glue role in a translated paragraph reads the
page's glue file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from docutils import nodes
from docutils.utils import new_document
from myst_nb.core.variables import VariableOutput
from myst_nb.ext.glue import roles
from myst_nb.ext.glue.utils import RetrievalError

from densebook_sphinx import upstream
from densebook_sphinx.editions.translated_glue import (
    glue_data_file,
    read_glue_data,
    with_translated_fallback,
)


def write_glue(folder: Path, docname: str, data: dict[str, Any], mtime_ns: int) -> None:
    path = glue_data_file(str(folder), docname)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))


def test_glue_data_is_read_where_myst_nb_writes_it(tmp_path: Path) -> None:
    assert glue_data_file(str(tmp_path), "page") == tmp_path / "page.glue.json"
    assert glue_data_file(str(tmp_path), "a/b/page") == tmp_path / "a" / "b" / "page.glue.json"
    write_glue(tmp_path, "sub/page", {"n": {"data": {"text/plain": "4"}}}, 1_000_000_000)
    assert read_glue_data(str(tmp_path), "sub/page") == {"n": {"data": {"text/plain": "4"}}}
    assert read_glue_data(str(tmp_path), "missing") == {}


def test_the_file_is_read_once_per_version(tmp_path: Path) -> None:
    write_glue(tmp_path, "page", {"n": {"data": {"text/plain": "4"}}}, 1_000_000_000)
    first = read_glue_data(str(tmp_path), "page")
    assert read_glue_data(str(tmp_path), "page") is first  # the second paragraph: cached
    write_glue(tmp_path, "page", {"n": {"data": {"text/plain": "5"}}}, 2_000_000_000)
    assert read_glue_data(str(tmp_path), "page") == {"n": {"data": {"text/plain": "5"}}}


def document(source: str, tmp_path: Path, *, renderer: bool = False) -> nodes.document:
    """A document as a glue role sees it: a page, or a paragraph translated from one."""
    doc = new_document(source)
    doc.current_source = source
    doc.settings.env = SimpleNamespace(
        docname="guide/page", mystnb_config=SimpleNamespace(output_folder=str(tmp_path))
    )
    if renderer:
        doc["nb_renderer"] = object()
    return doc


def original(document: nodes.document, key: str) -> str:
    """Stands for MyST-NB's own retrieve_glue_data."""
    return f"original: {key}"


def test_a_page_and_its_untranslated_text_use_myst_nbs_own_lookup(tmp_path: Path) -> None:
    retrieve = with_translated_fallback(original)
    page = document("/docs/guide/page.md", tmp_path, renderer=True)
    assert retrieve(page, "n") == "original: n"
    included = document("/docs/guide/included.md", tmp_path)  # no renderer, not translated
    assert retrieve(included, "n") == "original: n"


def test_a_translated_paragraph_reads_the_glue_file(tmp_path: Path) -> None:
    write_glue(
        tmp_path,
        "guide/page",
        {"n": {"data": {"text/plain": "4"}, "metadata": {"scrapbook": {"name": "n"}}}},
        1_000_000_000,
    )
    write_glue(tmp_path, "guide/other", {"m": {"data": {"text/plain": "5"}}}, 1_000_000_000)
    retrieve = with_translated_fallback(original)
    translated = document("/docs/guide/page.md:12:<translated>", tmp_path)
    found = retrieve(translated, "n")
    assert isinstance(found, VariableOutput)
    assert found.data == {"text/plain": "4"}
    assert found.metadata == {"scrapbook": {"name": "n"}}
    assert (found.nb_renderer, found.vtype) == (None, "glue")
    with pytest.raises(RetrievalError, match="No key 'm' found in glue data for 'guide/page'"):
        retrieve(translated, "m")  # glued on another page only


def test_glue_without_metadata_gets_empty_metadata(tmp_path: Path) -> None:
    write_glue(tmp_path, "guide/page", {"n": {"data": {"text/plain": "4"}}}, 3_000_000_000)
    found = with_translated_fallback(original)(document("p:1:<translated>", tmp_path), "n")
    assert found.metadata == {}


def test_setting_up_twice_wraps_myst_nbs_lookup_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """One process may build twice (both editions, or tests): the wrapper must not nest."""
    myst_nbs = roles.retrieve_glue_data
    if hasattr(myst_nbs, "densebook_original"):  # wrapped by a build earlier in this process
        myst_nbs = myst_nbs.densebook_original
    monkeypatch.setattr(roles, "retrieve_glue_data", myst_nbs)
    upstream.wrap_glue_retrieval(with_translated_fallback)
    wrapper = roles.retrieve_glue_data
    upstream.wrap_glue_retrieval(with_translated_fallback)
    assert roles.retrieve_glue_data is wrapper
    assert wrapper.densebook_original is myst_nbs
