"""Reads of directives and tasks: scoped lists, progress roll-up, timeliness; fixed query counts."""

from dieuhanh.directives.selectors.pages import (
    DirectivePage,
    TaskPage,
    UnitStatus,
    directive_page,
    directives_list,
    head_unit_ids,
    my_tasks,
    task_page,
    unit_tasks,
)
from dieuhanh.directives.selectors.progress import ROLL_UP_RULE, Progress, progress_of
from dieuhanh.directives.selectors.scope import visible_directives, visible_tasks
from dieuhanh.directives.selectors.timeliness import (
    Basis,
    TimelinessCounts,
    counted_tasks,
    extension_counts,
    group_conditions,
    timeliness_by_directive,
    timeliness_by_head,
    timeliness_by_month,
    timeliness_by_unit,
    timeliness_counts,
    timeliness_summary,
)

__all__ = [
    "ROLL_UP_RULE",
    "Basis",
    "DirectivePage",
    "Progress",
    "TaskPage",
    "TimelinessCounts",
    "UnitStatus",
    "counted_tasks",
    "directive_page",
    "directives_list",
    "extension_counts",
    "group_conditions",
    "head_unit_ids",
    "my_tasks",
    "progress_of",
    "task_page",
    "timeliness_by_directive",
    "timeliness_by_head",
    "timeliness_by_month",
    "timeliness_by_unit",
    "timeliness_counts",
    "timeliness_summary",
    "unit_tasks",
    "visible_directives",
    "visible_tasks",
]
