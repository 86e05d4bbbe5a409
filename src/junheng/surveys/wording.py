"""A survey's texts in the page's language.

A survey copies the Chinese of its starting file (questionnaires/*.toml): questions, options,
questionnaire names and intros, group names, the scale's options. On a page in English, a text
still equal to a file's Chinese is shown in the file's English (`blueprints.english_texts`);
the few words of the interface among them (the scale 满意 / 基本满意 / 不满意, grades, 城区 /
镇区 / 乡村, the respondent kinds) are also in the catalogue, for a survey whose text was
typed. Anything else the bureau wrote is shown as written.

The public form a respondent fills is not shown through here: it keeps its language.

A form that shows such a text in English takes it back with `unshown`, so that saving a page in
English leaves the file's Chinese stored as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_noop as _n

from junheng.surveys import blueprints, rates
from junheng.web.languages import english

# words of the interface a bureau may also type itself, translated by the catalogue
INTERFACE_WORDS = (
    _n("满意"),
    _n("基本满意"),
    _n("不满意"),
    _n("不了解"),
    _n("一年级"),
    _n("二年级"),
    _n("三年级"),
    _n("四年级"),
    _n("五年级"),
    _n("六年级"),
    _n("七年级"),
    _n("八年级"),
    _n("九年级"),
    _n("城区"),
    _n("镇区"),
    _n("乡村"),
    # the respondent kinds; not 校长, whose entry names the role (Principal), not the group
    _n("家长"),
    _n("教师"),
    _n("学生"),
    _n("人大代表"),
    _n("政协委员"),
    _n("社会人士"),
)


def _interface() -> dict[str, str]:
    words = {word: _g(word) for word in INTERFACE_WORDS}
    return {zh: en for zh, en in words.items() if en != zh}


def shown(text: str | None) -> str:
    """The text in the page's language: in English, the file's English of a text still as the
    file wrote it (or the catalogue's, for a word of the interface); otherwise as stored."""
    text = text or ""
    if not text or not english():
        return text
    found = blueprints.english_texts().get(text)
    if found:
        return found
    return _interface().get(text, text)


def unshown(text: str | None) -> str:
    """What a form shown in English sent back, as stored: the file's Chinese for its English."""
    text = text or ""
    if not text or not english():
        return text
    stripped = text.strip()
    back = {en: zh for zh, en in _interface().items()}
    back.update({en: zh for zh, en in blueprints.english_texts().items()})
    return back.get(stripped, text)


def shown_lines(lines: Sequence[str]) -> list[str]:
    return [shown(line) for line in lines]


def shown_scale(scale: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    """The scale with its options' labels in the page's language."""
    return [{**option, "label": shown(option.get("label", ""))} for option in scale]


def formula_text(formula: rates.Formula, scale: Sequence[Mapping[str, str]]) -> str:
    """The rate's formula in words, in the page's language, with the scale's labels."""
    if english():
        return formula.describe_en(shown_scale(scale))
    return formula.describe(scale)


# what `rates.check_scale` finds wrong (the pure core writes Chinese), for the catalogue
SCALE_PROBLEMS = (
    _n("量表至少需要两个选项"),
    _n("量表选项不能为空"),
    _n("量表选项不能重复"),
    _n("量表选项的类别只能是 full、partial、none、skip"),
    _n("量表至少需要一个满意类选项和一个不满意类选项"),
)


def problem_text(problem: str) -> str:
    """A problem of `rates.check_scale` in the page's language."""
    return _g(problem) if problem in SCALE_PROBLEMS else problem
