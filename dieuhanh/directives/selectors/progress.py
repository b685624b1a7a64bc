"""Progress as shown: one roll-up rule from sub-tasks to the unit's task."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Sum

from dieuhanh.directives.models import (
    Task,
    TaskStatus,
)

ROLL_UP_RULE = (
    "Tiến độ của đơn vị = trung bình cộng tiến độ các việc đã giao cho cán bộ, mỗi việc có "
    "trọng số như nhau, làm tròn xuống; khi chưa giao việc cho ai, lấy tiến độ đơn vị tự báo cáo."
)


@dataclass(frozen=True)
class Progress:
    """A task's progress as shown, with how it was obtained."""

    percent: int
    subtasks: int  # how many sub-tasks it was averaged from; 0 = the reported figure

    @property
    def rule(self) -> str:
        if self.subtasks:
            return f"Trung bình của {self.subtasks} việc giao cho cán bộ"
        return "Theo báo cáo của đơn vị"


def progress_of(tasks: Sequence[Task]) -> dict[int, Progress]:
    """The shown progress of each task (one query): the roll-up rule in `ROLL_UP_RULE`.

    The mean is rounded down, so a unit shows 100% only when every sub-task is at 100%.
    Cancelled sub-tasks are left out.
    """
    ids = [task.pk for task in tasks if task.parent_id is None]
    rows = (
        Task.objects.filter(parent_id__in=ids)
        .exclude(status=TaskStatus.CANCELLED)
        .values("parent_id")
        .annotate(total=Sum("progress"), count=Count("id"))
    )
    sums = {row["parent_id"]: (row["total"], row["count"]) for row in rows}
    result = {}
    for task in tasks:
        total, count = sums.get(task.pk, (0, 0))
        if count:
            result[task.pk] = Progress(percent=int(total) // count, subtasks=count)
        else:
            result[task.pk] = Progress(percent=task.progress, subtasks=0)
    return result
