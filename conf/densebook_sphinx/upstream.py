"""Every place densebook's extensions touch MyST-NB, jupyter-cache or Sphinx beyond their
documented API, and the versions those touches were written for.

MyST-NB documents its configuration and its glue roles, not its Python modules; jupyter-cache
documents its cache object, not its database records; Sphinx keeps some state private. What
densebook needs of them goes through this module only, so an upgrade is checked in one place:
:func:`check_versions` runs first in :func:`densebook_sphinx.setup` and stops the build, with
the versions found and pinned, when a distribution below differs from
``conf/requirements.lock``. Upgrading means: re-read each function here against the new
release, then re-pin (``make lock``).

The two monkeypatches (:func:`replace_stream_merging`, :func:`wrap_glue_retrieval`) replace a
module attribute MyST-NB looks up on each call; each is undone by nothing and guarded against
being applied twice in one process.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbformat import NotebookNode
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The distributions whose private parts this module (or the kernels' start-up) touches.
CHECKED = ("sphinx", "myst-nb", "myst-parser", "jupyter-cache", "nbclient", "ipykernel")

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"


class VersionMismatch(RuntimeError):
    """An installed distribution is not the version densebook's extensions were written for."""


def pinned_versions(lock: Path = LOCK) -> dict[str, str]:
    """The versions of :data:`CHECKED` in the lock (``name==version`` lines).

    >>> pins = pinned_versions()
    >>> sorted(pins) == sorted(CHECKED)
    True
    """
    wanted = {_normalise(name): name for name in CHECKED}
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^\s;#]+)", line.strip())
        if match and _normalise(match[1]) in wanted:
            pins[wanted[_normalise(match[1])]] = match[2]
    missing = sorted(set(CHECKED) - set(pins))
    if missing:
        raise VersionMismatch(f"{lock} pins no version of {', '.join(missing)}")
    return pins


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def check_versions(
    lock: Path = LOCK, installed: Callable[[str], str] = importlib.metadata.version
) -> None:
    """Raise :class:`VersionMismatch` unless every checked distribution is the pinned one.

    >>> check_versions(installed=lambda name: "0.0.1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    densebook_sphinx.upstream.VersionMismatch: densebook's Sphinx extensions use private ...
    """
    pins = pinned_versions(lock)
    found = {}
    for name in pins:
        try:
            found[name] = installed(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    wrong = [
        f"{name} {found[name]} (pinned: {pin})" for name, pin in pins.items() if found[name] != pin
    ]
    if wrong:
        raise VersionMismatch(
            "densebook's Sphinx extensions use private parts of these packages and were "
            f"written for the versions in {lock.name}; installed: {'; '.join(wrong)}. Run "
            "`make html` (it recreates .venv from the lock), or re-check "
            "conf/densebook_sphinx/upstream.py against the new versions and re-pin."
        )


# -- MyST-NB 1.4 ------------------------------------------------------------------------------


def nb_config(env: BuildEnvironment) -> Any:
    """MyST-NB's resolved settings for this build (``myst_nb.core.config.NbParserConfig``)."""
    return env.mystnb_config  # type: ignore[attr-defined]


def read_notebook(env: BuildEnvironment, path: Path) -> NotebookNode | None:
    """The page at ``path`` read as MyST-NB's parser reads it, or None for plain Markdown.

    As in MyST-NB's parser (``myst_nb/sphinx_.py``), the kernel's name is replaced by its
    alias from ``nb_kernel_rgx_aliases``: the execution cache's key includes it.
    """
    from myst_nb.core.read import create_nb_reader

    config = nb_config(env)
    text = path.read_text(encoding="utf8")
    reader = create_nb_reader(str(path), env.myst_config, config, text)  # type: ignore[attr-defined]
    if reader is None:
        return None
    notebook: NotebookNode = reader.read(text)
    apply_kernel_alias(notebook, config.kernel_rgx_aliases)
    return notebook


def apply_kernel_alias(notebook: NotebookNode, aliases: dict[str, str]) -> None:
    """Rename the notebook's kernel by the first alias whose pattern matches it fully."""
    kernelspec = notebook.metadata.get("kernelspec", {})
    if "name" in kernelspec:
        for pattern, alias in aliases.items():
            if re.fullmatch(pattern, kernelspec["name"]):
                kernelspec["name"] = alias
                break


def page_settings(config: Any, metadata: Any) -> Any:
    """MyST-NB's settings with a page's own ``mystnb`` metadata applied, as MyST-NB does."""
    from myst_nb.core.nb_to_tokens import nb_node_to_dict

    overrides = nb_node_to_dict(metadata)
    overrides.pop("output_folder", None)
    return config.copy(**overrides)


def copy_global_html_resources(app: Sphinx) -> None:
    """Copy MyST-NB's CSS into ``_static`` now (MyST-NB does it when the build finishes)."""
    from myst_nb.sphinx_ext import add_global_html_resources

    add_global_html_resources(app, None)


def mime_priority(builder: str, overrides: Iterable[Any]) -> list[str]:
    """The output types MyST-NB would show for ``builder``, best first."""
    from myst_nb.core.render import get_mime_priority

    return list(get_mime_priority(builder, overrides))


def glue_data_of_cell(cell: Any) -> Any:
    """MyST-NB's glue data in one code cell's outputs (``myst_nb.ext.glue``)."""
    from myst_nb.ext.glue import extract_glue_data_cell

    return extract_glue_data_cell(cell)


def format_plain_text(content: str, fmt_spec: str) -> str:
    """``{glue:text}``'s formatting of a ``text/plain`` value."""
    from myst_nb.core.variables import format_plain_text as format_text

    return str(format_text(content, fmt_spec))


def glue_keys(env: BuildEnvironment, docname: str) -> list[str]:
    """The glue keys MyST-NB recorded for a page when it last read it (its glue file's keys).

    MyST-NB overwrites ``<page>.glue.json`` only when the page glues something, so the file
    can outlive the page's glue; these keys are cleared with the page's other data.
    """
    from myst_nb.sphinx_ import NbMetadataCollector

    keys: list[str] = NbMetadataCollector.get_doc_data(env).get(docname, {}).get("glue", [])
    return keys


def glue_output(data: dict[str, Any], metadata: dict[str, Any]) -> Any:
    """A glue value as MyST-NB's roles receive it (``VariableOutput``)."""
    from myst_nb.core.variables import VariableOutput

    return VariableOutput(data=data, metadata=metadata, nb_renderer=None, vtype="glue")


def glue_retrieval_error(message: str) -> Exception:
    """The error MyST-NB's glue roles report as a missing key."""
    from myst_nb.ext.glue.utils import RetrievalError

    return RetrievalError(message)  # type: ignore[no-any-return]


def replace_stream_merging(merge: Callable[[list[NotebookNode]], list[NotebookNode]]) -> None:
    """Monkeypatch: MyST-NB's renderer merges a cell's outputs with ``merge``."""
    from myst_nb.core import render

    render.coalesce_streams = merge


def wrap_glue_retrieval(wrap: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
    """Monkeypatch: MyST-NB's glue roles look values up through ``wrap(original)`` (once)."""
    from myst_nb.ext.glue import roles

    if not hasattr(roles.retrieve_glue_data, "densebook_original"):
        wrapped = wrap(roles.retrieve_glue_data)
        wrapped.densebook_original = roles.retrieve_glue_data  # type: ignore[attr-defined]
        roles.retrieve_glue_data = wrapped


# -- jupyter-cache 1.0 ----------------------------------------------------------------------


def remove_cache_record(cache: Any, pk: int) -> None:
    """Delete one record from the cache's database (the cache object has no such method)."""
    from jupyter_cache.cache.db import NbCacheRecord

    NbCacheRecord.remove_records([pk], cache.db)


def execute_notebook(notebook: NotebookNode, cwd: str, **settings: Any) -> Any:
    """jupyter-cache's own single-notebook execution (what MyST-NB's cache mode calls)."""
    from jupyter_cache.executors.utils import single_nb_execution

    return single_nb_execution(notebook, cwd=cwd, meta_override=True, **settings)


# -- Sphinx 9.0 -----------------------------------------------------------------------------


def builds_message_catalogs(env: BuildEnvironment) -> bool:
    """Whether this build is the gettext builder's (it reads pages but shows no edition)."""
    from sphinx.builders.gettext import MessageCatalogBuilder

    return issubclass(env._builder_cls, MessageCatalogBuilder)


def warning_count(app: Sphinx) -> int:
    """How many warnings this build has logged so far."""
    return int(getattr(app, "_warncount", 0))
