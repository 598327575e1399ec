"""Nonsense is refused, every error at once, on the field it concerns: through the services,
the pages and the API."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sessions import selectors, services
from sessions.models import AgendaItem, Attendance, Document, Session, Sitting, Vote
from tests.factories import (
    AgencyFactory,
    AgendaItemFactory,
    DelegateFactory,
    DocumentFactory,
    SessionFactory,
    pdf_upload,
    seat,
    session_open,
    system_actor,
)


def codes(exc: pytest.ExceptionInfo) -> dict[str, set[str]]:
    """Field → the codes of its errors."""
    return {field: {e.code for e in errors} for field, errors in exc.value.error_dict.items()}


def exe_named_pdf() -> SimpleUploadedFile:
    """A Windows program renamed to look like a PDF (starts with the MZ header)."""
    return SimpleUploadedFile("to-trinh.pdf", b"MZ\x90\x00\x03\x00" + b"\x00" * 64)


def plan(council, term, **fields) -> Session:
    values = {
        "actor": system_actor(),
        "council": council,
        "term": term,
        "number": "1",
        "kind": Session.Kind.REGULAR,
        "planned_start": date(2023, 7, 10),
        "planned_end": date(2023, 7, 12),
        **fields,
    }
    return services.session_create(**values)


@pytest.fixture
def district(tree):
    return tree.council("district")


@pytest.fixture
def open_session(district, term):
    return session_open(SessionFactory(council=district, term=term))


def tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


# --- the plan of a session ----------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored"), [("03", "3"), (" 7 ", "7"), ("12", "12")])
def test_a_session_number_is_stored_as_a_whole_number(district, term, typed, stored):
    assert plan(district, term, number=typed).number == stored


@pytest.mark.parametrize("typed", ["0", "-1", "3a", "ba", "", "٣", "1.5"])
def test_a_session_number_that_is_not_a_positive_whole_number_is_refused(district, term, typed):
    with pytest.raises(ValidationError) as exc:
        plan(district, term, number=typed)
    assert codes(exc)["number"] == {"bad_number"}
    assert not Session.objects.exists()


def test_a_number_used_in_the_term_is_a_field_error_but_a_session_keeps_its_own(district, term):
    """'03' is the same session number as '3'; saving a session under its own number is fine."""
    first = plan(district, term, number="3")
    second = plan(
        district, term, number="4", planned_start=date(2023, 9, 1), planned_end=date(2023, 9, 2)
    )
    with pytest.raises(ValidationError) as exc:
        plan(
            district,
            term,
            number="03",
            planned_start=date(2023, 12, 1),
            planned_end=date(2023, 12, 2),
        )
    assert codes(exc) == {"number": {"duplicate_number"}}
    services.session_update(actor=system_actor(), session=first, number="3", title="Giữa năm")
    with pytest.raises(ValidationError) as exc:
        services.session_update(actor=system_actor(), session=second, number="3")
    assert codes(exc) == {"number": {"duplicate_number"}}
    second.refresh_from_db()
    assert (Session.objects.count(), second.number) == (2, "4")


def test_every_error_of_a_plan_is_reported_at_once(district, term):
    with pytest.raises(ValidationError) as exc:
        plan(
            district,
            term,
            number="x",
            planned_start=date(2023, 7, 10),
            planned_end=date(2023, 7, 9),
            convening_date=date(2023, 7, 10),
        )
    assert codes(exc) == {
        "number": {"bad_number"},
        "planned_end": {"bad_date"},
        "convening_date": {"convening_after_opening"},
    }
    assert not Session.objects.exists()


def test_overlapping_days_of_one_council_need_a_confirmation(tree, district, term):
    first = plan(district, term, number="1")
    with pytest.raises(ValidationError) as exc:
        plan(
            district,
            term,
            number="2",
            planned_start=date(2023, 7, 12),
            planned_end=date(2023, 7, 14),
        )
    assert codes(exc) == {"confirm_overlap": {"overlap"}}
    assert Session.objects.count() == 1
    second = plan(
        district,
        term,
        number="2",
        planned_start=date(2023, 7, 12),
        planned_end=date(2023, 7, 14),
        confirm_overlap=True,
    )
    plan(tree.council("commune"), term, number="1")  # another council: no warning
    plan(district, term, number="3", planned_start=date(2023, 7, 15), planned_end=date(2023, 7, 15))
    # Days already accepted are not questioned again; moving them is.
    services.session_update(actor=system_actor(), session=first, title="Thường lệ giữa năm")
    with pytest.raises(ValidationError) as exc:
        services.session_update(actor=system_actor(), session=second, planned_end=date(2023, 7, 15))
    assert set(codes(exc)) == {"confirm_overlap"}
    second.refresh_from_db()
    assert second.planned_end == date(2023, 7, 14)


# --- the workflow's dates -----------------------------------------------------------------------


def convened(district, term) -> Session:
    session = plan(district, term, convening_number="15/QĐ-HĐND", convening_date=date(2023, 6, 20))
    session = services.session_transition(
        actor=system_actor(), session=session, to_status=Session.Status.CONVENED
    )
    DocumentFactory(session=session)
    return session


def move(session: Session, to: str, on: date) -> Session:
    return services.session_transition(actor=system_actor(), session=session, to_status=to, on=on)


def test_documents_are_not_sent_in_the_future_nor_before_the_convening_decision(district, term):
    session = convened(district, term)
    with pytest.raises(ValidationError) as exc:
        move(session, Session.Status.DOCUMENTS_SENT, tomorrow())
    assert codes(exc) == {"on": {"future_date"}}
    with pytest.raises(ValidationError) as exc:
        move(session, Session.Status.DOCUMENTS_SENT, date(2023, 6, 19))
    assert codes(exc) == {"on": {"before_convening"}}
    session.refresh_from_db()
    assert (session.status, session.documents_sent_on) == (Session.Status.CONVENED, None)
    assert not session.documents.filter(sent_on__isnull=False).exists()


def test_a_session_opens_after_its_papers_and_not_in_the_future(district, term):
    session = move(convened(district, term), Session.Status.DOCUMENTS_SENT, date(2023, 7, 1))
    with pytest.raises(ValidationError) as exc:
        move(session, Session.Status.IN_SESSION, date(2023, 6, 20))
    assert codes(exc) == {"on": {"before_convening", "before_documents_sent"}}
    with pytest.raises(ValidationError) as exc:
        move(session, Session.Status.IN_SESSION, tomorrow())
    assert codes(exc) == {"on": {"future_date"}}
    session.refresh_from_db()
    assert (session.status, session.actual_start) == (Session.Status.DOCUMENTS_SENT, None)
    assert move(session, Session.Status.IN_SESSION, date(2023, 7, 10)).actual_start == date(
        2023, 7, 10
    )


def test_a_session_is_not_closed_in_the_future(open_session):
    with pytest.raises(ValidationError) as exc:
        move(open_session, Session.Status.CLOSED, tomorrow())
    assert codes(exc) == {"on": {"future_date"}}


# --- documents ----------------------------------------------------------------------------------


def test_every_refusal_of_an_upload_comes_at_once_and_nothing_is_written(district, term):
    session = SessionFactory(council=district, term=term)
    other_item = AgendaItemFactory(session=SessionFactory(council=district, term=term))
    before = Document.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.document_upload(
            actor=system_actor(),
            session=session,
            kind=Document.Kind.REPORT,
            title="",
            file=exe_named_pdf(),
            item=other_item,
            sent_on=tomorrow(),
        )
    assert set(codes(exc)) == {"item", "sent_on", "file", "title"}
    assert codes(exc)["sent_on"] == {"future_date"}
    assert Document.objects.count() == before


def test_a_paper_is_not_marked_sent_in_the_future(district, term):
    document = DocumentFactory(session=SessionFactory(council=district, term=term))
    with pytest.raises(ValidationError) as exc:
        services.document_mark_sent(actor=system_actor(), document=document, sent_on=tomorrow())
    assert codes(exc) == {"sent_on": {"future_date"}}
    document.refresh_from_db()
    assert document.sent_on is None


def test_every_error_of_an_agenda_item_comes_at_once(tree, district, term):
    session = SessionFactory(council=district, term=term)
    elsewhere = SessionFactory(council=district, term=term)
    sitting = services.sitting_create(
        actor=system_actor(), session=elsewhere, on=date(2023, 7, 10), part=Sitting.Part.MORNING
    )
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_create(
            actor=system_actor(),
            session=session,
            title="",
            kind=AgendaItem.Kind.REPORT,
            presenter=AgencyFactory(council=tree.council("commune")),
            sitting=sitting,
            starts_at=time(9, 0),
            ends_at=time(8, 0),
        )
    assert set(codes(exc)) == {"title", "presenter", "sitting", "ends_at"}
    assert not AgendaItem.objects.exists()


# --- votes and the roll -------------------------------------------------------------------------


def record(item, **counts) -> Vote:
    values = {
        "held_on": date(2023, 7, 10),
        "method": Vote.Method.ELECTRONIC,
        "present": 40,
        "votes_for": 30,
        "votes_against": 0,
        "votes_abstain": 0,
        "total_delegates": 45,
        **counts,
    }
    return services.vote_record(actor=system_actor(), item=item, **values)


def test_every_count_inconsistency_is_reported_in_one_pass(open_session):
    item = AgendaItemFactory(session=open_session)
    with pytest.raises(ValidationError) as exc:
        record(item, held_on=date(2023, 8, 1), present=50, votes_against=-1, votes_abstain=None)
    assert codes(exc) == {
        "held_on": {"bad_date"},
        "present": {"present_over_total"},
        "votes_against": {"negative"},
        "votes_abstain": {"required"},
    }
    with pytest.raises(ValidationError) as exc:
        record(item, present=40, votes_for=30, votes_against=8, votes_abstain=3)
    assert codes(exc) == {"votes_for": {"counts_over_present"}}
    assert not Vote.objects.exists()


@pytest.mark.parametrize("status", [Session.Status.PLANNED, Session.Status.CLOSED])
def test_votes_are_taken_only_while_the_session_sits(district, term, status):
    session = SessionFactory(council=district, term=term)
    item = AgendaItemFactory(session=session)
    if status == Session.Status.CLOSED:
        move(session_open(session), Session.Status.CLOSED, date(2023, 7, 12))
    with pytest.raises(ValidationError) as exc:
        record(item)
    assert exc.value.code == "session_not_open"
    assert not Vote.objects.exists()


def test_the_roll_is_taken_once_the_session_is_open_and_corrected_after_closing(district, term):
    delegate = DelegateFactory(council=district)
    seat(delegate, term)
    session = SessionFactory(council=district, term=term)
    sitting = services.sitting_create(
        actor=system_actor(), session=session, on=date(2023, 7, 10), part=Sitting.Part.MORNING
    )
    roll = {delegate.pk: Attendance.Status.PRESENT}
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(actor=system_actor(), sitting=sitting, statuses=roll)
    assert exc.value.code == "session_not_open"
    assert not Attendance.objects.exists()
    move(session_open(session), Session.Status.CLOSED, date(2023, 7, 12))
    assert services.attendance_record(actor=system_actor(), sitting=sitting, statuses=roll) == 1


def test_present_comes_from_the_roll_of_the_sitting_or_the_last_one_of_the_day(district, term):
    delegates = [DelegateFactory(council=district) for _ in range(3)]
    for d in delegates:
        seat(d, term)
    session = session_open(SessionFactory(council=district, term=term))

    def sitting(part: str, present: int) -> Sitting:
        s = services.sitting_create(
            actor=system_actor(), session=session, on=date(2023, 7, 10), part=part
        )
        statuses = {
            d.pk: Attendance.Status.PRESENT if i < present else Attendance.Status.ABSENT
            for i, d in enumerate(delegates)
        }
        services.attendance_record(actor=system_actor(), sitting=s, statuses=statuses)
        return s

    assert selectors.present_at_roll(session, date(2023, 7, 10)) is None
    sitting(Sitting.Part.AFTERNOON, 2)
    morning = sitting(Sitting.Part.MORNING, 3)
    assert selectors.present_at_roll(session, date(2023, 7, 10)) == 2
    assert selectors.present_at_roll(session, date(2023, 7, 10), morning) == 3
    assert selectors.present_at_roll(session, date(2023, 7, 11)) is None


# --- pages --------------------------------------------------------------------------------------


def test_a_bad_date_and_a_refused_file_come_back_together_with_the_typing_kept(
    client, tree, district, term
):
    session = SessionFactory(council=district, term=term)
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:document_upload", args=[session.pk]),
        {
            "kind": Document.Kind.REPORT,
            "title": "Báo cáo thẩm tra dự toán",
            "reference": "45/BC-HĐND",
            "sent_on": "31/02/2023",
            "file": exe_named_pdf(),
        },
    )
    form = response.context["form"]
    assert set(form.errors) == {"sent_on", "file"}
    assert form.errors.as_data()["file"][0].code == "file_type"
    page = response.content.decode()
    assert 'value="Báo cáo thẩm tra dự toán"' in page
    assert 'value="45/BC-HĐND"' in page
    assert "chọn lại tệp" in page
    assert not Document.objects.filter(session=session).exists()


@pytest.mark.parametrize(("upload", "refused"), [(pdf_upload, set()), (exe_named_pdf, {"file"})])
def test_a_future_sent_date_comes_with_the_file_check(
    client, tree, district, term, upload, refused
):
    """The service's date rule is judged in the same round as the file, typing kept."""
    session = SessionFactory(council=district, term=term)
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:document_upload", args=[session.pk]),
        {
            "kind": Document.Kind.REPORT,
            "title": "Báo cáo thẩm tra",
            "sent_on": tomorrow().strftime("%d/%m/%Y"),
            "file": upload(),
        },
    )
    form = response.context["form"]
    assert set(form.errors) == {"sent_on", *refused}
    assert form.errors.as_data()["sent_on"][0].code == "future_date"
    assert 'value="Báo cáo thẩm tra"' in response.content.decode()
    assert not Document.objects.filter(session=session).exists()


def test_a_refused_new_version_keeps_the_note(client, tree, district, term):
    document = DocumentFactory(session=SessionFactory(council=district, term=term))
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:document_replace", args=[document.pk]),
        {"note": "Sửa theo ý kiến thẩm tra", "file": exe_named_pdf()},
    )
    assert list(response.context["form"].errors) == ["file"]
    page = response.content.decode()
    assert 'value="Sửa theo ý kiến thẩm tra"' in page
    assert "chọn lại tệp" in page
    document.refresh_from_db()
    assert document.current_version == 1


def session_post(district, term, **fields) -> dict:
    return {
        "council": district.pk,
        "term": term.pk,
        "number": "2",
        "kind": Session.Kind.REGULAR,
        "planned_start": "11/07/2023",
        "planned_end": "13/07/2023",
        **fields,
    }


def test_the_form_asks_to_confirm_overlapping_days_then_saves(client, tree, district, term):
    plan(district, term, number="1")
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:session_create")
    response = client.post(url, session_post(district, term))
    form = response.context["form"]
    assert list(form.errors) == ["confirm_overlap"]
    assert 'type="checkbox" name="confirm_overlap"' in response.content.decode()
    assert Session.objects.count() == 1
    response = client.post(url, session_post(district, term, confirm_overlap="on"))
    assert response.status_code == 302
    assert Session.objects.filter(number="2").count() == 1


def test_the_overlap_box_stays_hidden_when_nothing_overlaps(client, tree, district, term):
    client.force_login(tree.users["district_office"])
    response = client.get(reverse("sessions:session_create"))
    assert 'type="hidden" name="confirm_overlap"' in response.content.decode()


def test_service_errors_of_the_session_form_come_together(client, tree, district, term):
    plan(district, term, number="2", planned_start=date(2023, 9, 1), planned_end=date(2023, 9, 1))
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:session_create"),
        session_post(district, term, number="02", planned_end="10/07/2023"),
    )
    assert set(response.context["form"].errors) == {"number", "planned_end"}
    assert 'value="02"' in response.content.decode()


def error_codes(response) -> dict[str, set[str]]:
    """Field → the codes of the errors the page shows."""
    errors = response.context["form"].errors.as_data()
    return {field: {e.code for e in errs} for field, errs in errors.items()}


def test_a_bad_date_and_the_plan_rules_come_back_in_one_round(client, tree, district, term):
    """An unparseable day does not hide the number taken nor the late convening decision."""
    plan(district, term, number="2", planned_start=date(2023, 9, 1), planned_end=date(2023, 9, 1))
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:session_create"),
        session_post(
            district, term, number="02", planned_end="31/02/2023", convening_date="11/07/2023"
        ),
    )
    assert error_codes(response) == {
        "planned_end": {"invalid"},
        "number": {"duplicate_number"},
        "convening_date": {"convening_after_opening"},
    }
    assert 'value="31/02/2023"' in response.content.decode()
    assert Session.objects.count() == 1


def test_missing_council_and_term_still_let_the_other_rules_speak(client, tree, district, term):
    """Rules needing a value that did not come are skipped; the rest are judged."""
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:session_create"),
        {**session_post(district, term, planned_end="10/07/2023"), "council": "", "term": ""},
    )
    assert error_codes(response) == {
        "council": {"required"},
        "term": {"required"},
        "planned_end": {"bad_date"},
    }
    assert not Session.objects.exists()


def test_editing_a_plan_reports_a_bad_date_with_the_rule_errors(client, tree, district, term):
    plan(district, term, number="2", planned_start=date(2023, 9, 1), planned_end=date(2023, 9, 1))
    session = plan(district, term, number="3")
    client.force_login(tree.users["district_office"])
    data = session_post(district, term, number="2", planned_start="32/07/2023")
    data["convening_date"] = "12/07/2023"  # the opening did not parse: not judged against it
    response = client.post(reverse("sessions:session_update", args=[session.pk]), data)
    assert error_codes(response) == {
        "planned_start": {"invalid"},
        "number": {"duplicate_number"},
    }
    session.refresh_from_db()
    assert (session.number, session.planned_start) == ("3", date(2023, 7, 10))


def test_an_agenda_item_without_a_title_also_hears_about_its_hours(client, tree, district, term):
    session = SessionFactory(council=district, term=term)
    client.force_login(tree.users["district_office"])
    data = {
        "title": "",
        "kind": AgendaItem.Kind.REPORT,
        "starts_at": "09:30",
        "ends_at": "09:00",
        "vote_rule": AgendaItem.VoteRule.MAJORITY,
    }
    response = client.post(reverse("sessions:agenda_item_create", args=[session.pk]), data)
    assert error_codes(response) == {"title": {"required"}, "ends_at": {"bad_time"}}
    item = AgendaItemFactory(session=session, title="Báo cáo")
    response = client.post(reverse("sessions:agenda_item_update", args=[item.pk]), data)
    assert error_codes(response) == {"title": {"required"}, "ends_at": {"bad_time"}}
    item.refresh_from_db()
    assert (item.title, AgendaItem.objects.count()) == ("Báo cáo", 1)


def test_a_bad_vote_date_and_counts_over_present_come_back_together(client, tree, open_session):
    item = AgendaItemFactory(session=open_session)
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:vote_create", args=[item.pk]),
        {
            "held_on": "10/7/23x",
            "method": Vote.Method.ELECTRONIC,
            "total_delegates": 45,
            "present": 40,
            "votes_for": 30,
            "votes_against": 8,
            "votes_abstain": 3,
        },
    )
    assert error_codes(response) == {
        "held_on": {"invalid"},
        "votes_for": {"counts_over_present"},
    }
    assert not Vote.objects.exists()


def test_a_count_that_did_not_parse_keeps_only_its_own_message(client, tree, open_session):
    """The other counts are judged; 'hai' is not also reported missing."""
    item = AgendaItemFactory(session=open_session)
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:vote_create", args=[item.pk]),
        {
            "held_on": "10/07/2023",
            "method": Vote.Method.ELECTRONIC,
            "total_delegates": 45,
            "present": 50,
            "votes_for": 30,
            "votes_against": 0,
            "votes_abstain": "hai",
        },
    )
    assert error_codes(response) == {
        "votes_abstain": {"invalid"},
        "present": {"present_over_total"},
    }
    assert not Vote.objects.exists()


def test_the_checks_write_nothing_and_leave_the_callers_copy_alone(district, term):
    """session_check and agenda_item_check judge a change without applying it."""
    session = plan(district, term, number="3")
    errors = services.session_check(
        actor=system_actor(), instance=session, number="x", planned_end=date(2023, 7, 1)
    )
    with pytest.raises(ValidationError) as exc:
        errors.raise_if_any()
    assert codes(exc) == {"number": {"bad_number"}, "planned_end": {"bad_date"}}
    assert (session.number, session.planned_end) == ("3", date(2023, 7, 12))
    item = AgendaItemFactory(session=session, title="Báo cáo")
    errors = services.agenda_item_check(
        actor=system_actor(), session=session, instance=item, title="", ends_at=time(8, 0)
    )
    with pytest.raises(ValidationError) as exc:
        errors.raise_if_any()
    assert codes(exc) == {"title": {"blank"}}
    assert (item.title, item.ends_at) == ("Báo cáo", None)
    session.refresh_from_db()
    item.refresh_from_db()
    assert (session.number, item.title) == ("3", "Báo cáo")


def test_the_vote_form_is_prefilled_with_those_present_at_the_roll(client, tree, district, term):
    delegates = [DelegateFactory(council=district) for _ in range(3)]
    for d in delegates:
        seat(d, term)
    session = session_open(SessionFactory(council=district, term=term))
    sitting = services.sitting_create(
        actor=system_actor(), session=session, on=date(2023, 7, 10), part=Sitting.Part.MORNING
    )
    statuses = dict.fromkeys([d.pk for d in delegates[:2]], Attendance.Status.PRESENT)
    services.attendance_record(actor=system_actor(), sitting=sitting, statuses=statuses)
    item = AgendaItemFactory(session=session, sitting=sitting)
    client.force_login(tree.users["district_office"])
    for name in ("sessions:vote_create", "sessions:vote_ballots"):
        response = client.get(reverse(name, args=[item.pk]))
        assert response.context["form"]["present"].value() == 2, name


def test_the_vote_form_reports_every_count_error_at_once(client, tree, open_session):
    item = AgendaItemFactory(session=open_session)
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:vote_create", args=[item.pk]),
        {
            "held_on": "01/08/2023",
            "method": Vote.Method.ELECTRONIC,
            "total_delegates": 45,
            "present": 50,
            "votes_for": 30,
            "votes_against": 0,
            "votes_abstain": 0,
        },
    )
    assert set(response.context["form"].errors) == {"held_on", "present"}
    assert not Vote.objects.exists()


def test_vote_links_show_only_while_the_session_sits(client, tree, district, term):
    session = SessionFactory(council=district, term=term)
    item = AgendaItemFactory(session=session)
    client.force_login(tree.users["district_office"])
    link = reverse("sessions:vote_create", args=[item.pk])
    detail = reverse("sessions:session_detail", args=[session.pk])
    assert link not in client.get(detail).content.decode()
    session = session_open(session)
    assert link in client.get(detail).content.decode()
    move(session, Session.Status.CLOSED, date(2023, 7, 12))
    assert link not in client.get(detail).content.decode()


def test_the_roll_page_waits_for_the_opening(client, tree, district, term):
    session = SessionFactory(council=district, term=term)
    sitting = services.sitting_create(
        actor=system_actor(), session=session, on=date(2023, 7, 10), part=Sitting.Part.MORNING
    )
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:attendance_entry", args=[sitting.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0].endswith("#sittings")
    assert "Chỉ điểm danh khi kỳ họp đã khai mạc" in response.content.decode()
    assert url not in response.content.decode()  # no roll button yet


def test_saving_the_roll_says_how_many_delegates_are_unmarked(client, tree, district, term):
    delegates = [DelegateFactory(council=district) for _ in range(5)]
    for d in delegates:
        seat(d, term)
    session = session_open(SessionFactory(council=district, term=term))
    sitting = services.sitting_create(
        actor=system_actor(), session=session, on=date(2023, 7, 10), part=Sitting.Part.MORNING
    )
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:attendance_entry", args=[sitting.pk])
    marked = {f"status_{d.pk}": Attendance.Status.PRESENT for d in delegates[:2]}
    response = client.post(url, marked, follow=True)
    assert "Còn 3 đại biểu chưa điểm danh." in response.content.decode()
    everyone = {f"status_{d.pk}": Attendance.Status.PRESENT for d in delegates}
    response = client.post(url, everyone, follow=True)
    assert "chưa điểm danh." not in response.content.decode()


# --- API ----------------------------------------------------------------------------------------


def post(client, name: str, data: dict, *args):
    return client.post(reverse(name, args=args), data, content_type="application/json")


def test_api_overlap_needs_the_flag_and_numbers_are_checked(client, tree, district, term):
    plan(district, term, number="1")
    client.force_login(tree.users["district_office"])
    body = {
        "council": district.pk,
        "term": term.pk,
        "number": "02",
        "kind": "regular",
        "planned_start": "2023-07-11",
        "planned_end": "2023-07-12",
    }
    response = post(client, "session-list", body)
    assert (response.status_code, list(response.json())) == (400, ["confirm_overlap"])
    response = post(client, "session-list", {**body, "number": "hai", "confirm_overlap": True})
    assert (response.status_code, list(response.json())) == (400, ["number"])
    response = post(client, "session-list", {**body, "confirm_overlap": True})
    assert response.status_code == 201
    assert Session.objects.get(pk=response.json()["id"]).number == "2"


def test_api_refuses_a_move_dated_in_the_future_and_a_vote_outside_the_sitting_days(
    client, tree, open_session
):
    client.force_login(tree.users["district_office"])
    response = post(
        client,
        "session-transition",
        {"to_status": "closed", "on": tomorrow().isoformat()},
        open_session.pk,
    )
    assert (response.status_code, list(response.json())) == (400, ["on"])
    move(open_session, Session.Status.CLOSED, date(2023, 7, 12))
    item = AgendaItemFactory(session=open_session)
    response = post(
        client,
        "vote-list",
        {
            "item": item.pk,
            "held_on": "2023-07-10",
            "method": "electronic",
            "present": 3,
            "votes_for": 3,
            "votes_against": 0,
            "votes_abstain": 0,
            "total_delegates": 5,
        },
    )
    assert response.status_code == 400
    assert not Vote.objects.exists()


# --- Django's own messages in natural Vietnamese ------------------------------------------------


def test_django_messages_read_naturally_in_vietnamese(client, tree, open_session):
    """locale/vi overrides Django's catalog: a negative count says what the value must be."""
    item = AgendaItemFactory(session=open_session)
    client.force_login(tree.users["district_office"])
    response = client.post(
        reverse("sessions:vote_create", args=[item.pk]),
        {
            "held_on": "10/07/2023",
            "method": Vote.Method.ELECTRONIC,
            "present": 3,
            "votes_for": -1,
            "votes_against": "",
            "votes_abstain": "hai",
        },
    )
    page = response.content.decode()
    assert "Giá trị phải lớn hơn hoặc bằng 0." in page
    assert "Mục này không được để trống." in page
    assert "Nhập một số nguyên, ví dụ 5." in page
    assert "Đảm bảo" not in page
    response = post(client, "session-list", {"council": open_session.council_id})
    assert response.json()["number"] == ["Mục này không được để trống."]
