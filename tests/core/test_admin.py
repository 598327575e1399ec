"""The admin over the demo data: every page opens, and no admin is a second write path."""

from datetime import date

from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from core.models import User
from core.viewlog import record_view
from councils import rules
from councils.models import Role, RoleAssignment
from councils.services import council_setting_save
from resolutions.models import Resolution

# Our apps; accounts have no service: the admin is where they are managed.
OURS = {"core", "councils", "council_sessions", "resolutions"}
NO_SERVICE = {"admin:core_user"}


def demo_admin(client):
    """A superuser's client on the loaded demo (tests/test_demo.py), with a row in every admin."""
    root = User.objects.filter(is_superuser=True).first()
    # The demo has none of these; every admin of ours gets a row to open.
    Group.objects.create(name="Văn phòng")
    council_setting_save(
        actor=root,
        council=None,
        key=rules.QUORUM,
        value="2/3",
        legal_basis="Luật 72/2025/QH15",
        valid_from=date(2025, 7, 1),
    )
    record_view(root, Resolution.objects.order_by("pk").first())
    client.force_login(root)
    return client


def _pages():
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        yield model, model_admin, f"admin:{meta.app_label}_{meta.model_name}"


def check_every_admin_changelist_and_change_page_opens(demo_admin) -> None:
    """A superuser opens each registered model's list and its first row's page: never a 500."""
    opened = []
    for model, _model_admin, name in _pages():
        assert demo_admin.get(reverse(f"{name}_changelist")).status_code == 200, name
        first = model._default_manager.order_by("pk").first()
        if first is None:  # third-party logs (sign-in attempts, tokens) are empty in the demo
            assert model._meta.app_label not in OURS, name
            continue
        response = demo_admin.get(reverse(f"{name}_change", args=[first.pk]))
        assert response.status_code == 200, name
        opened.append(name)
    assert len(opened) > 20


def check_signed_file_is_linked_through_the_scoped_download(demo_admin) -> None:
    """Private files have no URL: the admin links to the app's scoped download view instead."""
    resolution = Resolution.objects.exclude(signed_file="").order_by("pk").first()
    response = demo_admin.get(reverse("admin:resolutions_resolution_change", args=[resolution.pk]))
    assert response.status_code == 200
    assert reverse("resolutions:resolution_file", args=[resolution.pk]) in response.content.decode()


def test_admins_never_write_past_the_services(rf, db):
    """Every admin either saves through a service (save_model overridden) or is read-only."""
    request = rf.get("/")
    request.user = User.objects.create_superuser("root", password="x")
    editable = []
    for model, model_admin, name in _pages():
        if model._meta.app_label not in OURS or name in NO_SERVICE:
            continue
        writes = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
        if writes and type(model_admin).save_model is admin.ModelAdmin.save_model:
            editable.append(name)
    assert editable == []


def test_admin_grants_a_role_through_the_service(client, db):
    """The admin stays the place to grant access, and the grant goes through `role_assign`."""
    root = User.objects.create_superuser("root", password="x")
    newcomer = User.objects.create_user("newcomer", password="x")
    client.force_login(root)
    url = reverse("admin:councils_roleassignment_add")
    data = {"user": newcomer.pk, "role": Role.ADMIN, "valid_from": "01/07/2025"}
    assert client.post(url, data).status_code == 302
    assignment = RoleAssignment.objects.get(user=newcomer)
    assert assignment.role == Role.ADMIN
    newcomer.refresh_from_db()
    assert newcomer.is_staff  # what role_assign does, and a plain admin save did not
