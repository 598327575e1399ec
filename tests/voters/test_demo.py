"""The voters demo reproduces the seed articles' figures (Hiệp Đức, 8 months of 2023: 12 citizens
received, 05 letters, 71 petition items forwarded; Bắc Kạn 2023: 109/139 resolved, 14 not
resolvable, 16 in progress), holds items and letters in every state, and loading it again
changes nothing."""

from __future__ import annotations

from datetime import date

from django.db.models import Sum
from django.utils import timezone

from core.models import User
from councils.models import Council
from followups.models import Obligation, overdue_q
from voters import demo, selectors
from voters.models import (
    ContactMeeting,
    Letter,
    LetterTransition,
    Petition,
    PetitionItem,
    PetitionItemTransition,
    PetitionMerge,
    Reception,
    ReceptionSchedule,
)

OLD = date(1997, 1, 1)
COUNTED = [
    ContactMeeting,
    Petition,
    PetitionItem,
    PetitionMerge,
    PetitionItemTransition,
    Reception,
    ReceptionSchedule,
    Letter,
    Obligation,
]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in COUNTED}


def check_story(first: dict[str, int]) -> None:
    """Run by tests/test_demo.py on its one load of the demo."""
    assert first["PetitionItem"] > 200
    check_hiep_duc()
    check_hiep_duc_letters()
    check_bac_kan()
    check_every_state()


def _council(code: str) -> Council:
    return Council.objects.get(unit__code=code, unit__valid_from=OLD)


def check_hiep_duc() -> None:
    """12 citizens received (groups are one reception with N persons), 05 letters, 71 items
    forwarded to the district people's committee; one item of 2022 carried as the backlog."""
    council = _council("514")
    period = {"received_on__gte": date(2023, 1, 1), "received_on__lte": date(2023, 8, 31)}
    receptions = Reception.objects.filter(council=council, **period)
    assert receptions.aggregate(n=Sum("persons"))["n"] == 12
    assert receptions.filter(persons__gt=1).count() >= 2
    assert Letter.objects.filter(council=council, **period).count() == 5

    clerk = User.objects.get(username="hiepduc.vanphong")
    rows = selectors.petition_statistics(
        user=clerk,
        date_from=date(2023, 1, 1),
        date_to=date(2023, 8, 31),
        by="agency",
        today=timezone.localdate(),
        council=council,
        since=date(2021, 5, 23),
    )
    by_agency = {r.label: r for r in rows}
    ubnd = by_agency["Ủy ban nhân dân huyện Hiệp Đức"]
    assert ubnd.transferred == 71
    assert ubnd.overdue == 11  # never answered
    assert ubnd.answered_share == "60/71 (84,51%)"
    total = selectors.stat_total(rows, "Tổng cộng")
    assert total.backlog == 1  # the 2022 footbridge, still in progress

    repeat = PetitionItem.objects.get(council=council, repeated_from__isnull=False)
    assert repeat.repeated_from.raised_on.year == 2022
    assert PetitionMerge.objects.filter(item__council=council, undone_at=None).count() == 5


def check_hiep_duc_letters() -> None:
    letters = Letter.objects.filter(council=_council("514"))
    statuses = set(letters.values_list("status", flat=True))
    assert statuses == {"closed", "answered", "guided", "filed", "forwarded"}
    duplicate = letters.get(duplicate_of__isnull=False)
    assert duplicate.status == "filed"
    assert duplicate.duplicate_of.transfer_number == "15/PC-HĐND"
    overdue = letters.filter(overdue_q(timezone.localdate(), "obligation__"))
    assert list(overdue.values_list("category", flat=True)) == ["denunciation"]
    # The history carries the story's days, not the load time.
    forwarded = LetterTransition.objects.filter(letter__in=letters, to_status="forwarded")
    assert forwarded.exists()
    for move in forwarded.select_related("letter"):
        assert timezone.localtime(move.at).date() == move.letter.transfer_date


def check_bac_kan() -> None:
    """109/139 (78,42%) resolved, 14 not resolvable for objective reasons, 16 in progress."""
    clerk = User.objects.get(username="backan.vanphong")
    (row,) = selectors.petition_statistics(
        user=clerk,
        date_from=date(2023, 1, 1),
        date_to=date(2023, 12, 31),
        by="competence",
        today=timezone.localdate(),
        council=_council("06"),
    )
    assert row.key == "province"
    assert (row.total, row.resolved, row.not_resolvable, row.in_progress) == (139, 109, 14, 16)
    assert row.resolved_share == "109/139 (78,42%)"


def check_every_state() -> None:
    """Items and assessments in every state, some overdue; fictional but realistic citizens."""
    statuses = set(PetitionItem.objects.values_list("status", flat=True))
    assert statuses == set(PetitionItem.Status.values)
    assessments = set(PetitionItem.objects.values_list("assessment", flat=True))
    assert assessments == {"", *PetitionItem.Assessment.values}
    wards = [code for code, _place in demo.HT_WARDS]
    huong_thuy = PetitionItem.objects.filter(council__unit__code__in=wards)
    assert huong_thuy.filter(raised_on__year=2019).count() == 24
    assert huong_thuy.filter(overdue_q(timezone.localdate(), "obligation__")).exists()
    voter = Petition.objects.exclude(voter_name="").first()
    assert len(voter.voter_name.split()) >= 3
    assert all(
        len(r.id_number) == 12 and r.id_number.startswith("049")
        for r in Reception.objects.filter(council=_council("514"))
    )
