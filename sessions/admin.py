"""Read-only admin views of session records: changes go through the pages and services."""

from django.contrib import admin

from councils.admin import ReadOnlyScopedAdmin
from sessions.models import (
    AgendaItem,
    ConfidencePoll,
    Document,
    Question,
    Session,
    Vote,
)


@admin.register(Session)
class SessionAdmin(ReadOnlyScopedAdmin):
    list_display = ["__str__", "council", "kind", "planned_start", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["council"]
    date_hierarchy = "planned_start"


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyScopedAdmin):
    list_display = ["position", "title", "kind", "session"]
    list_select_related = ["session"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyScopedAdmin):
    list_display = ["title", "kind", "reference", "current_version", "sent_on"]


@admin.register(Vote)
class VoteAdmin(ReadOnlyScopedAdmin):
    list_display = ["__str__", "held_on", "votes_for", "total_delegates", "required"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyScopedAdmin):
    list_display = ["__str__", "respondent", "answered_on"]


@admin.register(ConfidencePoll)
class ConfidencePollAdmin(ReadOnlyScopedAdmin):
    list_display = ["__str__", "session", "held_on", "status"]
