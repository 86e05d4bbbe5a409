"""The JSON API, one module per resource: `auth` (the token), `schools`, `school_years`,
`evaluation`; `base` holds what they share.

Each view parses → calls one service or selector → responds. Rows are scoped by
`junheng.access` (a row outside the user's scope is a 404, as if it did not exist); writes go
through `collection.services`, so the template's rules, the year lock, the approval status,
optimistic concurrency and the audit trail hold here as in the web form. Every error body is
`{"detail": ..., "errors": [{field, column, message_zh, message_en}]}` (`api.errors`).
"""
