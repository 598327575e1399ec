from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("exports/", views.export_list_view, name="export_list"),
    path("exports/<int:pk>/", views.export_detail_view, name="export_detail"),
    path("exports/<int:pk>/download/", views.export_download_view, name="export_download"),
]
