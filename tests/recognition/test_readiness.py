"""Draws kept by the bureau and the readiness of the drawn schools: data verdict and gaps, open
problems, evidence completeness and the last visit; the comparison of two draws; the export;
who may draw, read and delete."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from factories import make_school, make_school_year
from junheng.audit.models import AuditEntry
from junheng.recognition import services
from junheng.recognition.choices import ReadinessState
from junheng.recognition.models import MockDraw
from junheng.recognition.readiness import draw_comparison, draw_readiness
from junheng.refusals import NotAllowed, Refusal
from junheng.workbooks import could_run
from recognition import builders

YEAR = 2025


def draw_all(world, **extra) -> MockDraw:
    """A draw of every school of county A (3 schools: N larger than the county)."""
    options = {"size": 10, "year": YEAR, "standard": "quality-2017", "seed": 42, **extra}
    return services.draw_create(actor=world.county_admin, county=world.county, **options)


@pytest.fixture
def ready_world(world):
    """County A: A1 (城关一小) meets the standard but has an open problem and was visited;
    A2 (城关二小) has an assignment without evidence; A3 (东乡中心小学) lacks rooms."""
    far = world.far_school.years.get(year=YEAR)
    far.teaching_room_area = 100.0
    far.save()
    builders.problem(world.school)
    builders.problem(world.school, status="closed")
    builders.problem(world.sibling, status="submitted")  # waiting for the verifier: not open
    builders.assignment(world.school, world.county_admin, code="1.1", with_evidence=True)
    builders.assignment(world.sibling, world.county_admin, code="1.2", with_evidence=True)
    builders.assignment(world.sibling, world.county_admin, code="1.3", with_evidence=False)
    builders.visit(world.school, world.county_admin, dt.date(2025, 5, 6))
    builders.visit(world.school, world.county_admin, dt.date(2025, 3, 1))
    return world


def rows_by_code(readiness):
    return {row.school.code: row for row in readiness.rows}


def test_a_draw_keeps_its_seed_size_strata_and_schools(world):
    draw = draw_all(world, name="第一次模拟")
    assert (draw.name, draw.size, draw.seed, draw.year) == ("第一次模拟", 10, 42, YEAR)
    assert sorted(draw.drawn.values_list("school__code", flat=True)) == [
        "6101010001",
        "6101010002",
        "6101010003",
    ]
    non_empty = {(s["location"], s["group"]): s["drawn"] for s in draw.strata if s["schools"]}
    assert non_empty == {("城区", "primary"): 2, ("乡村", "primary"): 1}
    entry = AuditEntry.objects.get(object_type="recognition.MockDraw", object_id=str(draw.pk))
    assert entry.action == "create" and entry.after["seed"] == 42


def test_the_same_seed_gives_the_same_schools(world):
    township = world.township
    for number in range(4, 24):
        make_school(township, f"61010100{number:02d}", location="镇区" if number % 2 else "城区")
    one = draw_all(world, size=6, seed=99)
    two = draw_all(world, size=6, seed=99)
    three = draw_all(world, size=6, seed=100)
    codes = [
        list(d.drawn.order_by("position").values_list("school_id", flat=True))
        for d in (one, two, three)
    ]
    assert codes[0] == codes[1]
    assert one.strata == two.strata == three.strata
    # a new seed each time when none is given
    assert draw_all(world, size=6, seed=None).seed >= 0


def test_readiness_of_each_drawn_school(ready_world):
    world = ready_world
    readiness = draw_readiness(user=world.county_admin, draw=draw_all(world))
    rows = rows_by_code(readiness)
    first, second, far = rows["6101010001"], rows["6101010002"], rows["6101010003"]

    assert first.data_state == ReadinessState.MET and not first.gaps
    assert first.open_problems == 1  # the closed one does not count
    assert (first.assignments, first.assignments_with_evidence) == (1, 1)
    assert first.last_visit == dt.date(2025, 5, 6)
    assert not first.ready  # the open problem

    assert second.open_problems == 0  # submitted: the school owes no more work
    assert (second.assignments, second.assignments_with_evidence) == (2, 1)
    assert second.evidence_missing == 1 and second.last_visit is None

    assert far.data_state == ReadinessState.UNMET
    [gap] = [g for g in far.gaps if "教学及辅助用房" in g.indicator or "用房" in g.indicator]
    assert gap.amount and gap.amount > 0
    assert far.assignments == 0 and far.last_visit is None

    counts = readiness.counts
    assert counts.schools == 3 and counts.ready == 0
    assert counts.data_met == 2 and counts.data_unmet == 1
    assert counts.with_open_problems == 1
    assert counts.with_evidence_gaps == 1
    assert counts.never_visited == 2


def test_a_school_without_data_that_year(world):
    new = make_school(world.township, "6101010009", "新建小学")
    readiness = draw_readiness(user=world.county_admin, draw=draw_all(world))
    assert rows_by_code(readiness)[new.code].data_state == ReadinessState.NO_DATA
    other_year = draw_all(world, year=2024)
    assert {
        r.data_state for r in draw_readiness(user=world.county_admin, draw=other_year).rows
    } == {ReadinessState.NO_DATA}


def test_basic_2012_has_no_per_school_requirement(world):
    readiness = draw_readiness(user=world.county_admin, draw=draw_all(world, standard="basic-2012"))
    assert {row.data_state for row in readiness.rows} == {ReadinessState.NOT_JUDGED}
    assert readiness.counts.data_met == 0 and readiness.counts.data_unmet == 0


def test_a_small_teaching_point_is_shown_as_left_out(world):
    point = make_school(
        world.township, "6101010008", "城关教学点", school_type="小学教学点", parent=world.school
    )
    make_school_year(
        point, YEAR, primary_students=20, primary_classes=2, parent_school_code=world.school.code
    )
    readiness = draw_readiness(user=world.county_admin, draw=draw_all(world))
    row = rows_by_code(readiness)[point.code]
    assert row.data_state == ReadinessState.EXCLUDED and "教学点" in row.data_note
    assert row.group == "point"


def test_the_township_officer_and_the_inspector_see_their_schools_only(ready_world):
    world = ready_world
    draw = draw_all(world)
    officer = draw_readiness(user=world.township_officer, draw=draw)
    assert set(rows_by_code(officer)) == {"6101010001", "6101010002"}
    assert officer.partial and officer.drawn_total == 3 and officer.counts.schools == 2
    inspector = draw_readiness(user=world.inspector, draw=draw)
    assert set(rows_by_code(inspector)) == {"6101010002", "6101010003"}


def test_only_the_county_admin_draws_and_deletes(world):
    for user in (world.township_officer, world.principal, world.inspector, world.foreign_admin):
        with pytest.raises(NotAllowed):
            services.draw_create(
                actor=user, county=world.county, size=2, year=YEAR, standard="quality-2017"
            )
    draw = draw_all(world)
    with pytest.raises(NotAllowed):
        services.draw_delete(actor=world.township_officer, draw=draw)
    services.draw_delete(actor=world.county_admin, draw=draw)
    assert not MockDraw.objects.filter(pk=draw.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_type="recognition.MockDraw").exists()


def test_a_draw_refuses_what_makes_no_sense(world):
    for options in ({"size": 0}, {"standard": "nope"}, {"seed": -1}):
        with pytest.raises(Refusal):
            draw_all(world, **options)


def test_two_draws_compared(ready_world):
    world = ready_world
    whole = draw_all(world)
    one = services.draw_create(
        actor=world.county_admin,
        county=world.county,
        size=1,
        year=YEAR,
        standard="quality-2017",
        seed=5,
    )
    comparison = draw_comparison(user=world.county_admin, first=whole, second=one)
    assert comparison.in_both == 1 and comparison.only_first == 2 and comparison.only_second == 0
    assert comparison.schools[0].in_both
    assert comparison.first.counts.schools == 3 and comparison.second.counts.schools == 1


# --- the pages ------------------------------------------------------------------------------


def test_the_draw_pages_for_the_county_admin(client, ready_world):
    world = ready_world
    client.force_login(world.county_admin)
    response = client.post(
        reverse("recognition:draw_create"),
        {"name": "五月模拟", "size": 2, "year": YEAR, "standard": "quality-2017", "seed": 8},
    )
    draw = MockDraw.objects.get(name="五月模拟")
    assert response.status_code == 302 and response.url == reverse(
        "recognition:draw_detail", args=[draw.pk]
    )
    html = client.get(response.url).content.decode()
    assert "五月模拟" in html and "随机种子 8" in html
    html = client.get(reverse("recognition:draws")).content.decode()
    assert "五月模拟" in html
    other = draw_all(world)
    html = client.get(
        reverse("recognition:draw_compare") + f"?first={draw.pk}&second={other.pk}"
    ).content.decode()
    assert "两次都抽中 2 所" in html
    response = client.post(reverse("recognition:draw_delete", args=[draw.pk]))
    assert response.status_code == 302 and not MockDraw.objects.filter(pk=draw.pk).exists()


def test_principals_do_not_see_draws_and_another_county_gets_404(client, world):
    draw = draw_all(world)
    client.force_login(world.principal)
    for url in (
        reverse("recognition:draws"),
        reverse("recognition:draw_detail", args=[draw.pk]),
        reverse("recognition:draw_export", args=[draw.pk]),
        reverse("recognition:draw_create"),
    ):
        assert client.get(url).status_code == 403, url
    client.force_login(world.foreign_admin)
    assert client.get(reverse("recognition:draw_detail", args=[draw.pk])).status_code == 404
    assert client.post(reverse("recognition:draw_delete", args=[draw.pk])).status_code == 404
    client.force_login(world.township_officer)
    assert client.post(reverse("recognition:draw_delete", args=[draw.pk])).status_code == 403
    assert MockDraw.objects.filter(pk=draw.pk).exists()


def test_the_township_officer_s_page_and_export_list_their_schools_only(client, world):
    draw = draw_all(world)
    client.force_login(world.township_officer)
    html = client.get(reverse("recognition:draw_detail", args=[draw.pk])).content.decode()
    assert world.school.name in html and world.sibling.name in html
    assert world.far_school.name not in html
    response = client.get(reverse("recognition:draw_export", args=[draw.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    names = [row[2] for row in book.worksheets[0].iter_rows(min_row=5, values_only=True)]
    assert sorted(names) == sorted([world.school.name, world.sibling.name])


def test_the_export_neutralises_formulas(client, world):
    world.school.name = '=HYPERLINK("http://x","点我")'
    world.school.save()
    draw = draw_all(world, name="@SUM(1)")
    client.force_login(world.county_admin)
    response = client.get(reverse("recognition:draw_export", args=[draw.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    # the one writer's rule (junheng.workbooks): the text kept as written, quote-prefixed
    assert sheet["A1"].value.startswith("@SUM(1)") and sheet["A1"].quotePrefix
    names = {row[2].value: row[2] for row in sheet.iter_rows(min_row=5)}
    assert names['=HYPERLINK("http://x","点我")'].quotePrefix
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    assert [could_run(t) for t in ("=1", "+1", "-1", "@a", "\tx", "\rx", "a=1")] == [
        *[True] * 6,
        False,
    ]
