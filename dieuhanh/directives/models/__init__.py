"""Directives and tasks: directives with their source and addressees, one task per addressed
unit, sub-tasks for staff, progress, completion reports, extension requests, recurring duties,
and the editable exceptions to the working-day calendar."""

from dieuhanh.directives.models.directives import Addressee, Directive, Role
from dieuhanh.directives.models.duties import DutyOccurrence, RecurringDuty
from dieuhanh.directives.models.reference import CalendarException
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
    "CompletionReport",
    "Directive",
    "DutyOccurrence",
    "ExtensionRequest",
    "ProgressUpdate",
    "RecurringDuty",
    "Role",
    "Task",
    "TaskAttachment",
    "TaskQuerySet",
    "TaskStatus",
    "Timeliness",
    "attachment_path",
]
