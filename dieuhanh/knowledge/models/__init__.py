"""Knowledge: seminars, contributions, assessments, good practices, the guidance document
(chuyên đề) with its versions, resolutions and the search index."""

from dieuhanh.knowledge.models.guidance import (
    GoodPractice,
    GuidanceDocument,
    GuidanceSection,
    GuidanceVersion,
    ProfileTag,
    Resolution,
    ResolutionAction,
)
from dieuhanh.knowledge.models.search import SearchDocument
from dieuhanh.knowledge.models.seminars import (
    Assessment,
    CaseProfile,
    Contribution,
    ContributionAttachment,
    Seminar,
    StaffProfile,
)

__all__ = [
    "Assessment",
    "CaseProfile",
    "Contribution",
    "ContributionAttachment",
    "GoodPractice",
    "GuidanceDocument",
    "GuidanceSection",
    "GuidanceVersion",
    "ProfileTag",
    "Resolution",
    "ResolutionAction",
    "SearchDocument",
    "Seminar",
    "StaffProfile",
]
