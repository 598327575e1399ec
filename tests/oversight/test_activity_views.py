"""The pages of issue 12: the recommendations tracker and its export, the programmes and their
board by quarter, an activity's page; scoped (404 out of scope), in fixed query counts."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import Export
from followups.models import Obligation
from oversight import services_activities as services
from oversight.activities import ActivityKind, OversightActivity
from resolutions.models import Field
from tests.factories import system_actor
from tests.oversight.conftest import concluded_activity
from tests.oversight.test_activities_selectors import _close, _rec, tracked  # noqa: F401

TRACKER = reverse("oversight:recommendation_list")
EXPORT = reverse("oversight:recommendation_export")
PROGRAMMES = reverse("oversight:programme_list")


def _programme(ov, items=4):
    programme = services.programme_create(
        actor=system_actor(), council=ov.district, year=2025, title="Chương trình giám sát 2025"
    )
    for i in range(items):
        item = services.item_create(
            actor=system_actor(),
            programme=programme,
            topic=f"Nội dung số {i}",
            kind=ActivityKind.SURVEY,
            quarter=i % 4 + 1,
            agencies=[ov.agency, ov.other_agency],
        )
        services.activity_create(
            actor=system_actor(),
            council=ov.district,
            kind=ActivityKind.SURVEY,
            topic=f"Khảo sát số {i}",
            year=2025,
            programme_item=item,
        )
    return programme


def _pages(ov):
    activity = concluded_activity(ov)
    rec = _rec(activity, ov.agency, date(2025, 6, 30))
    programme = _programme(ov, items=1)
    return {
        "tracker": TRACKER,
        "export": EXPORT,
        "programmes": PROGRAMMES,
        "board": reverse("oversight:programme_board", args=[programme.pk]),
        "activity": reverse("oversight:activity_detail", args=[activity.pk]),
    }, rec


@pytest.mark.parametrize("page", ["tracker", "export", "programmes", "board", "activity"])
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("province_clerk", 200),
        ("district_office", 200),
        ("sibling_clerk", 404),
        ("commune_office", 404),
        ("anonymous", 302),
    ],
)
def test_pages_are_scoped(client, ov, page, who, status):
    """A council's oversight shows to users whose scope covers it; others see nothing of it:
    the lists are empty for them, the pages of one record are 404."""
    urls, rec = _pages(ov)
    if who != "anonymous":
        client.force_login(ov.user(who))
    response = client.get(urls[page])
    if page in ("tracker", "programmes", "export") and status == 404:
        assert response.status_code == 200
        if page == "tracker":
            assert list(response.context["page"]) == []
            assert response.context["counts"].total == 0
        elif page == "programmes":
            assert list(response.context["page"]) == []
        else:
            sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
            assert sheet.max_row == 1  # the header only
        return
    assert response.status_code == status
    if status == 302:
        assert "/accounts/login/" in response["Location"]
    if page == "tracker" and status == 200:
        assert [r.pk for r in response.context["page"]] == [rec.pk]


def test_tracker_header_gives_the_official_figures(client, ov, tracked):  # noqa: F811
    """Of 5 that fell due: 2 done (40 %), 1 partly, 1 not done, 1 overdue; roadmap and
    exempted apart; the withdrawn one nowhere."""
    client.force_login(ov.user("province_clerk"))
    response = client.get(TRACKER)
    counts = response.context["counts"]
    assert (counts.total, counts.fell_due, counts.done, counts.partly_done) == (8, 5, 2, 1)
    assert (counts.roadmap, counts.exempted) == (1, 1)
    text = response.content.decode()
    assert "Trong 5 kiến nghị đã đến hạn: hoàn thành 2 (2/5 (40,00%))" in text
    assert "Lộ trình nhiều năm: 1; lý do khách quan: 1" in text
    shown = {r.pk for r in response.context["page"]}
    assert tracked["withdrawn"].pk not in shown
    assert len(shown) == 8


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "overdue"}, {"overdue", "roadmap", "exempted"}),
        ({"fell_due": "true"}, {"done", "done_late", "partly", "not_done", "overdue"}),
        ({"field": Field.EDUCATION}, {"partly", "overdue"}),
        ({"agency": "other"}, {"partly", "overdue"}),
        ({"issued_from": "01/01/2099"}, set()),
    ],
)
def test_tracker_filters_show_the_right_rows(client, ov, tracked, query, expected):  # noqa: F811
    if query.get("agency") == "other":
        query = {"agency": ov.other_agency.pk}
    client.force_login(ov.user("province_clerk"))
    response = client.get(TRACKER, query)
    shown = {r.pk for r in response.context["page"]}
    assert {name for name, rec in tracked.items() if rec.pk in shown} == expected
    assert response.context["counts"].total == len(expected)


def test_tracker_filters_by_overseeing_body_and_council_subtree(client, ov):
    ban_activity = concluded_activity(ov, body=ov.ban)
    council_activity = concluded_activity(ov)
    by_ban = _rec(ban_activity, ov.agency, date(2025, 6, 30))
    by_council = _rec(council_activity, ov.agency, date(2025, 6, 30))
    client.force_login(ov.user("province_clerk"))
    shown = client.get(TRACKER, {"body": ov.ban.pk}).context["page"]
    assert [r.pk for r in shown] == [by_ban.pk]
    shown = client.get(TRACKER, {"council": ov.district.pk}).context["page"]
    assert {r.pk for r in shown} == {by_ban.pk, by_council.pk}
    sibling = ov.ct.councils["sibling"]
    assert list(client.get(TRACKER, {"council": sibling.pk}).context["page"]) == []


def test_tracker_rows_link_to_obligation_and_activity(client, ov):
    activity = concluded_activity(ov)
    rec = _rec(activity, ov.agency, date(2025, 6, 30))
    client.force_login(ov.user("province_clerk"))
    text = client.get(TRACKER).content.decode()
    assert reverse("followups:obligation_detail", args=[rec.obligation_id]) in text
    assert reverse("oversight:activity_detail", args=[activity.pk]) in text


def test_tracker_costs_the_same_for_3_or_30_rows(client, ov, django_assert_max_num_queries):
    activity = concluded_activity(ov, body=ov.ban)
    client.force_login(ov.user("province_clerk"))
    for _i in range(3):
        _rec(activity, ov.agency, date(2025, 6, 30))
    client.get(TRACKER)  # the user's scope, read once per session
    with django_assert_max_num_queries(12) as three:
        client.get(TRACKER)
    for _i in range(27):
        _rec(activity, ov.other_agency, date(2025, 6, 30), field=Field.HEALTH)
    with django_assert_max_num_queries(len(three.captured_queries)):
        response = client.get(TRACKER)
    assert len(response.context["page"]) == 30


def test_export_has_exactly_the_filtered_rows(client, ov, tracked):  # noqa: F811
    client.force_login(ov.user("province_clerk"))
    response = client.get(EXPORT, {"field": Field.EDUCATION})
    assert response.status_code == 200
    rows = list(
        load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0][:2] == ("Mã", "Nội dung kiến nghị")
    assert {row[0] for row in rows[1:]} == {tracked["partly"].pk, tracked["overdue"].pk}
    states = {row[0]: row[9] for row in rows[1:]}
    assert states[tracked["overdue"].pk] == str(Obligation.State.OVERDUE.label)
    assert all(row[5] == ov.other_agency.name for row in rows[1:])


def test_big_export_goes_to_a_worker(client, ov, tracked, settings):  # noqa: F811
    settings.EXPORT_SYNC_ROWS = 1
    client.force_login(ov.user("province_clerk"))
    response = client.get(EXPORT, {"state": "overdue"})
    assert response.status_code == 302
    export = Export.objects.get()
    assert (export.kind, export.params) == ("oversight.recommendations", "state=overdue")


def test_queued_export_builds_the_filtered_rows(ov, tracked, celery_eager):  # noqa: F811
    from core import exports

    export = exports.export_start(
        user=ov.user("province_clerk"),
        kind="oversight.recommendations",
        title="t",
        params="state=overdue",
        filename="k.xlsx",
    )
    export = exports.export_build(export.pk)
    assert (export.status, export.rows) == (Export.Status.DONE, 3)


def test_board_shows_items_by_quarter_with_progress(client, ov):
    programme = _programme(ov, items=8)
    activity = OversightActivity.objects.filter(topic="Khảo sát số 0").get()
    for to in (
        OversightActivity.Status.IN_PROGRESS,
        OversightActivity.Status.REPORTING,
    ):
        activity = services.activity_transition(actor=system_actor(), activity=activity, to=to)
    client.force_login(ov.user("district_office"))
    response = client.get(reverse("oversight:programme_board", args=[programme.pk]))
    quarters = dict(response.context["quarters"])
    assert [len(quarters[q]) for q in (1, 2, 3, 4)] == [2, 2, 2, 2]
    first = quarters[1][0]
    assert first.topic == "Nội dung số 0"
    assert [a.status for a in first.live] == [OversightActivity.Status.REPORTING]
    assert "Khảo sát số 7" in response.content.decode()


def test_board_costs_the_same_for_3_or_30_items(client, ov, django_assert_max_num_queries):
    programme = _programme(ov, items=3)
    url = reverse("oversight:programme_board", args=[programme.pk])
    client.force_login(ov.user("province_clerk"))
    client.get(url)
    with django_assert_max_num_queries(12) as three:
        client.get(url)
    for i in range(27):
        services.item_create(
            actor=system_actor(),
            programme=programme,
            topic=f"Thêm {i}",
            kind=ActivityKind.THEMATIC,
            quarter=i % 4 + 1,
            agencies=[ov.agency],
        )
    with django_assert_max_num_queries(len(three.captured_queries)):
        response = client.get(url)
    assert sum(len(items) for _q, items in response.context["quarters"]) == 30


def test_programme_list_costs_the_same_for_3_or_30(client, ov, django_assert_max_num_queries):
    client.force_login(ov.user("province_clerk"))

    def add(years):
        for year in years:
            services.programme_create(
                actor=system_actor(), council=ov.district, year=year, title=f"Chương trình {year}"
            )

    add(range(2001, 2004))
    client.get(PROGRAMMES)
    with django_assert_max_num_queries(12) as three:
        client.get(PROGRAMMES)
    add(range(2004, 2031))
    with django_assert_max_num_queries(len(three.captured_queries)):
        response = client.get(PROGRAMMES)
    assert len(response.context["page"]) == 30


def test_activity_page_shows_timeline_conclusion_and_recommendations(
    client, ov, django_assert_max_num_queries
):
    activity = concluded_activity(ov)
    services.visit_add(
        actor=system_actor(), activity=activity, visit_on=date(2025, 3, 20), agency=ov.agency
    )
    overdue = _rec(activity, ov.agency, date(2025, 6, 30), content="Đẩy nhanh giải ngân")
    later = _rec(activity, ov.other_agency, timezone.localdate() + timedelta(days=200))
    client.force_login(ov.user("district_office"))
    url = reverse("oversight:activity_detail", args=[activity.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    text = response.content.decode()
    timeline = response.context["timeline"]
    assert timeline[0][0] == date(2025, 3, 3)  # the decision first
    assert [day for day, _l, _t in timeline] == sorted(day for day, _l, _t in timeline)
    assert "25/BC-HĐND" in text
    assert "Giải ngân chậm do thủ tục." in text  # one of the five parts
    assert len(response.context["conclusion"]) == 5
    states = {r.pk: r.obligation.state for r in response.context["recommendations"]}
    assert states == {
        overdue.pk: Obligation.State.OVERDUE,
        later.pk: Obligation.State.NOT_YET_DUE,
    }


def test_activity_page_reads_report_requests_and_recommendations_in_one_query(
    client, ov, django_assert_num_queries
):
    """Both lists are the activity's debts on the engine, read together: each in its own order
    (requests by date, recommendations newest first) with its state and agency, and the page
    costs the same with none of them as with five."""
    activity = concluded_activity(ov)
    client.force_login(ov.user("district_office"))
    url = reverse("oversight:activity_detail", args=[activity.pk])
    client.get(url)
    # Session, user, roles, activity, rules, members, visits, the two lists, the transitions
    # and the files: 10 (11 when the two lists were read apart; the lineage was read by the
    # first request and cached).
    with django_assert_num_queries(10):
        client.get(url)
    late, early = (
        services.report_request_create(
            actor=system_actor(),
            activity=activity,
            agency=agency,
            subject=subject,
            requested_on=day,
            due_on=day + timedelta(days=10),
        )
        for agency, subject, day in (
            (ov.other_agency, "Báo cáo giải ngân", date(2025, 3, 9)),
            (ov.agency, "Báo cáo giảm nghèo", date(2025, 3, 5)),
        )
    )
    older = _rec(activity, ov.agency, date(2025, 6, 30))
    newer = _rec(activity, ov.other_agency, timezone.localdate() + timedelta(days=200))
    newest = _rec(activity, ov.agency, date(2025, 6, 30))
    with django_assert_num_queries(10):
        response = client.get(url)
    requests = response.context["report_requests"]
    assert [r.pk for r in requests] == [early.pk, late.pk]
    assert [r.agency.name for r in requests] == [ov.agency.name, ov.other_agency.name]
    assert {r.obligation.state for r in requests} == {Obligation.State.OVERDUE}
    recs = response.context["recommendations"]
    assert [r.pk for r in recs] == [newest.pk, newer.pk, older.pk]  # same day: newest first
    assert {r.pk: r.obligation.state for r in recs}[newer.pk] == Obligation.State.NOT_YET_DUE
    assert all(r.badge for r in (*requests, *recs))


def test_sidebar_links_oversight_for_users_who_see_it(client, ov):
    """The sidebar's "Giám sát" links show to users who see some council, not to others."""
    link = f'class="nav-link" href="{TRACKER}"'
    client.force_login(ov.user("district_office"))
    assert link in client.get(reverse("core:notification_list")).content.decode()
    client.force_login(ov.user("no_role"))
    assert link not in client.get(reverse("core:notification_list")).content.decode()


def test_tracker_ignores_malformed_filters(client, ov, tracked):  # noqa: F811
    """A hand-edited query string shows the error on its field, not a server error."""
    client.force_login(ov.user("province_clerk"))
    response = client.get(TRACKER, {"issued_from": "31/02/2025", "agency": "x", "state": "zz"})
    assert response.status_code == 200
    assert "issued_from" in response.context["form"].errors
