"""The checklists three months before the inspection: items assigned to the bureau's offices,
to a township and to every school, evidence uploaded, items scored by hand with their reasons
and those the data answer scored automatically — some met, some not, some not yet scored.

Scores are chosen so that the parts of the two standards show each state
(tests/demo_county/test_demo.py):
quality-2017's 政府保障程度 is not met (large classes and teacher training, from the data and
the scores), its 教育质量 not yet assessed (the national quality monitoring report is not out),
its vetoes met; basic-2012's 县级人民政府推进 scored above its pass mark.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from junheng.accounts.models import User
from junheng.checklists import autoscoring
from junheng.checklists import services as checklists
from junheng.checklists.choices import UnitKind
from junheng.checklists.models import Assignment, Checklist, ChecklistItem
from junheng.checklists.national import BUILTIN
from junheng.demo_county.clock import Timeline
from junheng.demo_county.files import evidence_pdf, photo_png
from junheng.demo_county.people import Cast
from junheng.registry.models import County, School


def checklists_load(admin: User, county: County) -> dict[str, Checklist]:
    """The national checklists of both standards, as the bureau loads them."""
    return {
        key: checklists.checklist_load_builtin(actor=admin, county=county, key=key)
        for key in BUILTIN
    }


# --- assignments ------------------------------------------------------------------------------

# (item code, the bureau's office responsible, days from today to the deadline)
OFFICE_ITEMS = {
    "quality-2017": (
        ("2.1", "规划发展股", 20),
        ("2.2", "计划财务股", 25),
        ("2.6", "计划财务股", 25),
        ("2.7", "计划财务股", 25),
        ("2.8", "人事股", 30),
        ("2.9", "教师发展中心", 15),
        ("2.10", "人事股", 30),
        ("2.11.1", "人事股", -5),
        ("2.11.2", "人事股", -5),
        ("2.12", "人事股", 30),
        ("2.13.1", "基础教育股", 20),
        ("2.13.2", "基础教育股", 20),
        ("2.14", "基础教育股", 20),
        ("2.15.2", "基础教育股", 35),
        ("3.1", "基础教育股", 30),
        ("3.2", "特殊教育指导中心", 30),
        ("3.4", "计划财务股", 30),
        ("3.5", "电化教育馆", 40),
        ("3.6", "德育室", 40),
        ("3.7", "教研室", 40),
        ("3.8", "基础教育股", 40),
        ("3.9.1", "教研室", 60),
        ("3.9.2", "教研室", 60),
        ("4.1", "督导室", 20),
        ("5.1", "基础教育股", 30),
        ("5.2", "基础教育股", 30),
        ("5.3", "基础教育股", 30),
    ),
    "basic-2012": (
        ("3.1.1", "基础教育股", 30),
        ("3.2.2", "计划财务股", 30),
        ("3.3.1", "人事股", 30),
        ("3.4.1", "教研室", 30),
    ),
}
EVERY_SCHOOL_ITEM = ("quality-2017", "3.3")  # 所有学校制定章程: one assignment per school
TOWNSHIP_ITEM = ("quality-2017", "2.15.1")  # 留守儿童关爱体系: the officer's township


@dataclass
class Assigned:
    """The assignments made, by (checklist, item code), the township's, and every school's."""

    offices: dict[tuple[str, str], Assignment] = field(default_factory=dict)
    township: Assignment | None = None
    schools: dict[int, Assignment] = field(default_factory=dict)


def _item(checklist: Checklist, code: str) -> ChecklistItem:
    return checklist.items.get(code=code)


def assignments(
    timeline: Timeline, cast: Cast, lists: dict[str, Checklist], schools: list[School]
) -> Assigned:
    """The bureau breaks the checklists down (指标分解) a hundred days ago: items to its offices,
    one to the officer's township, one to every school (each school's closest person)."""
    admin, today, assigned = cast.admin, timeline.today, Assigned()

    def assign() -> None:
        for key, rows in OFFICE_ITEMS.items():
            for code, office, days in rows:
                assigned.offices[key, code] = checklists.assignment_create(
                    actor=admin,
                    item=_item(lists[key], code),
                    unit_kind=UnitKind.OFFICE,
                    office=office,
                    person=admin,
                    deadline=today + dt.timedelta(days=days),
                    note="按评估细则整理佐证材料，填写自评得分和理由",
                )
        key, code = TOWNSHIP_ITEM
        assigned.township = checklists.assignment_create(
            actor=admin,
            item=_item(lists[key], code),
            unit_kind=UnitKind.TOWNSHIP,
            township=cast.township,
            person=cast.closest(township=cast.township),
            deadline=today + dt.timedelta(days=25),
            note="报送本乡镇留守儿童关爱工作制度、档案和活动记录",
        )
        key, code = EVERY_SCHOOL_ITEM
        item = _item(lists[key], code)
        for school in schools:
            assigned.schools[school.pk] = checklists.assignment_create(
                actor=admin,
                item=item,
                unit_kind=UnitKind.SCHOOL,
                school=school,
                person=cast.closest(school=school),
                deadline=today + dt.timedelta(days=30),
                note="上传经主管部门核准的学校章程（PDF）",
            )

    timeline.at(100, assign)
    return assigned


# --- evidence ---------------------------------------------------------------------------------


def _upload(assignment: Assignment, name: str, data: bytes, actor: User | None = None) -> None:
    """A file uploaded by the assignment's person (or `actor`) for its first requirement."""
    checklists.evidence_upload(
        actor=actor or assignment.person,
        assignment=assignment,
        name=name,
        handle=io.BytesIO(data),
        size=len(data),
        requirement=(assignment.item.evidence or [""])[0],
    )


# (checklist, item code, file name, days ago): the offices' documents so far
OFFICE_EVIDENCE = (
    ("quality-2017", "2.1", "县域义务教育学校布局规划（2021—2025年）.pdf", 80),
    ("quality-2017", "2.2", "关于统一城乡义务教育学校建设标准的通知.pdf", 74),
    ("quality-2017", "2.8", "2024年教师与公务员平均工资收入对比表.pdf", 60),
    ("quality-2017", "2.9", "教师培训学时登记汇总表（2020—2024）.pdf", 41),
    ("quality-2017", "2.14", "2025年中考招生方案及指标分配表.pdf", 35),
    ("quality-2017", "3.1", "初中三年巩固率计算表.pdf", 28),
    ("quality-2017", "4.1", "社会认可度调查方案.pdf", 24),
    ("quality-2017", "5.1", "2025年义务教育招生工作方案及公告.pdf", 20),
    ("basic-2012", "3.2.2", "近三年教育经费统计报表.pdf", 50),
)


def evidence(timeline: Timeline, assigned: Assigned, schools: list[School], cast: Cast) -> None:
    """Evidence as it arrives: the offices' documents, the township's records with a photo,
    and the charters of two schools in three (the principal's first)."""
    for key, code, name, days in OFFICE_EVIDENCE:
        timeline.at(
            days,
            lambda key=key, code=code, name=name: _upload(
                assigned.offices[key, code], name, evidence_pdf(f"{key} {code}")
            ),
        )

    def township() -> None:
        assert assigned.township is not None
        _upload(assigned.township, "留守儿童关爱工作制度.pdf", evidence_pdf("2.15.1"))
        _upload(assigned.township, "留守儿童之家活动照片.png", photo_png(2))

    timeline.at(30, township)
    ordered = sorted(schools, key=lambda s: s.pk != cast.school.pk)
    for position, school in enumerate(ordered):
        if position % 3 == 2:
            continue
        timeline.at(
            45 - position % 40,
            lambda school=school: _upload(
                assigned.schools[school.pk],
                f"{school.name}章程.pdf",
                evidence_pdf(f"charter {school.code}"),
            ),
        )


# --- scores -----------------------------------------------------------------------------------

# Hand scores: (code, met, value, reason). A value scores an item with a figure rule.
QUALITY_SCORES = (
    ("2.1", True, None, "县域学校布局规划经县政府批复，覆盖城区新建住宅区配套学校"),
    ("2.2", True, None, "县政府文件统一城乡学校建设、编制、公用经费和装备配置标准"),
    ("2.3.1", None, 1, "各校功能教室统计表：每 12 个班音乐专用教室最少 1 间"),
    ("2.3.2", None, 1, "各校功能教室统计表：每 12 个班美术专用教室最少 1 间"),
    ("2.3.3", None, 96, "专用教室面积登记表：最小一间音乐教室 96 平方米"),
    ("2.3.4", None, 92, "专用教室面积登记表：最小一间美术教室 92 平方米"),
    ("2.6", True, None, "不足 100 人的村小和教学点按 100 人拨付公用经费（财政拨付明细）"),
    ("2.7", None, 6000, "特殊教育学校生均公用经费按 6000 元拨付"),
    ("2.8", True, None, "教师平均工资收入不低于当地公务员（2024 年对比表）"),
    ("2.9", None, 96.4, "5 年 360 学时培训完成率 96.4%，尚有 87 名教师未完成"),
    ("2.10", True, None, "县编办、教育局统筹分配各校编制和岗位（2024 年文件）"),
    ("2.12", None, 100, "专任教师全部持证上岗"),
    ("2.13.1", None, 100, "城镇公办小学新生全部就近入学"),
    ("2.13.2", None, 96.8, "城镇公办初中就近入学比例 96.8%"),
    ("2.14", None, 52, "优质高中招生名额分配比例 52%，并向农村初中倾斜"),
    ("2.15.1", True, None, "各乡镇建立留守儿童关爱体系，建档立卡"),
    ("2.15.2", None, 91.3, "随迁子女在公办学校和政府购买服务的民办学校就读比例 91.3%"),
    ("3.1", None, 97.2, "学籍系统：初中三年巩固率 97.2%"),
    ("3.2", None, 96.5, "残疾儿童少年入学率 96.5%（含送教上门）"),
    ("3.3", True, None, "各校章程均已核准，学校管理与教学信息化平台全覆盖"),
    ("3.4", None, 5.6, "各校教师培训经费占公用经费比例最小值 5.6%"),
    ("3.5", True, None, "教师信息化教学能力提升工程 2.0 全员完成"),
    ("3.6", True, None, "德育和校园文化建设评估均为良好以上"),
    ("3.7", True, None, "课程开齐开足，综合实践活动每周不少于 1 课时"),
    ("3.8", True, None, "作业管理制度落实，抽查未发现过重课业负担"),
    ("5.1", True, None, "义务教育招生均免试就近入学，未以考试方式招生"),
    ("5.2", True, None, "招生入学公开透明，未发现违规择校"),
    ("5.3", True, None, "各校均衡编班，未设重点学校和重点班"),
)
# Every other veto item judged by hand (the checklist may list more than those above).
VETO_CHECKED = "经县督导室逐校核查，未发生此类情况"

# basic-2012's 县级人民政府推进 items: (code, score, reason); 92.5 of 100, the pass mark 85
BASIC_SCORES = (
    ("3.1.1", 4, "随迁子女就学纳入县教育发展规划和财政预算"),
    ("3.1.2", 3, "留守儿童关爱体系健全"),
    ("3.1.3", 4, "三类残疾儿童少年入学率 96.5%"),
    ("3.1.4", 3, "优质高中招生名额分配到各初中的比例近三年逐年提高"),
    ("3.1.5.1", 1.5, "小学适龄儿童入学率 100%"),
    ("3.1.5.2", 1.5, "初中毛入学率 101.2%"),
    ("3.1.6.1", 1.5, "小学年辍学率 0.05%"),
    ("3.1.6.2", 1, "初中年辍学率 0.42%，个别乡镇控辍工作台账不完整"),
    ("3.2.1", 5, "县政府建立均衡发展责任分工、督导和问责制度"),
    ("3.2.2", 5, "义务教育经费在预算中单列，近三年实现三个增长"),
    ("3.2.3", 4.5, "标准化建设基本完成，2 所薄弱学校改造在建"),
    ("3.2.4", 4, "转移支付资金用于义务教育的比例 56%，个别年度拨付滞后"),
    ("3.2.5", 4, "教育费附加足额征收，个别季度划拨滞后"),
    ("3.3.1", 8, "编制按标准核定，音体美教师仍有缺口"),
    ("3.3.2", 7, "交流轮岗制度已建立，骨干教师交流比例偏低"),
    ("3.3.3", 8, "培训经费按 5% 落实"),
    ("3.4.1", 9, "课程开齐开足"),
    ("3.4.2", 8.5, "体质健康达标率 93.1%"),
    ("3.4.3", 10, "未设重点学校和重点班"),
)


def scores(timeline: Timeline, cast: Cast, lists: dict[str, Checklist]) -> None:
    """The bureau's self-assessment by hand over the last two months; quality-2017's 2.11
    (the exchange of teachers) and 3.9 (the national quality monitoring report) not scored
    yet, nor basic-2012's entry (the province's standard)."""
    admin = cast.admin
    quality, basic = lists["quality-2017"], lists["basic-2012"]
    for position, (code, met, value, reason) in enumerate(QUALITY_SCORES):
        timeline.at(
            60 - position * 2,
            lambda code=code, met=met, value=value, reason=reason: checklists.item_score_set(
                actor=admin, item=_item(quality, code), justification=reason, met=met, value=value
            ),
        )
    for position, (code, score, reason) in enumerate(BASIC_SCORES):
        timeline.at(
            50 - position * 2,
            lambda code=code, score=score, reason=reason: checklists.item_score_set(
                actor=admin, item=_item(basic, code), justification=reason, score=score, met=True
            ),
        )


def vetoes_checked(cast: Cast, checklist: Checklist) -> None:
    """The checklist's veto items (一票否决) judged by hand and still unscored: checked, and
    none found. (basic-2012's 1.1, every school meeting the province's standard, is left to
    the province's standard file.)"""
    leaves = checklist.items.filter(veto=True, children__isnull=True, score__isnull=True)
    for item in leaves:
        if item.automatic or item.as_data().has_figure_rule:
            continue
        checklists.item_score_set(actor=cast.admin, item=item, justification=VETO_CHECKED, met=True)


def scores_from_data(cast: Cast, lists: dict[str, Checklist], year: int) -> None:
    """The items the data answer, scored from the year's school data."""
    for checklist in lists.values():
        autoscoring.checklist_score_automatic(actor=cast.admin, checklist=checklist, year=year)
