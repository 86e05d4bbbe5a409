"""Planning a data set of several counties and years: each county's latest year, on its own."""

from __future__ import annotations

import io

import polars as pl

from evaluation.factory import school, teaching_point
from junheng import demo_data
from junheng.evaluation import SourceFile, evaluate, read_school_data
from junheng.planning import OPTIMAL, Plan, apply_plan, plan, plan_county
from junheng.reports.plan_report import render_json
from junheng.reports.plan_table import render_table
from planning.conftest import county, make_costs


def test_each_county_is_planned_for_its_latest_year_and_passes(quality):
    frame = demo_data.generate(counties=2, seed=5, years=(2024, 2025), schools_per_county=12)
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    data = read_school_data([SourceFile("province.parquet", buffer.getvalue())])
    result = plan(data, quality, make_costs())
    assert [(c.year, c.status) for c in result.counties] == [(2025, OPTIMAL), (2025, OPTIMAL)]
    assert len({c.county_code for c in result.counties}) == 2
    assert result.feasible
    latest = data.filter(pl.col("year") == 2025)
    after = evaluate(apply_plan(latest, result), quality)
    assert after.counties["pass"].to_list() == [True, True]
    # the earlier year is left as it was
    unchanged = apply_plan(data, result).filter(pl.col("year") == 2024)
    assert unchanged.equals(data.filter(pl.col("year") == 2024))


def test_a_county_with_no_evaluated_school_needs_no_plan(quality):
    rows = county([school(1), teaching_point(2, 1, 30)])
    data = rows.filter(pl.col("school_type") == "小学教学点")  # under 50 students: left out
    result = plan_county(data, quality, make_costs())
    assert (result.status, result.cost, result.actions) == (OPTIMAL, 0.0, ())
    assert "没有参与计算的评估单位" in result.notes[0].zh
    whole = Plan(quality, make_costs(), (result,))
    assert "没有参与计算的评估单位" in render_table(whole)
    assert b'"before": null' in render_json(whole)
