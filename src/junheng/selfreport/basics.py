"""一、基本情况: the county's facts from its profile (recognition.CountyProfile, entered by the
bureau year by year) and the schools, students and teachers summed from the school data, over
the report's year and the two before it. A fact not entered reads 「（待填写）」."""

from __future__ import annotations

from junheng.bulletins.layout import Section
from junheng.recognition.models import CountyProfile
from junheng.recognition.selectors import SchoolTotals, profile_for, school_totals
from junheng.registry.models import County
from junheng.selfreport.selectors import HISTORY_YEARS
from junheng.selfreport.wording import PENDING, amount, count, ourselves

# The rows of the three-year table: (label, the profile's field).
PROFILE_ROWS = (
    ("常住人口（万人）", "population"),
    ("一般公共预算收入（万元）", "fiscal_revenue"),
    ("教育经费总投入（万元）", "education_spending"),
    ("财政性义务教育经费（万元）", "compulsory_spending"),
)


def _fact(profile: CountyProfile | None, name: str) -> str:
    return amount(getattr(profile, name) if profile is not None else None)


def _totals_row(label: str, totals: list[SchoolTotals], value) -> list[str]:
    return [label, *(count(value(t)) if t.has_data else PENDING for t in totals)]


def _by_level(totals: SchoolTotals) -> str:
    """（小学…人、初中…人）, the levels the county has."""
    levels = [
        f"{name}{count(students)}人"
        for name, students in (("小学", totals.primary_students), ("初中", totals.junior_students))
        if students
    ]
    return f"（{'、'.join(levels)}）" if len(levels) > 1 else ""


def basics_section(county: County, year: int) -> Section:
    years = list(range(year - HISTORY_YEARS + 1, year + 1))
    profiles = {each: profile_for(county=county, year=each) for each in years}
    totals = [school_totals(county=county, year=each) for each in years]
    profile, this_year = profiles[year], totals[-1]
    we = ourselves(county)
    paragraphs = [
        f"{we}常住人口{_fact(profile, 'population')}万人，"
        f"土地面积{_fact(profile, 'area')}平方千米。"
        f"{year}年全县一般公共预算收入{_fact(profile, 'fiscal_revenue')}万元，"
        f"教育经费总投入{_fact(profile, 'education_spending')}万元，"
        f"其中财政性义务教育经费{_fact(profile, 'compulsory_spending')}万元。"
    ]
    if this_year.has_data:
        points = f"（含教学点{this_year.teaching_points}个）" if this_year.teaching_points else ""
        paragraphs.append(
            f"{year}年全县有义务教育学校{count(this_year.schools)}所{points}，"
            f"在校学生{count(this_year.compulsory_students)}人{_by_level(this_year)}，"
            f"专任教师{count(this_year.teachers)}人。"
        )
    else:
        paragraphs.append(
            f"{year}年全县有义务教育学校{PENDING}所，在校学生{PENDING}人，专任教师{PENDING}人。"
        )
    paragraphs.append(f"近三年{we}主要情况见下表。")
    table = [["项目", *(f"{each}年" for each in years)]]
    for label, name in PROFILE_ROWS:
        table.append([label, *(_fact(profiles[each], name) for each in years)])
    table.append(_totals_row("义务教育学校（所）", totals, lambda t: t.schools))
    table.append(_totals_row("在校学生（人）", totals, lambda t: t.compulsory_students))
    table.append(_totals_row("专任教师（人）", totals, lambda t: t.teachers))
    return Section("一、基本情况", paragraphs, table)
