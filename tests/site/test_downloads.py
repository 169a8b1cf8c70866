"""Each notebook download of the built site runs in a plain Jupyter and shows what the page shows.

A plain Jupyter has TensorFlow, Keras and densebook but not myst_nb, and none of the build's
kernel set-up (conf/densebook_sphinx/execution/ipython) or TensorFlow environment.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from densebook_sphinx.downloads.notebooks import plain_markdown
from notebooks import code, differences, notebook, run_in_plain_kernels


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
