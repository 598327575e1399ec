from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from councils.models import Agency, Body, Council
from oversight import services_activities as services
from oversight.activities import ActivityKind, OversightActivity
from tests.councils.test_capabilities import cap_tree  # noqa: F401 (fixture)
from tests.factories import AgencyFactory, system_actor
from tests.sessions.test_views_questioning import records  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def _no_stored_counts():
    """The nation's tracker header is kept in the cache for minutes: no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@dataclass
class Oversight:
    """The `cap_tree` district with its agencies: a Ban, another Ban and a delegate group."""

    ct: object
    district: Council
    agency: Agency
    other_agency: Agency
    ban: Body
    other_ban: Body
    group: Body

    def user(self, who: str):
        return self.ct.users[who]


@pytest.fixture
def ov(cap_tree) -> Oversight:  # noqa: F811
    district = cap_tree.councils["district"]
    return Oversight(
        cap_tree,
        district,
        AgencyFactory(council=district, name="Ủy ban nhân dân huyện Hiệp Đức"),
        AgencyFactory(council=district, name="Phòng Giáo dục và Đào tạo"),
        cap_tree.ban,
        cap_tree.other_ban,
        cap_tree.group,
    )


def concluded_activity(ov: Oversight, body: Body | None = None, **kwargs) -> OversightActivity:
    """A thematic oversight of `body` taken from decision to conclusion by the office."""
    actor = system_actor()
    activity = services.activity_create(
        actor=actor,
        council=ov.district,
        kind=kwargs.pop("kind", ActivityKind.THEMATIC),
        topic=kwargs.pop("topic", "Giám sát việc thực hiện chính sách giảm nghèo"),
        year=2025,
        body=body,
        agencies=[ov.agency],
        decision_number="12/QĐ-HĐND",
        decision_date=date(2025, 3, 3),
        **kwargs,
    )
    for to in (
        OversightActivity.Status.DECIDED,
        OversightActivity.Status.IN_PROGRESS,
        OversightActivity.Status.REPORTING,
    ):
        activity = services.activity_transition(actor=actor, activity=activity, to=to)
    return services.activity_conclude(
        actor=actor,
        activity=activity,
        general_assessment="Cơ bản đạt yêu cầu.",
        advantages_difficulties="Thuận lợi: ...; khó khăn: ...",
        results="Giảm 2% hộ nghèo.",
        shortcomings_causes="Giải ngân chậm do thủ tục.",
        proposals="Đẩy nhanh giải ngân vốn.",
        concluded_on=date(2025, 4, 1),
        conclusion_reference="25/BC-HĐND",
    )
