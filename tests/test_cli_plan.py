"""`junheng plan`: the plan as JSON, a Chinese table or a workbook; exit 2 for bad input with
nothing written; exit 3 with what cannot be met when no plan exists."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from evaluation.factory import code, school, write_csv
from junheng.cli import main
from junheng.planning.costs import example_text


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A county with a school 100 m² below the rooms floor and one short of backbone teachers,
    and the example costs file allowing 10 transfers in and out per school (training a
    backbone teacher, 2 万元 once, still costs less than a transfer, 1 万元 a year)."""
    directory = tmp_path_factory.mktemp("plan")
    county = write_csv(
        directory / "county.csv",
        [
            school(1, teaching_room_area=3725, primary_backbone_teachers=15),
            school(2, primary_backbone_teachers=5),
            school(3, "初级中学", junior=800),
        ],
    )
    costs = directory / "costs.toml"
    costs.write_text(
        example_text()
        .replace("max_out_per_school = 3", "max_out_per_school = 10")
        .replace("max_in_per_school = 3", "max_in_per_school = 10"),
        encoding="utf-8",
    )
    return {"county": county, "costs": costs, "dir": directory}


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def plan_args(files, *extra) -> list:
    return [
        "plan",
        files["county"],
        "--standard",
        "quality-2017",
        "--costs",
        files["costs"],
        *extra,
    ]


def test_the_json_plan_lists_actions_transfers_and_the_verdict_after(capsys, files):
    status, out, err = run_cli(capsys, *plan_args(files))
    assert status == 0, err
    document = json.loads(out)
    [county] = document["counties"]
    assert county["status"] == "optimal" and county["mode"] == "least_cost"
    assert county["before"]["pass"] is False and county["after"]["pass"] is True
    train, build = sorted(county["actions"], key=lambda a: a["action"], reverse=True)
    # one m² past the floor, so that the school never sits exactly on it
    assert (build["school_code"], build["action"], build["quantity"]) == (
        code(1),
        "teaching_room",
        101.0,
    )
    assert build["quantity_text"] == "101 m²"
    # four of its own teachers designated backbone: a count, written as one
    assert (train["school_code"], train["action"], train["quantity"], train["level"]) == (
        code(2),
        "train_backbone",
        4,
        "primary",
    )
    assert train["quantity_text"] == "4 人" and isinstance(train["quantity"], int)
    assert county["transfers"] == []
    # 101 m² × 3,500 元 + 4 trained × 2 万元
    assert county["cost_wan"] == pytest.approx(35.35 + 8)
    assert county["still_failing"] == []
    assumptions = {row["key"]: row for row in document["assumptions"]}
    assert assumptions["qualified"]["note"] == "× 3 年 = 30.00 万元/人"
    assert assumptions["training_backbone"]["unit"] == "元/人"
    assert {row["indicator"] for row in county["indicators"]} >= {"sports_area_per_student"}
    assert document["feasible"] is True


def test_the_table_is_in_chinese(capsys, files):
    status, out, _ = run_cli(capsys, *plan_args(files, "--format", "table"))
    assert status == 0
    for words in (
        "改进规划",
        "全部达标的最低花费方案",
        "新建教学及辅助用房",
        "交流轮岗",
        "年度支出",
        "规划后的差异系数",
        "未达到要求 → 达到要求",
        "测算假设：规划年限 3 年",
        "培养认定县级骨干教师",
        "4 人",
    ):
        assert words in out


def test_the_workbook_has_the_plans_sheets(capsys, files):
    out = files["dir"] / "plan.xlsx"
    status, _, err = run_cli(capsys, *plan_args(files, "--format", "xlsx", "--out", out))
    assert status == 0 and "已写出" in err
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == [
        "规划汇总",
        "措施清单",
        "交流轮岗",
        "年度支出",
        "差异系数",
        "学校达标",
        "仍未达标",
        "测算假设",
        "说明",
    ]
    actions = {row[5]: row for row in workbook["措施清单"].iter_rows(min_row=2, values_only=True)}
    assert set(actions) == {"新建教学及辅助用房", "培养认定县级骨干教师"}
    assert actions["培养认定县级骨干教师"][6:8] == (4, "人")
    assert actions["新建教学及辅助用房"][6:8] == (101, "m²")
    assumptions = [row[0] for row in workbook["测算假设"].iter_rows(values_only=True)]
    assert "新增高于规定学历教师" in assumptions and "交流轮岗补贴" in assumptions


def test_a_budget_maximises_the_passing_units(capsys, files):
    status, out, _ = run_cli(capsys, *plan_args(files, "--budget", "20"))
    assert status == 0
    [county] = json.loads(out)["counties"]
    assert county["mode"] == "budget" and county["budget_wan"] == 20
    assert county["cost_wan"] <= 20
    assert county["after"]["failing_units"] == 1
    # the unit the budget leaves failing is named
    assert [(u["school_code"], u["level"]) for u in county["still_failing"]] == [
        (code(1), "primary")
    ]
    assert county["least_cost_wan"] == pytest.approx(43.35)


def test_no_plan_exits_3_with_what_cannot_be_met(capsys, files):
    costs = files["dir"] / "no-staff.toml"
    costs.write_text(
        example_text()
        .replace("hiring = true", "hiring = false")
        .replace("allowed = true", "allowed = false"),
        encoding="utf-8",
    )
    out = files["dir"] / "none.json"
    status, _, err = run_cli(
        capsys,
        "plan",
        files["county"],
        "--standard",
        "quality-2017",
        "--costs",
        costs,
        "--out",
        out,
    )
    assert status == 3
    assert "没有可行方案 / no plan" in err and "第2学校" in err and "hiring is off" in err
    [county] = json.loads(out.read_text(encoding="utf-8"))["counties"]
    assert county["status"] == "infeasible" and county["reasons"]


def test_a_bad_costs_file_exits_2_naming_the_key_and_writes_nothing(capsys, files):
    costs = files["dir"] / "bad.toml"
    costs.write_text(example_text().replace("teaching_room = 3500", "teaching_room = -1"))
    out = files["dir"] / "never.json"
    status, stdout, err = run_cli(
        capsys,
        "plan",
        files["county"],
        "--standard",
        "quality-2017",
        "--costs",
        costs,
        "--out",
        out,
    )
    assert (status, stdout) == (2, "")
    assert "「construction.teaching_room」必须大于 0" in err
    assert "construction.teaching_room: must be greater than 0" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--format", "xlsx"], "--format xlsx 需要 --out"),
        (["--budget", "-5"], "预算必须大于 0"),
        (["--budget=-0.01"], "预算必须大于 0"),
        (["--budget", "0"], "预算必须大于 0"),
        (["--budget", "many"], "预算不是数字"),
    ],
)
def test_bad_arguments_exit_2(capsys, files, extra, message):
    with pytest.raises(SystemExit) as caught:
        status = main([str(a) for a in plan_args(files, *extra)])
        raise SystemExit(status)
    _, err = capsys.readouterr()
    assert caught.value.code == 2
    assert message in err


def test_a_standard_without_a_school_rule_exits_2(capsys, files):
    status, out, err = run_cli(
        capsys, "plan", files["county"], "--standard", "basic-2012", "--costs", files["costs"]
    )
    assert (status, out) == (2, "")
    assert "无法规划" in err and "quality-2017" in err


def test_a_missing_costs_file_exits_2(capsys, files):
    status, _, err = run_cli(
        capsys, "plan", files["county"], "--standard", "quality-2017", "--costs", "nope.toml"
    )
    assert status == 2 and "找不到单价文件" in err


def test_standard_output_is_only_the_json_in_a_fresh_process(files):
    """HiGHS prints a banner on standard output when it first starts; the planner hides it."""
    completed = subprocess.run(
        [sys.executable, "-m", "junheng.cli", *map(str, plan_args(files))],
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    assert json.loads(completed.stdout)["counties"][0]["after"]["pass"] is True
