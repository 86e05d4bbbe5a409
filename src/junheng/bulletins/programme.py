"""The programme a county's documents name, from the standard it works to: 基本均衡
(basic-2012) or 优质均衡 (quality-2017), as each standard file's `programme` says it. The
刊名 of a bulletin, the title of a notice and of the self-evaluation report follow it; none
is fixed."""

from __future__ import annotations

from functools import cache

from django.utils.translation import get_language

from junheng.evaluation.standard import BUILTIN, load_standard

KINDS = ("优质均衡", "基本均衡")


@cache
def _programme(standard: str) -> str:
    return load_standard(standard).programme if standard in BUILTIN else ""


def programme_kind(standard: str) -> str:
    """优质均衡 or 基本均衡, as the standard's programme names it ("" if it names neither)."""
    programme = _programme(standard)
    return next((kind for kind in KINDS if kind in programme), "")


def programme_phrase(standard: str) -> str:
    """义务教育优质均衡发展 / 义务教育基本均衡发展 (the standard's programme otherwise)."""
    kind = programme_kind(standard)
    if kind:
        return f"义务教育{kind}发展"
    return _programme(standard).removeprefix("县域") or "义务教育均衡发展"


def bulletin_name(standard: str) -> str:
    """The 刊名 of a bulletin: 义务教育优质均衡发展工作简报 or 义务教育基本均衡发展工作简报."""
    return f"{programme_phrase(standard)}工作简报"


def standard_choices() -> list[tuple[str, str]]:
    """The built-in standards as a bureau reads them: the programme and the document number
    (the programme in English on an English page, from the standard file's `programme_en`)."""
    english = (get_language() or "").startswith("en")
    choices = []
    for key in sorted(BUILTIN, reverse=True):
        rules = load_standard(key)
        if english and rules.programme_en:
            # the standard file's English; the document number is the document's name
            programme = rules.programme_en[:1].upper() + rules.programme_en[1:]
            choices.append((key, f"{programme} ({rules.document})"))
        else:
            choices.append((key, f"{programme_phrase(key)}（{rules.document}）"))
    return choices
