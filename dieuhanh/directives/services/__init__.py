"""Writes to directives and tasks: one function per use case, each audited in its transaction."""

from dieuhanh.directives.services.directives import (
    DirectiveData,
    cancel_directive,
    check_five_clear,
    close_directive,
    issue_directive,
    save_draft,
)
from dieuhanh.directives.services.duties import (
    add_occurrence,
    create_recurring_duty,
    due_date,
    generate_occurrences,
    period_key,
    set_calendar_exception,
)
from dieuhanh.directives.services.tasks import (
    accept_completion,
    assign_subtask,
    decide_extension,
    report_completion,
    report_progress,
    request_extension,
    return_completion,
    update_subtask,
)

__all__ = [
    "DirectiveData",
    "accept_completion",
    "add_occurrence",
    "assign_subtask",
    "cancel_directive",
    "check_five_clear",
    "close_directive",
    "create_recurring_duty",
    "decide_extension",
    "due_date",
    "generate_occurrences",
    "issue_directive",
    "period_key",
    "report_completion",
    "report_progress",
    "request_extension",
    "return_completion",
    "save_draft",
    "set_calendar_exception",
    "update_subtask",
]
