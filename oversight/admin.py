"""Read-only admin views of oversight records: changes go through the pages and services."""

from django.contrib import admin

from councils.admin import ReadOnlyScopedAdmin
from oversight.models import Commitment, ExplanationHearing, StandingMeeting


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyScopedAdmin):
    """Its deadline and standing are the obligation's (followups admin)."""

    list_display = ["__str__", "council", "due_on", "status"]
    list_select_related = ["council", "obligation"]


@admin.register(StandingMeeting)
class StandingMeetingAdmin(ReadOnlyScopedAdmin):
    list_display = ["__str__", "council", "number"]
    list_select_related = ["council"]


@admin.register(ExplanationHearing)
class ExplanationHearingAdmin(ReadOnlyScopedAdmin):
    list_display = ["__str__", "council", "held_on"]
    list_select_related = ["council"]
