"""One workflow helper for every record that moves through states (DOMAIN.md §17).

A `Workflow` is declared once per record, next to its statuses: the allowed moves from each
state, and per move an optional guard (what the record must hold before the move), a required
note (why a step goes back or a request is returned) and a permission (who may make it). It
serves sessions and resolutions today and, declared the same way, what follows: oversight
activities and their recommendations (issued → assigned → … → assessed → closed | carried_over),
voters' petition items (received → classified → transferred → answered → assessed → …), letters
(received → registered → classified → forwarded | guided | filed → … → closed), report
submissions (a return needs its reason: ``Move(RETURNED, note_required=True)``) and confidence
polls. An office leader's review before the standing committee approves is a per-move
permission: ``Move(APPROVED, permission=lambda user, letter: can(user, "approve", ...))``.

`Workflow.move` is the one way a service moves a record: the actor's right, the row lock, the
allowed move, the guards and the note judged together (every refusal at once, in Vietnamese),
then the status and the caller's fields saved and the audit row written (who, when, from, to,
note) in the record's `TransitionRecord` subclass. `Workflow.step` is the same move inside a
larger write that already holds the lock (signing a resolution puts it in force too).
`Workflow.choices` is what a form offers a user: the moves made by hand that she may make, so a
control appears only where it can be used. `overdue` and `late` are never states: deadlines
live in the follow-up engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.apps import apps
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.models import TransitionRecord, stamp_actor
from core.services import lock, save_fields
from core.validation import FieldErrors

if TYPE_CHECKING:
    from core.models import User

M = TypeVar("M", bound=models.Model)

Guard = Callable[[Any], None]
"""Raises ValidationError when the record does not yet hold what the move needs."""
Permission = Callable[["User", Any], bool]
"""Whether the user may make the move on this record (ask `councils.scoping`)."""
Fields = Mapping[str, Any] | Callable[[Any], Mapping[str, Any]]


@dataclass(frozen=True)
class Move:
    """One allowed move to `to`; a bare state in a moves table is a Move with no conditions."""

    to: str
    guard: Guard | None = None
    note_required: bool = False
    # False: reached only through another action (signing takes a number, a link ends a text),
    # so forms never offer it, though services make it with `step`.
    by_hand: bool = True
    # Who may make this move, on top of the workflow's own permission.
    permission: Permission | None = None


class Workflow(Generic[M]):
    """The allowed moves of one record's status field and the audit row kept for each."""

    def __init__(
        self,
        *,
        record: type[TransitionRecord],
        moves: Mapping[str, Iterable[str | Move]],
        field: str = "status",
        permission: Permission | None = None,
        refused: str | None = None,
    ) -> None:
        """`record` is the audit model; its foreign key to the workflow's model names the model.

        `refused` is the message of a move the table does not allow, with %(from)s and %(to)s
        (default: "Không thể chuyển <record> từ … sang …").
        """
        self.record = record
        self.field = field
        self.permission = permission
        self.refused = refused
        self.moves: dict[str, dict[str, Move]] = {
            str(state): {
                str(m.to if isinstance(m, Move) else m): m if isinstance(m, Move) else Move(str(m))
                for m in targets
            }
            for state, targets in moves.items()
        }
        if not isinstance(self._link.remote_field.model, str):  # a lazy reference: not readable yet
            self._check_table()

    def __repr__(self) -> str:
        return f"<Workflow {self.model._meta.label}.{self.field}>"

    # --- the table ---------------------------------------------------------------------------

    @cached_property
    def _link(self) -> models.ForeignKey:
        links = [
            f
            for f in self.record._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.name != "actor"
        ]
        if len(links) != 1:
            raise ImproperlyConfigured(
                f"{self.record.__name__} needs exactly one foreign key to the record it audits."
            )
        return links[0]

    @property
    def model(self) -> type[M]:
        model = self._link.remote_field.model
        return apps.get_model(model) if isinstance(model, str) else model

    @cached_property
    def labels(self) -> dict[str, str]:
        return dict(self.model._meta.get_field(self.field).flatchoices)

    def _check_table(self) -> None:
        """A typo in a moves table fails at import, not on the day a clerk tries the move."""
        field = self.model._meta.get_field(self.field)
        states = {str(value) for value, _label in field.flatchoices}
        named = set(self.moves) | {to for targets in self.moves.values() for to in targets}
        if unknown := named - states:
            raise ImproperlyConfigured(f"{self!r}: unknown states {sorted(unknown)}")
        for name in ("from_status", "to_status"):
            self.record._meta.get_field(name)

    def allowed(self, state: str) -> tuple[str, ...]:
        """The states the table allows from `state`, in the table's order."""
        return tuple(self.moves.get(str(state), {}))

    def label(self, state: str) -> str:
        return str(self.labels.get(str(state), state))

    # --- who may --------------------------------------------------------------------------------

    def permits(self, user: User, obj: M, to: str | None = None) -> bool:
        """Whether `user` may move `obj` (to `to`, when given: that move's own permission too)."""
        if self.permission is not None and not self.permission(user, obj):
            return False
        move = self.moves.get(self._state(obj), {}).get(str(to)) if to is not None else None
        return move is None or move.permission is None or move.permission(user, obj)

    def next_states(self, obj: M, user: User) -> list[str]:
        """The moves a form offers `user` on `obj` now: made by hand, and hers to make."""
        if self.permission is not None and not self.permission(user, obj):
            return []
        return [
            to
            for to, move in self.moves.get(self._state(obj), {}).items()
            if move.by_hand and (move.permission is None or move.permission(user, obj))
        ]

    def choices(self, obj: M, user: User) -> list[tuple[str, str]]:
        """`next_states` as (value, label) pairs for a ChoiceField; empty: show no control."""
        return [(to, self.label(to)) for to in self.next_states(obj, user)]

    # --- moving ------------------------------------------------------------------------------

    def move(
        self,
        *,
        obj: M,
        to: str,
        actor: User,
        note: str = "",
        fields: Fields | None = None,
        check: Guard | None = None,
    ) -> M:
        """Move `obj` to `to` under a row lock, save it with `fields`, and keep the audit row.

        `check(row)` judges the locked row with the caller's own rules (dates, other rows);
        its refusals come together with the move's guards and note. `fields` may be a callable
        of the locked row. Returns the saved row (the caller's copy may be stale).
        """
        if self.permission is not None and not self.permission(actor, obj):
            raise PermissionDenied
        with transaction.atomic():
            row = lock(obj)
            move = self._move_from(row, to)
            if move.permission is not None and not move.permission(actor, row):
                raise PermissionDenied
            self._judge(row, move, note, check)
            values = dict(fields(row) if callable(fields) else fields or {})
            for name, value in values.items():
                setattr(row, name, value)
            self._write(row, to, actor, note)
            stamp_actor(row, actor)
            save_fields(row, [self.field, *values])
        return row

    def step(self, *, obj: M, to: str, actor: User, note: str = "") -> M:
        """One move inside a larger write: checked and audited, the status set, not saved.

        The caller has checked the actor's right, holds the row lock and saves `self.field`.
        """
        self._judge(obj, self._move_from(obj, to), note, None)
        self._write(obj, to, actor, note)
        return obj

    def _state(self, obj: M) -> str:
        return str(getattr(obj, self.field))

    def _move_from(self, obj: M, to: str) -> Move:
        """The table's move from the record's state to `to`; any other is refused at once."""
        state = self._state(obj)
        move = self.moves.get(state, {}).get(str(to))
        if move is not None:
            return move
        message = self.refused or _("Không thể chuyển %(what)s từ “%(from)s” sang “%(to)s”.")
        raise ValidationError(
            str(message)
            % {
                "what": self.model._meta.verbose_name,
                "from": self.label(state),
                "to": self.label(to),
            },
            code="bad_transition",
        )

    def _judge(self, obj: M, move: Move, note: str, check: Guard | None) -> None:
        """Every refusal of an allowed move together: the caller's check, the guard, the note."""
        errors = FieldErrors()
        if check is not None:
            errors.run(check, obj)
        if move.guard is not None:
            errors.run(move.guard, obj)
        if move.note_required and not note.strip():
            errors.add(
                "note",
                _("Ghi rõ lý do khi chuyển sang “%(to)s”.") % {"to": self.label(move.to)},
                "note_required",
            )
        _raise(errors)

    def _write(self, obj: M, to: str, actor: User, note: str) -> None:
        self.record.objects.create(
            **{self._link.name: obj},
            from_status=self._state(obj),
            to_status=to,
            actor=actor,
            note=note,
        )
        setattr(obj, self.field, to)


def _raise(errors: FieldErrors) -> None:
    """A lone refusal of the whole record is raised as itself, keeping its code for callers;
    anything more goes out as a dict, one entry per input."""
    try:
        errors.raise_if_any()
    except ValidationError as exc:
        found = exc.error_dict
        if list(found) == [NON_FIELD_ERRORS] and len(found[NON_FIELD_ERRORS]) == 1:
            raise found[NON_FIELD_ERRORS][0] from None
        raise
