"""The county's 双普 figures (docs/standards.md §4, recognition.CountyCoverage) for the three years
up to the data year, entered on the road page as the bureau gets them: the two earlier years
from the statistics yearbooks months ago, the data year's once the year's statistics are out.
Each save scores the 「双高双普」 checklist's 双普 items again (`coverage_save`), so the items
follow the figures — by the data year every rate is met but the share of public kindergartens
(45.9 % against 50 %), which the two kindergartens being opened are meant to raise.
"""

from __future__ import annotations

from junheng.demo_county.clock import Timeline
from junheng.demo_county.people import Cast
from junheng.recognition import services as recognition

EARLIER_DAYS_AGO = 118  # after the 双高双普 checklist is imported (shuanggao.IMPORTED_DAYS_AGO)
LATEST_DAYS_AGO = 50
NOTES = "县统计局人口统计、教育事业统计报表"

# Counts by years before the data year (2: two years before, 0: the data year). Rates follow
# (coverage.FORMULAS): 毛入园率 85.71 → 89.83 → 93.53 %, 普惠覆盖率 78.43 → 81.13 → 83.87 %,
# 公办园占比 42.16 → 43.87 → 45.90 %, 高中阶段毛入学率 87.80 → 90.69 → 93.55 %.
COUNTS: dict[int, dict[str, int]] = {
    2: {
        "preschool_children": 10200,
        "preschool_age_population": 11900,
        "public_children": 4300,
        "inclusive_private_children": 3700,
        "general_senior_students": 6500,
        "vocational_students": 4300,
        "senior_age_population": 12300,
    },
    1: {
        "preschool_children": 10600,
        "preschool_age_population": 11800,
        "public_children": 4650,
        "inclusive_private_children": 3950,
        "general_senior_students": 6700,
        "vocational_students": 4500,
        "senior_age_population": 12350,
    },
    0: {
        "preschool_children": 10850,
        "preschool_age_population": 11600,
        "public_children": 4980,
        "inclusive_private_children": 4120,
        "general_senior_students": 6900,
        "vocational_students": 4700,
        "senior_age_population": 12400,
    },
}


def coverage(timeline: Timeline, cast: Cast, *, data_year: int) -> None:
    """The figures of data_year − 2 and − 1 entered 118 days ago, the data year's 50 days ago."""

    def save(back: int) -> None:
        recognition.coverage_save(
            actor=cast.admin,
            county=cast.county,
            year=data_year - back,
            figures=dict(COUNTS[back]),
            notes=NOTES,
        )

    timeline.at(EARLIER_DAYS_AGO, lambda: [save(2), save(1)])
    timeline.at(LATEST_DAYS_AGO, lambda: save(0))
