"""Every record of sessions and resolutions is reachable only through the scoping rule."""

import pytest
from django.apps import apps

from resolutions.models import Resolution
from sessions.models import Session
from tests.factories import ResolutionFactory, SessionFactory

APPS = ("council_sessions", "resolutions")


def scoped_models():
    return [
        m
        for label in APPS
        for m in apps.get_app_config(label).get_models()
        if not m.__name__.startswith("Historical")
    ]


@pytest.mark.parametrize("model", scoped_models(), ids=lambda m: m._meta.label)
def test_every_model_filters_through_visible_to(model, tree):
    """visible_to() exists and its council lookup resolves (a typo would raise FieldError)."""
    assert hasattr(model._default_manager, "visible_to")
    assert model._default_manager.visible_to(tree.users["sibling_clerk"]).count() == 0


def test_visible_to_hides_other_provinces(tree, term):
    SessionFactory(council=tree.council("commune"), term=term)
    ResolutionFactory(council=tree.council("commune"))
    assert Session.objects.visible_to(tree.users["province_clerk"]).count() == 1
    assert Session.objects.visible_to(tree.users["sibling_clerk"]).count() == 0
    assert Resolution.objects.visible_to(tree.users["commune_delegate"]).count() == 1
    assert Resolution.objects.visible_to(tree.users["no_role"]).count() == 0
