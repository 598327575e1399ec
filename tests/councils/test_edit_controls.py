"""Edit links and buttons appear only where the user may use them: readers (the standing
committee, a delegate) find no link to a page that would answer 403, the clerk does."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from oversight import services as oversight_services
from resolutions import services as resolution_services
from resolutions.models import Resolution
from sessions import services as session_services
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    ResolutionFactory,
    SessionFactory,
    system_actor,
)

# Pages that only read; every other page of these apps changes something (edit rights needed).
READ_PAGES = {
    "sessions:session_list",
    "sessions:session_calendar",
    "sessions:session_detail",
    "sessions:session_results_print",
    "sessions:session_results_pdf",
    "sessions:session_results_docx",
    "sessions:document_download",
    "sessions:question_list",
    "sessions:poll_list",
    "sessions:poll_detail",
    "sessions:commitment_list",
    "sessions:commitment_detail",
    "sessions:standing_meeting_list",
    "sessions:standing_meeting_detail",
    "sessions:hearing_list",
    "sessions:hearing_detail",
    "resolutions:register",
    "resolutions:register_export",
    "resolutions:resolution_detail",
    "resolutions:resolution_file",
    "resolutions:task_overdue",
    "councils:tree",
    "councils:council_detail",
    "councils:council_history",
    "councils:delegate_list",
    "councils:term_list",
    "councils:suggest",
    "followups:obligation_list",
    "followups:obligation_export",
    "followups:obligation_detail",
    "followups:evidence_download",
}
APPS = ("sessions", "resolutions", "councils", "followups")
LINK = re.compile(r'(?:href|action)="([^"#?]+)')


def write_links(page: str) -> set[str]:
    """The pages of these apps this HTML links or posts to that need the right to edit."""
    found = set()
    for url in LINK.findall(page):
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        if match.namespace in APPS and match.view_name not in READ_PAGES:
            found.add(match.view_name)
    return found


@pytest.fixture
def pages(tree, people, term) -> dict[str, str]:
    """A commune council's pages with something on each: an open session with an item and a
    document, a signed and a draft resolution, a question with a commitment."""
    actor = system_actor()
    council = people["commune"].council
    session = SessionFactory(council=council, term=term)
    AgendaItemFactory(session=session)
    DocumentFactory(session=session)
    signed = ResolutionFactory(council=council, session=session)
    draft = resolution_services.resolution_create(
        actor=actor,
        council=council,
        kind=Resolution.Kind.INDIVIDUAL,
        title="Dự thảo",
        field="budget",
    )
    question = session_services.question_create(
        actor=actor,
        session=session,
        asked_by=people["commune"].delegate,
        respondent="Ông A",
        respondent_title="Chủ tịch UBND",
        content="Vì sao chậm?",
    )
    commitment = oversight_services.commitment_create(
        actor=actor,
        question=question,
        content="Làm xong đường",
        responsible="UBND",
        due_on=date(2023, 12, 31),
    )
    return {
        "session_detail": reverse("sessions:session_detail", args=[session.pk]),
        "resolution_signed": reverse("resolutions:resolution_detail", args=[signed.pk]),
        "resolution_draft": reverse("resolutions:resolution_detail", args=[draft.pk]),
        "council_detail": reverse("councils:council_detail", args=[council.pk]),
        "register": reverse("resolutions:register"),
        "session_list": reverse("sessions:session_list"),
        "commitment_list": reverse("sessions:commitment_list"),
        "commitment_detail": reverse("sessions:commitment_detail", args=[commitment.pk]),
        "question_list": reverse("sessions:question_list", args=[session.pk]),
        "poll_list": reverse("sessions:poll_list", args=[session.pk]),
        "delegate_list": reverse("councils:delegate_list"),
    }


@pytest.mark.parametrize("who", ["province_standing", "commune_delegate"])
def test_readers_see_no_link_to_a_page_they_may_not_use(client, tree, pages, who):
    client.force_login(tree.users[who])
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert write_links(response.content.decode()) == set(), name


def test_the_clerk_sees_the_edit_controls(client, tree, pages):
    client.force_login(tree.users["province_clerk"])
    found = {name: write_links(client.get(url).content.decode()) for name, url in pages.items()}
    assert {
        "sessions:session_update",
        "sessions:session_withdraw",
        "sessions:agenda_item_withdraw",
        "sessions:document_withdraw",
        "sessions:session_transition",
    } <= found["session_detail"]
    assert {"resolutions:resolution_update", "resolutions:resolution_link"} <= found[
        "resolution_signed"
    ]
    assert {"resolutions:resolution_update", "resolutions:resolution_transition"} <= found[
        "resolution_draft"
    ]
    assert "councils:council_update" in found["council_detail"]
    assert "resolutions:resolution_create" in found["register"]
    assert "sessions:session_create" in found["session_list"]
    assert {"followups:obligation_extend", "followups:obligation_close"} <= found[
        "commitment_detail"
    ]
    assert "sessions:question_create" in found["question_list"]
    assert "councils:delegate_update" in found["delegate_list"]


def test_a_refused_edit_page_explains_in_vietnamese(client, tree, pages):
    """A reader who types an edit URL gets a 403 page in the site's layout, not a bare English
    "403 Forbidden"."""
    client.force_login(tree.users["province_standing"])
    response = client.get(reverse("sessions:session_create"))
    assert response.status_code == 403
    assert "Không có quyền thực hiện" in response.content.decode()
    assert "Forbidden" not in response.content.decode()
