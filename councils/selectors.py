"""Reads of the council tree; every one starts from the scoping rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from core.text import search_key, search_words
from councils import scoping
from councils.filters import DELEGATE_SORT
from councils.models import (
    AdministrativeUnit,
    Agency,
    Body,
    BodyMembership,
    Capability,
    Council,
    CouncilMembership,
    Delegate,
    Extent,
    Role,
    RoleAssignment,
    Term,
    UnitSuccession,
    valid_on_q,
)
from councils.scoping import (
    can_view_unit,
    council_lineage_q,
    councils_visible_to,
    units_visible_to,
    user_scope,
)

if TYPE_CHECKING:
    from core.models import User


def unit_list(
    *,
    user: User,
    parent: AdministrativeUnit | None = None,
    on: date | None = None,
    query: str = "",
    level: str = "",
) -> QuerySet[AdministrativeUnit]:
    """Units in scope: search matches, else children of `parent`, else the tops of the reach.

    `on` restricts to units that existed that day (None: every unit, past and present).
    """
    qs = units_visible_to(user).select_related("council")
    if level:
        qs = qs.filter(level=level)
    when = valid_on_q(on) if on is not None else Q()
    key = search_key(query)
    if key:
        qs = qs.filter(when, Q(name_key__contains=key) | Q(code=query.strip()))
    elif parent is not None:
        qs = qs.filter(when, path__startswith=parent.path, depth=parent.depth + 1)
    else:
        scope = user_scope(user)
        reach = scope.read
        if reach.everything:
            qs = qs.filter(when, depth=1)
        else:
            # The user's own units stay at the top after a merger or abolition: a clerk of an
            # old commune still opens the tree on it, history included.
            if on is not None and scope.own:
                when |= Q(path__in=sorted(scope.own))
            qs = qs.filter(when, path__in=sorted(reach.prefixes | reach.exact))
    return qs.order_by("depth", "name_key", "path")


def attach_trails(units: list[AdministrativeUnit]) -> None:
    """Set `unit.trail` ("Tỉnh Quảng Nam / Huyện Hiệp Đức") for search results, in one query."""
    steplen = AdministrativeUnit.steplen
    paths = {u.path[:i] for u in units for i in range(steplen, len(u.path), steplen)}
    found = (
        {a.path: a.title for a in AdministrativeUnit.objects.filter(path__in=sorted(paths))}
        if paths
        else {}
    )
    for u in units:
        prefixes = [u.path[:i] for i in range(steplen, len(u.path), steplen)]
        u.trail = " / ".join(found[p] for p in prefixes if p in found)


def unit_ancestors(unit: AdministrativeUnit, *, user: User) -> list[AdministrativeUnit]:
    """Breadcrumb in one query, outermost first; `visible` says whether the user may open each."""
    steplen = AdministrativeUnit.steplen
    paths = [unit.path[:i] for i in range(steplen, len(unit.path), steplen)]
    ancestors = list(AdministrativeUnit.objects.filter(path__in=paths).order_by("depth"))
    for a in ancestors:
        a.visible = can_view_unit(user, a)
    return ancestors


def council_list(*, user: User, query: str = "", on: date | None = None) -> QuerySet[Council]:
    qs = councils_visible_to(user).select_related("unit")
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    qs = search_words(qs, ["name_key", "unit__name_key"], query)
    return qs.order_by("unit__path")


def councils_editable_by(user: User) -> QuerySet[Council]:
    """Councils whose records the user prepares: the council choices of data-entry forms."""
    cond = user_scope(user).edit.q("unit__path")
    if cond is None:
        return Council.objects.none()
    return councils_visible_to(user).filter(cond).select_related("unit").order_by("unit__path")


def council_suggestions(
    *, user: User, query: str, editable: bool = False, limit: int = 15
) -> list[dict[str, object]]:
    """Matches for the council picker: current councils first, each with its place in the tree."""
    if not search_key(query):
        return []
    qs = councils_editable_by(user) if editable else councils_visible_to(user)
    qs = search_words(qs, ["name_key", "unit__name_key"], query).select_related("unit")
    rows = list(qs.order_by(F("valid_to").desc(nulls_first=True), "unit__depth", "name")[:limit])
    attach_trails([c.unit for c in rows])
    return [{"id": c.pk, "name": c.name, "trail": c.unit.trail} for c in rows]


def council_get(*, user: User, pk: int) -> Council:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(council_list(user=user), pk=pk)


def term_list() -> QuerySet[Term]:
    """Terms are national (every council is elected the same day), so they are not scoped."""
    return Term.objects.all()


def term_on(on: date) -> Term | None:
    """The term running on `on` (terms are national); None outside every recorded term."""
    return Term.objects.filter(start_on__lte=on, end_on__gte=on).order_by("-start_on").first()


def term_for(terms: list[Term], term_id: int | None, on: date) -> Term | None:
    """The term asked for, else the one running on `on`, else the latest."""
    by_id = {t.pk: t for t in terms}
    if term_id in by_id:
        return by_id[term_id]
    return next((t for t in terms if t.covers(on)), terms[0] if terms else None)


BODY_ORDER = [Body.Kind.STANDING, Body.Kind.COMMITTEE, Body.Kind.DELEGATE_GROUP]
ROLE_ORDER = [
    BodyMembership.Role.CHAIR,
    BodyMembership.Role.VICE_CHAIR,
    BodyMembership.Role.HEAD,
    BodyMembership.Role.DEPUTY_HEAD,
    BodyMembership.Role.LEADER,
    BodyMembership.Role.DEPUTY_LEADER,
    BodyMembership.Role.MEMBER,
]


def _rank(field: str, order: list[str]) -> Case:
    """Order by protocol rank (Chủ tịch before Phó Chủ tịch), not alphabetically."""
    return Case(
        *(When(**{field: value}, then=Value(i)) for i, value in enumerate(order)),
        default=Value(len(order)),
        output_field=IntegerField(),
    )


@dataclass
class CouncilPage:
    council: Council
    terms: list[Term]
    term: Term | None
    bodies: list[Body]
    memberships: list[CouncilMembership]
    children: list[AdministrativeUnit]
    predecessors: list[UnitSuccession]
    successors: list[UnitSuccession]


def council_page(*, user: User, council: Council, term_id: int | None, on: date) -> CouncilPage:
    """Everything the council page shows, in a fixed number of queries."""
    # Only the terms the council lived through; a closed council opens on its last term.
    terms = [
        t
        for t in term_list()
        if t.end_on >= council.valid_from
        and (council.valid_to is None or t.start_on <= council.valid_to)
    ]
    if council.valid_to is not None and council.valid_to < on:
        on = council.valid_to
    term = term_for(terms, term_id, on)
    bodies: list[Body] = []
    memberships: list[CouncilMembership] = []
    if term is not None:
        bodies = list(
            Body.objects.filter(council=council, term=term)
            .order_by(_rank("kind", BODY_ORDER), "position", "name")
            .prefetch_related(
                Prefetch(
                    "members",
                    queryset=BodyMembership.objects.select_related("delegate").order_by(
                        _rank("role", ROLE_ORDER), "start_on", "delegate__name_key"
                    ),
                )
            )
        )
        memberships = list(
            CouncilMembership.objects.filter(council=council, term=term)
            .select_related("delegate")
            .order_by("delegate__name_key", "start_on")
        )
    unit = council.unit
    children = (
        []
        if unit.numchild == 0
        else list(
            units_visible_to(user)
            .filter(path__startswith=unit.path, depth=unit.depth + 1)
            .select_related("council")
            .order_by("name_key")
        )
    )
    links = list(
        UnitSuccession.objects.filter(Q(successor=unit) | Q(predecessor=unit)).select_related(
            "predecessor__council", "successor__council"
        )
    )
    # A merged commune's successor may lie outside the reader's scope: named, not linked.
    for link in links:
        link.predecessor.visible = can_view_unit(user, link.predecessor)
        link.successor.visible = can_view_unit(user, link.successor)
    return CouncilPage(
        council=council,
        terms=terms,
        term=term,
        bodies=bodies,
        memberships=memberships,
        children=children,
        predecessors=[link for link in links if link.successor_id == unit.pk],
        successors=[link for link in links if link.predecessor_id == unit.pk],
    )


def delegate_list(
    *, user: User, query: str = "", council: Council | None = None, sort: str | None = None
) -> QuerySet[Delegate]:
    """Delegates in scope; `council` keeps its lineage (below it, and what it absorbed)."""
    qs = Delegate.objects.visible_to(user).select_related("council__unit")
    if council is not None:
        qs = qs.filter(council_lineage_q(council))
    narrow = council is not None or not scoping.sees_everything(user)
    return search_words(qs, ["name_key"], query).order_by(
        *DELEGATE_SORT.order_by(sort, narrow=narrow)
    )


def delegate_accounts(*, council: Council, on: date | None = None) -> QuerySet[User]:
    """Accounts that may be linked to a delegate of `council`: active, and holding the delegate
    role there on `on` (today). Who may link is decided by the caller (manage_roles)."""
    from core.models import User

    grants = RoleAssignment.objects.current(on).filter(council=council, role=Role.DELEGATE)
    return User.objects.filter(is_active=True, pk__in=grants.values("user_id")).order_by("username")


def membership_list(*, user: User) -> QuerySet[CouncilMembership]:
    return CouncilMembership.objects.visible_to(user).select_related("delegate", "council", "term")


def agency_list(*, user: User, query: str = "") -> QuerySet[Agency]:
    qs = Agency.objects.visible_to(user).select_related("council", "parent")
    return search_words(qs, ["name_key"], query)


_HISTORY_SKIP = {"id", "created_at", "updated_at", "name_key", "path", "depth", "numchild"}


def _history_changes(record, previous) -> list[tuple[str, str, str]]:
    """(field label, before, after) for each field a change touched."""
    if previous is None:
        return []
    changes = []
    for field in record.instance_type._meta.fields:
        name = field.attname
        if name in _HISTORY_SKIP:
            continue
        before, after = getattr(previous, name, None), getattr(record, name, None)
        if before != after:
            changes.append((str(field.verbose_name), _shown(before), _shown(after)))
    return changes


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def council_history(*, council: Council, limit: int = 50) -> list[dict]:
    """Who changed what, and when, on the council and its people; two queries per table.

    The latest `limit` records of each table are read, then every earlier version of the same
    objects, so each change can be shown against the version before it.
    """
    unit = council.unit
    sources = [
        (Council, {"id": council.pk}),
        (AdministrativeUnit, {"id": unit.pk}),
        (Body, {"council_id": council.pk}),
        (CouncilMembership, {"council_id": council.pk}),
        (Delegate, {"council_id": council.pk}),
        (BodyMembership, {"body__council_id": council.pk}),
        (Agency, {"council_id": council.pk}),
    ]
    rows: list[dict] = []
    for model, lookup in sources:
        recent = list(
            model.history.filter(**lookup)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:limit]
        )
        if not recent:
            continue
        # Earlier versions are needed only to describe changes, not creations.
        changed = {r.id for r in recent if r.history_type == "~"}
        versions: dict[int, list] = {}
        if changed:
            for rec in model.history.filter(id__in=changed).order_by("history_date", "history_id"):
                versions.setdefault(rec.id, []).append(rec)
        for rec in recent:
            chain = versions.get(rec.id, [])
            idx = next((i for i, v in enumerate(chain) if v.history_id == rec.history_id), 0)
            previous = chain[idx - 1] if idx > 0 else None
            rows.append(
                {
                    "when": rec.history_date,
                    "user": rec.history_user,
                    "action": rec.get_history_type_display(),
                    "type": model._meta.verbose_name,
                    "what": getattr(rec, "full_name", None) or getattr(rec, "name", None) or "",
                    "delegate_id": getattr(rec, "delegate_id", None),
                    "changes": _history_changes(rec, previous) if rec.history_type == "~" else [],
                }
            )
    rows.sort(key=lambda r: r["when"], reverse=True)
    rows = rows[:limit]
    # Memberships name their delegate: one more query for all of them.
    ids = {r["delegate_id"] for r in rows if r["delegate_id"]}
    names = dict(Delegate.objects.filter(pk__in=ids).values_list("pk", "full_name")) if ids else {}
    for r in rows:
        if not r["what"] and r["delegate_id"]:
            r["what"] = names.get(r["delegate_id"], "")
    return rows


def home_council(user: User) -> Council | None:
    council_id = user_scope(user).home_council_id
    if council_id is None:
        return None
    return council_list(user=user).filter(pk=council_id).first()


def councils_granting(user: User) -> QuerySet[Council]:
    """Councils where `user` may grant roles: the council choices of the grant page."""
    return (
        scoping.councils_where(user, Capability.MANAGE_ROLES)
        .select_related("unit")
        .order_by("unit__path")
    )


def role_grant_list(
    *,
    user: User,
    council: Council | None = None,
    query: str = "",
    include_ended: bool = False,
    today: date | None = None,
) -> QuerySet[RoleAssignment]:
    """Grants `user` manages: at councils in their `manage_roles` reach; national grants are
    for national administrators. Ended grants stay (history) and show on request."""
    qs = RoleAssignment.objects.select_related("user", "council")
    if not scoping.can(user, Capability.MANAGE_ROLES, None):  # no filter when it is everything
        qs = qs.filter(council__in=scoping.councils_where(user, Capability.MANAGE_ROLES))
    if not include_ended:
        on = today or timezone.localdate()
        qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    if council is not None:
        qs = qs.filter(council_lineage_q(council))
    for word in query.split()[:5]:
        qs = qs.filter(Q(user__username__icontains=word) | Q(user__full_name__icontains=word))
    return qs.order_by("-id")


def role_capability_table() -> list[dict[str, object]]:
    """What each role allows and how far, read off the one table, for the grant page."""
    rows = []
    for role in Role:
        caps = scoping.ROLE_CAPABILITIES.get(role, {})
        rows.append(
            {
                "role": role.label,
                "capabilities": [(Capability(c).label, Extent(e).label) for c, e in caps.items()],
            }
        )
    return rows


def standing_chair_name(*, user: User, council: Council, on: date, term: Term | None = None) -> str:
    """The Chủ tịch of the council's standing committee (Thường trực) on the day, of `term` when
    given, else of whichever term's committee holds the office then; "" if none is recorded.
    Official documents print the name under the signature."""
    terms = {"body__term": term} if term is not None else {}
    membership = (
        BodyMembership.objects.visible_to(user)
        .filter(
            Q(end_on__isnull=True) | Q(end_on__gte=on),
            body__council=council,
            body__kind=Body.Kind.STANDING,
            role=BodyMembership.Role.CHAIR,
            start_on__lte=on,
            **terms,
        )
        .select_related("delegate")
        .order_by("-start_on", "-id")
        .first()
    )
    return membership.delegate.full_name if membership else ""


def body_head_name(*, user: User, body: Body, on: date) -> str:
    """The head of a Ban (Trưởng Ban) or delegate group (Tổ trưởng) on the day, for the signature
    of the body's official documents; "" if none is recorded."""
    heads = (BodyMembership.Role.CHAIR, BodyMembership.Role.HEAD, BodyMembership.Role.LEADER)
    membership = (
        BodyMembership.objects.visible_to(user)
        .filter(
            Q(end_on__isnull=True) | Q(end_on__gte=on),
            body=body,
            role__in=heads,
            start_on__lte=on,
        )
        .select_related("delegate")
        .order_by("-start_on", "-id")
        .first()
    )
    return membership.delegate.full_name if membership else ""
