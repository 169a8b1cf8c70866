"""Each notebook download of the built site runs in a plain Jupyter and shows what the page shows.

A plain Jupyter has TensorFlow, Keras and the other pinned libraries but not myst_nb, and
none of the build's kernel set-up (conf/densebook_sphinx/execution/ipython) or TensorFlow
environment; for a download, not densebook either, until its first cell installs the wheel.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from densebook_sphinx.downloads.notebooks import plain_markdown
from densebook_sphinx.downloads.package import LOCK_NAME as LOCK
from helpers import TEST_ALL, core_path
from notebooks import (
    DownloadRuns,
    code,
    differences,
    notebook,
    package_files,
    run_in_plain_kernels,
)


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


def _install_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    first = notebook.cells[0]
    assert first.metadata.get("tags") == ["densebook-install"], first.source[:80]
    return first


@pytest.mark.build
def test_each_download_runs_from_the_wheel_alone_and_shows_the_pages_outputs(
    built_site: Path, download_runs: DownloadRuns
) -> None:
    """Each download of the core path (with ``make test-all``, every download), top to
    bottom in a plain kernel whose Python has no densebook (none from src/ either):
    the first cell installs the site's wheel, offline, with the lock's versions; then cell
    by cell the same stdout, text/plain, PNG bytes and errors as the page, and no stderr.
    (The runs start in the background once the site is built: tests/site/conftest.py.)"""
    downloads, fresh = download_runs.built, download_runs.ran
    if TEST_ALL:  # every notebook but the glossary's (its cells are hidden checks)
        assert len(downloads) >= len(list((built_site / "_downloads").glob("*.ipynb"))) - 1
    else:  # the core path's, each with code of its own
        assert set(downloads) == set(core_path(built_site))
    for name, ran in fresh.items():
        install = _install_cell(ran)
        kinds = [(o.output_type, o.get("name")) for o in install.outputs]
        assert all(kind == ("stream", "stdout") for kind in kinds), (name, install.outputs)
        install.outputs = []  # the page never ran it: it shows no output
    report = {
        name: found for name, nb in downloads.items() if (found := differences(nb, fresh[name]))
    }
    assert not report, (
        f"{len(report)} of {len(downloads)} downloads show other outputs in a plain kernel:\n\n"
        + "\n\n".join(f"{name}.ipynb\n" + "\n".join(found) for name, found in report.items())
    )


@pytest.mark.build
def test_the_install_cell_installs_densebook_from_the_wheel_beside_the_notebook(
    built_site: Path, tmp_path: Path
) -> None:
    download = nbformat.read(built_site / "_downloads" / "lazy-weights.ipynb", as_version=4)
    install = _install_cell(download)
    wheel, lock = package_files(built_site)
    assert install.source.endswith(f"%pip install --quiet {wheel.name} --constraint {LOCK}"), (
        install.source
    )
    where = "import densebook, sys\nprint(densebook.__file__.startswith(sys.prefix), end=' ')"
    where += "\nprint(densebook.__file__)"
    probe = notebook(code("import densebook"), code(install.source), code(where))
    [ran] = run_in_plain_kernels({"probe": probe}, tmp_path, files=[wheel, lock]).values()
    before, _, after = (cell.outputs for cell in ran.cells)
    assert [o.get("ename") for o in before] == ["ModuleNotFoundError"]
    # The kernel may send the printed line in more than one piece (seen under load).
    printed = "".join(o.text for o in after if o.get("name") == "stdout")
    assert printed.startswith("True "), after  # inside the kernel's own venv
    assert "/src/densebook/" not in printed


@pytest.mark.build
def test_no_download_shows_a_myst_role(built_site: Path) -> None:
    """Rewriting a downloaded markdown cell again, with no glue at all, changes nothing."""
    for path in sorted((built_site / "_downloads").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                assert plain_markdown(cell.source, {}, path.name) == cell.source, path.name
