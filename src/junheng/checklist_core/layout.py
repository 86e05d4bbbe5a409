"""The columns of a checklist, as the workbook and the standard files write them.

Workbook layout (工作簿格式), sheet 「指标体系」, header in row 1, one item per row:

| 列 | 表头 | 必填 | 内容 |
|---|---|---|---|
| A | 编码 | 是 | 层级编码：1 为一级指标（类别），1.2 为二级指标，1.2.3 为三级指标；须为文本格式 |
| B | 指标内容 | 是 | 指标的文字表述 |
| C | 分值 | 否 | 满分（数字）；上级指标填写时须等于下级指标分值之和；达标类指标留空 |
| D | 评分办法 | 否 | 评分标准的文字 |
| E | 计分方式 | 否 | 人工评分 / 达标得满分 / 按比例得分；留空：有系统数据的达标得满分 |
| F | 佐证材料 | 否 | 需要的佐证材料，每行一项（或用「；」分隔） |
| G | 数据项 | 否 | 可量化指标的名称，如 小学班额 |
| H | 比较 | 否 | ≥ ≤ > < =（也可写 >= <=） |
| I | 标准值 | 否 | 数字，与「比较」同时填写 |
| J | 单位 | 否 | 如 人、%、平方米 |
| K | 系统数据 | 否 | 系统能从学校年度数据计算的数据项代码（见「填写说明」表），填写后自动评分 |
| L | 一票否决 | 否 | 是 / 否 |
| M | 条款 | 否 | 原文条款号，如 B1、政府保障程度(3) |
| N | 待核实 | 否 | 是 / 否：该项数据未经公开文本核实，请按本省文件修改 |
| O | 备注 | 否 | |

Sheet 「信息」 (optional): column A the name, column B the value, one per row — 标识 (a short
key such as shaanxi-shuanggao), 名称, 文号, 及格分, 全部达标 (是/否), 说明.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from junheng.checklist_core.model import (
    BINARY,
    COMPARISON_ALIASES,
    MANUAL,
    PROPORTIONAL,
    SCORING_NAMES,
    format_number,
)

ITEMS_SHEET = "指标体系"
INFO_SHEET = "信息"
HELP_SHEET = "填写说明"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    help: str
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("code", "编码", 10, "层级编码：1、1.2、1.2.3（文本格式）", required=True),
    Column("title", "指标内容", 48, "指标的文字表述", required=True),
    Column("max_score", "分值", 7, "满分；上级指标的分值须等于下级指标分值之和"),
    Column("rule", "评分办法", 36, "评分标准"),
    Column("scoring", "计分方式", 11, "人工评分 / 达标得满分 / 按比例得分"),
    Column("evidence", "佐证材料", 36, "每行一项，或用「；」分隔"),
    Column("figure", "数据项", 16, "可量化指标的名称"),
    Column("comparison", "比较", 6, "≥ ≤ > < ="),
    Column("threshold", "标准值", 8, "数字"),
    Column("unit", "单位", 7, "人、%、平方米等"),
    Column("source", "系统数据", 22, "系统自动计算的数据项代码，见下表"),
    Column("veto", "一票否决", 8, "是 / 否"),
    Column("clause", "条款", 14, "原文条款号"),
    Column("unconfirmed", "待核实", 7, "是：该项数据未经公开文本核实"),
    Column("note", "备注", 24, ""),
)
HEADERS = {column.key: column.header for column in COLUMNS}
KEY_OF_HEADER = {column.header: column.key for column in COLUMNS}

INFO_FIELDS = (
    ("key", "标识"),
    ("name", "名称"),
    ("document", "文号"),
    ("pass_score", "及格分"),
    ("all_required", "全部达标"),
    ("note", "说明"),
)
INFO_KEY_OF_LABEL = {label: key for key, label in INFO_FIELDS}

SCORING_OF_TEXT = {
    **{name: key for key, name in SCORING_NAMES.items()},
    MANUAL: MANUAL,
    BINARY: BINARY,
    PROPORTIONAL: PROPORTIONAL,
    "达标得分": BINARY,
    "比例得分": PROPORTIONAL,
}
YES = frozenset({"是", "Y", "y", "yes", "Yes", "YES", "true", "True", "TRUE", "1", "√", "✓"})
NO = frozenset({"", "否", "N", "n", "no", "No", "NO", "false", "False", "FALSE", "0", "×", "✗"})


class CellError(ValueError):
    """A cell's value cannot be read; `zh` and `en` say why."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def code_text(value: Any) -> str:
    """A code as written; a number Excel stored (1.2) becomes its shortest text."""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return text(value)


def number(value: Any, header: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(f"{header}「{value}」不是数字", f"{header} {value!r} is not a number")
    if isinstance(value, int | float):
        return float(value)
    raw = str(value).strip().replace("，", "").replace(",", "")
    raw = raw.translate(str.maketrans("０１２３４５６７８９．－", "0123456789.-"))
    try:
        result = float(raw)
    except ValueError:
        raise CellError(
            f"{header}「{value}」不是数字", f"{header} {value!r} is not a number"
        ) from None
    if result != result or result in (float("inf"), float("-inf")):
        raise CellError(f"{header}「{value}」不是数字", f"{header} {value!r} is not a number")
    return result


def flag(value: Any, header: str) -> bool:
    raw = text(value)
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(f"{header}只能填「是」或「否」，不能是「{raw}」", f"{header} must be 是 or 否")


def evidence_list(value: Any) -> tuple[str, ...]:
    raw = text(value).replace("\r", "\n").replace("；", "\n").replace(";", "\n")
    return tuple(part.strip() for part in raw.split("\n") if part.strip())


def comparison(value: Any) -> str:
    raw = text(value).replace(" ", "")
    if not raw:
        return ""
    if raw not in COMPARISON_ALIASES:
        raise CellError(
            f"比较「{raw}」无法识别，应为 ≥ ≤ > < = 之一", f"unknown comparison {raw!r}"
        )
    return COMPARISON_ALIASES[raw]


def scoring(value: Any) -> str:
    raw = text(value)
    if not raw:
        return ""
    if raw not in SCORING_OF_TEXT:
        raise CellError(
            f"计分方式「{raw}」无法识别，应为 人工评分 / 达标得满分 / 按比例得分",
            f"unknown scoring {raw!r}",
        )
    return SCORING_OF_TEXT[raw]
