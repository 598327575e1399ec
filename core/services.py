"""How a service writes a row it changes: under a lock, only the changed fields, and with the
database's check constraints judged first, so a violation is a field error (400), never an
IntegrityError (500), and an edit never undoes a status move made meanwhile."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


def lock(instance: M) -> M:
    """The stored row, locked until the transaction ends; the caller's copy may be stale."""
    return type(instance)._default_manager.select_for_update(of=("self",)).get(pk=instance.pk)


def _fields_named(condition: Q) -> list[str]:
    names: list[str] = []
    for child in condition.children:
        if isinstance(child, Q):
            names += _fields_named(child)
        else:
            names.append(child[0].split("__")[0])
    return names


def check_constraints(
    instance: models.Model, *, exclude: Iterable[str] = (), unique: bool = False
) -> None:
    """Judge the model's CheckConstraints; each violation lands on the first field its condition
    names (the one it constrains, as in `Q(valid_to__gte=F("valid_from"))`). With `unique`, the
    other constraints too, keyed as Django keys them."""
    exclude = set(exclude)
    errors: dict[str, list[ValidationError]] = {}
    opts = instance._meta
    for constraint in opts.constraints:
        if not isinstance(constraint, models.CheckConstraint):
            if unique:
                try:
                    constraint.validate(type(instance), instance, exclude=exclude)
                except ValidationError as exc:
                    fields = getattr(constraint, "fields", ())
                    key = fields[0] if exc.code == "unique" and len(fields) == 1 else None
                    errors.setdefault(key or NON_FIELD_ERRORS, []).append(exc)
            continue
        try:
            constraint.validate(type(instance), instance, exclude=exclude)
        except ValidationError:
            names = _fields_named(constraint.condition)
            field, others = names[0], [n for n in dict.fromkeys(names[1:]) if n != names[0]]
            labels = [str(opts.get_field(n).verbose_name) for n in others]
            message = (
                _("“%(field)s” không phù hợp với %(others)s.")
                % {
                    "field": opts.get_field(field).verbose_name,
                    "others": ", ".join(f"“{label}”" for label in labels),
                }
                if labels
                else _("Giá trị “%(field)s” không hợp lệ.")
                % {"field": opts.get_field(field).verbose_name}
            )
            errors.setdefault(field, []).append(ValidationError(message, code=constraint.name))
    if errors:
        raise ValidationError(errors)


def validate(instance: models.Model, *, exclude: Iterable[str] = (), unique: bool = False) -> None:
    """`full_clean` and the check constraints, every error at once; unique constraints only
    with `unique` (most services judge uniqueness themselves, with their own message)."""
    exclude = list(exclude)
    errors: dict[str, list[ValidationError]] = {}
    for check in (
        lambda: instance.full_clean(exclude=exclude, validate_constraints=False),
        lambda: check_constraints(instance, exclude=exclude, unique=unique),
    ):
        try:
            check()
        except ValidationError as exc:
            for field, found in exc.error_dict.items():
                errors.setdefault(field, []).extend(found)
    if errors:
        raise ValidationError(errors)


def save_fields(
    instance: M, fields: Iterable[str], *, exclude: Iterable[str] = (), unique: bool = False
) -> M:
    """Validate, then write only `fields` (and `updated_at` where the model has it); a new row
    is written whole."""
    validate(instance, exclude=exclude, unique=unique)
    if instance._state.adding:
        instance.save()
        return instance
    names = list(dict.fromkeys(fields))
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        names.append("updated_at")
    instance.save(update_fields=names)
    return instance
