"""Error pages, the sidebar, and pages that render under a strict Content-Security-Policy."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from core.views import server_error_view
from tests.factories import ResolutionFactory, SessionFactory, council_of

STRICT = "script-src 'self'"


@pytest.fixture
def no_raise(client):
    client.raise_request_exception = False
    return client


def test_404_is_the_application_page_with_the_menu(client, tree):
    """A missing page keeps the menu (logged in) and speaks Vietnamese by default."""
    client.force_login(tree.users["province_clerk"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert 'id="sidebar"' in html
    assert "error-page" in html


def test_404_out_of_scope_looks_like_missing(client, tree):
    """A council outside the user's scope gets the same 404 page as a missing one."""
    client.force_login(tree.users["sibling_clerk"])
    response = client.get(reverse("councils:council_detail", args=[tree.council("commune").pk]))
    assert response.status_code == 404
    assert "error-page" in response.content.decode()


def test_404_in_english_when_english_is_chosen(client, tree):
    client.force_login(tree.users["province_clerk"])
    client.cookies["django_language"] = "en"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'lang="en"' in response.content.decode()


def test_404_for_anonymous_has_no_menu_and_a_login_link(client, db):
    response = client.get("/no-such-page/", headers={"accept-language": "en"})
    html = response.content.decode()
    assert response.status_code == 404
    assert 'lang="en"' in html
    assert 'id="sidebar"' not in html
    assert reverse("login") in html


def test_403_is_the_application_page(client, tree):
    """A read-only user following an edit link lands on the application's 403, not Django's."""
    client.force_login(tree.users["province_standing"])
    response = client.get(reverse("councils:council_update", args=[tree.council("province").pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "error-page" in html
    assert 'id="sidebar"' in html


@pytest.mark.urls("tests.core.error_urls")
def test_500_keeps_the_menu_and_the_language(no_raise, tree):
    no_raise.force_login(tree.users["province_clerk"])
    no_raise.cookies["django_language"] = "en"
    response = no_raise.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert 'lang="en"' in html
    assert 'id="sidebar"' in html
    assert "error-page" in html


def test_500_falls_back_to_a_plain_page_when_the_full_one_fails(db, caplog):
    """A request whose user cannot be loaded still gets a 500 page, without the menu."""
    request = RequestFactory().get("/", headers={"accept-language": "en"})
    request.user = SimpleLazyObject(lambda: 1 / 0)
    response = server_error_view(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert 'lang="en"' in html
    assert 'id="sidebar"' not in html
    assert "The 500 page failed" in caplog.text


def test_400_page(no_raise, db):
    """A disallowed host is a 400 with the application's page."""
    response = no_raise.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "error-page" in response.content.decode()


def test_csrf_failure_is_the_application_page(client, tree):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True, headers={"x-forwarded-proto": "https"})
    strict.force_login(tree.users["province_clerk"])
    response = strict.post(reverse("councils:term_create"), {"name": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "error-page" in html
    assert 'lang="vi"' in html


# --- sidebar -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "args", "current"),
    [
        ("councils:tree", [], "councils:tree"),
        ("councils:council_detail", ["province"], "councils:tree"),
        ("councils:delegate_list", [], "councils:delegate_list"),
        ("sessions:session_list", [], "sessions:session_list"),
        ("sessions:commitment_list", [], "sessions:commitment_list"),
        ("resolutions:register", [], "resolutions:register"),
        ("resolutions:task_overdue", [], "resolutions:task_overdue"),
        ("voters:petition_item_list", [], "voters:petition_item_list"),
        ("voters:letter_list", [], "voters:letter_list"),
        ("voters:statistics", [], "voters:statistics"),
    ],
)
def test_sidebar_marks_the_current_section(client, tree, url_name, args, current):
    """Exactly one sidebar link is current: the section of the page shown."""
    client.force_login(tree.users["province_clerk"])
    args = [tree.council(a).pk for a in args]
    html = client.get(reverse(url_name, args=args)).content.decode()
    marked = re.findall(r'<a class="nav-link active" href="([^"]+)" aria-current="page">', html)
    assert marked == [reverse(current)]


def test_sidebar_groups_and_coming_soon_entries(client, tree):
    client.force_login(tree.users["province_clerk"])
    html = client.get(reverse("councils:tree")).content.decode()
    assert 'class="sidebar offcanvas-lg offcanvas-start' in html
    assert html.count('aria-disabled="true"') == 2
    assert reverse("admin:index") not in html
    assert 'rel="icon"' in html


def test_language_switch_and_htmx_need_no_inline_code(client, tree):
    """The switch submits from static/js/hdnd.js (a button without JavaScript); htmx is told not
    to insert its indicator style."""
    client.force_login(tree.users["province_clerk"])
    html = client.get(reverse("councils:tree")).content.decode()
    assert "data-submit-on-change" in html
    assert re.search(r"<noscript><button[^>]*>", html)
    assert "js/hdnd.js" in html
    assert """content='{"includeIndicatorStyles":false}'""" in html


def test_sidebar_shows_administration_to_staff(client, tree):
    client.force_login(tree.users["admin"])
    html = client.get(reverse("councils:tree")).content.decode()
    assert reverse("admin:index") in html


# --- Content-Security-Policy ---------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.IGNORECASE)


def assert_csp_clean(response) -> None:
    html = response.content.decode()
    assert INLINE_SCRIPT.findall(html) == []
    assert HANDLER.findall(html) == []
    assert STYLE_ATTR.findall(html) == []
    assert "<style" not in html


def test_pages_send_a_strict_policy(client, tree):
    client.force_login(tree.users["province_clerk"])
    policy = client.get(reverse("councils:tree")).headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy


MAIN_PAGES = [
    ("councils:tree", []),
    ("councils:council_detail", ["council"]),
    ("councils:council_update", ["council"]),
    ("councils:delegate_list", []),
    ("councils:term_list", []),
    ("sessions:session_list", []),
    ("sessions:session_calendar", []),
    ("sessions:session_detail", ["session"]),
    ("sessions:commitment_list", []),
    ("sessions:standing_meeting_list", []),
    ("sessions:hearing_list", []),
    ("resolutions:register", []),
    ("resolutions:resolution_detail", ["resolution"]),
    ("resolutions:task_overdue", []),
    ("core:export_list", []),
    ("voters:petition_item_list", []),
    ("voters:letter_list", []),
    ("voters:reception_list", []),
    ("voters:statistics", []),
    ("password_change", []),
]


@pytest.mark.parametrize(("url_name", "args"), MAIN_PAGES)
def test_main_pages_render_under_the_policy(client, tree, term, url_name, args):
    """No inline script, event handler or style attribute: the strict policy would block them."""
    council = council_of(tree.province)
    objects = {
        "council": council,
        "session": SessionFactory(council=council, term=term),
        "resolution": ResolutionFactory(council=council),
    }
    client.force_login(tree.users["province_clerk"])
    response = client.get(reverse(url_name, args=[objects[a].pk for a in args]))
    assert response.status_code == 200
    assert STRICT in response.headers["Content-Security-Policy"]
    assert_csp_clean(response)


def test_login_page_renders_under_the_policy(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_csp_clean(response)


def test_api_docs_relax_only_styles(client, tree):
    """Swagger UI loads its script from a file; only its inline styles are let through."""
    client.force_login(tree.users["province_clerk"])
    response = client.get(reverse("api_docs"))
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert STRICT in policy
    assert INLINE_SCRIPT.findall(response.content.decode()) == []
    script = client.get(reverse("api_docs") + "?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_pdf_templates_inline_the_shared_stylesheet():
    """The PDF carries document.css inline, so its stored copy's digest follows the stylesheet."""
    from django.template import Template, TemplateSyntaxError
    from django.template.context import Context

    text = Template('{% load inline_static %}{% inline_static "css/document.css" %}').render(
        Context()
    )
    assert ".doc-header" in text
    with pytest.raises(TemplateSyntaxError):
        Template('{% load inline_static %}{% inline_static "css/none.css" %}').render(Context())
