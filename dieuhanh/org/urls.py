from django.urls import path

from dieuhanh.org import views

app_name = "org"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("units/<slug:code>/", views.unit_detail, name="unit"),
    path("units/<slug:code>/new/", views.unit_create, name="unit_create"),
    path("units/<slug:code>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<slug:code>/move/", views.unit_move, name="unit_move"),
    path("units/<slug:code>/merge/", views.unit_merge, name="unit_merge"),
    path("units/<slug:code>/people/new/", views.person_create, name="person_create"),
    path("units/<slug:code>/portfolios/new/", views.portfolio_create, name="portfolio_create"),
    path("portfolios/<int:pk>/end/", views.portfolio_end, name="portfolio_end"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/postings/new/", views.posting_create, name="posting_create"),
    path("postings/<int:pk>/end/", views.posting_end, name="posting_end"),
    path("delegations/", views.delegations, name="delegations"),
    path("delegations/new/", views.delegation_create, name="delegation_create"),
    path("delegations/<int:pk>/", views.delegation_detail, name="delegation"),
    path("delegations/<int:pk>/revoke/", views.delegation_revoke, name="delegation_revoke"),
]
