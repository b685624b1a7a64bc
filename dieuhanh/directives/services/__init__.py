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
from dieuhanh.directives.services.feeds import feed_user, issue_feed_token, revoke_feed_tokens
from dieuhanh.directives.services.reminder_settings import (
    Rules,
    effective_rules,
    settings_summary,
    update_reminder_settings,
)
from dieuhanh.directives.services.reminders import (
    ReminderRun,
    deliver_pending_emails,
    due_reminders,
    mark_all_read,
    mark_read,
    send_reminders,
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
    "ReminderRun",
    "Rules",
    "accept_completion",
    "add_occurrence",
    "assign_subtask",
    "cancel_directive",
    "check_five_clear",
    "close_directive",
    "create_recurring_duty",
    "decide_extension",
    "deliver_pending_emails",
    "due_date",
    "due_reminders",
    "effective_rules",
    "feed_user",
    "generate_occurrences",
    "issue_directive",
    "issue_feed_token",
    "mark_all_read",
    "mark_read",
    "period_key",
    "report_completion",
    "report_progress",
    "request_extension",
    "return_completion",
    "revoke_feed_tokens",
    "save_draft",
    "send_reminders",
    "set_calendar_exception",
    "settings_summary",
    "update_reminder_settings",
    "update_subtask",
]
