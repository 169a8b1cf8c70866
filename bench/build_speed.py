"""`make bench`: how long building the site takes, against the floor set by the work itself.

The floor: each page's code cells run once in a fresh ``python`` process (TensorFlow import
included, figures rendered to PNG as the kernel would), summed over the pages and divided
by the number of kernels the build runs at once. Then, on temporary copies of conf/, src/
and docs/ (never the real tree), the build as `make html` runs it (cache mode):

* clean: no cache, no previous output;
* no-op: the same build again;
* prose edit: one page's text changed;
* code edit: one page's code changed;
* package edit: a function in src/densebook changed.

Each figure is the median of ``--runs`` runs (default 3), with min and max. The table is
printed, written to ``_build/bench.json``, and put in README.md's "Performance" section.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITED_PAGE = "shapes"
README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"

TARGETS = {
    "clean": "<= 1.3 x floor",
    "noop": "<= 3 s",
    "prose": "0 pages executed",
    "code": "1 page executed, <= its floor + 3 s",
    "package": "every page executed (correctness)",
}

FLOOR_RUNNER = r"""
import io, json, sys
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
    elif isinstance(result.result, matplotlib.figure.Figure):
        result.result.savefig(io.BytesIO(), format="png", bbox_inches="tight")
print(json.dumps({"failed": failed}))
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
    """Wall time of each page's cells in a fresh python process, and cells that failed there."""
    floors = {}
    for page in executed_pages():
        started = time.perf_counter()
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
        failed = json.loads(run.stdout.strip().splitlines()[-1])["failed"]
        floors[page.stem] = {"seconds": seconds, "failed_cells": failed}
    return floors


def copy_project(dest: Path) -> Path:
    for part in ("conf", "src", "docs"):
        shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def build(root: Path) -> tuple[float, int]:
    """Build as `make html` does (cache mode); return seconds and pages executed."""
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-c", str(root / "conf"),
        "-W", "--keep-going", "-n", "-T", "-d", str(root / "_build" / "doctrees"),
        str(root / "docs"), str(root / "_build" / "html"),
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
    results = {"clean": build(root), "noop": build(root)}
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


def table(report: dict[str, object]) -> str:
    floor = report["floor"]["seconds"]  # type: ignore[index]
    rows = [
        "| measure | median s | min s | max s | x floor | pages executed | target |",
        "|---|---|---|---|---|---|---|",
        f"| floor (sum of pages / {report['floor']['jobs']} kernels) "  # type: ignore[index]
        f"| {floor:.1f} | | | 1.00 | | |",
    ]
    for name, stats in report["scenarios"].items():  # type: ignore[attr-defined]
        rows.append(
            f"| {name} | {stats['median']:.1f} | {stats['min']:.1f} | {stats['max']:.1f} "
            f"| {stats['median'] / floor:.2f} | {stats['executed']} | {TARGETS[name]} |"
        )
    page_floor = report["floor"]["pages"][EDITED_PAGE]["seconds"]  # type: ignore[index]
    imp = report["import_densebook"]
    return "\n".join(
        [
            *rows,
            "",
            f"Code edit on `{EDITED_PAGE}`, whose floor is {page_floor:.1f} s. "
            f"`import densebook`: {imp['median_s']:.3f} s, imports TensorFlow: "  # type: ignore[index]
            f"{imp['imports_tensorflow']}. Machine: {report['machine']}.",  # type: ignore[index]
        ]
    )


def update_readme(text: str) -> None:
    readme = ROOT / "README.md"
    content = readme.read_text()
    if README_START in content and README_END in content:
        head, rest = content.split(README_START, 1)
        _, tail = rest.split(README_END, 1)
        readme.write_text(f"{head}{README_START}\n{text}\n{README_END}{tail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env["PYTHONPATH"] = str(ROOT / "src")
    jobs = int(os.environ.get("DENSEBOOK_EXECUTION_JOBS", os.cpu_count() or 1))

    floors = [measure_floor(env) for _ in range(args.runs)]
    pages = {
        page: {
            "seconds": statistics.median(run[page]["seconds"] for run in floors),
            "failed_cells": floors[0][page]["failed_cells"],
        }
        for page in floors[0]
    }
    floor_seconds = sum(p["seconds"] for p in pages.values()) / jobs

    runs = []
    for index in range(args.runs):
        with tempfile.TemporaryDirectory(prefix=f"densebook-bench-{index}-") as tmp:
            runs.append(one_run(Path(tmp)))
            print(
                f"run {index + 1}/{args.runs}: "
                + ", ".join(f"{k} {v[0]:.1f}s/{v[1]}" for k, v in runs[-1].items()),
                flush=True,
            )
    scenarios = {
        name: {**summarise([run[name][0] for run in runs]), "executed": runs[0][name][1]}
        for name in TARGETS
    }
    report = {
        "machine": machine(),
        "runs": args.runs,
        "floor": {"seconds": floor_seconds, "jobs": jobs, "pages": pages},
        "scenarios": scenarios,
        "import_densebook": import_time(env),
    }
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    text = table(report)
    print(text)
    update_readme(text)


if __name__ == "__main__":
    main()
