"""The densebook wheel and the lock, offered for download, and the install cell of a notebook.

A downloaded notebook imports ``densebook``. So each build writes, beside the notebooks in
``_downloads/``, the densebook wheel (built from this checkout by its build backend,
flit_core's PEP 517 hook, with fixed zip timestamps so two builds give the same bytes) and
``requirements.lock``, the exact versions the pages were executed with. Each notebook then
starts with one cell that installs the wheel, the lock's versions as constraints: from the
site's address when ``html_baseurl`` is set, else from the notebook's own folder.

``{package-downloads}`` lists the two files with their sizes and SHA-256 digests.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from densebook_sphinx.page_sets import PageSet

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

FOLDER = "_downloads"
LOCK_NAME = "requirements.lock"
#: The wheel's zip timestamps (SOURCE_DATE_EPOCH): 1980-01-01, the earliest a zip holds.
ZIP_EPOCH = "315532800"
#: The tag of the install cell in a downloaded notebook.
INSTALL_TAG = "densebook-install"

_INSTALL_COMMENT: Final = {
    "en": (
        "# What this notebook needs: densebook, from the site's own wheel, and the libraries\n"
        "# it imports at the versions the site was built with (requirements.lock).\n"
    ),
    "zh_TW": (
        "# 這份筆記本需要的套件：densebook（取自本站提供的 wheel），以及它匯入的函式庫，\n"
        "# 版本與本站建置時相同（requirements.lock）。\n"
    ),
}
_BESIDE: Final = {
    "en": (
        '# Save both files from the site\'s page "Run the pages yourself" next to this\n'
        "# notebook first.\n"
    ),
    "zh_TW": "# 請先從本站〈自己執行這些頁面〉一頁下載這兩個檔案，存放到這份筆記本所在的資料夾。\n",
}


def project_root(app: Sphinx) -> Path:
    """The checkout the site is built from: the folder above ``conf/``."""
    return Path(app.confdir).parent


def wheel_of(outdir: Path) -> Path:
    """The wheel this build wrote into ``outdir/_downloads``."""
    found = sorted((outdir / FOLDER).glob("densebook-*.whl"))
    if len(found) != 1:
        raise ExtensionError(f"expected one densebook wheel in {outdir / FOLDER}, found {found}")
    return found[0]


def build_wheel(app: Sphinx) -> None:
    """Write the wheel and the lock into ``_downloads/`` (HTML builds only)."""
    if app.builder.format != "html":
        return
    root, target = project_root(app), Path(app.outdir) / FOLDER
    if not (root / "pyproject.toml").is_file():
        raise ExtensionError(f"no pyproject.toml in {root}: the densebook wheel cannot be built")
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("densebook-*.whl"):
        old.unlink()
    hook = "import sys; from flit_core import buildapi; buildapi.build_wheel(sys.argv[1])"
    done = subprocess.run(
        [sys.executable, "-c", hook, str(target)],
        cwd=root,
        env={**os.environ, "SOURCE_DATE_EPOCH": ZIP_EPOCH},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise ExtensionError(f"building the densebook wheel failed:\n{done.stderr}")
    shutil.copyfile(Path(app.confdir) / LOCK_NAME, target / LOCK_NAME)


def install_cell_source(outdir: Path, baseurl: str, language: str | None) -> str:
    """The first cell of every downloaded notebook."""
    wheel = wheel_of(outdir).name
    comment = _INSTALL_COMMENT.get(language or "en", _INSTALL_COMMENT["en"])
    if baseurl:
        base = f"{baseurl.rstrip('/')}/{FOLDER}"
        files = f"{base}/{wheel} --constraint {base}/{LOCK_NAME}"
    else:
        comment += _BESIDE.get(language or "en", _BESIDE["en"])
        files = f"{wheel} --constraint {LOCK_NAME}"
    return f"{comment}%pip install --quiet {files}"


class package_downloads(nodes.General, nodes.Element):  # type: ignore[misc]  # docutils: untyped
    """Where the list of the wheel and the lock goes."""


def _wheel_changed(app: Sphinx, env: BuildEnvironment, *changes: set[str]) -> bool:
    """Whether the wheel's bytes differ from those the list was last written for."""
    outdir = Path(app.outdir)
    if not (outdir / FOLDER).is_dir():
        return False
    digest = hashlib.sha256(wheel_of(outdir).read_bytes()).hexdigest()
    changed = getattr(env, "densebook_wheel_sha256", None) != digest
    env.densebook_wheel_sha256 = digest  # type: ignore[attr-defined]
    return changed


#: The pages that hold a ``{package-downloads}``: written again when the wheel changes (each
#: build makes it anew, the same bytes from the same sources).
LIST_PAGES = PageSet("densebook_package_pages", _wheel_changed)


class PackageDownloads(SphinxDirective):
    """``{package-downloads}``: the wheel and the lock, each with its size and SHA-256."""

    def run(self) -> list[nodes.Node]:
        LIST_PAGES.of(self.env).add(self.env.docname)
        return [package_downloads()]


def fill_list(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace the placeholder with the two files, linked, with their digests."""
    placeholders = list(doctree.findall(package_downloads))
    if not placeholders:
        return
    if app.builder.format != "html":  # no wheel was built (the message catalogs' build)
        for placeholder in placeholders:
            placeholder.parent.remove(placeholder)
        return
    outdir = Path(app.outdir)
    items = nodes.bullet_list()
    for path in (wheel_of(outdir), outdir / FOLDER / LOCK_NAME):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        up = "../" * docname.count("/")
        link = nodes.reference(
            "", "", nodes.literal("", path.name), refuri=f"{up}{FOLDER}/{path.name}"
        )
        link["classes"].append("download")
        paragraph = nodes.paragraph("", "", link, nodes.Text(f" ({path.stat().st_size:,} B)"))
        paragraph += nodes.Text(" SHA-256: ")
        paragraph += nodes.literal("", digest)
        items += nodes.list_item("", paragraph)
    for placeholder in placeholders:
        placeholder.replace_self(items.deepcopy())


def setup(app: Sphinx) -> None:
    """Build the wheel when the builder starts; register the directive and its handlers."""
    app.connect("builder-inited", build_wheel)
    app.add_directive("package-downloads", PackageDownloads)
    app.add_node(package_downloads)
    app.connect("doctree-resolved", fill_list)
    LIST_PAGES.connect(app)
