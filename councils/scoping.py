"""The one module that decides who may see and change what (STYLE.md §2.2).

Scope = the councils a user's current role assignments cover, and everything below them in the
tree, plus their predecessors through succession links (a merged province must see what it
absorbed). A delegate reads their own council only; lower-level office staff read their subtree but
change only their own council. Views answer 404 for anything outside this scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from councils.models import AdministrativeUnit, Council, Role, RoleAssignment, UnitSuccession

if TYPE_CHECKING:
    from core.models import User

# How deep a chain of mergers scoping follows (a 2019 merger inside a unit merged in 2025 is 2).
MAX_LINEAGE_DEPTH = 6

# What each role lets its holder do at the council it is assigned to.
SUBTREE_READ = {Role.SECRETARIAT, Role.STANDING, Role.OFFICE}
SUBTREE_EDIT = {Role.SECRETARIAT}
OWN_EDIT = {Role.OFFICE}
APPROVE = {Role.STANDING}


@dataclass(frozen=True)
class Reach:
    """Unit paths covered: whole subtrees (`prefixes`) and single units (`exact`)."""

    everything: bool = False
    prefixes: frozenset[str] = frozenset()
    exact: frozenset[str] = frozenset()

    def covers(self, path: str) -> bool:
        return (
            self.everything or path in self.exact or any(path.startswith(p) for p in self.prefixes)
        )

    def q(self, field: str) -> Q | None:
        """A filter on a unit-path field, or None when nothing is covered."""
        if self.everything:
            return Q()
        if not (self.exact or self.prefixes):
            return None
        cond = Q(**{f"{field}__in": sorted(self.exact)}) if self.exact else Q()
        for prefix in sorted(self.prefixes):
            cond |= Q(**{f"{field}__startswith": prefix})
        return cond


@dataclass(frozen=True)
class UserScope:
    read: Reach
    edit: Reach
    approve: Reach
    is_admin: bool
    home_council_id: int | None
    # Paths of the units the user's own role assignments are at (the tops of their tree).
    own: frozenset[str] = frozenset()


NOTHING = UserScope(Reach(), Reach(), Reach(), is_admin=False, home_council_id=None)
EVERYTHING = Reach(everything=True)


def _minimal(prefixes: set[str]) -> set[str]:
    """Drop prefixes already covered by a shorter one."""
    kept: set[str] = set()
    for p in sorted(prefixes, key=len):
        if not any(p.startswith(k) for k in kept):
            kept.add(p)
    return kept


def _with_predecessors(prefixes: set[str], exact: set[str]) -> Reach:
    """Follow succession links backwards: subtrees bring their predecessors' subtrees."""
    prefixes = _minimal(prefixes)
    exact = {e for e in exact if not any(e.startswith(p) for p in prefixes)}
    frontier = Reach(prefixes=frozenset(prefixes), exact=frozenset(exact))
    for _depth in range(MAX_LINEAGE_DEPTH):
        cond = frontier.q("successor__path")
        if cond is None:
            break
        links = UnitSuccession.objects.filter(cond).values_list(
            "predecessor__path", "successor__path"
        )
        new_prefixes: set[str] = set()
        new_exact: set[str] = set()
        for pred, succ in links:
            if any(succ.startswith(p) for p in frontier.prefixes):
                if not any(pred.startswith(p) for p in prefixes):
                    new_prefixes.add(pred)
            elif pred not in exact and not any(pred.startswith(p) for p in prefixes):
                new_exact.add(pred)
        if not (new_prefixes or new_exact):
            break
        prefixes = _minimal(prefixes | new_prefixes)
        exact = {e for e in exact | new_exact if not any(e.startswith(p) for p in prefixes)}
        # Follow only what is really new: predecessors inside an added subtree are covered.
        frontier = Reach(
            prefixes=frozenset(new_prefixes & prefixes), exact=frozenset(new_exact & exact)
        )
    return Reach(prefixes=frozenset(prefixes), exact=frozenset(exact))


def user_scope(user: User) -> UserScope:
    """Compute once per request (memoised on the user object) what the user reaches."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return NOTHING
    cached = getattr(user, "_hdnd_scope", None)
    if cached is not None:
        return cached
    rows = list(
        RoleAssignment.objects.current()
        .filter(user=user)
        .order_by("valid_from", "id")
        .values_list("role", "council_id", "council__unit__path")
    )
    if user.is_superuser or any(role == Role.ADMIN and not path for role, _c, path in rows):
        home = next((c for _r, c, _p in rows if c), None)
        scope = UserScope(EVERYTHING, EVERYTHING, EVERYTHING, is_admin=True, home_council_id=home)
    else:
        read_p, read_e, edit_p, edit_e, appr_p = set(), set(), set(), set(), set()
        for role, _council_id, path in rows:
            if role in SUBTREE_READ or role == Role.ADMIN:
                read_p.add(path)
            else:
                read_e.add(path)
            if role in SUBTREE_EDIT or role == Role.ADMIN:
                edit_p.add(path)
            elif role in OWN_EDIT:
                edit_e.add(path)
            if role in APPROVE:
                appr_p.add(path)
        # Lineage is followed once for reading; editing stays on today's units.
        read = _with_predecessors(read_p, read_e) if rows else Reach()
        edit = Reach(prefixes=frozenset(_minimal(edit_p)), exact=frozenset(edit_e))
        approve = Reach(prefixes=frozenset(_minimal(appr_p)))
        home = rows[0][1] if rows else None
        own = frozenset(path for _r, _c, path in rows)
        scope = UserScope(read, edit, approve, is_admin=False, home_council_id=home, own=own)
    user._hdnd_scope = scope
    return scope


def scope_forget(user: User) -> None:
    """Drop the memoised scope after the user's role assignments changed."""
    user.__dict__.pop("_hdnd_scope", None)


def _filter(qs: QuerySet, reach: Reach, field: str) -> QuerySet:
    cond = reach.q(field)
    return qs.none() if cond is None else qs.filter(cond)


def council_lineage_q(council: Council, field: str = "council") -> Q:
    """What a council filter means: records of `council`, of the councils below it and of
    everything they absorbed (a resolution of old Quảng Nam is filed under Đà Nẵng).
    `field` leads from the filtered model to its Council."""
    reach = _with_predecessors({council.unit.path}, set())  # never empty: covers its own unit
    return reach.q(f"{field}__unit__path") or Q(pk__in=[])


def units_visible_to(user: User) -> QuerySet[AdministrativeUnit]:
    return _filter(AdministrativeUnit.objects.all(), user_scope(user).read, "path")


def councils_visible_to(user: User) -> QuerySet[Council]:
    """The single visibility rule every council-owned queryset delegates to."""
    return _filter(Council.objects.all(), user_scope(user).read, "unit__path")


def can_view_unit(user: User, unit: AdministrativeUnit) -> bool:
    return user_scope(user).read.covers(unit.path)


def can_edit_unit(user: User, unit: AdministrativeUnit) -> bool:
    return user_scope(user).edit.covers(unit.path)


def can_edit_council(user: User, council: Council) -> bool:
    return can_edit_unit(user, council.unit)


def staff_covering(paths: Iterable[str], on: date | None = None) -> dict[str, frozenset[int]]:
    """Who follows each council's work, by unit path: active users whose current role lets them
    edit it (a subtree editor at it or above, an own-council editor at it). The inverse of
    `can_edit_council`, for many councils in ONE query (a reminder batch asks for hundreds).

    Administrators are not followers: they edit everywhere but follow no council's deadlines.
    When capabilities land this reads ROLE_CAPABILITIES' EDIT row the same way.
    """
    paths = set(paths)
    if not paths:
        return {}
    steplen = AdministrativeUnit.steplen
    ancestors = {p[:i] for p in paths for i in range(steplen, len(p) + 1, steplen)}
    subtree_roles = set(SUBTREE_EDIT) - {Role.ADMIN}
    own_roles = set(OWN_EDIT) - {Role.ADMIN}
    rows = (
        RoleAssignment.objects.current(on)
        .filter(
            council__unit__path__in=sorted(ancestors),
            role__in=sorted(subtree_roles | own_roles),
            user__is_active=True,
        )
        .values_list("user_id", "role", "council__unit__path")
    )
    at_subtree: dict[str, set[int]] = {}
    at_own: dict[str, set[int]] = {}
    for user_id, role, path in rows:
        if role in subtree_roles:
            at_subtree.setdefault(path, set()).add(user_id)
        if role in own_roles:
            at_own.setdefault(path, set()).add(user_id)
    found: dict[str, frozenset[int]] = {}
    for path in paths:
        users = set(at_own.get(path, ()))
        for i in range(steplen, len(path) + 1, steplen):
            users |= at_subtree.get(path[:i], set())
        found[path] = frozenset(users)
    return found


def can_edit_any(user: User) -> bool:
    """Whether the user edits some council: the "add" buttons of list pages."""
    edit = user_scope(user).edit
    return edit.everything or bool(edit.prefixes or edit.exact)


def can_add_child_unit(user: User, parent: AdministrativeUnit | None) -> bool:
    """Creating a province is for system administrators; a subtree's editors add below it."""
    scope = user_scope(user)
    if scope.is_admin:
        return True
    return parent is not None and any(parent.path.startswith(p) for p in scope.edit.prefixes)


def confidential_hidden_q(user: User, document: str = "") -> Q:
    """The confidential papers `user` may not see (closed-sitting and confidential papers are for
    the council's editors and standing committee), as a filter, so a selector drops their secrets
    where rows are selected. `document` leads from the filtered model to the Document ("" for
    documents, "document__" for their versions)."""
    scope = user_scope(user)
    if scope.edit.everything or scope.approve.everything:
        return Q(pk__in=[])
    hidden = Q(**{f"{document}confidential": True})
    for reach in (scope.edit, scope.approve):
        cond = reach.q(f"{document}session__council__unit__path")
        if cond is not None:
            hidden &= ~cond
    return hidden


def can_manage_terms(user: User) -> bool:
    return user_scope(user).is_admin


def require_edit(user: User, council: Council) -> None:
    """Services call this before writing a council's records."""
    require(can_edit_council(user, council))


def require(allowed: bool) -> None:
    """Raise PermissionDenied unless the check passed; services call this before writing."""
    if not allowed:
        raise PermissionDenied


def can_manage_settings(user: User) -> bool:
    """Council rules are legal configuration (DOMAIN.md §18): system administrators only."""
    return user_scope(user).is_admin
