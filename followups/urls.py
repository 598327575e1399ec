from django.urls import path

from followups import views

app_name = "followups"

urlpatterns = [
    path("", views.obligation_list_view, name="obligation_list"),
    path("export.xlsx", views.obligation_export_view, name="obligation_export"),
    path("<int:pk>/", views.obligation_detail_view, name="obligation_detail"),
    path("<int:pk>/extend/", views.obligation_extend_view, name="obligation_extend"),
    path("<int:pk>/report/", views.obligation_report_view, name="obligation_report"),
    path("<int:pk>/escalate/", views.obligation_escalate_view, name="obligation_escalate"),
    path("<int:pk>/close/", views.obligation_close_view, name="obligation_close"),
    path("<int:pk>/reopen/", views.obligation_reopen_view, name="obligation_reopen"),
    path("evidence/<int:pk>/", views.evidence_download_view, name="evidence_download"),
    path("new/", views.obligation_create_view, name="obligation_create"),
    path("<int:pk>/exclusion/", views.obligation_exclusion_view, name="obligation_exclusion"),
    path("<int:pk>/withdraw/", views.obligation_withdraw_view, name="obligation_withdraw"),
    path("holidays/", views.holiday_list_view, name="holiday_list"),
    path("holidays/new/", views.holiday_form_view, name="holiday_create"),
    path("holidays/<int:pk>/edit/", views.holiday_form_view, name="holiday_update"),
    path("holidays/<int:pk>/delete/", views.holiday_delete_view, name="holiday_delete"),
    path(
        "events/<int:pk>/letter.pdf",
        views.escalation_letter_view,
        {"fmt": "pdf"},
        name="escalation_letter_pdf",
    ),
    path(
        "events/<int:pk>/letter.docx",
        views.escalation_letter_view,
        {"fmt": "docx"},
        name="escalation_letter_docx",
    ),
    path(
        "events/<int:pk>/letter/rebuild/",
        views.escalation_letter_rebuild_view,
        name="escalation_letter_rebuild",
    ),
]
