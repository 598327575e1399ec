"""Questioning, commitments, hearings, standing meetings and confidence polls: who may open and
change what, how bad input comes back, the derived flags, and query counts on the lists."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from oversight import services as oversight_services
from oversight.models import Commitment, ExplanationHearing, StandingMeeting
from sessions import services
from sessions.models import (
    ConfidenceEntry,
    ConfidencePoll,
    Question,
    Session,
)
from tests.conftest import WHO
from tests.factories import SessionFactory, system_actor

LOGIN = reverse("login")
VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]")
NODES = ("district", "commune", "sibling_commune")
POLL_NODES = ("district", "sibling")  # commune-level councils hold no confidence polls


def login(client, tree, who: str) -> None:
    if who != "anonymous":
        client.force_login(tree.users[who])


def html(response) -> str:
    return response.content.decode()


@dataclass
class Record:
    """What the `records` fixture holds for one council."""

    session: Session
    question: Question
    question_commitment: Commitment
    meeting: StandingMeeting
    hearing: ExplanationHearing
    hearing_commitment: Commitment
    poll: ConfidencePoll | None = None
    counted_poll: ConfidencePoll | None = None


def _question(session: Session, delegate, **kwargs) -> Question:
    return services.question_create(
        actor=system_actor(),
        session=session,
        asked_by=delegate,
        respondent=kwargs.pop("respondent", "Trần Văn Bình"),
        respondent_title=kwargs.pop("respondent_title", "Giám đốc Sở Tài nguyên và Môi trường"),
        content=kwargs.pop("content", "Tiến độ cấp giấy chứng nhận quyền sử dụng đất chậm?"),
        **kwargs,
    )


def _commitment(*, due_on: date = date(2023, 12, 31), **source) -> Commitment:
    return oversight_services.commitment_create(
        actor=system_actor(),
        content=source.pop("content", "Hoàn thành cấp giấy chứng nhận trong quý IV"),
        responsible=source.pop("responsible", "Sở Tài nguyên và Môi trường"),
        due_on=due_on,
        **source,
    )


def _poll(session: Session, people, total: int = 30, kind=ConfidencePoll.Kind.POLL, **kwargs):
    return services.confidence_poll_create(
        actor=system_actor(),
        session=session,
        kind=kind,
        held_on=kwargs.pop("held_on", session.planned_end),
        people=people,
        total_delegates=total,
    )


def _count(entry: ConfidenceEntry, high: int | None, confidence: int, low: int, issued=None):
    valid = (high or 0) + confidence + low
    return services.confidence_entry_count(
        actor=system_actor(),
        entry=entry,
        ballots_issued=issued or valid,
        ballots_returned=issued or valid,
        ballots_valid=valid,
        high=high,
        confidence=confidence,
        low=low,
    )


@pytest.fixture
def records(tree, people, term) -> dict[str, Record]:
    """A session, a question with a commitment, a meeting with a hearing and its commitment per
    council; confidence polls (one open, one counted) where the level holds them."""
    found = {}
    for node in ("province", "district", "commune", "sibling", "sibling_commune"):
        p = people[node]
        session = SessionFactory(council=p.council, term=term)
        question = _question(session, p.delegate, agency=p.agency)
        meeting = oversight_services.standing_meeting_create(
            actor=system_actor(),
            council=p.council,
            held_on=date(2023, 9, 5),
            agenda="Xem xét tình hình giải quyết kiến nghị cử tri",
        )
        hearing = oversight_services.hearing_create(
            actor=system_actor(),
            council=p.council,
            body=p.committee,
            held_on=date(2023, 9, 5),
            topic="Giải trình về tiến độ giải ngân vốn đầu tư công",
            agency=p.agency,
            meeting=meeting,
        )
        record = Record(
            session=session,
            question=question,
            question_commitment=_commitment(question=question),
            meeting=meeting,
            hearing=hearing,
            hearing_commitment=_commitment(hearing=hearing),
        )
        if services.poll_applies(p.council, session.planned_end):
            record.poll = _poll(session, [("Lê Văn Cường", "Chủ tịch UBND")])
            record.counted_poll = _poll(session, [("Phạm Thị Dung", "Phó Chủ tịch UBND")])
            _count(record.counted_poll.entries.get(), high=20, confidence=8, low=2)
        found[node] = record
    return found


@pytest.fixture
def session_rows():
    """Row counts of every sessions, oversight and follow-up table, history included: to assert
    nothing was written."""

    def count() -> dict[str, int]:
        labels = ("council_sessions", "oversight", "followups")
        models = [m for label in labels for m in apps.get_app_config(label).get_models()]
        return {m._meta.label: m._default_manager.count() for m in models}

    return count


# ---------------------------------------------------------------------------------------------
# The access matrix.

Url = Callable[[dict, str], str]


def _on(name: str, attr: str, kw: str = "pk") -> Url:
    def url(r: dict, n: str) -> str:
        obj = r[n]
        for part in attr.split("."):
            obj = getattr(obj, part)
        return reverse(f"sessions:{name}", kwargs={kw: obj.pk})

    return url


# page: (need, nodes, url from (records, node))
PAGES: dict[str, tuple[str, tuple, Url]] = {
    "question_list": ("read", NODES, _on("question_list", "session", "session_pk")),
    "question_create": ("edit", NODES, _on("question_create", "session", "session_pk")),
    "question_answer": ("edit", NODES, _on("question_answer", "question")),
    "commitment_create_question": (
        "edit",
        NODES,
        _on("commitment_create", "question", "question_pk"),
    ),
    "commitment_create_hearing": ("edit", NODES, _on("commitment_create", "hearing", "hearing_pk")),
    "commitment_detail": ("read", NODES, _on("commitment_detail", "question_commitment")),
    "commitment_list": ("login", (None,), lambda r, n: reverse("sessions:commitment_list")),
    "standing_meeting_list": (
        "login",
        (None,),
        lambda r, n: reverse("sessions:standing_meeting_list"),
    ),
    "standing_meeting_create": (
        "edit",
        NODES,
        _on("standing_meeting_create", "session.council", "council_pk"),
    ),
    "standing_meeting_detail": ("read", NODES, _on("standing_meeting_detail", "meeting")),
    "hearing_list": ("login", (None,), lambda r, n: reverse("sessions:hearing_list")),
    "hearing_create": ("edit", NODES, _on("hearing_create", "session.council", "council_pk")),
    "hearing_detail": ("read", NODES, _on("hearing_detail", "hearing")),
    "poll_list": ("read", NODES, _on("poll_list", "session", "session_pk")),
    "poll_create": ("edit", NODES, _on("poll_create", "session", "session_pk")),
    "poll_detail": ("read", POLL_NODES, _on("poll_detail", "poll")),
    "poll_count": ("edit", POLL_NODES, _on("poll_count", "poll")),
}
PAGE_CASES = [
    pytest.param(page, node, id=f"{page}-{node}" if node else page)
    for page, (_need, nodes, _url) in PAGES.items()
    for node in nodes
]


@pytest.mark.parametrize(("page", "node"), PAGE_CASES)
def test_page_access_matrix(client, tree, people, records, expect, page, node):
    """Anonymous: the login page. Outside the scope: a 404 that names nothing. A reader on a
    form: 403. Otherwise the page."""
    need, _nodes, url = PAGES[page]
    observed = {}
    for who in WHO:
        client.logout()
        login(client, tree, who)
        response = client.get(url(records, node))
        observed[who] = response.status_code
        if response.status_code == 302:
            assert response.url.startswith(f"{LOGIN}?next="), who
        elif response.status_code in (403, 404):
            assert people[node].council.name not in html(response), who
            assert people[node].delegate.full_name not in html(response), who
    assert observed == {who: expect.page(who, need, node) for who in WHO}


def _entry_data(poll: ConfidencePoll, **counts) -> dict:
    entry = poll.entries.get()
    return {f"e{entry.pk}-{k}": v for k, v in counts.items()}


# page: (form data from (records, people, node), whether it was saved from (records, node))
POSTS: dict[str, tuple[Callable, Callable]] = {
    "question_create": (
        lambda r, p, n: {
            "asked_by": p[n].delegate.pk,
            "respondent": "Ngô Thị Hoa",
            "respondent_title": "Giám đốc Sở Y tế",
            "content": "Tình trạng thiếu thuốc tại trạm y tế xã",
        },
        lambda r, n: Question.objects.filter(
            session=r[n].session, respondent="Ngô Thị Hoa"
        ).exists(),
    ),
    "question_answer": (
        lambda r, p, n: {"answer": "Đã bổ sung 40 đầu thuốc.", "answered_on": "11/07/2023"},
        lambda r, n: Question.objects.filter(
            pk=r[n].question.pk, answered_on=date(2023, 7, 11)
        ).exists(),
    ),
    "commitment_create_question": (
        lambda r, p, n: {
            "content": "Cấp đủ thuốc trước 30/9",
            "responsible": "Sở Y tế",
            "due_on": "30/09/2023",
        },
        lambda r, n: Commitment.objects.filter(
            question=r[n].question, content="Cấp đủ thuốc trước 30/9"
        ).exists(),
    ),
    "commitment_create_hearing": (
        lambda r, p, n: {
            "content": "Giải ngân 95% vốn",
            "responsible": "UBND",
            "due_on": "31/12/2023",
        },
        lambda r, n: Commitment.objects.filter(
            hearing=r[n].hearing, content="Giải ngân 95% vốn"
        ).exists(),
    ),
    "standing_meeting_create": (
        lambda r, p, n: {
            "held_on": "05/10/2023",
            "number": "12",
            "agenda": "Chuẩn bị kỳ họp cuối năm",
            "conclusion_reference": "45/TB-HĐND",
        },
        lambda r, n: StandingMeeting.objects.filter(
            council=r[n].session.council, conclusion_reference="45/TB-HĐND"
        ).exists(),
    ),
    "hearing_create": (
        lambda r, p, n: {
            "body": p[n].committee.pk,
            "held_on": "06/10/2023",
            "agency": p[n].agency.pk,
            "topic": "Giải trình về ô nhiễm môi trường",
        },
        lambda r, n: ExplanationHearing.objects.filter(
            council=r[n].session.council, topic="Giải trình về ô nhiễm môi trường"
        ).exists(),
    ),
    "poll_create": (
        lambda r, p, n: {
            "kind": "poll",
            "held_on": "12/07/2023",
            "total_delegates": "30",
            "people": "Hồ Văn Giang | Chủ tịch HĐND\nĐinh Thị Hạnh | Phó Chủ tịch HĐND",
        },
        lambda r, n: ConfidenceEntry.objects.filter(
            poll__session=r[n].session, full_name="Đinh Thị Hạnh"
        ).exists(),
    ),
    "poll_count": (
        lambda r, p, n: _entry_data(
            r[n].poll,
            ballots_issued=30,
            ballots_returned=29,
            ballots_valid=29,
            high=20,
            confidence=6,
            low=3,
        ),
        lambda r, n: ConfidenceEntry.objects.filter(poll=r[n].poll, low=3).exists(),
    ),
    "poll_confirm": (
        lambda r, p, n: {},
        lambda r, n: ConfidencePoll.objects.filter(
            pk=r[n].counted_poll.pk, status=ConfidencePoll.Status.CONFIRMED
        ).exists(),
    ),
}
POST_URLS = {
    **{page: url for page, (_need, _nodes, url) in PAGES.items()},
    "poll_confirm": _on("poll_confirm", "counted_poll"),
}
POST_NODES = {
    **{page: nodes for page, (_need, nodes, _url) in PAGES.items()},
    "poll_create": POLL_NODES,
    "poll_confirm": POLL_NODES,
}
POST_CASES = [
    pytest.param(page, node, id=f"{page}-{node}") for page in POSTS for node in POST_NODES[page]
]


@pytest.mark.parametrize(("page", "node"), POST_CASES)
def test_form_post_matrix(client, tree, people, records, expect, session_rows, page, node):
    """A valid POST saves and redirects only for users with the right to act; every other user
    gets the same answer as for GET and nothing is written. Each attempt is rolled back."""
    data, saved = POSTS[page]
    observed = {}
    for who in WHO:
        client.logout()
        login(client, tree, who)
        with transaction.atomic():
            before = session_rows()
            response = client.post(POST_URLS[page](records, node), data(records, people, node))
            if response.status_code == 302 and not response.url.startswith(LOGIN):
                observed[who] = "saved" if saved(records, node) else "redirected, not saved"
            else:
                observed[who] = response.status_code
                if response.status_code == 200:
                    observed[who] = (200, response.context["form"].errors)
                assert not saved(records, node), who
                assert session_rows() == before, who
            transaction.set_rollback(True)
    expected = {who: expect.page(who, "edit", node) for who in WHO}
    assert observed == {who: "saved" if code == 200 else code for who, code in expected.items()}


def test_poll_confirm_answers_post_only(client, tree, records):
    client.force_login(tree.users["province_clerk"])
    url = reverse("sessions:poll_confirm", args=[records["district"].counted_poll.pk])
    assert client.get(url).status_code == 405


# ---------------------------------------------------------------------------------------------
# Lists show only what is in scope.


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        ("province_clerk", {"province", "district", "commune"}),
        ("district_office", {"district", "commune"}),
        ("commune_delegate", {"commune"}),
        ("sibling_clerk", {"sibling", "sibling_commune"}),
        ("no_role", set()),
    ],
)
@pytest.mark.parametrize("page", ["commitment_list", "standing_meeting_list", "hearing_list"])
def test_registers_list_only_rows_in_scope(client, tree, people, records, who, seen, page):
    """Councils outside the user's reach are neither listed nor offered in the filter."""
    login(client, tree, who)
    response = client.get(reverse(f"sessions:{page}"))
    rows = list(response.context["page"].object_list)
    councils = {p.council.pk: n for n, p in people.items()}
    assert {councils[row.council_id] for row in rows} == seen
    offered = set(response.context["form"].fields["council"].queryset)
    assert {p.council for n, p in people.items() if n in seen} <= offered
    assert not {p.council for n, p in people.items() if n not in seen and n != "commune2"} & offered


# ---------------------------------------------------------------------------------------------
# Questions and commitments.


def test_question_list_shows_answer_commitments_and_overdue_badge(client, tree, records):
    """The commitment whose deadline has passed while still open carries the red badge; one
    kept in time and one due later do not."""
    r = records["commune"]
    services.question_answer(
        actor=system_actor(),
        question=r.question,
        answer="Sở sẽ rà soát và cấp giấy trong quý IV.",
        answered_on=date(2023, 7, 11),
    )
    later = _commitment(
        question=r.question,
        content="Báo cáo kết quả bằng văn bản",
        due_on=timezone.localdate() + timedelta(days=30),
    )
    client.force_login(tree.users["commune_office"])
    response = client.get(reverse("sessions:question_list", args=[r.session.pk]))
    page = html(response)
    assert "Sở sẽ rà soát và cấp giấy trong quý IV." in page
    assert "11/07/2023" in page
    [question] = response.context["questions"]
    flags = {c.pk: c.overdue for c in question.commitments.all()}
    assert flags == {r.question_commitment.pk: True, later.pk: False}
    assert page.count("text-bg-danger") == 1
    assert reverse("sessions:session_detail", args=[r.session.pk]) in page


def test_question_form_offers_seated_delegates_and_the_councils_agencies(
    client, tree, people, records, term
):
    """The asker comes from the delegates seated on the session's first day; a delegate of the
    council without a seat, or from another council, is not offered."""
    r = records["commune"]
    client.force_login(tree.users["province_clerk"])
    response = client.get(reverse("sessions:question_create", args=[r.session.pk]))
    form = response.context["form"]
    assert list(form.fields["asked_by"].queryset) == [people["commune"].delegate]
    assert list(form.fields["agency"].queryset) == [people["commune"].agency]


def test_standing_meeting_page_shows_conclusions_and_its_hearings(client, tree, people, records):
    p = people["district"]
    meeting = oversight_services.standing_meeting_create(
        actor=system_actor(),
        council=p.council,
        held_on=date(2023, 10, 5),
        number="15",
        agenda="Xem xét báo cáo giải quyết kiến nghị cử tri",
        conclusions="Yêu cầu UBND huyện hoàn thành trước 31/12.",
        conclusion_reference="52/TB-HĐND",
    )
    oversight_services.hearing_create(
        actor=system_actor(),
        council=p.council,
        body=p.committee,
        held_on=date(2023, 10, 5),
        topic="Giải trình về sạt lở bờ sông",
        agency=p.agency,
        meeting=meeting,
    )
    client.force_login(tree.users["province_standing"])
    page = html(client.get(reverse("sessions:standing_meeting_detail", args=[meeting.pk])))
    for text in ("52/TB-HĐND", "Yêu cầu UBND huyện hoàn thành trước 31/12.", "sạt lở bờ sông"):
        assert text in page
    assert reverse("sessions:hearing_create", args=[p.council.pk]) not in page  # reader


def test_hearing_form_from_a_meeting_is_prefilled(client, tree, people, records):
    r = records["district"]
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:hearing_create", args=[people["district"].council.pk])
    form = client.get(url, {"meeting": r.meeting.pk}).context["form"]
    assert form.initial["meeting"] == r.meeting.pk
    assert form.initial["held_on"] == r.meeting.held_on
    bodies = set(form.fields["body"].queryset)
    assert people["district"].committee in bodies
    assert all(b.council_id == people["district"].council.pk for b in bodies)


# ---------------------------------------------------------------------------------------------
# Confidence polls.


def test_poll_result_flags_dismissal_at_two_thirds_low(client, tree, records):
    """30 delegates: 20 low (66,67%) → dismissal proposal, in red; 16 low → may resign or a vote
    of confidence, in amber; 2 low → nothing."""
    r = records["district"]
    poll = _poll(
        r.session,
        [
            ("Nguyễn Văn An", "Chủ tịch UBND"),
            ("Trần Thị Bé", "Phó Chủ tịch UBND"),
            ("Lý C", "Ủy viên"),
        ],
    )
    a, b, c = poll.entries.order_by("position")
    _count(a, high=4, confidence=6, low=20)
    _count(b, high=6, confidence=8, low=16)
    _count(c, high=20, confidence=8, low=2)
    client.force_login(tree.users["province_standing"])
    response = client.get(reverse("sessions:poll_detail", args=[poll.pk]))
    page = html(response)
    rows = {row["entry"].full_name: row for row in response.context["rows"]}
    assert rows["Nguyễn Văn An"]["consequence"] == ConfidenceEntry.Consequence.DISMISSAL
    assert rows["Nguyễn Văn An"]["low_pct"] == "66,67%"
    assert rows["Trần Thị Bé"]["consequence"] == ConfidenceEntry.Consequence.CONFIDENCE_VOTE
    assert rows["Lý C"]["consequence"] == ConfidenceEntry.Consequence.NONE
    for share in ("66,67%", "53,33%", "13,33%"):
        assert share in page
    dismissal = re.search(r'<tr class="table-danger">.*?</tr>', page, re.S).group(0)
    assert "Nguyễn Văn An" in dismissal
    assert escape(str(ConfidenceEntry.Consequence.DISMISSAL.label)) in dismissal
    warning = re.search(r'<tr class="table-warning">.*?</tr>', page, re.S).group(0)
    assert "Trần Thị Bé" in warning
    assert page.count("table-danger") == 1
    # Counted: the clerk may confirm, the standing member sees no button.
    assert reverse("sessions:poll_confirm", args=[poll.pk]) not in page
    client.force_login(tree.users["province_clerk"])
    page = html(client.get(reverse("sessions:poll_detail", args=[poll.pk])))
    assert reverse("sessions:poll_confirm", args=[poll.pk]) in page


def test_vote_of_confidence_has_two_levels_and_flags_no_confidence(client, tree, records):
    r = records["district"]
    poll = _poll(r.session, [("Nguyễn Văn An", "Chủ tịch UBND")], kind=ConfidencePoll.Kind.VOTE)
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:poll_detail", args=[poll.pk])
    page = html(client.get(url))
    assert "Tín nhiệm cao" not in page
    assert "-high" not in page
    response = client.post(
        reverse("sessions:poll_count", args=[poll.pk]),
        _entry_data(
            poll, ballots_issued=30, ballots_returned=30, ballots_valid=30, confidence=14, low=16
        ),
    )
    assert response.status_code == 302
    response = client.get(url)
    [row] = response.context["rows"]
    assert row["consequence"] == ConfidenceEntry.Consequence.NO_CONFIDENCE
    assert "table-danger" in html(response)


def test_commune_level_poll_is_refused_with_the_reason(client, tree, people, records, session_rows):
    """Res. 96/2023/QH15 excludes the commune level (a setting): the page warns before typing and
    the refusal names the level; nothing is written."""
    r = records["commune"]
    client.force_login(tree.users["commune_office"])
    url = reverse("sessions:poll_create", args=[r.session.pk])
    assert "Cấp xã" in html(client.get(url))
    before = session_rows()
    response = client.post(
        url,
        {
            "kind": "poll",
            "held_on": "12/07/2023",
            "people": "Hồ Văn Giang | Chủ tịch HĐND xã",
            "total_delegates": "15",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["__all__"]
    assert errors.as_data()["__all__"][0].code == "level_excluded"
    assert escape(errors["__all__"][0]) in html(response)
    assert "alert alert-danger" in html(response)
    assert "Hồ Văn Giang | Chủ tịch HĐND xã" in html(response)
    assert session_rows() == before


def test_poll_create_reads_one_person_per_line(client, tree, records):
    r = records["district"]
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:poll_create", args=[r.session.pk]),
        {
            "kind": "poll",
            "held_on": "12/07/2023",
            "people": "  Hồ Văn  Giang | Chủ tịch HĐND \n\nĐinh Thị Hạnh|Phó Chủ tịch HĐND\n",
        },
    )
    poll = ConfidencePoll.objects.filter(session=r.session).latest("id")
    assert response.url == reverse("sessions:poll_detail", args=[poll.pk])
    assert list(poll.entries.values_list("full_name", "office")) == [
        ("Hồ Văn Giang", "Chủ tịch HĐND"),
        ("Đinh Thị Hạnh", "Phó Chủ tịch HĐND"),
    ]
    assert poll.held_on == date(2023, 7, 12)


def test_poll_count_grid_tabs_row_by_row(client, tree, records):
    """Inputs come in reading order: a person's six counts, then the next person's."""
    r = records["district"]
    poll = _poll(r.session, [("A Văn Một", "Chủ tịch"), ("B Văn Hai", "Phó Chủ tịch")])
    client.force_login(tree.users["district_office"])
    page = html(client.get(reverse("sessions:poll_detail", args=[poll.pk])))
    names = re.findall(r'<input[^>]*name="(e\d+-\w+)"', page)
    first, second = poll.entries.order_by("position")
    fields = ["ballots_issued", "ballots_returned", "ballots_valid", "high", "confidence", "low"]
    assert names == [f"e{first.pk}-{f}" for f in fields] + [f"e{second.pk}-{f}" for f in fields]
    grid = page.split('<main class="content">', 1)[1]  # the sidebar's tabindex is Bootstrap's
    assert not re.search(r"tabindex", grid)
    assert re.search(rf'name="e{first.pk}-ballots_issued"[^>]*autofocus', page)


def test_poll_count_bad_row_keeps_input_and_saves_nothing(client, tree, records):
    """Levels not adding up to the valid ballots: the error sits on that row's "low" box, every
    typed figure is still there, and the good row is not saved either (all or nothing)."""
    r = records["district"]
    poll = _poll(r.session, [("A Văn Một", "Chủ tịch"), ("B Văn Hai", "Phó Chủ tịch")])
    first, second = poll.entries.order_by("position")
    data = {
        **{
            f"e{first.pk}-{k}": v
            for k, v in zip(
                [
                    "ballots_issued",
                    "ballots_returned",
                    "ballots_valid",
                    "high",
                    "confidence",
                    "low",
                ],
                ["30", "30", "30", "20", "8", "2"],
                strict=True,
            )
        },
        **{
            f"e{second.pk}-{k}": v
            for k, v in zip(
                [
                    "ballots_issued",
                    "ballots_returned",
                    "ballots_valid",
                    "high",
                    "confidence",
                    "low",
                ],
                ["30", "30", "29", "20", "8", "7"],
                strict=True,
            )
        },
    }
    client.force_login(tree.users["district_office"])
    response = client.post(reverse("sessions:poll_count", args=[poll.pk]), data)
    assert response.status_code == 200
    rows = {row["entry"].pk: row for row in response.context["rows"]}
    assert rows[first.pk]["form"].errors == {}
    assert list(rows[second.pk]["form"].errors) == ["low"]
    message = rows[second.pk]["form"].errors["low"][0]
    assert VIETNAMESE.search(message)
    page = html(response)
    assert escape(message) in page
    assert f'name="e{second.pk}-low" value="7"' in page
    assert f'name="e{first.pk}-low" value="2"' in page
    assert not ConfidenceEntry.objects.filter(poll=poll, low__isnull=False).exists()
    poll.refresh_from_db()
    assert poll.status == ConfidencePoll.Status.LIST_APPROVED


def test_poll_count_half_filled_row_names_the_missing_boxes(client, tree, records):
    r = records["district"]
    poll = r.poll
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:poll_count", args=[poll.pk]),
        _entry_data(poll, ballots_issued="30", ballots_returned="abc"),
    )
    [row] = response.context["rows"]
    assert set(row["form"].errors) == {
        "ballots_returned",
        "ballots_valid",
        "high",
        "confidence",
        "low",
    }
    assert 'value="abc"' in html(response)


def test_poll_confirm_freezes_the_figures(client, tree, records):
    r = records["district"]
    client.force_login(tree.users["district_office"])
    response = client.post(reverse("sessions:poll_confirm", args=[r.counted_poll.pk]))
    assert response.status_code == 302
    r.counted_poll.refresh_from_db()
    assert r.counted_poll.status == ConfidencePoll.Status.CONFIRMED
    page = html(client.get(reverse("sessions:poll_detail", args=[r.counted_poll.pk])))
    assert 'name="e' not in page
    assert reverse("sessions:poll_confirm", args=[r.counted_poll.pk]) not in page
    assert client.get(reverse("sessions:poll_count", args=[r.counted_poll.pk])).status_code == 302


def test_poll_confirm_before_counting_is_refused(client, tree, records):
    r = records["district"]
    client.force_login(tree.users["district_office"])
    response = client.post(reverse("sessions:poll_confirm", args=[r.poll.pk]), follow=True)
    r.poll.refresh_from_db()
    assert r.poll.status == ConfidencePoll.Status.LIST_APPROVED
    assert "Chỉ xác nhận khi đã kiểm phiếu xong." in html(response)


# ---------------------------------------------------------------------------------------------
# Bad input comes back on the right field with what was typed, and writes nothing.

BAD_INPUT = {
    "question_bad_date_and_no_content": (
        "question_create",
        lambda r, p: {
            "asked_by": p["commune"].delegate.pk,
            "respondent": "Ngô Thị Hoa",
            "respondent_title": "Chủ tịch UBND xã",
            "written_answer_due": "31/02/2023",
            "content": "",
        },
        {"written_answer_due", "content"},
        ['value="31/02/2023"', 'value="Ngô Thị Hoa"'],
    ),
    "commitment_due_before_it_was_made": (
        "commitment_create_question",
        lambda r, p: {
            "content": "Sửa đường liên thôn",
            "responsible": "UBND xã",
            "due_on": "01/01/2023",
        },
        {"due_on"},
        ['value="01/01/2023"', "Sửa đường liên thôn"],
    ),
    "answer_empty": (
        "question_answer",
        lambda r, p: {"answer": "   ", "answered_on": "11/07/2023"},
        {"answer"},
        ['value="11/07/2023"'],
    ),
    "meeting_us_date": (
        "standing_meeting_create",
        lambda r, p: {"held_on": "12/25/2023", "agenda": "Chuẩn bị kỳ họp"},
        {"held_on"},
        ['value="12/25/2023"', "Chuẩn bị kỳ họp"],
    ),
    "poll_line_without_office": (
        "poll_create",
        lambda r, p: {
            "kind": "poll",
            "held_on": "12/07/2023",
            "people": "Hồ Văn Giang | Chủ tịch HĐND\nĐinh Thị Hạnh",
        },
        {"people"},
        ["Đinh Thị Hạnh"],
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(
    client, tree, people, records, session_rows, case
):
    page, data, fields, typed = BAD_INPUT[case]
    node = "district" if page == "poll_create" else "commune"
    who = "district_office" if node == "district" else "commune_office"
    client.force_login(tree.users[who])
    before = session_rows()
    response = client.post(PAGES[page][2](records, node), data(records, people))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == fields
    for field in fields:
        message = errors[field][0]
        assert VIETNAMESE.search(message), message
        assert escape(message) in html(response)
    for value in typed:
        assert value in html(response)
    assert session_rows() == before


# ---------------------------------------------------------------------------------------------
# Query counts: enough rows to expose an N+1.


def test_question_list_query_count(client, tree, people, records, django_assert_num_queries):
    """25 questions with 2 commitments each: session, user, scope (2), the page's session,
    the due-soon rule (the commitments' state), questions, commitments with their obligations:
    fixed whatever the rows."""
    r = records["district"]
    for i in range(24):
        q = _question(r.session, people["district"].delegate, content=f"Câu hỏi {i}")
        _commitment(question=q)
        _commitment(question=q, content="Báo cáo bằng văn bản")
    client.force_login(tree.users["province_clerk"])
    with django_assert_num_queries(8):
        response = client.get(reverse("sessions:question_list", args=[r.session.pk]))
    assert len(response.context["questions"]) == 25


def test_standing_meeting_list_query_count(
    client, tree, people, records, django_assert_num_queries
):
    p = people["district"]
    for i in range(25):
        meeting = oversight_services.standing_meeting_create(
            actor=system_actor(), council=p.council, held_on=date(2024, 1, 1), agenda=f"Số {i}"
        )
        oversight_services.hearing_create(
            actor=system_actor(),
            council=p.council,
            body=p.committee,
            held_on=date(2024, 1, 1),
            topic=f"Giải trình {i}",
            agency=p.agency,
            meeting=meeting,
        )
    client.force_login(tree.users["province_clerk"])
    # session, user, scope (2), count, the user's own council, ids, rows, hearings
    with django_assert_num_queries(9):
        response = client.get(reverse("sessions:standing_meeting_list"))
    assert len(response.context["page"].object_list) == 28


def test_hearing_list_query_count(client, tree, people, records, django_assert_num_queries):
    p = people["district"]
    for i in range(25):
        hearing = oversight_services.hearing_create(
            actor=system_actor(),
            council=p.council,
            body=p.committee,
            held_on=date(2024, 1, 1),
            topic=f"Giải trình {i}",
            agency=p.agency,
            meeting=records["district"].meeting,
        )
        _commitment(hearing=hearing, due_on=date(2024, 6, 30))
    client.force_login(tree.users["province_clerk"])
    # session, user, scope (2), count, the user's own council, ids, rows, commitments
    with django_assert_num_queries(9):
        response = client.get(reverse("sessions:hearing_list"))
    assert len(response.context["page"].object_list) == 28


def test_poll_detail_query_count(client, tree, records, django_assert_num_queries):
    """A poll of 25 office holders, counted: session, user, scope (2), poll, entries, and the
    percent setting."""
    r = records["district"]
    poll = _poll(r.session, [(f"Người số {i:02d}", "Ủy viên UBND") for i in range(25)])
    for entry in poll.entries.all():
        _count(entry, high=10, confidence=10, low=5)
    client.force_login(tree.users["district_office"])
    with django_assert_num_queries(7):
        response = client.get(reverse("sessions:poll_detail", args=[poll.pk]))
    assert len(response.context["rows"]) == 25
    assert len(re.findall(r'name="e\d+-low"', html(response))) == 25


def test_poll_list_query_count(client, tree, records, django_assert_num_queries):
    """25 polls of a session: session, user, scope (2), the session, the level setting, polls,
    their lists."""
    r = records["district"]
    for i in range(23):
        _poll(r.session, [(f"Người số {i:02d}", "Ủy viên UBND")])
    client.force_login(tree.users["district_office"])
    with django_assert_num_queries(8):
        response = client.get(reverse("sessions:poll_list", args=[r.session.pk]))
    assert len(response.context["polls"]) == 25
