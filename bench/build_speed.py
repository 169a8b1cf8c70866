"""`make bench`: how long building the site takes, against the floor set by the work itself.

The floor: each page's code cells run once in a fresh ``python`` process (TensorFlow import
included, figures rendered to SVG as the kernel would), summed over the pages and divided
by the number of kernels the build runs at once. Then, on temporary copies of conf/, src/
and docs/ (never the real tree), the build as `make html` runs it (cache mode):

* clean: no cache, no previous output;
* clean, both editions: the clean build, then the Traditional Chinese edition from the same
  cache (it must execute no page), timed together;
* no-op: the same build again;
* zh prose edit: one translation changed, the Chinese edition rebuilt (0 pages executed);
* prose edit: one page's text changed;
* code edit: one page's code changed;
* package edit: a function in src/densebook changed.

Each figure is the median of ``--runs`` runs (default 3), with min and max. The table is
printed, written to ``_build/bench.json``, and put in README.md's "Performance" section.

Memory: a clean build (English edition) per number of parallel kernels
(``--memory-jobs``, default 1,2,3). Every 0.2 s the build and all its descendants (the
kernels, and the processes some pages start) are listed, and each one's proportional set
size (PSS, from ``/proc/<pid>/smaps_rollup``: a page shared by n processes counts 1/n in
each) is summed: the memory the build really holds, what a host's memory limit meets. The
resident sets are summed too, for comparison: that counts shared pages (TensorFlow's
libraries) once per process, an over-estimate. The peaks go in a second table, against the
hosted build's budget: Read the Docs' 3 GB (3 * 10**9 bytes) with 25% kept free.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EDITED_PAGE = "shapes"
README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"
MEMORY_START = "<!-- memory:start -->"
MEMORY_END = "<!-- memory:end -->"

TARGETS = {
    "clean": "<= 1.25 x floor",
    "clean, both editions": "<= 1.3 x floor, Chinese edition executes 0 pages",
    "noop": "< 2 s",
    "zh prose": "0 pages executed",
    "prose": "0 pages executed",
    "code": "1 page executed, <= its floor + 3 s",
    "package": "every page executed (correctness)",
}
IMPORT_TARGET_S = 0.2
MAKE_TEST_TARGET_S = 300
MAKE_TEST_TARGET_CPU_S = 550


def busy_cpu_seconds() -> float:
    """Processor time the whole machine has spent busy since boot (``/proc/stat``)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def met(
    name: str, seconds: float, executed: int, floor: float, page_floor: float, pages: int
) -> bool:
    """Whether a scenario's median meets its target (the table's last column)."""
    return {
        "clean": seconds <= 1.25 * floor and executed == pages,
        # the English clean build executes every page; the Chinese one adds none
        "clean, both editions": seconds <= 1.3 * floor and executed == pages,
        "noop": seconds < 2 and executed == 0,
        "zh prose": executed == 0,
        "prose": executed == 0,
        "code": executed == 1 and seconds <= page_floor + 3,
        "package": executed == pages,
    }[name]


FLOOR_RUNNER = r"""
import io, json, sys, time
import densebook
densebook.tf_and_keras()  # what each kernel does at start-up
import matplotlib
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
failed = 0
for code in json.load(sys.stdin):
    result = shell.run_cell(code, silent=True)
    if not result.success:
        failed += 1
    elif hasattr(result.result, "_repr_svg_"):  # densebook's figures: SVG, as in the kernel
        result.result._repr_svg_()
    elif isinstance(result.result, matplotlib.figure.Figure):
        result.result.savefig(io.BytesIO(), format="png", bbox_inches="tight")
print(json.dumps({"failed": failed, "last_cell_done": time.time()}))
"""


def page_cells(page: Path) -> list[str]:
    """The code cells of a MyST-NB page, as MyST-NB reads them."""
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook(page.read_text(encoding="utf8"))
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def executed_pages() -> list[Path]:
    return sorted(
        p
        for p in (ROOT / "docs").glob("*.md")
        if p.read_text().startswith("---\nfile_format: mystnb")
    )


def measure_floor(env: dict[str, str]) -> dict[str, dict[str, float]]:
    """Per page, in a fresh python process: wall time to exit, to the end of the last cell,
    processor time (the process and the processes it started and waited for), and the cells
    that failed there."""
    floors = {}
    for page in executed_pages():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started_at, started = time.time(), time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-c", FLOOR_RUNNER],
            input=json.dumps(page_cells(page)),
            capture_output=True,
            text=True,
            cwd=page.parent,
            env=env,
            check=True,
        )
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        result = json.loads(run.stdout.strip().splitlines()[-1])
        floors[page.stem] = {
            "seconds": seconds,
            "cpu_seconds": cpu,
            "to_last_cell": result["last_cell_done"] - started_at,
            "failed_cells": result["failed"],
        }
    return floors


def copy_project(dest: Path) -> Path:
    for part in ("conf", "src", "docs"):
        shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):  # the build makes the densebook wheel from them
        shutil.copyfile(ROOT / name, dest / name)
    return dest


def build(root: Path, language: str = "en") -> tuple[float, int]:
    """Build one edition as `make html` does (cache mode); return seconds, pages executed."""
    out = root / "_build" / language
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-c", str(root / "conf"),
        "-W", "--keep-going", "-n", "-T", "-d", str(out / "doctrees"),
        "-D", f"language={language}", str(root / "docs"), str(out / "html"),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env["PYTHONPATH"] = str(root / "src")
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{run.stdout[-4000:]}{run.stderr[-4000:]}")
    return seconds, len(re.findall(r"Executed notebook in", run.stdout + run.stderr))


def one_run(workdir: Path) -> dict[str, tuple[float, int]]:
    root = copy_project(workdir)
    results = {"clean": build(root)}
    zh_seconds, zh_executed = build(root, "zh_TW")
    results["clean, both editions"] = (
        results["clean"][0] + zh_seconds,
        results["clean"][1] + zh_executed,
    )
    results["noop"] = build(root)
    catalog = root / "docs" / "locales" / "zh_TW" / "LC_MESSAGES" / f"{EDITED_PAGE}.po"
    po = catalog.read_text(encoding="utf-8")
    catalog.write_text(po.replace('。"\n', '。基準測試修改。"\n', 1), encoding="utf-8")
    results["zh prose"] = build(root, "zh_TW")
    page = root / "docs" / f"{EDITED_PAGE}.md"
    text = page.read_text()
    text = text.replace("\n## ", "\nA sentence added by the benchmark.\n\n## ", 1)
    page.write_text(text)
    results["prose"] = build(root)
    page.write_text(text.replace("SEED = 0\n", "SEED = 0\nbenchmark_edit = 1\n", 1))
    results["code"] = build(root)
    module = root / "src" / "densebook" / "_initialization.py"
    module.write_text(module.read_text() + "\n# edited by the benchmark\n")
    results["package"] = build(root)
    return results


#: The hosted build's memory (Read the Docs' free tier, 3 GB) with a quarter of it kept free.
HOSTED_LIMIT_MIB = 3e9 / 2**20
HOSTED_BUDGET_MIB = 0.75 * HOSTED_LIMIT_MIB


def _pss_and_rss(pid: int) -> tuple[int, int]:
    """A process's proportional and resident set sizes in bytes (0, 0 if it has ended)."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
    except (OSError, ValueError):  # ended, or not readable
        return 0, 0
    return pss, rss


def peak_memory_build(workdir: Path, jobs: int) -> dict[str, float]:
    """A clean build with ``jobs`` kernels at once: seconds, peak summed PSS and RSS (MiB)."""
    import psutil

    root = copy_project(workdir)
    out = root / "_build" / "en"
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-c", str(root / "conf"),
        "-W", "--keep-going", "-n", "-T", "-d", str(out / "doctrees"),
        str(root / "docs"), str(out / "html"),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env |= {"PYTHONPATH": str(root / "src"), "DENSEBOOK_EXECUTION_JOBS": str(jobs)}
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    build = psutil.Process(proc.pid)
    peak_pss = peak_rss = 0
    while proc.poll() is None:
        try:
            members = [build.pid, *(child.pid for child in build.children(recursive=True))]
        except psutil.Error:
            break
        sizes = [_pss_and_rss(pid) for pid in members]
        peak_pss = max(peak_pss, sum(pss for pss, _ in sizes))
        peak_rss = max(peak_rss, sum(rss for _, rss in sizes))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"memory build with {jobs} kernel(s) failed in {root}")
    return {
        "jobs": jobs,
        "seconds": seconds,
        "peak_pss_mib": peak_pss / 2**20,
        "peak_rss_mib": peak_rss / 2**20,
    }


def memory_table(rows: list[dict[str, float]]) -> str:
    lines = [
        "| kernels at once | clean build s | peak PSS MiB (build + descendants) "
        f"| free of 3 GB | within the hosted budget ({HOSTED_BUDGET_MIB:.0f} MiB) "
        "| peak summed RSS MiB (over-counts shared pages) |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        free = 1 - r["peak_pss_mib"] / HOSTED_LIMIT_MIB
        fits = "yes" if r["peak_pss_mib"] <= HOSTED_BUDGET_MIB else "NO"
        lines.append(
            f"| {r['jobs']:.0f} | {r['seconds']:.1f} | {r['peak_pss_mib']:.0f} | {free:.0%} "
            f"| {fits} | {r['peak_rss_mib']:.0f} |"
        )
    return "\n".join(lines)


def import_time(env: dict[str, str], repeats: int = 5) -> dict[str, object]:
    code = (
        "import time; t = time.perf_counter(); import densebook, sys; "
        "print(time.perf_counter() - t, 'tensorflow' in sys.modules)"
    )
    samples, imported_tf = [], False
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        seconds, tf = out.stdout.split()
        samples.append(float(seconds))
        imported_tf = imported_tf or tf == "True"
    return {"median_s": statistics.median(samples), "imports_tensorflow": imported_tf}


def time_make_test() -> dict[str, object]:
    """Wall time of `make test` with the environment installed, and pytest's summary line."""
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    started, busy = time.perf_counter(), busy_cpu_seconds()
    run = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True, env=env)
    seconds, cpu = time.perf_counter() - started, busy_cpu_seconds() - busy
    log = ROOT / "_build" / "bench-make-test.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(run.stdout + run.stderr)  # to see why, if it failed
    summaries = re.findall(r"^=+ (.*(?:passed|failed|error).*) =+$", run.stdout, re.MULTILINE)
    # `make test` runs three pytest processes: one summary line each.
    summary = " + ".join(summaries) if summaries else "no pytest summary"
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "returncode": run.returncode,
        "summary": summary,
    }


#: Distributions the chapter "Other backends" brought into the lock (JAX, Flax and what only
#: they need), for the venv-size line.
BACKEND_DISTRIBUTIONS = (
    "jax", "jaxlib", "flax", "scipy", "optax", "orbax-checkpoint", "tensorstore", "treescope",
    "msgpack", "etils", "fsspec", "humanize", "simplejson", "aiofiles", "uvloop",
    "prometheus_client",
)  # fmt: skip


def venv_size() -> dict[str, float]:
    """The venv's size on disk, and the share of the JAX chapter's distributions (MB)."""
    import importlib.metadata

    venv = Path(sys.prefix)
    total = sum(f.stat().st_size for f in venv.rglob("*") if f.is_file() and not f.is_symlink())
    backends = 0
    for name in BACKEND_DISTRIBUTIONS:
        for file in importlib.metadata.distribution(name).files or []:
            located = Path(str(file.locate()))
            if located.is_file():
                backends += located.stat().st_size
    return {"total_mb": total / 1e6, "backends_mb": backends / 1e6}


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


def summarise(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def table(report: dict[str, Any]) -> str:
    floor = report["floor"]["seconds"]
    cores = report["floor"]["cores"]
    rows = [
        "| measure | median s | min s | max s | x floor | pages executed | target | met |",
        "|---|---|---|---|---|---|---|---|",
        f"| floor (sum of pages / {cores} cores) | {floor:.1f} | | | 1.00 | | | |",
    ]
    for name, stats in report["scenarios"].items():
        rows.append(
            f"| {name} | {stats['median']:.1f} | {stats['min']:.1f} | {stats['max']:.1f} "
            f"| {stats['median'] / floor:.2f} | {stats['executed']} | {TARGETS[name]} "
            f"| {'yes' if stats['met'] else 'NO'} |"
        )
    imp = report["import_densebook"]
    imp_met = imp["median_s"] <= IMPORT_TARGET_S and not imp["imports_tensorflow"]
    rows.append(
        f"| import densebook | {imp['median_s']:.3f} | | | | | <= {IMPORT_TARGET_S} s, "
        f"no TensorFlow (imported: {imp['imports_tensorflow']}) | {'yes' if imp_met else 'NO'} |"
    )
    make_test = report["make_test"]
    if make_test is not None:
        test_met = (
            make_test["seconds"] <= MAKE_TEST_TARGET_S
            and make_test["cpu_seconds"] <= MAKE_TEST_TARGET_CPU_S
            and make_test["returncode"] == 0
        )
        rows.append(
            f"| make test (once) | {make_test['seconds']:.0f} | | | | | "
            f"<= {MAKE_TEST_TARGET_S} s and <= {MAKE_TEST_TARGET_CPU_S} CPU-s (machine busy: "
            f"{make_test['cpu_seconds']:.0f}), passing ({make_test['summary']}) "
            f"| {'yes' if test_met else 'NO'} |"
        )
    pages = report["floor"]["pages"]
    failed = {name: p["failed_cells"] for name, p in pages.items() if p["failed_cells"]}
    per_page = ", ".join(f"{name} {p['seconds']:.1f}" for name, p in pages.items())
    per_page_cpu = ", ".join(f"{name} {p['cpu_seconds']:.1f}" for name, p in pages.items())
    cpu_floor = report["floor"]["cpu_seconds"]
    strict = report["floor"]["to_last_cell_seconds"]
    clean = report["scenarios"]["clean"]["median"]
    notes = [
        "",
        f"Without each process's exit (which the build skips by killing a kernel once its "
        f"page is done), the floor is {strict:.1f} s and the clean build {clean / strict:.2f} "
        "x that.",
        f"By processor time (each page's process and the processes it starts, summed, over "
        f"{cores} cores) the floor is {cpu_floor:.1f} s and the clean build "
        f"{clean / cpu_floor:.2f} x that. Processor time per page (s): {per_page_cpu}.",
        f"Medians of {report['runs']} runs. Floor per page (s): {per_page}. "
        f"The code edit is on `{EDITED_PAGE}`. Machine: {report['machine']}.",
        f"The chapter on other backends (`backends`, whose cells start fresh TensorFlow and "
        f"JAX processes) adds {pages['backends']['seconds']:.1f} s to the floor's sum. "
        f"The venv takes {report['venv']['total_mb']:.0f} MB, "
        f"{report['venv']['backends_mb']:.0f} MB of it for JAX, Flax and the packages only "
        "they need.",
    ]
    if failed:
        notes.append(
            "Cells that fail outside a Jupyter kernel, timed anyway in the floor: "
            + ", ".join(f"{name} {count}" for name, count in failed.items())
            + "."
        )
    return "\n".join([*rows, *notes])


def update_readme(text: str, start: str = README_START, end: str = README_END) -> None:
    readme = ROOT / "README.md"
    content = readme.read_text()
    if start in content and end in content:
        head, rest = content.split(start, 1)
        _, tail = rest.split(end, 1)
        readme.write_text(f"{head}{start}\n{text}\n{end}{tail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument(
        "--skip-make-test", action="store_true", help="do not time `make test` (about 5 min)"
    )
    parser.add_argument(
        "--memory-jobs",
        default="1,2,3",
        help="kernel counts to measure peak memory at, comma-separated ('' to skip)",
    )
    parser.add_argument(
        "--memory-only", action="store_true", help="measure memory only (no timings)"
    )
    args = parser.parse_args()
    memory = []
    for jobs_at_once in [int(j) for j in args.memory_jobs.split(",") if j.strip()]:
        with tempfile.TemporaryDirectory(prefix=f"densebook-memory-{jobs_at_once}-") as tmp:
            memory.append(peak_memory_build(Path(tmp), jobs_at_once))
        print(f"memory: {memory[-1]}", flush=True)
    if memory:
        update_readme(memory_table(memory), MEMORY_START, MEMORY_END)
        out = ROOT / "_build" / "bench-memory.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(memory, indent=2) + "\n")
        print(memory_table(memory))
    if args.memory_only:
        return
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env["PYTHONPATH"] = str(ROOT / "src")
    jobs = int(os.environ.get("DENSEBOOK_EXECUTION_JOBS", os.cpu_count() or 1))
    # The floor divides by the cores the build can use: kernels beyond that share them.
    cores = max(1, min(jobs, os.cpu_count() or 1))

    # Floor and builds alternate, run by run, so both sample the same stretch of a machine
    # whose speed drifts (a shared VM here).
    floors, runs = [], []
    for index in range(args.runs):
        floors.append(measure_floor(env))
        with tempfile.TemporaryDirectory(prefix=f"densebook-bench-{index}-") as tmp:
            runs.append(one_run(Path(tmp)))
        print(
            f"run {index + 1}/{args.runs}: floor sum "
            f"{sum(p['seconds'] for p in floors[-1].values()):.1f}s, "
            + ", ".join(f"{k} {v[0]:.1f}s/{v[1]}" for k, v in runs[-1].items()),
            flush=True,
        )
    pages = {
        page: {
            "seconds": statistics.median(run[page]["seconds"] for run in floors),
            "cpu_seconds": statistics.median(run[page]["cpu_seconds"] for run in floors),
            "to_last_cell": statistics.median(run[page]["to_last_cell"] for run in floors),
            "failed_cells": floors[0][page]["failed_cells"],
        }
        for page in floors[0]
    }
    # Processor time: a page that runs processes of its own in parallel (the backends and
    # initialization chapters) uses both cores alone, so its wall time understates its work
    # once it shares them with the other kernel.
    cpu_floor = sum(p["cpu_seconds"] for p in pages.values()) / cores
    floor_seconds = sum(p["seconds"] for p in pages.values()) / cores
    # The same without the interpreter's exit (over a second after importing TensorFlow),
    # which the build skips by killing each kernel once its page is done.
    strict_floor = sum(p["to_last_cell"] for p in pages.values()) / cores
    page_floor = pages[EDITED_PAGE]["seconds"]
    scenarios = {}
    for name in TARGETS:
        stats = summarise([run[name][0] for run in runs])
        executed = max(run[name][1] for run in runs)
        scenarios[name] = {
            **stats,
            "executed": executed,
            "met": met(name, stats["median"], executed, floor_seconds, page_floor, len(pages)),
        }
    report = {
        "machine": machine(),
        "runs": args.runs,
        "floor": {
            "seconds": floor_seconds,
            "to_last_cell_seconds": strict_floor,
            "cpu_seconds": cpu_floor,
            "jobs": jobs,
            "cores": cores,
            "pages": pages,
        },
        "scenarios": scenarios,
        "import_densebook": import_time(env),
        "make_test": None if args.skip_make_test else time_make_test(),
        "venv": venv_size(),
    }
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    text = table(report)
    print(text)
    update_readme(text)


if __name__ == "__main__":
    main()
