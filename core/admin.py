from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from core.models import User, ViewLog


@admin.register(User)
class HdndUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ("full_name",)}))
    list_display = ["username", "full_name", "email", "is_staff", "is_active"]


@admin.register(ViewLog)
class ViewLogAdmin(admin.ModelAdmin):
    """Who opened which protected record: read by system administrators, written by no one here.

    The log spans every council, so only those who reach every council read it (superusers and
    administrators without a council), whatever model permissions a group may carry.
    """

    list_display = ["viewed_at", "user", "content_type", "object_id", "reason", "path"]
    list_filter = ["content_type"]
    list_select_related = ["user", "content_type"]
    search_fields = ["user__username", "user__full_name", "=object_id"]
    show_full_result_count = False  # a year of views: no COUNT(*) over the whole table
    readonly_fields = ["user", "content_type", "object_id", "viewed_at", "reason", "path"]

    @staticmethod
    def _reader(request) -> bool:
        from councils import scoping  # councils builds on core

        return scoping.can_read_view_log(request.user)

    def has_module_permission(self, request) -> bool:
        return self._reader(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._reader(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
