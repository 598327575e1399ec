"""The follow-up pages that had only services: a new obligation, its exclusion from the counts,
its withdrawal, and the holiday calendar."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from councils import services as council_services
from councils.models import Role
from followups import services
from followups.models import Holiday, Obligation, Unit
from tests.conftest import EDITS, WHO
from tests.factories import AgencyFactory, ObligationFactory, UserFactory, system_actor

CREATE = reverse("followups:obligation_create")
LIST = reverse("followups:obligation_list")
HOLIDAYS = reverse("followups:holiday_list")
LOGIN = reverse("login")
NODES = ("district", "commune", "sibling_commune")
# Who edits some council's records, so may open a new obligation somewhere.
CREATORS = {who for who, nodes in EDITS.items() if nodes}


def login(client, tree, who: str) -> None:
    client.logout()
    if who != "anonymous":
        client.force_login(tree.users[who])


def html(response) -> str:
    return response.content.decode()


def error_codes(response, form: str = "form") -> dict[str, list[str]]:
    return {
        field: [e.code for e in errors]
        for field, errors in response.context[form].errors.as_data().items()
    }


@pytest.fixture
def obligations(tree, people) -> dict[str, Obligation]:
    return {
        node: ObligationFactory(
            council=people[node].council,
            owed_by=people[node].agency,
            title=f"Kết luận giao ban {getattr(tree, node).name}",
            fixed_due_on=date(2025, 3, 10),
        )
        for node in NODES
    }


# ---------------------------------------------------------------------------------------------
# A new obligation.


def test_create_page_matrix(client, tree, people):
    """Anonymous: login. Whoever edits some council: the page. Readers only: 403."""
    observed = {}
    for who in WHO:
        login(client, tree, who)
        response = client.get(CREATE)
        observed[who] = response.status_code
        if response.status_code == 302:
            assert response.url.startswith(f"{LOGIN}?next=")
    expected = {who: 302 if who == "anonymous" else 200 if who in CREATORS else 403 for who in WHO}
    assert observed == expected


@pytest.mark.parametrize("node", NODES)
def test_create_post_matrix(client, tree, people, node):
    """A valid POST opens the obligation only for the council's editors; everyone else is
    refused (a council outside the user's editing reach is not offered: 403 on POST)."""
    council = people[node].council
    data = {"title": "Kết luận phiên họp Thường trực", "start_on": "01/03/2025"}
    data |= {"owed_by": people[node].agency.pk, "term_count": "15", "term_unit": "working_days"}
    observed = {}
    for who in WHO:
        login(client, tree, who)
        with transaction.atomic():
            response = client.post(f"{CREATE}?council={council.pk}", data)
            made = Obligation.objects.filter(title=data["title"])
            if response.status_code == 302 and not response.url.startswith(LOGIN):
                observed[who] = "saved" if made.count() == 1 else "not saved"
            else:
                observed[who] = response.status_code
                assert not made.exists(), who
            transaction.set_rollback(True)
    expected = {
        who: 302 if who == "anonymous" else "saved" if node in EDITS[who] else 403 for who in WHO
    }
    assert observed == expected


def test_create_saves_an_other_obligation_with_a_computed_due_date(client, tree, people):
    council = people["commune"].council
    login(client, tree, "commune_office")
    response = client.post(
        f"{CREATE}?council={council.pk}",
        {
            "title": "Kết luận phiên họp Thường trực: rà soát hồ sơ đất đai",
            "owed_by_text": "Chi nhánh Văn phòng đăng ký đất đai",
            "start_on": "03/03/2025",
            "term_count": "10",
            "term_unit": Unit.WORKING_DAYS,
        },
    )
    ob = Obligation.objects.get(title__startswith="Kết luận phiên họp Thường trực: rà soát")
    assert response.status_code == 302
    assert response.url == reverse("followups:obligation_detail", args=[ob.pk])
    assert (ob.kind, ob.council, ob.owed_by_text) == (
        Obligation.Kind.OTHER,
        council,
        "Chi nhánh Văn phòng đăng ký đất đai",
    )
    assert ob.due_on == date(2025, 3, 17)  # ten working days from Monday 3 March


def test_create_shows_every_error_at_once_and_keeps_the_input(client, tree, people):
    """A missing title (the form), no agency and no deadline (the service's rules): one round."""
    council = people["commune"].council
    login(client, tree, "commune_office")
    response = client.post(
        f"{CREATE}?council={council.pk}",
        {"title": "", "content": "Chi tiết đã gõ", "start_on": "01/03/2025"},
    )
    assert response.status_code == 200
    assert error_codes(response) == {
        "title": ["required"],
        "owed_by": ["required"],
        "term_count": ["required"],
    }
    assert "Chi tiết đã gõ" in html(response)
    assert not Obligation.objects.filter(content="Chi tiết đã gõ").exists()


def test_create_offers_only_the_councils_own_agencies(client, tree, people):
    council = people["district"].council
    other = AgencyFactory(council=people["commune"].council, name="Công an xã Quế Thọ")
    login(client, tree, "province_clerk")
    response = client.get(CREATE, {"council": council.pk})
    offered = set(response.context["form"].fields["owed_by"].queryset)
    assert offered == {people["district"].agency}
    assert other.name not in html(response)


def test_create_asks_for_a_council_unless_the_clerk_has_one(client, tree, people):
    login(client, tree, "province_clerk")
    assert client.get(CREATE).context["form"] is None
    login(client, tree, "commune_office")
    response = client.get(CREATE)
    assert response.context["council"] == people["commune"].council
    assert response.context["form"] is not None


def test_create_refuses_a_council_out_of_reach(client, tree, people):
    """A council the user may not edit is a picker error, and names nothing."""
    login(client, tree, "commune_office")
    response = client.get(CREATE, {"council": people["sibling_commune"].council.pk})
    assert response.status_code == 200
    assert response.context["form"] is None
    assert error_codes(response, "picker") == {"council": ["invalid_choice"]}
    assert tree.sibling_commune.name not in html(response)


def test_list_offers_the_new_button_to_editors_only(client, tree, people):
    login(client, tree, "commune_office")
    assert CREATE in html(client.get(LIST))
    login(client, tree, "province_standing")
    assert CREATE not in html(client.get(LIST))


# ---------------------------------------------------------------------------------------------
# Exclusion and withdrawal.


@pytest.mark.parametrize("action", ["exclusion", "withdraw"])
@pytest.mark.parametrize("node", NODES)
def test_action_page_matrix(client, tree, obligations, expect, action, node):
    """Anonymous: login; out of scope: 404 naming nothing; readers: 403; editors: the page."""
    url = reverse(f"followups:obligation_{action}", args=[obligations[node].pk])
    observed = {}
    for who in WHO:
        login(client, tree, who)
        response = client.get(url)
        observed[who] = response.status_code
        if response.status_code == 404:
            assert getattr(tree, node).name not in html(response)
    assert observed == {who: expect.page(who, "edit", node) for who in WHO}


def test_detail_shows_the_buttons_only_to_editors(client, tree, obligations):
    ob = obligations["commune"]
    detail = reverse("followups:obligation_detail", args=[ob.pk])
    buttons = [
        reverse("followups:obligation_exclusion", args=[ob.pk]),
        reverse("followups:obligation_withdraw", args=[ob.pk]),
    ]
    login(client, tree, "commune_office")
    page = html(client.get(detail))
    assert all(url in page for url in buttons)
    for reader in ("province_standing", "commune_delegate"):
        login(client, tree, reader)
        page = html(client.get(detail))
        assert not any(url in page for url in buttons), reader


EXCLUSION = {
    "exclusion": Obligation.Exclusion.ROADMAP,
    "exclusion_document_number": "25/TB-HĐND",
    "exclusion_document_date": "15/03/2025",
    "exclusion_reason": "Dự án chia ba giai đoạn",
}


@pytest.mark.parametrize(("who", "saved"), [("commune_office", True), ("province_standing", False)])
def test_exclusion_post(client, tree, obligations, who, saved):
    """An editor puts the item on a roadmap; a reader's POST is refused and writes nothing."""
    ob = obligations["commune"]
    login(client, tree, who)
    response = client.post(reverse("followups:obligation_exclusion", args=[ob.pk]), EXCLUSION)
    ob.refresh_from_db()
    if saved:
        assert response.status_code == 302
        assert (ob.exclusion, ob.exclusion_document_date) == ("roadmap", date(2025, 3, 15))
    else:
        assert response.status_code == 403
        assert ob.exclusion == ""


def test_exclusion_errors_come_together(client, tree, obligations):
    ob = obligations["commune"]
    login(client, tree, "commune_office")
    response = client.post(
        reverse("followups:obligation_exclusion", args=[ob.pk]),
        {"exclusion": "exempted", "exclusion_document_date": "01/01/2099"},
    )
    assert response.status_code == 200
    assert error_codes(response) == {
        "exclusion_document_number": ["required"],
        "exclusion_document_date": ["future"],
        "exclusion_reason": ["required"],
    }
    assert 'value="01/01/2099"' in html(response)
    ob.refresh_from_db()
    assert ob.exclusion == ""


def test_exclusion_cleared_counts_the_item_again(client, tree, obligations):
    ob = obligations["commune"]
    services.obligation_set_exclusion(
        actor=system_actor(),
        obligation=ob,
        exclusion="roadmap",
        exclusion_document_number="1/TB",
        exclusion_document_date=date(2025, 3, 1),
        exclusion_reason="Lộ trình",
    )
    login(client, tree, "commune_office")
    url = reverse("followups:obligation_exclusion", args=[ob.pk])
    assert client.get(url).context["form"].initial["exclusion_document_number"] == "1/TB"
    response = client.post(url, {"exclusion": ""})
    assert response.status_code == 302
    ob.refresh_from_db()
    assert (ob.exclusion, ob.exclusion_document_number, ob.exclusion_document_date) == (
        "",
        "",
        None,
    )


def test_withdraw_removes_the_item_from_the_list(client, tree, obligations):
    ob = obligations["commune"]
    login(client, tree, "commune_office")
    url = reverse("followups:obligation_withdraw", args=[ob.pk])
    response = client.post(url, {"reason": "Nhập trùng với kết luận số 12"})
    assert response.status_code == 302
    assert response.url == LIST
    ob.refresh_from_db()
    assert (ob.withdrawn_by, ob.withdrawal_reason) == (
        tree.users["commune_office"],
        "Nhập trùng với kết luận số 12",
    )
    assert ob not in client.get(LIST).context["page"].object_list
    assert client.get(reverse("followups:obligation_detail", args=[ob.pk])).status_code == 404


def test_withdraw_needs_a_reason_and_an_editor(client, tree, obligations):
    ob = obligations["commune"]
    url = reverse("followups:obligation_withdraw", args=[ob.pk])
    login(client, tree, "commune_office")
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert error_codes(response) == {"reason": ["required"]}
    login(client, tree, "province_standing")
    assert client.post(url, {"reason": "Nhập nhầm"}).status_code == 403
    ob.refresh_from_db()
    assert ob.withdrawn_at is None


# ---------------------------------------------------------------------------------------------
# The holiday calendar: system administrators only.


@pytest.fixture
def admins(tree):
    """A national administrator (a role without a council) and a province's administrator."""
    found = {}
    for name, council in (("national_admin", None), ("province_admin", tree.council("province"))):
        user = UserFactory(username=name)
        council_services.role_assign(
            actor=system_actor(),
            user=user,
            role=Role.ADMIN,
            council=council,
            valid_from=date(2021, 1, 1),
        )
        tree.users[name] = user
        found[name] = user
    return found


@pytest.fixture
def holiday(db):
    return services.holiday_save(
        actor=system_actor(), day=date(2035, 9, 2), kind="holiday", name="Quốc khánh"
    )


CALENDAR_EDITORS = {"admin", "national_admin"}


@pytest.mark.parametrize("page", ["list", "create", "update"])
def test_holiday_page_matrix(client, tree, admins, holiday, page):
    """Only those who reach every council (superuser, national administrator) edit the
    calendar; a province's administrator and every clerk get 403, anonymous the login."""
    url = {
        "list": HOLIDAYS,
        "create": reverse("followups:holiday_create"),
        "update": reverse("followups:holiday_update", args=[holiday.pk]),
    }[page]
    observed = {}
    for who in (*WHO, *admins):
        login(client, tree, who)
        observed[who] = client.get(url).status_code
    assert observed == {
        who: 302 if who == "anonymous" else 200 if who in CALENDAR_EDITORS else 403
        for who in observed
    }


def test_holiday_delete_matrix(client, tree, admins, holiday):
    url = reverse("followups:holiday_delete", args=[holiday.pk])
    for who in ("province_admin", "province_clerk"):
        login(client, tree, who)
        assert client.post(url).status_code == 403
    assert Holiday.objects.filter(pk=holiday.pk).exists()
    login(client, tree, "national_admin")
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == f"{HOLIDAYS}?year=2035"
    assert not Holiday.objects.filter(pk=holiday.pk).exists()


def test_holiday_list_shows_the_year_asked_for(client, tree, holiday, django_assert_num_queries):
    """Thirty days of a year: session, user, scope, the rows."""
    for day in range(1, 31):
        services.holiday_save(
            actor=system_actor(), day=date(2036, 1, day), kind="day_off", name=f"Ngày {day}"
        )
    login(client, tree, "admin")
    with django_assert_num_queries(4):
        response = client.get(HOLIDAYS, {"year": "2036"})
    assert len(response.context["holidays"]) == 30
    assert "Quốc khánh" not in html(response)
    response = client.get(HOLIDAYS, {"year": "2035"})
    assert [h.name for h in response.context["holidays"]] == ["Quốc khánh"]
    bad = client.get(HOLIDAYS, {"year": "20255"})
    assert bad.status_code == 200
    assert bad.context["year"] == timezone.localdate().year


def test_holiday_create_update_and_errors(client, tree, admins, holiday):
    login(client, tree, "national_admin")
    create = reverse("followups:holiday_create")
    response = client.post(create, {"day": "", "kind": "holiday", "name": "", "legal_basis": "x"})
    assert response.status_code == 200
    assert set(error_codes(response)) == {"day", "name"}
    assert 'value="x"' in html(response)
    response = client.post(create, {"day": "02/09/2035", "kind": "holiday", "name": "Trùng"})
    assert response.status_code == 200
    assert set(error_codes(response)) == {"day"}
    response = client.post(
        create,
        {"day": "01/09/2035", "kind": "day_off", "name": "Nghỉ bù", "legal_basis": "TB 1/2025"},
    )
    assert response.status_code == 302
    assert Holiday.objects.get(day=date(2035, 9, 1)).kind == Holiday.Kind.DAY_OFF
    update = reverse("followups:holiday_update", args=[holiday.pk])
    assert client.get(update).context["form"].initial["name"] == "Quốc khánh"
    response = client.post(
        update, {"day": "02/09/2035", "kind": "holiday", "name": "Quốc khánh 2/9"}
    )
    assert response.status_code == 302
    holiday.refresh_from_db()
    assert holiday.name == "Quốc khánh 2/9"


def test_holiday_change_moves_open_deadlines(client, tree, people, admins):
    """Through the page too, a new day off moves a working-day deadline that spans it."""
    ob = ObligationFactory(
        council=people["commune"].council,
        start_on=date(2030, 3, 4),
        term_count=5,
        term_unit=Unit.WORKING_DAYS,
    )
    before = ob.due_on
    login(client, tree, "national_admin")
    day = before.strftime("%d/%m/%Y")
    response = client.post(
        reverse("followups:holiday_create"), {"day": day, "kind": "day_off", "name": "Nghỉ"}
    )
    assert response.status_code == 302
    ob.refresh_from_db()
    assert ob.due_on > before


def test_an_obligation_following_a_record_is_not_withdrawn_here(client, tree, people):
    """A resolution's task, a commitment...: withdrawn with its record, not on this page."""
    ob = ObligationFactory(
        council=people["commune"].council,
        owed_by=people["commune"].agency,
        source=people["commune"].agency,
        fixed_due_on=date(2025, 3, 10),
    )
    login(client, tree, "commune_office")
    url = reverse("followups:obligation_withdraw", args=[ob.pk])
    page = client.get(reverse("followups:obligation_detail", args=[ob.pk])).content.decode()
    assert url not in page
    assert reverse("followups:obligation_exclusion", args=[ob.pk]) in page
    assert client.post(url, {"reason": "Nhập nhầm"}).status_code == 403
    ob.refresh_from_db()
    assert ob.withdrawn_at is None


def test_the_sidebar_links_the_calendar_for_its_editors_only(client, tree, admins):
    login(client, tree, "national_admin")
    assert HOLIDAYS in html(client.get(LIST))
    login(client, tree, "province_admin")
    assert HOLIDAYS not in html(client.get(LIST))
