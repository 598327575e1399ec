from django.urls import path

from resolutions import views

app_name = "resolutions"

urlpatterns = [
    path("", views.register_view, name="register"),
    path("export.xlsx", views.register_export_view, name="register_export"),
    path("new/", views.resolution_create_view, name="resolution_create"),
    path("<int:pk>/", views.resolution_detail_view, name="resolution_detail"),
    path("<int:pk>/edit/", views.resolution_update_view, name="resolution_update"),
    path("<int:pk>/file/", views.resolution_file_view, name="resolution_file"),
    path("<int:pk>/transition/", views.resolution_transition_view, name="resolution_transition"),
    path("<int:pk>/issue/", views.resolution_issue_view, name="resolution_issue"),
    path("<int:pk>/link/", views.resolution_link_view, name="resolution_link"),
    path("<int:pk>/tasks/new/", views.task_create_view, name="task_create"),
    path("tasks/overdue/", views.task_overdue_view, name="task_overdue"),
    path("tasks/<int:pk>/report/", views.task_report_view, name="task_report"),
    path("tasks/<int:pk>/close/", views.task_close_view, name="task_close"),
]
