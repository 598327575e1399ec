from django.urls import path

from councils import views

app_name = "councils"

urlpatterns = [
    path("", views.tree_view, name="tree"),
    path("units/new/", views.unit_create_view, name="unit_create"),
    path("units/<int:pk>/edit/", views.unit_update_view, name="unit_update"),
    path("<int:pk>/", views.council_detail_view, name="council_detail"),
    path("<int:pk>/edit/", views.council_update_view, name="council_update"),
    path("<int:pk>/history/", views.council_history_view, name="council_history"),
    path("<int:council_pk>/delegates/new/", views.delegate_form_view, name="delegate_create"),
    path("<int:council_pk>/memberships/new/", views.membership_form_view, name="membership_create"),
    path("<int:council_pk>/bodies/new/", views.body_create_view, name="body_create"),
    path("bodies/<int:pk>/members/new/", views.body_member_create_view, name="body_member_create"),
    path("suggest/", views.council_suggest_view, name="suggest"),
    path("delegates/", views.delegate_list_view, name="delegate_list"),
    path("delegates/<int:pk>/edit/", views.delegate_form_view, name="delegate_update"),
    path("delegates/<int:pk>/account/", views.delegate_account_view, name="delegate_account"),
    path("memberships/<int:pk>/edit/", views.membership_form_view, name="membership_update"),
    path("terms/", views.term_list_view, name="term_list"),
    path("terms/new/", views.term_form_view, name="term_create"),
    path("terms/<int:pk>/edit/", views.term_form_view, name="term_update"),
    path("roles/", views.role_grant_list_view, name="role_grant_list"),
    path("roles/new/", views.role_grant_create_view, name="role_grant_create"),
    path("roles/<int:pk>/end/", views.role_grant_end_view, name="role_grant_end"),
]
