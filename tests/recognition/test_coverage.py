"""The county's 双普 figures (docs/standards.md §4): counts and rates entered per year by the
bureau, rates computed from their counts, figures that cannot all be true refused, every change
audited and shown with its history on the road page; kindergartens and senior high schools are
never drawn for a mock inspection."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from factories import make_school
from junheng.audit.models import AuditEntry
from junheng.recognition import coverage, selectors, services
from junheng.recognition.models import CountyCoverage
from junheng.refusals import NotAllowed, Refusal

YEAR = 2025
LABELS = {name: name for name in (*coverage.COUNTS, *coverage.RATES)}


# --- the rates (pure) -------------------------------------------------------------------------


def test_a_rate_is_computed_from_its_counts_to_two_decimals():
    values = {"preschool_children": 2, "preschool_age_population": 3}
    rate = coverage.rates(values)["preschool_gross_rate"]
    assert rate.value == Decimal("66.67") and rate.computed
    assert rate.detail == "在园幼儿 2 人 ÷ 3–5 周岁适龄人口 3 人"


def test_the_counts_win_over_an_entered_rate_and_an_entered_rate_stands_alone():
    values = {
        "public_children": 500,
        "inclusive_private_children": 300,
        "preschool_children": 1000,
        "inclusive_coverage": Decimal("80.05"),
        "senior_gross_rate": Decimal("91.2"),
    }
    known = coverage.rates(values)
    assert known["inclusive_coverage"].value == Decimal("80.00")
    assert known["inclusive_coverage"].computed
    assert known["public_kindergarten_share"].value == Decimal("50.00")
    assert known["senior_gross_rate"].value == Decimal("91.2")
    assert not known["senior_gross_rate"].computed
    assert "preschool_gross_rate" not in known  # neither counts nor rate: unknown, not 0


def test_a_missing_or_zero_count_below_the_line_gives_no_rate():
    assert coverage.computed_rate("senior_gross_rate", {"general_senior_students": 10}) is None
    values = {"general_senior_students": 10, "vocational_students": 0, "senior_age_population": 0}
    assert coverage.computed_rate("senior_gross_rate", values) is None


PART_ABOVE_WHOLE = {
    "preschool_children": 100,
    "public_children": 80,
    "inclusive_private_children": 30,
}
SHARE_ABOVE_ALL = {"public_kindergarten_share": Decimal("100.5")}
RATE_AGAINST_COUNTS = {
    "preschool_children": 90,
    "preschool_age_population": 100,
    "preschool_gross_rate": Decimal("92"),
}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        (PART_ABOVE_WHOLE, "public_children"),
        (SHARE_ABOVE_ALL, "public_kindergarten_share"),
        (RATE_AGAINST_COUNTS, "preschool_gross_rate"),
    ],
)
def test_figures_that_cannot_all_be_true_are_named(values, field):
    [problem] = coverage.problems(values, LABELS)
    assert problem.field == field and problem.zh and problem.en


def test_a_rate_published_to_one_decimal_agrees_with_its_counts():
    values = {"preschool_children": 2, "preschool_age_population": 3, "preschool_gross_rate": 66.7}
    assert coverage.problems(values, LABELS) == []


# --- entering them ----------------------------------------------------------------------------


def save(world, actor=None, year=YEAR, notes="", **figures) -> CountyCoverage:
    return services.coverage_save(
        actor=actor or world.county_admin,
        county=world.county,
        year=year,
        figures=figures,
        notes=notes,
    )


def test_the_figures_are_entered_per_year_with_the_change_audited(world):
    first = save(world, preschool_children=9000, preschool_age_population=10000)
    again = save(world, preschool_children=9100)
    assert again.pk == first.pk and again.preschool_age_population == 10000
    save(world, year=YEAR - 1, preschool_gross_rate=Decimal("86.5"))
    save(world, preschool_children=9100)  # nothing changed: no entry

    entries = AuditEntry.objects.filter(object_type="recognition.CountyCoverage").order_by("pk")
    assert [(e.action, e.year) for e in entries] == [
        ("create", YEAR),
        ("change", YEAR),
        ("create", YEAR - 1),
    ]
    assert entries[1].before["preschool_children"] == "9000"
    assert entries[1].after["preschool_children"] == "9100"
    assert entries[1].actor == world.county_admin
    assert CountyCoverage.objects.get(county=world.county, year=YEAR).rates()[
        "preschool_gross_rate"
    ].value == Decimal("91.00")


@pytest.mark.parametrize("persona", ["township_officer", "principal", "inspector", "foreign_admin"])
def test_only_the_county_s_admins_enter_them(world, persona):
    with pytest.raises(NotAllowed):
        save(world, actor=getattr(world, persona), preschool_children=1)
    assert not CountyCoverage.objects.exists()


def test_impossible_figures_are_refused_and_nothing_is_written(world):
    with pytest.raises(Refusal, match="不能大于在园幼儿数"):
        save(world, preschool_children=100, public_children=90, inclusive_private_children=20)
    with pytest.raises(Refusal, match="负数"):
        save(world, preschool_children=-1)
    assert not CountyCoverage.objects.exists() and not AuditEntry.objects.exists()


# --- the road page ----------------------------------------------------------------------------


def test_everyone_of_the_county_reads_the_figures_their_history_and_changes(client, world):
    save(world, general_senior_students=3000, vocational_students=1500, senior_age_population=5000)
    save(world, senior_age_population=4800)
    save(world, year=YEAR - 1, senior_gross_rate=Decimal("88.4"))
    for user in (world.county_admin, world.township_officer, world.principal, world.inspector):
        client.force_login(user)
        html = client.get(reverse("recognition:road"), {"year": YEAR}).content.decode()
        assert "学前和高中阶段教育普及情况" in html
        assert "93.75" in html and "88.4" in html  # this year's rate and last year's
        assert "高中阶段适龄人口数（15–17 周岁，人）：5000 → 4800" in html
        can_edit = reverse("recognition:coverage", args=[YEAR]) in html
        assert can_edit == (user == world.county_admin)
    client.force_login(world.foreign_admin)
    assert "93.75" not in client.get(reverse("recognition:road")).content.decode()


def test_the_form_saves_through_the_service_and_shows_a_refusal(client, world):
    client.force_login(world.county_admin)
    url = reverse("recognition:coverage", args=[YEAR])
    assert client.get(url).status_code == 200
    response = client.post(url, {"preschool_children": "9000", "preschool_age_population": "10000"})
    assert response.status_code == 302
    assert CountyCoverage.objects.get(county=world.county, year=YEAR).preschool_children == 9000
    response = client.post(url, {"public_kindergarten_share": "120"})
    assert response.status_code == 200 and "不能大于 100" in response.content.decode()
    for user in (world.township_officer, world.principal, world.inspector):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"preschool_children": "1"}).status_code == 403


# --- never drawn for a mock inspection --------------------------------------------------------


def test_kindergartens_and_senior_highs_are_never_drawn(world):
    for n in range(3):
        make_school(world.township, f"610101900{n}", f"幼儿园{n}", "幼儿园")
        make_school(world.other_township, f"610101800{n}", f"高级中学{n}", "高级中学")
    assert selectors.school_count(county=world.county) == 3

    draw = services.draw_create(
        actor=world.county_admin, county=world.county, size=50, year=YEAR, standard="quality-2017"
    )

    drawn = set(draw.drawn.values_list("school__code", flat=True))
    assert drawn == {world.school.code, world.sibling.code, world.far_school.code}
