"""Tests of the synthetic school-data generator (junheng.demo_data)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from junheng.demo_data import COLUMNS, HEADERS_ZH, SCHOOL_TYPES, SHEET_NAME, generate, write

# Levels each school type teaches (school-data-template.md; 十二年一贯制 teaches all three).
TEACHES = {
    "小学": {"primary"},
    "小学教学点": {"primary"},
    "初级中学": {"junior"},
    "九年一贯制学校": {"primary", "junior"},
    "完全中学": {"junior", "senior"},
    "十二年一贯制学校": {"primary", "junior", "senior"},
}
SUB_TEACHERS = ("qualified", "senior_title", "backbone", "pe_art")
TEXT = {
    "county_code",
    "county_name",
    "township",
    "school_code",
    "school_name",
    "school_type",
    "parent_school_code",
    "location",
    "ownership",
    "affiliation",
}
FLOATS = {"teaching_room_area", "sports_area", "equipment_value"}
COUNTS = [c for c in COLUMNS if c not in TEXT | FLOATS | {"year"}]


@pytest.fixture(scope="module")
def three_years() -> pl.DataFrame:
    return generate(counties=12, seed=11, years=(2023, 2024, 2025))


def assert_valid(df: pl.DataFrame) -> None:
    """Every rule the template reader enforces (school-data-template.md)."""
    assert df.columns == list(COLUMNS)
    assert set(df["school_type"].unique()) <= set(SCHOOL_TYPES)
    assert set(df["location"].unique()) <= {"城区", "镇区", "乡村"}
    assert set(df["ownership"].unique()) <= {"公办", "民办"}
    assert set(df["affiliation"].unique()) <= {"县属", "省市直属"}
    assert df["county_code"].str.contains(r"^\d{6}$").all()
    assert df["school_code"].str.contains(r"^\d{10}$").all()
    for col in COLUMNS:
        if col not in ("parent_school_code", "senior_students"):
            assert df[col].null_count() == 0, col
    for col in COUNTS:
        assert df[col].dtype == pl.Int64, col
        assert (df[col].fill_null(0) >= 0).all(), col
    for col in FLOATS:
        assert (df[col] > 0).all(), col

    for stype, levels in TEACHES.items():
        rows = df.filter(pl.col("school_type") == stype)
        for level in ("primary", "junior"):
            level_cols = [f"{level}_{c}" for c in ("students", "classes", "teachers")]
            level_cols += [f"{level}_{c}_teachers" for c in SUB_TEACHERS]
            if level in levels:
                for col in level_cols[:3]:
                    assert (rows[col] > 0).all(), (stype, col)
            else:
                for col in level_cols:
                    assert (rows[col] == 0).all(), (stype, col)
        senior = rows["senior_students"]
        if "senior" in levels:
            assert (senior > 0).all(), stype
        else:
            assert (senior.fill_null(0) == 0).all(), stype

    for level in ("primary", "junior"):
        for sub in SUB_TEACHERS:
            assert (df[f"{level}_{sub}_teachers"] <= df[f"{level}_teachers"]).all()
        assert (df[f"{level}_classes"] <= df[f"{level}_students"]).all()

    keys = ["county_code", "year", "school_code"]
    assert df.select(keys).is_unique().all()

    points = df.filter(pl.col("school_type") == "小学教学点")
    others = df.filter(pl.col("school_type") != "小学教学点")
    assert points["parent_school_code"].null_count() == 0
    assert others["parent_school_code"].null_count() == others.height
    parents = points.join(
        df.select("county_code", "year", "school_code", parent_type="school_type"),
        left_on=["county_code", "year", "parent_school_code"],
        right_on=["county_code", "year", "school_code"],
        how="left",
    )
    assert parents["parent_type"].null_count() == 0, "a teaching point's parent is missing"
    assert (parents["parent_type"] == "小学").all()


def test_columns_are_the_template_keys_in_template_order() -> None:
    df = generate(counties=1, seed=1)
    assert df.columns == list(COLUMNS)
    assert len(COLUMNS) == 38  # the contract's 32 and the class-size bands (Additions)
    assert list(HEADERS_ZH) == list(COLUMNS)
    assert HEADERS_ZH["school_code"] == "学校标识码"
    assert HEADERS_ZH["equipment_value"] == "教学仪器设备值"


def test_the_same_seed_gives_the_same_frame() -> None:
    first = generate(counties=4, seed=42, years=(2024, 2025))
    again = generate(counties=4, seed=42, years=(2024, 2025))
    assert first.equals(again)


def test_another_seed_gives_other_data() -> None:
    assert not generate(counties=4, seed=1).equals(generate(counties=4, seed=2))


@pytest.mark.parametrize("seed", [0, 1, 2025])
def test_invariants_hold(seed: int) -> None:
    assert_valid(generate(counties=8, seed=seed, years=(2024, 2025)))


def test_invariants_hold_over_several_years(three_years: pl.DataFrame) -> None:
    assert_valid(three_years)


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    counties=st.integers(min_value=1, max_value=3),
    schools=st.one_of(st.none(), st.integers(min_value=10, max_value=120)),
)
def test_invariants_hold_for_any_seed_and_size(
    seed: int, counties: int, schools: int | None
) -> None:
    df = generate(counties=counties, seed=seed, years=(2025, 2027), schools_per_county=schools)
    assert_valid(df)
    assert df["county_code"].n_unique() == counties


def test_county_count_and_sizes() -> None:
    df = generate(counties=300, seed=5)
    per_county = df.group_by("county_code").len()["len"]
    assert per_county.len() == 300
    assert per_county.min() >= 30
    assert per_county.max() <= 300
    assert 70 <= per_county.mean() <= 100
    assert per_county.std() > 20  # natural variation, not one size for all
    names = df.select("county_code", "county_name").unique()
    assert names.height == 300
    assert names["county_name"].n_unique() == 300
    assert names["county_name"].str.contains(r"^\p{Han}{2}县$").all()


def test_schools_per_county_is_exact() -> None:
    for size in (10, 55, 250):
        df = generate(counties=3, seed=3, schools_per_county=size)
        assert df.group_by("county_code").len()["len"].to_list() == [size] * 3


def test_a_county_looks_like_a_county() -> None:
    df = generate(counties=1, seed=2025, schools_per_county=90)
    assert df["school_name"].n_unique() == df.height
    townships = df.filter(pl.col("location") != "城区")["township"].unique().to_list()
    assert "城关镇" in df["township"].to_list()
    assert 10 <= len(townships) <= 18
    assert all(t.endswith(("镇", "乡")) for t in townships)
    urban = df.filter(pl.col("location") == "城区")
    urban_primary = urban.filter(
        (pl.col("school_type") == "小学") & (pl.col("ownership") == "公办")
    )["primary_students"]
    assert urban_primary.len() >= 2
    assert ((urban_primary >= 1500) & (urban_primary <= 3000)).all()
    urban_junior = urban.filter(pl.col("school_type") == "初级中学")["junior_students"]
    assert ((urban_junior >= 1000) & (urban_junior <= 2500)).any()
    for township in townships:
        if township == "城关镇":
            continue
        schools = df.filter(pl.col("township") == township)
        assert f"{township}中心小学" in schools["school_name"].to_list()
        assert (schools["school_type"] == "初级中学").any()
    assert 1 <= (df["school_type"] == "完全中学").sum() <= 2
    village = df.filter((pl.col("school_type") == "小学") & (pl.col("location") == "乡村"))
    small = village.filter(~pl.col("school_name").str.ends_with("中心小学"))["primary_students"]
    assert ((small >= 50) & (small <= 400)).all()
    points = df.filter(pl.col("school_type") == "小学教学点")["primary_students"]
    assert points.len() > 0 and ((points >= 5) & (points <= 120)).all()


def test_national_scale() -> None:
    df = generate(counties=2850, seed=1)
    assert df["county_code"].n_unique() == 2850
    assert 220_000 <= df.height <= 260_000
    by_type = dict(df.group_by("school_type").len().iter_rows())
    assert set(by_type) == set(SCHOOL_TYPES)
    assert by_type["小学教学点"] > 30_000
    assert df.filter(pl.col("ownership") == "民办").height > 1000
    assert df.filter(pl.col("affiliation") == "省市直属").height > 100


def test_class_sizes_are_mostly_normal_with_some_crowded_urban_schools() -> None:
    df = generate(counties=60, seed=8)
    sizes = df.filter(pl.col("primary_classes") > 0).with_columns(
        size=pl.col("primary_students") / pl.col("primary_classes")
    )
    urban = sizes.filter(pl.col("location") == "城区")["size"]
    assert urban.max() <= 75
    assert 0.1 <= (urban >= 56).mean() <= 0.4
    assert ((urban >= 30) & (urban <= 50)).mean() >= 0.5
    assert sizes["size"].min() >= 1


def _quality_units(df: pl.DataFrame) -> pl.DataFrame:
    """Primary units with the share of quality-2017 standards met (docs/standards.md §2)."""
    n = pl.col("primary_students")
    equivalents = (
        n + 1.1 * pl.col("junior_students") + 1.32 * pl.col("senior_students").fill_null(0)
    )
    share = n / equivalents  # §3: whole-school resources shared by student-equivalents
    units = df.filter((n > 0) & ~((pl.col("school_type") == "小学教学点") & (n < 50)))
    met = [
        pl.col("primary_qualified_teachers") / n * 100 >= 4.2,
        pl.col("primary_backbone_teachers") / n * 100 >= 1,
        pl.col("primary_pe_art_teachers") / n * 100 >= 0.9,
        pl.col("teaching_room_area") * share / n >= 4.5,
        pl.col("sports_area") * share / n >= 7.5,
        pl.col("equipment_value") * 10_000 * share / n >= 2000,
        pl.col("multimedia_classrooms") * share / n * 100 >= 2.3,
    ]
    names = ["qualified", "backbone", "pe_art", "area", "sports", "equipment", "multimedia"]
    units = units.with_columns(m.alias(name) for m, name in zip(met, names, strict=True))
    return units.with_columns(met=pl.sum_horizontal(*(pl.col(c).cast(pl.Int32) for c in names)))


def test_resources_scatter_around_the_quality_thresholds() -> None:
    units = _quality_units(generate(counties=150, seed=4))
    assert 0.5 <= (units["met"] >= 6).mean() <= 0.9  # most meet most, not all
    rates = units.group_by("location").agg(pl.col("area", "sports", "backbone", "pe_art").mean())
    rate = {row["location"]: row for row in rates.iter_rows(named=True)}
    # Urban schools are short of room, rural schools of backbone and PE/art teachers.
    assert rate["城区"]["area"] < rate["乡村"]["area"] - 0.15
    assert rate["城区"]["sports"] < rate["乡村"]["sports"] - 0.15
    assert rate["乡村"]["backbone"] < rate["城区"]["backbone"] - 0.05
    assert rate["乡村"]["pe_art"] < rate["城区"]["pe_art"] - 0.05
    for row in rates.iter_rows(named=True):
        for indicator in ("area", "sports", "backbone", "pe_art"):
            assert 0.4 <= row[indicator] <= 0.995, (row["location"], indicator)


def test_schools_persist_with_small_changes(three_years: pl.DataFrame) -> None:
    by_year = {y: three_years.filter(pl.col("year") == y) for y in (2023, 2024, 2025)}
    for prev, cur in ((2023, 2024), (2024, 2025)):
        pair = by_year[prev].join(by_year[cur], on=["county_code", "school_code"], suffix="_n")
        assert pair.height == by_year[prev].height == by_year[cur].height
        for col in ("school_name", "school_type", "township", "location", "parent_school_code"):
            assert (pair[col].eq_missing(pair[f"{col}_n"])).all(), col
        for level in ("primary", "junior"):
            before, after = pair[f"{level}_students"], pair[f"{level}_students_n"]
            assert ((after - before).abs() <= 0.1 * before + 1).all(), level
        for col in ("teaching_room_area", "sports_area", "equipment_value", "books", "computers"):
            assert (pair[f"{col}_n"] >= pair[col]).all(), col
        assert (pair["equipment_value_n"] > pair["equipment_value"]).mean() > 0.9


def test_year_order_does_not_matter() -> None:
    assert generate(counties=2, seed=9, years=(2025, 2024)).equals(
        generate(counties=2, seed=9, years=(2024, 2025))
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"counties": 0}, "counties"),
        ({"counties": 1, "years": ()}, "years"),
        ({"counties": 1, "years": (2025, 2025)}, "repeat"),
        ({"counties": 1, "schools_per_county": 9}, "schools_per_county"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate(seed=1, **kwargs)


# --- writers -------------------------------------------------------------------------------


def test_xlsx_reads_back_with_title_unit_and_chinese_headers(tmp_path: Path) -> None:
    df = generate(counties=1, seed=2025)
    path = tmp_path / "county.xlsx"
    write(df, path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames == [SHEET_NAME]
    rows = list(workbook[SHEET_NAME].iter_rows(values_only=True))
    county = df["county_name"][0]
    assert rows[0][0] == f"{county}义务教育学校基本情况表（2025年）"
    assert rows[1][0] == "单位：平方米、万元"
    assert list(rows[2]) == [HEADERS_ZH[c] for c in COLUMNS]
    data = rows[3:]
    assert len(data) == df.height
    for got, want in zip(data, df.iter_rows(), strict=True):
        assert list(got) == list(want)
    # Codes stay text; counts come back as integers.
    assert isinstance(data[0][COLUMNS.index("school_code")], str)
    assert isinstance(data[0][COLUMNS.index("primary_students")], int)


def test_csv_reads_back_with_bom_and_chinese_headers(tmp_path: Path) -> None:
    df = generate(counties=2, seed=3, years=(2024, 2025))
    path = tmp_path / "schools.csv"
    write(df, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [HEADERS_ZH[c] for c in COLUMNS]
    assert len(rows) - 1 == df.height
    for got, want in zip(rows[1:], df.iter_rows(), strict=True):
        for key, cell, value in zip(COLUMNS, got, want, strict=True):
            if value is None:
                assert cell == "", key
            elif key in FLOATS:
                assert math.isclose(float(cell), value), key
            elif key in TEXT:
                assert cell == value, key
            else:
                assert cell == str(value), key  # counts as plain integers


def test_csv_reads_back_with_polars(tmp_path: Path) -> None:
    df = generate(counties=2, seed=3)
    path = tmp_path / "schools.csv"
    write(df, path)
    text = {HEADERS_ZH[c]: pl.String for c in TEXT}
    back = pl.read_csv(path, schema_overrides=text).rename({v: k for k, v in HEADERS_ZH.items()})
    assert back.cast(df.schema).equals(df)


def test_parquet_reads_back_equal(tmp_path: Path) -> None:
    df = generate(counties=3, seed=6, years=(2024, 2025))
    path = tmp_path / "schools.parquet"
    write(df, path)
    back = pl.read_parquet(path)
    assert back.columns == list(COLUMNS)
    assert back.equals(df)


def test_write_refuses_unknown_suffix_and_foreign_frames(tmp_path: Path) -> None:
    df = generate(counties=1, seed=1)
    with pytest.raises(ValueError, match="suffix"):
        write(df, tmp_path / "schools.json")
    with pytest.raises(ValueError, match="missing columns"):
        write(df.drop("books"), tmp_path / "schools.csv")
