"""A plan as an xlsx workbook (through junheng.workbooks): actions, transfers, years, CVs,
units, the schools still failing, the assumptions and the method."""

from __future__ import annotations

import io

from junheng.planning.levers import TEACHER_NAMES
from junheng.planning.result import INFEASIBLE, Plan
from junheng.reports.labels import cv_verdict, verdict
from junheng.reports.plan_report import (
    MODE_ZH,
    STATUS_ZH,
    URGENCY_ZH,
    assumption_rows,
    county_summary,
    indicator_rows,
    level_text,
    quantity,
    still_failing,
    unit_rows,
)

# Each sheet: (heading, value of a row, number format); rows are (county, item) pairs.
_ACTION_COLUMNS = (
    ("县代码", lambda c, a: c.county_code, None),
    ("年度", lambda c, a: a.year, None),
    ("学校标识码", lambda c, a: a.school_code, None),
    ("学校名称", lambda c, a: a.school_name, None),
    ("学段", lambda c, a: level_text(a.level), None),
    ("措施", lambda c, a: a.name_zh, None),
    ("数量", lambda c, a: quantity(a), "amount"),
    ("单位", lambda c, a: a.unit, None),
    ("单价(元)", lambda c, a: a.unit_cost, None),
    ("费用(万元)", lambda c, a: a.cost, "money"),
    ("缘由", lambda c, a: URGENCY_ZH[a.urgency], None),
)
_TRANSFER_COLUMNS = (
    ("县代码", lambda c, t: c.county_code, None),
    ("学段", lambda c, t: level_text(t.level), None),
    ("教师类别", lambda c, t: TEACHER_NAMES[t.kind][0], None),
    ("调出学校标识码", lambda c, t: t.from_code, None),
    ("调出学校", lambda c, t: t.from_name, None),
    ("调入学校标识码", lambda c, t: t.to_code, None),
    ("调入学校", lambda c, t: t.to_name, None),
    ("人数", lambda c, t: t.teachers, None),
    ("交流补贴(万元)", lambda c, t: t.cost, "money"),
)
_YEAR_COLUMNS = (
    ("县代码", lambda c, y: c.county_code, None),
    ("年度", lambda c, y: f"第{y.year}年", None),
    ("建设购置(万元)", lambda c, y: y.capital, "money"),
    ("人员(万元)", lambda c, y: y.staff, "money"),
    ("合计(万元)", lambda c, y: y.total, "money"),
)
_CV_COLUMNS = (
    ("县代码", lambda c, r: c.county_code, None),
    ("学段", lambda c, r: level_text(r["level"]), None),
    ("指标", lambda c, r: r["name"], None),
    ("规划前均值", lambda c, r: r["mean_before"], "money"),
    ("规划后均值", lambda c, r: r["mean_after"], "money"),
    ("规划前差异系数", lambda c, r: r["cv_before"], "cv"),
    ("规划后差异系数", lambda c, r: r["cv_after"], "cv"),
    ("规定值", lambda c, r: r["cv_max"], "cv"),
    ("规划后结论", lambda c, r: cv_verdict(r["cv_pass_after"]), None),
)
_UNIT_COLUMNS = (
    ("县代码", lambda c, u: c.county_code, None),
    ("学校标识码", lambda c, u: u["unit_code"], None),
    ("学校名称", lambda c, u: u["school_name"], None),
    ("学段", lambda c, u: level_text(u["level"]), None),
    ("在校生", lambda c, u: u["students"], None),
    ("规划前达标项", lambda c, u: u["met_before"], None),
    ("规划后达标项", lambda c, u: u.get("met_after"), None),
    ("规划前", lambda c, u: verdict(u["pass_before"]), None),
    ("规划后", lambda c, u: verdict(u.get("pass_after")), None),
)
_FAILING_COLUMNS = (
    ("县代码", lambda c, u: c.county_code, None),
    ("学校标识码", lambda c, u: u["school_code"], None),
    ("学校名称", lambda c, u: u["school_name"], None),
    ("学段", lambda c, u: level_text(u["level"]), None),
    ("在校生(人)", lambda c, u: u["students"], None),
    ("规划后达标项(项)", lambda c, u: u["met"], None),
)
_ASSUMPTION_COLUMNS = (
    ("项目", lambda c, r: r["label"], None),
    ("数值", lambda c, r: r["value"], None),
    ("单位", lambda c, r: r["unit"], None),
    ("说明", lambda c, r: r["note"], None),
)
_SUMMARY_COLUMNS = (
    ("县代码", lambda c, s: c.county_code, None),
    ("县名称", lambda c, s: c.county_name, None),
    ("年度", lambda c, s: c.year, None),
    ("方案", lambda c, s: MODE_ZH[c.mode], None),
    ("状态", lambda c, s: STATUS_ZH[c.status], None),
    ("花费(万元)", lambda c, s: None if c.status == INFEASIBLE else c.cost, "money"),
    ("全部达标最低花费(万元)", lambda c, s: c.least_cost, "money"),
    ("规划前未达到要求的学校（学部）", lambda c, s: s[0]["failing_units"] if s[0] else None, None),
    ("规划后未达到要求的学校（学部）", lambda c, s: s[1]["failing_units"] if s[1] else None, None),
    ("规划前资源配置结论", lambda c, s: verdict(s[0]["pass"]) if s[0] else "—", None),
    ("规划后资源配置结论", lambda c, s: verdict(s[1]["pass"]) if s[1] else "—", None),
    ("说明", lambda c, s: "；".join(r.zh for r in (*c.reasons, *c.notes)), None),
)


def render_xlsx(plan: Plan) -> bytes:
    from junheng.workbooks import SafeWorkbook

    buffer = io.BytesIO()
    workbook = SafeWorkbook(buffer, {"in_memory": True})
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    formats = {
        "money": workbook.add_format({"num_format": "#,##0.00"}),
        "cv": workbook.add_format({"num_format": "0.000"}),
        # whole items show no decimals; m² and 万元 at most two, as the plan rounds them
        "amount": workbook.add_format({"num_format": "#,##0.##"}),
    }

    def sheet(name: str, columns, items) -> None:
        ws = workbook.add_worksheet(name)
        for c, (heading, _, _) in enumerate(columns):
            ws.write(0, c, heading, header)
            ws.set_column(c, c, max(10, len(heading) * 2 + 2))
        for r, (county, item) in enumerate(items, start=1):
            for c, (_, value, number_format) in enumerate(columns):
                ws.write(r, c, value(county, item), formats.get(number_format))
        ws.freeze_panes(1, 0)

    counties = plan.counties
    summaries = [(c, (county_summary(c.before), county_summary(c.after))) for c in counties]
    sheet("规划汇总", _SUMMARY_COLUMNS, summaries)
    sheet("措施清单", _ACTION_COLUMNS, [(c, a) for c in counties for a in c.actions])
    sheet("交流轮岗", _TRANSFER_COLUMNS, [(c, t) for c in counties for t in c.transfers])
    sheet("年度支出", _YEAR_COLUMNS, [(c, y) for c in counties for y in c.yearly])
    sheet("差异系数", _CV_COLUMNS, [(c, r) for c in counties for r in indicator_rows(c)])
    sheet("学校达标", _UNIT_COLUMNS, [(c, u) for c in counties for u in unit_rows(c)])
    sheet("仍未达标", _FAILING_COLUMNS, [(c, u) for c in counties for u in still_failing(c)])
    sheet("测算假设", _ASSUMPTION_COLUMNS, [(None, row) for row in assumption_rows(plan.costs)])
    notes = workbook.add_worksheet("说明")
    notes.set_column(0, 0, 110)
    for r, line in enumerate(METHOD_NOTES):
        notes.write(r, 0, line)
    workbook.close()
    return buffer.getvalue()


METHOD_NOTES = (
    "改进规划的方法",
    "1. 混合整数规划（HiGHS 求解）：教室、教师为整数，面积（m²）与设备值（万元）为连续量。",
    "2. 每所参评学校（学部）至少 6 项指标达到标准、其余不低于标准的 85%；"
    "每项指标的差异系数不超过规定值。",
    "3. 差异系数约束是凸的二阶锥约束，用切平面外逼近；每轮把方案应用到学校数据，按评估标准重新"
    "计算差异系数，仍超过规定值时加切平面再求解，直到全部达到要求。",
    "4. 跨学段学校的校舍、场地、设备、多媒体教室按折合学生数分摊到各学段；教师按任教学段计。",
    "5. 交流轮岗只在本县公办县属学校之间、同一学段内进行，每校调入调出人数不超过设定上限。",
    "6. 新增教师与交流补贴按规划年限逐年计费；建设购置一次计费，按紧迫程度和花费从小到大"
    "分摊到各年度，使每年支出大致相同。",
    "7. 给出预算时：在预算内使达到要求的学校（学部）最多，其次花费最少；"
    "现已达到要求的学校（学部）保持达到要求。",
)
