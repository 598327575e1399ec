"""The register's Excel export: the page's rows exactly (every page), real dates, fixed queries."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from resolutions import exports
from resolutions.models import Resolution
from tests.factories import ResolutionFactory, SessionFactory

EXPORT = reverse("resolutions:register_export")
REGISTER = reverse("resolutions:register")
HEADERS = [
    "Số ký hiệu",
    "Trích yếu",
    "HĐND ban hành",
    "Lĩnh vực",
    "Ngày thông qua",
    "Ngày ký",
    "Ngày hiệu lực",
    "Tình trạng",
    "Kỳ họp",
]


def workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def sheet_rows(response) -> list[tuple]:
    return list(workbook(response).active.iter_rows(values_only=True))


def page_numbers(client, params: dict) -> list[str]:
    """The numbers the register shows for these filters, every page in order."""
    numbers, page = [], 1
    while True:
        response = client.get(REGISTER, {**params, "page": str(page)})
        numbers += [r.number for r in response.context["page"].object_list]
        if not response.context["page"].has_next():
            return numbers
        page += 1


@pytest.fixture
def register(tree, people, term):
    """60 resolutions of the district in 2023 (more than a page), 10 health ones of a commune in
    2024, and 5 of the sibling province that no Quảng Nam user may see."""
    district = people["district"].council
    session = SessionFactory(council=district, term=term, number="7")
    for i in range(60):
        ResolutionFactory(
            council=district,
            field="budget" if i % 2 else "health",
            session=session if i < 10 else None,
            title=f"Nghị quyết về biên chế đợt {i}" if i % 3 == 0 else f"Nghị quyết số {i}",
        )
    for _ in range(10):
        ResolutionFactory(
            council=people["commune"].council,
            field="health",
            kind=Resolution.Kind.NORMATIVE,
            adopted_on=date(2024, 3, 1),
            issued_on=date(2024, 3, 5),
            effective_on=date(2024, 3, 15),
        )
    for _ in range(5):
        ResolutionFactory(council=people["sibling"].council, title="Nghị quyết của Bắc Kạn")
    return session


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"field": "health"},
        {"q": "nghi quyet bien che"},
        {"year": "2023", "field": "budget"},
        {"kind": "normative"},
        {"council": "commune"},
        {"session": "session"},
    ],
    ids=["all", "field", "search", "year-field", "kind", "council", "session"],
)
def test_export_has_exactly_the_rows_the_page_shows(client, tree, people, register, params):
    """Same query string, same rows in the same order, across all the register's pages."""
    if "council" in params:
        params = {"council": str(people["commune"].council.pk)}
    if "session" in params:
        params = {"session": str(register.pk)}
    client.force_login(tree.users["province_clerk"])
    shown = page_numbers(client, params)
    rows = sheet_rows(client.get(EXPORT, params))
    assert rows[0] == tuple(HEADERS)
    assert [r[0] for r in rows[1:]] == shown
    assert shown  # every case selects something


def test_export_never_holds_rows_out_of_scope(client, tree, people, register):
    """A district office exports its district and communes only; the sibling's rows never."""
    client.force_login(tree.users["district_office"])
    rows = sheet_rows(client.get(EXPORT))
    assert len(rows) == 1 + 70
    assert {r[2] for r in rows[1:]} == {
        people["district"].council.name,
        people["commune"].council.name,
    }
    assert all("Bắc Kạn" not in (r[1] or "") for r in rows[1:])
    client.force_login(tree.users["no_role"])
    assert sheet_rows(client.get(EXPORT)) == [tuple(HEADERS)]


def test_export_file_layout(client, tree, people, register):
    """Real dates shown dd/mm/yyyy, Vietnamese labels, widths, frozen header, autofilter, name."""
    client.force_login(tree.users["province_clerk"])
    response = client.get(EXPORT, {"council": str(people["commune"].council.pk)})
    today = timezone.localdate().strftime("%Y%m%d")
    assert response["Content-Disposition"] == (f'attachment; filename="so-nghi-quyet-{today}.xlsx"')
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    ws = workbook(response).active
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:I11"
    assert ws.column_dimensions["B"].width == 70
    assert ws["A1"].font.b
    first = ws[2]
    assert first[0].value == "10/2024/NQ-HĐND"
    assert first[3].value == "Y tế"
    assert [c.is_date for c in first[4:7]] == [True, True, True]
    assert [c.value.date() for c in first[4:7]] == [
        date(2024, 3, 1),
        date(2024, 3, 5),
        date(2024, 3, 15),
    ]
    assert {c.number_format for c in first[4:7]} == {"DD/MM/YYYY"}
    assert first[7].value == "Đang có hiệu lực"
    assert first[8].value is None


def test_export_names_the_session(client, tree, register):
    """The session column reads as the clerk writes it."""
    client.force_login(tree.users["province_clerk"])
    rows = sheet_rows(client.get(EXPORT, {"session": str(register.pk)}))
    assert {r[8] for r in rows[1:]} == {"Kỳ họp thứ 7, nhiệm kỳ 2021-2026"}


def test_export_query_count(client, tree, register, django_assert_num_queries):
    """75 rows: session, user, scope (2), a count (to choose the worker or not), one query for
    the rows, whatever their number."""
    client.force_login(tree.users["admin"])
    with django_assert_num_queries(5):
        response = client.get(EXPORT)
    assert len(sheet_rows(response)) == 1 + 75


def test_export_reads_the_rows_in_chunks(tree, people, register, monkeypatch):
    """The rows are streamed from the database in chunks, never loaded as one list."""
    monkeypatch.setattr(exports, "CHUNK", 7)
    seen = []
    original = exports.selectors.resolution_list

    def spy(**kwargs):
        qs = original(**kwargs)
        real_iterator = type(qs).iterator

        def iterator(self, chunk_size=None):
            seen.append(chunk_size)
            return real_iterator(self, chunk_size=chunk_size)

        monkeypatch.setattr(type(qs), "iterator", iterator)
        return qs

    monkeypatch.setattr(exports.selectors, "resolution_list", spy)
    out = exports.register_workbook(user=tree.users["province_clerk"], filters={})
    assert seen == [7]
    assert load_workbook(out).active.max_row == 1 + 70


def test_export_translates_its_labels_once_not_per_row(tree, register, monkeypatch):
    """Headers, choice labels and the session's wording are looked up once per export: 10 rows
    or 70 cost the same translation calls."""
    from django.utils import translation

    calls = []
    real = translation._trans.gettext

    def counting(message):
        calls.append(message)
        return real(message)

    monkeypatch.setattr(translation._trans, "gettext", counting)
    clerk = tree.users["province_clerk"]

    def translated(filters) -> tuple[int, int]:
        calls.clear()
        out = exports.register_workbook(user=clerk, filters=filters)
        rows = load_workbook(out).active.max_row - 1
        return rows, len(calls)

    few_rows, few_calls = translated({"session": str(register.pk)})
    all_rows, all_calls = translated({})
    assert (few_rows, all_rows) == (10, 70)
    assert few_calls == all_calls
    sheet = load_workbook(exports.register_workbook(user=clerk, filters={})).active
    labels = {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert labels == {"Y tế", "Tài chính - Ngân sách"}
