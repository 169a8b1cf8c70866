"""A build you can trust: loud failures, no stale cache, interrupted builds redone.

Faults are injected into temporary copies of conf/, src/ and docs/, never the real tree.
The checks on the real site's own builds (byte-reproducible, offline, self-contained) are in
test_site_trust.py, so they share the session's one site build.
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

from sitebuild import ROOT, copy_project, project_env, run_build, start_build, tree_files

pytestmark = pytest.mark.build

HEADER = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---

"""


def page(title: str, *cells: str, prose: str = "Some prose.") -> str:
    """A MyST-NB page with the given code cells (a cell may start with option lines)."""
    body = "\n\n".join(f"```{{code-cell}} ipython3\n{cell}\n```" for cell in cells)
    return f"{HEADER}# {title}\n\n{prose}\n\n{body}\n"


# -- 1. Loud failure ----------------------------------------------------------------------


def test_a_raising_cell_fails_the_build_naming_page_cell_and_traceback(tmp_path: Path) -> None:
    root = copy_project(
        tmp_path / "p", {"index.md": page("Raises", "x = 1", "ratio = 1 / (x - 1)")}
    )
    build = run_build(root, tmp_path / "out")
    assert build.returncode != 0
    assert "index.md" in build.output
    assert "ratio = 1 / (x - 1)" in build.output  # the cell
    assert "ZeroDivisionError" in build.output  # the traceback, on the console


def test_a_false_claim_in_a_hidden_assertion_fails_the_build(tmp_path: Path) -> None:
    claim = ":tags: [remove-cell]\nassert layers == 3, 'the prose says three layers'"
    root = copy_project(tmp_path / "p", {"index.md": page("Claim", "layers = 2", claim)})
    build = run_build(root, tmp_path / "out")
    assert build.returncode != 0
    assert "the prose says three layers" in build.output


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
    build = run_build(copy_project(tmp_path / "p", pages), tmp_path / "out")
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


def _executed(output: str) -> int:
    return len(re.findall(r"Executed notebook in", output))


def test_the_cache_follows_prose_code_and_package_edits(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", {"index.md": LIMIT_PAGE})
    out, index = tmp_path / "out", root / "docs" / "index.md"

    def build() -> tuple[int, str]:
        result = run_build(root, out, mode="cache", fresh=False)
        assert result.returncode == 0, result.output[-6000:]
        return _executed(result.output), (out / "html" / "index.html").read_text()

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


def test_warm_kernels_are_used_for_pages_and_none_outlives_a_build(tmp_path: Path) -> None:
    """Kernels started ahead (parallel_execution.py) run the pages, and only those."""
    draft = page("Draft", "print('draft, never built')")
    other = page("Other", "1").replace("---\n", "---\norphan: true\n", 1)
    root = copy_project(
        tmp_path / "p", {"index.md": LIMIT_PAGE, "draft.md": draft, "other.md": other}
    )
    conf = root / "conf" / "conf.py"
    conf.write_text(conf.read_text() + '\nexclude_patterns = [*exclude_patterns, "draft.md"]\n')
    marker = uuid.uuid4().hex  # unique even across pytest sessions running at once
    env = project_env(root) | {"DENSEBOOK_TEST_MARKER": marker, "DENSEBOOK_EXECUTION_JOBS": "3"}

    def build() -> str:
        proc = start_build(root, tmp_path / "out", mode="cache", fresh=False, env=env)
        output, _ = proc.communicate(timeout=900)
        assert _live_processes(marker) == []
        return output if proc.returncode == 0 else f"FAILED\n{output}"

    output = build()  # no cache yet: conf.py's early guess takes all three pages...
    assert "densebook: started 2 warm kernel(s)" in output, output[-6000:]
    assert "densebook: stopped 1 unused warm kernel(s)" in output  # ...but the draft is excluded
    assert _executed(output) == 2
    assert "limit is 1.0" in (tmp_path / "out" / "html" / "index.html").read_text()

    output = build()  # everything cached: no kernel at all
    assert "warm kernel" not in output
    assert _executed(output) == 0

    index = root / "docs" / "index.md"
    index.write_text(index.read_text().replace("glorot_limit(2, 4)", "glorot_limit(1, 0)"))
    output = build()  # a failing page: the build fails, and still leaves no kernel behind
    assert output.startswith("FAILED")
    assert "ValueError" in output
    assert "densebook: started 1 warm kernel(s)" in output


def test_a_warm_kernel_no_page_takes_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "conf"))
    import kernel_pool
    import parallel_execution

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(LIMIT_PAGE)
    marker = uuid.uuid4().hex
    monkeypatch.setenv("DENSEBOOK_TEST_MARKER", marker)
    assert parallel_execution.warm_up(tmp_path / "docs", tmp_path / "no-cache-yet") == (1, 0)
    [kernel] = _live_processes(marker)
    assert "ipykernel" in kernel
    assert kernel_pool.stop_all() == 1
    assert kernel_pool.stop_all() == 0
    assert _live_processes(marker) == []


# -- 6. Interrupted builds -----------------------------------------------------------------

SLOW_PAGES = {
    "index.md": page(
        "Index",
        "import densebook\nprint(densebook.trace_build(4, (3, 4, 2), seed=0))",
        prose="```{toctree}\nsecond\nthird\n```",
    ),
    "second.md": page(
        "Second",
        "import pathlib, time\npathlib.Path('second-started').touch()\ntime.sleep(4)\n"
        "import densebook\nprint(densebook.fingerprint(densebook.build_dense(3, (2,), seed=1)))",
    ),
    "third.md": page(
        "Third",
        "import densebook\nfrom densebook.plot import plot_kernel_heatmap\n"
        "plot_kernel_heatmap(densebook.build_dense(4, (2,), seed=2))",
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
    proc = start_build(copy_project(base / "p", SLOW_PAGES), base / "out")

    def load() -> dict[str, bytes]:
        output, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0, output[-6000:]
        return tree_files(base / "out" / "html")

    return LazyFiles(load)


def test_a_killed_build_then_a_rebuild_equals_a_clean_build(
    tmp_path: Path, clean_reference: LazyFiles
) -> None:
    root = copy_project(tmp_path / "p", SLOW_PAGES)
    out = tmp_path / "out"
    marker = uuid.uuid4().hex
    env = project_env(root) | {"DENSEBOOK_TEST_MARKER": marker}
    proc = start_build(root, out, mode="cache", fresh=False, env=env)
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

    rebuilt = run_build(root, out, mode="cache", fresh=False)
    assert rebuilt.returncode == 0, rebuilt.output[-6000:]
    assert "previous build was interrupted" in rebuilt.output
    assert tree_files(rebuilt.html) == clean_reference.files()


def test_broken_cache_entries_are_never_served(tmp_path: Path, clean_reference: LazyFiles) -> None:
    root = copy_project(tmp_path / "p", SLOW_PAGES)
    out = tmp_path / "out"
    assert run_build(root, out, mode="cache", fresh=False).returncode == 0
    truncated, deleted, foreign = _cached_notebooks(root)
    other_notebook = truncated.read_text()
    truncated.write_text(other_notebook[: len(other_notebook) // 2])  # a write cut short
    deleted.unlink()  # the record written, the notebook not yet
    foreign.write_text(other_notebook)  # readable, but not the notebook its record names
    for source in (root / "docs").glob("*.md"):
        source.touch()  # make Sphinx read every page again
    rebuilt = run_build(root, out, mode="cache", fresh=False)
    assert rebuilt.returncode == 0, rebuilt.output[-6000:]
    assert rebuilt.output.count("dropped a broken execution-cache entry") == 3
    assert _executed(rebuilt.output) == 3
    assert tree_files(rebuilt.html) == clean_reference.files()
