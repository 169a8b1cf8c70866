"""Sphinx extension: guards that keep densebook's executed site from going stale or broken.

Loaded from ``conf.py``. The guards:

* **Cache key.** MyST-NB's execution cache (jupyter-cache) keys a page on its code cells
  only, so an edit to ``src/densebook`` or the lock would leave old outputs in place
  (upstream MyST-NB #299). :func:`inputs_digest` hashes everything else an *output* depends
  on (the package, the lock, the interpreter's version, the kernels' start-up, and the
  modules that configure and run the execution); ``conf.py`` puts the digest in the cache's
  path (a new digest is a new, empty cache) and registers it as a config value, so Sphinx
  re-reads every page when it changes. Folders of other digests are deleted
  (:func:`prune_other_caches`).
* **Render key.** Editing an extension that only shapes the HTML (the reader fixes, the
  downloads, the math, the editions) changes no output, so it executes nothing; but Sphinx
  does not notice an edited extension. :func:`render_digest` hashes those files and is a
  config value too, so every page is read again (from the cache) and rewritten.
* **Cache integrity.** jupyter-cache records an entry in its database *before* writing the
  executed notebook, so a build killed at the wrong moment leaves a record whose notebook
  is missing or half-written. :func:`drop_broken_cache_entries` removes such entries before
  the build starts, so they are executed again instead of served.
* **Same pages, clean or incremental.** Sphinx adds ``?v=<checksum>`` to a page's link to
  a static file only if the file is already in the output folder when the page is written.
  MyST-NB copies its CSS when the build *finishes*, so a clean build
  and an incremental one would write different pages. :func:`_copy_late_assets` copies
  them before any page is written.
* **Interrupted builds.** Sphinx decides what to rewrite from file times, so an HTML file
  half-written by a killed build would look up to date. A marker file, present from the
  start of a build until it succeeds, tells the next build to start from an empty output
  and doctree folder.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

#: What executed outputs depend on besides each page's own code, relative to the repo root.
DIGEST_GLOBS = (
    "src/densebook/**/*.py",
    "conf/requirements.lock",
    "conf/conf.py",  # the kernels' environment and MyST-NB's execution settings
    "conf/build_guards.py",
    "conf/parallel_execution.py",
    "conf/kernel_pool.py",
    "conf/page_scheduling.py",
    "conf/cache_writing.py",
    "conf/ipython/profile_default/*.py",  # the kernels' configuration...
    "conf/ipython/profile_default/startup/*",  # ...and what they run before a page
)

#: What shapes the HTML but no executed output: a change re-reads pages, executes none.
RENDER_GLOBS = ("conf/*.py", "conf/_static/**/*")

#: The name of a cache folder made by :func:`inputs_digest`.
_DIGEST_NAME = re.compile(r"[0-9a-f]{16}")


def _hash_files(root: Path, globs: tuple[str, ...], skip: set[Path], salt: str) -> str:
    digest = hashlib.sha256(salt.encode() + b"\0")
    for path in sorted(_files(root, globs) - skip):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _files(root: Path, globs: tuple[str, ...]) -> set[Path]:
    return {p for pattern in globs for p in root.glob(pattern) if p.is_file()}


def inputs_digest(root: Path, python: str = sys.version) -> str:
    """Hash what executed outputs depend on under ``root``, and the Python version.

    Every page prints the interpreter's version, so a new interpreter is a new cache.
    """
    return _hash_files(root, DIGEST_GLOBS, set(), f"python {python}")


def render_digest(root: Path) -> str:
    """Hash the configuration files that shape the HTML only (not in :data:`DIGEST_GLOBS`)."""
    return _hash_files(root, RENDER_GLOBS, _files(root, DIGEST_GLOBS), "render")


def prune_other_caches(cache_path: Path) -> list[str]:
    """Delete the execution caches of other digests beside ``cache_path``; return their names."""
    # Only where conf.py puts the caches: a cache path given by hand may sit among other
    # folders whose names merely look like digests.
    if cache_path.parent.name != ".jupyter_cache" or not cache_path.parent.is_dir():
        return []
    removed = []
    for folder in sorted(cache_path.parent.iterdir()):
        if folder.is_dir() and folder != cache_path and _DIGEST_NAME.fullmatch(folder.name):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


MARKER = ".densebook-build-incomplete"


def drop_broken_cache_entries(cache_path: Path) -> list[str]:
    """Remove cache entries whose executed notebook is missing, unreadable or mismatched.

    Returns:
        The hash keys of the removed entries.
    """
    if not (cache_path / "global.db").exists():
        return []
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.cache.db import NbCacheRecord

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
            NbCacheRecord.remove_records([record.pk], cache.db)
            removed.append(record.hashkey)
    return removed


def _start(app: Sphinx, config: Config) -> None:
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    outdir, doctreedir = Path(app.outdir), Path(app.doctreedir)
    if (outdir / MARKER).exists():
        logger.info("densebook: the previous build was interrupted; starting from scratch")
        for folder in (outdir, doctreedir):
            shutil.rmtree(folder, ignore_errors=True)
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / MARKER).touch()
    if config.nb_execution_mode == "cache":
        cache_path = Path(config.nb_execution_cache_path)
        for name in prune_other_caches(cache_path):
            logger.info("densebook: deleted the execution cache of an older digest, %s", name)
        for key in drop_broken_cache_entries(cache_path):
            logger.info("densebook: dropped a broken execution-cache entry %s", key)


def _copy_late_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    from myst_nb.sphinx_ext import add_global_html_resources

    (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)


def _finish(app: Sphinx, exception: BaseException | None) -> None:
    # A build that only warned (fatal under -W --keep-going) keeps the marker too:
    # otherwise the next, incremental build would skip the pages and pass silently.
    if exception is None and not getattr(app, "_warncount", 0):
        (Path(app.outdir) / MARKER).unlink(missing_ok=True)


def setup(app: Sphinx) -> ExtensionMetadata:
    # A changed digest is a changed config value: Sphinx then re-reads every page.
    app.add_config_value("densebook_inputs_digest", "", "env")
    app.add_config_value("densebook_render_digest", "", "env")
    # Before the environment is loaded, so a reset takes effect in this build.
    app.connect("config-inited", _start, priority=100)
    app.connect("builder-inited", _copy_late_assets)
    app.connect("build-finished", _finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
