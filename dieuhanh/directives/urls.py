from django.urls import path

from dieuhanh.directives import follow_up_views, views

app_name = "directives"
urlpatterns = [
    path("", views.my_tasks, name="my_tasks"),
    path("list/", views.directive_list, name="list"),
    path("<int:pk>/", views.directive_detail, name="directive"),
    path("units/<slug:code>/", views.unit_tasks, name="unit_tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/progress/", views.task_progress, name="task_progress"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="task_complete"),
    path("tasks/<int:pk>/decide/", views.task_decide, name="task_decide"),
    path("tasks/<int:pk>/extension/", views.task_extension, name="task_extension"),
    path("tasks/<int:pk>/subtasks/new/", views.subtask_create, name="subtask_create"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
]
urlpatterns += [
    path("new/", views.directive_new, name="directive_new"),
    path("new/check/", views.directive_check, name="directive_check"),
    path("<int:pk>/issue/", views.directive_issue, name="directive_issue"),
]
urlpatterns += [
    path("inbox/", follow_up_views.inbox, name="inbox"),
    path("inbox/<int:pk>/read/", follow_up_views.notification_read, name="notification_read"),
    path("inbox/read-all/", follow_up_views.notifications_read_all, name="notifications_read_all"),
    path(
        "units/<slug:code>/reminders/",
        follow_up_views.reminder_settings,
        name="reminder_settings",
    ),
    path("calendar/", follow_up_views.deadline_calendar, name="calendar"),
    path("calendar/feed/new/", follow_up_views.feed_create, name="feed_create"),
    path("calendar/feed/revoke/", follow_up_views.feed_revoke, name="feed_revoke"),
    path("calendar/feed/<str:token>.ics", follow_up_views.feed, name="feed"),
    path("timeliness/", follow_up_views.timeliness, name="timeliness"),
]
