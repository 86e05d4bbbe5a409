"""The road page: the county's facts year by year, the totals of its school data, the entry
condition of quality-2017, the stages and the countdown to the next one; who may edit them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from factories import make_school_year
from junheng.audit.models import AuditEntry
from junheng.recognition import selectors, services
from junheng.recognition.choices import Body, Stage
from junheng.recognition.models import CountyProfile, RecognitionStage
from junheng.recognition.selectors import StageRow, countdown, entry_condition
from junheng.refusals import NotAllowed, Refusal

YEAR = 2025


def recognise(world, year: int | None, document: str = "") -> None:
    services.recognition_save(
        actor=world.county_admin, county=world.county, basic_year=year, basic_document=document
    )


# --- the entry condition ----------------------------------------------------------------------


def test_recognised_four_years_before_meets_the_entry_condition(world):
    recognise(world, 2021, "教督函〔2021〕5号")
    entry = entry_condition(world.county, 2025)
    assert entry.state == "met" and entry.is_met
    assert entry.recognised_year == 2021 and entry.years == 3
    assert entry.document == "教督函〔2021〕5号"
    assert "2021" in entry.evidence_zh and "已满 3 年" in entry.evidence_zh
    assert "recognised for basic balance in 2021" in entry.evidence_en


def test_recognised_two_years_before_does_not(world):
    recognise(world, 2023)
    entry = entry_condition(world.county, 2025)
    assert entry.state == "unmet" and "不满 3 年" in entry.evidence_zh


def test_exactly_three_years_before_is_enough(world):
    recognise(world, 2022)
    assert entry_condition(world.county, 2025).state == "met"


def test_no_year_entered_is_unknown(world):
    entry = entry_condition(world.county, 2025)
    assert entry.state == "unknown" and entry.recognised_year is None
    assert "尚未填写" in entry.evidence_zh
    recognise(world, 2021)
    recognise(world, None)  # cleared again
    assert entry_condition(world.county, 2025).state == "unknown"


def test_recognition_facts_are_audited_and_checked(world):
    recognise(world, 2021)
    entry = AuditEntry.objects.get(object_type="recognition.CountyRecognition")
    assert entry.after == {"basic_year": 2021, "basic_document": ""}
    with pytest.raises(Refusal):
        recognise(world, timezone.localdate().year + 1)
    with pytest.raises(NotAllowed):
        services.recognition_save(
            actor=world.township_officer, county=world.county, basic_year=2020
        )


# --- the county's facts -----------------------------------------------------------------------


def test_the_school_data_give_schools_students_and_teachers(world):
    make_school_year(world.school, 2024, primary_students=300)
    totals = selectors.school_totals(county=world.county, year=YEAR)
    # three schools of county A with the factories' figures: 400 pupils, 26 teachers each
    assert (totals.schools, totals.teaching_points) == (3, 0)
    assert totals.primary_students == 1200 and totals.junior_students == 0
    assert totals.compulsory_students == 1200 and totals.teachers == 78
    assert selectors.school_totals(county=world.county, year=2024).primary_students == 300
    assert not selectors.school_totals(county=world.county, year=2020).has_data


def test_a_profile_per_year_with_history_and_audit(world):
    figures = {"population": Decimal("31.52"), "area": Decimal("2405"), "fiscal_revenue": None}
    services.profile_save(actor=world.county_admin, county=world.county, year=2024, figures=figures)
    services.profile_save(
        actor=world.county_admin,
        county=world.county,
        year=2025,
        figures={"population": Decimal("31.20"), "education_spending": Decimal("85000")},
        notes="统计公报",
    )
    services.profile_save(
        actor=world.county_admin,
        county=world.county,
        year=2025,
        figures={"population": Decimal("31.3")},
        notes="统计公报",
    )
    history = list(selectors.profile_history(county=world.county))
    assert [p.year for p in history] == [2025, 2024]
    assert history[0].population == Decimal("31.30") and history[0].education_spending == Decimal(
        "85000"
    )
    entries = AuditEntry.objects.filter(object_type="recognition.CountyProfile").order_by("pk")
    assert [e.action for e in entries] == ["create", "create", "change"]
    assert entries.last().before["population"] == "31.20" and entries.last().year == 2025
    # saving the same again records nothing
    services.profile_save(
        actor=world.county_admin, county=world.county, year=2025, figures={}, notes="统计公报"
    )
    assert entries.count() == 3
    with pytest.raises(NotAllowed):
        services.profile_save(actor=world.principal, county=world.county, year=2025, figures={})
    with pytest.raises(Refusal):
        services.profile_save(
            actor=world.county_admin,
            county=world.county,
            year=2025,
            figures={"area": Decimal("-1")},
        )


# --- the stages -------------------------------------------------------------------------------


def row(stage: str, planned: dt.date | None = None, done: dt.date | None = None) -> StageRow:
    return StageRow(stage, stage, "", "", planned, done, "")


def test_the_countdown_shows_the_first_stage_not_done():
    today = dt.date(2025, 6, 1)
    rows = [
        row("county", dt.date(2025, 3, 1), dt.date(2025, 3, 5)),
        row("city", dt.date(2025, 7, 1)),
        row("province", dt.date(2025, 10, 20)),
        row("national"),
    ]
    found = countdown(rows, today)
    assert found.stage.stage == "city" and found.days == 30 and found.overdue_days is None
    rows[1] = row("city", dt.date(2025, 5, 20))
    assert countdown(rows, today).overdue_days == 12
    rows[1] = row("city", dt.date(2025, 5, 20), dt.date(2025, 5, 21))
    assert countdown(rows, today).stage.stage == "province"
    assert countdown(rows, today).days == 141
    rows[1] = row("city")
    assert countdown(rows, today).days is None
    done = [row(s, dt.date(2025, 1, 1), dt.date(2025, 1, 2)) for s in ("a", "b")]
    assert countdown(done, today).all_done


def test_stages_in_order_with_their_bodies(world):
    rows = selectors.stage_rows(county=world.county)
    assert [r.stage for r in rows] == ["county", "city", "province", "national"]
    assert [r.body for r in rows] == [
        Body.COUNTY_BUREAU,
        Body.CITY_BUREAU,
        Body.PROVINCE_DEPARTMENT,
        Body.MINISTRY,
    ]
    assert all(r.planned_date is None for r in rows)


def test_the_province_stage_date_is_the_county_s_inspection_date(world):
    date = dt.date(2026, 10, 20)
    services.stage_save(
        actor=world.county_admin,
        county=world.county,
        stage=Stage.PROVINCE,
        planned_date=date,
        done_date=None,
        body=Body.PROVINCE_DEPARTMENT,
    )
    world.county.refresh_from_db()
    assert world.county.inspection_date == date
    county_entries = AuditEntry.objects.filter(object_type="registry.County")
    assert county_entries.get().after == {"inspection_date": "2026-10-20"}
    assert AuditEntry.objects.filter(object_type="recognition.RecognitionStage").count() == 1
    # the date set elsewhere (the checklists page) is the one the road shows
    world.county.inspection_date = dt.date(2026, 11, 2)
    world.county.save()
    province = selectors.stage_rows(county=world.county)[2]
    assert province.planned_date == dt.date(2026, 11, 2)


def test_a_stage_cannot_be_done_in_the_future_and_only_the_bureau_sets_it(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(Refusal):
        services.stage_save(
            actor=world.county_admin,
            county=world.county,
            stage=Stage.CITY,
            planned_date=None,
            done_date=tomorrow,
            body=Body.CITY_BUREAU,
        )
    with pytest.raises(NotAllowed):
        services.stage_save(
            actor=world.township_officer,
            county=world.county,
            stage=Stage.CITY,
            planned_date=tomorrow,
            done_date=None,
            body=Body.CITY_BUREAU,
        )
    assert not RecognitionStage.objects.exists()


# --- the pages --------------------------------------------------------------------------------


def test_the_road_page_shows_the_next_stage_the_entry_condition_and_the_facts(client, world):
    recognise(world, 2021)
    services.profile_save(
        actor=world.county_admin,
        county=world.county,
        year=YEAR,
        figures={"population": Decimal("31.52")},
    )
    soon = timezone.localdate() + dt.timedelta(days=40)
    services.stage_save(
        actor=world.county_admin,
        county=world.county,
        stage=Stage.COUNTY,
        planned_date=soon,
        done_date=None,
        body=Body.COUNTY_BUREAU,
    )
    client.force_login(world.county_admin)
    html = client.get(reverse("recognition:road") + f"?year={YEAR}").content.decode()
    assert "下一阶段：县级自评" in html and "距今 40 天" in html
    assert "达到要求" in html and "31.52" in html
    assert "1200" in html  # compulsory students of the year's data
    assert reverse("recognition:profile", args=[YEAR]) in html
    assert reverse("recognition:draws") in html

    client.force_login(world.principal)
    html = client.get(reverse("recognition:road")).content.decode()
    assert "下一阶段：县级自评" in html
    assert reverse("recognition:profile", args=[YEAR]) not in html
    assert reverse("recognition:draws") not in html


def test_the_forms_save_through_the_services(client, world):
    client.force_login(world.county_admin)
    response = client.post(
        reverse("recognition:profile", args=[YEAR]),
        {"population": "31.5", "area": "2405", "fiscal_revenue": "", "notes": "统计公报"},
    )
    assert response.status_code == 302
    assert CountyProfile.objects.get(county=world.county, year=YEAR).area == Decimal("2405")
    response = client.post(
        reverse("recognition:recognised"), {"basic_year": "2021", "basic_document": "某文号"}
    )
    assert response.status_code == 302
    assert selectors.recognised_year(county=world.county) == 2021
    response = client.post(
        reverse("recognition:stage", args=["province"]),
        {"planned_date": "2026-10-20", "done_date": "", "body": "province_department", "note": ""},
    )
    assert response.status_code == 302
    world.county.refresh_from_db()
    assert world.county.inspection_date == dt.date(2026, 10, 20)
    assert client.get(reverse("recognition:stage", args=["nope"])).status_code == 404


def test_the_edit_forms_are_the_bureau_s(client, world):
    for user in (world.township_officer, world.principal, world.inspector):
        client.force_login(user)
        for url in (
            reverse("recognition:profile", args=[YEAR]),
            reverse("recognition:recognised"),
            reverse("recognition:stage", args=["city"]),
        ):
            assert client.get(url).status_code == 403
            assert client.post(url, {"basic_year": "2021"}).status_code == 403
    assert not AuditEntry.objects.exists()


def test_the_road_page_in_english(client, world):
    recognise(world, 2023)
    client.force_login(world.county_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("recognition:road")).content.decode()
    assert "Road to recognition" in html and "not met" in html
    assert "less than 3 years before" in html


def test_the_year_a_draw_judges_is_one_most_schools_have_filled_in(world):
    default_year = selectors.default_year
    assert default_year(county=world.county) == 2025
    make_school_year(world.school, 2026)  # one principal starts next year's form
    assert default_year(county=world.county) == 2025
    make_school_year(world.sibling, 2026)  # two of the county's three schools
    assert default_year(county=world.county) == 2026


def test_a_stage_saved_from_an_english_page_is_recorded_in_chinese(world):
    from django.utils import translation

    with translation.override("en"):
        services.stage_save(
            actor=world.county_admin,
            county=world.county,
            stage="county",
            planned_date=dt.date(2025, 3, 1),
            done_date=None,
            body="county_bureau",
        )
    entry = AuditEntry.objects.get(object_type="recognition.RecognitionStage")
    with translation.override("zh-hans"):
        assert entry.comment == str(Stage("county").label)
    with translation.override("en"):
        assert entry.comment != str(Stage("county").label)  # not the English of the page
