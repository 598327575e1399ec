"""Pages of the oversight programmes, activities and the recommendations tracker (issue 12).

The standing meetings, hearings and commitments keep their /sessions/ addresses (sessions/urls.py).
"""

from django.urls import path

from oversight import activity_edit_views as edit
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
    path(
        "recommendations/<int:pk>/edit/", edit.recommendation_edit_view, name="recommendation_edit"
    ),
    path(
        "recommendations/<int:pk>/withdraw/",
        edit.recommendation_withdraw_view,
        name="recommendation_withdraw",
    ),
    path(
        "recommendations/<int:pk>/hearing/",
        edit.recommendation_hearing_view,
        name="recommendation_hearing",
    ),
    path(
        "recommendations/<int:pk>/reoversee/",
        edit.recommendation_reoversee_view,
        name="recommendation_reoversee",
    ),
    path("programmes/", views.programme_list_view, name="programme_list"),
    path("programmes/new/", edit.programme_create_view, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_board_view, name="programme_board"),
    path("programmes/<int:pk>/edit/", edit.programme_edit_view, name="programme_edit"),
    path("programmes/<int:pk>/adopt/", edit.programme_adopt_view, name="programme_adopt"),
    path("programmes/<int:pk>/withdraw/", edit.programme_withdraw_view, name="programme_withdraw"),
    path("programmes/<int:pk>/items/new/", edit.item_create_view, name="item_create"),
    path("items/<int:pk>/edit/", edit.item_edit_view, name="item_edit"),
    path("items/<int:pk>/withdraw/", edit.item_withdraw_view, name="item_withdraw"),
    path("items/<int:pk>/activity/", edit.item_activity_create_view, name="item_activity_create"),
    path("activities/new/", edit.activity_create_view, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail_view, name="activity_detail"),
    path(
        "activities/<int:pk>/<slug:name>.<slug:fmt>",
        document_views.activity_document_view,
        name="activity_document",
    ),
    path("activities/<int:pk>/edit/", edit.activity_edit_view, name="activity_edit"),
    path("activities/<int:pk>/move/<str:to>/", edit.activity_move_view, name="activity_move"),
    path("activities/<int:pk>/withdraw/", edit.activity_withdraw_view, name="activity_withdraw"),
    path("activities/<int:pk>/members/", edit.activity_members_view, name="activity_members"),
    path("activities/<int:pk>/visits/new/", edit.visit_add_view, name="visit_add"),
    path("visits/<int:pk>/remove/", edit.visit_remove_view, name="visit_remove"),
    path(
        "activities/<int:pk>/report-requests/new/",
        edit.report_request_create_view,
        name="report_request_create",
    ),
    path(
        "report-requests/<int:pk>/supplement/",
        edit.report_request_supplement_view,
        name="report_request_supplement",
    ),
    path(
        "report-requests/<int:pk>/receive/",
        edit.report_request_receive_view,
        name="report_request_receive",
    ),
    path("activities/<int:pk>/documents/new/", edit.document_upload_view, name="document_upload"),
    path("documents/<int:pk>/replace/", edit.document_replace_view, name="document_replace"),
    path("documents/<int:pk>/withdraw/", edit.document_withdraw_view, name="document_withdraw"),
    path(
        "document-versions/<int:pk>/download/",
        views.document_download_view,
        name="document_download",
    ),
    path(
        "activities/<int:pk>/recommendations/new/",
        edit.recommendation_create_view,
        name="recommendation_create",
    ),
]
