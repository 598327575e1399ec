from django.urls import path

from voters import views

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
]
