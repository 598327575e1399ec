"""Test data through the services, so paths, keys and history are maintained as in real use."""

from __future__ import annotations

from datetime import date

import factory
from django.contrib.auth import get_user_model

from councils import services
from councils.models import (
    AdministrativeUnit,
    Agency,
    Body,
    BodyMembership,
    Council,
    Delegate,
    Term,
    UnitKind,
)

User = get_user_model()
PASSWORD = "Mat-khau-thu-2026"


def system_actor() -> User:
    """A superuser that owns factory-made records (services always take an actor)."""
    user, created = User.objects.get_or_create(
        username="factory-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
    return user


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    password = factory.django.Password(PASSWORD)


class UnitFactory(factory.Factory):
    class Meta:
        model = AdministrativeUnit

    parent = None
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = UnitKind.PROVINCE
    code = factory.Sequence(lambda n: f"{n:05d}")
    valid_from = date(2000, 1, 1)
    valid_to = None
    with_council = True

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.unit_create(actor=system_actor(), **kwargs)


def council_of(unit: AdministrativeUnit) -> Council:
    return Council.objects.get(unit=unit)


class TermFactory(factory.Factory):
    class Meta:
        model = Term

    name = "2021-2026"
    start_on = date(2021, 5, 23)
    end_on = date(2026, 3, 14)

    @classmethod
    def _create(cls, model_class, **kwargs):
        existing = Term.objects.filter(name=kwargs["name"]).first()
        return existing or services.term_create(actor=system_actor(), **kwargs)


class DelegateFactory(factory.Factory):
    class Meta:
        model = Delegate

    council = None
    full_name = factory.Faker("name", locale="vi_VN")

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.delegate_create(actor=system_actor(), **kwargs)


def seat(delegate: Delegate, term: Term, **kwargs):
    """Give a delegate a seat in their council for the whole term."""
    return services.membership_create(
        actor=system_actor(),
        delegate=delegate,
        council=delegate.council,
        term=term,
        start_on=kwargs.pop("start_on", term.start_on),
        **kwargs,
    )


def body(council: Council, term: Term, kind: str = Body.Kind.STANDING, **kwargs) -> Body:
    return services.body_create(
        actor=system_actor(), council=council, term=term, kind=kind, **kwargs
    )


def body_member(body: Body, delegate: Delegate, role: str = BodyMembership.Role.MEMBER, **kwargs):
    """Seat a delegate in a body from the start of its term unless told otherwise."""
    return services.body_membership_create(
        actor=system_actor(),
        body=body,
        delegate=delegate,
        role=role,
        start_on=kwargs.pop("start_on", body.term.start_on),
        **kwargs,
    )


class AgencyFactory(factory.Factory):
    class Meta:
        model = Agency

    council = None
    name = factory.Sequence(lambda n: f"Sở số {n}")
    kind = Agency.Kind.DEPARTMENT

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.agency_create(actor=system_actor(), **kwargs)
