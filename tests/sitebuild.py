"""Helpers that build the site (or a copy of it) the way `make html` does, for the tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Loaded into the Sphinx process and every kernel (via PYTHONPATH) where network namespaces
# are not available: any connection to a non-loopback address raises and is logged.
_SOCKET_GUARD = """
import os, socket

_log = os.environ["DENSEBOOK_NETWORK_LOG"]
_connect = socket.socket.connect

def _guarded(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if self.family in (socket.AF_INET, socket.AF_INET6) and host not in (
        "127.0.0.1", "::1", "localhost"
    ):
        with open(_log, "a") as log:
            log.write(f"{os.getpid()} {address!r}\\n")
        raise OSError(f"densebook offline build: connection to {address!r} refused")
    return _connect(self, address)

socket.socket.connect = _guarded
"""


HEADER = """---
file_format: mystnb
kernelspec:
  name: {kernel}
  display_name: Python 3
{extra}---

"""


def page(
    title: str, *cells: str, prose: str = "Some prose.", kernel: str = "python3", extra: str = ""
) -> str:
    """A MyST-NB page with the given code cells (a cell may start with option lines);
    ``extra`` adds front-matter lines (``mystnb:`` settings, ``orphan: true``)."""
    body = "\n\n".join(f"```{{code-cell}} ipython3\n{cell}\n```" for cell in cells)
    return HEADER.format(kernel=kernel, extra=extra) + f"# {title}\n\n{prose}\n\n{body}\n"


def executed_here(output: str) -> int:
    """How many pages a build's console output says were executed (by either executor)."""
    return len(re.findall(r"Executed notebook in", output))


@dataclass(frozen=True)
class SiteBuilds:
    """The real site built as `make html` builds it, and once more, for the site tests.

    ``html``: `make html`'s English build, from a fresh copy of the project (so an empty
    cache: every page executed), offline. ``second_html``: the English edition built again
    from that cache into fresh folders, which executes nothing (``second_output``): the
    rendering half of "two clean builds give identical HTML". ``zh_html``: the Chinese
    edition, built from the same cache at the same time, and ``site`` both, as `make html`
    publishes them.
    """

    html: Path
    output: str
    second_html: Path
    second_output: str
    offline_method: str
    network_attempts: list[str]
    zh_html: Path
    zh_output: str
    site: Path


@dataclass(frozen=True)
class Build:
    """The outcome of one sphinx-build run."""

    returncode: int
    output: str
    html: Path


def sphinx_command(
    root: Path, out: Path, *, mode: str = "cache", fresh: bool = True, language: str = "en"
) -> list[str]:
    """The `make html` command line for the project at ``root``, writing into ``out``."""
    return [
        sys.executable, "-m", "sphinx", "-b", "html", "-c", str(root / "conf"),
        "-W", "--keep-going", "-n", "-T",
        *(["-E"] if fresh else []),
        "-D", f"nb_execution_mode={mode}",
        "-D", f"language={language}",
        "-d", str(out / "doctrees"),
        str(root / "docs"), str(out / "html"),
    ]  # fmt: skip


def network_namespace_available() -> bool:
    """Whether this machine lets us run a command with no network but loopback."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-n", "ip", "link", "set", "lo", "up"], capture_output=True, check=False
    )
    return probe.returncode == 0


def offline(
    command: list[str], env: dict[str, str], guard_dir: Path
) -> tuple[list[str], dict[str, str], str]:
    """Wrap ``command`` so it runs without network; return command, env and the method."""
    if network_namespace_available():
        wrapped = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *command]
        return wrapped, env, "network namespace (unshare -n)"
    guard_dir.mkdir(parents=True, exist_ok=True)
    (guard_dir / "sitecustomize.py").write_text(_SOCKET_GUARD)
    guarded = dict(env)
    guarded["PYTHONPATH"] = os.pathsep.join(filter(None, [str(guard_dir), env.get("PYTHONPATH")]))
    guarded["DENSEBOOK_NETWORK_LOG"] = str(guard_dir / "attempts.log")
    return command, guarded, "socket guard (sitecustomize)"


def start_build(
    root: Path,
    out: Path,
    *,
    mode: str = "cache",
    fresh: bool = True,
    env: dict[str, str] | None = None,
) -> subprocess.Popen[str]:
    """Start a build in its own process group (so a test can kill it and its kernels)."""
    return subprocess.Popen(
        sphinx_command(root, out, mode=mode, fresh=fresh),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env if env is not None else project_env(root),
        start_new_session=True,
    )


def run_build(root: Path, out: Path, *, mode: str = "cache", fresh: bool = True) -> Build:
    """Build as `make html` does (cache mode) unless told otherwise; wait for the result."""
    proc = start_build(root, out, mode=mode, fresh=fresh)
    output, _ = proc.communicate(timeout=900)
    return Build(proc.returncode, output, out / "html")


def project_env(root: Path) -> dict[str, str]:
    """The environment of `make html`, whose `import densebook` finds ``root``'s own src/."""
    # ipykernel stops copying file-descriptor output into cells when it sees this variable,
    # which pytest sets and the build would inherit.
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    if root != ROOT:
        env["PYTHONPATH"] = str(root / "src")
    return env


#: The kernels' start-up for fault-injection projects: densebook's environment and the
#: output draining as in the build, but TensorFlow is not imported ahead (3 CPU-s a kernel).
LIGHT_START_UP = """\
# Fault-injection projects only (tests/sitebuild.py): no TensorFlow imported ahead.
__import__("os").environ.update(NO_COLOR="1", JAX_PLATFORMS="cpu")
__import__("densebook").apply_tf_environment()
"""

START_UP = Path("conf/densebook_sphinx/execution/ipython/profile_default/startup/00-densebook.py")


def copy_project(
    dest: Path, pages: dict[str, str] | None = None, *, light_kernels: bool = False
) -> Path:
    """Copy conf/, src/, docs/ and the wheel's metadata to ``dest``; ``pages`` replaces docs/.

    ``light_kernels``: the kernels do not import TensorFlow at start-up (for pages that
    do not use it); everything else is the build's own configuration.
    """
    for part in ("conf", "src"):
        shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):  # the densebook wheel is built from them
        shutil.copyfile(ROOT / name, dest / name)
    if light_kernels:
        (dest / START_UP).write_text(LIGHT_START_UP)
    if pages is None:
        shutil.copytree(ROOT / "docs", dest / "docs")
    else:
        (dest / "docs").mkdir()
        for name, text in pages.items():
            (dest / "docs" / name).write_text(text)
    return dest


def use_own_checks(root: Path, modules: dict[str, str]) -> None:
    """Replace the project's claim checks (src/densebook/claims/) by ``modules``: its pages
    are not the site's, and the site's checks import Keras, which light kernels avoid."""
    folder = root / "src" / "densebook" / "claims"
    for module in folder.glob("[!_]*.py"):
        module.unlink()
    for name, text in modules.items():
        (folder / name).write_text(text)


def tree_files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
