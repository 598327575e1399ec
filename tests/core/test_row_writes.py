"""Updates write only what they change, under a lock; check constraints answer as field errors."""

from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.services import check_constraints
from councils import services as council_services
from councils.models import (
    AdministrativeUnit,
    BodyMembership,
    Council,
    CouncilMembership,
    CouncilSetting,
    RoleAssignment,
    Term,
    UnitKind,
    UnitSuccession,
)
from oversight.activities import (
    OversightActivity,
    OversightProgramme,
    ProgrammeItem,
    Visit,
)
from resolutions import services as resolution_services
from resolutions.models import Resolution, ResolutionLink
from sessions import services as session_services
from sessions.models import AgendaItem, ConfidenceEntry, Session, Vote
from tests.factories import (
    AgendaItemFactory,
    ResolutionFactory,
    SessionFactory,
    UnitFactory,
    system_actor,
)
from voters.models import ContactMeeting, Letter, PetitionItem, Reception, ReceptionSchedule

D1, D2 = date(2023, 7, 14), date(2023, 7, 1)

# Every CheckConstraint of the apps this sweep owns: (model, a violating row, the field keyed).
VIOLATIONS = {
    "session_planned_order": (Session, {"planned_start": D1, "planned_end": D2}, "planned_end"),
    "session_actual_order": (Session, {"actual_start": D1, "actual_end": D2}, "actual_end"),
    "agenda_slot_order": (AgendaItem, {"starts_at": "10:00", "ends_at": "09:00"}, "ends_at"),
    "vote_present_within_total": (
        Vote,
        {"present": 5, "total_delegates": 3, "votes_for": 0, "votes_against": 0},
        "present",
    ),
    "vote_counts_within_present": (
        Vote,
        {
            "present": 2,
            "total_delegates": 9,
            "votes_for": 3,
            "votes_against": 0,
            "votes_abstain": 0,
        },
        "present",
    ),
    "vote_total_positive": (Vote, {"total_delegates": 0}, "total_delegates"),
    "commitment_has_source": (
        apps.get_model("oversight", "Commitment"),
        {"question_id": None, "hearing_id": None},
        "question",
    ),
    "confidence_returned_within_issued": (
        ConfidenceEntry,
        {"ballots_issued": 3, "ballots_returned": 4},
        "ballots_returned",
    ),
    "confidence_valid_within_returned": (
        ConfidenceEntry,
        {"ballots_issued": 5, "ballots_returned": 4, "ballots_valid": 5},
        "ballots_valid",
    ),
    "resolution_effect_order": (
        Resolution,
        {"effective_on": D1, "effective_to": D2},
        "effective_to",
    ),
    "resolution_link_not_self": (ResolutionLink, {"source_id": 1, "target_id": 1}, "source"),
    "unit_valid_to_after_from": (
        AdministrativeUnit,
        {"valid_from": D1, "valid_to": D2},
        "valid_to",
    ),
    "succession_not_self": (
        UnitSuccession,
        {"predecessor_id": 1, "successor_id": 1},
        "predecessor",
    ),
    "council_valid_to_after_from": (Council, {"valid_from": D1, "valid_to": D2}, "valid_to"),
    "term_end_after_start": (Term, {"start_on": D1, "end_on": D1}, "end_on"),
    "membership_end_after_start": (
        CouncilMembership,
        {"start_on": D1, "end_on": D2},
        "end_on",
    ),
    "body_membership_end_after_start": (
        BodyMembership,
        {"start_on": D1, "end_on": D2},
        "end_on",
    ),
    "role_needs_council_unless_admin": (
        RoleAssignment,
        {"council_id": None, "role": "clerk", "valid_from": D2},
        "council",
    ),
    "role_valid_to_after_from": (
        RoleAssignment,
        {"council_id": 1, "valid_from": D1, "valid_to": D2},
        "valid_to",
    ),
    "setting_valid_to_after_from": (
        CouncilSetting,
        {"valid_from": D1, "valid_to": D2},
        "valid_to",
    ),
    # oversight: programmes and activities (issue 12)
    "programme_adopted_dated": (
        OversightProgramme,
        {"status": "adopted", "adopted_on": None},
        "status",
    ),
    "item_quarter_1_to_4": (ProgrammeItem, {"quarter": 5}, "quarter"),
    "activity_period_in_order": (
        OversightActivity,
        {"period_from": D1, "period_to": D2},
        "period_to",
    ),
    "activity_concluded_dated": (
        OversightActivity,
        {"status": "concluded", "concluded_on": None},
        "status",
    ),
    "activity_only_reoversight_checks_another": (
        OversightActivity,
        {"kind": "thematic", "reoversight_of_id": 1},
        "kind",
    ),
    "visit_has_a_place": (Visit, {"agency_id": None, "place": ""}, "agency"),
    # voters
    "meeting_voters_count_sane": (ContactMeeting, {"voters_count": 100001}, "voters_count"),
    "pitem_not_merged_into_itself": (PetitionItem, {"id": 7, "merged_into_id": 7}, "merged_into"),
    "pitem_not_repeat_of_itself": (PetitionItem, {"id": 7, "repeated_from_id": 7}, "repeated_from"),
    "pitem_transfer_after_raised": (
        PetitionItem,
        {"raised_on": D1, "transfer_date": D2},
        "transfer_date",
    ),
    "pitem_answer_after_raised": (
        PetitionItem,
        {"raised_on": D1, "answered_on": D2},
        "answered_on",
    ),
    "reception_schedule_valid_order": (
        ReceptionSchedule,
        {"valid_from": D1, "valid_to": D2},
        "valid_to",
    ),
    "reception_schedule_weekday": (ReceptionSchedule, {"weekday": 7}, "weekday"),
    "reception_schedule_day_of_month": (
        ReceptionSchedule,
        {"day_of_month": 32},
        "day_of_month",
    ),
    "reception_persons_sane": (Reception, {"persons": 0}, "persons"),
    "letter_not_duplicate_of_itself": (Letter, {"id": 7, "duplicate_of_id": 7}, "duplicate_of"),
    "letter_signers_sane": (Letter, {"signers": 0}, "signers"),
    "letter_transfer_after_received": (
        Letter,
        {"received_on": D1, "transfer_date": D2},
        "transfer_date",
    ),
    "letter_answer_after_received": (
        Letter,
        {"received_on": D1, "answered_on": D2},
        "answered_on",
    ),
}


def test_the_sweep_covers_every_check_constraint():
    """A new CheckConstraint in these apps must join VIOLATIONS, so it is proven a 400."""
    swept = [
        model
        for label in ("councils", "council_sessions", "resolutions", "oversight", "voters")
        for model in apps.get_app_config(label).get_models()
    ]
    found = {
        c.name
        for model in swept
        for c in model._meta.constraints
        if isinstance(c, models.CheckConstraint)
    }
    assert found == set(VIOLATIONS)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(VIOLATIONS))
def test_a_violated_check_constraint_is_a_field_error(name):
    model, values, field = VIOLATIONS[name]
    row = model(**values)
    with pytest.raises(ValidationError) as exc:
        check_constraints(row)
    assert [e.code for e in exc.value.error_dict[field]] == [name]


# --- lost updates ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_agenda_edit_from_a_stale_copy_keeps_the_withdrawal(tree):
    """Withdrawn meanwhile (another instance): saving the old copy must not bring it back."""
    actor = system_actor()
    session = SessionFactory(council=tree.council("district"))
    stale = AgendaItemFactory(session=session)
    session_services.record_withdraw(
        actor=actor, record=AgendaItem.objects.get(pk=stale.pk), reason="Trùng nội dung"
    )
    session_services.agenda_item_update(actor=actor, item=stale, title="Tên mới")
    stored = AgendaItem.objects.get(pk=stale.pk)
    assert (stored.title, stored.withdrawn_at is not None) == ("Tên mới", True)


@pytest.mark.django_db
def test_a_session_edit_from_a_stale_copy_keeps_the_status_move(tree):
    actor = system_actor()
    stale = session_services.session_update(
        actor=actor,
        session=SessionFactory(council=tree.council("district")),
        convening_number="15/QĐ-HĐND",
        convening_date=date(2023, 6, 20),
    )
    session_services.session_transition(
        actor=actor, session=Session.objects.get(pk=stale.pk), to_status=Session.Status.CONVENED
    )
    session_services.session_update(actor=actor, session=stale, place="Hội trường mới")
    stored = Session.objects.get(pk=stale.pk)
    assert (stored.place, stored.status) == ("Hội trường mới", Session.Status.CONVENED)


@pytest.mark.django_db
def test_a_resolution_correction_from_a_stale_copy_keeps_the_status_move(tree):
    actor = system_actor()
    stale = ResolutionFactory(council=tree.council("district"))
    resolution_services.resolution_transition(
        actor=actor,
        resolution=Resolution.objects.get(pk=stale.pk),
        to_status=Resolution.Status.EXPIRED,
        on=date(2024, 1, 1),
    )
    resolution_services.resolution_update(
        actor=actor, resolution=stale, reason="Sai chính tả", signer="Nguyễn Văn B"
    )
    stored = Resolution.objects.get(pk=stale.pk)
    assert (stored.signer, stored.status, stored.effective_to) == (
        "Nguyễn Văn B",
        Resolution.Status.EXPIRED,
        date(2024, 1, 1),
    )


@pytest.mark.django_db
def test_a_unit_edit_from_a_stale_copy_keeps_the_tree(tree):
    """A commune added meanwhile raises the district's child count; the edit must not undo it."""
    stale = AdministrativeUnit.objects.get(pk=tree.district.pk)
    UnitFactory(parent=tree.district, kind=UnitKind.COMMUNE, name="Xã mới")
    children = AdministrativeUnit.objects.get(pk=stale.pk).numchild
    council_services.unit_update(
        actor=tree.users["admin"],
        unit=stale,
        name="Tên mới",
        kind=stale.kind,
        code=stale.code,
        valid_from=stale.valid_from,
    )
    stored = AdministrativeUnit.objects.get(pk=stale.pk)
    assert (stored.name, stored.numchild) == ("Tên mới", children)


@pytest.mark.django_db
def test_a_council_period_out_of_order_is_a_field_error(tree):
    council = tree.council("district")
    with pytest.raises(ValidationError) as exc:
        council_services.council_update(
            actor=tree.users["admin"],
            council=council,
            name=council.name,
            valid_from=council.valid_from,
            valid_to=date(1999, 1, 1),
        )
    assert "valid_to" in exc.value.message_dict


# --- expiry before the effective date: 400, not IntegrityError --------------------------------


@pytest.mark.django_db
def test_expiry_before_the_effective_date_is_refused_by_the_service(tree):
    resolution = ResolutionFactory(council=tree.council("district"))
    with pytest.raises(ValidationError) as exc:
        resolution_services.resolution_transition(
            actor=system_actor(), resolution=resolution, to_status="expired", on=D2
        )
    assert set(exc.value.message_dict) == {"on"}
    stored = Resolution.objects.get(pk=resolution.pk)
    assert (stored.status, stored.effective_to) == (Resolution.Status.IN_FORCE, None)


@pytest.mark.django_db
def test_expiry_before_the_effective_date_is_a_field_error_on_the_page(client, tree):
    resolution = ResolutionFactory(council=tree.council("district"))
    client.force_login(tree.users["province_clerk"])
    response = client.post(
        reverse("resolutions:resolution_transition", args=[resolution.pk]),
        {"to_status": "expired", "on": "01/07/2023"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"on"}


@pytest.mark.django_db
def test_expiry_before_the_effective_date_is_a_400_in_the_api(client, tree):
    resolution = ResolutionFactory(council=tree.council("district"))
    client.force_login(tree.users["province_clerk"])
    response = client.post(
        reverse("resolution-transition", args=[resolution.pk]),
        {"to_status": "expired", "on": "2023-07-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"on"}
