"""Pages of users whose council was merged away: the tree opens on their own (old) councils and
links to a successor only where the user may open it."""

from datetime import date

import pytest
from django.urls import reverse

from councils import services
from councils.models import UnitSuccession
from tests.councils.test_scoping import merge_communes
from tests.factories import council_of, system_actor


def detail_url(unit) -> str:
    return reverse("councils:council_detail", args=[council_of(unit).pk])


@pytest.mark.parametrize(("who", "linked"), [("commune_office", False), ("province_clerk", True)])
def test_successor_is_a_link_only_where_it_can_be_opened(client, tree, who, linked):
    """The old commune's clerk reads the successor's name; following it would be a 404."""
    new = merge_communes(tree)
    client.force_login(tree.users[who])
    response = client.get(detail_url(tree.commune))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Việt An" in html
    assert (f'href="{detail_url(new)}"' in html) is linked
    assert client.get(detail_url(new)).status_code == (200 if linked else 404)


def test_home_of_a_merged_commune_opens_its_page_without_dead_links(client, tree):
    new = merge_communes(tree)
    client.force_login(tree.users["commune_office"])
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == detail_url(tree.commune)
    assert detail_url(new) not in response.content.decode()


def test_tree_of_a_merged_commune_shows_the_users_own_council(client, tree):
    """Before: "0 đơn vị" (the old commune does not exist today)."""
    merge_communes(tree)
    client.force_login(tree.users["commune_office"])
    response = client.get(reverse("councils:tree"))
    units = list(response.context["page"].object_list)
    assert units == [tree.commune]


def test_tree_still_hides_merged_units_that_are_not_the_users_own(client, tree):
    """Predecessors reached through the lineage stay behind the date filter at the top."""
    merge_communes(tree)
    client.force_login(tree.users["province_clerk"])
    response = client.get(reverse("councils:tree"), {"parent": tree.district.pk})
    assert list(response.context["page"].object_list) == []


def test_children_of_an_abolished_unit_open_on_its_last_day(client, tree):
    """A district abolished in 2025 lists the communes it had, not today's (none)."""
    new = merge_communes(tree)
    services.units_reorganise(
        actor=system_actor(),
        predecessors=[tree.district],
        successor=new,
        kind=UnitSuccession.Kind.MERGE,
        effective_on=date(2025, 7, 1),
    )
    client.force_login(tree.users["district_office"])
    top = client.get(reverse("councils:tree"))
    assert list(top.context["page"].object_list) == [tree.district]
    response = client.get(reverse("councils:tree"), {"parent": tree.district.pk})
    assert response.context["on"] == date(2025, 6, 30)
    assert {u.pk for u in response.context["page"].object_list} == {
        tree.commune.pk,
        tree.commune2.pk,
    }
