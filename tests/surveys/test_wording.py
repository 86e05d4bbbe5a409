"""A survey's texts in the page's language (`junheng.surveys.wording`): the file's English
while the stored text is the file's Chinese, the catalogue's for the interface's words, and
anything the bureau wrote as written; `unshown` takes the English back to the stored Chinese."""

from __future__ import annotations

from django.utils import translation

from junheng.surveys import rates, wording


def test_a_file_text_reads_in_english_and_goes_back_to_its_chinese():
    with translation.override("en"):
        assert wording.shown("你在几年级？") == "Which grade are you in?"
        assert wording.unshown("Which grade are you in?") == "你在几年级？"
        assert wording.shown("不了解") == "Don’t know"  # a scale option typed by the bureau
        assert wording.unshown("Don’t know") == "不了解"
        assert wording.shown("您对学校食堂满意吗？") == "您对学校食堂满意吗？"  # the bureau's own
        assert wording.unshown("Our own question") == "Our own question"
    with translation.override("zh-hans"):
        assert wording.shown("你在几年级？") == "你在几年级？"
        assert wording.unshown("Which grade are you in?") == "Which grade are you in?"


def test_the_formula_and_the_scale_problems_follow_the_page_s_language():
    scale = [
        {"label": "满意", "kind": "full"},
        {"label": "基本满意", "kind": "partial"},
        {"label": "不满意", "kind": "none"},
    ]
    formula = rates.Formula()
    with translation.override("en"):
        assert wording.formula_text(formula, scale).startswith(
            "Satisfaction rate = answers “Satisfied” or “Fairly satisfied” ÷"
        )
        assert wording.problem_text("量表选项不能重复") == "The scale's options must differ"
    with translation.override("zh-hans"):
        assert wording.formula_text(formula, scale) == formula.describe(scale)
