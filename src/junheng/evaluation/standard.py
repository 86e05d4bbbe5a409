"""Standards as data: load and check a standard file (built-in or a province's variant).

The code knows the formulas; the TOML files know the numbers. Every problem in a file is
reported at once, naming the file and the key, in Chinese and English.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from junheng.evaluation.errors import StandardError
from junheng.evaluation.levels import LEVELS, SPLIT_LEVELS
from junheng.evaluation.parts import JUDGED_BY, PartRule

BUILTIN = ("basic-2012", "quality-2017")

# Resources an indicator may be built on: the template's whole-school physical columns, which
# a multi-level school shares out by student-equivalents, and its per-level teacher columns.
PHYSICAL_RESOURCES = (
    "teaching_room_area",
    "sports_area",
    "equipment_value",
    "computers",
    "books",
    "multimedia_classrooms",
)
TEACHER_RESOURCES = (
    "{level}_teachers",
    "{level}_qualified_teachers",
    "{level}_senior_title_teachers",
    "{level}_backbone_teachers",
    "{level}_pe_art_teachers",
)
# Resources counted in whole items: their gaps are rounded up (rooms, teachers).
WHOLE_RESOURCES = frozenset({"computers", "books", "multimedia_classrooms", *TEACHER_RESOURCES})

CV_MODES = ("per_indicator", "composite")
SMALLER_TEACHING_POINTS = ("exclude", "merge")


@dataclass(frozen=True)
class Indicator:
    """One per-unit indicator: value = resource × scale / students.

    The value, its key and `name` are those of the JSON contract; how a person is shown the
    indicator is the file's: `display_name` (default `name`), `display_scale` (a factor applied
    to values, means and thresholds when shown, default 1 — 0.01 shows a per-100 value per
    student, as the official 2012 tables print 师生比 0.056) and `display_unit` (default
    `unit`). Coefficients of variation do not depend on the scale and are shown as they are.
    """

    key: str
    name: str
    resource: str
    scale: float
    unit: str
    clause: str
    threshold: dict[str, float] = field(default_factory=dict)
    display_name: str = ""
    display_scale: float = 1.0
    display_unit: str | None = None
    # English names for pages in English (`name_en`, `display_name_en`; default the Chinese)
    name_en: str = ""
    display_name_en: str = ""

    def __post_init__(self) -> None:
        if not self.display_name:
            object.__setattr__(self, "display_name", self.name)
        if not self.name_en:
            object.__setattr__(self, "name_en", self.name)
        if not self.display_name_en:
            shown_en = self.name_en if self.display_name == self.name else self.display_name
            object.__setattr__(self, "display_name_en", shown_en)
        if self.display_unit is None:
            object.__setattr__(self, "display_unit", self.unit)

    def name_in(self, english: bool) -> str:
        """The indicator's name in the page's language."""
        return self.name_en if english else self.name

    def shown(self, value: float | None) -> float | None:
        """A value, mean or threshold of the indicator as it is shown (× display_scale)."""
        if value is None:
            return None
        return value * self.display_scale

    @property
    def shown_decimals(self) -> int:
        """Decimals a shown value needs: none for 元, three below the scale of 1, else two."""
        if self.display_unit == "元":
            return 0
        return 3 if self.display_scale < 1 else 2

    @property
    def shown_label(self) -> str:
        """生均教学及辅助用房面积（m²）; 师生比 where the shown value has no unit."""
        unit = self.display_unit
        return f"{self.display_name}（{unit}）" if unit else self.display_name

    @property
    def is_teacher(self) -> bool:
        return "{level}" in self.resource

    def resource_column(self, level: str) -> str:
        return self.resource.format(level=level)

    @property
    def rounds_up(self) -> bool:
        return self.resource in WHOLE_RESOURCES


@dataclass(frozen=True)
class SchoolRule:
    """Per-school verdict: at least `min_met` indicators met, the rest at >= floor_ratio."""

    min_met: int
    floor_ratio: float


@dataclass(frozen=True)
class UnitRules:
    """Which schools enter the computation and how teaching points are treated."""

    exclude_ownership: tuple[str, ...] = ()
    exclude_affiliation: tuple[str, ...] = ()
    teaching_point_own_unit_min_students: int | None = None
    smaller_teaching_points: str = "exclude"


@dataclass(frozen=True)
class Standard:
    """A loaded, checked standard."""

    id: str
    name: str
    name_en: str
    document: str
    cv_mode: str
    cv_max: dict[str, float]
    split_weights: dict[str, float]
    units: UnitRules
    indicators: tuple[Indicator, ...]
    school_rule: SchoolRule | None = None
    source: str = ""
    # The recognition the standard leads to (「县域义务教育优质均衡发展」) and its parts, each of
    # which must pass (docs/standards.md §2); the data judge only some of them.
    programme: str = ""
    programme_en: str = ""
    parts: tuple[PartRule, ...] = ()
    resource_part: str = ""  # the name of the part the data judge (「资源配置」, 「校际均衡状况」)
    resource_part_en: str = ""

    @property
    def has_thresholds(self) -> bool:
        return self.school_rule is not None

    @property
    def levels(self) -> tuple[str, ...]:
        return tuple(level for level in LEVELS if level in self.cv_max)

    def indicator(self, key: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.key == key:
                return indicator
        raise KeyError(key)


def load_standard(name_or_path: str | Path) -> Standard:
    """Load a built-in standard by name, or a standard file by path."""
    text_name = str(name_or_path)
    if text_name in BUILTIN:
        return _builtin_standard(text_name)
    path = Path(text_name)
    source = str(path)
    if not path.is_file():
        raise StandardError(
            source,
            [
                (
                    f"找不到评估标准「{text_name}」：既不是内置标准（{'、'.join(BUILTIN)}）"
                    "也不是存在的文件",
                    f"unknown standard {text_name!r}: neither a built-in standard "
                    f"({', '.join(BUILTIN)}) nor an existing file",
                )
            ],
        )
    try:
        raw = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError) as exc:
        raise StandardError(
            source, [("无法读取文件（需 UTF-8 编码）", f"cannot read the file: {exc}")]
        ) from exc
    return _parsed(raw, source)


@cache
def _builtin_standard(name: str) -> Standard:
    """A built-in standard, read and checked once per process (its file ships with the code):
    pages and exports that name many recorded values by it do not parse it for each."""
    text = resources.files("junheng.evaluation.standards").joinpath(f"{name}.toml")
    return _parsed(text.read_text(encoding="utf-8"), f"{name} (built-in)")


def _parsed(raw: str, source: str) -> Standard:
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise StandardError(source, [(f"TOML 格式错误：{exc}", f"not valid TOML: {exc}")]) from exc
    return parse_standard(data, source=source)


class _Checker:
    """Collects every problem of a standard file before failing."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def fail(self, key: str, zh: str, en: str) -> None:
        self.problems.append((f"「{key}」{zh}", f"{key}: {en}"))

    def table(self, data: Any, key: str) -> dict[str, Any]:
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, dict):
            self.fail(key, "缺失或不是表", "missing or not a table")
            return {}
        return value

    def text(self, data: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or not value:
            self.fail(f"{where}.{key}", "缺失或不是文本", "missing or not a string")
            return ""
        return value

    def number(
        self, value: Any, key: str, *, positive: bool = True, at_most: float | None = None
    ) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            self.fail(key, "不是数字", "is not a number")
            return math.nan
        if positive and value <= 0:
            self.fail(key, "必须大于 0", "must be greater than 0")
        if at_most is not None and value > at_most:
            self.fail(key, f"不能大于 {at_most:g}", f"must be at most {at_most:g}")
        return float(value)

    def per_level(self, value: Any, key: str, allowed: tuple[str, ...]) -> dict[str, float]:
        if not isinstance(value, dict) or not value:
            self.fail(
                key,
                "必须是按学段的表，如 { primary = 4.5, junior = 5.8 }",
                "must be a per-level table such as { primary = 4.5, junior = 5.8 }",
            )
            return {}
        result = {}
        for level, number in value.items():
            if level not in allowed:
                self.fail(
                    f"{key}.{level}",
                    f"学段必须是 {'/'.join(allowed)}",
                    f"level must be one of {', '.join(allowed)}",
                )
                continue
            result[level] = self.number(number, f"{key}.{level}")
        return result


def parse_standard(data: dict[str, Any], *, source: str = "<standard>") -> Standard:
    """Check a parsed TOML document and build the Standard; raise StandardError listing all."""
    check = _Checker()
    head = check.table(data, "standard")
    ident = check.text(head, "id", "standard")
    name = check.text(head, "name", "standard")
    name_en = head.get("name_en", name) if isinstance(head.get("name_en", name), str) else name
    document = head.get("document", "") if isinstance(head.get("document", ""), str) else ""

    cv = check.table(data, "cv")
    cv_mode = cv.get("mode")
    if cv_mode not in CV_MODES:
        check.fail("cv.mode", f"必须是 {' 或 '.join(CV_MODES)}", f"must be one of {CV_MODES}")
    cv_max = check.per_level(cv.get("max"), "cv.max", LEVELS)

    split = data.get("split", {"weights": {"primary": 1.0, "junior": 1.1, "senior": 1.32}})
    weights = check.per_level(
        split.get("weights") if isinstance(split, dict) else None, "split.weights", SPLIT_LEVELS
    )
    for level in SPLIT_LEVELS:
        if weights and level not in weights:
            check.fail(f"split.weights.{level}", "缺失", "missing")

    units_raw = data.get("units", {})
    if not isinstance(units_raw, dict):
        check.fail("units", "不是表", "is not a table")
        units_raw = {}
    units = _parse_units(units_raw, check)

    school_rule = None
    if "school_rule" in data:
        rule = check.table(data, "school_rule")
        min_met = rule.get("min_met")
        if isinstance(min_met, bool) or not isinstance(min_met, int) or min_met < 0:
            check.fail("school_rule.min_met", "必须是非负整数", "must be a non-negative integer")
            min_met = 0
        floor = check.number(rule.get("floor_ratio", 1.0), "school_rule.floor_ratio", at_most=1)
        school_rule = SchoolRule(min_met=min_met, floor_ratio=floor)

    indicators = _parse_indicators(data.get("indicators"), check, cv_max, school_rule)
    programme = head.get("programme", "")
    programme_en = head.get("programme_en", "")
    for key, value in (("programme", programme), ("programme_en", programme_en)):
        if not isinstance(value, str):
            check.fail(f"standard.{key}", "必须是文字", "must be text")
    parts = _parse_parts(data.get("parts", []), check)
    data_parts = [p for p in parts if p.judged_by in ("resources", "cv")]
    if school_rule is not None and school_rule.min_met > len(indicators):
        check.fail(
            "school_rule.min_met",
            f"大于指标数 {len(indicators)}",
            f"exceeds the number of indicators ({len(indicators)})",
        )
    if check.problems:
        raise StandardError(source, check.problems)
    return Standard(
        id=ident,
        name=name,
        name_en=name_en,
        document=document,
        cv_mode=cv_mode,
        cv_max=cv_max,
        split_weights=weights,
        units=units,
        indicators=tuple(indicators),
        school_rule=school_rule,
        source=source,
        programme=programme if isinstance(programme, str) else "",
        programme_en=programme_en if isinstance(programme_en, str) else "",
        parts=tuple(parts),
        resource_part=data_parts[0].name if data_parts else "资源配置",
        resource_part_en=data_parts[0].name_en if data_parts else "resource allocation",
    )


def _parse_parts(raw: Any, check: _Checker) -> list[PartRule]:
    """`[[parts]]`: the parts of the standard, each judged one way (parts.JUDGED_BY)."""
    if not isinstance(raw, list):
        check.fail("parts", "必须是表的数组 [[parts]]", "must be an array of tables [[parts]]")
        return []
    parts: list[PartRule] = []
    keys: set[str] = set()
    for index, entry in enumerate(raw, start=1):
        where = f"parts[{index}]"
        if not isinstance(entry, dict):
            check.fail(where, "不是表", "is not a table")
            continue
        key = check.text(entry, "key", where)
        name = check.text(entry, "name", where)
        if key in keys:
            check.fail(f"{where}.key", f"「{key}」重复", f"{key!r} is repeated")
        keys.add(key)
        judged_by = entry.get("judged_by")
        if judged_by not in JUDGED_BY:
            check.fail(
                f"{where}.judged_by",
                f"必须是 {'、'.join(JUDGED_BY)} 之一",
                f"must be one of {', '.join(JUDGED_BY)}",
            )
            continue
        item = entry.get("checklist_item", "")
        if judged_by in ("checklist", "checklist_score") and not (item and isinstance(item, str)):
            check.fail(f"{where}.checklist_item", "缺失：清单中的类别编码", "missing")
        pass_score = None
        if judged_by == "checklist_score":
            pass_score = check.number(entry.get("pass_score"), f"{where}.pass_score")
        min_rate = None
        if judged_by == "survey":
            min_rate = check.number(entry.get("min_rate", 0.85), f"{where}.min_rate", at_most=1)
        years = entry.get("years") if judged_by == "recognised_years" else None
        if judged_by == "recognised_years" and (
            isinstance(years, bool) or not isinstance(years, int) or years < 0
        ):
            check.fail(f"{where}.years", "必须是非负整数", "must be a non-negative integer")
            years = 0
        name_en = entry.get("name_en", name)
        parts.append(
            PartRule(
                key=key,
                name=name,
                name_en=name_en if isinstance(name_en, str) else name,
                judged_by=judged_by,
                checklist_item=item if isinstance(item, str) else "",
                pass_score=pass_score,
                min_rate=min_rate,
                years=years,
                note=entry.get("note", "") if isinstance(entry.get("note", ""), str) else "",
            )
        )
    return parts


def _parse_units(raw: dict[str, Any], check: _Checker) -> UnitRules:
    def names(key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list) or any(item not in allowed for item in value):
            check.fail(
                f"units.{key}",
                f"必须是 {'/'.join(allowed)} 的列表",
                f"must be a list of {', '.join(allowed)}",
            )
            return ()
        return tuple(value)

    min_students = raw.get("teaching_point_own_unit_min_students")
    if min_students is not None and (
        isinstance(min_students, bool) or not isinstance(min_students, int) or min_students < 0
    ):
        check.fail(
            "units.teaching_point_own_unit_min_students",
            "必须是非负整数",
            "must be a non-negative integer",
        )
        min_students = None
    smaller = raw.get("smaller_teaching_points", "exclude")
    if smaller not in SMALLER_TEACHING_POINTS:
        check.fail(
            "units.smaller_teaching_points",
            "必须是 exclude 或 merge",
            "must be 'exclude' or 'merge'",
        )
        smaller = "exclude"
    return UnitRules(
        exclude_ownership=names("exclude_ownership", ("公办", "民办")),
        exclude_affiliation=names("exclude_affiliation", ("县属", "省市直属")),
        teaching_point_own_unit_min_students=min_students,
        smaller_teaching_points=smaller,
    )


def _parse_indicators(
    raw: Any, check: _Checker, cv_max: dict[str, float], school_rule: SchoolRule | None
) -> list[Indicator]:
    if not isinstance(raw, list) or not raw:
        check.fail(
            "indicators",
            "缺失：至少需要一个 [[indicators]]",
            "missing: at least one [[indicators]] is required",
        )
        return []
    allowed_resources = PHYSICAL_RESOURCES + TEACHER_RESOURCES
    result: list[Indicator] = []
    seen: set[str] = set()
    for position, item in enumerate(raw, start=1):
        where = f"indicators[{position}]"
        if not isinstance(item, dict):
            check.fail(where, "不是表", "is not a table")
            continue
        key = check.text(item, "key", where)
        if key in seen:
            check.fail(f"{where}.key", f"重复：{key}", f"duplicated: {key}")
        seen.add(key)
        resource = check.text(item, "resource", where)
        if resource and resource not in allowed_resources:
            check.fail(
                f"{where}.resource",
                f"必须是 {', '.join(allowed_resources)} 之一",
                f"must be one of {', '.join(allowed_resources)}",
            )
        scale = check.number(item.get("scale", 1), f"{where}.scale")
        threshold: dict[str, float] = {}
        if "threshold" in item:
            threshold = check.per_level(item["threshold"], f"{where}.threshold", LEVELS)
            if school_rule is None:
                check.fail(
                    f"{where}.threshold",
                    "有达标线但缺少 [school_rule]",
                    "has thresholds but the file has no [school_rule]",
                )
        elif school_rule is not None:
            check.fail(
                f"{where}.threshold",
                "缺失：有 [school_rule] 时每个指标都需要达标线",
                "missing: with a [school_rule] every indicator needs thresholds",
            )
        for level in threshold:
            if level not in cv_max:
                check.fail(
                    f"{where}.threshold.{level}", "该学段不在 cv.max 中", "level is not in cv.max"
                )
        if school_rule is not None:
            for level in cv_max:
                if threshold and level not in threshold:
                    check.fail(f"{where}.threshold.{level}", "缺失", "missing")
        name = check.text(item, "name", where)
        unit = item.get("unit", "") if isinstance(item.get("unit", ""), str) else ""
        result.append(
            Indicator(
                key=key,
                name=name,
                resource=resource,
                scale=scale,
                unit=unit,
                clause=item.get("clause", "") if isinstance(item.get("clause", ""), str) else "",
                threshold=threshold,
                **_display(item, check, where, name=name, unit=unit),
            )
        )
    return result


def _display(
    item: dict[str, Any], check: _Checker, where: str, *, name: str, unit: str
) -> dict[str, Any]:
    """The optional `display_name`, `display_scale` and `display_unit` of an indicator: how
    its values are shown to people (the JSON contract keeps `key`, `name` and the value), and
    its English names `name_en` and `display_name_en` for pages in English."""
    display_name = item.get("display_name", name)
    if not isinstance(display_name, str) or not display_name.strip():
        check.fail(f"{where}.display_name", "必须是非空文字", "must be non-empty text")
        display_name = name
    display_unit = item.get("display_unit", unit)
    if not isinstance(display_unit, str):
        check.fail(f"{where}.display_unit", "必须是文字", "must be text")
        display_unit = unit
    display_scale = check.number(item.get("display_scale", 1), f"{where}.display_scale")
    if math.isinf(display_scale):
        check.fail(f"{where}.display_scale", "必须是有限的数", "must be finite")
    if not math.isfinite(display_scale) or display_scale <= 0:
        display_scale = 1.0
    english = {}
    for key in ("name_en", "display_name_en"):
        if key in item:
            if isinstance(item[key], str) and item[key].strip():
                english[key] = item[key]
            else:
                check.fail(f"{where}.{key}", "必须是非空文字", "must be non-empty text")
    return {
        "display_name": display_name,
        "display_scale": display_scale,
        "display_unit": display_unit,
        **english,
    }
