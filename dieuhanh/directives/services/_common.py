"""Helpers shared by the directive services: who acts, and in whose name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files import File
from django.utils import timezone

from dieuhanh.directives.errors import DirectiveError
from dieuhanh.directives.models import (
    CompletionReport,
    ProgressUpdate,
    Task,
    TaskAttachment,
)
from dieuhanh.org.models import Person


def today() -> dt.date:
    return timezone.localdate()


def fmt(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def require_open(task: Task) -> None:
    if not task.is_open:
        raise DirectiveError(
            f"Nhiệm vụ “{task}” đang ở trạng thái “{task.get_status_display()}”; "
            "không thể thay đổi.",
            field="status",
        )


def attach(
    task: Task,
    files: Sequence[File],  # type: ignore[type-arg]
    *,
    by: Person,
    update: ProgressUpdate | None = None,
    report: CompletionReport | None = None,
) -> list[TaskAttachment]:
    """Store uploaded files against a task's update or report."""
    attachments = []
    for upload in files:
        name = (upload.name or "tep").rsplit("/", 1)[-1][:200]
        attachment = TaskAttachment(
            task=task, progress_update=update, completion_report=report, name=name, uploaded_by=by
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        attachments.append(attachment)
    return attachments
