"""Resolution numbers, workflow, links and implementation tracking through the services."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from councils.models import CouncilSetting
from resolutions import selectors, services
from resolutions.models import (
    ImplementationReport,
    ImplementationTask,
    NumberSequence,
    Resolution,
    ResolutionLink,
    ResolutionTransition,
)
from tests.factories import (
    AgencyFactory,
    AgendaItemFactory,
    ResolutionFactory,
    SessionFactory,
    session_open,
    system_actor,
    vote,
)


@pytest.fixture
def district(tree):
    return tree.council("district")


@pytest.mark.parametrize(
    ("sequence", "year", "kind", "number"),
    [
        (12, 2023, Resolution.Kind.NORMATIVE, "12/2023/NQ-HĐND"),
        (5, 2023, Resolution.Kind.NORMATIVE, "05/2023/NQ-HĐND"),
        (45, 2023, Resolution.Kind.INDIVIDUAL, "45/NQ-HĐND"),
        (7, 2024, Resolution.Kind.INDIVIDUAL, "07/NQ-HĐND"),
        (123, 2024, Resolution.Kind.INDIVIDUAL, "123/NQ-HĐND"),
    ],
)
def test_numbers_take_the_official_form_with_a_leading_zero(sequence, year, kind, number):
    assert services.format_number(sequence=sequence, year=year, kind=kind) == number


def test_numbers_restart_each_year_per_council_and_per_kind(tree, district):
    made = [
        ResolutionFactory(
            council=district, issued_on=date(2023, 3, 1), adopted_on=date(2023, 3, 1)
        ),
        ResolutionFactory(
            council=district, issued_on=date(2023, 7, 1), adopted_on=date(2023, 7, 1)
        ),
        ResolutionFactory(
            council=district,
            kind=Resolution.Kind.NORMATIVE,
            issued_on=date(2023, 7, 1),
            adopted_on=date(2023, 7, 1),
        ),
        ResolutionFactory(
            council=district, issued_on=date(2024, 1, 5), adopted_on=date(2024, 1, 5)
        ),
        ResolutionFactory(
            council=tree.council("province"),
            issued_on=date(2023, 7, 1),
            adopted_on=date(2023, 7, 1),
        ),
    ]
    assert [r.number for r in made] == [
        "01/NQ-HĐND",
        "02/NQ-HĐND",
        "01/2023/NQ-HĐND",
        "01/NQ-HĐND",
        "01/NQ-HĐND",
    ]


def test_a_shared_sequence_is_a_council_setting(district):
    CouncilSetting.objects.create(
        council=district,
        key="resolution_numbering",
        value="shared",
        legal_basis="Quy chế của HĐND",
        valid_from=date(2023, 1, 1),
    )
    first = ResolutionFactory(council=district, kind=Resolution.Kind.NORMATIVE)
    second = ResolutionFactory(council=district, kind=Resolution.Kind.INDIVIDUAL)
    assert (first.number, second.number) == ("01/2023/NQ-HĐND", "02/NQ-HĐND")


def test_a_rolled_back_issue_does_not_leave_a_gap(district):
    ResolutionFactory(council=district)
    draft = services.resolution_create(
        actor=system_actor(),
        council=district,
        kind=Resolution.Kind.INDIVIDUAL,
        title="Nghị quyết bị hủy",
        field="budget",
        adopted_on=date(2023, 7, 12),
    )

    def issue_then_fail() -> None:
        with transaction.atomic():
            services.resolution_issue(
                actor=system_actor(), resolution=draft, issued_on=date(2023, 7, 14)
            )
            raise RuntimeError("the clerk's transaction failed after the number was taken")

    with pytest.raises(RuntimeError):
        issue_then_fail()
    assert ResolutionFactory(council=district).number == "02/NQ-HĐND"
    assert NumberSequence.objects.get(council=district, year=2023).last == 2


def test_only_an_adopted_resolution_is_issued(district):
    draft = services.resolution_create(
        actor=system_actor(),
        council=district,
        kind=Resolution.Kind.INDIVIDUAL,
        title="Dự thảo",
        field="budget",
    )
    with pytest.raises(ValidationError) as exc:
        services.resolution_issue(
            actor=system_actor(), resolution=draft, issued_on=date(2023, 7, 1)
        )
    assert exc.value.code == "not_adopted"
    assert not NumberSequence.objects.exists()


def test_the_effective_date_is_taken_as_typed_but_not_before_signing(district):
    with pytest.raises(ValidationError) as exc:
        ResolutionFactory(
            council=district, issued_on=date(2023, 7, 14), effective_on=date(2023, 7, 1)
        )
    assert "effective_on" in exc.value.message_dict
    later = ResolutionFactory(
        council=district, issued_on=date(2023, 7, 14), effective_on=date(2023, 8, 1)
    )
    assert later.effective_on == date(2023, 8, 1)


def test_a_resolution_cannot_rest_on_a_failed_vote(district, term):
    session = SessionFactory(council=district, term=term)
    item = AgendaItemFactory(session=session)
    session_open(session)
    failed = vote(item, votes_for=20, total=45, present=40)
    with pytest.raises(ValidationError) as exc:
        ResolutionFactory(council=district, session=session, item=item, vote=failed)
    assert "vote" in exc.value.message_dict
    assert not Resolution.objects.exists()


def test_workflow_moves_are_audited_and_end_states_come_from_links(district):
    draft = services.resolution_create(
        actor=system_actor(),
        council=district,
        kind=Resolution.Kind.NORMATIVE,
        title="Quy định mức chi",
        field="budget",
    )
    draft = services.resolution_transition(
        actor=system_actor(), resolution=draft, to_status=Resolution.Status.UNDER_REVIEW
    )
    draft = services.resolution_transition(
        actor=system_actor(),
        resolution=draft,
        to_status=Resolution.Status.ADOPTED,
        on=date(2023, 7, 12),
    )
    for bad in (Resolution.Status.SIGNED, Resolution.Status.REPLACED, Resolution.Status.EXPIRED):
        with pytest.raises(ValidationError):
            services.resolution_transition(actor=system_actor(), resolution=draft, to_status=bad)
    issued = services.resolution_issue(
        actor=system_actor(),
        resolution=draft,
        issued_on=date(2023, 7, 14),
        effective_on=date(2023, 7, 24),
    )
    assert issued.status == Resolution.Status.IN_FORCE
    newer = ResolutionFactory(
        council=district,
        kind=Resolution.Kind.NORMATIVE,
        adopted_on=date(2024, 7, 10),
        issued_on=date(2024, 7, 12),
        effective_on=date(2024, 7, 22),
    )
    services.resolution_link(
        actor=system_actor(),
        source=newer,
        target=issued,
        kind=ResolutionLink.Kind.REPLACES,
        effective_on=date(2024, 7, 22),
    )
    issued.refresh_from_db()
    assert issued.status == Resolution.Status.REPLACED
    assert issued.effective_to == date(2024, 7, 22)
    moves = list(
        ResolutionTransition.objects.filter(resolution=issued).values_list("to_status", flat=True)
    )
    assert moves == ["under_review", "adopted", "signed", "in_force", "replaced"]
    with pytest.raises(ValidationError) as exc:
        services.resolution_link(
            actor=system_actor(),
            source=newer,
            target=issued,
            kind=ResolutionLink.Kind.AMENDS,
            effective_on=date(2024, 8, 1),
        )
    assert "target" in exc.value.message_dict


@pytest.mark.parametrize("who", ["province_standing", "commune_office", "sibling_clerk"])
def test_only_editors_of_the_issuing_council_may_register(tree, district, who):
    with pytest.raises(PermissionDenied):
        services.resolution_register(
            actor=tree.users[who],
            council=district,
            kind=Resolution.Kind.INDIVIDUAL,
            title="Không có quyền",
            field="budget",
            adopted_on=date(2023, 7, 12),
            issued_on=date(2023, 7, 12),
        )
    assert not Resolution.objects.exists()


def test_implementation_tasks_report_periodically_and_overdue_is_derived(district):
    resolution = ResolutionFactory(council=district, issued_on=date(2023, 7, 14))
    agency = AgencyFactory(council=district, name="UBND huyện Hiệp Đức")
    task = services.task_create(
        actor=system_actor(),
        resolution=resolution,
        agency=agency,
        description="Triển khai kế hoạch đầu tư công",
        due_on=date(2024, 12, 31),
        report_every_months=6,
    )
    assert task.next_report_due == date(2024, 1, 14)
    user = system_actor()
    assert [t.overdue for t in selectors.task_list(user=user, today=date(2024, 1, 10))] == [False]
    assert [t.overdue for t in selectors.task_list(user=user, today=date(2024, 2, 1))] == [True]
    services.task_report(
        actor=user,
        task=task,
        kind=ImplementationReport.Kind.REPORT,
        reported_on=date(2024, 1, 30),
        content="Đã giải ngân 60%",
        progress=60,
    )
    task.refresh_from_db()
    assert task.next_report_due == date(2024, 7, 30)
    assert not selectors.task_list(user=user, today=date(2024, 2, 1), overdue_only=True).exists()
    registered = selectors.with_overdue_flag(Resolution.objects.all(), date(2025, 2, 1))
    assert registered.get().has_overdue is True
    services.task_close(
        actor=user, task=task, status=ImplementationTask.Status.DONE, completed_on=date(2024, 12, 1)
    )
    assert not selectors.task_list(user=user, today=date(2025, 2, 1), overdue_only=True).exists()


def test_a_task_goes_to_an_agency_of_the_issuing_council(tree, district):
    resolution = ResolutionFactory(council=district)
    foreign = AgencyFactory(council=tree.council("commune"), name="UBND xã")
    with pytest.raises(ValidationError) as exc:
        services.task_create(
            actor=system_actor(), resolution=resolution, agency=foreign, description="X"
        )
    assert "agency" in exc.value.message_dict


def test_register_search_ignores_diacritics_and_d(district):
    ResolutionFactory(council=district, title="Về biên chế công chức năm 2024")
    ResolutionFactory(council=district, title="Về dự toán ngân sách địa phương")
    user = system_actor()
    assert [r.title for r in selectors.resolution_list(user=user, filters={"q": "bien che"})] == [
        "Về biên chế công chức năm 2024"
    ]
    assert selectors.resolution_list(user=user, filters={"q": "dia phuong"}).count() == 1
    assert selectors.resolution_list(user=user, filters={"q": "01/NQ"}).count() == 1


def test_register_subtree_filter_covers_lower_councils(tree):
    ResolutionFactory(council=tree.council("province"))
    ResolutionFactory(council=tree.council("commune"))
    ResolutionFactory(council=tree.council("sibling"))
    user = system_actor()
    district = tree.council("district")
    rows = selectors.resolution_list(user=user, filters={"council": str(district.pk)})
    assert [r.council_id for r in rows] == [tree.council("commune").pk]
    seen = selectors.resolution_list(user=tree.users["province_clerk"])
    assert tree.council("sibling").pk not in {r.council_id for r in seen}
