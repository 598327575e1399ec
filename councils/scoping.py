"""The one module that decides who may see and change what (STYLE.md §2.2).

Scope = the councils a user's current role assignments cover, and everything below them in the
tree, plus their predecessors through succession links (a merged province must see what it
absorbed). A delegate reads their own council only; lower-level office staff read their subtree but
change only their own council. Views answer 404 for anything outside this scope.

Rights to act are capabilities (issue 11): ROLE_CAPABILITIES maps each role to what it may do
and how far, and `can(user, action, council, obj=...)` decides every one of them.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from councils.models import (
    AdministrativeUnit,
    Body,
    BodyMembership,
    Capability,
    Council,
    Delegate,
    Extent,
    Role,
    RoleAssignment,
    UnitSuccession,
)

if TYPE_CHECKING:
    from core.models import User

# How deep a chain of mergers scoping follows (a 2019 merger inside a unit merged in 2025 is 2).
MAX_LINEAGE_DEPTH = 6

_C, _E = Capability, Extent
# What each role lets its holder do, and how far from the council the role is held at
# (DOMAIN.md §16). A table in code, not in the database: a right is a rule the code relies on
# (a service asks `can(user, REVIEW, council)`), so it changes with the code, in review, with its
# tests; what an administrator edits is who holds which role where (RoleAssignment).
# Every role can VIEW where it can do anything else (a test holds the table to that).
ROLE_CAPABILITIES: dict[str, dict[str, str]] = {
    Role.SECRETARIAT: {
        _C.VIEW: _E.SUBTREE,
        _C.EDIT: _E.SUBTREE,
        _C.RUN_BAN_OVERSIGHT: _E.SUBTREE,
        _C.RUN_GROUP_OVERSIGHT: _E.SUBTREE,
        _C.OWN_VOTER_WORK: _E.SUBTREE,
        _C.ACCEPT_SUBMISSION: _E.BELOW,
    },
    Role.OFFICE_LEADER: {
        _C.VIEW: _E.SUBTREE,
        _C.EDIT: _E.SUBTREE,
        _C.REVIEW: _E.SUBTREE,
        _C.RUN_BAN_OVERSIGHT: _E.SUBTREE,
        _C.RUN_GROUP_OVERSIGHT: _E.SUBTREE,
        _C.OWN_VOTER_WORK: _E.SUBTREE,
        _C.ACCEPT_SUBMISSION: _E.BELOW,
    },
    Role.STANDING: {_C.VIEW: _E.SUBTREE, _C.APPROVE: _E.SUBTREE},
    Role.OFFICE: {
        _C.VIEW: _E.SUBTREE,
        _C.EDIT: _E.OWN_COUNCIL,
        _C.RUN_BAN_OVERSIGHT: _E.OWN_COUNCIL,
        _C.RUN_GROUP_OVERSIGHT: _E.OWN_COUNCIL,
        _C.OWN_VOTER_WORK: _E.OWN_COUNCIL,
    },
    # A Ban or delegate-group member is a delegate whose BodyMembership there is current.
    Role.DELEGATE: {
        _C.VIEW: _E.OWN_COUNCIL,
        _C.RUN_BAN_OVERSIGHT: _E.OWN_BAN,
        _C.RUN_GROUP_OVERSIGHT: _E.OWN_GROUP,
        _C.OWN_VOTER_WORK: _E.OWN_RECORDS,
    },
    Role.PERSONAL_DATA: {_C.VIEW: _E.OWN_COUNCIL, _C.VIEW_PERSONAL_DATA: _E.OWN_COUNCIL},
    # An administrator held at a council; held without one (national) it reaches everything
    # except citizens' personal data, which is always granted on its own (NATIONAL_ADMIN).
    Role.ADMIN: {_C.VIEW: _E.SUBTREE, _C.EDIT: _E.SUBTREE, _C.MANAGE_ROLES: _E.SUBTREE},
}
NATIONAL_ADMIN: dict[str, str] = {
    c: _E.EVERYWHERE for c in Capability if c != _C.VIEW_PERSONAL_DATA
}
# Capabilities that read, so they follow the lineage back to what a council absorbed.
READING = frozenset({_C.VIEW, _C.VIEW_PERSONAL_DATA})


def _roles_with(capability: str, extent: str) -> frozenset[str]:
    return frozenset(r for r, caps in ROLE_CAPABILITIES.items() if caps.get(capability) == extent)


# The reaches user_scope() builds, read off the table.
SUBTREE_READ = _roles_with(_C.VIEW, _E.SUBTREE)
SUBTREE_EDIT = _roles_with(_C.EDIT, _E.SUBTREE)
OWN_EDIT = _roles_with(_C.EDIT, _E.OWN_COUNCIL)
APPROVE = _roles_with(_C.APPROVE, _E.SUBTREE)


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


class _LinksRead:
    """The succession links lineages have read for one user (memoised on it, per request), and
    which successors they asked about: a later lineage asking only within that (the council
    filter of a list, at or below the user's own council) is followed in memory, no query."""

    def __init__(self) -> None:
        self.prefixes: set[str] = set()
        self.exact: set[str] = set()
        self.links: set[tuple[str, str]] = set()

    def _under(self, path: str) -> bool:
        return any(path.startswith(p) for p in self.prefixes)

    def answers(self, frontier: Reach) -> bool:
        return all(self._under(p) for p in frontier.prefixes) and all(
            e in self.exact or self._under(e) for e in frontier.exact
        )

    def read(self, frontier: Reach) -> list[tuple[str, str]]:
        if self.answers(frontier):
            return [(pred, succ) for pred, succ in self.links if frontier.covers(succ)]
        links = _links_to(frontier)
        self.prefixes |= frontier.prefixes
        self.exact |= frontier.exact
        self.links.update(links)
        return links


def _links_to(frontier: Reach) -> list[tuple[str, str]]:
    """(predecessor path, successor path) of the successions into `frontier`'s units."""
    cond = frontier.q("successor__path")
    if cond is None:
        return []
    return list(
        UnitSuccession.objects.filter(cond).values_list("predecessor__path", "successor__path")
    )


def _links_memo(user: User | None) -> _LinksRead | None:
    if user is None or not _active(user):
        return None
    memo = getattr(user, "_hdnd_links", None)
    if memo is None:
        memo = user._hdnd_links = _LinksRead()
    return memo


# The lineage of a set of paths is read from the succession links, one query per generation of
# mergers (two for a province merged in 2025 that had absorbed districts before): the same for
# every request of every clerk of that province. It is kept in the cache under a token that
# changes whenever a unit or a succession link is saved or deleted (signals below, and
# `unit_move`, whose tree update sends none), so a change is seen by every process at once.
# Keys carry the database's name: several databases may share one Redis (tests, benches).
# Known limit: a lineage read inside a transaction that changed units and then rolled back stays
# cached under that transaction's token until the next unit change (there is no rollback hook);
# the services read the actor's scope before they write, so none does this today.
LINEAGE_SECONDS = 24 * 3600


def _lineage_token_key() -> str:
    return f"hdnd:lineage-token:{connection.settings_dict['NAME']}"


def lineage_changed() -> None:
    """Forget every cached lineage: call after changing units or succession links in bulk."""
    cache.set(_lineage_token_key(), uuid.uuid4().hex, None)


@receiver([post_save, post_delete], sender=UnitSuccession)
@receiver([post_save, post_delete], sender=AdministrativeUnit)
def _units_changed(**_kwargs) -> None:
    # Now for this transaction's own reads, and again at commit: another process may have
    # cached the old lineage in between.
    lineage_changed()
    transaction.on_commit(lineage_changed)


def _with_predecessors(
    prefixes: set[str], exact: set[str], memo: _LinksRead | None = None
) -> Reach:
    """The reach of `prefixes` and `exact` with their predecessors (cached, see above)."""
    if not (prefixes or exact):
        return Reach()
    token = cache.get(_lineage_token_key())
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(_lineage_token_key(), token, None):
            token = cache.get(_lineage_token_key()) or token
    raw = "|".join(sorted(prefixes)) + "#" + "|".join(sorted(exact))
    key = f"hdnd:lineage:{token}:{hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()}"
    found = cache.get(key)
    if found is None:
        reach = _follow_predecessors(prefixes, exact, memo)
        cache.set(key, (tuple(reach.prefixes), tuple(reach.exact)), LINEAGE_SECONDS)
        return reach
    return Reach(prefixes=frozenset(found[0]), exact=frozenset(found[1]))


def _follow_predecessors(
    prefixes: set[str], exact: set[str], memo: _LinksRead | None = None
) -> Reach:
    """Follow succession links backwards: subtrees bring their predecessors' subtrees. `memo`:
    the links already read for the same user in this request, reused where they answer."""
    prefixes = _minimal(prefixes)
    exact = {e for e in exact if not any(e.startswith(p) for p in prefixes)}
    frontier = Reach(prefixes=frozenset(prefixes), exact=frozenset(exact))
    for _depth in range(MAX_LINEAGE_DEPTH):
        if not (frontier.prefixes or frontier.exact):
            break
        links = memo.read(frontier) if memo is not None else _links_to(frontier)
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
        read = _with_predecessors(read_p, read_e, _links_memo(user)) if rows else Reach()
        edit = Reach(prefixes=frozenset(_minimal(edit_p)), exact=frozenset(edit_e))
        approve = Reach(prefixes=frozenset(_minimal(appr_p)))
        home = rows[0][1] if rows else None
        own = frozenset(path for _r, _c, path in rows)
        scope = UserScope(read, edit, approve, is_admin=False, home_council_id=home, own=own)
    user._hdnd_roles = tuple(rows)  # capability_scope() reads them: no second query
    user._hdnd_scope = scope
    return scope


def scope_forget(user: User) -> None:
    """Drop the memoised scope after the user's role assignments changed."""
    user.__dict__.pop("_hdnd_scope", None)
    for memo in ("_hdnd_roles", "_hdnd_caps", "_hdnd_ties", "_hdnd_links"):
        user.__dict__.pop(memo, None)


def _filter(qs: QuerySet, reach: Reach, field: str) -> QuerySet:
    cond = reach.q(field)
    return qs.none() if cond is None else qs.filter(cond)


def council_reach(council: Council, user: User | None = None) -> Reach:
    """The unit paths a council filter covers: the council's subtree and what it absorbed.
    `user`: the reader, whose scope already read the successions at and below their own council
    (no second read of them)."""
    # Never empty: covers its own unit.
    return _with_predecessors({council.unit.path}, set(), _links_memo(user))


def council_lineage_q(council: Council, field: str = "council", *, user: User | None = None) -> Q:
    """What a council filter means: records of `council`, of the councils below it and of
    everything they absorbed (a resolution of old Quảng Nam is filed under Đà Nẵng).
    `field` leads from the filtered model to its Council."""
    return council_reach(council, user).q(f"{field}__unit__path") or Q(pk__in=[])


def visible_lineage_q(user: User, council: Council, lookup: str = "council") -> Q:
    """Records of `council`'s lineage (council_lineage_q) that the user may see, as ONE filter:
    `lookup IN (those councils)`. `visible_to()` and `council_lineage_q()` together made the
    database read the scope twice (a subquery, then a join through the council to its unit); a
    lineage inside the user's scope (a province's clerk and their province) needs the lineage
    only."""
    read = user_scope(user).read
    lineage = council_reach(council, user)
    councils = _filter(Council.objects.all(), lineage, "unit__path")
    if not _within(lineage, read):
        councils = councils.filter(read.q("unit__path") or Q(pk__in=[]))
    return Q(**{f"{lookup}__in": councils.values("pk")})


def _within(inner: Reach, outer: Reach) -> bool:
    """Whether every unit `inner` covers is covered by `outer` (a subtree only by a subtree)."""
    if outer.everything:
        return True
    if inner.everything:
        return False
    return all(any(p.startswith(o) for o in outer.prefixes) for p in inner.prefixes) and all(
        outer.covers(path) for path in inner.exact
    )


def reach_tops(
    user: User, council: Council | None = None, depth_chars: int = 4
) -> tuple[bool, frozenset[str] | None]:
    """Whether what the user reads (within `council`'s lineage if given) is made of whole
    top-level subtrees (paths of `depth_chars`) only, and which: None for everything. A summary
    kept per province answers such a reach; any other is read row by row."""
    tops: frozenset[str] | None = None
    reaches = [user_scope(user).read]
    if council is not None:
        reaches.append(council_reach(council, user))
    for reach in reaches:
        if reach.everything:
            continue
        if reach.exact or any(len(p) != depth_chars for p in reach.prefixes):
            return False, frozenset()
        tops = reach.prefixes if tops is None else tops & reach.prefixes
    return True, tops


def units_visible_to(user: User) -> QuerySet[AdministrativeUnit]:
    return _filter(AdministrativeUnit.objects.all(), user_scope(user).read, "path")


def councils_visible_to(user: User) -> QuerySet[Council]:
    """The single visibility rule every council-owned queryset delegates to."""
    return _filter(Council.objects.all(), user_scope(user).read, "unit__path")


def council_visible_q(user: User, lookup: str = "council") -> Q:
    """The filter `visible_to` applies: records whose `lookup` council the user may see.

    A reach of everything filters nothing: `council_id IN (every council)` would only make the
    database join 400,000 rows against the councils table for no row dropped (issue 10).
    """
    if user_scope(user).read.everything:
        return Q()
    return Q(**{f"{lookup}__in": councils_visible_to(user)})


def sees_everything(user: User) -> bool:
    """Whether the user reads every council (superuser, national administrator)."""
    return user_scope(user).read.everything


def reads_any_council(user: User) -> bool:
    """Whether the user reads some council: a council's reports are offered to them (no query
    once the scope is known)."""
    read = user_scope(user).read
    return bool(read.everything or read.prefixes or read.exact)


def can_view_unit(user: User, unit: AdministrativeUnit) -> bool:
    return _can_at(user, Capability.VIEW, unit.path)


def can_edit_unit(user: User, unit: AdministrativeUnit) -> bool:
    return _can_at(user, Capability.EDIT, unit.path)


def can_edit_council(user: User, council: Council) -> bool:
    return can(user, Capability.EDIT, council)


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
    return can_somewhere(user, Capability.EDIT)


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
    require_can(user, Capability.EDIT, council)


def require(allowed: bool) -> None:
    """Raise PermissionDenied unless the check passed; services call this before writing."""
    if not allowed:
        raise PermissionDenied


def can_manage_settings(user: User) -> bool:
    """Council rules are legal configuration (DOMAIN.md §18): system administrators only."""
    return user_scope(user).is_admin


def can_read_view_log(user: User) -> bool:
    """Who opened which protected record spans every council: read only by those who reach every
    council (superusers, administrators without a council), whatever their model permissions."""
    return user_scope(user).is_admin


# --- Capabilities: rights finer than the tree (issue 11) --------------------------------------
# `can(user, action, council, obj=...)` decides every right. Reaches that follow the tree
# (subtree, below, own council, everywhere) are unit paths read off ROLE_CAPABILITIES and the
# user's role assignments; personal reaches (own Ban, own delegate group, own records) go through
# the delegate records linked to the user's account and their current Body memberships.


@dataclass
class CapabilityScope:
    """Per capability: the unit paths the user's roles reach (`reach`), the strict subtrees
    (`below`), and the councils where a personal extent applies (`personal`)."""

    reach: dict[str, Reach]
    below: dict[str, frozenset[str]]
    personal: dict[str, frozenset[tuple[int, str]]]

    def covers(self, action: str, path: str) -> bool:
        reach = self.reach.get(action)
        if reach is not None and reach.covers(path):
            return True
        return any(path.startswith(p) and path != p for p in self.below.get(action, ()))


NO_CAPABILITIES = CapabilityScope({}, {}, {})


@dataclass(frozen=True)
class _Ties:
    """The user's own delegate records and current Ban / delegate-group seats, by council."""

    delegates: dict[int, frozenset[int]]
    bodies: dict[tuple[int, str], frozenset[int]]


def _active(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _role_rows(user: User) -> tuple[tuple[str, int | None, str | None], ...]:
    """The user's current (role, council id, unit path) rows, read once with user_scope()."""
    user_scope(user)
    rows = getattr(user, "_hdnd_roles", None)
    if rows is None:  # a scope built without reading the rows (a superuser short cut)
        rows = tuple(
            RoleAssignment.objects.current()
            .filter(user=user)
            .values_list("role", "council_id", "council__unit__path")
        )
        user._hdnd_roles = rows
    return rows


def capability_scope(user: User) -> CapabilityScope:
    """What each capability reaches for `user`; memoised on the user object like user_scope."""
    if not _active(user):
        return NO_CAPABILITIES
    cached = getattr(user, "_hdnd_caps", None)
    if cached is not None:
        return cached
    scope = user_scope(user)
    rows = _role_rows(user)
    prefixes: dict[str, set[str]] = {}
    exact: dict[str, set[str]] = {}
    below: dict[str, set[str]] = {}
    personal: dict[str, set[tuple[int, str]]] = {}
    for role, council_id, path in rows:
        if council_id is None or path is None:
            continue  # a national administrator: NATIONAL_ADMIN below
        for action, extent in ROLE_CAPABILITIES.get(role, {}).items():
            if extent == Extent.SUBTREE:
                prefixes.setdefault(action, set()).add(path)
            elif extent == Extent.OWN_COUNCIL:
                exact.setdefault(action, set()).add(path)
            elif extent == Extent.BELOW:
                below.setdefault(action, set()).add(path)
            else:
                personal.setdefault(action, set()).add((council_id, extent))
    reach: dict[str, Reach] = {}
    for action in Capability:
        if user.is_superuser or (scope.is_admin and action in NATIONAL_ADMIN):
            reach[action] = EVERYTHING
        elif action == Capability.VIEW:
            reach[action] = scope.read  # lineage already followed
        elif action == Capability.EDIT:
            reach[action] = scope.edit
        elif action == Capability.APPROVE:
            reach[action] = scope.approve
        elif action in READING:
            reach[action] = _with_predecessors(
                prefixes.get(action, set()), exact.get(action, set()), _links_memo(user)
            )
        else:
            reach[action] = Reach(
                prefixes=frozenset(_minimal(prefixes.get(action, set()))),
                exact=frozenset(exact.get(action, set())),
            )
    caps = CapabilityScope(
        reach,
        {a: frozenset(p) for a, p in below.items()},
        {a: frozenset(p) for a, p in personal.items()},
    )
    user._hdnd_caps = caps
    return caps


def _ties(user: User) -> _Ties:
    """Read only when a personal extent is asked about: two small queries, memoised."""
    cached = getattr(user, "_hdnd_ties", None)
    if cached is not None:
        return cached
    from django.utils import timezone

    delegates: dict[int, set[int]] = {}
    for delegate_id, council_id in Delegate.objects.filter(user=user).values_list(
        "id", "council_id"
    ):
        delegates.setdefault(council_id, set()).add(delegate_id)
    bodies: dict[tuple[int, str], set[int]] = {}
    today = timezone.localdate()
    # A seat ends with its own end date or with the body's term, whichever comes first.
    seats = (
        BodyMembership.objects.filter(
            delegate__user=user, start_on__lte=today, body__term__end_on__gte=today
        )
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .values_list("body_id", "body__council_id", "body__kind")
    )
    for body_id, council_id, kind in seats:
        bodies.setdefault((council_id, kind), set()).add(body_id)
    ties = _Ties(
        {c: frozenset(d) for c, d in delegates.items()},
        {k: frozenset(b) for k, b in bodies.items()},
    )
    user._hdnd_ties = ties
    return ties


_BODY_KIND = {Extent.OWN_BAN: Body.Kind.COMMITTEE, Extent.OWN_GROUP: Body.Kind.DELEGATE_GROUP}


def _personal_allows(user: User, extent: str, council_id: int, obj: object | None) -> bool:
    """Own records: the object's delegate is one of the user's; own Ban or group: the user
    sits in the object's body today. Without an object: whether the user has any there."""
    ties = _ties(user)
    if extent == Extent.OWN_RECORDS:
        mine = ties.delegates.get(council_id, frozenset())
        if obj is None:
            return bool(mine)
        delegate_id = obj.pk if isinstance(obj, Delegate) else getattr(obj, "delegate_id", None)
        return delegate_id in mine
    bodies = ties.bodies.get((council_id, _BODY_KIND[extent]), frozenset())
    if obj is None:
        return bool(bodies)
    body_id = obj.pk if isinstance(obj, Body) else getattr(obj, "body_id", None)
    return body_id in bodies


def _can_at(
    user: User, action: str, path: str, council_id: int | None = None, obj: object | None = None
) -> bool:
    caps = capability_scope(user)
    if caps.covers(action, path):
        return True
    if council_id is None:
        return False
    return any(
        cid == council_id and _personal_allows(user, extent, cid, obj)
        for cid, extent in caps.personal.get(action, ())
    )


def can(user: User, action: str, council: Council | None, *, obj: object | None = None) -> bool:
    """Whether `user` may do `action` at `council` (on `obj`, for personal reaches): the one
    place that decides. `council=None` asks about national matters (national grants).

    An `obj` of another council than `council` is refused: fail closed on a caller's mix-up.
    """
    action = Capability(action)
    if not _active(user):
        return False
    if council is None:
        return user.is_superuser or (user_scope(user).is_admin and action in NATIONAL_ADMIN)
    owner = getattr(obj, "council_id", council.pk)
    if owner != council.pk:
        return False
    return _can_at(user, action, council.unit.path, council.pk, obj)


def require_can(
    user: User, action: str, council: Council | None, *, obj: object | None = None
) -> None:
    """Services call this before acting: PermissionDenied unless `can` allows."""
    require(can(user, action, council, obj=obj))


def oversight_capability(body: Body | None) -> Capability:
    """The right that runs the oversight of `body` (DOMAIN.md §9, §16): a Ban's is run by its
    members (and the office), a delegate group's by its members (and the office); the council's
    own and its standing committee's by the office that edits the council."""
    kind = body.kind if body is not None else None
    if kind == Body.Kind.COMMITTEE:
        return Capability.RUN_BAN_OVERSIGHT
    if kind == Body.Kind.DELEGATE_GROUP:
        return Capability.RUN_GROUP_OVERSIGHT
    return Capability.EDIT


def can_run_oversight(user: User, council: Council, body: Body | None) -> bool:
    """Whether `user` runs the oversight `body` (None: the council itself) does for `council`:
    programmes, activities, visits, report requests and recommendations alike. A body of
    another council is refused (fail closed)."""
    if body is not None and body.council_id != council.pk:
        return False
    return can(user, oversight_capability(body), council, obj=body)


def councils_running_oversight(user: User) -> QuerySet[Council]:
    """The councils where `user` runs some oversight (the council's own, a Ban's or a group's):
    the council choices of the oversight entry forms."""
    cond = Q(pk__in=[])
    for capability in (
        Capability.EDIT,
        Capability.RUN_BAN_OVERSIGHT,
        Capability.RUN_GROUP_OVERSIGHT,
    ):
        cond |= Q(pk__in=councils_where(user, capability).values("pk"))
    return Council.objects.filter(cond).select_related("unit").order_by("unit__path")


def runs_oversight_somewhere(user: User) -> bool:
    """Whether `user` runs some oversight anywhere: the "add" buttons of the oversight pages."""
    return any(
        can_somewhere(user, c)
        for c in (Capability.EDIT, Capability.RUN_BAN_OVERSIGHT, Capability.RUN_GROUP_OVERSIGHT)
    )


def oversight_bodies(user: User, council: Council, bodies: Iterable[Body]) -> list[Body]:
    """Of `bodies` (the council's), those whose oversight `user` runs: a Ban member's own Ban."""
    return [b for b in bodies if can_run_oversight(user, council, b)]


def can_somewhere(user: User, action: str) -> bool:
    """Whether `user` may do `action` at some council: sidebar links and "add" buttons."""
    action = Capability(action)
    caps = capability_scope(user)
    reach = caps.reach.get(action)
    if reach is not None and (reach.everything or reach.prefixes or reach.exact):
        return True
    if caps.below.get(action):
        return True
    return any(
        _personal_allows(user, extent, cid, None) for cid, extent in caps.personal.get(action, ())
    )


def councils_where(user: User, action: str) -> QuerySet[Council]:
    """The councils where `user` may do `action` (without an object): choices and filters."""
    action = Capability(action)
    if action == Capability.VIEW:
        return councils_visible_to(user)
    caps = capability_scope(user)
    reach = caps.reach.get(action, Reach())
    if reach.everything:
        return Council.objects.all()
    cond = reach.q("unit__path") or Q(pk__in=[])
    for prefix in sorted(caps.below.get(action, ())):
        cond |= Q(unit__path__startswith=prefix) & ~Q(unit__path=prefix)
    personal = sorted(
        {
            cid
            for cid, extent in caps.personal.get(action, ())
            if _personal_allows(user, extent, cid, None)
        }
    )
    if personal:
        cond |= Q(pk__in=personal)
    return Council.objects.filter(cond)


# --- Voter work and citizens' personal data (issue 13) -----------------------------------------


def own_voter_work_q(
    user: User, *, council: str = "council", delegate: str | None = "delegate"
) -> Q:
    """What of the voter work in scope `user` sees (contact meetings, receptions and what hangs
    on them): where the user reads a council only as its delegate, the records of their own
    delegate entries alone (DOMAIN.md §16: "delegates see their own voter contacts ...");
    `delegate` None: nothing there (letters belong to no delegate). Combined with `visible_to`.
    """
    if not _active(user):
        return Q(pk__in=[])
    if user_scope(user).read.everything:
        return Q()
    rows = _role_rows(user)
    if not any(role == Role.DELEGATE for role, _c, _p in rows):
        return Q()
    other = [(role, path) for role, _c, path in rows if role != Role.DELEGATE and path]
    subtree = {p for r, p in other if r in SUBTREE_READ or r == Role.ADMIN}
    # Read through another role as well (rare): the same lineage as that role's reading.
    wide = (
        _with_predecessors(subtree, {p for _r, p in other} - subtree, _links_memo(user))
        if other
        else Reach()
    )
    cond = wide.q(f"{council}__unit__path") or Q(pk__in=[])
    mine = sorted(d for ids in _ties(user).delegates.values() for d in ids)
    if delegate is not None and mine:
        cond |= Q(**{f"{delegate}__in": mine})
    return cond


def personal_data_q(user: User, lookup: str = "council") -> Q | None:
    """Records whose citizens' personal data (names, addresses, ID numbers, phones) `user` may
    read, as a filter on `lookup` (the record's council); None when the user reads none at all,
    so a list marks every row masked without asking the database (Decree 13/2023/NĐ-CP)."""
    reach = capability_scope(user).reach.get(Capability.VIEW_PERSONAL_DATA)
    if reach is None or not (reach.everything or reach.prefixes or reach.exact):
        return None
    if reach.everything:
        return Q()
    # A subquery of councils, not a join: the list's ids query stays on its own table.
    return Q(**{f"{lookup}__in": Council.objects.filter(reach.q("unit__path"))})


def voter_work_delegates(user: User, council: Council, delegates: QuerySet) -> QuerySet:
    """Of `council`'s `delegates`, those whose voter work (receptions) `user` may record: all of
    them for the office reaching the council, a delegate's own records otherwise (the choices
    of the reception form, matching what `can(OWN_VOTER_WORK, obj=...)` admits)."""
    if not _active(user):
        return delegates.none()
    if capability_scope(user).covers(Capability.OWN_VOTER_WORK, council.unit.path):
        return delegates
    return delegates.filter(pk__in=sorted(_ties(user).delegates.get(council.pk, frozenset())))
