"""Chinese labels shared by the human-facing reports."""

from __future__ import annotations

import re

from junheng.evaluation.levels import LEVEL_NAMES
from junheng.evaluation.parts import MET, STATE_NAMES, UNMET
from junheng.evaluation.standard import Indicator, Standard

GAP_UNITS = {
    "teaching_room_area": "m²",
    "sports_area": "m²",
    "equipment_value": "万元",
    "computers": "台",
    "books": "册",
    "multimedia_classrooms": "间",
}

# The template's resource columns, without their level prefix (teachers are per level).
RESOURCE_NAMES = {
    "teaching_room_area": "教学及辅助用房面积",
    "sports_area": "体育运动场馆面积",
    "equipment_value": "教学仪器设备值",
    "computers": "教学用计算机",
    "books": "图书",
    "multimedia_classrooms": "网络多媒体教室",
    "teachers": "专任教师",
    "qualified_teachers": "高于规定学历教师",
    "senior_title_teachers": "中级及以上职称教师",
    "backbone_teachers": "县级及以上骨干教师",
    "pe_art_teachers": "体育艺术专任教师",
}

# The same in English, for pages in English (the reports are Chinese documents).
RESOURCE_NAMES_EN = {
    "teaching_room_area": "teaching and auxiliary room area",
    "sports_area": "sports ground area",
    "equipment_value": "teaching equipment value",
    "computers": "computers for teaching",
    "books": "books",
    "multimedia_classrooms": "networked multimedia classrooms",
    "teachers": "full-time teachers",
    "qualified_teachers": "teachers above the required degree",
    "senior_title_teachers": "teachers with intermediate or higher titles",
    "backbone_teachers": "county-level or higher backbone teachers",
    "pe_art_teachers": "full-time PE and arts teachers",
}

# A gap's unit in English (m² stays m²).
UNITS_EN = {
    "m²": "m²",
    "万元": "10,000 yuan",
    "台": "computers",
    "册": "books",
    "间": "rooms",
    "人": "teachers",
}

# Short names for chart axes and narrow table headers; a province's own indicator falls back
# to its full name.
SHORT_NAMES = {
    "teaching_room_area_per_student": "生均教学及辅助用房",
    "sports_area_per_student": "生均体育运动场馆",
    "equipment_value_per_student": "生均教学仪器设备值",
    "computers_per_100_students": "百生计算机",
    "books_per_student": "生均图书",
    "teachers_per_100_students": "百生专任教师",
    "qualified_teachers_per_100_students": "百生高学历教师",
    "senior_title_teachers_per_100_students": "百生中级职称教师",
    "backbone_teachers_per_100_students": "百生骨干教师",
    "pe_art_teachers_per_100_students": "百生体艺教师",
    "multimedia_classrooms_per_100_students": "百生多媒体教室",
}

# The measures beyond the standard, as the reports name and explain them.
ANALYSIS_NOTES = (
    (
        "未加权差异系数",
        "各校指标值的简单标准差 ÷ 简单平均数，不按在校生数加权；仅供对照（常见的错误算法）。",
    ),
    ("基尼系数", "按在校生数加权的基尼系数，0 为完全均衡，越大越不均衡。"),
    (
        "泰尔指数",
        "按在校生数加权的泰尔 T 指数，可分解为乡镇间差异与乡镇内差异两部分，"
        "用于判断差距主要在乡镇之间还是乡镇内部。",
    ),
    (
        "麦克卢恩指数",
        "低于加权中位数的学校所拥有的资源 ÷ 它们达到中位数所需的资源，1 为底部无差距。",
    ),
    ("最大/最小比", "指标最大值 ÷ 最小值（最小值为 0 时不计算）。"),
    (
        "方差贡献占比",
        "某校在加权方差 Σ(Pᵢ/P)(xᵢ − 均值)² 中所占的份额："
        "份额最大的学校是降低差异系数最有效的着力点。",
    ),
)

CV_FORMULA = (
    "xᵢ = Rᵢ ÷ Pᵢ（Rᵢ 为第 i 所参评学校（学部）的资源量，Pᵢ 为其在校生数）",
    "P = ΣPᵢ，加权均值 x̄ = ΣRᵢ ÷ P",
    "加权标准差 S = √[ Σ (Pᵢ ÷ P)(xᵢ − x̄)² ]",
    "差异系数 CV = S ÷ x̄（按在校生数加权的总体形式）",
)


def gap_unit(column: str) -> str:
    """The unit of a gap in the template's column: m², 万元, rooms, teachers."""
    return GAP_UNITS.get(column, "人")


# A verdict on a school (section) or on a whole part; a CV against its limit.
VERDICT_WORDS = (STATE_NAMES[MET], STATE_NAMES[UNMET])
CV_VERDICT_WORDS = ("未超过规定值", "超过规定值")


def verdict(passed: bool | None) -> str:
    """达到要求 / 未达到要求 (a school's or a part's verdict; never the county's)."""
    if passed is None:
        return "—"
    return VERDICT_WORDS[0] if passed else VERDICT_WORDS[1]


def cv_verdict(passed: bool | None) -> str:
    """未超过规定值 / 超过规定值: a coefficient of variation against its limit."""
    if passed is None:
        return "—"
    return CV_VERDICT_WORDS[0] if passed else CV_VERDICT_WORDS[1]


def level_name(level: str) -> str:
    return LEVEL_NAMES.get(level, level)


def indicator_label(indicator: Indicator) -> str:
    """生均教学及辅助用房面积（m²）: the name and unit the standard file shows."""
    return indicator.shown_label


def short_label(indicator: Indicator) -> str:
    """百生骨干教师（人）: for chart axes and narrow headers. An indicator the file shows
    under a name of its own (basic-2012's 师生比) keeps that name."""
    if indicator.display_name != indicator.name:
        return indicator.shown_label
    name = SHORT_NAMES.get(indicator.key, indicator.name)
    return f"{name}（{indicator.display_unit}）" if indicator.display_unit else name


def display_notes(standard: Standard) -> tuple[str, ...]:
    """Each indicator the file shows on another scale: 「师生比 = 每百名学生拥有专任教师数
    (师生比) × 0.01」."""
    return tuple(
        f"{i.display_name} = {i.name} × {i.display_scale:g}（差异系数不受换算影响）。"
        for i in standard.indicators
        if i.display_scale != 1
    )


def resource_name(resource: str) -> str:
    """The Chinese name of a template resource column, with or without its level prefix."""
    bare = resource.replace("{level}_", "")
    for level in LEVEL_NAMES:
        bare = bare.removeprefix(f"{level}_")
    return RESOURCE_NAMES.get(bare, bare)


def resource_name_en(resource: str) -> str:
    """The English name of a template resource column, with or without its level prefix."""
    bare = resource.replace("{level}_", "")
    for level in LEVEL_NAMES:
        bare = bare.removeprefix(f"{level}_")
    return RESOURCE_NAMES_EN.get(bare, bare)


# the counted units of one (「1 teacher」, not 「1 teachers」)
UNITS_EN_ONE = {"台": "computer", "册": "book", "间": "room", "人": "teacher"}


def unit_en(unit: str, amount: float | str | None = None) -> str:
    """A gap's unit (m², 万元, 间, 人 …) in English, in the singular for an amount of 1."""
    if amount is not None and str(amount).strip() in ("1", "1.0") and unit in UNITS_EN_ONE:
        return UNITS_EN_ONE[unit]
    return UNITS_EN.get(unit, unit)


def resource_unit(indicator: Indicator) -> str:
    """The unit the indicator's gap is counted in (m², 万元, 间, 人)."""
    return gap_unit(indicator.resource_column("primary"))


def chinese(text: str | None) -> str:
    """The Chinese half of a bilingual "中文 / English" message."""
    if not text:
        return ""
    return text.split(" / ", 1)[0]


def cv_rule(standard: Standard) -> str:
    """The standard's CV limit, in one sentence."""
    limits = "，".join(f"{level_name(lv)} ≤ {standard.cv_max[lv]:.2f}" for lv in standard.levels)
    if standard.cv_mode == "composite":
        return f"综合差异系数（各项指标差异系数的算术平均值）：{limits}"
    return f"每项指标的差异系数：{limits}"


def school_rule(standard: Standard) -> str | None:
    """The per-school rule in one sentence, or None when the standard sets no thresholds."""
    rule = standard.school_rule
    if rule is None:
        return None
    total = len(standard.indicators)
    text = f"每所参评学校（学部）{total} 项指标中至少 {rule.min_met} 项达到标准"
    if rule.min_met < total:
        text += f"，其余指标不低于标准的 {rule.floor_ratio:.0%}"
    return text


def unit_rules(standard: Standard) -> tuple[str, ...]:
    """How schools take part (a school with two levels as two sections) and which are left out."""
    weights = standard.split_weights
    ratio = " : ".join(
        f"{level_name(level)} {weights[level]:g}" for level in ("primary", "junior", "senior")
    )
    lines = [
        "跨学段学校按学段分为小学部、初中部分别参评；教师按任教学段计数；"
        f"校舍、场地、设备、计算机、图书、多媒体教室按折合学生数分摊（折合系数 {ratio}）。",
    ]
    rules = standard.units
    left_out = [*rules.exclude_ownership, *rules.exclude_affiliation]
    if left_out:
        lines.append(f"不参与计算：{'、'.join(left_out)}学校。")
    minimum = rules.teaching_point_own_unit_min_students
    if minimum is None:
        if rules.smaller_teaching_points == "merge":
            lines.append("小学教学点并入所属学校的小学部参评。")
        else:
            lines.append("小学教学点不参与计算。")
    elif rules.smaller_teaching_points == "merge":
        lines.append(
            f"在校生 {minimum} 人及以上的教学点单独参评，不足 {minimum} 人的并入所属学校。"
        )
    else:
        lines.append(f"在校生 {minimum} 人及以上的教学点单独参评，不足 {minimum} 人的不参与计算。")
    lines.append("特殊教育学校、职业学校不属于学校数据模板的学校类型，不参与计算。")
    return tuple(lines)


# The issuing prefixes of the documents the pages cite, in the pinyin an English reader of
# Chinese policy documents meets them in (教督〔2017〕6号 → Jiaodu [2017] No. 6).
DOCUMENT_PREFIXES_EN = {
    "教督": "Jiaodu",
    "教督函": "Jiaoduhan",
    "教督办": "Jiaoduban",
    "教督办函": "Jiaodubanhan",
    "国教督办": "Guojiaoduban",
    "国教督办函": "Guojiaodubanhan",
    "国教督": "Guojiaodu",
    "教基": "Jiaoji",
    "教基一": "Jiaojiyi",
    "国发": "Guofa",
    "国办发": "Guobanfa",
}
_DOCUMENT_NUMBER = re.compile(
    r"^\s*(?P<prefix>[\u4e00-\u9fff]+)〔(?P<year>\d{4})〕(?P<no>\d+)号\s*$"
)


def document_number_en(text: str | None) -> str:
    """A document number as an English reader cites it (教督函〔2021〕12号 → Jiaoduhan [2021]
    No. 12); a number of another issuer, or any other text, as it is written."""
    found = _DOCUMENT_NUMBER.match(text or "")
    if found is None or found["prefix"] not in DOCUMENT_PREFIXES_EN:
        return text or ""
    return f"{DOCUMENT_PREFIXES_EN[found['prefix']]} [{found['year']}] No. {found['no']}"
