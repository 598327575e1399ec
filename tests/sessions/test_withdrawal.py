"""Withdrawing a session, an agenda item or a document: never deleted, out of the lists and
reports, kept in the history with who and why, and restorable by an editor."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sessions import services
from sessions.models import AgendaItem, Document, Session
from sessions.printing import session_results
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    ResolutionFactory,
    SessionFactory,
)


@pytest.fixture
def clerk(tree):
    return tree.users["province_clerk"]


@pytest.fixture
def session(tree, term):
    return SessionFactory(council=tree.council("district"), term=term, title="Kỳ họp nhập trùng")


def withdraw(record, actor, reason="Nhập trùng"):
    return services.record_withdraw(actor=actor, record=record, reason=reason)


def test_withdrawn_session_leaves_the_list_calendar_and_api(client, tree, session, clerk):
    """Gone from every listing for everyone; the unique number stays taken (restore works)."""
    withdraw(session, clerk)
    client.force_login(clerk)
    page = client.get(reverse("sessions:session_list"))
    assert session not in page.context["page"].object_list
    cal = client.get(reverse("sessions:session_calendar"), {"year": 2023, "month": 7})
    assert session not in cal.context["sessions"]
    api = client.get("/api/sessions/").json()
    rows = api["results"] if isinstance(api, dict) else api
    assert session.pk not in {row["id"] for row in rows}


def test_withdrawn_session_page_editors_see_a_banner_readers_a_404(client, tree, session, clerk):
    withdraw(session, clerk)
    url = reverse("sessions:session_detail", args=[session.pk])
    client.force_login(tree.users["province_standing"])
    assert client.get(url).status_code == 404
    client.force_login(tree.users["commune_delegate"])
    assert client.get(url).status_code == 404
    client.force_login(clerk)
    page = client.get(url).content.decode()
    assert "Đã rút" in page
    assert "Nhập trùng" in page
    assert reverse("sessions:session_restore", args=[session.pk]) in page
    assert reverse("sessions:session_withdraw", args=[session.pk]) not in page


def test_restore_brings_the_session_back_and_history_keeps_both(client, tree, session, clerk):
    withdraw(session, clerk, reason="Nhầm nhiệm kỳ")
    client.force_login(clerk)
    response = client.post(reverse("sessions:session_restore", args=[session.pk]))
    assert response.status_code == 302
    session.refresh_from_db()
    assert not session.withdrawn
    assert session.withdrawal_reason == ""
    rows = list(session.history.order_by("history_id"))
    assert [r.history_change_reason for r in rows[-2:]] == ["Nhầm nhiệm kỳ", "Khôi phục"]
    assert rows[-2].history_user == clerk
    assert rows[-2].withdrawn_by_id == clerk.pk
    page = client.get(reverse("sessions:session_list"))
    assert session in page.context["page"].object_list


def test_restore_is_post_only_and_for_editors(client, tree, session, clerk):
    withdraw(session, clerk)
    url = reverse("sessions:session_restore", args=[session.pk])
    client.force_login(clerk)
    assert client.get(url).status_code == 405
    client.force_login(tree.users["sibling_clerk"])
    assert client.post(url).status_code == 404
    client.force_login(tree.users["province_standing"])
    assert client.post(url).status_code == 404  # the withdrawn session is out of their sight
    session.refresh_from_db()
    assert session.withdrawn


def test_withdrawn_item_and_document_leave_the_page_and_the_report(client, tree, session, clerk):
    kept = AgendaItemFactory(session=session, title="Nội dung giữ lại")
    gone = AgendaItemFactory(session=session, title="Nội dung rút đi")
    doc = DocumentFactory(session=session, title="Tài liệu rút đi")
    withdraw(gone, clerk, reason="Trùng nội dung 1")
    withdraw(doc, clerk, reason="Tải nhầm")
    url = reverse("sessions:session_detail", args=[session.pk])
    client.force_login(tree.users["province_standing"])
    response = client.get(url)
    assert [i.pk for i in response.context["items"]] == [kept.pk]
    assert doc not in response.context["documents"]
    assert "Nội dung rút đi" not in response.content.decode()
    assert "Tài liệu rút đi" not in response.content.decode()
    client.force_login(clerk)
    page = client.get(url).content.decode()
    assert "Đã rút (1)" in page
    assert reverse("sessions:agenda_item_restore", args=[gone.pk]) in page
    assert reverse("sessions:document_restore", args=[doc.pk]) in page
    assert "Trùng nội dung 1" in page
    report = session_results(user=clerk, session=session)
    assert report.item_count == 1
    assert client.get("/api/agenda-items/").json()["count"] == 1
    assert client.get("/api/documents/").json()["count"] == 0


def test_restore_an_item_puts_it_back_in_its_place(client, tree, session, clerk):
    first = AgendaItemFactory(session=session)
    second = AgendaItemFactory(session=session)
    withdraw(first, clerk)
    client.force_login(clerk)
    client.post(reverse("sessions:agenda_item_restore", args=[first.pk]))
    items = client.get(reverse("sessions:session_detail", args=[session.pk])).context["items"]
    assert [i.pk for i in items] == [first.pk, second.pk]


def test_moving_an_item_skips_withdrawn_neighbours(tree, session, clerk):
    a, b, c = (AgendaItemFactory(session=session) for _ in range(3))
    withdraw(b, clerk)
    services.agenda_item_move(actor=clerk, item=c, offset=-1)
    assert list(AgendaItem.objects.filter(session=session).order_by("position")) == [c, b, a]


def test_a_reason_is_required_and_nothing_is_written(tree, session, clerk):
    with pytest.raises(ValidationError) as exc:
        withdraw(session, clerk, reason="   ")
    assert exc.value.error_dict["reason"][0].code == "required"
    session.refresh_from_db()
    assert not session.withdrawn
    assert session.history.count() == 1


def test_withdraw_form_shows_the_error_on_the_reason(client, tree, session, clerk):
    client.force_login(clerk)
    response = client.post(reverse("sessions:session_withdraw", args=[session.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    session.refresh_from_db()
    assert not session.withdrawn


def test_records_with_resolutions_cannot_be_withdrawn(tree, session, clerk):
    """The register would point at a record nobody sees."""
    item = AgendaItemFactory(session=session)
    ResolutionFactory(council=session.council, session=session, item=item)
    for record in (session, item):
        with pytest.raises(ValidationError) as exc:
            withdraw(record, clerk)
        assert exc.value.error_dict["__all__"][0].code == "has_resolutions"
    assert not Session.objects.get(pk=session.pk).withdrawn


def test_twice_or_restoring_what_is_not_withdrawn_is_refused(tree, session, clerk):
    doc = DocumentFactory(session=session)
    with pytest.raises(ValidationError) as exc:
        services.record_restore(actor=clerk, record=doc)
    assert exc.value.code == "not_withdrawn"
    withdraw(doc, clerk)
    with pytest.raises(ValidationError) as exc:
        withdraw(doc, clerk)
    assert exc.value.error_dict["__all__"][0].code == "withdrawn"
    assert Document.objects.get(pk=doc.pk).withdrawal_reason == "Nhập trùng"


@pytest.mark.parametrize("who", ["province_standing", "commune_office", "sibling_clerk"])
def test_only_the_councils_editors_withdraw(tree, session, who):
    with pytest.raises(PermissionDenied):
        withdraw(session, tree.users[who])
    assert not Session.objects.get(pk=session.pk).withdrawn


def test_resolution_form_does_not_offer_withdrawn_sessions_or_items(client, tree, term, clerk):
    council = tree.council("district")
    kept = SessionFactory(council=council, term=term)
    gone = SessionFactory(council=council, term=term)
    item = AgendaItemFactory(session=kept)
    gone_item = AgendaItemFactory(session=kept)
    withdraw(gone, clerk)
    withdraw(gone_item, clerk)
    client.force_login(clerk)
    form = client.get(
        reverse("resolutions:resolution_create"), {"council": council.pk, "session": kept.pk}
    ).context["form"]
    assert list(form.fields["session"].queryset) == [kept]
    assert list(form.fields["item"].queryset) == [item]


def test_upload_form_offers_no_withdrawn_item(client, tree, session, clerk):
    kept = AgendaItemFactory(session=session)
    gone = AgendaItemFactory(session=session)
    withdraw(gone, clerk)
    client.force_login(clerk)
    form = client.get(reverse("sessions:document_upload", args=[session.pk])).context["form"]
    assert list(form.fields["item"].queryset) == [kept]


def test_withdrawn_papers_do_not_count_as_sent(tree, session, clerk):
    """Sending the papers needs a paper that is not withdrawn, and dates only those."""
    session = services.session_update(
        actor=clerk, session=session, convening_number="1/QĐ", convening_date=date(2023, 6, 20)
    )
    session = services.session_transition(
        actor=clerk, session=session, to_status=Session.Status.CONVENED
    )
    doc = DocumentFactory(session=session)
    withdraw(doc, clerk)
    with pytest.raises(ValidationError) as exc:
        services.session_transition(
            actor=clerk, session=session, to_status=Session.Status.DOCUMENTS_SENT
        )
    assert exc.value.code == "no_documents"
    kept = DocumentFactory(session=session)
    services.session_transition(
        actor=clerk, session=session, to_status=Session.Status.DOCUMENTS_SENT, on=date(2023, 6, 30)
    )
    assert Document.objects.get(pk=kept.pk).sent_on == date(2023, 6, 30)
    assert Document.objects.get(pk=doc.pk).sent_on is None


@pytest.mark.parametrize(
    ("kind", "who", "code"),
    [
        ("sessions", "province_clerk", 204),
        ("agenda-items", "province_clerk", 204),
        ("documents", "province_clerk", 204),
        ("sessions", "province_standing", 403),
        ("documents", "commune_delegate", 404),
        ("sessions", "sibling_clerk", 404),
        ("agenda-items", None, 403),
    ],
)
def test_api_withdraw_is_the_pages_rule(client, tree, session, kind, who, code):
    """The API withdraws through the same service: editors only; out of scope is a 404."""
    record = {
        "sessions": session,
        "agenda-items": AgendaItemFactory(session=session),
        "documents": DocumentFactory(session=session),
    }[kind]
    if who:
        client.force_login(tree.users[who])
    response = client.post(
        f"/api/{kind}/{record.pk}/withdraw/", {"reason": "Nhập trùng"}, "application/json"
    )
    assert response.status_code == code
    record.refresh_from_db()
    assert record.withdrawn is (code == 204)


def test_api_withdraw_needs_a_reason_and_restore_brings_it_back(client, tree, session, clerk):
    client.force_login(clerk)
    url = f"/api/sessions/{session.pk}/"
    refused = client.post(url + "withdraw/", {"reason": ""}, "application/json")
    assert refused.status_code == 400
    assert "reason" in refused.json()
    assert client.post(url + "withdraw/", {"reason": "Nhầm"}, "application/json").status_code == 204
    assert client.get(url).status_code == 404  # out of the lists, as on the pages
    restored = client.post(url + "restore/")
    assert restored.status_code == 200
    assert restored.json()["id"] == session.pk
    assert client.get(url).status_code == 200
    assert client.post(url + "restore/").status_code == 400  # not withdrawn any more


def test_a_withdrawn_session_keeps_its_number_and_the_clerk_is_told(tree, session, clerk):
    """Restoring must always fit, so the number stays taken; the refusal says why."""
    withdraw(session, clerk)
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            actor=clerk,
            council=session.council,
            term=session.term,
            number=session.number,
            kind=Session.Kind.REGULAR,
            planned_start=session.planned_start,
            planned_end=session.planned_end,
            confirm_overlap=True,
        )
    assert [e.code for e in exc.value.error_dict["number"]] == ["withdrawn_number"]
