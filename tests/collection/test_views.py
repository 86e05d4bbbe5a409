"""The yearly-data pages: each role sees its scope only (404 beyond it), the entry form shows
the services' problems on their fields, and every write is a CSRF-protected POST."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from factories import figures_for
from junheng.audit.models import AuditEntry
from junheng.collection.choices import DataStatus, ImportStatus
from junheng.collection.models import CountyYear, ImportBatch, SchoolYear
from junheng.collection.services import county_year_lock
from junheng.evaluation import SourceFile, read_school_data

YEAR = 2025


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def entry_url(school, year=YEAR) -> str:
    return reverse("collection:school_year", args=[year, school.pk])


def act_url(school, year=YEAR) -> str:
    return reverse("collection:school_year_act", args=[year, school.pk])


def form_data(school, version=1, **changes) -> dict:
    figures = figures_for(school, **changes)
    return {**{k: "" if v is None else v for k, v in figures.items()}, "version": version}


def record_of(school) -> SchoolYear:
    return SchoolYear.objects.get(school=school, year=YEAR)


# the year overview -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "seen", "unseen"),
    [
        ("county_admin", ["城关一小", "城关二小", "东乡中心小学"], ["北镇小学"]),
        ("township_officer", ["城关一小", "城关二小"], ["东乡中心小学", "北镇小学"]),
        ("principal", ["城关一小"], ["城关二小", "东乡中心小学", "北镇小学"]),
        ("inspector", ["城关二小", "东乡中心小学"], ["城关一小", "北镇小学"]),
    ],
)
def test_the_year_overview_lists_the_schools_of_the_user_s_scope_only(world, persona, seen, unseen):
    page = client_for(getattr(world, persona)).get(reverse("collection:year", args=[YEAR]))

    html = page.content.decode()
    assert page.status_code == 200
    assert all(name in html for name in seen)
    assert not any(name in html for name in unseen)


def test_the_overview_opens_on_the_latest_year_with_data(world):
    page = client_for(world.principal).get(reverse("collection:overview"))

    assert page.status_code == 302 and page.url == reverse("collection:year", args=[YEAR])


def test_the_overview_filters_by_township_and_status(world):
    SchoolYear.objects.filter(school=world.sibling).update(status=DataStatus.SUBMITTED)
    client = client_for(world.county_admin)
    url = reverse("collection:year", args=[YEAR])

    by_township = client.get(url, {"township": world.other_township.pk}).content.decode()
    by_status = client.get(url, {"status": DataStatus.SUBMITTED}).content.decode()
    no_data = client.get(reverse("collection:year", args=[2026]), {"status": "none"})

    assert "东乡中心小学" in by_township and "城关一小" not in by_township
    assert "城关二小" in by_status and "城关一小" not in by_status
    assert no_data.content.decode().count("填报</a>") == 3


def test_an_impossible_year_is_not_found(world):
    page = client_for(world.county_admin).get(reverse("collection:year", args=[99999]))

    assert page.status_code == 404


# the data-entry page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "school"),
    [
        ("principal", "sibling"),
        ("principal", "foreign_school"),
        ("township_officer", "far_school"),
        ("inspector", "school"),
        ("foreign_admin", "school"),
    ],
)
def test_a_school_out_of_scope_is_not_found_for_reading_saving_and_acting(world, persona, school):
    client = client_for(getattr(world, persona))
    target = getattr(world, school)

    assert client.get(entry_url(target)).status_code == 404
    assert client.post(entry_url(target), form_data(target)).status_code == 404
    assert client.post(act_url(target), {"action": "submit"}).status_code == 404
    assert record_of(target).status == DataStatus.DRAFT


def test_the_entry_form_groups_the_fields_under_the_template_s_headers_with_units(world):
    page = client_for(world.principal).get(entry_url(world.school))

    html = page.content.decode()
    for heading in ("基本信息", "学生与班级", "教师", "办学条件"):
        assert f"<legend>{heading}</legend>" in html
    assert "小学在校生数" in html and "教学仪器设备值" in html and "万元" in html
    assert 'name="version" value="1"' in html
    assert "上报" in html


def test_a_principal_saves_the_form_and_the_change_is_audited(world):
    client = client_for(world.principal)

    page = client.post(entry_url(world.school), form_data(world.school, primary_students=415))

    assert page.status_code == 302
    assert record_of(world.school).primary_students == 415
    assert AuditEntry.objects.get().changed_fields() == [("primary_students", 400, 415)]
    assert "已保存" in client.get(page.url).content.decode()


def test_the_form_shows_each_problem_under_its_field(world):
    page = client_for(world.principal).post(
        entry_url(world.school),
        form_data(world.school, primary_students=-4, primary_backbone_teachers=90),
    )

    form = page.context["form"]
    assert page.status_code == 200
    assert "不能为负数" in form.errors["primary_students"][0]
    assert "多于" in form.errors["primary_backbone_teachers"][0]
    assert "数据有误" in form.non_field_errors()[0]
    assert record_of(world.school).primary_students == 400


def test_text_in_a_number_field_is_a_form_error(world):
    page = client_for(world.principal).post(
        entry_url(world.school), form_data(world.school, books="很多")
    )

    assert page.status_code == 200 and "books" in page.context["form"].errors


def test_a_concurrent_edit_is_refused_with_the_user_s_input_kept(world):
    client_for(world.township_officer).post(
        entry_url(world.school), form_data(world.school, primary_students=420)
    )

    page = client_for(world.principal).post(
        entry_url(world.school), form_data(world.school, version=1, primary_students=433)
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "其他用户已在您打开之后修改了这条数据" in html
    assert 'value="433"' in html and 'name="version" value="1"' in html
    assert record_of(world.school).primary_students == 420


def test_a_new_year_is_prefilled_from_the_latest_earlier_year(world):
    page = client_for(world.principal).get(entry_url(world.school, 2026))

    assert page.context["page"].prefilled_from == YEAR
    assert 'value="400"' in page.content.decode()

    saved = client_for(world.principal).post(
        entry_url(world.school, 2026), form_data(world.school, version="")
    )
    assert saved.status_code == 302
    assert SchoolYear.objects.filter(school=world.school, year=2026).exists()


def test_the_inspector_reads_the_form_without_a_save_button(world):
    page = client_for(world.inspector).get(entry_url(world.sibling))

    html = page.content.decode()
    assert page.status_code == 200
    assert "只读" in html and "您的角色只能查看数据" in html and "disabled" in html
    assert ">保存</button>" not in html


def test_submitted_data_are_read_only_for_the_principal_with_the_reason(world):
    SchoolYear.objects.filter(school=world.school).update(status=DataStatus.SUBMITTED)

    client = client_for(world.principal)
    page = client.get(entry_url(world.school))
    posted = client.post(entry_url(world.school), form_data(world.school, primary_students=1))

    assert "已上报，待乡镇审核" in page.content.decode() and "只读" in page.content.decode()
    assert "不能修改" in posted.content.decode()
    assert record_of(world.school).primary_students == 400


def test_a_locked_year_is_read_only_with_the_reason(world):
    SchoolYear.objects.filter(school__county=world.county).update(status=DataStatus.APPROVED)
    county_year_lock(actor=world.county_admin, county=world.county, year=YEAR)

    page = client_for(world.county_admin).get(entry_url(world.school))

    assert "已审核锁定" in page.content.decode()
    assert not page.context["page"].editable


# submit, review, approve, return ----------------------------------------------------------


def test_the_buttons_follow_the_role_and_the_status(world):
    SchoolYear.objects.filter(school=world.school).update(status=DataStatus.SUBMITTED)

    township = client_for(world.township_officer).get(entry_url(world.school)).content.decode()
    principal = client_for(world.principal).get(entry_url(world.school)).content.decode()

    assert 'value="review"' in township and 'value="return"' in township
    assert 'value="approve"' not in township
    assert 'value="submit"' not in principal and 'value="review"' not in principal


def test_the_data_go_up_the_chain_through_the_buttons(world):
    for persona, action, status in [
        ("principal", "submit", DataStatus.SUBMITTED),
        ("township_officer", "review", DataStatus.REVIEWED),
        ("county_admin", "approve", DataStatus.APPROVED),
    ]:
        page = client_for(getattr(world, persona)).post(act_url(world.school), {"action": action})
        assert page.status_code == 302
        assert record_of(world.school).status == status


def test_returning_without_a_comment_shows_the_reason_and_changes_nothing(world):
    SchoolYear.objects.filter(school=world.school).update(status=DataStatus.SUBMITTED)

    page = client_for(world.township_officer).post(
        act_url(world.school), {"action": "return", "comment": ""}, follow=True
    )

    assert "退回时必须填写意见" in page.content.decode()
    assert record_of(world.school).status == DataStatus.SUBMITTED


def test_a_refused_transition_is_shown_as_a_message(world):
    page = client_for(world.principal).post(
        act_url(world.school), {"action": "approve"}, follow=True
    )

    assert "无权对该学校执行此操作" in page.content.decode()
    assert record_of(world.school).status == DataStatus.DRAFT


# the county's lock -----------------------------------------------------------------------


def test_the_county_admin_locks_and_unlocks_the_year_with_a_reason(world):
    SchoolYear.objects.filter(school__county=world.county).update(status=DataStatus.APPROVED)
    client = client_for(world.county_admin)

    locked = client.post(reverse("collection:lock", args=[YEAR]), follow=True)
    refused = client.post(reverse("collection:unlock", args=[YEAR]), {"reason": ""}, follow=True)
    unlocked = client.post(
        reverse("collection:unlock", args=[YEAR]), {"reason": "更正东乡数据"}, follow=True
    )

    assert "年度数据已锁定" in locked.content.decode()
    assert "解锁必须说明原因" in refused.content.decode()
    assert "已解锁" in unlocked.content.decode()
    assert not CountyYear.objects.get().locked
    assert AuditEntry.objects.get(action="unlock").comment == "更正东乡数据"


def test_locking_with_pending_data_shows_why_not(world):
    page = client_for(world.county_admin).post(reverse("collection:lock", args=[YEAR]), follow=True)

    assert "未经县审核" in page.content.decode()
    assert not CountyYear.objects.filter(locked=True).exists()


def test_a_township_officer_has_no_lock_panel_and_cannot_lock(world):
    SchoolYear.objects.filter(school__county=world.county).update(status=DataStatus.APPROVED)
    client = client_for(world.township_officer)

    page = client.get(reverse("collection:year", args=[YEAR])).content.decode()
    client.post(reverse("collection:lock", args=[YEAR]))

    assert "锁定年度" not in page
    assert not CountyYear.objects.filter(locked=True).exists()


@pytest.mark.parametrize("persona", ["township_officer", "principal", "inspector"])
def test_the_lock_and_unlock_doors_are_closed_to_those_who_do_not_approve(world, persona):
    SchoolYear.objects.filter(school__county=world.county).update(status=DataStatus.APPROVED)
    client = client_for(getattr(world, persona))

    locked = client.post(reverse("collection:lock", args=[YEAR]))
    unlocked = client.post(reverse("collection:unlock", args=[YEAR]), {"reason": "试图解锁"})

    assert (locked.status_code, unlocked.status_code) == (403, 403)
    assert not CountyYear.objects.exists() and not AuditEntry.objects.exists()


def test_a_user_without_a_county_has_no_year_to_lock(world):
    from factories import make_user

    bureau = make_user("no_county_admin", "county_admin")

    page = client_for(bureau).post(reverse("collection:lock", args=[YEAR]))

    assert page.status_code == 404


# export -----------------------------------------------------------------------------------


def test_the_export_is_the_template_workbook_of_the_scope_named_for_county_and_year(world):
    page = client_for(world.township_officer).get(reverse("collection:export", args=[YEAR]))

    disposition = page["Content-Disposition"]
    assert page["Content-Type"].startswith("application/vnd.openxmlformats")
    assert disposition.startswith('attachment; filename="school-data-610101-2025.xlsx"')
    assert f"filename*=UTF-8''{quote('示例县（610101）2025年学校基本情况表.xlsx')}" in disposition
    frame = read_school_data([SourceFile("export.xlsx", page.content)])
    assert sorted(frame["school_code"].to_list()) == [world.school.code, world.sibling.code]


def test_a_principal_s_export_holds_their_school_only(world):
    page = client_for(world.principal).get(reverse("collection:export", args=[YEAR]))

    frame = read_school_data([SourceFile("export.xlsx", page.content)])
    assert frame["school_code"].to_list() == [world.school.code]


def test_an_export_uploaded_again_previews_no_creates_and_no_changes(world):
    client = client_for(world.county_admin)
    workbook = client.get(reverse("collection:export", args=[YEAR])).content
    upload = _upload("示例县2025.xlsx", workbook)

    page = client.post(reverse("collection:import"), {"file": upload}, follow=True)

    preview = page.context["preview"]
    assert preview.problems == [] and preview.creates == [] and preview.changes == []
    assert preview.unchanged == 3
    assert "完全一致" in page.content.decode()


# import -----------------------------------------------------------------------------------


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def _csv(world, **changes) -> bytes:
    from junheng.collection.template_rows import record_row
    from junheng.evaluation.template import HEADERS, KEYS

    row = {**record_row(record_of(world.school)), **changes}
    header = ",".join(HEADERS[k] for k in KEYS)
    values = ",".join("" if row[k] is None else str(row[k]) for k in KEYS)
    return f"{header}\n{values}\n".encode()


def test_an_upload_shows_its_changes_and_the_commit_writes_them(world):
    client = client_for(world.principal)

    page = client.post(
        reverse("collection:import"),
        {"file": _upload("a.csv", _csv(world, primary_students=444))},
        follow=True,
    )
    html = page.content.decode()
    assert "小学在校生数" in html and "400" in html and "444" in html
    assert record_of(world.school).primary_students == 400

    batch = ImportBatch.objects.get()
    done = client.post(reverse("collection:import_commit", args=[batch.pk]), follow=True)

    assert "导入完成" in done.content.decode()
    assert record_of(world.school).primary_students == 444


def test_the_preview_lists_problems_sorted_by_row_and_cannot_be_committed(world):
    client = client_for(world.principal)
    client.post(
        reverse("collection:import"),
        {"file": _upload("a.csv", _csv(world, primary_students=-1, books="x"))},
    )
    batch = ImportBatch.objects.get()

    page = client.get(reverse("collection:import_preview", args=[batch.pk]), {"sort": "-row"})
    html = page.content.decode()
    committed = client.post(reverse("collection:import_commit", args=[batch.pk]))

    assert "不能为负数" in html and "小学在校生数" in html
    assert re.search(r"<button[^>]*disabled[^>]*>确认导入", html)
    assert committed.status_code == 409
    assert record_of(world.school).primary_students == 400


def test_a_batch_is_seen_only_by_its_uploader(world):
    client_for(world.township_officer).post(
        reverse("collection:import"), {"file": _upload("a.csv", _csv(world))}
    )
    batch = ImportBatch.objects.get()

    for persona in ("county_admin", "principal", "foreign_admin"):
        client = client_for(getattr(world, persona))
        assert client.get(reverse("collection:import_preview", args=[batch.pk])).status_code == 404
        assert client.post(reverse("collection:import_commit", args=[batch.pk])).status_code == 404
        assert client.post(reverse("collection:import_discard", args=[batch.pk])).status_code == 404
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEW


def test_discarding_a_batch_writes_nothing(world):
    client = client_for(world.principal)
    client.post(
        reverse("collection:import"),
        {"file": _upload("a.csv", _csv(world, primary_students=444))},
    )
    batch = ImportBatch.objects.get()

    client.post(reverse("collection:import_discard", args=[batch.pk]))

    assert ImportBatch.objects.get().status == ImportStatus.DISCARDED
    assert record_of(world.school).primary_students == 400


def test_a_file_over_the_size_limit_is_refused_before_reading(world, settings):
    settings.IMPORT_MAX_BYTES = 100

    page = client_for(world.principal).post(
        reverse("collection:import"), {"file": _upload("a.csv", b"x" * 101)}
    )

    assert page.status_code == 200 and "文件过大" in page.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_inspector_may_not_import(world):
    page = client_for(world.inspector).get(reverse("collection:import"))

    assert page.status_code == 403


def test_the_upload_page_names_the_size_limit_and_lists_the_user_s_uploads(world, settings):
    settings.IMPORT_MAX_BYTES = 3 * 1_048_576
    client = client_for(world.principal)
    client.post(reverse("collection:import"), {"file": _upload("上报.csv", _csv(world))})

    html = client.get(reverse("collection:import")).content.decode()

    assert "不超过 3 MB" in html
    assert "上报.csv" in html
    assert reverse("collection:import_preview", args=[ImportBatch.objects.get().pk]) in html


def test_the_preview_sorts_the_problems_by_column(world):
    client = client_for(world.principal)
    client.post(
        reverse("collection:import"),
        {"file": _upload("a.csv", _csv(world, primary_students=-1, books="x"))},
    )
    batch = ImportBatch.objects.get()

    page = client.get(reverse("collection:import_preview", args=[batch.pk]), {"sort": "column"})

    columns = [p["column"] for p in page.context["preview"].problems]
    assert page.context["preview"].sort == "column" and columns == sorted(columns)


def test_a_handled_batch_cannot_be_committed_or_discarded_again(world):
    client = client_for(world.principal)
    client.post(reverse("collection:import"), {"file": _upload("a.csv", _csv(world))})
    batch = ImportBatch.objects.get()
    client.post(reverse("collection:import_discard", args=[batch.pk]))

    again = client.post(reverse("collection:import_discard", args=[batch.pk]), follow=True)
    commit = client.post(reverse("collection:import_commit", args=[batch.pk]), follow=True)

    for page in (again, commit):
        assert page.redirect_chain[-1][0] == reverse("collection:import_preview", args=[batch.pk])
        assert "该导入已处理或不属于您" in page.content.decode()
    assert "确认导入" not in commit.content.decode()
    assert ImportBatch.objects.get().status == ImportStatus.DISCARDED


# every page ---------------------------------------------------------------------------------


def test_posts_without_a_csrf_token_are_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.principal)

    page = client.post(entry_url(world.school), form_data(world.school, primary_students=415))

    assert page.status_code == 403
    assert record_of(world.school).primary_students == 400


def test_the_pages_carry_no_inline_script_or_style(world):
    SchoolYear.objects.filter(school=world.school).update(status=DataStatus.SUBMITTED)
    client = client_for(world.county_admin)
    client.post(reverse("collection:import"), {"file": _upload("a.csv", _csv(world))})
    urls = [
        reverse("collection:year", args=[YEAR]),
        entry_url(world.school),
        reverse("collection:import"),
        reverse("collection:import_preview", args=[ImportBatch.objects.get().pk]),
        reverse("collection:history"),
        reverse("collection:school_history", args=[world.school.pk]),
        reverse("registry:school_list"),
        reverse("registry:school_detail", args=[world.school.pk]),
        reverse("registry:school_edit", args=[world.school.pk]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None, url
        assert re.search(r"\sstyle=", html) is None, url
        assert re.search(r"\son[a-z]+=", html) is None, url
