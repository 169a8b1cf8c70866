"""The execution cache's key, and a cache that stays whole.

* **Cache key.** MyST-NB's execution cache (jupyter-cache) keys a page on its code cells
  only, so an edit to ``densebook`` or the lock would leave old outputs in place (upstream
  MyST-NB #299). :func:`inputs_digest` hashes everything else an *output* depends on: the
  ``densebook`` package the kernels import, the lock, the interpreter's version, every
  Python file of this folder (the executor and the kernels' start-up: the folder is the
  boundary, there is no list of file names; files IPython leaves in the kernels' profile are
  not code, and not in it), ``upstream.py`` (where the executor calls jupyter-cache and reads
  pages as MyST-NB does), and the configuration values that change how a page executes
  (:data:`EXECUTION_SETTINGS`). ``conf.py``'s other settings are not in it, so a change to
  the HTML (a title, ``nitpick_ignore``) executes no page. The digest names the cache's
  folder (a new digest is a new, empty cache) and is a config value, so Sphinx re-reads
  every page when it changes. Folders of other digests are deleted
  (:func:`prune_other_caches`).
* **Render key.** Editing an extension that only shapes the HTML changes no output, so it
  executes nothing; but Sphinx does not notice an edited extension. :func:`render_digest`
  hashes the rest of ``densebook_sphinx`` and the static files, and is a config value too,
  so every page is read again (from the cache) and rewritten.
* **Cache integrity.** jupyter-cache records an entry in its database *before* writing the
  executed notebook, so a build killed at the wrong moment leaves a record whose notebook
  is missing or half-written. :func:`drop_broken_cache_entries` removes such entries before
  the build starts, so they are executed again instead of served.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import shutil
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from densebook_sphinx import upstream

#: This folder: the executor and the kernels' start-up files, all in the digest.
EXECUTION = Path(__file__).resolve().parent
#: densebook's Sphinx extensions; what lies outside EXECUTION only shapes the HTML.
EXTENSIONS = EXECUTION.parent

#: The configuration values that change what executing a page gives (MyST-NB's settings).
EXECUTION_SETTINGS = (
    "nb_execution_timeout",
    "nb_execution_allow_errors",
    "nb_execution_in_temp",
    "nb_kernel_rgx_aliases",
)

#: The name of a cache folder made by :func:`inputs_digest`.
_DIGEST_NAME = re.compile(r"[0-9a-f]{16}")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _hash(parts: Iterable[tuple[str, bytes]], salt: str) -> str:
    digest = hashlib.sha256(salt.encode() + b"\0")
    for name, data in parts:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:16]


def package_folder(name: str = "densebook") -> Path:
    """The folder of the package the kernels will import, found without importing it.

    >>> package_folder().name
    'densebook'
    """
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"densebook's pages need the {name!r} package installed")
    return Path(next(iter(spec.submodule_search_locations)))


def inputs_digest(
    settings: Mapping[str, Any],
    *,
    package: Path | None = None,
    lock: Path = upstream.LOCK,
    python: str = sys.version,
) -> str:
    """Hash what executed outputs depend on besides each page's own code.

    Args:
        settings: The values of :data:`EXECUTION_SETTINGS` (others are ignored).
        package: The ``densebook`` package folder (default: the one the kernels import).
        lock: The pinned lock.
        python: The interpreter's version (every page prints it).

    >>> a = inputs_digest({"nb_execution_timeout": 300})
    >>> a == inputs_digest({"nb_execution_timeout": 300, "html_title": "another"})
    True
    >>> a == inputs_digest({"nb_execution_timeout": 30})
    False
    """
    package = package_folder() if package is None else package
    parts = [("python", python.encode()), ("lock", lock.read_bytes())]
    chosen = {name: settings[name] for name in EXECUTION_SETTINGS if name in settings}
    parts.append(("settings", json.dumps(chosen, sort_keys=True, default=repr).encode()))
    parts += [
        (f"densebook/{p.relative_to(package).as_posix()}", p.read_bytes())
        for p in _files(package)
        if p.suffix == ".py"
    ]
    parts += [
        (f"execution/{p.relative_to(EXECUTION).as_posix()}", p.read_bytes())
        for p in _files(EXECUTION)
        if p.suffix == ".py"
    ]
    parts.append(("upstream.py", (EXTENSIONS / "upstream.py").read_bytes()))
    return _hash(parts, "inputs")


def render_digest(*static: Path) -> str:
    """Hash the extensions outside the execution folder and ``upstream.py``, and the
    static files."""
    parts = [
        (p.relative_to(EXTENSIONS).as_posix(), p.read_bytes())
        for p in _files(EXTENSIONS)
        if EXECUTION not in p.parents and p.suffix == ".py" and p.name != "upstream.py"
    ]
    for folder in static:
        parts += [
            (f"static/{p.relative_to(folder).as_posix()}", p.read_bytes()) for p in _files(folder)
        ]
    return _hash(parts, "render")


def prune_other_caches(cache_path: Path) -> list[str]:
    """Delete the execution caches of other digests beside ``cache_path``; return their names."""
    # Only where the build puts the caches: a cache path given by hand may sit among other
    # folders whose names merely look like digests.
    if cache_path.parent.name != ".jupyter_cache" or not cache_path.parent.is_dir():
        return []
    removed = []
    for folder in sorted(cache_path.parent.iterdir()):
        if folder.is_dir() and folder != cache_path and _DIGEST_NAME.fullmatch(folder.name):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def drop_broken_cache_entries(cache_path: Path) -> list[str]:
    """Remove cache entries whose executed notebook is missing, unreadable or mismatched.

    Returns:
        The hash keys of the removed entries.
    """
    if not (cache_path / "global.db").exists():
        return []
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    removed = []
    for record in cache.list_cache_records():
        path = cache_path / "executed" / record.hashkey / "base.ipynb"
        try:
            notebook = nbformat.reads(path.read_text(encoding="utf8"), nbformat.NO_CONVERT)  # type: ignore[no-untyped-call]
            intact = cache.create_hashed_notebook(notebook)[1] == record.hashkey
        except Exception:  # missing, truncated or not a notebook: all mean "not intact"
            intact = False
        if not intact:
            shutil.rmtree(path.parent, ignore_errors=True)
            upstream.remove_cache_record(cache, record.pk)
            removed.append(record.hashkey)
    return removed
