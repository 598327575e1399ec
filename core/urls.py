from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("exports/", views.export_list_view, name="export_list"),
    path("exports/<int:pk>/", views.export_detail_view, name="export_detail"),
    path("exports/<int:pk>/download/", views.export_download_view, name="export_download"),
    path("notifications/", views.notification_list_view, name="notification_list"),
    path("notifications/bell/", views.notification_bell_view, name="notification_bell"),
    path("notifications/read-all/", views.notification_read_all_view, name="notification_read_all"),
    path(
        "notifications/preferences/",
        views.notification_preferences_view,
        name="notification_preferences",
    ),
    path("notifications/<int:pk>/open/", views.notification_open_view, name="notification_open"),
    path("notifications/<int:pk>/read/", views.notification_read_view, name="notification_read"),
    path("view-log/", views.view_log_list_view, name="view_log_list"),
]
