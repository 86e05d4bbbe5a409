"""Forms of the survey pages: shape only (types, sizes, choices). Every rule — what may change
when, which schools, what a complete answer is — is checked by the services.

- `survey`       new survey, copy, settings and scale, schools, open/close
- `design`       the structure's formsets (questionnaires, groups, questions)
- `distribution` quotas, issuing tokens, voiding a batch, open links
- `public`       the questionnaire as a respondent fills it in
"""
