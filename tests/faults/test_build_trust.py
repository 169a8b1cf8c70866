"""A build you can trust: loud failures, no stale cache, interrupted builds redone.

Faults are injected into temporary copies of conf/, src/ and docs/, never the real tree, and
built as `make html` builds (cache mode: densebook's executor runs the pages). Their pages
use no TensorFlow, so their kernels start without it (``copy_project(light_kernels=True)``).
The checks on the real site's own builds (byte-reproducible, offline, self-contained) are in
tests/site/test_site_trust.py, so they share the session's one site build.
"""

from __future__ import annotations

import os
import re
import signal
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from sitebuild import (
    copy_project,
    executed_here,
    page,
    project_env,
    run_build,
    start_build,
    tree_files,
)

pytestmark = pytest.mark.build


def light_project(root: Path, pages: dict[str, str]) -> Path:
    """The build's own configuration with ``pages``; kernels without TensorFlow preloaded."""
    return copy_project(root, pages, light_kernels=True)


# -- 1. Loud failure ----------------------------------------------------------------------


def test_a_raising_cell_fails_the_build_naming_page_cell_and_traceback(tmp_path: Path) -> None:
    root = light_project(
        tmp_path / "p", {"index.md": page("Raises", "x = 1", "ratio = 1 / (x - 1)")}
    )
    build = run_build(root, tmp_path / "out")
    assert build.returncode != 0
    assert re.search(r"index\.md: WARNING: Executing notebook failed", build.output), build.output
    assert "ratio = 1 / (x - 1)" in build.output  # the cell
    assert "ZeroDivisionError" in build.output  # the traceback, on the console
    assert "Page execution failed" in build.output
    assert "Executing notebook using" not in build.output  # MyST-NB did not run it again


def test_a_false_claim_in_a_hidden_assertion_fails_the_build(tmp_path: Path) -> None:
    claim = ":tags: [remove-cell]\nassert layers == 3, 'the prose says three layers'"
    root = light_project(tmp_path / "p", {"index.md": page("Claim", "layers = 2", claim)})
    build = run_build(root, tmp_path / "out")
    assert build.returncode != 0
    assert "the prose says three layers" in build.output
    assert "Executing notebook using" not in build.output


STDERR_CELLS = {
    "print-to-stderr": "import sys\nprint('stray', file=sys.stderr)",
    "python-warning": "import warnings\nwarnings.warn('old', DeprecationWarning, stacklevel=1)",
    "fd-2": "import os\nos.write(2, b'a C library writes to fd 2\\n')",
}


def test_stderr_and_sphinx_warnings_fail_the_build_and_all_are_listed(tmp_path: Path) -> None:
    """One build with three kinds of stderr and two unresolved references: all five named."""
    pages = {f"{name}.md": page(name, cell) for name, cell in STDERR_CELLS.items()}
    toctree = "```{toctree}\n" + "\n".join(STDERR_CELLS) + "\n```"
    prose = f"See {{ref}}`no-such-label` and {{py:func}}`densebook.no_such_function`.\n\n{toctree}"
    pages["index.md"] = page("Warnings", "x = 1", prose=prose)
    build = run_build(light_project(tmp_path / "p", pages), tmp_path / "out")
    assert build.returncode != 0
    for name in STDERR_CELLS:
        assert re.search(rf"{name}\.md:\d+: ERROR: stderr was found", build.output), name
    assert "no-such-label" in build.output
    assert "densebook.no_such_function" in build.output  # nitpicky, and kept going


# -- 2. Never stale -----------------------------------------------------------------------

LIMIT_PAGE = page(
    "Limit",
    "import densebook\nprint('limit is', densebook.glorot_limit(2, 4))",
    prose="The limit of a (2, 4) kernel.",
)


def test_the_cache_follows_prose_code_and_package_edits(tmp_path: Path) -> None:
    root = light_project(tmp_path / "p", {"index.md": LIMIT_PAGE})
    out, index = tmp_path / "out", root / "docs" / "index.md"

    def build() -> tuple[int, str]:
        result = run_build(root, out, fresh=False)
        assert result.returncode == 0, result.output[-6000:]
        return executed_here(result.output), (out / "html" / "index.html").read_text()

    executed, html = build()
    assert (executed, "limit is 1.0" in html) == (1, True)

    executed, html = build()  # nothing changed: served from the cache
    assert executed == 0

    index.write_text(index.read_text().replace("The limit of", "The Glorot limit of"))
    executed, html = build()  # prose edit: page re-read, nothing re-executed
    assert (executed, "The Glorot limit of" in html) == (0, True)

    index.write_text(index.read_text().replace("glorot_limit(2, 4)", "glorot_limit(4, 8)"))
    executed, html = build()  # code edit: that page re-executed
    assert (executed, "limit is 0.7071067811865476" in html) == (1, True)

    module = root / "src" / "densebook" / "_initialization.py"
    module.write_text(module.read_text().replace("math.sqrt(6 / (fan_in + fan_out))", "2.5"))
    executed, html = build()  # package edit: the page's code is unchanged, yet re-executed
    assert (executed, "limit is 2.5" in html) == (1, True)
    assert "0.7071067811865476" not in html

    conf = root / "conf" / "conf.py"
    conf.write_text(conf.read_text().replace('html_title = "densebook"', 'html_title = "Edited"'))
    executed, html = build()  # an HTML-only setting: the page rewritten, nothing executed
    assert (executed, "<title>Edited</title>" in html) == (0, True)

    conf.write_text(conf.read_text() + "\nnb_execution_timeout = 120\n")
    executed, html = build()  # an execution setting: re-executed
    assert executed == 1


def test_another_myst_nb_than_the_pinned_one_stops_the_build_at_set_up(tmp_path: Path) -> None:
    """densebook_sphinx/upstream.py touches MyST-NB's private parts: only the pinned version."""
    fake = tmp_path / "site" / "myst_nb-1.3.0.dist-info"
    fake.mkdir(parents=True)
    (fake / "METADATA").write_text("Metadata-Version: 2.1\nName: myst-nb\nVersion: 1.3.0\n")
    root = light_project(tmp_path / "p", {"index.md": LIMIT_PAGE})
    env = project_env(root)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path / "site"), env["PYTHONPATH"]])
    proc = start_build(root, tmp_path / "out", env=env)
    output, _ = proc.communicate(timeout=300)
    assert proc.returncode != 0
    assert "Extension error (densebook_sphinx)" in output
    assert "installed: myst-nb 1.3.0 (pinned: 1.4.0)" in output
    assert "Executed notebook" not in output
    assert "executing" not in output


def _live_processes(marker: str) -> list[str]:
    """Command lines of running processes whose environment holds ``marker`` (a build's
    kernels inherit the build's environment, and outlive it if never stopped)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            environ = (proc / "environ").read_bytes()
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # not a process, or it just ended
            continue
        if f"DENSEBOOK_TEST_MARKER={marker}".encode() in environ.split(b"\0"):
            found.append(command)
    return found


def test_no_kernel_outlives_a_build_that_passes_or_fails(tmp_path: Path) -> None:
    """Each page's kernel is stopped when its page is done, whatever happened in it."""
    draft = page("Draft", "print('draft, never built')")
    other = page("Other", "1", extra="orphan: true\n")
    root = light_project(
        tmp_path / "p", {"index.md": LIMIT_PAGE, "draft.md": draft, "other.md": other}
    )
    conf = root / "conf" / "conf.py"
    conf.write_text(conf.read_text() + '\nexclude_patterns = [*exclude_patterns, "draft.md"]\n')
    marker = uuid.uuid4().hex  # unique even across pytest sessions running at once
    env = project_env(root) | {"DENSEBOOK_TEST_MARKER": marker, "DENSEBOOK_EXECUTION_JOBS": "3"}

    def build() -> str:
        proc = start_build(root, tmp_path / "out", fresh=False, env=env)
        output, _ = proc.communicate(timeout=900)
        assert _live_processes(marker) == []
        return output if proc.returncode == 0 else f"FAILED\n{output}"

    output = build()  # no cache yet: the two pages in the build run, the excluded draft not
    assert "executing 2 page(s) with 2 kernel(s) at once" in output, output[-6000:]
    assert executed_here(output) == 2
    assert "limit is 1.0" in (tmp_path / "out" / "html" / "index.html").read_text()

    output = build()  # everything cached: no kernel at all
    assert "executing" not in output
    assert executed_here(output) == 0

    index = root / "docs" / "index.md"
    index.write_text(index.read_text().replace("glorot_limit(2, 4)", "glorot_limit(1, 0)"))
    output = build()  # a failing page: the build fails, and still leaves no kernel behind
    assert output.startswith("FAILED")
    assert "ValueError" in output


# -- 6. Interrupted builds -----------------------------------------------------------------

SLOW_PAGES = {
    "index.md": page(
        "Index",
        "import densebook\nprint(densebook.glorot_limit(3, 4))",
        prose="```{toctree}\nsecond\nthird\n```",
    ),
    "second.md": page(
        "Second",
        "import pathlib, time\npathlib.Path('second-started').touch()\ntime.sleep(4)\n"
        "import densebook\nprint(densebook.glorot_limit(1, 2))",
    ),
    "third.md": page(
        "Third",
        "from densebook.plot import plot_shape_flow\nplot_shape_flow((3, 4, 2), 4)",
    ),
}


def _cached_notebooks(root: Path) -> list[Path]:
    return sorted((root / "_build" / ".jupyter_cache").rglob("base.ipynb"))


class LazyFiles:
    """The files of a build that runs in the background, waited for on first use."""

    def __init__(self, load: Callable[[], dict[str, bytes]]) -> None:
        self._load = load
        self._files: dict[str, bytes] | None = None

    def files(self) -> dict[str, bytes]:
        if self._files is None:
            self._files = self._load()
        return self._files


@pytest.fixture(scope="module")
def clean_reference(tmp_path_factory: pytest.TempPathFactory) -> LazyFiles:
    """A clean build of SLOW_PAGES, started at once so it runs alongside other tests."""
    base = tmp_path_factory.mktemp("clean-reference")
    proc = start_build(light_project(base / "p", SLOW_PAGES), base / "out")

    def load() -> dict[str, bytes]:
        output, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0, output[-6000:]
        return tree_files(base / "out" / "html")

    return LazyFiles(load)


def test_a_killed_build_then_a_rebuild_equals_a_clean_build(
    tmp_path: Path, clean_reference: LazyFiles
) -> None:
    root = light_project(tmp_path / "p", SLOW_PAGES)
    out = tmp_path / "out"
    marker = uuid.uuid4().hex
    env = project_env(root) | {"DENSEBOOK_TEST_MARKER": marker}
    proc = start_build(root, out, fresh=False, env=env)
    deadline = time.monotonic() + 300
    while not (root / "docs" / "second-started").exists():  # kill mid-execution
        assert proc.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
    # The kernels run in sessions of their own, so the group kill misses them; each exits
    # once it sees its parent gone (ipykernel polls JPY_PARENT_PID every second). Rebuild
    # only then, so no orphan is still running a page beside the rebuild.
    while _live_processes(marker):
        assert time.monotonic() < deadline + 30, _live_processes(marker)
        time.sleep(0.2)

    rebuilt = run_build(root, out, fresh=False)
    assert rebuilt.returncode == 0, rebuilt.output[-6000:]
    assert "previous build was interrupted" in rebuilt.output
    assert tree_files(rebuilt.html) == clean_reference.files()


def test_broken_cache_entries_are_never_served(tmp_path: Path, clean_reference: LazyFiles) -> None:
    root = light_project(tmp_path / "p", SLOW_PAGES)
    out = tmp_path / "out"
    assert run_build(root, out, fresh=False).returncode == 0
    truncated, deleted, foreign = _cached_notebooks(root)
    other_notebook = truncated.read_text()
    truncated.write_text(other_notebook[: len(other_notebook) // 2])  # a write cut short
    deleted.unlink()  # the record written, the notebook not yet
    foreign.write_text(other_notebook)  # readable, but not the notebook its record names
    for source in (root / "docs").glob("*.md"):
        source.touch()  # make Sphinx read every page again
    rebuilt = run_build(root, out, fresh=False)
    assert rebuilt.returncode == 0, rebuilt.output[-6000:]
    assert rebuilt.output.count("dropped a broken execution-cache entry") == 3
    assert executed_here(rebuilt.output) == 3
    assert tree_files(rebuilt.html) == clean_reference.files()
