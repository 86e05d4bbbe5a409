"""Checklists as TOML files: the national checklists ship as such, a province may write one.

```toml
[checklist]
key = "quality-2017"
name = "县域义务教育优质均衡发展督导评估"
document = "教督〔2017〕6号"
all_required = true          # or pass_score = 85

[[items]]
code = "2.5.1"
title = "小学班额不超过 45 人"
figure = "小学最大校均班额"
comparison = "<="
threshold = 45
unit = "人"
source = "class_size_max.primary"
evidence = ["各校班级学生名册"]
```

Item keys are the column keys of `layout.COLUMNS`; problems name the item by its position
(第 n 项) and the column by its Chinese header, as the workbook's do.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from pathlib import Path
from typing import Any

from junheng.checklist_core.checks import RawRow, build_checklist
from junheng.checklist_core.english import english_keys
from junheng.checklist_core.figures import FIGURES
from junheng.checklist_core.layout import COLUMNS
from junheng.checklist_core.model import ChecklistSpec
from junheng.evaluation.errors import DataError, InputProblem

ITEM_KEYS = frozenset(column.key for column in COLUMNS)


def read_checklist_toml(
    text: str, *, file: str, known_sources: Collection[str] | None = None
) -> ChecklistSpec:
    """The checked checklist of a TOML text; DataError with every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataError(
            [InputProblem(file, None, None, f"TOML 格式错误：{error}", f"invalid TOML: {error}")]
        ) from None
    meta: dict[str, Any] = data.get("checklist", {})
    problems = []
    rows = []
    for index, item in enumerate(data.get("items", []), start=1):
        # an English twin (`title_en`) is for pages in English (`english.read_english`)
        twins = {key for key in english_keys(item) if key.removesuffix("_en") in ITEM_KEYS}
        unknown = sorted(set(item) - ITEM_KEYS - twins)
        if unknown:
            problems.append(
                InputProblem(
                    file,
                    index,
                    None,
                    f"未知的键：{'、'.join(unknown)}",
                    f"unknown keys: {', '.join(unknown)}",
                )
            )
        cells = {key: value for key, value in item.items() if key not in twins}
        if isinstance(cells.get("evidence"), list):
            cells["evidence"] = "\n".join(str(e) for e in cells["evidence"])
        if isinstance(cells.get("max_score"), int | float) and not isinstance(
            cells.get("max_score"), bool
        ):
            cells["max_score"] = float(cells["max_score"])
        rows.append(RawRow(index, cells))
    if problems:
        raise DataError(problems)
    return build_checklist(
        file=file,
        meta=meta,
        rows=rows,
        known_sources=FIGURES.keys() if known_sources is None else known_sources,
    )


def load_checklist_file(path: str | Path) -> ChecklistSpec:
    path = Path(path)
    return read_checklist_toml(path.read_text(encoding="utf-8"), file=path.name)
