"""Problems in every state, as the county's last months left them: found by self-checks, the
township, the county's inspectors and the province's feedback; each with a measure, a
responsible person who may be named there and a deadline, and the item (评估指标条目) of the
county's checklists it falls short of; started, submitted with proof, returned or closed on the
days it happened — so that some are overdue today. One is the province's feedback of an earlier
inspection, recorded later with the day it was found and its deadline already past; two ask
for a later deadline (延期申请), one approved by the county, one still waiting. Then the
evaluation's gaps proposed as problems (one accepted, one dismissed), the problems ledger
exported, and today's reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from junheng.accounts.models import User
from junheng.checklists.models import ChecklistItem
from junheng.demo_county import shuanggao
from junheng.demo_county.clock import Timeline
from junheng.demo_county.files import photo_png
from junheng.demo_county.people import Cast
from junheng.inspections.services import visit_reminders_send
from junheng.jobs.models import Job
from junheng.jobs.services import job_start
from junheng.ledgers.catalogue import LEDGERS
from junheng.rectification import services as rectification
from junheng.rectification.choices import ExtensionStatus, Source
from junheng.rectification.models import ExtensionRequest, Problem, Suggestion
from junheng.registry.models import School, Township

# Where a problem lies: the principal's school, a school of the officer's township, that
# township itself, a school of the inspector's, a school elsewhere, or the whole county.
PRINCIPALS, TOWNSHIP_SCHOOL, TOWNSHIP, INSPECTED, ELSEWHERE, COUNTY = (
    "principal",
    "township_school",
    "township",
    "inspected",
    "elsewhere",
    "county",
)


QUALITY = "quality-2017"
EXTENSION_DAYS = 30  # how much later a 延期申请 asks the deadline to be


@dataclass(frozen=True)
class Story:
    """One problem's life: where and how it was found (days ago), its deadline (days from
    today; negative: already past), its moves (days ago, move: start, submit, close, return,
    extend — a 延期申请 by the responsible side, with `reason` — and approve), the code of
    its item in the county's checklist `checklist`, and when it was recorded (days ago; by
    default the day it was found)."""

    where: str
    source: str
    description: str
    measure: str
    found: int
    deadline: int
    moves: tuple[tuple[int, str], ...] = ()
    item: str = ""
    photo: bool = False
    checklist: str = QUALITY
    recorded: int | None = None
    reason: str = ""


PROOF = "已按整改措施完成整改，附整改前后照片和相关台账。"

STORIES = (
    Story(
        PRINCIPALS,
        Source.SELF_CHECK,
        "学校图书室生均图书不足，按优质均衡标准缺少约 1,200 册",
        "争取县财政专项经费采购补充图书，开学前完成编目上架",
        found=95,
        deadline=-20,
        moves=((90, "start"), (3, "extend")),
        item="1.1",  # 生均图书, one of the seven resource indicators
        reason="专项经费已列入县财政预算，政府采购流程尚未完成，图书预计一个月内到货上架",
    ),
    Story(
        PRINCIPALS,
        Source.TOWNSHIP,
        "音乐专用教室器材配备不全（缺少打击乐器和音响设备）",
        "按装备标准补齐器材，建立使用登记",
        found=60,
        deadline=20,
        moves=((40, "start"), (10, "submit")),
        item="2.3.1",
        photo=True,
    ),
    Story(
        TOWNSHIP_SCHOOL,
        Source.TOWNSHIP,
        "部分班级学生数超过 56 人，存在大班额",
        "秋季学期增设 2 个教学班，调配教师",
        found=80,
        deadline=40,
        moves=((70, "start"), (35, "extend"), (33, "approve")),
        item="2.5.3",
        photo=True,
        reason="新增教学班所需的两间教室改造须在暑期施工，秋季学期开学后方能分班",
    ),
    Story(
        TOWNSHIP_SCHOOL,
        Source.SELF_CHECK,
        "校园视频监控存在盲区（围墙东侧、宿舍楼后）",
        "增设 6 个监控点位并接入镇中心校平台",
        found=70,
        deadline=-10,
    ),
    Story(
        TOWNSHIP,
        Source.TOWNSHIP,
        "乡镇留守儿童关爱档案不完整，部分学校缺少家访记录",
        "各校补齐留守儿童档案和家访记录，镇教办逐校核查",
        found=60,
        deadline=15,
        moves=((55, "start"), (30, "submit"), (25, "return")),
        item="2.15.1",
    ),
    Story(
        ELSEWHERE,
        Source.COUNTY,
        "教师培训学时登记不全，部分教师 5 年 360 学时未完成",
        "组织未完成学时的教师参加暑期集中培训并补录学时",
        found=100,
        deadline=-30,
        moves=((95, "start"), (60, "submit"), (50, "close")),
        item="2.9",
    ),
    Story(
        ELSEWHERE,
        Source.COUNTY,
        "体育运动场馆面积不足，按标准缺少约 1,850 平方米",
        "利用学校北侧闲置用地扩建运动场，纳入年度建设计划",
        found=90,
        deadline=60,
        item="1.1",  # 生均体育运动场馆面积
        photo=True,
    ),
    Story(
        COUNTY,
        Source.PROVINCE,
        "省级督导反馈：城区部分学校大班额尚未化解",
        "新建城区第三小学，2025 年秋季学期分流学生，逐校制定化解方案",
        found=110,
        deadline=-15,
        moves=((105, "start"),),
        item="2.5.3",
    ),
    Story(
        COUNTY,
        Source.PROVINCE,
        "省级督导反馈：教师 5 年 360 学时培训完成率未达到 100%",
        "教师发展中心逐人建立学时台账，年底前完成补训",
        found=110,
        deadline=45,
        moves=((100, "start"),),
        item="2.9",
    ),
    Story(
        COUNTY,
        Source.PROVINCE,
        "省级督导反馈：教师交流轮岗比例不足 10%，骨干教师交流比例偏低",
        "制定县管校聘交流方案，秋季学期落实交流名单",
        found=110,
        deadline=-5,
        item="2.11.1",
    ),
    Story(
        ELSEWHERE,
        Source.PROVINCE,
        "省级督导反馈：学校章程未经主管部门核准",
        "修订章程并报县教育局核准",
        found=108,
        deadline=-40,
        moves=((100, "start"), (70, "submit"), (65, "close")),
        item="3.3",
    ),
    Story(
        INSPECTED,
        Source.COUNTY,
        "食堂食品安全台账不规范，留样记录缺失",
        "完善食堂管理制度，落实 48 小时留样",
        found=50,
        deadline=10,
        moves=((45, "start"), (12, "submit")),
        photo=True,
    ),
    Story(
        ELSEWHERE,
        Source.SELF_CHECK,
        "学校围墙局部破损，存在安全隐患",
        "修复围墙并加装防护栏",
        found=40,
        deadline=-3,
        moves=((38, "start"), (20, "submit"), (15, "return")),
    ),
    Story(
        ELSEWHERE,
        Source.COUNTY,
        "实验室仪器设备老化，部分分组实验无法开设",
        "更新物理、化学分组实验仪器",
        found=30,
        deadline=50,
        item="1.1",  # 生均教学仪器设备值
    ),
    Story(
        INSPECTED,
        Source.COUNTY,
        "功能教室使用率低，课表与使用登记不一致",
        "按课表开足音乐、美术课，落实专用教室使用登记",
        found=35,
        deadline=25,
        moves=((28, "start"),),
        item="3.7",
    ),
    Story(
        ELSEWHERE,
        Source.TOWNSHIP,
        "学生课后服务未覆盖全部有需求的学生",
        "增加课后服务时段和指导教师",
        found=75,
        deadline=-25,
        moves=((70, "start"), (45, "submit"), (40, "close")),
    ),
    Story(
        COUNTY,
        Source.PROVINCE,
        "上一轮省级督导反馈：部分农村学校音乐、美术专任教师不足，课程由其他学科教师兼任",
        "通过县管校聘和特岗招聘补充音体美教师，建立城区学校教师走教制度",
        found=220,
        deadline=-150,
        recorded=130,  # entered with the system, its deadline already past
        moves=((125, "start"),),
        item="2.10",
    ),
    Story(
        COUNTY,
        Source.COUNTY,
        "公办园在园幼儿占比 45.9%，未达到双高双普要求的 50%",
        "新建城关第二幼儿园和乡镇中心幼儿园两所公办园，下一学年秋季开园，扩大公办学位",
        found=45,
        deadline=120,
        moves=((40, "start"),),
        checklist=shuanggao.KEY,
        item="1.3",
    ),
)

RETURN_COMMENT = "整改佐证不足：请补充整改后的照片和相关台账"
CLOSE_COMMENT = "经现场核查，整改到位，同意销号"


@dataclass(frozen=True)
class Places:
    """The schools the stories happen at, chosen once from the county's."""

    township_schools: list[School]
    inspected: list[School]
    elsewhere: list[School]

    def school(self, cast: Cast, where: str, index: int) -> School | None:
        if where == PRINCIPALS:
            return cast.school
        pool = {
            TOWNSHIP_SCHOOL: self.township_schools,
            INSPECTED: self.inspected,
            ELSEWHERE: self.elsewhere,
        }.get(where)
        return pool[index % len(pool)] if pool else None


def places_for(cast: Cast, schools: list[School]) -> Places:
    inspected = list(cast.inspector.assigned_schools.order_by("code"))
    taken = {cast.school.pk, *(s.pk for s in inspected)}
    township = [s for s in schools if s.township_id == cast.township.pk and s.pk not in taken]
    elsewhere = [s for s in schools if s.township_id != cast.township.pk and s.pk not in taken]
    return Places(township or [cast.school], inspected or [cast.school], elsewhere or [cast.school])


def recorder(cast: Cast, source: str, school: School | None, township: Township | None) -> User:
    """Who records a problem of this source there (each records under their own sources)."""
    place = school.township_id if school is not None else getattr(township, "pk", None)
    if source == Source.SELF_CHECK and school is not None:
        return cast.closest(school=school)
    if source == Source.TOWNSHIP and place == cast.township.pk:
        return cast.officer
    if source == Source.COUNTY and cast.verifier(school) == cast.inspector:
        return cast.inspector
    return cast.admin


def _photo(seed: int, stage: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{stage}-{seed}.png", photo_png(seed), content_type="image/png")


def checklist_item(cast: Cast, story: Story) -> ChecklistItem | None:
    """The story's item in the county's checklist (loaded or imported before it is found)."""
    if not story.item:
        return None
    return ChecklistItem.objects.get(
        checklist__county=cast.county, checklist__key=story.checklist, code=story.item
    )


def problems(timeline: Timeline, cast: Cast, schools: list[School]) -> None:
    """Every story told through the services, each step on its day."""
    places = places_for(cast, schools)
    for index, story in enumerate(STORIES):
        school = places.school(cast, story.where, index)
        township: Township | None = cast.township if story.where == TOWNSHIP else None
        told: dict[str, Problem] = {}

        def found(story: Story = story, school=school, township=township, told=told, index=index):
            told["problem"] = rectification.problem_create(
                actor=recorder(cast, story.source, school, township),
                county=cast.county,
                source=story.source,
                description=story.description,
                school=school,
                township=township,
                item=checklist_item(cast, story),
                measure=story.measure,
                responsible=cast.closest(school=school, township=township),
                deadline=timeline.today + dt.timedelta(days=story.deadline),
                # a problem recorded later keeps the day it was found (then its deadline
                # may already be past); otherwise it is found the day it is recorded
                found_on=None if story.recorded is None else timeline.day(story.found),
                photos=[_photo(index, "problem")] if story.photo else [],
            )

        timeline.at(story.found if story.recorded is None else story.recorded, found)
        for days, move in story.moves:
            timeline.at(
                days,
                lambda told=told, move=move, index=index, story=story: told.update(
                    problem=_move(cast, told["problem"], move, index, story)
                ),
            )


def _move(cast: Cast, problem: Problem, move: str, index: int, story: Story) -> Problem:
    responsible, verifier = problem.responsible, cast.verifier(problem.school)
    if move == "extend":
        assert problem.deadline is not None
        rectification.extension_request(
            actor=responsible,
            problem=problem,
            new_deadline=problem.deadline + dt.timedelta(days=EXTENSION_DAYS),
            reason=story.reason,
        )
        return problem
    if move == "approve":
        pending = ExtensionRequest.objects.get(problem=problem, status=ExtensionStatus.PENDING)
        rectification.extension_decide(
            actor=cast.admin, extension=pending, approve=True, comment="同意延期，请按新期限完成"
        )
        return Problem.objects.get(pk=problem.pk)
    if move == "start":
        return rectification.problem_start(actor=responsible, problem=problem)
    if move == "submit":
        photos = [_photo(index + 7, "proof")] if story.photo else []
        return rectification.problem_submit(
            actor=responsible, problem=problem, proof=PROOF, photos=photos
        )
    if move == "close":
        return rectification.problem_close(actor=verifier, problem=problem, comment=CLOSE_COMMENT)
    return rectification.problem_return(actor=verifier, problem=problem, comment=RETURN_COMMENT)


def suggestions(timeline: Timeline, cast: Cast, *, year: int, standard: str) -> None:
    """The evaluation's gaps proposed as problems: the bureau accepts the first and dismisses
    the second; the rest wait for its decision."""

    def decide() -> None:
        rectification.suggestions_generate(
            actor=cast.admin, county=cast.county, year=year, standard=standard
        )
        proposed = list(
            Suggestion.objects.filter(county=cast.county, year=year).order_by("school__code", "pk")
        )
        if proposed:
            rectification.suggestion_accept(
                actor=cast.admin,
                suggestion=proposed[0],
                deadline=timeline.today + dt.timedelta(days=75),
                responsible=cast.closest(school=proposed[0].school),
                measure="纳入学校改扩建计划，分步补足",
            )
        if len(proposed) > 1:
            rectification.suggestion_dismiss(
                actor=cast.admin,
                suggestion=proposed[1],
                comment="该校已列入撤并计划，不再单独整改",
            )

    timeline.at(4, decide)


# The immediate backend of django-tasks: the job runs as it starts, on the replayed day, so the
# demo's export is finished (its file kept) whether or not a worker runs beside the loader.
IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"
IMMEDIATE_TASKS = {"default": {"BACKEND": IMMEDIATE, "QUEUES": ["default"]}}
# Today: a job's created_at takes the real clock (its default is bound before the demo's clock
# is set), so an export on an earlier day would show as started before it was submitted.
LEDGER_EXPORT_DAYS_AGO = 0


def ledger_export(timeline: Timeline, cast: Cast) -> None:
    """The bureau exports the problems ledger (问题整改台账) as a background job, as its page's
    button does."""

    def export() -> Job:
        with override_settings(TASKS=IMMEDIATE_TASKS):
            return job_start(
                actor=cast.admin,
                kind=LEDGERS["problems"].job_kind,
                county=cast.county,
                params={"query": {}},
            )

    timeline.at(LEDGER_EXPORT_DAYS_AGO, export)


def reminders(timeline: Timeline, cast: Cast) -> None:
    """Today's reminders: overdue and due-soon problems, overdue 包校 visits (in the app; the
    demo accounts have no e-mail address)."""

    def send() -> None:
        rectification.reminders_send(county=cast.county)
        visit_reminders_send(county=cast.county)

    timeline.at(0, send)
