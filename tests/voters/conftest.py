"""Voters' records made through the services, on the `tree` and `people` fixtures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from councils import services as council_services
from councils.models import Role
from tests.factories import UserFactory, system_actor
from voters import services


def meeting(council, *, held_on=date(2024, 1, 10), delegate=None, actor=None, **values):
    return services.meeting_create(
        actor=actor or system_actor(),
        council=council,
        kind=values.pop("kind", "thematic"),
        held_on=held_on,
        place=values.pop("place", "Nhà văn hóa thôn 1"),
        delegate=delegate,
        **values,
    )


def item(council, content="Đề nghị sửa chữa đường giao thông liên thôn", **values):
    """One petition (opinion) with one item, outside a meeting; returns the item."""
    petition = services.petition_create(
        actor=system_actor(),
        council=council,
        text=content,
        raised_on=values.pop("raised_on", date(2024, 1, 10)),
        voter_name=values.pop("voter_name", "Nguyễn Văn An"),
        voter_address=values.pop("voter_address", "Thôn 2, xã Quế Thọ"),
    )
    return petition.items.get()


def classified(council, content="Đề nghị sửa chữa đường giao thông liên thôn", **values):
    found = item(council, content, **values)
    return services.petition_item_classify(
        actor=system_actor(), item=found, competence="province", field="investment"
    )


def assessed(
    council,
    content="Đề nghị nâng cấp trạm y tế xã",
    *,
    raised_on=date(2024, 1, 10),
    answered_on=None,
    assessment="resolved",
    assessed_on=None,
):
    """An item taken through the services to its assessment: classified, transferred the day
    after it was raised, answered and assessed (`assessment=""`: answered, not assessed;
    `answered_on=False`: transferred only)."""
    actor = system_actor()
    found = classified(council, content, raised_on=raised_on)
    found = services.petition_item_transfer(
        actor=actor,
        item=found,
        transfer_date=raised_on + timedelta(days=1),
        transfer_number=f"{found.pk}/HĐND",
        agency_text="UBND huyện",
    )
    if answered_on is False:
        return found
    answered_on = answered_on or raised_on + timedelta(days=20)
    found = services.petition_item_answer(
        actor=actor, item=found, answered_on=answered_on, answer="Đã trả lời cử tri"
    )
    if not assessment:
        return found
    return services.petition_item_assess(
        actor=actor, item=found, assessment=assessment, assessed_on=assessed_on or answered_on
    )


def letter(council, *, received_on=date(2024, 2, 6), category=None, **values):
    made = services.letter_create(
        actor=system_actor(),
        council=council,
        received_on=received_on,
        channel=values.pop("channel", "post"),
        content=values.pop("content", "Khiếu nại việc thu hồi đất"),
        sender_name=values.pop("sender_name", "Trần Thị Bình"),
        sender_address=values.pop("sender_address", "Thôn 3, xã Quế Thọ"),
        sender_id_number=values.pop("sender_id_number", "049123456789"),
        **values,
    )
    if category:
        made = services.letter_classify(actor=system_actor(), letter=made, category=category)
    return made


def reception(council, *, delegate=None, **values):
    return services.reception_create(
        actor=values.pop("actor", system_actor()),
        council=council,
        received_on=values.pop("received_on", date(2024, 3, 1)),
        person_name=values.pop("person_name", "Lê Văn Cường"),
        address="Thôn 4",
        id_number="049000111222",
        content=values.pop("content", "Tranh chấp ranh giới đất"),
        category="complaint",
        handling="guided",
        delegate=delegate,
        receiver_name="" if delegate else "Phó Chủ tịch HĐND",
        **values,
    )


@pytest.fixture
def delegate_user(tree, people):
    """The commune delegate's account, linked to the commune's seated delegate."""
    user = tree.users["commune_delegate"]
    council_services.delegate_user_link(
        actor=system_actor(), delegate=people["commune"].delegate, user=user
    )
    return user


@pytest.fixture
def privacy_user(tree):
    """An officer of the district allowed to read citizens' personal data there."""
    user = UserFactory(username="district_privacy")
    council_services.role_assign(
        actor=system_actor(),
        user=user,
        role=Role.PERSONAL_DATA,
        council=tree.council("district"),
        valid_from=date(2021, 1, 1),
    )
    return user
