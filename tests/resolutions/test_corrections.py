"""Editing a draft resolution, and correcting one past its draft with a reason kept on its page;
the number never changes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from resolutions import services
from resolutions.models import Resolution, ResolutionCorrection
from tests.factories import AgendaItemFactory, ResolutionFactory, SessionFactory


@pytest.fixture
def clerk(tree):
    return tree.users["province_clerk"]


@pytest.fixture
def signed(tree):
    return ResolutionFactory(council=tree.council("district"), title="Nghi quyet sai dau")


@pytest.fixture
def draft(tree, clerk):
    return services.resolution_create(
        actor=clerk,
        council=tree.council("district"),
        kind=Resolution.Kind.INDIVIDUAL,
        title="Dự thảo ban đầu",
        field="budget",
    )


def test_a_draft_is_edited_in_every_field_without_a_reason(tree, term, draft, clerk):
    council = tree.council("commune")
    session = SessionFactory(council=council, term=term)
    item = AgendaItemFactory(session=session)
    saved = services.resolution_update(
        actor=clerk,
        resolution=draft,
        council=council,
        kind=Resolution.Kind.NORMATIVE,
        title="  Dự thảo đã sửa ",
        field="health",
        session=session,
        item=item,
        vote=None,
        adopted_on=None,
    )
    saved.refresh_from_db()
    assert (saved.council, saved.kind, saved.title, saved.session, saved.item) == (
        council,
        Resolution.Kind.NORMATIVE,
        "Dự thảo đã sửa",
        session,
        item,
    )
    assert saved.status == Resolution.Status.DRAFT
    assert not saved.corrections.exists()


def test_a_draft_given_its_adoption_day_is_adopted(draft, clerk):
    saved = services.resolution_update(actor=clerk, resolution=draft, adopted_on=date(2023, 7, 1))
    assert saved.status == Resolution.Status.ADOPTED
    assert saved.transitions.get().to_status == Resolution.Status.ADOPTED


def test_a_draft_moves_only_to_a_council_the_clerk_edits(tree, draft):
    with pytest.raises(PermissionDenied):
        services.resolution_update(
            actor=tree.users["district_office"], resolution=draft, council=tree.council("commune")
        )
    assert Resolution.objects.get(pk=draft.pk).council == tree.council("district")


def test_correction_keeps_who_why_and_old_and_new_values(signed, clerk):
    number = signed.number
    services.resolution_update(
        actor=clerk,
        resolution=signed,
        reason="Sai chính tả trong trích yếu",
        title="Nghị quyết sai dấu",
        field="health",
        effective_on=date(2023, 8, 1),
    )
    signed.refresh_from_db()
    assert signed.number == number
    assert signed.title == "Nghị quyết sai dấu"
    correction = ResolutionCorrection.objects.get(resolution=signed)
    assert correction.actor == clerk
    assert correction.reason == "Sai chính tả trong trích yếu"
    assert correction.changes == [
        {"field": "title", "old": "Nghi quyet sai dau", "new": "Nghị quyết sai dấu"},
        {"field": "field", "old": "Tài chính - Ngân sách", "new": "Y tế"},
        {"field": "effective_on", "old": "14/07/2023", "new": "01/08/2023"},
    ]
    latest = signed.history.first()
    assert (latest.history_change_reason, latest.history_user) == (correction.reason, clerk)


def test_correction_needs_a_reason_and_a_change(signed, clerk):
    with pytest.raises(ValidationError) as exc:
        services.resolution_update(actor=clerk, resolution=signed, title="Khác", reason=" ")
    assert exc.value.error_dict["reason"][0].code == "required"
    with pytest.raises(ValidationError) as exc:
        services.resolution_update(
            actor=clerk, resolution=signed, title=signed.title, reason="Không đổi gì"
        )
    assert exc.value.error_dict["__all__"][0].code == "no_change"
    assert Resolution.objects.get(pk=signed.pk).title == "Nghi quyet sai dau"
    assert not ResolutionCorrection.objects.exists()


@pytest.mark.parametrize("name", ["number", "sequence", "year", "status"])
def test_the_number_is_never_edited(signed, draft, clerk, name):
    for resolution in (signed, draft):
        with pytest.raises(ValidationError) as exc:
            services.resolution_update(
                actor=clerk, resolution=resolution, reason="Sửa số", **{name: "99"}
            )
        assert exc.value.error_dict[name][0].code == "number_fixed"
    assert Resolution.objects.get(pk=signed.pk).number == signed.number


def test_past_the_draft_links_and_kind_are_not_correctable(signed, clerk):
    with pytest.raises(ValidationError) as exc:
        services.resolution_update(
            actor=clerk, resolution=signed, reason="Đổi loại", kind=Resolution.Kind.NORMATIVE
        )
    assert exc.value.error_dict["kind"][0].code == "not_correctable"


def test_dates_stay_in_order_and_in_the_numbers_year(signed, clerk):
    with pytest.raises(ValidationError) as exc:
        services.resolution_update(
            actor=clerk,
            resolution=signed,
            reason="Sai ngày",
            issued_on=date(2024, 1, 5),
            effective_on=date(2023, 7, 1),
            effective_to=date(2023, 6, 1),
        )
    errors = exc.value.error_dict
    assert errors["issued_on"][0].code == "year_fixed"
    assert errors["effective_on"][0].code == "bad_date"
    assert errors["effective_to"][0].code == "bad_date"
    assert Resolution.objects.get(pk=signed.pk).issued_on == date(2023, 7, 14)


def test_readers_cannot_correct(tree, signed):
    with pytest.raises(PermissionDenied):
        services.resolution_update(
            actor=tree.users["province_standing"], resolution=signed, title="X", reason="Y"
        )


def test_edit_page_offers_the_right_fields_and_never_the_number(client, tree, signed, draft):
    client.force_login(tree.users["province_clerk"])
    page = client.get(reverse("resolutions:resolution_update", args=[draft.pk]))
    assert {"council", "kind", "session", "item", "vote", "adopted_on"} <= set(
        page.context["form"].fields
    )
    page = client.get(reverse("resolutions:resolution_update", args=[signed.pk]))
    fields = set(page.context["form"].fields)
    assert fields == {
        "title",
        "field",
        "adopted_on",
        "issued_on",
        "signer",
        "effective_on",
        "effective_to",
        "reason",
    }


def test_correction_without_reason_stays_on_the_form(client, tree, signed):
    client.force_login(tree.users["province_clerk"])
    response = client.post(
        reverse("resolutions:resolution_update", args=[signed.pk]),
        {"title": "Mới", "field": "budget", "issued_on": "14/07/2023"},
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not ResolutionCorrection.objects.exists()


def test_resolution_page_shows_the_corrections(client, tree, signed, clerk):
    services.resolution_update(
        actor=clerk, resolution=signed, reason="Theo Công văn 12/HĐND", title="Nghị quyết đúng"
    )
    client.force_login(tree.users["province_standing"])
    page = client.get(reverse("resolutions:resolution_detail", args=[signed.pk])).content.decode()
    assert "Theo Công văn 12/HĐND" in page
    assert "<del>Nghi quyet sai dau</del> → Nghị quyết đúng" in page
