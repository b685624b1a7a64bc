"""Directives and tasks: directives with their source and addressees, one task per addressed
unit, sub-tasks for staff, progress, completion reports, extension requests, recurring duties,
the editable exceptions to the working-day calendar, reminders and the in-app inbox."""

from dieuhanh.directives.models.directives import Addressee, Directive, Role
from dieuhanh.directives.models.duties import DutyOccurrence, RecurringDuty
from dieuhanh.directives.models.reference import CalendarException
from dieuhanh.directives.models.reminders import CalendarFeedToken, Notification, ReminderSettings
from dieuhanh.directives.models.tasks import (
    OPEN_STATUSES,
    CompletionReport,
    ExtensionRequest,
    ProgressUpdate,
    Task,
    TaskAttachment,
    TaskQuerySet,
    TaskStatus,
    Timeliness,
    attachment_path,
)

__all__ = [
    "OPEN_STATUSES",
    "Addressee",
    "CalendarException",
    "CalendarFeedToken",
    "CompletionReport",
    "Directive",
    "DutyOccurrence",
    "ExtensionRequest",
    "Notification",
    "ProgressUpdate",
    "RecurringDuty",
    "ReminderSettings",
    "Role",
    "Task",
    "TaskAttachment",
    "TaskQuerySet",
    "TaskStatus",
    "Timeliness",
    "attachment_path",
]
