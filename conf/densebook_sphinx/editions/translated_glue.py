"""Glue roles inside translated text find the page's own glue data.

Sphinx translates a paragraph by parsing its translated text as a small separate document
(``<page>:<line>:<translated>``). MyST-NB resolves a glue role from the notebook renderer it
keeps on the page's document only while the page is parsed, so in that small document
``{glue:text}`key``` fails ("No key 'key' found in glue data for this document"). MyST-NB
also writes each page's glue data to ``<jupyter_execute>/<page>.glue.json`` while it
parses the page, before Sphinx translates anything; here the glue roles read that file
when they are resolved inside a translated paragraph.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from densebook_sphinx import upstream

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from myst_nb.core.variables import VariableOutput

    # MyST-NB's ``roles.retrieve_glue_data``: a key's glued value, for the page's document.
    GlueRetriever: TypeAlias = Callable[[nodes.document, str], VariableOutput]

_TRANSLATED = "<translated>"


def glue_data_file(output_folder: str, docname: str) -> Path:
    """Where MyST-NB writes a page's glue data (as its cross-document glue reads it)."""
    *folders, name = docname.split("/")
    return Path(output_folder).joinpath(*folders, f"{name}.glue.json")


def read_glue_data(output_folder: str, docname: str) -> dict[str, Any]:
    """The page's glue data: key -> {"data": {mime type: value}, "metadata": {...}}."""
    path = glue_data_file(output_folder, docname)
    if not path.exists():
        return {}
    return _read_json(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _read_json(path: Path, mtime_ns: int) -> dict[str, Any]:
    """Read once per version of the file: a page's translated paragraphs each ask for it."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def with_translated_fallback(original: GlueRetriever) -> GlueRetriever:
    """MyST-NB's glue lookup, reading the glue file inside a translated paragraph."""

    def retrieve_glue_data(document: nodes.document, key: str) -> VariableOutput:
        if "nb_renderer" in document or not str(document.current_source).endswith(_TRANSLATED):
            return original(document, key)
        env = document.settings.env
        glue_data = read_glue_data(upstream.nb_config(env).output_folder, env.docname)
        if key not in glue_data:
            raise upstream.glue_retrieval_error(
                f"No key {key!r} found in glue data for {env.docname!r}."
            )
        return upstream.glue_output(glue_data[key]["data"], glue_data[key].get("metadata", {}))

    return retrieve_glue_data
