"""densebook's executor (conf/densebook_sphinx/execution) in real builds of small projects.

One project holds a page for each of MyST-NB's execution settings (set for the build or by
the page itself), a page whose kernel dies once and one whose kernel fails to start once:
one build shows each page executed by the right party with the right settings. A second
project, with every kind of output a page shows, is built by densebook's executor and by
MyST-NB's own and must give the same bytes.

The projects use the build's own configuration with kernels that do not import TensorFlow
at start-up. Who executed a page shows in the log: densebook writes "<page>: Executed
notebook in ... [densebook]"; MyST-NB logs "<page>: Executing notebook using ..." when it
executes, and "Using cached notebook" when it reads from the cache.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitebuild import copy_project, page, project_env, start_build, tree_files

pytestmark = pytest.mark.build

DIES_ONCE = (
    "import os, pathlib\n"
    "flag = pathlib.Path('died-once')\n"
    "if not flag.exists():\n"
    "    flag.touch()\n"
    "    os._exit(1)\n"
    "print('second run')"
)

IN_PAGE_FOLDER = "import os\nprint('in page folder:', os.path.exists('in_temp.md'))"

PAGES = {
    "plain": page("Plain", "print('ran', 6 * 7)"),
    "excluded": page("Excluded", "print('should not run')"),
    "off": page("Off", "print('never')", extra="mystnb:\n  execution_mode: 'off'\n"),
    "aliased": page("Aliased", "print('aliased')", kernel="my-old-env"),
    "in_temp": page("In temp", IN_PAGE_FOLDER, extra="mystnb:\n  execution_in_temp: true\n"),
    "errors": page(
        "Errors",
        "1 / 0",
        "print('after the error')",
        extra="mystnb:\n  execution_allow_errors: true\n",
    ),
    "dies": page("Dies", DIES_ONCE),
    "flaky": page("Flaky", "print('started')", kernel="flaky"),
}

SETTINGS = """
nb_execution_excludepatterns = ["excluded.md"]
nb_kernel_rgx_aliases = {"my-.*": "python3"}
# A page never executed has no language_info, so MyST-NB cannot name its cells' lexer.
suppress_warnings = ["myst-nb.lexer"]
"""


@dataclass
class Built:
    returncode: int
    log: str
    html: Path

    def text(self, name: str) -> str:
        return (self.html / f"{name}.html").read_text(encoding="utf-8")

    def ran_ahead(self, name: str) -> bool:
        return bool(
            re.search(rf"/{name}\.md: Executed notebook in [\d.]+ seconds \[densebook\]", self.log)
        )

    def myst_nb_executed(self, name: str) -> bool:
        return bool(re.search(rf"/{name}\.md: Executing notebook using", self.log))


def _flaky_kernel(folder: Path) -> Path:
    """A kernel whose launcher fails the first time it is started, then works."""
    kernels = folder / "jupyter" / "kernels" / "flaky"
    kernels.mkdir(parents=True)
    launcher = folder / "launch.py"
    launcher.write_text(
        "import pathlib, runpy, sys\n"
        f"flag = pathlib.Path({str(folder / 'started-once')!r})\n"
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
    return folder / "jupyter"


@pytest.fixture(scope="module")
def settings_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("executor")
    toctree = "```{toctree}\n" + "\n".join(PAGES) + "\n```"
    pages = {f"{name}.md": text for name, text in PAGES.items()}
    pages["index.md"] = page("Executor", prose=toctree)
    root = copy_project(base / "p", pages, light_kernels=True)
    conf = root / "conf" / "conf.py"
    conf.write_text(conf.read_text() + SETTINGS)
    env = project_env(root) | {"JUPYTER_PATH": str(_flaky_kernel(base))}
    proc = start_build(root, base / "out", env=env)
    output, _ = proc.communicate(timeout=600)
    return Built(proc.returncode, output, base / "out" / "html")


def test_the_build_passes_and_talks_to_kernels_over_ipc(settings_build: Built) -> None:
    assert settings_build.returncode == 0, settings_build.log[-6000:]
    assert "running over TCP" not in settings_build.log.split("Executing notebook using")[0]


def test_a_page_runs_ahead_and_myst_nb_reads_it_from_the_cache(settings_build: Built) -> None:
    assert settings_build.ran_ahead("plain")
    assert not settings_build.myst_nb_executed("plain")
    assert "ran 42" in settings_build.text("plain")


def test_excluded_pages_are_not_executed(settings_build: Built) -> None:
    assert not settings_build.ran_ahead("excluded")
    assert not settings_build.myst_nb_executed("excluded")
    assert "Excluded from execution by pattern" in settings_build.log  # MyST-NB's decision
    assert 'class="cell_output' not in settings_build.text("excluded")  # no output shown


def test_a_page_that_turns_execution_off_is_left_alone(settings_build: Built) -> None:
    assert not settings_build.ran_ahead("off")
    assert not settings_build.myst_nb_executed("off")


def test_a_kernel_alias_is_applied_before_the_cache_is_matched(settings_build: Built) -> None:
    assert settings_build.ran_ahead("aliased")
    assert not settings_build.myst_nb_executed("aliased")  # the same cache key as MyST-NB's
    assert "aliased" in settings_build.text("aliased")


def test_execution_in_temp_runs_outside_the_page_folder(settings_build: Built) -> None:
    assert settings_build.ran_ahead("in_temp")
    assert "in page folder: False" in settings_build.text("in_temp")


def test_allowed_errors_are_cached_with_the_page(settings_build: Built) -> None:
    assert settings_build.ran_ahead("errors")
    assert not settings_build.myst_nb_executed("errors")
    assert "ZeroDivisionError" in settings_build.text("errors")
    assert "after the error" in settings_build.text("errors")


@pytest.mark.parametrize("name", ["dies", "flaky"])
def test_a_kernel_that_dies_or_cannot_start_leaves_the_page_to_myst_nb(
    settings_build: Built, name: str
) -> None:
    """The kernel fails the first time only: MyST-NB's own run then succeeds."""
    assert f"/{name}.md: its kernel failed; MyST-NB runs it while reading" in settings_build.log
    assert settings_build.myst_nb_executed(name)
    assert ("second run" if name == "dies" else "started") in settings_build.text(name)


# -- The same pages from either executor -----------------------------------------------------

OUTPUT_KINDS = page(
    "Every kind of output",
    "print('one line'); print('two', 'pieces', sep='\\n')",
    "import sys\nfor i in range(3):\n    print(i, end=' ', flush=True)\nprint()",
    "{'a': 1, 'b': [1.5, 2.5]}",
    "from IPython.display import HTML, Markdown\n"
    "display(HTML('<b>bold</b>'))\nMarkdown('*some* markdown')",
    "from densebook.plot import plot_shape_flow\nplot_shape_flow((3, 4, 2), 4)",
    ":tags: [remove-cell]\nfrom myst_nb import glue\nglue('answer', 42, display=False)",
    ":tags: [raises-exception]\nraise ValueError('shown, not fatal')",
    prose="The answer is {glue:text}`answer`.\n\n$$x W + b$$",
)


def test_densebooks_executor_and_myst_nbs_give_the_same_pages(tmp_path: Path) -> None:
    """Cache mode (densebook executes, MyST-NB reads) against force mode (MyST-NB executes)."""
    root = copy_project(tmp_path / "p", {"index.md": OUTPUT_KINDS}, light_kernels=True)
    builds = {
        "cache": start_build(root, tmp_path / "cache"),
        "force": start_build(root, tmp_path / "force", mode="force"),
    }
    for name, proc in builds.items():
        output, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"{name}:\n{output[-6000:]}"
    cached, forced = (
        tree_files(tmp_path / "cache" / "html"),
        tree_files(tmp_path / "force" / "html"),
    )
    assert sorted(cached) == sorted(forced)
    assert [name for name in cached if cached[name] != forced[name]] == []
    text = (tmp_path / "cache" / "html" / "index.html").read_text(encoding="utf-8")
    shown = ["one line", "0 1 2", "[1.5, 2.5]", "HTML object", "<em>some</em>", ".svg", "42"]
    for part in [*shown, "shown, not fatal", "<math"]:
        assert part in text, part
