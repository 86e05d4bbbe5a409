"""The national checklists shipped with the app as data (`standards/<key>.toml`)."""

from __future__ import annotations

from importlib import resources

from junheng.checklist_core import model as data
from junheng.checklist_core.files import read_checklist_toml
from junheng.checklists.errors import ChecklistError

BUILTIN = ("basic-2012", "quality-2017")


def builtin_checklist(key: str) -> data.ChecklistSpec:
    """A shipped national checklist (checklists/standards/<key>.toml)."""
    if key not in BUILTIN:
        raise ChecklistError(f"没有内置的指标体系「{key}」", f"no built-in checklist {key!r}")
    text = (resources.files("junheng.checklists") / "standards" / f"{key}.toml").read_text(
        encoding="utf-8"
    )
    return read_checklist_toml(text, file=f"{key}.toml")
