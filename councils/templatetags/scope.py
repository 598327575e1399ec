"""Edit links and buttons appear only where the user may use them, and the templates ask the
one module that decides (councils.scoping) instead of each view passing its own flag.

    {% load scope %}
    {% can_edit session.council as can_edit %}   may the user change this council's records?
    {% can_edit as can_add %}                    does the user change any council's records?

The scope is memoised on the user, so a check costs no query once the council's unit is loaded
(select_related("council__unit") in the selector).
"""

from __future__ import annotations

from django import template

from councils import scoping
from councils.models import Council

register = template.Library()


@register.simple_tag(takes_context=True)
def can_edit(context: template.Context, council: Council | None = None) -> bool:
    user = context["request"].user
    if council is None:
        return scoping.can_edit_any(user)
    return scoping.can_edit_council(user, council)


@register.simple_tag
def can_somewhere(user, action: str) -> bool:
    """`{% can_somewhere user "manage_roles" as may_grant %}`: links to one capability's pages."""
    return scoping.can_somewhere(user, action)


@register.simple_tag
def can_manage_settings(user) -> bool:
    """`{% can_manage_settings user as may_configure %}`: the holiday calendar's link."""
    return scoping.can_manage_settings(user)


@register.simple_tag
def can_read_view_log(user) -> bool:
    """`{% can_read_view_log user as may_audit %}`: the view log's link."""
    return scoping.can_read_view_log(user)
