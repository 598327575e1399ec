"""The voters' reports and a letter's transfer slip over the API: a report is queued with the
report form's parameters (checked by that form, errors per field), answered with its export's
status (core.export_api), whose download is the caller's only; scoped as the pages are."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from core import exports
from core.models import Export, ViewLog
from tests.documents import docx_text
from tests.factories import SessionFactory
from tests.voters import test_documents
from tests.voters.conftest import letter
from tests.voters.test_documents import ROAD

contact_round = test_documents.contact_round  # the page tests' fixtures, shared
forwarded = test_documents.forwarded
pytestmark = pytest.mark.usefixtures("celery_eager")
PERIOD = {"date_from": "2024-01-01", "date_to": "2024-01-31"}


def _client(**headers) -> APIClient:
    return APIClient(HTTP_X_FORWARDED_PROTO="https", **headers)  # as behind the proxy


@pytest.fixture
def api():
    return _client()


def _queue(api, name, **body):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return api.post(reverse(f"voter-report-{name}"), body, format="json")


def test_a_report_is_queued_and_its_status_leads_to_the_file(api, tree, contact_round):
    district = tree.council("district")
    api.force_authenticate(tree.users["district_office"])
    response = _queue(api, "petitions", council=district.pk, subtree=True, format="docx", **PERIOD)
    assert response.status_code == 202
    body = response.json()
    export = Export.objects.get(pk=body["id"])
    assert body["kind"] == export.kind == "voters.report_petitions_docx"
    assert body["status"] == "queued"  # as queued; built right after the commit here
    assert body["download_url"] is None
    assert response["Location"] == reverse("export-detail", args=[export.pk])
    status = api.get(body["url"]).json()
    assert status["status"] == "done"
    assert status["rows"] is None
    assert status["filename"].startswith(f"bao-cao-tong-hop-kien-nghi-{district.pk}-20240101")
    download = api.get(status["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ROAD[:30] in docx_text(b"".join(download.streaming_content))
    listed = api.get(reverse("export-list")).json()["results"]
    assert [row["id"] for row in listed] == [export.pk]


def test_the_same_form_checks_the_body_errors_per_field(api, tree, contact_round):
    district = tree.council("district")
    api.force_authenticate(tree.users["province_clerk"])
    response = _queue(api, "answers", date_from="2024-12-31", date_to="2024-01-01")
    assert response.status_code == 400
    assert set(response.json()) == {"council", "date_to"}
    response = _queue(api, "answers", council=district.pk)
    assert set(response.json()) == {"date_from", "date_to"}
    response = _queue(api, "answers", council=district.pk, format="odt", **PERIOD)
    assert set(response.json()) == {"format"}
    other = SessionFactory(council=district)  # no contact meeting linked to it
    response = _queue(api, "petitions", council=district.pk, session=other.pk)
    assert response.status_code == 400
    assert "session" in response.json()
    assert not Export.objects.exists()


def _page_status(client, tree, who, name, council):
    if who != "anonymous":
        client.force_login(tree.users[who])
    query = {**PERIOD, "council": council}
    return client.get(reverse("voters:report_form", args=[name]), query).status_code


@pytest.mark.parametrize("name", ["petitions", "answers"])
@pytest.mark.parametrize(
    "who",
    [
        "province_clerk",
        "province_standing",  # reads only: may have the report, as on the page
        "district_office",
        "commune_office",  # the district is above its scope
        "commune_delegate",
        "sibling_clerk",
        "no_role",
        "anonymous",
    ],
)
def test_reports_are_scoped_as_the_page_is(client, api, tree, name, who):
    council = tree.council("district").pk
    page = _page_status(client, tree, who, name, council)
    if who != "anonymous":
        api.force_authenticate(tree.users[who])
    response = _queue(api, name, council=council, **PERIOD)
    expected = {200: 202, 404: 404, 302: 403}[page]
    assert response.status_code == expected
    assert Export.objects.count() == (1 if expected == 202 else 0)


def test_another_users_export_is_out_of_reach(api, tree, contact_round):
    """Another province's user (or another of the same office) neither reads its status nor
    downloads it; an unfinished file is not offered."""
    export = exports.export_start(
        user=tree.users["province_clerk"],
        kind="voters.report_answers_pdf",
        title="t",
        params=f"council={tree.council('district').pk}&date_from=01/01/2024&date_to=31/01/2024",
        filename="r.pdf",
    )
    detail = reverse("export-detail", args=[export.pk])
    download = reverse("export-download", args=[export.pk])
    api.force_authenticate(tree.users["province_clerk"])
    assert api.get(detail).json()["status"] == "queued"
    assert api.get(download).status_code == 404  # not built yet
    exports.export_build(export.pk)
    assert api.get(download).status_code == 200
    for who in ("sibling_clerk", "province_standing"):
        api.force_authenticate(tree.users[who])
        assert api.get(detail).status_code == 404
        assert api.get(download).status_code == 404
        assert api.get(reverse("export-list")).json()["results"] == []
    api.force_authenticate(None)
    assert api.get(detail).status_code == 403
    assert api.get(download).status_code == 403
    bad = _client(HTTP_AUTHORIZATION="Token nope")
    assert bad.get(detail).status_code == 401


def _slip(found, fmt="docx"):
    return reverse("letter-transfer-slip", args=[found.pk, fmt])


@pytest.mark.parametrize("who", test_documents.SLIP_READERS)
def test_slip_through_the_api_is_for_readers_of_personal_data(
    api, tree, forwarded, privacy_user, who
):
    status = 403 if who == "anonymous" else test_documents.SLIP_READERS[who]  # as on the page
    if who != "anonymous":
        api.force_authenticate(privacy_user if who == "privacy" else tree.users[who])
    response = api.get(_slip(forwarded))
    assert response.status_code == status
    logged = ViewLog.objects.filter(object_id=forwarded.pk, reason="Tải phiếu chuyển đơn")
    assert logged.count() == (1 if status == 200 else 0)
    if status == 200:
        assert "PHIẾU CHUYỂN ĐƠN" in docx_text(response.content)
        assert api.get(_slip(forwarded, "pdf")).content.startswith(b"%PDF-")
        assert logged.count() == 2


def test_no_slip_through_the_api_before_the_letter_is_forwarded(api, tree, privacy_user):
    waiting = letter(tree.council("district"), category="complaint")
    api.force_authenticate(privacy_user)
    assert api.get(_slip(waiting)).status_code == 404
    assert api.get(f"/api/letters/{waiting.pk}/transfer-slip/odt/").status_code == 404


def test_the_schema_documents_the_reports_exports_and_slip(tmp_path):
    import yaml

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    paths = yaml.safe_load(out.read_text())["paths"]
    for name in ("petitions", "answers"):
        operation = paths[f"/api/voter-reports/{name}/"]["post"]
        assert set(operation["responses"]) >= {"202", "400", "401", "403"}
        assert operation["requestBody"]["content"]["application/json"]
    assert set(paths["/api/exports/{id}/"]) - {"parameters"} == {"get"}
    assert (
        "application/octet-stream"
        in (paths["/api/exports/{id}/download/"]["get"]["responses"]["200"]["content"])
    )
    assert "/api/letters/{id}/transfer-slip/{fmt}/" in paths
