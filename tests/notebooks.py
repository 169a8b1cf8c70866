"""Notebooks for the download tests: small ones to build, what a reader sees of a cell, and a
plain Jupyter to run a download in (TensorFlow, Keras and densebook, but no myst_nb and none of
the build's kernel set-up).
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from base64 import b64decode
from collections.abc import Collection
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbformat import NotebookNode
from traitlets import default

import densebook
from densebook_sphinx.downloads import package
from densebook_sphinx.html.stream_merging import merge_outputs

# Put first on the kernel's PYTHONPATH, it makes `import myst_nb` fail as if not installed.
MYST_NB_BLOCKER = (
    "raise ModuleNotFoundError(\"No module named 'myst_nb' (hidden by densebook's test of "
    "the notebook downloads)\", name='myst_nb')\n"
)
#: The kernel of a run with ``files``: its own venv, without densebook.
ISOLATED = "isolated"
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


# -- Running a download in a plain Jupyter ----------------------------------------------------


def plain_kernel_env(blocker: Path, ipython_dir: Path) -> dict[str, str]:
    """The environment of a plain Jupyter kernel, started from this process."""
    env = {
        name: value
        for name, value in os.environ.items()
        # conftest.py's `densebook.apply_tf_environment()` put them into os.environ; a
        # reader's Jupyter has them only once the notebook calls densebook.tf_and_keras().
        # ipykernel stops copying file-descriptor output (TensorFlow's C++ logs) into cells
        # when it sees PYTEST_CURRENT_TEST.
        if name not in densebook.TF_ENVIRONMENT and name != "PYTEST_CURRENT_TEST"
    }
    # No IPython profile (the build's kernels import TensorFlow quietly before the first
    # cell, conf/densebook_sphinx/execution/ipython): an empty IPython directory.
    env["IPYTHONDIR"] = str(ipython_dir)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(blocker), env.get("PYTHONPATH")]))
    # As in the build's kernels: rich, which prints Keras's model summaries, writes no
    # colour codes. The downloaded outputs were made so; a reader's Jupyter may show colours.
    env["NO_COLOR"] = "1"
    return env


def _site_packages_without_densebook(base: Path) -> Path:
    """This venv's site-packages as symbolic links, but for densebook's own entries (its
    editable ``.pth``, which puts src/ on the path, and its metadata): a folder on whose
    path densebook is not importable at all."""
    mirror = base / "site-packages-without-densebook"
    mirror.mkdir(parents=True)
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.startswith(("densebook", "__editable__")):
            (mirror / entry.name).symlink_to(entry)
    return mirror


def _isolated_kernels(base: Path, libraries: Path) -> type[AsyncKernelManager]:
    """Kernels in a new venv that sees the pinned libraries but no densebook, so that a
    notebook's install cell must install it (``pip`` comes from the libraries too)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(base / "venv")], check=True)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = base / "venv" / "lib" / version / "site-packages"
    # A .pth line adds the folder to the path; .pth files inside it are not read.
    (site / "pinned-libraries.pth").write_text(f"{libraries}\n")
    spec = base / "kernels" / ISOLATED
    spec.mkdir(parents=True)
    python = str(base / "venv" / "bin" / "python")
    argv = [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": ISOLATED, "language": "python"})
    )

    class IsolatedKernels(AsyncKernelManager):  # type: ignore[misc]  # jupyter_client: untyped
        @default("kernel_spec_manager")
        def _only_the_isolated_kernel(self) -> KernelSpecManager:
            return KernelSpecManager(kernel_dirs=[str(base / "kernels")])

    return IsolatedKernels


def run_in_plain_kernels(
    notebooks: dict[str, NotebookNode],
    base: Path,
    files: list[Path] | None = None,
    pip_env: dict[str, str] | None = None,
) -> dict[str, NotebookNode]:
    """Run a copy of each notebook in its own fresh plain kernel without myst_nb, two at once.

    Each kernel starts in an empty working directory, with an empty IPython directory.
    Errors do not stop a run: they are outputs, compared like the others.

    ``files``: copied into each working directory (the wheel and the lock, for a download's
    install cell); then each kernel runs in its own venv where densebook is not installed
    (not importable from src/ either) and pip installs from no index.
    """
    blocker = base / "no-myst-nb"
    (blocker / "myst_nb").mkdir(parents=True)
    (blocker / "myst_nb" / "__init__.py").write_text(MYST_NB_BLOCKER)
    libraries = _site_packages_without_densebook(base) if files is not None else None

    async def run(name: str, nb: NotebookNode, gate: asyncio.Semaphore) -> NotebookNode:
        fresh = copy.deepcopy(nb)
        (base / name / "ipython").mkdir(parents=True)
        (base / name / "cwd").mkdir()
        env = plain_kernel_env(blocker, base / name / "ipython")
        kernel: dict[str, Any] = {}
        if libraries is not None:
            for path in files or ():
                shutil.copyfile(path, base / name / "cwd" / path.name)
            kernel["kernel_manager_class"] = _isolated_kernels(base / name, libraries)
            kernel["kernel_name"] = ISOLATED
            env |= {"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", **(pip_env or {})}
        client = NotebookClient(
            fresh,
            timeout=300,
            allow_errors=True,
            resources={"metadata": {"path": str(base / name / "cwd")}},
            **kernel,
        )
        async with gate:
            await client.async_execute(env=env)
        return fresh

    async def run_all() -> list[NotebookNode]:
        gate = asyncio.Semaphore(KERNELS_AT_ONCE)
        return await asyncio.gather(*(run(name, nb, gate) for name, nb in notebooks.items()))

    return dict(zip(notebooks, asyncio.run(run_all()), strict=True))


@dataclass(frozen=True)
class DownloadRuns:
    """The site's notebook downloads with code of their own: as built, and run again."""

    built: dict[str, NotebookNode]
    ran: dict[str, NotebookNode]


def package_files(site: Path) -> list[Path]:
    """The wheel and the lock the build wrote beside the notebooks."""
    folder = site / "_downloads"
    return [*sorted(folder.glob("densebook-*.whl")), folder / package.LOCK_NAME]


def run_downloads(site: Path, base: Path, pages: Collection[str] | None = None) -> DownloadRuns:
    """Run every download of ``site`` that has code of its own (the glossary runs only its
    hidden checks, so its download holds nothing but the install cell) from the wheel alone;
    only those of ``pages`` when given.

    pip is told not to resolve the dependencies again for each download (``PIP_NO_DEPS``):
    the libraries are the pinned ones either way, and
    ``test_the_install_cell_installs_densebook_from_the_wheel_beside_the_notebook`` runs an
    install cell as a reader's Jupyter does, resolution included.
    """
    paths = sorted((site / "_downloads").glob("*.ipynb"))
    every = {path.stem: nbformat.read(path, as_version=4) for path in paths}
    built = {
        name: nb
        for name, nb in every.items()
        if any(cell.cell_type == "code" for cell in nb.cells[1:])
        and (pages is None or name in pages)
    }
    ran = run_in_plain_kernels(built, base, files=package_files(site), pip_env={"PIP_NO_DEPS": "1"})
    return DownloadRuns(built, ran)
