"""Read-only admin views: numbers and statuses change only through the services."""

from django.contrib import admin

from resolutions.models import ImplementationTask, Resolution
from sessions.admin import ReadOnlyScopedAdmin


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyScopedAdmin):
    list_display = ["number", "title", "council", "status", "issued_on"]
    list_filter = ["kind", "status", "field", "year"]
    list_select_related = ["council"]
    search_fields = ["number", "search_text"]


@admin.register(ImplementationTask)
class ImplementationTaskAdmin(ReadOnlyScopedAdmin):
    list_display = ["__str__", "agency", "due_on", "status"]
    list_select_related = ["agency"]
