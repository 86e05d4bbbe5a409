"""A small sample of a Shaanxi 「双高双普」 checklist (docs/standards.md §4) as a bureau fills the
documented workbook layout by hand: two categories, the 双普 items scored from the county's
figures (系统数据 `county.…`), one item scored by a person. Thresholds are those the programme
is reported to use and are marked 待核实.

`data/shuanggao-sample.xlsx` is this table written by `write()`:

    .venv/bin/python tests/checklists/shuanggao.py
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

SAMPLE = Path(__file__).parent / "data" / "shuanggao-sample.xlsx"

HEADER = (
    "编码", "指标内容", "分值", "评分办法", "计分方式", "佐证材料", "数据项", "比较", "标准值",
    "单位", "系统数据", "一票否决", "条款", "待核实", "备注",
)  # fmt: skip
ROWS = (
    ("1", "普及学前教育", 30, "", "", "", "", "", None, "", "", "", "", "", ""),
    (
        "1.1", "学前三年毛入园率达到 85% 以上", 10, "达到得满分，否则不得分", "达标得满分",
        "教育事业统计报表", "学前三年毛入园率", "≥", 85, "%", "county.preschool_gross_rate",
        "", "", "是", "",
    ),
    (
        "1.2", "普惠性幼儿园覆盖率达到 80% 以上", 10, "按达到比例得分", "按比例得分",
        "普惠性幼儿园认定文件", "普惠性幼儿园覆盖率", "≥", 80, "%", "county.inclusive_coverage",
        "", "", "是", "",
    ),
    (
        "1.3", "公办园在园幼儿占比达到 50% 以上", 10, "达到得满分，否则不得分", "达标得满分",
        "", "公办园在园幼儿占比", "≥", 50, "%", "county.public_kindergarten_share",
        "", "", "是", "",
    ),
    ("2", "普及高中阶段教育", 20, "", "", "", "", "", None, "", "", "", "", "", ""),
    (
        "2.1", "高中阶段毛入学率达到 90% 以上", 15, "达到得满分，否则不得分", "达标得满分",
        "教育事业统计报表", "高中阶段毛入学率", "≥", 90, "%", "county.senior_gross_rate",
        "是", "", "是", "",
    ),
    (
        "2.2", "普通高中与中等职业教育招生规模大体相当", 5, "查阅招生计划，酌情评分", "人工评分",
        "招生计划", "", "", None, "", "", "", "", "", "",
    ),
)  # fmt: skip
INFO = (
    ("标识", "shaanxi-shuanggao-sample"),
    ("名称", "陕西省「双高双普」督导评估（示例）"),
    ("全部达标", "否"),
    ("说明", "示例：双普指标取本县填报的年度普及数据；标准值待核实"),
)


def write(path: Path = SAMPLE) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "指标体系"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    info = book.create_sheet("信息")
    for label, value in INFO:
        info.append((label, value))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


if __name__ == "__main__":
    write()
