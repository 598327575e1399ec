"""The questioning pages' records (a session, a question, a meeting, a hearing and their
commitments per council) serve the oversight tests too."""

from tests.sessions.test_views_questioning import records  # noqa: F401
