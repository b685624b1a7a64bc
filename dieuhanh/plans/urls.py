from django.urls import path

from dieuhanh.plans import views

app_name = "plans"
urlpatterns = [
    path("indicators/", views.indicator_catalogue, name="indicators"),
    path("indicators/<str:code>/", views.indicator_units, name="indicator_units"),
    path("units/<slug:code>/", views.unit_results, name="unit_results"),
    path("units/<slug:code>/entry/", views.figure_entry, name="figure_entry"),
    path("units/<slug:code>/drill/<str:indicator_code>/", views.drill_down, name="drill_down"),
]
