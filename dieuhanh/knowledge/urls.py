from django.urls import path

from dieuhanh.knowledge.views import guidance, resolutions, search, seminars

app_name = "knowledge"
urlpatterns = [
    path("", seminars.seminar_list, name="seminars"),
    path("seminars/new/", seminars.seminar_create, name="seminar_create"),
    path("seminars/<int:pk>/", seminars.seminar_detail, name="seminar"),
    path("seminars/<int:pk>/minutes/", seminars.seminar_minutes, name="seminar_minutes"),
    path("seminars/<int:pk>/close/", seminars.seminar_close, name="seminar_close"),
    path("contributions/new/", seminars.contribution_create, name="contribution_create"),
    path("contributions/<int:pk>/", seminars.contribution_detail, name="contribution"),
    path(
        "contributions/<int:pk>/assess/", seminars.contribution_assess, name="contribution_assess"
    ),
    path("practices/", seminars.practice_list, name="practices"),
    path("guidance/", guidance.guidance_list, name="guidance"),
    path("guidance/<int:pk>/compile/", guidance.guidance_compile, name="guidance_compile"),
    path("guidance/versions/<int:pk>/", guidance.version_detail, name="version"),
    path("guidance/versions/<int:pk>/review/", guidance.version_review, name="version_review"),
    path("guidance/versions/<int:pk>/return/", guidance.version_return, name="version_return"),
    path("guidance/versions/<int:pk>/approve/", guidance.version_approve, name="version_approve"),
    path(
        "guidance/versions/<int:pk>/in-force/", guidance.version_in_force, name="version_in_force"
    ),
    path("guidance/versions/<int:pk>/sections/", guidance.section_add, name="section_add"),
    path("guidance/sections/<int:pk>/", guidance.section_edit, name="section_edit"),
    path("guidance/versions/<int:pk>/compare/", guidance.version_compare, name="version_compare"),
    path("guidance/versions/<int:pk>/docx/", guidance.version_docx, name="version_docx"),
    path("search/", search.search, name="search"),
    path("resolutions/", resolutions.resolution_list, name="resolutions"),
    path("resolutions/new/", resolutions.resolution_create, name="resolution_create"),
    path("resolutions/<int:pk>/", resolutions.resolution_detail, name="resolution"),
    path("resolutions/<int:pk>/edit/", resolutions.resolution_edit, name="resolution_edit"),
    path("resolutions/<int:pk>/adopt/", resolutions.resolution_adopt, name="resolution_adopt"),
]
