from io import StringIO

from django.core.management import call_command


def test_demo_logins_print_the_address_served():
    """`make run PORT=8101` passes its address, so the printed link is the one that works."""
    out = StringIO()
    call_command("demo_logins", "--url", "http://127.0.0.1:8101/", stdout=out)
    assert "Open http://127.0.0.1:8101/ and sign in." in out.getvalue()


def test_demo_logins_default_address():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "http://127.0.0.1:8000/" in out.getvalue()
