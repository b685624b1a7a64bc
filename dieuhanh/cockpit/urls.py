from django.urls import path

from dieuhanh.cockpit import views

app_name = "cockpit"
urlpatterns = [
    path("", views.cockpit, name="cockpit"),
]
