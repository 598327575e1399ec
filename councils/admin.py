"""The Django admin for system administrators; lists still pass through the scoping rule.

The services own every write that keeps search keys, tree paths and periods right, so the admin
of such a model is read-only; settings save through their service.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin

from councils import scoping
from councils.forms import CouncilSettingForm
from councils.models import (
    AdministrativeUnit,
    Agency,
    Body,
    BodyMembership,
    Council,
    CouncilMembership,
    CouncilSetting,
    Delegate,
    RoleAssignment,
    Term,
    UnitSuccession,
)
from councils.services import council_setting_save, role_assign


class ScopedAdmin(SimpleHistoryAdmin):
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser or not hasattr(qs, "visible_to"):
            return qs  # national rows (no council) are the superuser's too
        return qs.visible_to(request.user)


class ReadOnlyAdminMixin:
    """A service owns this model's writes: the admin shows the rows and their history only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyScopedAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    pass


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(TreeAdmin, ReadOnlyScopedAdmin):
    list_display = ["title", "kind", "code", "valid_from", "valid_to"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "name_key", "code"]


@admin.register(Council)
class CouncilAdmin(ReadOnlyScopedAdmin):
    list_display = ["name", "valid_from", "valid_to"]
    search_fields = ["name", "name_key"]
    raw_id_fields = ["unit"]
    exclude = ["name_key"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReadOnlyScopedAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_on"]
    list_select_related = ["predecessor", "successor"]
    raw_id_fields = ["predecessor", "successor"]


@admin.register(Term)
class TermAdmin(ReadOnlyScopedAdmin):
    list_display = ["name", "start_on", "end_on"]


@admin.register(Delegate)
class DelegateAdmin(ReadOnlyScopedAdmin):
    list_display = ["full_name", "council", "gender", "birth_date"]
    list_select_related = ["council"]
    search_fields = ["full_name", "name_key"]
    raw_id_fields = ["council"]
    exclude = ["name_key"]


@admin.register(CouncilMembership)
class CouncilMembershipAdmin(ReadOnlyScopedAdmin):
    list_display = ["delegate", "council", "term", "kind", "start_on", "end_on"]
    list_select_related = ["delegate", "council", "term"]
    raw_id_fields = ["delegate", "council"]


class BodyMembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = BodyMembership
    raw_id_fields = ["delegate"]
    extra = 0


@admin.register(Body)
class BodyAdmin(ReadOnlyScopedAdmin):
    list_display = ["name", "council", "term", "kind"]
    list_select_related = ["council", "term"]
    raw_id_fields = ["council"]
    inlines = [BodyMembershipInline]


@admin.register(Agency)
class AgencyAdmin(ReadOnlyScopedAdmin):
    list_display = ["name", "council", "kind"]
    list_select_related = ["council"]
    raw_id_fields = ["council", "parent"]
    search_fields = ["name", "name_key"]
    exclude = ["name_key"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyScopedAdmin):
    """The admin is where access is granted: a new role goes through `role_assign`."""

    list_display = ["user", "role", "council", "valid_from", "valid_to"]
    list_select_related = ["user", "council"]
    raw_id_fields = ["user", "council"]

    def has_add_permission(self, request, obj=None):
        return scoping.user_scope(request.user).is_admin

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = ["user", "role", "council", "valid_from", "valid_to"]
        obj.pk = role_assign(actor=request.user, **{f: data.get(f) for f in fields}).pk


@admin.register(CouncilSetting)
class CouncilSettingAdmin(ScopedAdmin):
    """Dated per-council rules (DOMAIN.md §18); rows without a council are national defaults."""

    form = CouncilSettingForm
    list_display = ["key", "council", "value", "valid_from", "valid_to", "legal_basis"]
    list_filter = ["key"]
    list_select_related = ["council"]
    raw_id_fields = ["council"]

    def save_model(self, request, obj, form, change):
        """The form checked the value; the service checks it again and writes."""
        data = form.cleaned_data
        saved = council_setting_save(
            actor=request.user,
            setting=obj if change else None,
            **{name: data.get(name) for name in CouncilSettingForm.Meta.fields},
        )
        obj.pk = saved.pk

    def has_change_permission(self, request, obj=None):
        return scoping.can_manage_settings(request.user)

    def has_add_permission(self, request, obj=None):
        return scoping.can_manage_settings(request.user)

    def has_delete_permission(self, request, obj=None):
        return scoping.can_manage_settings(request.user)
