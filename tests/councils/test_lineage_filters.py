"""A council filter means its lineage: the council, those below it and what they absorbed, in
the register, the session and commitment lists, the delegates and the API alike."""

from datetime import date

import pytest
from django.urls import reverse

from councils import scoping, services
from councils.models import Delegate, Role, UnitKind, UnitSuccession
from councils.selectors import delegate_list
from oversight import selectors as oversight_selectors
from oversight import services as oversight_services
from resolutions.selectors import resolution_list
from sessions import selectors
from sessions import services as session_services
from tests.factories import (
    ResolutionFactory,
    SessionFactory,
    UnitFactory,
    UserFactory,
    council_of,
    session_open,
    system_actor,
)


@pytest.fixture
def danang(tree, people, term):
    """Quảng Nam merged into Đà Nẵng; its commune Quế Thọ keeps a resolution, a session with a
    commitment and a delegate, and the sibling province keeps the same."""
    unit = UnitFactory(name="Đà Nẵng", kind=UnitKind.CENTRAL_CITY, code="48")
    services.units_reorganise(
        actor=system_actor(),
        predecessors=[tree.province],
        successor=unit,
        kind=UnitSuccession.Kind.MERGE,
        effective_on=date(2025, 7, 1),
    )
    clerk = UserFactory(username="danang")
    services.role_assign(
        actor=system_actor(),
        user=clerk,
        role=Role.SECRETARIAT,
        council=council_of(unit),
        valid_from=date(2025, 7, 1),
    )
    records = {}
    for node in ("commune", "sibling"):
        p = people[node]
        session = session_open(SessionFactory(council=p.council, term=term))
        question = session_services.question_create(
            actor=system_actor(),
            session=session,
            asked_by=p.delegate,
            respondent="Lê Văn Tám",
            respondent_title="Giám đốc Sở Giao thông",
            content="Khi nào sửa xong cầu?",
            agency=p.agency,
        )
        records[node] = {
            "resolution": ResolutionFactory(council=p.council),
            "session": session,
            "commitment": oversight_services.commitment_create(
                actor=system_actor(),
                question=question,
                content="Sửa xong cầu trong năm 2023",
                responsible="Sở Giao thông",
                due_on=date(2023, 12, 31),
            ),
            "delegate": p.delegate,
        }
    return council_of(unit), clerk, records


def pks(rows) -> set[int]:
    return {row.pk for row in rows}


def test_lineage_q_covers_what_the_council_absorbed(tree, people, danang):
    """Below the successor, its absorbed province and that province's communes; no sibling."""
    council, _clerk, _records = danang
    rows = Delegate.objects.filter(scoping.council_lineage_q(council))
    names = set(rows.values_list("council__unit__name", flat=True))
    assert names == {"Quảng Nam", "Hiệp Đức", "Quế Thọ", "Bình Lâm"}


def test_selectors_filter_by_the_successor_keep_the_predecessors(tree, danang):
    """The register (page and export), sessions, commitments and delegates filtered by Đà Nẵng
    still list old Quảng Nam's records, and nothing of the sibling province."""
    council, clerk, records = danang
    ours, theirs = records["commune"], records["sibling"]
    admin = tree.users["admin"]
    for user in (clerk, admin):
        got = {
            "resolution": pks(resolution_list(user=user, filters={"council": council.pk})),
            "session": pks(selectors.session_list(user=user, filters={"council": council})),
            "commitment": pks(
                oversight_selectors.commitment_list(
                    user=user, today=date(2024, 1, 1), council=council
                )
            ),
            "delegate": pks(delegate_list(user=user, council=council)),
        }
        for kind, found in got.items():
            assert ours[kind].pk in found, (user, kind)
            assert theirs[kind].pk not in found, (user, kind)


@pytest.mark.parametrize(
    ("endpoint", "kind"),
    [
        ("resolution-list", "resolution"),
        ("session-list", "session"),
        ("commitment-list", "commitment"),
        ("delegate-list", "delegate"),
    ],
)
def test_api_filter_by_the_successor_keeps_the_predecessors(client, danang, endpoint, kind):
    council, clerk, records = danang
    client.force_login(clerk)
    response = client.get(reverse(endpoint), {"council": council.pk})
    assert response.status_code == 200
    found = {row["id"] for row in response.json()["results"]}
    assert records["commune"][kind].pk in found
    assert records["sibling"][kind].pk not in found
