"""Benchmark of the improvement planner: a 300-school county and a province of 100 counties.

    .venv/bin/python benchmarks/bench_plan.py [--county-seeds 5] [--counties 100]

Data from the demo-data generator (quality-2017, the example costs file
src/junheng/planning/costs.example.toml):
  county     `plan_county` on 300-school counties (seeds 1…N): least-cost plan, and with a
             budget of half that cost (most passing units, then least cost; three MIP stages)
  province   100 counties of the generator's own sizes (30–300 schools, seed 1), planned one
             county after another in one process: total, p50, p95, max per county
  cli        `junheng plan province.parquet --standard quality-2017 --costs … --out plan.json`
             as a fresh process: read + check, plan every county, render the JSON
Prints Markdown tables to paste into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PYTHON = sys.executable
JUNHENG = str(Path(PYTHON).with_name("junheng"))


def _checked(frame):
    from junheng.evaluation import SourceFile, read_school_data

    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return read_school_data([SourceFile("bench.parquet", buffer.getvalue())])


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def county_runs(seeds: int, standard, costs) -> list[dict]:
    from junheng.demo_data import generate
    from junheng.planning import plan_county

    rows = []
    for seed in range(1, seeds + 1):
        data = _checked(generate(counties=1, seed=seed, schools_per_county=300))
        start = time.perf_counter()
        least = plan_county(data, standard, costs)
        least_seconds = time.perf_counter() - start
        budget = round(least.cost / 2, 2)
        start = time.perf_counter()
        within = plan_county(data, standard, costs, budget=budget)
        budget_seconds = time.perf_counter() - start
        before = least.before.counties.row(0, named=True)
        rows.append(
            {
                "seed": seed,
                "units": before["units"],
                "failing": before["failing_units"],
                "cv_pass": before["cv_pass"],
                "least_seconds": least_seconds,
                "least_cost": least.cost,
                "rounds": least.solver.rounds,
                "columns": least.solver.columns,
                "rows": least.solver.rows,
                "passes": least.passes_after,
                "status": least.status,
                "budget": budget,
                "budget_seconds": budget_seconds,
                "budget_failing": within.after.counties["failing_units"][0],
            }
        )
        print(rows[-1], file=sys.stderr, flush=True)
    return rows


def province_run(counties: int, standard, costs) -> tuple[list[dict], Path]:
    from junheng.demo_data import generate, write
    from junheng.planning import plan_county

    DATA.mkdir(exist_ok=True)
    path = DATA / f"province-{counties}.parquet"
    frame = generate(counties=counties, seed=1)
    if not path.exists():
        write(frame, path)
    data = _checked(frame)
    rows = []
    for (code,), county in data.group_by("county_code", maintain_order=True):
        start = time.perf_counter()
        result = plan_county(county, standard, costs)
        rows.append(
            {
                "county": code,
                "schools": county.height,
                "units": result.before.counties["units"][0],
                "seconds": time.perf_counter() - start,
                "rounds": result.solver.rounds,
                "status": result.status,
                "passes": result.passes_after,
                "cv_failed_before": not result.before.counties["cv_pass"][0],
            }
        )
    return rows, path


def cli_run(path: Path, costs_path: Path) -> float:
    out = DATA / "province-plan.json"
    start = time.perf_counter()
    subprocess.run(
        [
            JUNHENG,
            "plan",
            str(path),
            "--standard",
            "quality-2017",
            "--costs",
            str(costs_path),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--county-seeds", type=int, default=5)
    parser.add_argument("--counties", type=int, default=100)
    arguments = parser.parse_args()

    from junheng.evaluation import load_standard
    from junheng.planning.costs import example_text, parse_costs

    standard = load_standard("quality-2017")
    costs = parse_costs(tomllib.loads(example_text()), source="costs.example.toml")
    costs_path = DATA / "costs.example.toml"
    DATA.mkdir(exist_ok=True)
    costs_path.write_text(example_text(), encoding="utf-8")
    load_before = os.getloadavg()

    counties = county_runs(arguments.county_seeds, standard, costs)
    province, path = province_run(arguments.counties, standard, costs)
    cli_seconds = cli_run(path, costs_path)
    load_after = os.getloadavg()

    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f}")
    print()
    print(
        "| seed | units | failing before | CVs pass before | least-cost plan | cost (万元) | "
        "MIP rounds | columns × rows | budget ½ (万元) | with budget | failing after |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in counties:
        print(
            f"| {r['seed']} | {r['units']} | {r['failing']} | {'yes' if r['cv_pass'] else 'no'} "
            f"| {r['least_seconds']:.2f} s | {r['least_cost']:,.0f} | {r['rounds']} | "
            f"{r['columns']:,} × {r['rows']:,} | {r['budget']:,.0f} | "
            f"{r['budget_seconds']:.2f} s | {r['budget_failing']} |"
        )
    print(
        f"county statuses: {sorted({r['status'] for r in counties})}, "
        f"all pass after: {all(r['passes'] for r in counties)}"
    )
    seconds = [r["seconds"] for r in province]
    binding = [r for r in province if r["cv_failed_before"]]
    print()
    print(
        f"province: {len(province)} counties, {sum(r['schools'] for r in province):,} schools, "
        f"{sum(r['units'] for r in province):,} units; "
        f"{sum(r['cv_failed_before'] for r in province)} counties with a CV over its limit; "
        f"all pass after: {all(r['passes'] for r in province)}; "
        f"statuses: {sorted({r['status'] for r in province})}"
    )
    print(
        f"per county: total {sum(seconds):.1f} s, p50 {statistics.median(seconds):.2f} s, "
        f"p95 {_percentile(seconds, 0.95):.2f} s, max {max(seconds):.2f} s "
        f"(max rounds {max(r['rounds'] for r in province)}); "
        f"`junheng plan` end to end (read, plan, JSON): {cli_seconds:.1f} s"
    )
    if binding:
        print(
            f"counties with a CV over its limit: rounds "
            f"{min(r['rounds'] for r in binding)}–{max(r['rounds'] for r in binding)}, "
            f"{min(r['seconds'] for r in binding):.2f}–{max(r['seconds'] for r in binding):.2f} s"
        )


if __name__ == "__main__":
    main()
