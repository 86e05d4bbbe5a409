"""National-scale benchmark of `junheng evaluate` against the floor of reading the file.

    .venv/bin/python benchmarks/bench_evaluate.py [--counties 2850] [--repeat 3] [--xlsx]

Generates (once, cached in benchmarks/data/) a national file with the demo-data generator, then
times, each as a fresh process so that peak memory is that of the run:
  floor      polars reads the parquet file, does one group-by (county, year) of the students
             and writes one JSON row per school (issue 15's floor)
  evaluate   `junheng evaluate national.parquet --standard quality-2017 --format json --out …`
  phases     read + check, evaluate, write the JSON file, inside one process
  xlsx       (with --xlsx) the workbook of the whole national file
Prints the date, the machine's load and a Markdown table to paste into benchmarks/README.md.
The machine is shared: the load (`os.getloadavg`) is printed before and after.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PYTHON = sys.executable
JUNHENG = str(Path(PYTHON).with_name("junheng"))

FLOOR = """
import sys, polars as pl
frame = pl.read_parquet(sys.argv[1])
frame.group_by("county_code", "year").agg(pl.col("primary_students").sum()).height
frame.write_ndjson(sys.argv[2])
"""

PHASES = """
import sys, time
from junheng.evaluation import evaluate, load_standard, read_school_data
from junheng.reports.json_report import write_json
t0 = time.perf_counter(); data = read_school_data([sys.argv[1]])
t1 = time.perf_counter(); result = evaluate(data, load_standard(sys.argv[2]))
t2 = time.perf_counter()
with open(sys.argv[3], "wb") as out:
    write_json(result, out)
t3 = time.perf_counter()
print(f"{t1-t0:.3f} {t2-t1:.3f} {t3-t2:.3f} {data.height} {result.units.height}")
"""


# A fresh wrapper process per run: its only child is the measured command, so the wrapper's
# RUSAGE_CHILDREN peak is that command's own peak memory.
WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=True)
seconds = time.perf_counter() - start
sys.stdout.write(done.stdout)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write(f"{seconds} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
"""


def timed(command: list[str]) -> tuple[float, float, str, float]:
    """(seconds, peak RSS of the command in MiB, its stdout, its CPU seconds). On a shared
    machine the CPU time (user + system, all threads) is the figure the load disturbs least."""
    done = subprocess.run(
        [PYTHON, "-c", WRAPPER, *command], capture_output=True, text=True, check=True
    )
    seconds, cpu, peak_kib = done.stderr.split()[-3:]
    return float(seconds), int(peak_kib) / 1024, done.stdout, float(cpu)


def dataset(counties: int) -> dict[str, Path]:
    DATA.mkdir(exist_ok=True)
    paths = {suffix: DATA / f"national-{counties}.{suffix}" for suffix in ("parquet", "csv")}
    if not all(p.exists() for p in paths.values()):
        from junheng.demo_data import generate, write

        frame = generate(counties=counties, seed=1)
        for path in paths.values():
            write(frame, path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counties", type=int, default=2850)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--xlsx", action="store_true", help="also the national workbook (slow)")
    arguments = parser.parse_args()
    load_before = os.getloadavg()
    paths = dataset(arguments.counties)
    out = DATA / "out.json"
    rows = []

    def measure(label: str, command: list[str]) -> list[str]:
        runs = [timed(command) for _ in range(arguments.repeat)]
        seconds = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[3] for r in runs)
        peak = max(r[1] for r in runs)
        rows.append(f"| {label} | {seconds:.2f} s | {cpu:.2f} s | {peak:,.0f} MiB |")
        return [r[2] for r in runs]

    floor_out = DATA / "floor.ndjson"
    measure(
        "floor: read parquet + one group-by + one JSON row per school",
        [PYTHON, "-c", FLOOR, str(paths["parquet"]), str(floor_out)],
    )
    for standard in ("quality-2017", "basic-2012"):
        measure(
            f"`junheng evaluate` parquet → json ({standard})",
            [JUNHENG, "evaluate", str(paths["parquet"]), "--standard", standard, "--out", str(out)],
        )
    measure(
        "`junheng evaluate` csv → json (quality-2017)",
        [JUNHENG, "evaluate", str(paths["csv"]), "--standard", "quality-2017", "--out", str(out)],
    )
    outputs = measure(
        "phases in one process (parquet, quality-2017)",
        [PYTHON, "-c", PHASES, str(paths["parquet"]), "quality-2017", str(out)],
    )
    if arguments.xlsx:
        workbook = DATA / "out.xlsx"
        command = [JUNHENG, "evaluate", str(paths["parquet"]), "--standard", "quality-2017"]
        measure(
            "`junheng evaluate` parquet → xlsx (quality-2017)",
            [*command, "--format", "xlsx", "--out", str(workbook)],
        )
    read, run, render, schools, units = outputs[-1].split()
    load_after = os.getloadavg()
    print(f"date: {datetime.date.today().isoformat()}, cores: {os.cpu_count()}")
    print(
        f"load average before {load_before[0]:.1f} / {load_before[1]:.1f}, "
        f"after {load_after[0]:.1f} / {load_after[1]:.1f} (1 / 5 min)"
    )
    print(f"machine: {platform.processor() or platform.machine()}, {platform.python_version()}")
    print(
        f"data: {int(schools):,} schools, {int(units):,} evaluated units, "
        f"{arguments.counties} counties"
    )
    print("| run | median wall time | median CPU time | peak RSS |\n|---|---|---|---|")
    print("\n".join(rows))
    print(f"phases (last run): read + check {read} s, evaluate {run} s, write JSON {render} s")


if __name__ == "__main__":
    main()
