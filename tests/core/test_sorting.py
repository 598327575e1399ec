"""Sortable columns (core/sorting.py) on the register, the session, commitment and delegate lists,
and the delegate list's council filter."""

import re
from datetime import date

import pytest
from django.urls import reverse

from core.sorting import Sorting
from tests.councils.test_scoping import merge_communes
from tests.factories import (
    DelegateFactory,
    ResolutionFactory,
    SessionFactory,
    council_of,
)
from tests.sessions.test_views_questioning import _commitment, records  # noqa: F401 (fixture)

SORT = Sorting(columns={"name": ("name_key",), "issued": ("issued_on",)}, default="-issued")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ["-issued_on", "-id"]),
        ("name", ["name_key", "id"]),
        ("-name", ["-name_key", "-id"]),
        ("password", ["-issued_on", "-id"]),  # not a column: the default, never the field
        ("--name", ["-issued_on", "-id"]),
    ],
)
def test_only_whitelisted_columns_reach_order_by(value, expected):
    assert SORT.order_by(value) == expected


def test_default_must_be_a_column():
    with pytest.raises(ValueError, match="not a column"):
        Sorting(columns={"name": ("name_key",)}, default="-issued")


def headers(response) -> dict[str, str]:
    """{sort key of each header link: aria-sort or ""} of the list's table."""
    found = {}
    for attrs, href in re.findall(
        r'<th scope="col"([^>]*)><a class="sort-link" href="\?([^"]*)"', response.content.decode()
    ):
        key = re.search(r"(?:^|;|&)sort=-?(\w+)", href).group(1)
        aria = re.search(r'aria-sort="(\w+)"', attrs)
        found[key] = (aria.group(1) if aria else "", href)
    return found


# --- the register ------------------------------------------------------------------------------


@pytest.fixture
def register(tree):
    """Three resolutions of two councils, signed on different days, numbered per council."""
    province, district = council_of(tree.province), council_of(tree.district)
    return {
        "old": ResolutionFactory(
            council=province, adopted_on=date(2023, 1, 5), issued_on=date(2023, 1, 5)
        ),
        "new": ResolutionFactory(
            council=district, adopted_on=date(2023, 11, 20), issued_on=date(2023, 11, 20)
        ),
        "mid": ResolutionFactory(
            council=province, adopted_on=date(2023, 6, 1), issued_on=date(2023, 6, 1)
        ),
    }


def rows(response) -> list[int]:
    return [r.pk for r in response.context["page"].object_list]


@pytest.mark.parametrize(
    "filters", [{}, {"council": "province"}, {"year": "2023"}, {"field": "budget"}]
)
def test_register_is_newest_first_whatever_the_filters(client, tree, register, filters):
    """Before: ordered by council name inside a year, so a filter changed which came first."""
    client.force_login(tree.users["province_clerk"])
    if filters.get("council"):
        filters = {"council": council_of(tree.province).pk}
    response = client.get(reverse("resolutions:register"), filters)
    shown = rows(response)
    expected = [register[k].pk for k in ("new", "mid", "old") if register[k].pk in shown]
    assert shown == expected
    assert len(shown) == 3


def test_register_sorts_by_a_column_and_keeps_the_filters(client, tree, register):
    client.force_login(tree.users["province_clerk"])
    url = reverse("resolutions:register")
    response = client.get(url, {"year": "2023", "sort": "issued", "page": "1"})
    assert rows(response) == [register[k].pk for k in ("old", "mid", "new")]
    found = headers(response)
    assert set(found) == {"number", "issued", "status"}
    aria, href = found["issued"]
    assert aria == "ascending"
    assert "year=2023" in href
    assert "sort=-issued" in href  # the sorted column's link reverses it
    assert "page=" not in href
    assert found["number"][0] == ""
    # The filter form keeps the order.
    assert '<input type="hidden" name="sort" value="issued">' in response.content.decode()


def test_register_number_order_is_year_council_sequence(client, tree, people):
    """The number column sorts by year, then council id, then sequence: what its index holds."""
    district, commune = people["district"].council, people["commune"].council
    made = [
        ResolutionFactory(council=c, adopted_on=day, issued_on=day)
        for c, day in [
            (commune, date(2023, 5, 1)),
            (district, date(2024, 2, 1)),
            (district, date(2023, 3, 1)),
            (district, date(2023, 9, 1)),
        ]
    ]
    client.force_login(tree.users["province_clerk"])
    shown = rows(client.get(reverse("resolutions:register"), {"sort": "number"}))
    expected = sorted(made, key=lambda r: (r.year, r.council_id, r.sequence))
    assert shown == [r.pk for r in expected]
    assert len({(r.year, r.council_id) for r in made}) == 3


def test_register_default_header_is_marked_descending(client, tree, register):
    client.force_login(tree.users["province_clerk"])
    found = headers(client.get(reverse("resolutions:register")))
    assert found["issued"][0] == "descending"


def test_register_export_follows_the_chosen_order(client, tree, register):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(tree.users["province_clerk"])
    response = client.get(reverse("resolutions:register_export"), {"sort": "issued"})
    sheet = load_workbook(BytesIO(response.getvalue())).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]]
    assert titles == [register[k].title for k in ("old", "mid", "new")]


# --- sessions and commitments ------------------------------------------------------------------


def test_session_list_sorts_by_council_and_date(client, tree, term):
    province, commune = council_of(tree.province), council_of(tree.commune)
    early = SessionFactory(council=commune, term=term, planned_start=date(2023, 3, 1))
    late = SessionFactory(council=province, term=term, planned_start=date(2023, 4, 1))
    late.planned_end = late.planned_start
    client.force_login(tree.users["province_clerk"])
    url = reverse("sessions:session_list")
    assert rows(client.get(url)) == [late.pk, early.pk]
    assert rows(client.get(url, {"sort": "planned"})) == [early.pk, late.pk]
    # By council id (an index walk, not a joined name or path): the province came first.
    response = client.get(url, {"sort": "council", "year": "2023"})
    assert rows(response) == [late.pk, early.pk]
    assert headers(response)["council"][0] == "ascending"
    assert "year=2023" in headers(response)["planned"][1]


def test_commitment_list_sorts_by_deadline_both_ways(client, tree, records):  # noqa: F811
    r = records["district"]
    soon = _commitment(question=r.question, due_on=date(2023, 8, 1))
    late = _commitment(question=r.question, due_on=date(2024, 8, 1))
    client.force_login(tree.users["district_office"])
    url = reverse("sessions:commitment_list")
    # The register's rows are the commitments' obligations.
    asc = rows(client.get(url))
    assert asc.index(soon.obligation_id) < asc.index(late.obligation_id)
    response = client.get(url, {"sort": "-due", "state": "open"})
    desc = rows(response)
    assert desc.index(late.obligation_id) < desc.index(soon.obligation_id)
    assert headers(response)["due"][0] == "descending"
    assert "state=open" in headers(response)["council"][1]


# --- delegates -----------------------------------------------------------------------------------


def test_delegate_list_sorts_by_name_and_council(client, tree, people):
    client.force_login(tree.users["province_clerk"])
    url = reverse("councils:delegate_list")
    by_name = [d.name_key for d in client.get(url).context["page"].object_list]
    assert by_name == sorted(by_name)
    desc = [d.name_key for d in client.get(url, {"sort": "-name"}).context["page"].object_list]
    assert desc == sorted(by_name, reverse=True)
    by_council = client.get(url, {"sort": "council"}).context["page"].object_list
    keys = [(d.council_id, d.name_key, d.pk) for d in by_council]
    assert keys == sorted(keys)
    assert len({d.council_id for d in by_council}) > 1


def test_delegate_council_filter_keeps_the_lineage(client, tree, people):
    """A merged commune's filter shows its delegates and those of the communes it absorbed."""
    new = merge_communes(tree)
    newcomer = DelegateFactory(council=council_of(new), full_name="Đại biểu Việt An")
    client.force_login(tree.users["province_clerk"])
    response = client.get(reverse("councils:delegate_list"), {"council": council_of(new).pk})
    shown = {d.pk for d in response.context["page"].object_list}
    assert shown == {
        newcomer.pk,
        *(d.pk for n in ("commune", "commune2") if n in people for d in (people[n].delegate,)),
        *(people[n].spare.pk for n in ("commune", "commune2") if n in people),
    }
    assert people["district"].delegate.pk not in shown


def test_delegate_council_filter_covers_the_subtree(client, tree, people):
    client.force_login(tree.users["province_clerk"])
    response = client.get(
        reverse("councils:delegate_list"), {"council": council_of(tree.district).pk}
    )
    councils = {d.council_id for d in response.context["page"].object_list}
    assert council_of(tree.district).pk in councils
    assert council_of(tree.commune).pk in councils
    assert council_of(tree.province).pk not in councils


def test_delegate_council_filter_refuses_a_council_out_of_scope(client, tree, people):
    """Another province's id is an invalid choice: nothing of it is shown, nor its name."""
    client.force_login(tree.users["province_clerk"])
    sibling = council_of(tree.sibling)
    response = client.get(reverse("councils:delegate_list"), {"council": sibling.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["council"]
    assert people["sibling"].delegate.pk not in {d.pk for d in response.context["page"].object_list}
    assert sibling.name not in response.content.decode()


def test_delegate_list_query_count_with_a_council(client, tree, crowd, django_assert_num_queries):
    """Session, user, scope (2), the chosen council (which the picker's label reuses), the
    lineage (one query per generation of mergers: Phước Sơn, then none), count, ids, rows."""
    client.force_login(tree.users["province_clerk"])
    with django_assert_num_queries(10):
        response = client.get(reverse("councils:delegate_list"), {"council": crowd.pk})
    assert len(response.context["page"].object_list) == 30


# --- every offered order is an index walk (issue 10) ------------------------------------------


def _sortings() -> dict[str, Sorting]:
    """Every Sorting declared in an app's filters module, by "<module>.<name>"."""
    import importlib

    from django.apps import apps

    found = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.filters")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if isinstance(value, Sorting):
                found[f"{config.name}.{name}"] = value
    return found


def _model_of(key: str):
    from councils.models import Delegate
    from followups.models import Obligation

    # The commitment register sorts with OBLIGATION_SORT: its rows are the obligations.
    from oversight.models import OversightActivity, Recommendation
    from resolutions.models import Resolution
    from sessions.models import Session
    from voters.models import ContactMeeting, Letter, PetitionItem, Reception

    return {
        "resolutions.RESOLUTION_SORT": Resolution,
        "sessions.SESSION_SORT": Session,
        "oversight.ACTIVITY_SORT": OversightActivity,
        "oversight.RECOMMENDATION_SORT": Recommendation,
        "councils.DELEGATE_SORT": Delegate,
        "followups.OBLIGATION_SORT": Obligation,
        "voters.PETITION_ITEM_SORT": PetitionItem,
        "voters.PETITION_ITEM_OVERDUE_SORT": PetitionItem,
        "voters.LETTER_SORT": Letter,
        "voters.LETTER_OVERDUE_SORT": Letter,
        "voters.RECEPTION_SORT": Reception,
        "voters.MEETING_SORT": ContactMeeting,
    }[key]


def _index_prefixes(model) -> set[tuple[str, ...]]:
    """The column sequences an index of `model` returns in order (each index's prefixes)."""
    found = set()
    for index in model._meta.indexes:
        columns = tuple(model._meta.get_field(f.lstrip("-")).column for f in index.fields)
        found |= {columns[:n] for n in range(1, len(columns) + 1)}
    return found


# The one order through a relation: the voters lists' "overdue" state (voters.filters.DUE) walks
# the engine's open obligations of the list's kind by due date, then fetches each one's row.
JOINED_WALKS = {("obligation__due_on", "obligation_id"): "obligation_open_kind_due"}


def _assert_joined_walk(model, fields: tuple[str, ...], index_name: str) -> None:
    """`fields` = (<relation>__<column>, <relation>_id): the related model's index, after its
    equality column (the kind), returns <column> then the id, which is the row's <relation>_id;
    the relation is one-to-one, so that id orders the rows as the model's own id would."""
    relation, column = fields[0].split("__")
    assert fields[1] == f"{relation}_id"
    field = model._meta.get_field(relation)
    assert field.one_to_one, f"{relation} may join several rows"
    index = next(i for i in field.related_model._meta.indexes if i.name == index_name)
    assert list(index.fields) == ["kind", column, "id"]


def test_every_sorting_is_checked():
    """A new sortable list must say which model its orders walk."""
    for key in _sortings():
        assert _model_of(key) is not None


@pytest.mark.parametrize("key", sorted(_sortings()))
def test_every_offered_order_has_an_index(key):
    """Each column's fields and the id tie-breaker are the leading columns of an index of the
    list's model (read backwards for descending), so no order sorts every row in scope; a
    joined field (council__unit__path) has no such index and is not offered."""
    from django.core.exceptions import FieldDoesNotExist

    sorting, model = _sortings()[key], _model_of(key)
    indexed = _index_prefixes(model)
    for column, fields in sorting.columns.items():
        if fields in JOINED_WALKS:
            _assert_joined_walk(model, fields, JOINED_WALKS[fields])
            continue
        try:
            columns = tuple(model._meta.get_field(f).column for f in (*fields, "id"))
        except FieldDoesNotExist:
            pytest.fail(f"{key}: {column!r} orders by a joined field {fields}")
        assert columns in indexed, f"{key}: no index for {column!r} {columns}"
