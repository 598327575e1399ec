"""The council chooser: a select for a few hundred councils, a scoped search box past that."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from councils import widgets
from councils.models import Council
from councils.widgets import CouncilChoiceField

pytestmark = pytest.mark.django_db

SUGGEST = reverse("councils:suggest")


class PickForm(forms.Form):
    council = CouncilChoiceField(label="HĐND", required=False, empty_label="— tất cả —")

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils


def _all():
    return Council.objects.select_related("unit").order_by("unit__path")


def test_a_small_list_is_a_select_indented_as_a_tree_in_one_query(tree, django_assert_num_queries):
    form = PickForm(councils=_all())
    with django_assert_num_queries(1):
        html = str(form["council"])
    assert html.startswith("<select")
    district = tree.council("district")
    commune = tree.council("commune")
    indent = widgets.INDENT
    assert f'<option value="{district.pk}">{indent}{district.name}</option>' in html
    assert f'<option value="{commune.pk}">{indent * 2}{commune.name}</option>' in html
    assert "— tất cả —" in html


def test_past_the_threshold_it_becomes_a_search_box_showing_the_choice(tree, monkeypatch):
    monkeypatch.setattr(widgets, "PICKER_THRESHOLD", 3)
    district = tree.council("district")
    form = PickForm({"council": str(district.pk)}, councils=_all())
    assert form.is_valid()
    assert form.cleaned_data["council"] == district
    html = str(form["council"])
    assert "<option" not in html
    assert f'type="hidden" name="council" value="{district.pk}"' in html
    assert f'value="{district.name}"' in html
    assert f'data-url="{SUGGEST}"' in html


def test_the_search_box_shows_nothing_for_a_council_outside_the_queryset(tree, monkeypatch):
    monkeypatch.setattr(widgets, "PICKER_THRESHOLD", 1)
    outside = tree.council("sibling")
    inside = Council.objects.filter(unit__path__startswith=tree.province.path)
    form = PickForm({"council": str(outside.pk)}, councils=inside.order_by("unit__path"))
    assert not form.is_valid()
    html = str(form["council"])
    assert outside.name not in html
    assert 'name="council" value=""' in html


def test_an_editable_picker_searches_only_editable_councils(tree, monkeypatch):
    monkeypatch.setattr(widgets, "PICKER_THRESHOLD", 1)

    class EditForm(forms.Form):
        council = CouncilChoiceField(label="HĐND", editable=True)

    form = EditForm()
    form.fields["council"].queryset = _all()
    assert f'data-url="{SUGGEST}?editable=1"' in str(form["council"])


def test_htmx_attributes_go_on_the_input_that_carries_the_value(tree, monkeypatch):
    monkeypatch.setattr(widgets, "PICKER_THRESHOLD", 1)
    form = PickForm(councils=_all())
    form.fields["council"].widget.attrs.update({"hx-get": "/x/", "hx-trigger": "change"})
    html = str(form["council"])
    hidden = html.split("data-picker-value", 1)[1].split(">", 1)[0]
    assert 'hx-get="/x/"' in hidden
    assert 'hx-trigger="change"' in hidden


# --- the suggest endpoint ---------------------------------------------------------------------


def _suggest(client, user, **params):
    client.force_login(user)
    response = client.get(SUGGEST, params)
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("q", ["que tho", "THO QUE", "Quế"])
def test_suggestions_ignore_diacritics_and_word_order_and_carry_the_trail(client, tree, q):
    rows = _suggest(client, tree.users["admin"], q=q)
    assert [r["id"] for r in rows] == [tree.council("commune").pk]
    assert rows[0]["trail"] == f"{tree.province.title} / {tree.district.title}"


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("admin", {"province", "sibling"}),
        ("province_clerk", {"province"}),
        ("sibling_clerk", {"sibling"}),
        ("commune_office", set()),
    ],
)
def test_suggestions_are_scoped(client, tree, user, expected):
    # "Quảng Nam" and "Bắc Kạn" both hold "a": every province the user may see.
    rows = _suggest(client, tree.users[user], q="tinh")
    found = {r["id"] for r in rows}
    assert found == {tree.council(name).pk for name in expected}


def test_editable_suggestions_leave_out_councils_the_user_only_reads(client, tree):
    standing = tree.users["province_standing"]
    assert _suggest(client, standing, q="hiep duc")
    assert _suggest(client, standing, q="hiep duc", editable="1") == []
    office = tree.users["district_office"]
    rows = _suggest(client, office, q="hiep duc", editable="1")
    assert [r["id"] for r in rows] == [tree.council("district").pk]


def test_an_empty_query_suggests_nothing(client, tree):
    assert _suggest(client, tree.users["admin"], q="  ") == []


def test_suggestions_need_a_login(client, tree):
    response = client.get(SUGGEST, {"q": "que"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
