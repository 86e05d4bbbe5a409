"""`junheng evaluate` against docs/evaluate-json.md: exit 0 and the JSON contract's keys
exactly; exit 2 for bad input, arguments or standards, errors on standard error in Chinese and
English, nothing written, never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from evaluation.factory import (
    BASIC_INDICATORS,
    EXAMPLE_BOOKS,
    EXAMPLE_STUDENTS,
    QUALITY_THRESHOLDS,
    builtin_text,
    code,
    school,
    teaching_point,
    write_csv,
    write_merge_standard,
    write_xlsx,
)
from junheng.cli import main

QUALITY_INDICATORS = set(QUALITY_THRESHOLDS)
COUNTY_KEYS = {"county_code", "county_name", "year", "pass", "pass_covers", "levels", "schools"}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One county: a primary school that fails one indicator, a nine-year school short of
    backbone teachers in both sections, a junior school, and a small teaching point."""
    return write_csv(
        tmp_path_factory.mktemp("input") / "county.csv",
        [
            school(1, primary=1000, multimedia_classrooms=20),
            school(
                2,
                "九年一贯制学校",
                primary=166,
                junior=210,
                primary_backbone_teachers=1,
                junior_backbone_teachers=1,
            ),
            school(3, "初级中学", junior=800),
            teaching_point(4, 1, 30),
        ],
    )


@pytest.fixture(scope="module")
def quality_county(county: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The county evaluated against quality-2017 (written with --out, read back)."""
    out = tmp_path_factory.mktemp("output") / "quality.json"
    assert main(["evaluate", str(county), "--standard", "quality-2017", "--out", str(out)]) == 0
    [result] = json.loads(out.read_text(encoding="utf-8"))["counties"]
    return result


def run_cli(capsys, *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_clean_failure(status: int, out: str, err: str) -> None:
    assert status == 2
    assert out == ""
    assert "Traceback" not in err


# --- the JSON contract ---------------------------------------------------------------------------


def test_quality_2017_json_has_exactly_the_contracts_keys(capsys, county: Path):
    status, out, err = run_cli(capsys, "evaluate", county, "--standard", "quality-2017")

    assert status == 0, err
    document = json.loads(out)
    assert set(document) == {"standard", "counties"}
    assert document["standard"] == "quality-2017"
    [result] = document["counties"]
    assert set(result) == COUNTY_KEYS
    assert (result["county_code"], result["county_name"], result["year"]) == (
        "360734",
        "寻乌县",
        2025,
    )
    assert set(result["levels"]) == {"primary", "junior"}
    for level in result["levels"].values():
        assert set(level) == {"schools", "students", "cv_pass", "indicators"}
        assert set(level["indicators"]) == QUALITY_INDICATORS
        for item in level["indicators"].values():
            assert set(item) == {"mean", "cv", "cv_max", "cv_pass"}
    for unit in result["schools"]:
        assert set(unit) == {
            "school_code",
            "level",
            "students",
            "values",
            "meets",
            "met_count",
            "pass",
            "gaps",
        }
        assert set(unit["values"]) == QUALITY_INDICATORS
        assert set(unit["meets"]) == QUALITY_INDICATORS


def test_quality_2017_json_has_the_numbers_and_verdicts(quality_county: dict):
    result = quality_county
    primary = result["levels"]["primary"]
    # the teaching point (30 students) is left out: school 1 and the nine-year school's primary
    assert (primary["schools"], primary["students"]) == (2, 1166)
    assert primary["indicators"]["teaching_room_area_per_student"]["cv_max"] == 0.5
    assert result["levels"]["junior"]["indicators"]["sports_area_per_student"]["cv_max"] == 0.45
    assert [(u["school_code"], u["level"]) for u in result["schools"]] == [
        (code(1), "primary"),
        (code(2), "primary"),
        (code(2), "junior"),
        (code(3), "junior"),
    ]
    first = result["schools"][0]
    assert first["students"] == 1000
    assert first["values"]["multimedia_classrooms_per_100_students"] == pytest.approx(2.0)
    assert first["meets"]["multimedia_classrooms_per_100_students"] is False
    assert (first["met_count"], first["pass"]) == (6, True)
    assert first["gaps"] == {"multimedia_classrooms": 3}
    assert result["pass"] is False  # the nine-year school fails


def test_each_county_says_its_pass_covers_the_resource_part_only(capsys, county: Path):
    for standard in ("quality-2017", "basic-2012"):
        status, out, _ = run_cli(capsys, "evaluate", county, "--standard", standard)
        assert status == 0
        [result] = json.loads(out)["counties"]
        assert result["pass_covers"] == "resource_allocation"
        keys = list(result)
        assert keys[keys.index("pass") + 1] == "pass_covers"  # right after "pass"


def test_gaps_are_keyed_by_the_template_column_of_each_level(quality_county: dict):
    units = {(u["school_code"], u["level"]): u for u in quality_county["schools"]}
    # 166 primary students need 1.66 backbone teachers, 210 junior need 2.1: lacking 1 and 2
    assert units[(code(2), "primary")]["gaps"] == {"primary_backbone_teachers": 1}
    assert units[(code(2), "junior")]["gaps"] == {"junior_backbone_teachers": 2}
    assert isinstance(units[(code(2), "junior")]["gaps"]["junior_backbone_teachers"], int)
    assert units[(code(3), "junior")]["gaps"] == {}


def test_basic_2012_json_has_a_composite_cv_and_no_per_school_keys(capsys, county: Path):
    status, out, err = run_cli(capsys, "evaluate", county, "--standard", "basic-2012")

    assert status == 0, err
    document = json.loads(out)
    assert document["standard"] == "basic-2012"
    [result] = document["counties"]
    assert set(result) == COUNTY_KEYS
    for name, level in result["levels"].items():
        assert set(level) == {
            "schools",
            "students",
            "cv_pass",
            "composite_cv",
            "composite_cv_max",
            "indicators",
        }
        assert level["composite_cv_max"] == {"primary": 0.65, "junior": 0.55}[name]
        assert set(level["indicators"]) == set(BASIC_INDICATORS)
        for item in level["indicators"].values():
            assert set(item) == {"mean", "cv"}
        assert level["composite_cv"] == pytest.approx(
            sum(i["cv"] for i in level["indicators"].values()) / 8
        )
    for unit in result["schools"]:
        assert set(unit) == {"school_code", "level", "students", "values"}
    assert code(4) not in {u["school_code"] for u in result["schools"]}


def test_a_level_the_county_does_not_have_is_left_out(capsys, tmp_path: Path):
    path = write_csv(tmp_path / "primary.csv", [school(1), school(2)])

    _, out, _ = run_cli(capsys, "evaluate", path, "--standard", "quality-2017")

    assert set(json.loads(out)["counties"][0]["levels"]) == {"primary"}


def test_every_county_and_year_of_the_files_is_reported(capsys, tmp_path: Path):
    first = write_csv(tmp_path / "a.csv", [school(1), school(1, year=2024)])
    second = write_xlsx(tmp_path / "b.xlsx", [school(1, county_code="360735")])

    _, out, _ = run_cli(capsys, "evaluate", first, second, "--standard", "basic-2012")

    counties = json.loads(out)["counties"]
    assert [(c["county_code"], c["year"]) for c in counties] == [
        ("360734", 2024),
        ("360734", 2025),
        ("360735", 2025),
    ]


def test_the_published_example_prints_the_weighted_cv(capsys, tmp_path: Path):
    rows = [
        school(i, primary=p, books=b)
        for i, (p, b) in enumerate(zip(EXAMPLE_STUDENTS, EXAMPLE_BOOKS, strict=True), 1)
    ]
    path = write_csv(tmp_path / "books.csv", rows)

    _, out, _ = run_cli(capsys, "evaluate", path, "--standard", "basic-2012")

    books = json.loads(out)["counties"][0]["levels"]["primary"]["indicators"]["books_per_student"]
    assert round(books["mean"], 3) == 6.334
    assert round(books["cv"], 3) == 0.515


def test_out_writes_the_json_to_a_file(capsys, county: Path, tmp_path: Path):
    out_path = tmp_path / "reports" / "result.json"

    status, out, err = run_cli(
        capsys, "evaluate", county, "--standard", "quality-2017", "--out", out_path
    )

    assert status == 0
    assert out == ""
    assert str(out_path) in err
    assert json.loads(out_path.read_text(encoding="utf-8"))["standard"] == "quality-2017"
    assert [p.name for p in out_path.parent.iterdir()] == ["result.json"]


def test_the_output_file_is_as_readable_as_any_new_file(capsys, county: Path, tmp_path: Path):
    out_path = tmp_path / "result.json"
    reference = tmp_path / "reference.txt"
    reference.write_text("")

    status, _, _ = run_cli(
        capsys, "evaluate", county, "--standard", "quality-2017", "--out", out_path
    )

    assert status == 0
    assert out_path.stat().st_mode & 0o777 == reference.stat().st_mode & 0o777


@pytest.mark.parametrize(("output_format", "start"), [("xlsx", b"PK"), ("html", b"<!")])
def test_the_workbook_and_page_formats_write_their_file(
    capsys, county: Path, tmp_path: Path, output_format, start
):
    out_path = tmp_path / f"report.{output_format}"

    status, out, err = run_cli(
        capsys,
        "evaluate",
        county,
        "--standard",
        "quality-2017",
        "--format",
        output_format,
        "--out",
        out_path,
    )

    assert status == 0, err
    assert out == ""
    assert out_path.read_bytes()[:2].upper() == start.upper()


def test_a_custom_standard_file_is_accepted_by_path(capsys, county: Path, tmp_path: Path):
    standard = write_merge_standard(tmp_path)

    status, out, _ = run_cli(capsys, "evaluate", county, "--standard", standard)

    assert status == 0
    primary = json.loads(out)["counties"][0]["levels"]["primary"]
    assert primary["students"] == 1196  # the teaching point counted with school 1


def test_the_table_format_prints_the_county(capsys, county: Path):
    status, out, _ = run_cli(
        capsys, "evaluate", county, "--standard", "quality-2017", "--format", "table"
    )

    assert status == 0
    assert "寻乌县" in out


def test_the_table_names_what_its_verdict_covers_in_a_bureaus_words(capsys, county: Path):
    status, out, _ = run_cli(
        capsys, "evaluate", county, "--standard", "quality-2017", "--format", "table"
    )

    assert status == 0
    assert "寻乌县（360734）2025 年 — 资源配置未达到要求" in out
    flat = "".join(out.split())  # the terminal wraps long lines
    assert (
        "本结论只针对资源配置，由学校数据计算。申报条件、政府保障程度、教育质量、社会认可度、"
        in flat
    )
    assert "county is recognised depends on the verdict of every part" in " ".join(out.split())
    assert "2所学校（学部）资源配置未达到要求" in flat  # the nine-year school, both sections
    assert "县级及以上骨干教师缺2人" in flat
    for word in ("校际达标", "评估单位", "学生当量", "超标", "quality-2017", "_per_100"):
        assert word not in out, word
    assert "达标" not in out.replace("达标项", "")


def test_the_basic_table_shows_teacher_ratios_per_student_under_their_official_names(
    capsys, county: Path
):
    _, document, _ = run_cli(capsys, "evaluate", county, "--standard", "basic-2012")
    primary = json.loads(document)["counties"][0]["levels"]["primary"]["indicators"]
    status, out, _ = run_cli(
        capsys, "evaluate", county, "--standard", "basic-2012", "--format", "table"
    )

    assert status == 0
    assert "寻乌县（360734）2025 年 — 校际均衡状况" in out
    ratio = primary["teachers_per_100_students"]["mean"] / 100
    assert re.search(rf"│ 师生比\s+│\s+{ratio:.3f} │", out)
    assert "生均高于规定学历教师数（人）" in out
    assert "每百名学生拥有专任教师数" not in out
    assert "每百名学生拥有计算机台数（台）" in out


# --- bad input -----------------------------------------------------------------------------------


def test_bad_input_exits_2_with_every_error_in_chinese_and_english_and_writes_nothing(
    capsys, tmp_path: Path
):
    path = write_csv(
        tmp_path / "bad.csv",
        [school(1), school(2, primary_students="四十"), school(3, primary_qualified_teachers=70)],
    )
    out_path = tmp_path / "result.json"

    status, out, err = run_cli(
        capsys, "evaluate", path, "--standard", "quality-2017", "--out", out_path
    )

    assert_clean_failure(status, out, err)
    assert not out_path.exists()
    assert list(tmp_path.iterdir()) == [path]
    assert "输入数据有 2 处错误，未输出任何结果" in err
    assert "2 problem(s) in the input; nothing was written" in err
    assert f"{path}，第 3 行，列「小学在校生数」：「四十」不是数字" in err
    assert f'{path}, row 3, column "小学在校生数": "四十" is not a number' in err
    assert f"{path}，第 4 行，列「小学高于规定学历教师数」" in err
    assert f'{path}, row 4, column "小学高于规定学历教师数": (70) exceeds "小学专任教师数"' in err


def test_bad_input_leaves_an_existing_output_file_as_it_was(capsys, tmp_path: Path):
    path = write_csv(tmp_path / "bad.csv", [school(1, books=-1)])
    out_path = tmp_path / "result.json"
    out_path.write_text("previous", encoding="utf-8")

    status, out, err = run_cli(
        capsys, "evaluate", path, "--standard", "basic-2012", "--out", out_path
    )

    assert_clean_failure(status, out, err)
    assert out_path.read_text(encoding="utf-8") == "previous"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("garbage.xlsx", b"\x00garbage" * 50),
        ("schools.xls", b"old excel"),
        ("huge.csv", None),
    ],
)
def test_unreadable_files_and_absurd_numbers_exit_2_without_a_traceback(
    capsys, tmp_path: Path, name, content
):
    path = tmp_path / name
    if content is None:
        write_csv(path, [school(1, books="1e30")])
    else:
        path.write_bytes(content)

    status, out, err = run_cli(capsys, "evaluate", path, "--standard", "quality-2017")

    assert_clean_failure(status, out, err)
    assert str(path) in err


def test_an_unknown_standard_name_exits_2_and_writes_nothing(capsys, county: Path, tmp_path):
    out_path = tmp_path / "result.json"

    status, out, err = run_cli(
        capsys, "evaluate", county, "--standard", "quality-2021", "--out", out_path
    )

    assert_clean_failure(status, out, err)
    assert not out_path.exists()
    assert "找不到评估标准「quality-2021」" in err
    assert "unknown standard 'quality-2021'" in err


def test_a_malformed_standard_file_exits_2_naming_each_problem(capsys, county: Path, tmp_path):
    text = (
        builtin_text("quality-2017")
        .replace('mode = "per_indicator"', 'mode = "average"')
        .replace("floor_ratio = 0.85", "floor_ratio = 0")
    )
    standard = tmp_path / "bad.toml"
    standard.write_text(text, encoding="utf-8")
    out_path = tmp_path / "result.json"

    status, out, err = run_cli(
        capsys, "evaluate", county, "--standard", standard, "--out", out_path
    )

    assert_clean_failure(status, out, err)
    assert not out_path.exists()
    assert f"invalid standard file {standard}" in err
    assert "「cv.mode」必须是" in err and "cv.mode: must be one of" in err
    assert "「school_rule.floor_ratio」必须大于 0" in err
    assert "school_rule.floor_ratio: must be greater than 0" in err


def test_a_standard_file_that_is_not_toml_exits_2(capsys, county: Path, tmp_path: Path):
    standard = tmp_path / "broken.toml"
    standard.write_text("[cv\n", encoding="utf-8")

    status, out, err = run_cli(capsys, "evaluate", county, "--standard", standard)

    assert_clean_failure(status, out, err)
    assert "TOML 格式错误" in err and "not valid TOML" in err


def test_a_workbook_format_without_out_exits_2(capsys, county: Path):
    status, out, err = run_cli(
        capsys, "evaluate", county, "--standard", "quality-2017", "--format", "xlsx"
    )

    assert_clean_failure(status, out, err)
    assert "--format xlsx 需要 --out 指定输出文件" in err
    assert "--format xlsx needs --out" in err


def test_out_naming_a_directory_exits_2(capsys, county: Path, tmp_path: Path):
    status, out, err = run_cli(
        capsys, "evaluate", county, "--standard", "quality-2017", "--out", tmp_path
    )

    assert_clean_failure(status, out, err)
    assert "--out is a directory" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["evaluate", "x.csv"],  # no --standard
        ["evaluate", "--standard", "quality-2017"],  # no file
        ["evaluate", "x.csv", "--standard", "quality-2017", "--format", "pdf"],
    ],
)
def test_bad_arguments_exit_2_with_a_usage_message(capsys, argv):
    with pytest.raises(SystemExit) as caught:
        main(argv)

    _, err = capsys.readouterr()
    assert caught.value.code == 2
    assert "参数错误 / argument error" in err
    assert "Traceback" not in err


# --- the installed command -----------------------------------------------------------------------


def junheng_command() -> str:
    return str(Path(sys.executable).with_name("junheng"))


def test_the_installed_command_evaluates_and_exits_0(county: Path):
    completed = subprocess.run(
        [junheng_command(), "evaluate", str(county), "--standard", "quality-2017"],
        capture_output=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr.decode()
    assert json.loads(completed.stdout)["counties"][0]["county_name"] == "寻乌县"
