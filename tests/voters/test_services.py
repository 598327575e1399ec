"""Voters' services: merges kept and undone, repeated issues, statutory deadlines across Tết,
every error at once, and who may write."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from councils import services as council_services
from followups.models import Obligation
from tests.factories import system_actor
from tests.voters.conftest import classified, item, letter, meeting
from voters import services
from voters.models import Letter, PetitionItem, PetitionMerge


@pytest.fixture
def actor(db):
    return system_actor()


# --- merge and unmerge -------------------------------------------------------------------------


def test_merge_keeps_every_item_and_unmerge_restores_it(tree, actor):
    """The same issue raised at three meetings becomes one compiled item; nothing is deleted
    and undoing one merge leaves the other in place, with the record of who undid it."""
    council = tree.council("district")
    lead, second, third = (item(council, f"Sửa đường liên thôn số {n}") for n in range(3))
    services.petition_items_merge(actor=actor, into=lead, items=[second, third])
    assert set(lead.merged_items.values_list("pk", flat=True)) == {second.pk, third.pk}
    assert PetitionMerge.objects.filter(into=lead, undone_at=None).count() == 2

    services.petition_item_unmerge(actor=actor, item=second)
    second.refresh_from_db()
    assert second.merged_into_id is None
    assert list(lead.merged_items.values_list("pk", flat=True)) == [third.pk]
    undone = PetitionMerge.objects.get(item=second)
    assert undone.undone_at is not None
    assert undone.undone_by == actor
    assert PetitionItem.objects.count() == 3


def test_merge_refuses_every_bad_item_at_once(tree, actor):
    council = tree.council("district")
    lead = item(council)
    transferred = classified(council, "Đã chuyển")
    services.petition_item_transfer(
        actor=actor,
        item=transferred,
        transfer_date=date(2024, 2, 1),
        transfer_number="12/HĐND-VP",
        agency_text="UBND huyện",
    )
    other = item(tree.council("sibling"), "Tỉnh khác")
    with pytest.raises(ValidationError) as exc:
        services.petition_items_merge(actor=actor, into=lead, items=[lead, transferred, other])
    codes = sorted(e.code for e in exc.value.error_dict["items"])
    assert codes == ["other_council", "self", "transferred"]
    assert not PetitionMerge.objects.exists()


def test_a_merged_item_is_transferred_through_its_compiled_item(tree, actor):
    council = tree.council("district")
    lead, merged = classified(council, "Một"), classified(council, "Hai")
    services.petition_items_merge(actor=actor, into=lead, items=[merged])
    with pytest.raises(ValidationError) as exc:
        services.petition_item_transfer(
            actor=actor,
            item=merged,
            transfer_date=date(2024, 2, 1),
            transfer_number="1/HĐND",
            agency_text="UBND",
        )
    assert [e.code for e in exc.value.error_dict["__all__"]] == ["merged"]


# --- repeated issues -----------------------------------------------------------------------------


def test_an_issue_raised_again_links_to_the_earlier_one(tree, actor):
    council = tree.council("district")
    earlier = item(council, "Cấp nước sạch", raised_on=date(2023, 6, 1))
    again = item(council, "Cấp nước sạch (lần 2)", raised_on=date(2024, 1, 10))
    services.petition_item_link_repeated(actor=actor, item=again, earlier=earlier)
    assert list(earlier.repeats.all()) == [again]

    with pytest.raises(ValidationError) as exc:
        services.petition_item_link_repeated(actor=actor, item=earlier, earlier=again)
    assert exc.value.error_dict["earlier"][0].code == "not_earlier"


def test_a_repeat_links_only_within_the_council_lineage(tree, actor):
    earlier = item(tree.council("sibling"), "Khác tỉnh", raised_on=date(2023, 6, 1))
    again = item(tree.council("district"), "Khác tỉnh", raised_on=date(2024, 1, 10))
    with pytest.raises(ValidationError) as exc:
        services.petition_item_link_repeated(actor=actor, item=again, earlier=earlier)
    assert exc.value.error_dict["earlier"][0].code == "other_council"
    again.refresh_from_db()
    assert again.repeated_from_id is None


# --- deadlines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "due"),
    [
        # 7 working days: Tết 2024 is off from Thursday 8/2 to Wednesday 14/2.
        ("denunciation", date(2024, 2, 23)),
        ("complaint", date(2024, 2, 28)),  # 10 working days
        ("petition", date(2024, 2, 28)),
        ("mixed", date(2024, 2, 23)),  # the shorter term of the two
    ],
)
def test_a_letter_forwarded_before_tet_is_due_in_working_days(tree, actor, category, due):
    council = tree.council("district")
    found = letter(council, received_on=date(2024, 2, 6), category=category)
    found = services.letter_forward(
        actor=actor,
        letter=found,
        transfer_date=date(2024, 2, 7),
        transfer_number="05/PC-HĐND",
        agency_text="Thanh tra huyện",
    )
    obligation = found.obligation
    assert obligation.kind == Obligation.Kind.LETTER
    assert obligation.due_on == due
    assert obligation.term_unit == "working_days"
    assert obligation.source == found
    assert found.status == Letter.Status.FORWARDED


def test_a_councils_own_dated_rule_changes_the_term(tree, actor):
    council = tree.council("district")
    council_services.council_setting_save(
        actor=actor,
        council=council,
        key="letter_term_denunciation",
        value="15 calendar_days",
        legal_basis="Quy chế của HĐND huyện",
        valid_from=date(2024, 1, 1),
    )
    found = letter(council, category="denunciation")
    found = services.letter_forward(
        actor=actor,
        letter=found,
        transfer_date=date(2024, 2, 7),
        transfer_number="06/PC-HĐND",
        agency_text="Thanh tra huyện",
    )
    # 22/2/2024 is a Thursday, a working day.
    assert found.obligation.due_on == date(2024, 2, 22)


def test_a_complex_case_is_extended_on_the_engine(tree, actor):
    found = letter(tree.council("district"), category="complaint")
    found = services.letter_forward(
        actor=actor,
        letter=found,
        transfer_date=date(2024, 2, 7),
        transfer_number="07/PC-HĐND",
        agency_text="UBND huyện",
    )
    services.letter_extend(
        actor=actor,
        letter=found,
        new_due_on=date(2024, 3, 22),
        reason="Vụ việc phức tạp",
        document_number="15/QĐ-UBND",
        document_date=date(2024, 2, 20),
    )
    found.obligation.refresh_from_db()
    assert found.obligation.due_on == date(2024, 3, 22)
    assert found.obligation.extensions.count() == 1


def test_transfer_opens_the_answer_and_a_late_answer_is_done_late(tree, actor):
    council = tree.council("district")
    found = classified(council)
    found = services.petition_item_transfer(
        actor=actor,
        item=found,
        transfer_date=date(2024, 2, 7),
        transfer_number="20/HĐND-VP",
        agency=None,
        agency_text="UBND huyện Hiệp Đức",
    )
    assert found.obligation.kind == Obligation.Kind.PETITION_ITEM
    assert found.obligation.due_on == date(2024, 3, 8)  # 30 calendar days
    found = services.petition_item_answer(
        actor=actor, item=found, answered_on=date(2024, 3, 20), answer="Đã bố trí vốn năm 2024."
    )
    found.obligation.refresh_from_db()
    assert found.status == PetitionItem.Status.ANSWERED
    assert found.obligation.state_on(date(2024, 4, 1), 7) == Obligation.State.DONE_LATE
    found = services.petition_item_assess(
        actor=actor, item=found, assessment="in_progress", assessed_on=date(2024, 4, 1)
    )
    assert found.transitions.count() == 4  # classified, transferred, answered, assessed


# --- every error at once; who may write --------------------------------------------------------


def test_a_letter_with_many_mistakes_gets_them_all_and_writes_nothing(tree, actor):
    with pytest.raises(ValidationError) as exc:
        services.letter_create(
            actor=actor,
            council=tree.council("district"),
            received_on=date(2099, 1, 1),
            channel="pigeon",
            content=" ",
            sender_id_number="12AB",
        )
    assert set(exc.value.message_dict) == {
        "received_on",
        "channel",
        "content",
        "sender_name",
        "sender_id_number",
    }
    assert not Letter.objects.exists()


def test_forwarding_an_unclassified_letter_is_refused_with_the_other_errors(tree, actor):
    found = letter(tree.council("district"))
    with pytest.raises(ValidationError) as exc:
        services.letter_forward(
            actor=actor, letter=found, transfer_date=None, transfer_number="", agency_text="X"
        )
    assert set(exc.value.message_dict) == {"__all__", "transfer_date", "transfer_number"}
    assert not Obligation.objects.exists()


def test_a_delegate_records_only_their_own_meetings(tree, people, delegate_user):
    council = tree.council("commune")
    own = meeting(council, delegate=people["commune"].delegate, actor=delegate_user)
    assert own.delegate == people["commune"].delegate
    with pytest.raises(PermissionDenied):
        meeting(council, delegate=people["commune"].spare, actor=delegate_user)
    with pytest.raises(PermissionDenied):
        meeting(council, actor=tree.users["province_standing"])


def test_only_editors_handle_letters(tree):
    found = letter(tree.council("district"))
    for who in ("province_standing", "commune_office", "commune_delegate", "sibling_clerk"):
        with pytest.raises(PermissionDenied):
            services.letter_classify(actor=tree.users[who], letter=found, category="complaint")
    services.letter_classify(
        actor=tree.users["district_office"], letter=found, category="complaint"
    )
