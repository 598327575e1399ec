"""Pages of the oversight programmes, activities and the recommendations tracker (issue 12).

The standing meetings, hearings and commitments keep their /sessions/ addresses (sessions/urls.py).
"""

from django.urls import path

from oversight import activity_views as views
from oversight import document_views

app_name = "oversight"

urlpatterns = [
    path("recommendations/", views.recommendation_list_view, name="recommendation_list"),
    path(
        "recommendations/export/",
        views.recommendation_export_view,
        name="recommendation_export",
    ),
    path(
        "recommendations/report/",
        document_views.followup_report_view,
        name="followup_report",
    ),
    path("programmes/", views.programme_list_view, name="programme_list"),
    path("programmes/<int:pk>/", views.programme_board_view, name="programme_board"),
    path("activities/<int:pk>/", views.activity_detail_view, name="activity_detail"),
    path(
        "activities/<int:pk>/<slug:name>.<slug:fmt>",
        document_views.activity_document_view,
        name="activity_document",
    ),
]
