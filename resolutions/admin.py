"""Read-only admin views: numbers and statuses change only through the services."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from councils.admin import ReadOnlyScopedAdmin
from resolutions.models import ImplementationTask, Resolution


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyScopedAdmin):
    list_display = ["number", "title", "council", "status", "issued_on"]
    list_filter = ["kind", "status", "field", "year"]
    list_select_related = ["council"]
    search_fields = ["number", "search_text"]
    exclude = ["signed_file"]
    readonly_fields = ["signed_file_link"]

    @admin.display(description=_("Bản ký (PDF)"))
    def signed_file_link(self, obj: Resolution) -> str:
        """Private files have no URL: link to the download view, which applies the scope."""
        if not obj.signed_file:
            return "-"
        url = reverse("resolutions:resolution_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.signed_file_name or url)


@admin.register(ImplementationTask)
class ImplementationTaskAdmin(ReadOnlyScopedAdmin):
    list_display = ["__str__", "agency", "due_on", "status"]
    list_select_related = ["agency", "obligation"]

    @admin.display(description=_("Thời hạn"), ordering="obligation__due_on")
    def due_on(self, obj: ImplementationTask):
        return obj.due_on

    @admin.display(description=_("Tình trạng"))
    def status(self, obj: ImplementationTask) -> str:
        return obj.get_status_display()
