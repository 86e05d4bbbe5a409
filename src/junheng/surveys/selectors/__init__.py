"""Every read of the surveys, scoped to the user through the access policy (`junheng.access`):
a county admin sees the county's responses, a township officer the township's schools', a
principal the school's, an inspector the assigned schools'. An object out of the user's scope
is a 404; a survey the user sees but may not manage, a 403.

- `scope`        what the user's scope reaches (asked of `junheng.access`): surveys,
                 responses, schools, one survey to view or manage, the scope in words
- `design`       the list of surveys, a survey's structure, batches, coverage, open problems
- `public`       what a token or an open link opens (no user)
- `progress`     quotas, responses and tokens against them
- `sample_checks` the sample plan's rules against what came in (达到 / 未达到 / 无法判断)
- `results`      the satisfaction rates, choice counts and free texts in the user's scope
- `satisfaction` the county's rate of a year, for the checklist and the self-report

Selectors never import the services.
"""

from junheng.surveys.selectors.design import (
    Structure,
    batches,
    covered_ids,
    covered_schools,
    groups_of,
    is_covered,
    open_problems,
    schools_for_coverage,
    structure,
    survey_list,
)
from junheng.surveys.selectors.progress import (
    Progress,
    ProgressCell,
    ProgressRow,
    progress,
    quotas_grid,
    suggested_parent_quotas,
)
from junheng.surveys.selectors.public import FormTarget, answer_schools, open_target, token_target
from junheng.surveys.selectors.results import (
    MIN_RESPONSES,
    ChoiceRow,
    CommentBlock,
    Named,
    QuestionRow,
    RateCell,
    Results,
    results,
)
from junheng.surveys.selectors.sample_checks import Check, sample_checks
from junheng.surveys.selectors.satisfaction import CountySatisfaction, county_satisfaction
from junheng.surveys.selectors.scope import (
    manageable_counties,
    responses_seen,
    school_in_scope,
    scope_label,
    scoped_responses,
    scoped_schools,
    survey_get,
    surveys_seen,
)

__all__ = [
    "MIN_RESPONSES",
    "Check",
    "ChoiceRow",
    "CommentBlock",
    "CountySatisfaction",
    "FormTarget",
    "Named",
    "Progress",
    "ProgressCell",
    "ProgressRow",
    "QuestionRow",
    "RateCell",
    "Results",
    "Structure",
    "answer_schools",
    "batches",
    "county_satisfaction",
    "covered_ids",
    "covered_schools",
    "groups_of",
    "is_covered",
    "manageable_counties",
    "open_problems",
    "open_target",
    "progress",
    "quotas_grid",
    "responses_seen",
    "results",
    "sample_checks",
    "school_in_scope",
    "schools_for_coverage",
    "scope_label",
    "scoped_responses",
    "scoped_schools",
    "structure",
    "suggested_parent_quotas",
    "survey_get",
    "survey_list",
    "surveys_seen",
    "token_target",
]
