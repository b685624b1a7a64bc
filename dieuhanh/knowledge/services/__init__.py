"""Writes of the knowledge app: one function per use case, each audited in its transaction."""

from dieuhanh.knowledge.services.contributions import (
    assess_contribution,
    submit_contribution,
    update_contribution,
    update_practice,
)
from dieuhanh.knowledge.services.guidance import (
    activate_due_versions,
    add_section,
    approve_version,
    compile_version,
    create_document,
    put_in_force,
    remove_section,
    return_to_draft,
    submit_for_review,
    update_section,
)
from dieuhanh.knowledge.services.resolutions import (
    ActionData,
    adopt_resolution,
    adoption_gaps,
    create_resolution,
    update_resolution,
)
from dieuhanh.knowledge.services.seminars import (
    cancel_seminar,
    close_seminar,
    create_seminar,
    record_minutes,
    update_seminar,
)

__all__ = [
    "ActionData",
    "activate_due_versions",
    "add_section",
    "adopt_resolution",
    "adoption_gaps",
    "approve_version",
    "assess_contribution",
    "cancel_seminar",
    "close_seminar",
    "compile_version",
    "create_document",
    "create_resolution",
    "create_seminar",
    "put_in_force",
    "record_minutes",
    "remove_section",
    "return_to_draft",
    "submit_contribution",
    "submit_for_review",
    "update_contribution",
    "update_practice",
    "update_resolution",
    "update_section",
    "update_seminar",
]
