"""The holiday calendar is edited here by system administrators, through the services (which
recompute the deadlines across a changed day); obligations are read-only here."""

from django.contrib import admin

from councils import scoping
from councils.admin import ReadOnlyScopedAdmin
from followups import services
from followups.models import Holiday, Obligation


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "name", "legal_basis"]
    list_filter = ["kind"]
    date_hierarchy = "day"
    search_fields = ["name"]

    def has_add_permission(self, request, obj=None):
        return scoping.can_manage_settings(request.user)

    def has_change_permission(self, request, obj=None):
        return scoping.can_manage_settings(request.user)

    def has_delete_permission(self, request, obj=None):
        return scoping.can_manage_settings(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.holiday_save(
            actor=request.user,
            holiday=Holiday.objects.get(pk=obj.pk) if change else None,
            day=data["day"],
            kind=data["kind"],
            name=data["name"],
            legal_basis=data.get("legal_basis", ""),
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.holiday_delete(actor=request.user, holiday=obj)

    def delete_queryset(self, request, queryset):
        for holiday in queryset:
            services.holiday_delete(actor=request.user, holiday=holiday)


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyScopedAdmin):
    list_display = ["__str__", "kind", "council", "owed_by", "due_on", "outcome"]
    list_filter = ["kind", "outcome", "exclusion"]
    list_select_related = ["council", "owed_by"]
    search_fields = ["search_text"]
    exclude = ["search_text"]
