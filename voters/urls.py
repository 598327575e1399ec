from django.urls import path

from voters import document_views, views, views_items, views_letters

app_name = "voters"

urlpatterns = [
    path("", views.petition_item_list_view, name="petition_item_list"),
    path("items/<int:pk>/", views.petition_item_detail_view, name="petition_item_detail"),
    path("letters/", views.letter_list_view, name="letter_list"),
    path("letters/<int:pk>/", views.letter_detail_view, name="letter_detail"),
    path("receptions/", views.reception_list_view, name="reception_list"),
    path("receptions/<int:pk>/", views.reception_detail_view, name="reception_detail"),
    path("import/", views.petition_import_view, name="petition_import"),
    path("import/<int:pk>/", views.petition_import_detail_view, name="petition_import_detail"),
    path("import/<int:pk>/start/", views.petition_import_start_view, name="petition_import_start"),
    path("statistics/", views.statistics_view, name="statistics"),
    # Entry forms and exports of letters and the reception log (views_letters).
    path("letters/new/", views_letters.letter_create_view, name="letter_create"),
    path("letters/export/", views_letters.letter_export_view, name="letter_export"),
    path(
        "letters/<int:pk>/<slug:action>/",
        views_letters.letter_action_view,
        name="letter_action",
    ),
    path("receptions/new/", views_letters.reception_create_view, name="reception_create"),
    path("receptions/export/", views_letters.reception_export_view, name="reception_export"),
    path(
        "receptions/<int:pk>/edit/",
        views_letters.reception_update_view,
        name="reception_update",
    ),
    path(
        "receptions/<int:pk>/withdraw/",
        views_letters.reception_withdraw_view,
        name="reception_withdraw",
    ),
    path(
        "receptions/schedule/",
        views_letters.reception_schedule_list_view,
        name="reception_schedule_list",
    ),
    path(
        "receptions/schedule/new/",
        views_letters.reception_schedule_create_view,
        name="reception_schedule_create",
    ),
]

# Entry forms of meetings, opinions and petition items (voters/views_items.py).
urlpatterns += [
    path("meetings/", views_items.meeting_list_view, name="meeting_list"),
    path("meetings/new/", views_items.meeting_create_view, name="meeting_create"),
    path("meetings/<int:pk>/", views_items.meeting_detail_view, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views_items.meeting_update_view, name="meeting_update"),
    path("meetings/<int:pk>/withdraw/", views_items.meeting_withdraw_view, name="meeting_withdraw"),
    path(
        "meetings/<int:pk>/petitions/new/",
        views_items.petition_create_view,
        name="petition_create",
    ),
    path("items/row/", views_items.petition_item_row_view, name="petition_item_row"),
    path("items/suggest/", views_items.petition_item_suggest_view, name="petition_item_suggest"),
    path("items/export/", views_items.petition_item_export_view, name="petition_item_export"),
    path(
        "items/<int:pk>/unmerge/",
        views_items.petition_item_unmerge_view,
        name="petition_item_unmerge",
    ),
    path(
        "items/<int:pk>/<slug:action>/",
        views_items.petition_item_action_view,
        name="petition_item_action",
    ),
]

# Official documents: the reports of a contact round and of the answers, a letter's transfer slip.
urlpatterns += [
    path("reports/<slug:name>/", document_views.report_form_view, name="report_form"),
    path(
        "letters/<int:pk>/transfer-slip.<slug:fmt>",
        document_views.letter_slip_view,
        name="letter_slip",
    ),
]
