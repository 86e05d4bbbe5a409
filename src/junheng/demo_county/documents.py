"""The bureau's documents: two numbered work bulletins (工作简报) and a notice (通报) drafted
from the rankings, each published on its day with the figures of that day."""

from __future__ import annotations

from junheng.bulletins import services as bulletins
from junheng.bulletins.choices import Column
from junheng.demo_county.clock import Timeline
from junheng.demo_county.people import Cast

# (days ago, 编者按, news items)
BULLETINS = (
    (
        45,
        "县委县政府召开义务教育优质均衡发展推进会，部署迎接省级督导评估工作。",
        (
            bulletins.ItemText(
                Column.POLICY,
                "解读《县域义务教育优质均衡发展督导评估办法》",
                "优质均衡评估包括资源配置、政府保障程度、教育质量和社会认可度四个方面，"
                "各方面均达到要求方可认定。资源配置要求每所学校 7 项指标至少 6 项达到标准，"
                "余项不低于标准的 85%，小学、初中差异系数分别不高于 0.50、0.45。",
            ),
            bulletins.ItemText(
                Column.NEWS,
                "全县迎检工作推进会召开",
                "县人民政府召开推进会，明确各乡镇、各部门迎检责任，印发指标分解表，"
                "要求各责任单位按期整理佐证材料。",
            ),
            bulletins.ItemText(
                Column.PROGRESS,
                "问题整改进展",
                "县督导室对全县学校开展包校走访，发现问题当场登记，逐一明确整改措施、"
                "责任人和整改期限。",
            ),
        ),
    ),
    (
        15,
        "距省级督导评估不足百日，请各单位对照问题清单逐项整改销号。",
        (
            bulletins.ItemText(
                Column.NEWS,
                "县级自评工作完成",
                "县人民政府组织完成县级自评，形成自评报告，并对照评估指标逐项核查佐证材料。",
            ),
            bulletins.ItemText(
                Column.PROGRESS,
                "逾期问题督办",
                "对逾期未完成整改的问题，县教育局逐一约谈责任单位，限期整改到位。",
            ),
            bulletins.ItemText(
                Column.EXPERIENCE,
                "一校一策化解大班额",
                "城区学校通过增设教学班、调配教师和分流新生，逐步化解大班额。",
            ),
        ),
    ),
)
NOTICE_DAYS_AGO = 10
COPIES = 60


def documents(timeline: Timeline, cast: Cast) -> None:
    """Each bulletin drafted, written and published on its day (第1期, 第2期), then the notice
    drafted from that day's rankings and published with its 发文字号."""
    admin, county = cast.admin, cast.county

    def bulletin(days: int, foreword: str, items: tuple[bulletins.ItemText, ...]) -> None:
        day = timeline.day(days)
        draft = bulletins.bulletin_create(actor=admin, county=county, today=day)
        draft = bulletins.bulletin_update(
            actor=admin,
            bulletin=draft,
            standard=draft.standard,
            title="",
            editor=draft.editor,
            foreword=foreword,
            items=items,
            report_to=draft.report_to,
            send_to=draft.send_to,
            issue_to=draft.issue_to,
            copies=COPIES,
        )
        bulletins.bulletin_publish(actor=admin, bulletin=draft, today=day)

    def notice() -> None:
        day = timeline.day(NOTICE_DAYS_AGO)
        draft = bulletins.notice_create(actor=admin, county=county, today=day)
        bulletins.notice_publish(actor=admin, notice=draft, today=day)

    for days, foreword, items in BULLETINS:
        timeline.at(days, lambda days=days, f=foreword, i=items: bulletin(days, f, i))
    timeline.at(NOTICE_DAYS_AGO, notice)
