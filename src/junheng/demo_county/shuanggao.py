"""The county's 「双高双普」 checklist (docs/standards.md §4): Junheng ships none, so the bureau
imports the province's workbook — here one the demo writes in the documented layout
(`checklist_core.workbook.checklist_workbook`, the layout the export writes back) — dry run,
then commit, as a bureau does on the checklists page.

Its 双普 items name the county's own figures (系统数据 `county.…`): entering them on the road
page (`demo_county.coverage`) scores them. Thresholds are those usually cited; the province's
own values are 待核实 (§4), and the items say so.
"""

from __future__ import annotations

from junheng.checklist_core.model import BINARY, MANUAL, PROPORTIONAL, ChecklistSpec, Item
from junheng.checklist_core.workbook import checklist_workbook
from junheng.checklists import imports
from junheng.checklists.models import Checklist
from junheng.demo_county.clock import Timeline
from junheng.demo_county.people import Cast

KEY = "shaanxi-shuanggao"
FILE_NAME = "陕西省双高双普督导评估指标体系.xlsx"
IMPORTED_DAYS_AGO = 125  # after the national checklists, before the figures are entered


def _rate_item(
    code: str, title: str, score: float, figure: str, threshold: float, source: str, **more
) -> Item:
    """An item scored from one of the county's 双普 rates (≥ threshold %)."""
    return Item(
        code=code,
        title=title,
        max_score=score,
        rule=more.pop("rule", "达到标准得满分，否则不得分"),
        scoring=more.pop("scoring", BINARY),
        evidence=("教育事业统计报表", "县统计局人口数据"),
        figure=figure,
        comparison=">=",
        threshold=threshold,
        unit="%",
        source=source,
        unconfirmed=True,
        **more,
    )


SPEC = ChecklistSpec(
    key=KEY,
    name="陕西省「双高双普」督导评估（学前和高中阶段教育）",
    note="双普指标取本县填报的年度普及数据；标准值为常用目标值，待按省文件核实",
    items=(
        Item("1", "普及学前教育", max_score=30),
        _rate_item(
            "1.1",
            "学前三年毛入园率达到 85% 以上",
            10,
            "学前三年毛入园率",
            85,
            "county.preschool_gross_rate",
        ),
        _rate_item(
            "1.2",
            "普惠性幼儿园覆盖率达到 80% 以上",
            10,
            "普惠性幼儿园覆盖率",
            80,
            "county.inclusive_coverage",
            rule="达到标准得满分，未达到按实际值与标准值之比得分",
            scoring=PROPORTIONAL,
        ),
        _rate_item(
            "1.3",
            "公办园在园幼儿占比达到 50% 以上",
            10,
            "公办园在园幼儿占比",
            50,
            "county.public_kindergarten_share",
        ),
        Item("2", "普及高中阶段教育", max_score=20),
        _rate_item(
            "2.1",
            "高中阶段毛入学率达到 90% 以上",
            15,
            "高中阶段毛入学率",
            90,
            "county.senior_gross_rate",
            veto=True,
        ),
        Item(
            "2.2",
            "普通高中与中等职业教育招生规模大体相当",
            max_score=5,
            rule="查阅近三年招生计划和录取情况，酌情评分",
            scoring=MANUAL,
            evidence=("近三年高中阶段招生计划", "录取统计表"),
        ),
    ),
)


def shuanggao_workbook() -> bytes:
    """The province's checklist as the bureau receives it: a workbook in the documented layout."""
    return checklist_workbook(SPEC)


def shuanggao_import(timeline: Timeline, cast: Cast) -> None:
    """The bureau imports the workbook: the dry run must find no problem, then every item."""

    def load() -> Checklist:
        batch = imports.checklist_import_preview(
            actor=cast.admin, county=cast.county, name=FILE_NAME, data=shuanggao_workbook()
        )
        problems = batch.preview.get("problems") or []
        if problems:
            raise RuntimeError(f"the demo's 双高双普 workbook does not import: {problems[:3]}")
        return imports.checklist_import_commit(actor=cast.admin, batch=batch)

    timeline.at(IMPORTED_DAYS_AGO, load)
