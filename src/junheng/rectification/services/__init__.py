"""Every write of the rectification app, one module per subject: problems and their moves
(with photos), extension requests (延期申请), the evaluation's suggestions, the daily
reminders. Import from here.

The rules they check are `rectification.rules` (which ask `junheng.access`); the reads,
including who may be named responsible and who is reminded, are `rectification.selectors`."""

from junheng.rectification.services.extensions import extension_decide, extension_request
from junheng.rectification.services.problems import (
    CheckedPhoto,
    InvalidPhoto,
    NotAllowed,
    RectificationError,
    check_photos,
    problem_close,
    problem_create,
    problem_photos_add,
    problem_return,
    problem_start,
    problem_submit,
    problem_update,
)
from junheng.rectification.services.reminders import (
    ReminderReport,
    notifications_read,
    reminder_text,
    reminders_send,
)
from junheng.rectification.services.suggestions import (
    SuggestionReport,
    suggestion_accept,
    suggestion_dismiss,
    suggestions_generate,
)

__all__ = [
    "CheckedPhoto",
    "InvalidPhoto",
    "NotAllowed",
    "RectificationError",
    "ReminderReport",
    "SuggestionReport",
    "check_photos",
    "extension_decide",
    "extension_request",
    "notifications_read",
    "problem_close",
    "problem_create",
    "problem_photos_add",
    "problem_return",
    "problem_start",
    "problem_submit",
    "problem_update",
    "reminder_text",
    "reminders_send",
    "suggestion_accept",
    "suggestion_dismiss",
    "suggestions_generate",
]
