"""Test data through the services, so paths, keys and history are maintained as in real use."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

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
from followups import services as followup_services
from followups.models import Obligation, Unit
from resolutions import services as resolution_services
from resolutions.models import Field, Resolution
from sessions import services as session_services
from sessions.models import AgendaItem, Document, Session, Vote

User = get_user_model()
PASSWORD = "Mat-khau-thu-2026"


_actor: dict[str, User] = {}


def forget_system_actor() -> None:
    """Called before each test: the row of the previous test's actor was rolled back."""
    _actor.clear()


def system_actor() -> User:
    """A superuser that owns factory-made records (services always take an actor).

    The same object all through a test, so its scope is computed once rather than per record.
    """
    if "user" in _actor:
        return _actor["user"]
    user, created = User.objects.get_or_create(
        username="factory-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
    _actor["user"] = user
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
    # Eight digits: never the same as the 2 to 5 digit real codes the fixtures use.
    code = factory.Sequence(lambda n: f"{10_000_000 + n}")
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


# --- sessions and resolutions ------------------------------------------------------------------


class SessionFactory(factory.Factory):
    """A regular session in the 2021-2026 term, planned for three days in July 2023."""

    class Meta:
        model = Session

    council = None
    term = factory.LazyFunction(lambda: TermFactory())
    number = factory.Sequence(lambda n: str(n + 1))
    kind = Session.Kind.REGULAR
    planned_start = date(2023, 7, 10)
    planned_end = date(2023, 7, 12)
    place = "Hội trường UBND"

    @classmethod
    def _create(cls, model_class, **kwargs):
        # Batches share dates; the overlap warning has tests of its own.
        kwargs.setdefault("confirm_overlap", True)
        return session_services.session_create(actor=system_actor(), **kwargs)


def session_open(session: Session, on: date | None = None) -> Session:
    """Walk a session through the workflow to `in_session` as a clerk would."""
    actor = system_actor()
    on = on or session.planned_start
    if not session.convening_number:
        session = session_services.session_update(
            actor=actor,
            session=session,
            convening_number="15/QĐ-HĐND",
            convening_date=session.planned_start - timedelta(days=20),
        )
    session = session_services.session_transition(
        actor=actor, session=session, to_status=Session.Status.CONVENED
    )
    if not session.documents.exists():
        DocumentFactory(session=session)
    session = session_services.session_transition(
        actor=actor,
        session=session,
        to_status=Session.Status.DOCUMENTS_SENT,
        on=session.planned_start - timedelta(days=10),
    )
    return session_services.session_transition(
        actor=actor, session=session, to_status=Session.Status.IN_SESSION, on=on
    )


def pdf_upload(name: str = "to-trinh.pdf", body: bytes = b"") -> SimpleUploadedFile:
    """A small real PDF (its bytes start with %PDF-)."""
    content = b"%PDF-1.4\n" + (body or b"1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class DocumentFactory(factory.Factory):
    class Meta:
        model = Document

    session = None
    kind = Document.Kind.SUBMISSION
    title = factory.Sequence(lambda n: f"Tờ trình số {n} về dự thảo nghị quyết")
    file = factory.LazyFunction(pdf_upload)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return session_services.document_upload(actor=system_actor(), **kwargs)


class AgendaItemFactory(factory.Factory):
    class Meta:
        model = AgendaItem

    session = None
    title = factory.Sequence(lambda n: f"Dự thảo nghị quyết số {n}")
    kind = AgendaItem.Kind.DRAFT_RESOLUTION

    @classmethod
    def _create(cls, model_class, **kwargs):
        return session_services.agenda_item_create(actor=system_actor(), **kwargs)


def vote(item: AgendaItem, votes_for: int, total: int | None = None, **kwargs) -> Vote:
    """Record a vote by counts; the rest of those present did not vote."""
    present = kwargs.pop("present", total or votes_for)
    return session_services.vote_record(
        actor=system_actor(),
        item=item,
        held_on=kwargs.pop("held_on", item.session.actual_start or item.session.planned_start),
        method=kwargs.pop("method", Vote.Method.ELECTRONIC),
        present=present,
        votes_for=votes_for,
        votes_against=kwargs.pop("votes_against", 0),
        votes_abstain=kwargs.pop("votes_abstain", 0),
        total_delegates=total,
        **kwargs,
    )


class ResolutionFactory(factory.Factory):
    """A resolution registered as adopted and signed, so it carries a system number."""

    class Meta:
        model = Resolution

    council = None
    kind = Resolution.Kind.INDIVIDUAL
    title = factory.Sequence(lambda n: f"Nghị quyết về kế hoạch số {n}")
    field = Field.BUDGET
    adopted_on = date(2023, 7, 12)
    issued_on = date(2023, 7, 14)
    effective_on = factory.LazyAttribute(lambda o: o.issued_on)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return resolution_services.resolution_register(actor=system_actor(), **kwargs)


# --- follow-ups ----------------------------------------------------------------------------------


class ObligationFactory(factory.Factory):
    """An obligation owed to a council by its first agency (or a named outside body), due 30
    calendar days after 1 March 2025 unless told otherwise."""

    class Meta:
        model = Obligation

    council = None
    kind = Obligation.Kind.OVERSIGHT_RECOMMENDATION
    title = factory.Sequence(lambda n: f"Kiến nghị sau giám sát số {n}")
    start_on = date(2025, 3, 1)
    term_count = 30
    term_unit = Unit.CALENDAR_DAYS

    @classmethod
    def _create(cls, model_class, **kwargs):
        if kwargs.get("fixed_due_on") is not None:
            kwargs["term_count"], kwargs["term_unit"] = None, ""
        if kwargs.get("owed_by") is None and not kwargs.get("owed_by_text"):
            kwargs["owed_by_text"] = "Bộ Tài chính"
        return followup_services.obligation_create(actor=system_actor(), **kwargs)
