"""English beside the Chinese of a checklist file, for pages in English.

A shipped checklist file may carry, beside a Chinese text, its English under the same key with
`_en` (`name_en`, `title_en`, `rule_en`, `evidence_en` …), as the evaluation standards do. The
checklist itself (`model.ChecklistSpec`) stays Chinese: it is what a county stores and what its
documents say. A page in English shows a stored text in English only while it is still the
file's Chinese (`English.text`): a text the county changed is its own, shown as written.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from typing import Any

# the checklist's keys and the items' keys that may have an English twin
CHECKLIST_FIELDS = ("name", "document", "note")
ITEM_FIELDS = ("title", "rule", "figure", "unit", "clause", "note")
SUFFIX = "_en"


def english_keys(keys: Any) -> set[str]:
    """The keys among `keys` that are an English twin (`title_en`)."""
    return {k for k in keys if isinstance(k, str) and k.endswith(SUFFIX)}


@dataclass(frozen=True)
class English:
    """The English of one checklist file: (field, Chinese) → English, for the checklist
    (`code` ""), per item code, and for evidence entries."""

    checklist: dict[tuple[str, str], str] = field(default_factory=dict)
    items: dict[tuple[str, str, str], str] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)

    def head(self, name: str, chinese: str) -> str | None:
        """The English of the checklist's `name`/`document`/`note` while it is the file's."""
        return self.checklist.get((name, chinese))

    def text(self, code: str, name: str, chinese: str) -> str | None:
        """The English of item `code`'s `name` while its stored text is the file's Chinese."""
        return self.items.get((code, name, chinese))


def read_english(text: str) -> English:
    """The English twins of a checklist TOML text (a file without any: empty)."""
    data = tomllib.loads(text)
    meta: dict[str, Any] = data.get("checklist", {})
    head = {
        (name, meta[name]): meta[name + SUFFIX]
        for name in CHECKLIST_FIELDS
        if isinstance(meta.get(name), str) and isinstance(meta.get(name + SUFFIX), str)
    }
    items: dict[tuple[str, str, str], str] = {}
    evidence: dict[str, str] = {}
    for item in data.get("items", []):
        code = str(item.get("code", ""))
        for name in ITEM_FIELDS:
            chinese, english = item.get(name), item.get(name + SUFFIX)
            if isinstance(chinese, str) and chinese and isinstance(english, str) and english:
                items[(code, name, chinese)] = english
        chinese_list, english_list = item.get("evidence"), item.get("evidence" + SUFFIX)
        if isinstance(chinese_list, list) and isinstance(english_list, list):
            if len(chinese_list) != len(english_list):
                raise ValueError(f"item {code}: evidence and evidence_en differ in length")
            evidence.update(zip(map(str, chinese_list), map(str, english_list), strict=True))
    return English(head, items, evidence)
