"""The Django admin for system administrators; lists still pass through the scoping rule."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

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


class ScopedAdmin(SimpleHistoryAdmin):
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.visible_to(request.user) if hasattr(qs, "visible_to") else qs


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(TreeAdmin, ScopedAdmin):
    form = movenodeform_factory(AdministrativeUnit, exclude=["name_key"])
    list_display = ["title", "kind", "code", "valid_from", "valid_to"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "name_key", "code"]


@admin.register(Council)
class CouncilAdmin(ScopedAdmin):
    list_display = ["name", "valid_from", "valid_to"]
    search_fields = ["name", "name_key"]
    raw_id_fields = ["unit"]
    exclude = ["name_key"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(SimpleHistoryAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_on"]
    list_select_related = ["predecessor", "successor"]
    raw_id_fields = ["predecessor", "successor"]


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["name", "start_on", "end_on"]


@admin.register(Delegate)
class DelegateAdmin(ScopedAdmin):
    list_display = ["full_name", "council", "gender", "birth_date"]
    list_select_related = ["council"]
    search_fields = ["full_name", "name_key"]
    raw_id_fields = ["council"]
    exclude = ["name_key"]


@admin.register(CouncilMembership)
class CouncilMembershipAdmin(ScopedAdmin):
    list_display = ["delegate", "council", "term", "kind", "start_on", "end_on"]
    list_select_related = ["delegate", "council", "term"]
    raw_id_fields = ["delegate", "council"]


class BodyMembershipInline(admin.TabularInline):
    model = BodyMembership
    raw_id_fields = ["delegate"]
    extra = 0


@admin.register(Body)
class BodyAdmin(ScopedAdmin):
    list_display = ["name", "council", "term", "kind"]
    list_select_related = ["council", "term"]
    raw_id_fields = ["council"]
    inlines = [BodyMembershipInline]


@admin.register(Agency)
class AgencyAdmin(ScopedAdmin):
    list_display = ["name", "council", "kind"]
    list_select_related = ["council"]
    raw_id_fields = ["council", "parent"]
    search_fields = ["name", "name_key"]
    exclude = ["name_key"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    list_display = ["user", "role", "council", "valid_from", "valid_to"]
    list_select_related = ["user", "council"]
    raw_id_fields = ["user", "council"]


@admin.register(CouncilSetting)
class CouncilSettingAdmin(SimpleHistoryAdmin):
    """Dated per-council rules (DOMAIN.md §18); rows without a council are national defaults."""

    list_display = ["key", "council", "value", "valid_from", "valid_to", "legal_basis"]
    list_filter = ["key"]
    list_select_related = ["council"]
    raw_id_fields = ["council"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.visible_to(request.user)

    def get_form(self, request, obj=None, **kwargs):
        from councils.rules import RULES

        form = super().get_form(request, obj, **kwargs)
        keys = ", ".join(f"{k} ({r.default})" for k, r in RULES.items())
        form.base_fields["key"].help_text = keys
        return form

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
