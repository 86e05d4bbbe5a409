"""A checklist as an Excel workbook, in the layout `layout` documents, and back.

`checklist_workbook(checklist)` writes what `read_checklist_workbook` reads: the round trip
gives the same checklist. `blank_workbook()` is the template a bureau fills in.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection, Iterable
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from junheng.checklist_core.checks import RawRow, build_checklist
from junheng.checklist_core.figures import FIGURES
from junheng.checklist_core.layout import (
    COLUMNS,
    HELP_SHEET,
    INFO_FIELDS,
    INFO_KEY_OF_LABEL,
    INFO_SHEET,
    ITEMS_SHEET,
    KEY_OF_HEADER,
    text,
)
from junheng.checklist_core.model import COMPARISONS, SCORING_NAMES, ChecklistSpec, Item
from junheng.evaluation.errors import DataError, InputProblem

# how far down a sheet the header row is looked for: one depth for every workbook the project
# reads (the school-data template's)
from junheng.evaluation.template_files import HEADER_SEARCH_ROWS
from junheng.evaluation.workbook_limits import Shape, measure_workbook, upload_limits
from junheng.workbooks import append_row

MAX_ITEMS = 5000
# the columns a checklist sheet may use: its 15 and a bureau's notes
MAX_COLUMNS = 100
BLANK_ROWS = 400
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
_CATEGORY_FILL = PatternFill("solid", fgColor="F2F5F9")


# reading ------------------------------------------------------------------------------------


def read_checklist_workbook(
    data: bytes,
    *,
    file: str,
    known_sources: Collection[str] | None = None,
    default_key: str = "",
    default_name: str = "",
) -> ChecklistSpec:
    """The checked checklist of a workbook; DataError with every problem by row and column."""
    sources = FIGURES.keys() if known_sources is None else known_sources
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _unreadable(file, zipfile.BadZipFile())
    shape = measure_workbook(file, data, upload_limits(MAX_ITEMS, columns=MAX_COLUMNS))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise _unreadable(file, error) from None
    try:
        sheet, header_row, columns = _find_items_sheet(book, file)
        rows = _raw_rows(sheet, header_row, columns, file, shape)
        meta = _read_info(book)
    except DataError:
        raise
    except Exception as error:  # a truncated or malformed sheet fails while it is parsed
        raise _unreadable(file, error) from None
    finally:
        book.close()
    return build_checklist(
        file=file,
        meta=meta,
        rows=rows,
        known_sources=sources,
        default_key=default_key,
        default_name=default_name,
    )


def _unreadable(file: str, error: Exception) -> DataError:
    return DataError(
        [
            InputProblem(
                file,
                None,
                None,
                "无法读取该文件，请上传 .xlsx 格式的 Excel 工作簿（可先下载空白模板）",
                f"not a readable .xlsx workbook ({type(error).__name__})",
            )
        ]
    )


def _find_items_sheet(book: Any, file: str) -> tuple[Any, int, dict[int, str]]:
    names = [ITEMS_SHEET] if ITEMS_SHEET in book.sheetnames else []
    names += [n for n in book.sheetnames if n not in (ITEMS_SHEET, INFO_SHEET, HELP_SHEET)]
    for name in names:
        sheet = book[name]
        for number, cells in enumerate(
            sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1
        ):
            headers = {i: text(v) for i, v in enumerate(cells) if text(v)}
            if "编码" in headers.values():
                columns = {i: KEY_OF_HEADER[h] for i, h in headers.items() if h in KEY_OF_HEADER}
                missing = [
                    c.header for c in COLUMNS if c.required and c.key not in columns.values()
                ]
                if missing:
                    raise DataError(
                        [
                            InputProblem(
                                file,
                                number,
                                h,
                                f"缺少必填列「{h}」",
                                f"the required column {h!r} is missing",
                            )
                            for h in missing
                        ]
                    )
                return sheet, number, columns
    raise DataError(
        [
            InputProblem(
                file,
                None,
                None,
                f"找不到指标表：工作表「{ITEMS_SHEET}」前 {HEADER_SEARCH_ROWS} 行中"
                "应有表头「编码」",
                f"no items sheet: a header 编码 is expected in the first {HEADER_SEARCH_ROWS} rows",
            )
        ]
    )


def _raw_rows(
    sheet: Any, header_row: int, columns: dict[int, str], file: str, shape: Shape
) -> list[RawRow]:
    rows: list[RawRow] = []
    # no more rows and columns than measured: a sheet's dimension may claim a million
    last_column = min(shape.last_column or MAX_COLUMNS, MAX_COLUMNS)
    for number, cells in enumerate(
        sheet.iter_rows(
            min_row=header_row + 1,
            max_row=max(shape.last_row, header_row + 1),
            max_col=last_column,
            values_only=True,
        ),
        start=header_row + 1,
    ):
        values = {key: cells[i] if i < len(cells) else None for i, key in columns.items()}
        if not any(text(v) for v in values.values()):
            continue
        rows.append(RawRow(number, values))
        if len(rows) > MAX_ITEMS:
            raise DataError(
                [
                    InputProblem(
                        file,
                        number,
                        None,
                        f"指标超过 {MAX_ITEMS} 项，请检查文件",
                        f"more than {MAX_ITEMS} items",
                    )
                ]
            )
    return rows


def _read_info(book: Any) -> dict[str, Any]:
    if INFO_SHEET not in book.sheetnames:
        return {}
    meta: dict[str, Any] = {}
    for cells in book[INFO_SHEET].iter_rows(max_row=50, max_col=2, values_only=True):
        label = text(cells[0]) if cells else ""
        if label in INFO_KEY_OF_LABEL and len(cells) > 1:
            meta[INFO_KEY_OF_LABEL[label]] = cells[1]
    return meta


# writing ------------------------------------------------------------------------------------


def item_cells(item: Item) -> dict[str, Any]:
    """The workbook cells of one item, by column key."""
    return {
        "code": item.code,
        "title": item.title,
        "max_score": item.max_score,
        "rule": item.rule,
        "scoring": SCORING_NAMES[item.scoring],
        "evidence": "\n".join(item.evidence),
        "figure": item.figure,
        "comparison": COMPARISONS.get(item.comparison, ""),
        "threshold": item.threshold,
        "unit": item.unit,
        "source": item.source,
        "veto": "是" if item.veto else "",
        "clause": item.clause,
        "unconfirmed": "是" if item.unconfirmed else "",
        "note": item.note,
    }


def checklist_workbook(checklist: ChecklistSpec) -> bytes:
    """The checklist in the documented layout."""
    return _workbook(checklist, checklist.ordered())


def blank_workbook() -> bytes:
    """The blank template: headers, the info sheet to fill, and the instructions."""
    return _workbook(None, [])


def _workbook(checklist: ChecklistSpec | None, items: Iterable[Item]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = ITEMS_SHEET
    append_row(sheet, [c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "C2"
    count = 0
    for item in items:
        cells = item_cells(item)
        append_row(sheet, [cells[c.key] for c in COLUMNS])
        count += 1
        row = count + 1
        sheet.cell(row=row, column=1).number_format = "@"
        for index in (2, 4, 6):
            sheet.cell(row=row, column=index).alignment = Alignment(wrap_text=True, vertical="top")
        if item.depth == 1:
            for index in range(1, len(COLUMNS) + 1):
                sheet.cell(row=row, column=index).fill = _CATEGORY_FILL
            sheet.cell(row=row, column=2).font = Font(bold=True)
    for row in range(count + 2, count + 2 + BLANK_ROWS):
        sheet.cell(row=row, column=1).number_format = "@"
    _validations(sheet, count + 1 + BLANK_ROWS)
    _info_sheet(book, checklist)
    _help_sheet(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _validations(sheet: Any, last_row: int) -> None:
    letters = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
    lists = {
        "scoring": ",".join(SCORING_NAMES.values()),
        "comparison": ",".join(COMPARISONS.values()),
        "veto": "是,否",
        "unconfirmed": "是,否",
    }
    for key, options in lists.items():
        validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
        validation.add(f"{letters[key]}2:{letters[key]}{last_row}")
        sheet.add_data_validation(validation)


def _info_sheet(book: Workbook, checklist: ChecklistSpec | None) -> None:
    sheet = book.create_sheet(INFO_SHEET)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 60
    values: dict[str, Any] = {}
    if checklist is not None:
        values = {
            "key": checklist.key,
            "name": checklist.name,
            "document": checklist.document,
            "pass_score": checklist.pass_score,
            "all_required": "是" if checklist.all_required else "否",
            "note": checklist.note,
        }
    for key, label in INFO_FIELDS:
        append_row(sheet, [label, values.get(key)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)


HELP_LINES = (
    "本模板用于导入省、市的督导评估指标体系（如陕西「双高双普」）。",
    "「指标体系」表：第 1 行为表头，每行一项指标；表头名称不可修改，"
    "列的顺序可以调整，可增加其他列（导入时忽略）。",
    "编码为层级编码：1 为一级指标（类别），1.2 为其下的二级指标，1.2.3 为三级指标，最多 6 级；"
    "编码列须为文本格式，否则 1.10 会被 Excel 存为 1.1。",
    "每项指标的上级指标必须在表中；编码不能重复。",
    "分值为满分；上级指标填写分值时，其下级指标分值之和必须与之相等。"
    "不计分、只判达标与否的指标分值留空。",
    "计分方式：人工评分（由责任人评分并说明理由）、达标得满分、"
    "按比例得分（未达标时按实际值与标准值之比给分）。",
    "数据项、比较、标准值、单位描述可量化的要求，如「小学班额 ≤ 45 人」；"
    "「比较」和「标准值」须同时填写。",
    "系统数据：填写下表中的代码后，系统根据学校年度数据自动计算该数据项并评分。",
    "佐证材料每行一项（或用「；」分隔），每项将在台账中单独检查是否齐全。",
    "一票否决、待核实填「是」或留空。",
    "「信息」表填写指标体系的标识（英文字母、数字和连字符，如 shaanxi-shuanggao）、"
    "名称、文号、及格分、全部达标（是/否）。",
    "导入时先检查并预览，文件中有任何错误都不会导入；确认后一次性全部导入。",
)


def _help_sheet(book: Workbook) -> None:
    sheet = book.create_sheet(HELP_SHEET)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 36
    sheet.column_dimensions["C"].width = 8
    sheet.column_dimensions["D"].width = 70
    append_row(sheet, ["填写说明"])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    for line in HELP_LINES:
        append_row(sheet, [line])
    append_row(sheet, [])
    append_row(sheet, ["列", "说明"])
    for column in COLUMNS:
        append_row(sheet, [column.header, ("必填；" if column.required else "") + column.help])
    append_row(sheet, [])
    append_row(sheet, ["系统数据代码", "名称", "单位", "计算方法"])
    header_row = sheet.max_row
    for index in range(1, 5):
        sheet.cell(row=header_row, column=index).font = Font(bold=True)
    for figure in FIGURES.values():
        append_row(sheet, [figure.key, figure.name, figure.unit, figure.method])
