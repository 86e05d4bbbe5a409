"""The county's road to recognition: recognised for basic balance in 2021, its profile for the
three years up to the data year, the four stages with their dates (the self-evaluation done,
the city's review next, the province's inspection in about three months), and a mock draw."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from junheng.demo_county.clock import Timeline
from junheng.demo_county.people import Cast
from junheng.recognition import services as recognition
from junheng.recognition.choices import STAGE_BODY, Stage

BASIC_RECOGNITION_YEAR = 2021
MOCK_DRAW_SEED = 20250917
MOCK_DRAW_SIZE = 10

# The county's facts of the first year — 常住人口 (万人), 面积 (km²), 一般公共预算收入, 教育经费
# 总投入 and 财政性义务教育经费 (万元) — and their change from year to year.
PROFILE_FIRST = {
    "population": Decimal("38.60"),
    "area": Decimal("1862.00"),
    "fiscal_revenue": Decimal("98500.00"),
    "education_spending": Decimal("121400.00"),
    "compulsory_spending": Decimal("78300.00"),
}
PROFILE_CHANGE = {
    "population": Decimal("-0.35"),
    "area": Decimal("0"),
    "fiscal_revenue": Decimal("6200.00"),
    "education_spending": Decimal("7300.00"),
    "compulsory_spending": Decimal("5100.00"),
}
STAGE_NOTES = {
    Stage.COUNTY: "县人民政府组织自评，形成自评报告",
    Stage.CITY: "市教育局复核，提前报送自评报告和佐证材料",
    Stage.PROVINCE: "省人民政府教育督导室督导评估，抽校实地核查",
    Stage.NATIONAL: "国务院教育督导委员会办公室审核认定",
}


def profile(step: int) -> dict[str, Decimal]:
    return {name: PROFILE_FIRST[name] + PROFILE_CHANGE[name] * step for name in PROFILE_FIRST}


def road(timeline: Timeline, cast: Cast, *, data_year: int, inspection: dt.date) -> None:
    """Recognition facts and profiles entered months ago; the stages planned (the province
    stage's planned date is the inspection date), the county's own stage done."""
    county, admin = cast.county, cast.admin

    def facts() -> None:
        recognition.recognition_save(
            actor=admin,
            county=county,
            basic_year=BASIC_RECOGNITION_YEAR,
            basic_document=f"教督函〔{BASIC_RECOGNITION_YEAR}〕17号",
        )
        # the three years a self-report's 基本情况 shows, the data's year the last
        for step, year in enumerate(range(data_year - 2, data_year + 1)):
            recognition.profile_save(
                actor=admin,
                county=county,
                year=year,
                figures=profile(step),
                notes="县统计局统计年鉴、县财政局决算",
            )

    today = timeline.today
    plans = {
        Stage.COUNTY: today - dt.timedelta(days=40),
        Stage.CITY: today + dt.timedelta(days=30),
        Stage.PROVINCE: inspection,
        Stage.NATIONAL: inspection + dt.timedelta(days=180),
    }

    def stage(key: str, done: dt.date | None = None) -> None:
        recognition.stage_save(
            actor=admin,
            county=county,
            stage=key,
            planned_date=plans[key],
            done_date=done,
            body=STAGE_BODY[key],
            note=STAGE_NOTES[key],
        )

    timeline.at(140, facts)
    for key in plans:
        timeline.at(120, lambda key=key: stage(key))
    timeline.at(33, lambda: stage(Stage.COUNTY, done=timeline.day(33)))


def mock_draw(timeline: Timeline, cast: Cast, *, data_year: int, standard: str) -> None:
    """One mock national inspection draw (模拟国检抽校) from a recorded seed."""
    timeline.at(
        9,
        lambda: recognition.draw_create(
            actor=cast.admin,
            county=cast.county,
            size=MOCK_DRAW_SIZE,
            year=data_year,
            standard=standard,
            name="第一次模拟国检抽校",
            seed=MOCK_DRAW_SEED,
        ),
    )
