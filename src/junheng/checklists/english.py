"""What a checklist page shows in the reader's language.

The national checklists' texts are copied into the database when a county loads one; their
English lives beside the Chinese in the shipped files (`standards/<key>.toml`, `title_en` …).
A stored text is shown in English while it is still the file's Chinese for that item (the
checklist's key and the item's code, where the page has the checklist at hand; else the code
in either shipped file): a text the county changed, and a checklist it imported from its own
workbook, are its own and shown as written. Units are interface text (人, 间 …). The notes the
automatic scoring stores (「系统依据 2025 年度学校数据自动评分：…」) are rendered in English
at display time (`justification_text`).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from django.utils.translation import gettext, pgettext

from junheng.checklist_core.english import English, read_english
from junheng.checklist_core.model import COMPARISONS, format_number
from junheng.checklists.national import BUILTIN
from junheng.web.languages import english


@cache
def builtin_english() -> dict[str, English]:
    """The English of each shipped checklist file, by key."""
    found = {}
    for key in BUILTIN:
        text = (resources.files("junheng.checklists") / "standards" / f"{key}.toml").read_text(
            encoding="utf-8"
        )
        found[key] = read_english(text)
    return found


def _files_for(item: Any) -> list[English]:
    """The shipped files whose English may apply to the item: its checklist's, when the page
    read the checklist with it; else both (a text is translated only where it is the file's
    Chinese for that code, so either file answers the same)."""
    files = builtin_english()
    checklist = item._state.fields_cache.get("checklist") if hasattr(item, "_state") else None
    if checklist is not None:
        return [files[checklist.key]] if checklist.key in files else []
    return list(files.values())


def item_text(item: Any, name: str) -> str:
    """The item's stored `name` (title, rule, figure, clause, note) in the reader's language."""
    stored = getattr(item, name) or ""
    if not stored or not english():
        return stored
    for file in _files_for(item):
        found = file.text(item.code, name, stored)
        if found is not None:
            return found
    return stored


def checklist_text(checklist: Any, name: str) -> str:
    """The checklist's stored `name` (name, document, note) in the reader's language."""
    stored = getattr(checklist, name) or ""
    if not stored or not english():
        return stored
    file = builtin_english().get(checklist.key)
    found = file.head(name, stored) if file else None
    return found if found is not None else stored


def evidence_text(requirement: str) -> str:
    """An evidence requirement (佐证材料) in the reader's language: English where it is a
    shipped file's."""
    if not requirement or not english():
        return requirement
    for file in builtin_english().values():
        if requirement in file.evidence:
            return file.evidence[requirement]
    return requirement


# units are interface text
UNITS = {
    "人": lambda: pgettext("checklist unit", "人"),
    "个": lambda: pgettext("checklist unit", "个"),
    "间": lambda: pgettext("checklist unit", "间"),
    "所": lambda: pgettext("checklist unit", "所"),
    "元": lambda: pgettext("checklist unit", "元"),
    "万元": lambda: pgettext("checklist unit", "万元"),
    "平方米": lambda: pgettext("checklist unit", "平方米"),
    "册": lambda: pgettext("checklist unit", "册"),
    "分": lambda: pgettext("checklist unit", "分"),
    "天": lambda: pgettext("checklist unit", "天"),
    "小时": lambda: pgettext("checklist unit", "小时"),
    "学时": lambda: pgettext("checklist unit", "学时"),
}


def unit_text(item: Any) -> str:
    """The item's unit in the reader's language."""
    stored = item.unit or ""
    if not stored or not english():
        return stored
    translated = item_text(item, "unit")
    if translated != stored:
        return translated
    return unit_word(stored)


def unit_word(unit: str) -> str:
    """A unit (人, 间, 平方米 …) in the reader's language; an unknown one as written."""
    if unit in UNITS and english():
        return UNITS[unit]()
    return unit


def requirement_text(item: Any) -> str:
    """The figure's rule as a person reads it, in the reader's language: 小学班额 ≤ 45 人."""
    if not (item.comparison and item.threshold is not None):
        return ""
    if not english():
        return item.requirement
    figure = item_text(item, "figure") or gettext("数据")
    unit = unit_text(item)
    unit = f" {unit}" if unit else ""
    return f"{figure} {COMPARISONS[item.comparison]} {format_number(item.threshold)}{unit}"


# the notes the automatic scoring stores (autoscoring._score_from_figures), read back -----------

_ORIGINS = {
    "学校数据": lambda: pgettext("score origin", "学校数据"),
    "县级普及数据": lambda: pgettext("score origin", "县级普及数据"),
    "满意度调查": lambda: pgettext("score origin", "满意度调查"),
}
_ORIGIN = "(?P<origin>学校数据|县级普及数据|满意度调查)"
_AUTOMATIC = re.compile(rf"^系统依据 (?P<year>\d{{4}}) 年度{_ORIGIN}自动评分：(?P<rest>.*)$", re.S)
_UNVERIFIED = re.compile(rf"^(?P<why>[^：]+)：(?P<year>\d{{4}}) 年度{_ORIGIN}(?P<rest>.*)$", re.S)
_NUMBER = r"-?\d+(?:\.\d+)?"
_VALUE = re.compile(rf"^实际值 (?P<value>{_NUMBER})(?: (?P<unit>\S+))?$")
_STANDARD = re.compile(rf"^标准 (?P<op>\S+) (?P<value>{_NUMBER})(?: (?P<unit>\S+))?$")
_POINTS = re.compile(rf"^得 (?P<value>{_NUMBER}) 分$")

# the details the figures give (checklist_core.figures, recognition.coverage, the survey's
# rate), fragment by fragment; school and survey names stay as written
_LEVELS = {"小学": "primary", "初中": "junior secondary"}
_DETAILS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), english)
    for pattern, english in (
        (r"^各校填报：无$", "reported by the schools: none"),
        (r"^无$", "none"),
        (r"各校填报：", "reported by the schools: "),
        (r"未填报班额分段：", "class-size bands not reported: "),
        (r"；按校均班额：", "; by average class size: "),
        (r" 等 (\d+) 所", r" and others, \1 in all"),
        (r"(小学|初中) (\d+) 个班", r" (\1) \2 classes"),
        (r"（(\d+(?:\.\d+)?) 人/班，(\d+) 个班）", r" (\1 per class, \2 classes)"),
        (r"：(\d+(?:\.\d+)?) 人/班（(\d+) 个班）", r": \1 per class (\2 classes)"),
        (r"（(\d+(?:\.\d+)?) 人/班）", r" (\1 per class)"),
        (r"各校平均班额均不超过 (\d+) 人", r"no school's average class above \1"),
        (r"县内无(小学|初中)班级", r"no \1 classes in the county"),
        (r"县内无班级", "no classes in the county"),
        (r"县内无非一贯制学校", "no school other than nine- or twelve-year schools"),
        (r"县内无一贯制学校", "no nine- or twelve-year school"),
        (r"：(\d+) 人$", r": \1 students"),
        (r"（(小学|初中)，(\d+) 项达标）", r" (\1, \2 indicators met)"),
        (r"无参评(小学|初中)学校", r"no \1 school evaluated"),
        (r"^(\d+) 所学校（学段）$", r"\1 schools (school levels)"),
        (r"^(\d+) 所学校$", r"\1 schools"),
        (r"^县填报的比率$", "rate as the county entered it"),
        (
            r"公办园和普惠性民办园在园幼儿 ([\d,]+) 人",
            r"children in public and inclusive private kindergartens \1",
        ),
        (r"公办园在园幼儿 ([\d,]+) 人", r"children in public kindergartens \1"),
        (r"在园幼儿 ([\d,]+) 人", r"children in kindergarten \1"),
        (r"3–5 周岁适龄人口 ([\d,]+) 人", r"population aged 3–5 \1"),
        (
            r"普通高中和中等职业教育在校生 ([\d,]+) 人",
            r"students of general and vocational senior secondary \1",
        ),
        (r"15–17 周岁适龄人口 ([\d,]+) 人", r"population aged 15–17 \1"),
        (r"^自测：", "own survey: "),
        (
            r"：满意率 ([\d.]+%|—)（(\d+) 份问卷，(\d+) 个量表题回答）；",
            r": satisfaction rate \1 (\2 questionnaires, \3 answers on the scale); ",
        ),
        (r"满意率 = ", "Satisfaction rate = "),
        (
            r"（回答((?:「[^」]*」)+)的次数 \+ (\S+) × 回答((?:「[^」]*」)+)的次数）",
            r"(answers \1 + \2 × answers \3)",
        ),
        (r"回答((?:「[^」]*」)+)的次数", r"answers \1"),
        (r"；((?:「[^」]*」)+)不计入", r"; \1 not counted"),
        # a school's level after its name (「城关小学初中」): the level in brackets
        (r"(?<!\()(小学|初中)(?=[；、;,]|$| \(\d| and )", r" (\1)"),
    )
)
AVERAGE_ONLY_EN = "to be verified (only average class sizes are known)"


def justification_text(score: Any) -> str:
    """A score's justification in the reader's language: the note the automatic scoring
    stored, in English on a page in English; a person's justification as written."""
    stored = score.justification or ""
    if not stored or not english() or not score.automatic:
        return stored
    found = _AUTOMATIC.match(stored)
    why = ""
    if found is None:
        found = _UNVERIFIED.match(stored)
        if found is None:
            return stored
        why = found["why"]
    explained, detail = found["rest"], ""
    if "（" in explained and explained.endswith("）"):
        explained, _, detail = explained.partition("（")
        detail = detail[:-1]
    values = {
        "year": found["year"],
        "origin": _ORIGINS[found["origin"]](),
        "explained": _explained(explained, score.item),
    }
    if why:
        values["why"] = _why(why)
        text = gettext("%(why)s：%(year)s 年度%(origin)s%(explained)s") % values
    else:
        text = gettext("系统依据 %(year)s 年度%(origin)s自动评分：%(explained)s") % values
    if detail:
        text += f" ({_detail(detail)})"
    return text


def _why(text: str) -> str:
    return gettext("需核实（仅有平均班额）") if text == "需核实（仅有平均班额）" else text


def _explained(text: str, item: Any) -> str:
    """「实际值 47.5 人，标准 ≤ 45 人，未达标，得 0 分」 part by part (the item's unit as the
    item shows it, where the note wrote the item's unit)."""

    def unit_word_of(unit: str) -> str:
        return unit_text(item) if unit == item.unit else unit_word(unit)

    parts = []
    for part in text.split("，"):
        value, standard, points = _VALUE.match(part), _STANDARD.match(part), _POINTS.match(part)
        if part == "不适用":
            parts.append(pgettext("automatic score", "不适用"))
        elif part == "达标":
            parts.append(pgettext("automatic score", "达标"))
        elif part == "未达标":
            parts.append(pgettext("automatic score", "未达标"))
        elif value:
            unit = f" {unit_word_of(value['unit'])}" if value["unit"] else ""
            parts.append(gettext("实际值 %(value)s") % {"value": value["value"] + unit})
        elif standard:
            unit = f" {unit_word_of(standard['unit'])}" if standard["unit"] else ""
            shown = f"{standard['op']} {standard['value']}{unit}"
            parts.append(gettext("标准 %(value)s") % {"value": shown})
        elif points:
            parts.append(gettext("得 %(score)s 分") % {"score": points["value"]})
        else:
            parts.append(part)
    return ", ".join(parts)


def _detail(text: str) -> str:
    """A figure's detail in English: its fixed wording translated, names as written."""
    survey = _SURVEY.match(text)
    if survey:  # the survey's title as the survey pages show it
        text = f"自测：{_survey_title(survey['title'])}{text[survey.end('title') :]}"
    for pattern, replacement in _DETAILS:
        text = pattern.sub(replacement, text)
    for zh, en in _LEVELS.items():
        text = text.replace(f"({zh})", f"({en})").replace(f" {zh} ", f" {en} ")
        text = text.replace(f"({zh},", f"({en},")
    for zh, en in _indicator_names().items():
        text = text.replace(f"{zh}：", f"{en}: ")
    text = text.replace("、", ", ")
    return _survey_words(text)


@cache
def _indicator_names() -> dict[str, str]:
    from junheng.evaluation.standard import BUILTIN, load_standard

    names = {}
    for key in BUILTIN:
        for indicator in load_standard(key).indicators:
            names[indicator.name] = indicator.name_en
    return names


_SURVEY = re.compile(r"^自测：(?P<title>.*?)：满意率 ")


def _shown(text: str) -> str:
    """A survey's text as the survey pages show it (its questionnaire's English)."""
    try:
        from junheng.surveys.wording import shown
    except ImportError:  # pragma: no cover
        return text
    return shown(text)


def _survey_title(title: str) -> str:
    return _shown(title)


def _survey_words(text: str) -> str:
    """The survey's scale labels (「满意」) in English as the survey pages show them."""
    text = re.sub(r"「([^」]*)」", lambda m: f"“{_shown(m[1])}”", text)
    return text.replace("”“", "”, “")


def item_line(text: str) -> str:
    """「code title」 (a to-do's line) with the title in the reader's language while it is the
    shipped files' Chinese for that code."""
    if not text or not english():
        return text
    code, _, title = text.partition(" ")
    for file in builtin_english().values():
        found = file.text(code, "title", title)
        if found is not None:
            return f"{code} {found}"
    return text
