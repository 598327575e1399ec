"""Every write to the council tree and its people goes through these functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, ExitStack
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import stamp_actor as _stamp
from core.services import lock, save_fields, validate
from core.text import nfc, search_key
from core.validation import FieldErrors
from councils import rules, scoping, selectors
from councils.models import (
    KIND_LEVEL,
    KIND_PREFIX,
    PARENT_LEVELS,
    ROLES_BY_BODY,
    AdministrativeUnit,
    Agency,
    Body,
    BodyMembership,
    Capability,
    Council,
    CouncilMembership,
    CouncilSetting,
    Delegate,
    Role,
    RoleAssignment,
    Term,
    UnitSuccession,
)

if TYPE_CHECKING:
    from core.models import User

_TREE_FIELDS = ["path", "depth", "numchild"]


def _overlaps(start: date, end: date | None, prefix: str = "") -> Q:
    """Rows whose [valid_from, valid_to] period meets [start, end]."""
    cond = Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": start})
    if end is not None:
        cond &= Q(**{f"{prefix}valid_from__lte": end})
    return cond


def _check_period(valid_from: date, valid_to: date | None, field: str = "valid_to") -> None:
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({field: _("Ngày kết thúc không được trước ngày bắt đầu.")})


def _check_unit_rules(
    *,
    unit: AdministrativeUnit,
    parent: AdministrativeUnit | None,
) -> None:
    """Level must fit the parent, the period must sit inside the parent's, codes must not clash."""
    unit.level = KIND_LEVEL[unit.kind]
    allowed = PARENT_LEVELS[unit.level]
    if parent is None and allowed:
        # On `kind`: the parent comes from the page the user started on; the kind is their choice.
        raise ValidationError(
            {"kind": _("Đơn vị cấp huyện hoặc cấp xã phải thuộc một đơn vị cấp trên.")}
        )
    if parent is not None and parent.level not in allowed:
        raise ValidationError(
            {
                "kind": _("%(kind)s không thể trực thuộc %(parent)s (%(level)s).")
                % {
                    "kind": unit.get_kind_display(),
                    "parent": parent.title,
                    "level": parent.get_level_display(),
                }
            }
        )
    _check_period(unit.valid_from, unit.valid_to)
    if parent is not None:
        if unit.valid_from < parent.valid_from or (
            parent.valid_to is not None and unit.valid_from > parent.valid_to
        ):
            raise ValidationError(
                {
                    "valid_from": _(
                        "Ngày hiệu lực phải nằm trong thời gian tồn tại của %(parent)s."
                    )
                    % {"parent": parent.title}
                }
            )
        if parent.valid_to is not None and (
            unit.valid_to is None or unit.valid_to > parent.valid_to
        ):
            raise ValidationError(
                {
                    "valid_to": _("%(parent)s chỉ tồn tại đến ngày %(end)s.")
                    % {"parent": parent.title, "end": parent.valid_to.strftime("%d/%m/%Y")}
                }
            )
    clash = (
        AdministrativeUnit.objects.filter(code=unit.code)
        .filter(_overlaps(unit.valid_from, unit.valid_to))
        .exclude(pk=unit.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "code": _("Mã %(code)s đã được dùng cho %(unit)s trong cùng thời gian.")
                % {"code": unit.code, "unit": clash.title}
            }
        )


def council_default_name(unit: AdministrativeUnit) -> str:
    return f"Hội đồng nhân dân {KIND_PREFIX.get(unit.kind, '')} {unit.name}".replace("  ", " ")


@transaction.atomic
def unit_create(
    *,
    actor: User,
    parent: AdministrativeUnit | None,
    name: str,
    kind: str,
    code: str,
    valid_from: date,
    valid_to: date | None = None,
    with_council: bool = True,
) -> AdministrativeUnit:
    """Add a unit under `parent` (or a province at the top), with its council unless it has none."""
    scoping.require(scoping.can_add_child_unit(actor, parent))
    unit = AdministrativeUnit(
        name=nfc(name),
        kind=kind,
        code=code.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    unit.name_key = search_key(unit.name)
    _check_unit_rules(unit=unit, parent=parent)
    validate(unit, exclude=[*_TREE_FIELDS, "level"])
    _stamp(unit, actor)
    if parent is None:
        unit = AdministrativeUnit.objects.add_root(instance=unit)
    else:
        parent.refresh_from_db(fields=_TREE_FIELDS)
        unit = AdministrativeUnit.objects.add_child(parent, instance=unit)
    if with_council:
        council_create(actor=actor, unit=unit, valid_from=valid_from, valid_to=valid_to)
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: User,
    unit: AdministrativeUnit,
    name: str,
    kind: str,
    code: str,
    valid_from: date,
    valid_to: date | None = None,
) -> AdministrativeUnit:
    scoping.require(scoping.can_edit_unit(actor, unit))
    unit = lock(unit)  # the tree fields (path, numchild) move under other services
    if KIND_LEVEL[kind] != unit.level:
        raise ValidationError({"kind": _("Không thể đổi cấp của một đơn vị đã có.")})
    unit.name, unit.kind, unit.code = nfc(name), kind, code.strip()
    unit.valid_from, unit.valid_to = valid_from, valid_to
    unit.name_key = search_key(unit.name)
    _check_unit_rules(unit=unit, parent=AdministrativeUnit.objects.get_parent(unit))
    if (
        unit.valid_to is not None
        and AdministrativeUnit.objects.filter(path__startswith=unit.path, depth__gt=unit.depth)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=unit.valid_to))
        .exists()
    ):
        raise ValidationError(
            {
                "valid_to": _(
                    "Còn đơn vị trực thuộc hoạt động sau ngày này; hãy kết thúc chúng trước."
                )
            }
        )
    _stamp(unit, actor)
    return save_fields(
        unit,
        ["name", "kind", "code", "valid_from", "valid_to", "name_key"],
        exclude=[*_TREE_FIELDS, "level"],
    )


# Context managers entered around a unit's move, given its path (the apps register theirs).
UNIT_MOVE_WATCHERS: list[Callable[[str], AbstractContextManager]] = []


@transaction.atomic
def unit_move(
    *, actor: User, unit: AdministrativeUnit, parent: AdministrativeUnit
) -> AdministrativeUnit:
    """Correct a unit entered under the wrong parent; reorganisations use successions instead."""
    scoping.require(scoping.user_scope(actor).is_admin)
    if parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": _("Không thể chuyển một đơn vị vào chính nó hoặc đơn vị trực thuộc của nó.")}
        )
    _check_unit_rules(unit=unit, parent=parent)
    with ExitStack() as stack:
        for watcher in UNIT_MOVE_WATCHERS:  # records counted by unit path (voters.statistics)
            stack.enter_context(watcher(unit.path))
        AdministrativeUnit.objects.move(unit, parent, pos="last-child")
    unit.refresh_from_db()
    scoping.lineage_changed()  # the tree's paths moved by UPDATE, without signals
    transaction.on_commit(scoping.lineage_changed)
    return unit


def _lineage_reaches(start: AdministrativeUnit, target: AdministrativeUnit) -> bool:
    """True when `target` is already a predecessor (at any depth) of `start`."""
    seen: set[int] = set()
    frontier = {start.pk}
    while frontier:
        seen |= frontier
        frontier = (
            set(
                UnitSuccession.objects.filter(successor_id__in=frontier).values_list(
                    "predecessor_id", flat=True
                )
            )
            - seen
        )
        if target.pk in frontier:
            return True
    return False


@transaction.atomic
def unit_succession_create(
    *,
    actor: User,
    predecessor: AdministrativeUnit,
    successor: AdministrativeUnit,
    kind: str,
    effective_on: date,
    legal_basis: str = "",
) -> UnitSuccession:
    scoping.require(scoping.can_edit_unit(actor, successor))
    if predecessor.pk == successor.pk:
        raise ValidationError({"successor": _("Một đơn vị không thể kế thừa chính nó.")})
    if _lineage_reaches(predecessor, successor):
        raise ValidationError(
            {"successor": _("Liên kết này tạo thành vòng lặp trong lịch sử kế thừa.")}
        )
    link = UnitSuccession(
        predecessor=predecessor,
        successor=successor,
        kind=kind,
        effective_on=effective_on,
        legal_basis=legal_basis,
    )
    validate(link, unique=True)
    _stamp(link, actor)
    link.save()
    return link


@transaction.atomic
def units_reorganise(
    *,
    actor: User,
    predecessors: Iterable[AdministrativeUnit],
    successor: AdministrativeUnit,
    kind: str,
    effective_on: date,
    legal_basis: str = "",
) -> list[UnitSuccession]:
    """Close the predecessors (and their councils) the day before and link them to the successor.

    Nothing is deleted: the old units keep their records, reachable through the lineage.
    """
    last_day = effective_on - timedelta(days=1)
    links = []
    for unit in predecessors:
        scoping.require(scoping.can_edit_unit(actor, unit))
        if unit.valid_to is None or unit.valid_to > last_day:
            unit.valid_to = last_day
            _check_period(unit.valid_from, unit.valid_to)
            _stamp(unit, actor)
            unit.save(update_fields=["valid_to"])
        council = Council.objects.filter(unit=unit).first()
        if council is not None and (council.valid_to is None or council.valid_to > last_day):
            council.valid_to = last_day
            _stamp(council, actor)
            council.save(update_fields=["valid_to", "updated_at"])
        links.append(
            unit_succession_create(
                actor=actor,
                predecessor=unit,
                successor=successor,
                kind=kind,
                effective_on=effective_on,
                legal_basis=legal_basis,
            )
        )
    return links


@transaction.atomic
def council_create(
    *,
    actor: User,
    unit: AdministrativeUnit,
    valid_from: date,
    valid_to: date | None = None,
    name: str = "",
) -> Council:
    scoping.require(scoping.can_edit_unit(actor, unit))
    if Council.objects.filter(unit=unit).exists():
        raise ValidationError({"unit": _("Đơn vị này đã có Hội đồng nhân dân.")})
    council = Council(
        unit=unit,
        name=nfc(name) or council_default_name(unit),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    _check_council_period(council)
    council.name_key = search_key(council.name)
    validate(council, unique=True)
    _stamp(council, actor)
    council.save()
    return council


def _check_council_period(council: Council) -> None:
    unit = council.unit
    _check_period(council.valid_from, council.valid_to)
    if council.valid_from < unit.valid_from or (
        unit.valid_to is not None and council.valid_from > unit.valid_to
    ):
        raise ValidationError(
            {"valid_from": _("Hội đồng nhân dân chỉ hoạt động trong thời gian đơn vị tồn tại.")}
        )


@transaction.atomic
def council_update(
    *, actor: User, council: Council, name: str, valid_from: date, valid_to: date | None = None
) -> Council:
    scoping.require_edit(actor, council)
    council = lock(council)
    council.name, council.valid_from, council.valid_to = nfc(name), valid_from, valid_to
    council.name_key = search_key(council.name)
    _check_council_period(council)
    _stamp(council, actor)
    return save_fields(council, ["name", "valid_from", "valid_to", "name_key"], unique=True)


@transaction.atomic
def term_create(*, actor: User, name: str, start_on: date, end_on: date) -> Term:
    scoping.require(scoping.can_manage_terms(actor))
    return _term_save(Term(), actor=actor, name=name, start_on=start_on, end_on=end_on)


@transaction.atomic
def term_update(*, actor: User, term: Term, name: str, start_on: date, end_on: date) -> Term:
    scoping.require(scoping.can_manage_terms(actor))
    term = lock(term)
    if term.pk and (
        CouncilMembership.objects.filter(term=term)
        .filter(Q(start_on__lt=start_on) | Q(start_on__gt=end_on))
        .exists()
    ):
        raise ValidationError(
            {"start_on": _("Có đại biểu bắt đầu nhiệm kỳ ngoài khoảng thời gian mới.")}
        )
    return _term_save(term, actor=actor, name=name, start_on=start_on, end_on=end_on)


def _term_save(term: Term, *, actor: User, name: str, start_on: date, end_on: date) -> Term:
    if end_on <= start_on:
        raise ValidationError({"end_on": _("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.")})
    term.name, term.start_on, term.end_on = nfc(name), start_on, end_on
    _stamp(term, actor)
    return save_fields(term, ["name", "start_on", "end_on"], unique=True)


DELEGATE_FIELDS = ("full_name", "gender", "birth_date", "ethnicity", "occupation", "phone", "email")


@transaction.atomic
def delegate_create(*, actor: User, council: Council, full_name: str, **fields) -> Delegate:
    scoping.require_edit(actor, council)
    delegate = Delegate(council=council)
    return _delegate_save(delegate, actor=actor, full_name=full_name, **fields)


@transaction.atomic
def delegate_update(*, actor: User, delegate: Delegate, full_name: str, **fields) -> Delegate:
    scoping.require_edit(actor, delegate.council)
    return _delegate_save(lock(delegate), actor=actor, full_name=full_name, **fields)


def _delegate_save(delegate: Delegate, *, actor: User, full_name: str, **fields) -> Delegate:
    unknown = set(fields) - set(DELEGATE_FIELDS)
    if unknown:
        raise TypeError(f"unknown delegate fields: {sorted(unknown)}")
    delegate.full_name = nfc(full_name)
    for key, value in fields.items():
        setattr(delegate, key, value if value is not None else "" if key != "birth_date" else None)
    delegate.name_key = search_key(delegate.full_name)
    _stamp(delegate, actor)
    return save_fields(delegate, ["full_name", *fields, "name_key"], unique=True)


def _check_membership(m: CouncilMembership) -> None:
    """A seat lies inside its term and the council's life, and never overlaps another seat."""
    term, council = m.term, m.council
    _check_period(m.start_on, m.end_on, field="end_on")
    if not term.covers(m.start_on):
        raise ValidationError(
            {
                "start_on": _(
                    "Ngày bắt đầu phải nằm trong nhiệm kỳ %(term)s (%(start)s - %(end)s)."
                )
                % {
                    "term": term.name,
                    "start": term.start_on.strftime("%d/%m/%Y"),
                    "end": term.end_on.strftime("%d/%m/%Y"),
                }
            }
        )
    if m.end_on is not None and m.end_on > term.end_on:
        raise ValidationError(
            {
                "end_on": _("Ngày kết thúc không được sau ngày kết thúc nhiệm kỳ (%(end)s).")
                % {"end": term.end_on.strftime("%d/%m/%Y")}
            }
        )
    if m.start_on < council.valid_from or (
        council.valid_to is not None and m.start_on > council.valid_to
    ):
        raise ValidationError(
            {"start_on": _("Hội đồng nhân dân không hoạt động vào ngày bắt đầu này.")}
        )
    overlapping = (
        CouncilMembership.objects.filter(delegate=m.delegate, council=council)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=m.start_on))
        .exclude(pk=m.pk)
    )
    if m.end_on is not None:
        overlapping = overlapping.filter(start_on__lte=m.end_on)
    if overlapping.exists():
        raise ValidationError(
            {"start_on": _("Đại biểu đã là đại biểu của Hội đồng này trong khoảng thời gian đó.")}
        )


MEMBERSHIP_FIELDS = ("kind", "position", "constituency", "end_on", "end_reason")


@transaction.atomic
def membership_create(
    *,
    actor: User,
    delegate: Delegate,
    council: Council,
    term: Term,
    start_on: date,
    **fields,
) -> CouncilMembership:
    scoping.require_edit(actor, council)
    m = CouncilMembership(delegate=delegate, council=council, term=term, start_on=start_on)
    return _membership_save(m, actor=actor, **fields)


@transaction.atomic
def membership_update(
    *, actor: User, membership: CouncilMembership, term: Term, start_on: date, **fields
) -> CouncilMembership:
    scoping.require_edit(actor, membership.council)
    membership = lock(membership)
    membership.term, membership.start_on = term, start_on
    return _membership_save(membership, actor=actor, **fields)


def _membership_save(m: CouncilMembership, *, actor: User, **fields) -> CouncilMembership:
    unknown = set(fields) - set(MEMBERSHIP_FIELDS)
    if unknown:
        raise TypeError(f"unknown membership fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(m, key, value if value is not None or key == "end_on" else "")
    _check_membership(m)
    _stamp(m, actor)
    return save_fields(m, ["term", "start_on", *fields], unique=True)


@transaction.atomic
def body_create(
    *,
    actor: User,
    council: Council,
    term: Term,
    kind: str,
    name: str = "",
    committee_type: str = "",
    position: int = 0,
) -> Body:
    scoping.require_edit(actor, council)
    if kind == Body.Kind.COMMITTEE and not committee_type and not name:
        raise ValidationError({"committee_type": _("Chọn lĩnh vực hoặc nhập tên của Ban.")})
    if not name:
        name = (
            str(Body.CommitteeType(committee_type).label)
            if committee_type
            else str(Body.Kind(kind).label)
        )
    if (
        kind == Body.Kind.STANDING
        and Body.objects.filter(council=council, term=term, kind=kind).exists()
    ):
        raise ValidationError({"kind": _("Hội đồng đã có Thường trực trong nhiệm kỳ này.")})
    body = Body(
        council=council,
        term=term,
        kind=kind,
        committee_type=committee_type if kind == Body.Kind.COMMITTEE else "",
        name=nfc(name),
        position=position,
    )
    validate(body, unique=True)
    _stamp(body, actor)
    body.save()
    return body


@transaction.atomic
def body_membership_create(
    *,
    actor: User,
    body: Body,
    delegate: Delegate,
    role: str,
    start_on: date,
    end_on: date | None = None,
) -> BodyMembership:
    scoping.require_edit(actor, body.council)
    if role not in ROLES_BY_BODY[body.kind]:
        raise ValidationError(
            {"role": _("Chức vụ này không dùng cho %(body)s.") % {"body": body.get_kind_display()}}
        )
    _check_period(start_on, end_on, field="end_on")
    seated = CouncilMembership.objects.filter(
        delegate=delegate, council_id=body.council_id, term_id=body.term_id, start_on__lte=start_on
    ).filter(Q(end_on__isnull=True) | Q(end_on__gte=start_on))
    if not seated.exists():
        raise ValidationError(
            {"delegate": _("Người này không phải đại biểu của Hội đồng vào ngày bắt đầu.")}
        )
    bm = BodyMembership(body=body, delegate=delegate, role=role, start_on=start_on, end_on=end_on)
    validate(bm, unique=True)
    _stamp(bm, actor)
    bm.save()
    return bm


AGENCY_FIELDS = ("parent", "email", "address", "valid_from", "valid_to")


@transaction.atomic
def agency_create(*, actor: User, council: Council, name: str, kind: str, **fields) -> Agency:
    scoping.require_edit(actor, council)
    return _agency_save(Agency(council=council), actor=actor, name=name, kind=kind, **fields)


@transaction.atomic
def agency_update(*, actor: User, agency: Agency, name: str, kind: str, **fields) -> Agency:
    scoping.require_edit(actor, agency.council)
    return _agency_save(lock(agency), actor=actor, name=name, kind=kind, **fields)


def _agency_save(agency: Agency, *, actor: User, name: str, kind: str, **fields) -> Agency:
    parent = fields.get("parent")
    if (
        parent is not None
        and not scoping.councils_visible_to(actor).filter(pk=parent.council_id).exists()
    ):
        raise ValidationError({"parent": _("Không tìm thấy cơ quan cấp trên.")})
    agency.name, agency.kind = nfc(name), kind
    for key in AGENCY_FIELDS:
        if key in fields:
            setattr(agency, key, fields[key] if fields[key] is not None or key != "email" else "")
    if (
        Agency.objects.filter(council_id=agency.council_id, name=agency.name)
        .exclude(pk=agency.pk)
        .exists()
    ):
        raise ValidationError({"name": _("Đã có cơ quan cùng tên trên địa bàn này.")})
    agency.name_key = search_key(agency.name)
    _stamp(agency, actor)
    edited = [key for key in AGENCY_FIELDS if key in fields]
    return save_fields(agency, ["name", "kind", *edited, "name_key"], unique=True)


def role_grant_check(
    *,
    actor: User | None,
    user: User | None,
    role: str | None,
    council: Council | None,
    valid_from: date | None,
    valid_to: date | None = None,
) -> FieldErrors:
    """The rules of `role_assign`, writing nothing; fields that did not parse come as None.

    No escalation: a grant without a council (national) is for national administrators only,
    and nobody but a superuser grants themselves a role.
    """
    errors = FieldErrors()
    national = actor is None or scoping.can(actor, Capability.MANAGE_ROLES, None)
    if council is None and role is not None and role != Role.ADMIN:
        errors.add("council", _("Chọn Hội đồng nhân dân cho vai trò này."), "council_required")
    elif council is None and role == Role.ADMIN and not national:
        errors.add(
            "council",
            _("Chỉ quản trị hệ thống toàn quốc mới cấp quyền toàn quốc; chọn một Hội đồng."),
            "national_grant",
        )
    if actor is not None and user is not None and user.pk == actor.pk and not actor.is_superuser:
        errors.add("user", _("Không thể tự cấp quyền cho chính mình."), "self_grant")
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        errors.add("valid_to", _("Ngày kết thúc không được trước ngày bắt đầu."), "period")
    elif valid_from is not None and user is not None and role is not None:
        same = RoleAssignment.objects.filter(user=user, role=role, council=council).filter(
            _overlaps(valid_from, valid_to)
        )
        if same.exists():
            errors.add(
                "valid_from",
                _("Người dùng đã có vai trò này tại Hội đồng này trong khoảng thời gian trên."),
                "overlap",
            )
    return errors


@transaction.atomic
def role_assign(
    *,
    actor: User | None,
    user: User,
    role: str,
    council: Council | None,
    valid_from: date,
    valid_to: date | None = None,
) -> RoleAssignment:
    """Grant a role at a council; who may grant where is `manage_roles` (councils/scoping.py).

    `actor=None` is the system itself (the demo loader, migrations of data)."""
    if actor is not None and council is not None:
        scoping.require_can(actor, Capability.MANAGE_ROLES, council)
    elif actor is not None:
        scoping.require(scoping.can_somewhere(actor, Capability.MANAGE_ROLES))
    role_grant_check(
        actor=actor,
        user=user,
        role=role,
        council=council,
        valid_from=valid_from,
        valid_to=valid_to,
    ).raise_if_any()
    ra = RoleAssignment(
        user=user, role=role, council=council, valid_from=valid_from, valid_to=valid_to
    )
    validate(ra, unique=True)
    _stamp(ra, actor)
    ra.save()
    if role == Role.ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    scoping.scope_forget(user)
    return ra


@transaction.atomic
def role_end(*, actor: User, assignment: RoleAssignment, valid_to: date) -> RoleAssignment:
    """End a grant: `valid_to` is its last day. Grants are never deleted and the past is not
    rewritten (no end before yesterday), so who could do what, and when, stays on record."""
    scoping.require_can(actor, Capability.MANAGE_ROLES, assignment.council)
    ra = lock(assignment)
    today = timezone.localdate()
    errors = FieldErrors()
    if ra.valid_to is not None and ra.valid_to < today:
        errors.add(None, _("Quyền này đã kết thúc."), "already_ended")
    elif valid_to < today - timedelta(days=1):
        errors.add(
            "valid_to",
            _("Không kết thúc quyền trước ngày hôm qua: lịch sử được giữ nguyên."),
            "past",
        )
    elif valid_to < ra.valid_from:
        errors.add("valid_to", _("Ngày kết thúc không được trước ngày bắt đầu."), "period")
    elif ra.valid_to is not None and valid_to > ra.valid_to:
        errors.add("valid_to", _("Chỉ rút ngắn được thời hạn của quyền."), "extends")
    errors.raise_if_any()
    ra.valid_to = valid_to
    _stamp(ra, actor)
    save_fields(ra, ["valid_to"])
    scoping.scope_forget(ra.user)
    return ra


def delegate_user_link_check(*, delegate: Delegate, user: User | None) -> FieldErrors:
    """The rules of `delegate_user_link`, writing nothing. The account must hold the delegate
    role at the delegate's council today (the grant that the link makes personal), and one
    person has one delegate record per council and per term: a second would split their own
    voter contacts, questions and receptions between two records."""
    errors = FieldErrors()
    if user is None:
        return errors
    if not user.is_active:
        errors.add("user", _("Tài khoản này đã bị khóa."), "inactive")
    elif not selectors.delegate_accounts(council=delegate.council).filter(pk=user.pk).exists():
        errors.add(
            "user",
            _(
                "Tài khoản này chưa có vai trò Đại biểu HĐND tại Hội đồng này; "
                "cấp vai trò trước khi gắn."
            ),
            "no_delegate_role",
        )
    others = Delegate.objects.filter(user=user).exclude(pk=delegate.pk).select_related("council")
    same_council = others.filter(council_id=delegate.council_id).first()
    terms = CouncilMembership.objects.filter(delegate=delegate).values("term_id")
    same_term = None if same_council else others.filter(memberships__term_id__in=terms).first()
    if same_council is not None:
        errors.add(
            "user",
            _("Tài khoản này đã gắn với đại biểu %(name)s của Hội đồng.")
            % {"name": same_council.full_name},
            "user_taken",
        )
    elif same_term is not None:
        errors.add(
            "user",
            _("Tài khoản này đã gắn với đại biểu %(name)s (%(council)s) trong cùng nhiệm kỳ.")
            % {"name": same_term.full_name, "council": same_term.council.name},
            "user_taken_in_term",
        )
    return errors


@transaction.atomic
def delegate_user_link(*, actor: User | None, delegate: Delegate, user: User | None) -> Delegate:
    """Link a delegate to their own account (None: unlink); it is a grant, like a role, so it
    is for those who manage roles at the delegate's council."""
    if actor is not None:
        scoping.require_can(actor, Capability.MANAGE_ROLES, delegate.council)
    delegate = lock(delegate)
    delegate_user_link_check(delegate=delegate, user=user).raise_if_any()
    before = delegate.user
    delegate.user = user
    _stamp(delegate, actor)
    save_fields(delegate, ["user"])
    for changed in {before, user} - {None}:
        scoping.scope_forget(changed)
    return delegate


@transaction.atomic
def council_setting_save(
    *,
    actor: User,
    setting: CouncilSetting | None = None,
    council: Council | None,
    key: str,
    value: str,
    legal_basis: str,
    valid_from: date,
    valid_to: date | None = None,
) -> CouncilSetting:
    """Create or change a dated rule; its value must fit the rule's type, or pages would crash."""
    scoping.require(scoping.can_manage_settings(actor))
    errors: dict[str, list] = {}
    try:
        value = rules.rule_clean(key, value)
    except ValidationError as exc:
        errors.update(exc.error_dict)  # keeps the codes
    try:
        _check_period(valid_from, valid_to)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    if setting is None:
        setting = CouncilSetting()
    else:
        setting = CouncilSetting.objects.select_for_update().get(pk=setting.pk)
    setting.council, setting.key, setting.value = council, key, value
    setting.legal_basis, setting.valid_from, setting.valid_to = legal_basis, valid_from, valid_to
    setting.full_clean()
    _stamp(setting, actor)
    setting.save()
    return setting
