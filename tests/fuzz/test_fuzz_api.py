"""Schemathesis against the API's own schema, in-process (issue 9): no 500s, no answer that
breaks the schema, no status the schema does not list. Run by `.ci/run` (`-m fuzz`)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import PASSWORD
from tests.sessions.test_api import meetings  # noqa: F401 (a fixture: one of every record)

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = WSGIHandler()
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
EXAMPLES = 10  # per operation and user: 48 operations x 2 users in about 3 minutes on 2 cores


@pytest.fixture
def wsgi_in_test_transaction():
    """The WSGI handler closes "old" connections at each request, which would end the test's
    transaction; Django's own test client disconnects the same signal."""
    request_started.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)


@pytest.fixture(params=["admin", "commune_office"])
def token(request, client, tree, meetings, wsgi_in_test_transaction):  # noqa: F811
    """A superuser and a scoped user, each signed in through POST /api/token/ (the sign-in
    throttle counts in the cache, which outlives each operation's test: start it afresh)."""
    cache.clear()
    user = tree.users[request.param]
    response = client.post("/api/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["token"]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented(case, token):
    # As behind the TLS proxy (SECURE_PROXY_SSL_HEADER): no redirect to https.
    headers = {"Authorization": f"Token {token}", "X-Forwarded-Proto": "https"}
    case.call_and_validate(headers=headers, checks=CHECKS)
