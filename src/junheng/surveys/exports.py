"""The results as a workbook: the same figures, scope and small-group protection as the
results page, with the formula on every sheet, labelled the county's own survey (本县自测)."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone

from junheng.surveys.selectors.results import MIN_RESPONSES, Named, RateCell, Results
from junheng.workbooks import SafeWorkbook

# The workbook is in Chinese whatever the page's language (as its other texts).
SELF_TEST_TEXT = (
    "本县自测：本调查由县教育局自行组织，是迎检前的自测；"
    "优质均衡的社会认可度正式调查由国家督导部门组织实施。"
)


def results_workbook(results: Results) -> bytes:
    buffer = io.BytesIO()
    book = SafeWorkbook(buffer, {"in_memory": True})
    fmt = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "head": book.add_format(
            {"bold": True, "bg_color": "#EEF2F6", "border": 1, "text_wrap": True}
        ),
        "cell": book.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "pct": book.add_format({"border": 1, "num_format": "0.0%"}),
        "bad": book.add_format({"border": 1, "num_format": "0.0%", "font_color": "#B3261E"}),
        "note": book.add_format({"italic": True, "font_color": "#5D6B7A", "text_wrap": True}),
    }
    survey = results.survey
    target = float(results.target)

    def header(sheet: Any, title: str, columns: list[str], widths: list[int]) -> int:
        sheet.write(0, 0, f"{survey.title}（{survey.year}，本县自测）— {title}", fmt["title"])
        sheet.write(
            1,
            0,
            f"范围：{results.scope}；{survey.formula_text_zh()}；达标线 {target:.0%}",
            fmt["note"],
        )
        for col, (name, width) in enumerate(zip(columns, widths, strict=True)):
            sheet.write(3, col, name, fmt["head"])
            sheet.set_column(col, col, width)
        sheet.freeze_panes(4, 0)
        return 4

    def rate(sheet: Any, row: int, col: int, cell: RateCell) -> None:
        if cell.suppressed:
            sheet.write(row, col, f"少于 {MIN_RESPONSES} 份，不单独显示", fmt["cell"])
        elif cell.rate is None:
            sheet.write(row, col, "—", fmt["cell"])
        else:
            sheet.write_number(row, col, cell.rate.value, fmt["pct" if cell.meets else "bad"])

    def tally(sheet: Any, row: int, col: int, cell: RateCell) -> None:
        t = cell.tally if not cell.suppressed else None
        for offset, value in enumerate(
            (t.full, t.partial, t.none, t.skip) if t else ("", "", "", "")
        ):
            sheet.write(row, col + offset, value, fmt["cell"])

    tally_heads = ["满意类", "基本满意类", "不满意类", "不计入"]

    def named(title: str, rows: list[Named], first: list[str], values: Any) -> None:
        sheet = book.add_worksheet(title)
        columns = [*first, "答卷数", "满意率", *tally_heads]
        row = header(sheet, title, columns, [24] * len(first) + [10, 12, 10, 12, 10, 10])
        for item in rows:
            for col, value in enumerate(values(item)):
                sheet.write(row, col, value, fmt["cell"])
            base = len(first)
            sheet.write_number(row, base, item.cell.responses, fmt["cell"])
            rate(sheet, row, base + 1, item.cell)
            tally(sheet, row, base + 2, item.cell)
            row += 1

    sheet = book.add_worksheet("总体")
    row = header(sheet, "总体", ["项目", "数值"], [30, 60])
    overall = results.overall
    for label, value in (
        ("调查性质", SELF_TEST_TEXT),
        ("范围", results.scope),
        ("答卷数", results.responses),
        ("量表题有效回答数", overall.tally.answered),
        ("计算公式", survey.formula_text_zh()),
        ("达标线", f"{target:.0%}"),
        ("导出时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ):
        sheet.write(row, 0, label, fmt["cell"])
        sheet.write(row, 1, value, fmt["cell"])
        row += 1
    sheet.write(row, 0, "满意率", fmt["cell"])
    rate(sheet, row, 1, overall)

    named("按调查对象", results.by_group, ["调查对象"], lambda g: [g.label])
    if results.by_township:
        named("按乡镇", results.by_township, ["乡镇"], lambda t: [t.label])
    named("按学校", results.by_school, ["学校", "乡镇"], lambda s: [s.label, s.township])

    sheet = book.add_worksheet("按题目")
    labels = survey.scale_labels()
    row = header(
        sheet,
        "按题目",
        ["问卷", "题号", "题目", "回答数", "满意率", *labels],
        [14, 6, 50, 10, 10, *[10] * len(labels)],
    )
    for q in results.questions:
        for col, value in enumerate((q.questionnaire, q.number, q.question.text)):
            sheet.write(row, col, value, fmt["cell"])
        sheet.write_number(row, 3, q.cell.responses, fmt["cell"])
        rate(sheet, row, 4, q.cell)
        for offset, (_label, n) in enumerate(q.options):
            sheet.write_number(row, 5 + offset, n, fmt["cell"])
        row += 1

    sheet = book.add_worksheet("选择题")
    row = header(
        sheet,
        "选择题",
        ["问卷", "题号", "题目", "选项", "人次", "占答题人数"],
        [14, 6, 40, 24, 8, 12],
    )
    for c in results.choices:
        for label, n, share in c.options:
            for col, value in enumerate((c.questionnaire, c.number, c.question.text, label)):
                sheet.write(row, col, value, fmt["cell"])
            sheet.write_number(row, 4, n, fmt["cell"])
            sheet.write_number(row, 5, share, fmt["pct"])
            row += 1

    sheet = book.add_worksheet("文字意见")
    row = header(sheet, "文字意见", ["学校", "调查对象", "题目", "意见"], [24, 12, 36, 70])
    for block in results.comments:
        for text in block.texts:
            for col, value in enumerate((block.school, block.group, block.question, text)):
                sheet.write(row, col, value, fmt["cell"])
            row += 1
    if results.suppressed_comments:
        sheet.write(
            row + 1,
            0,
            f"另有 {results.suppressed_comments} 条意见来自答卷少于 {MIN_RESPONSES} 份的"
            "学校和调查对象，为保护作答人不予显示。",
            fmt["note"],
        )
    book.close()
    return buffer.getvalue()
