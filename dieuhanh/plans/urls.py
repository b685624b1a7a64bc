from django.urls import path

from dieuhanh.plans import import_views, programme_views, views

app_name = "plans"
urlpatterns = [
    path("indicators/", views.indicator_catalogue, name="indicators"),
    path("imports/", import_views.imports, name="imports"),
    path("imports/new/", import_views.import_new, name="import_new"),
    path("imports/template/", import_views.import_template, name="import_template"),
    path("imports/<int:pk>/", import_views.import_batch, name="import_batch"),
    path("indicators/<str:code>/", views.indicator_units, name="indicator_units"),
    path("units/<slug:code>/", views.unit_results, name="unit_results"),
    path("units/<slug:code>/entry/", views.figure_entry, name="figure_entry"),
    path("units/<slug:code>/drill/<str:indicator_code>/", views.drill_down, name="drill_down"),
    path("units/<slug:code>/programme/", programme_views.programme, name="programme"),
    path(
        "units/<slug:code>/programme/new/",
        programme_views.programme_item_create,
        name="programme_item_create",
    ),
    path(
        "units/<slug:code>/programme/<int:pk>/",
        programme_views.programme_item_edit,
        name="programme_item_edit",
    ),
    path(
        "units/<slug:code>/programme/<int:pk>/archive/",
        programme_views.programme_item_archive,
        name="programme_item_archive",
    ),
    path("units/<slug:code>/targets/", programme_views.targets, name="targets"),
    path(
        "units/<slug:code>/targets/<str:indicator_code>/",
        programme_views.target_set,
        name="target_set",
    ),
    path("units/<slug:code>/close/", programme_views.closes, name="closes"),
]
