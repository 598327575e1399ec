"""A delegate linked to their own account: by those who manage roles at the delegate's council,
only to an account holding the delegate role there, one delegate per council and per term."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from councils import scoping, services
from councils.models import Delegate, Role
from tests.conftest import WHO
from tests.factories import DelegateFactory, TermFactory, UserFactory, seat, system_actor

LOGIN = reverse("login")


@pytest.fixture
def admins(tree):
    """Administrators held at the province and at the sibling province."""
    for name, node in (("province_admin", "province"), ("sibling_admin", "sibling")):
        user = UserFactory(username=name)
        services.role_assign(
            actor=system_actor(),
            user=user,
            role=Role.ADMIN,
            council=tree.council(node),
            valid_from=date(2021, 1, 1),
        )
        tree.users[name] = user
    return tree.users


def login(client, users, who: str) -> None:
    client.logout()
    if who != "anonymous":
        client.force_login(users[who])


def codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


# Who may open the commune delegate's account page: administrators covering the commune.
ACCOUNT_PAGE = {
    **dict.fromkeys(WHO, 403),
    "anonymous": 302,
    "admin": 200,
    "province_admin": 200,
    # Out of scope: a 404 that names nothing.
    "sibling_clerk": 404,
    "no_role": 404,
    "sibling_admin": 404,
}


def test_account_page_matrix(client, tree, people, admins):
    delegate = people["commune"].delegate
    url = reverse("councils:delegate_account", args=[delegate.pk])
    observed = {}
    for who in ACCOUNT_PAGE:
        login(client, admins, who)
        response = client.get(url)
        observed[who] = response.status_code
        if response.status_code == 302:
            assert response.url.startswith(f"{LOGIN}?next=")
        if response.status_code == 404:
            assert delegate.full_name not in response.content.decode()
    assert observed == ACCOUNT_PAGE


@pytest.mark.parametrize(("who", "shown"), [("province_admin", True), ("province_clerk", False)])
def test_the_edit_page_offers_the_link_to_role_managers_only(client, people, admins, who, shown):
    delegate = people["commune"].delegate
    login(client, admins, who)
    response = client.get(reverse("councils:delegate_update", args=[delegate.pk]))
    assert response.status_code == 200
    assert (response.context["account_form"] is not None) is shown
    action = reverse("councils:delegate_account", args=[delegate.pk])
    assert (action in response.content.decode()) is shown


def test_the_choices_are_the_councils_delegate_accounts(client, tree, people, admins):
    login(client, admins, "province_admin")
    response = client.get(
        reverse("councils:delegate_account", args=[people["commune"].delegate.pk])
    )
    assert list(response.context["form"].fields["user"].queryset) == [
        tree.users["commune_delegate"]
    ]


def test_linking_and_unlinking_through_the_page(client, tree, people, admins):
    delegate = people["commune"].delegate
    account = tree.users["commune_delegate"]
    url = reverse("councils:delegate_account", args=[delegate.pk])
    login(client, admins, "province_admin")
    response = client.post(url, {"user": account.pk})
    assert response.status_code == 302
    assert response.url == reverse("councils:delegate_update", args=[delegate.pk])
    delegate.refresh_from_db()
    assert delegate.user == account
    assert client.post(url, {"user": ""}).status_code == 302
    delegate.refresh_from_db()
    assert delegate.user is None


def test_an_account_outside_the_choices_is_a_field_error(client, tree, people, admins):
    delegate = people["commune"].delegate
    login(client, admins, "province_admin")
    response = client.post(
        reverse("councils:delegate_account", args=[delegate.pk]),
        {"user": tree.users["sibling_clerk"].pk},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["user"]] == ["invalid_choice"]
    delegate.refresh_from_db()
    assert delegate.user is None


@pytest.mark.parametrize("who", ["province_clerk", "commune_delegate", "sibling_admin"])
def test_others_cannot_post_a_link(client, tree, people, admins, who):
    delegate = people["commune"].delegate
    login(client, admins, who)
    response = client.post(
        reverse("councils:delegate_account", args=[delegate.pk]),
        {"user": tree.users["commune_delegate"].pk},
    )
    assert response.status_code == (404 if who == "sibling_admin" else 403)
    delegate.refresh_from_db()
    assert delegate.user is None


# ---------------------------------------------------------------------------------------------
# The service's rules.


def test_link_needs_role_management_at_the_council(tree, people, admins):
    delegate = people["commune"].delegate
    for who in ("province_clerk", "sibling_admin"):
        with pytest.raises(PermissionDenied):
            services.delegate_user_link(
                actor=admins[who], delegate=delegate, user=tree.users["commune_delegate"]
            )
    delegate.refresh_from_db()
    assert delegate.user is None


def test_link_gives_the_delegate_their_own_records(tree, people, admins):
    delegate = people["commune"].delegate
    account = tree.users["commune_delegate"]
    assert not scoping.can(account, "own_voter_work", delegate.council, obj=delegate)
    services.delegate_user_link(actor=admins["province_admin"], delegate=delegate, user=account)
    assert scoping.can(account, "own_voter_work", delegate.council, obj=delegate)
    services.delegate_user_link(actor=admins["province_admin"], delegate=delegate, user=None)
    account = type(account).objects.get(pk=account.pk)  # the account's next request
    assert not scoping.can(account, "own_voter_work", delegate.council, obj=delegate)


def test_link_refuses_an_account_without_the_delegate_role(tree, people, admins):
    delegate = people["commune"].delegate
    with pytest.raises(ValidationError) as exc:
        services.delegate_user_link(
            actor=admins["province_admin"], delegate=delegate, user=tree.users["commune_office"]
        )
    assert codes(exc.value) == {"user": ["no_delegate_role"]}
    inactive = tree.users["commune_delegate"]
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    with pytest.raises(ValidationError) as exc:
        services.delegate_user_link(
            actor=admins["province_admin"], delegate=delegate, user=inactive
        )
    assert codes(exc.value) == {"user": ["inactive"]}
    delegate.refresh_from_db()
    assert delegate.user is None


def test_one_delegate_per_council(tree, people, admins):
    account = tree.users["commune_delegate"]
    actor = admins["province_admin"]
    services.delegate_user_link(actor=actor, delegate=people["commune"].delegate, user=account)
    with pytest.raises(ValidationError) as exc:
        services.delegate_user_link(actor=actor, delegate=people["commune"].spare, user=account)
    assert codes(exc.value) == {"user": ["user_taken"]}
    assert Delegate.objects.filter(user=account).count() == 1


def test_one_delegate_per_term_across_councils(tree, people, term, admins):
    """Seated in the district and the commune in the same term: one record is theirs; a
    delegate record of another term may be linked too."""
    account = tree.users["commune_delegate"]
    actor = admins["province_admin"]
    services.role_assign(
        actor=system_actor(),
        user=account,
        role=Role.DELEGATE,
        council=tree.council("district"),
        valid_from=date(2021, 1, 1),
    )
    services.delegate_user_link(actor=actor, delegate=people["commune"].delegate, user=account)
    with pytest.raises(ValidationError) as exc:
        services.delegate_user_link(actor=actor, delegate=people["district"].delegate, user=account)
    assert codes(exc.value) == {"user": ["user_taken_in_term"]}
    earlier = DelegateFactory(council=tree.council("district"), full_name="Nhiệm kỳ trước")
    seat(
        earlier, TermFactory(name="2016-2021", start_on=date(2016, 7, 1), end_on=date(2021, 6, 30))
    )
    services.delegate_user_link(actor=actor, delegate=earlier, user=account)
    assert set(Delegate.objects.filter(user=account)) == {people["commune"].delegate, earlier}
