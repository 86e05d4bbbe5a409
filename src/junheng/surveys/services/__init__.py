"""Every write of the surveys: define, copy, open and close a survey; set its schools, quotas
and structure; issue and void tokens; switch open links; store an anonymous response.

Each function is one transaction. The bureau's changes are audited inside it. A response is
not: an audit entry carries the time to the second and the response's key, which together
with a web server's log could tie an answer to an address — the response keeps only its day.

- `errors`     what a service refuses (`SurveyError` and its kinds, `NotAllowed`)
- `changes`    the frame of a bureau's change: lock and check the survey, the audit entry
- `survey`     create, copy, settings, schools, open, close, delete
- `design`     a draft's questionnaires, groups and questions (rows of a form)
- `quotas`     the sample per group and school
- `tokens`     one-time tokens, their batches, open links
- `answering`  an anonymous response, by token or open link

Who may act is asked of the access policy (`junheng.access`). Services may read through the
selectors; selectors never import the services.
"""

from junheng.surveys.digest import token_digest
from junheng.surveys.services.answering import (
    LOCK_RETRY_SECONDS,
    MAX_TEXT_ANSWER,
    check_answers,
    response_submit_open,
    response_submit_token,
)
from junheng.surveys.services.design import Row, groups_save, questionnaires_save, questions_save
from junheng.surveys.services.errors import (
    InvalidAnswers,
    NotAccepting,
    NotAllowed,
    StructureLocked,
    SurveyError,
    TokenUnusable,
)
from junheng.surveys.services.quotas import quotas_save
from junheng.surveys.services.survey import (
    SETTINGS_FIELDS,
    survey_close,
    survey_copy,
    survey_create,
    survey_delete,
    survey_open,
    survey_set_schools,
    survey_update,
)
from junheng.surveys.services.tokens import (
    MAX_TOKENS_PER_ISSUE,
    OPEN_SLUG_BYTES,
    TOKEN_BYTES,
    IssuedToken,
    open_link_set,
    token_batch_void,
    tokens_issue,
)

__all__ = [
    "LOCK_RETRY_SECONDS",
    "MAX_TEXT_ANSWER",
    "MAX_TOKENS_PER_ISSUE",
    "OPEN_SLUG_BYTES",
    "SETTINGS_FIELDS",
    "TOKEN_BYTES",
    "InvalidAnswers",
    "IssuedToken",
    "NotAccepting",
    "NotAllowed",
    "Row",
    "StructureLocked",
    "SurveyError",
    "TokenUnusable",
    "check_answers",
    "groups_save",
    "open_link_set",
    "questionnaires_save",
    "questions_save",
    "quotas_save",
    "response_submit_open",
    "response_submit_token",
    "survey_close",
    "survey_copy",
    "survey_create",
    "survey_delete",
    "survey_open",
    "survey_set_schools",
    "survey_update",
    "token_batch_void",
    "token_digest",
    "tokens_issue",
]
