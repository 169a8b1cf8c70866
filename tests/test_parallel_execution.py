"""conf/parallel_execution.py in real builds of tiny projects: MyST-NB's execution settings are
honoured, and a kernel that dies or cannot start leaves the page to MyST-NB.

Each project has a minimal configuration (MyST-NB and densebook's executor only) and plain
kernels (no TensorFlow), so a build takes seconds. Who executed a page shows in the log:
densebook writes "Executed notebook in ... [densebook]"; MyST-NB's own execution logs
"Executing notebook using ..." and reading from the cache "Using cached notebook".
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.build

HEADER = (
    "---\nfile_format: mystnb\nkernelspec:\n  name: {kernel}\n  display_name: K\n{extra}---\n\n"
)


def page(*cells: str, kernel: str = "python3", extra: str = "") -> str:
    body = "\n\n".join(f"```{{code-cell}} ipython3\n{cell}\n```" for cell in cells)
    return HEADER.format(kernel=kernel, extra=extra) + f"# Page\n\n{body}\n"


@dataclass
class Build:
    returncode: int
    log: str
    html: Path

    def text(self, page: str = "index") -> str:
        return (self.html / f"{page}.html").read_text(encoding="utf-8")

    def ran_ahead(self, page: str = "index") -> bool:
        return f"{page}.md: Executed notebook in" in self.log and "[densebook]" in self.log

    def myst_nb_executed(self) -> bool:
        return "Executing notebook using" in self.log


def build(tmp_path: Path, pages: dict[str, str], settings: str = "", **env: str) -> Build:
    src, conf, out = tmp_path / "src", tmp_path / "conf", tmp_path / "out"
    src.mkdir(parents=True)
    conf.mkdir()
    for name, text in pages.items():
        (src / name).write_text(text)
    (conf / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'conf')!r})\n"
        'extensions = ["myst_nb", "parallel_execution"]\n'
        'nb_execution_mode = "cache"\n'
        f"nb_execution_cache_path = {str(tmp_path / 'cache')!r}\n"
        "nb_execution_raise_on_error = True\n"
        f"{settings}\n"
    )
    (tmp_path / "ipython").mkdir()  # plain kernels: no start-up files
    environment = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    environment |= {"IPYTHONDIR": str(tmp_path / "ipython"), **env}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(conf), str(src), str(out)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )
    return Build(result.returncode, result.stdout + result.stderr, out)


def test_a_page_runs_ahead_and_myst_nb_reads_it_from_the_cache(tmp_path: Path) -> None:
    result = build(tmp_path, {"index.md": page("print('ran', 6 * 7)")})
    assert result.returncode == 0, result.log
    assert result.ran_ahead()
    assert "Using cached notebook" in result.log
    assert not result.myst_nb_executed()
    assert "ran 42" in result.text()
    assert "running over TCP" not in result.log  # the kernels talk over IPC


def test_excluded_pages_are_not_executed(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        {"index.md": page("print('should not run')")},
        'nb_execution_excludepatterns = ["index.md"]',
    )
    assert result.returncode == 0, result.log
    assert "Excluded from execution by pattern" in result.log  # MyST-NB's own decision
    assert not result.ran_ahead()
    assert "should not run" not in result.text().split("</pre>")[-1]


def test_a_page_that_turns_execution_off_is_left_alone(tmp_path: Path) -> None:
    off = page("print('never')", extra="mystnb:\n  execution_mode: 'off'\n")
    result = build(tmp_path, {"index.md": off})
    assert result.returncode == 0, result.log
    assert not result.ran_ahead()
    assert not result.myst_nb_executed()


def test_a_kernel_alias_is_applied_before_the_cache_is_matched(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        {"index.md": page("print('aliased')", kernel="my-old-env")},
        'nb_kernel_rgx_aliases = {"my-.*": "python3"}',
    )
    assert result.returncode == 0, result.log
    assert result.ran_ahead()
    assert not result.myst_nb_executed()  # same cache key as MyST-NB's
    assert "aliased" in result.text()


def test_execution_in_temp_runs_outside_the_page_folder(tmp_path: Path) -> None:
    cell = "import os\nprint('in page folder:', os.path.exists('index.md'))"
    result = build(tmp_path, {"index.md": page(cell)}, "nb_execution_in_temp = True")
    assert result.returncode == 0, result.log
    assert result.ran_ahead()
    assert "in page folder: False" in result.text()
    plain = build(tmp_path / "plain", {"index.md": page(cell)})
    assert "in page folder: True" in plain.text()


def test_allowed_errors_are_cached_with_the_page(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        {"index.md": page("1 / 0", "print('after the error')")},
        "nb_execution_allow_errors = True",
    )
    assert result.returncode == 0, result.log
    assert result.ran_ahead()
    assert not result.myst_nb_executed()
    assert "ZeroDivisionError" in result.text()
    assert "after the error" in result.text()


def test_a_kernel_that_dies_leaves_the_page_to_myst_nb(tmp_path: Path) -> None:
    """The page's kernel dies the first time only: MyST-NB's own run then succeeds."""
    cell = (
        "import os, pathlib\n"
        "flag = pathlib.Path('died-once')\n"
        "if not flag.exists():\n"
        "    flag.touch()\n"
        "    os._exit(1)\n"
        "print('second run')"
    )
    result = build(tmp_path, {"index.md": page(cell)})
    assert result.returncode == 0, result.log
    assert "index.md: its kernel failed; MyST-NB runs it again while reading" in result.log
    assert result.myst_nb_executed()
    assert "second run" in result.text()


def test_a_kernel_that_cannot_start_leaves_the_page_to_myst_nb(tmp_path: Path) -> None:
    """A kernel whose launcher fails the first time: MyST-NB's own start then works."""
    kernels = tmp_path / "jupyter" / "kernels" / "flaky"
    kernels.mkdir(parents=True)
    launcher = tmp_path / "launch.py"
    launcher.write_text(
        "import pathlib, runpy, sys\n"
        f"flag = pathlib.Path({str(tmp_path / 'started-once')!r})\n"
        "if not flag.exists():\n"
        "    flag.touch()\n"
        "    sys.exit(3)\n"
        "sys.argv = ['ipykernel_launcher', *sys.argv[1:]]\n"
        "runpy.run_module('ipykernel_launcher', run_name='__main__')\n"
    )
    (kernels / "kernel.json").write_text(
        f'{{"argv": ["{sys.executable}", "{launcher}", "-f", "{{connection_file}}"],'
        ' "display_name": "flaky", "language": "python"}'
    )
    result = build(
        tmp_path,
        {"index.md": page("print('started')", kernel="flaky")},
        JUPYTER_PATH=str(tmp_path / "jupyter"),
    )
    assert result.returncode == 0, result.log
    assert "index.md: its kernel failed; MyST-NB runs it again while reading" in result.log
    assert result.myst_nb_executed()
    assert "started" in result.text()
