"""Canaries: MyST-NB bugs densebook works around, reproduced with MyST-NB alone.

Each test builds a minimal project that uses no densebook extension and asserts the bug is
still there. When an upgrade fixes it, the test fails: delete the workaround it names, and
the test. The same reproductions, ready to file upstream, are in docs/contributing.md
("Workarounds for upstream bugs"). The other two canaries are unit tests:
``tests/unit/test_stream_merging.py::test_myst_nb_own_merge_breaks_a_line_at_a_piece_edge``
and ``tests/unit/test_chinese_search.py::test_sphinx_still_names_a_stemmer_it_does_not_ship``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import page

pytestmark = pytest.mark.build


def myst_nb_only(root: Path, pages: dict[str, str], settings: str = "") -> Path:
    """A project with MyST-NB as its only extension, in cache mode."""
    (root / "src").mkdir(parents=True)
    (root / "src" / "conf.py").write_text(
        f'extensions = ["myst_nb"]\nnb_execution_mode = "cache"\n{settings}'
    )
    for name, text in pages.items():
        (root / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "src" / name).write_text(text)
    return root


def sphinx(root: Path, *options: str) -> str:
    """Build ``root`` with plain kernels (an empty IPython folder); return the console."""
    (root / "ipython").mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env["IPYTHONDIR"] = str(root / "ipython")
    command = [sys.executable, "-m", "sphinx", "-b", "html", *options]
    command += ["-d", str(root / "out" / "doctrees"), str(root / "src"), str(root / "out" / "html")]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def code_outputs(notebook: Path) -> list[object]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [cell["outputs"] for cell in cells if cell["cell_type"] == "code"]


def test_myst_nb_writes_its_notebook_copy_without_outputs_after_a_cache_hit(
    tmp_path: Path,
) -> None:
    """Worked around in conf/densebook_sphinx/downloads/notebooks.py, which reads the
    executed notebook from the cache rather than from ``jupyter_execute/``."""
    root = myst_nb_only(tmp_path, {"index.md": page("Copy", "print(6 * 7)")})
    written = root / "out" / "jupyter_execute" / "index.ipynb"
    sphinx(root)  # MyST-NB executes the page: its copy has the output
    assert code_outputs(written) == [
        [{"name": "stdout", "output_type": "stream", "text": ["42\n"]}]
    ]
    source = root / "src" / "index.md"
    source.write_text(source.read_text().replace("Some prose.", "Other prose."))
    assert "Using cached notebook" in sphinx(root)  # read again, served from the cache
    assert code_outputs(written) == [[]]  # the bug: the copy lost its output


def test_a_glue_role_in_a_translated_paragraph_finds_no_glue_data(tmp_path: Path) -> None:
    """Worked around in conf/densebook_sphinx/editions/translated_glue.py."""
    glued = page("Glue", "from myst_nb import glue\nglue('n', 3, display=False)")
    catalog = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "The answer is {glue:text}`n`."\nmsgstr "答案是 {glue:text}`n`。"\n'
    )
    root = myst_nb_only(
        tmp_path,
        {
            "index.md": glued + "\nThe answer is {glue:text}`n`.\n",
            "locales/zh_TW/LC_MESSAGES/index.po": catalog,
        },
        'locale_dirs = ["locales"]\nexclude_patterns = ["locales"]\n',
    )
    console = sphinx(root, "-D", "language=zh_TW")
    assert "No key 'n' found in glue data for this document" in console  # the bug
    assert "答案是 。" in (root / "out" / "html" / "index.html").read_text(encoding="utf-8")
