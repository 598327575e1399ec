from django.urls import path

from voters import views, views_letters

app_name = "voters"

urlpatterns = [
    path("", views.petition_item_list_view, name="petition_item_list"),
    path("items/<int:pk>/", views.petition_item_detail_view, name="petition_item_detail"),
    path("letters/", views.letter_list_view, name="letter_list"),
    path("letters/<int:pk>/", views.letter_detail_view, name="letter_detail"),
    path("receptions/", views.reception_list_view, name="reception_list"),
    path("receptions/<int:pk>/", views.reception_detail_view, name="reception_detail"),
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
