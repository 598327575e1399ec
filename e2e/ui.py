"""What several browser tests do the same way: log in, switch language, run axe, find edit controls.

Locators go by role, label and link name (the texts are the Vietnamese msgids), so they survive
changes of layout and CSS.
"""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

PASSWORD = "HdndDemo@2026"  # noqa: S105 (the demo accounts' published password)
CLERK = "danang.vanphong"
READER = "danang.thuongtruc"

# Any link or form that changes something: every such URL of the app has one of these parts.
EDIT_CONTROLS = ", ".join(
    [
        *(
            f'a[href*="{part}"]'
            for part in (
                "/edit/",
                "/new/",
                "/transition/",
                "/issue/",
                "/link/",
                "/replace/",
                "/move/",
                "/close/",
                "/report/",
                "withdraw",
                "restore",
                "upload",
            )
        ),
        *(f'form[action*="{part}"]' for part in ("/transition/", "/move/", "withdraw", "restore")),
        'input[type="file"]',
    ]
)
BLOCKING_IMPACTS = ("serious", "critical")

_axe = Axe()


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def log_out_control(page: Page, name: str = "Đăng xuất") -> Locator:
    """The log-out button (or link): seen only by someone logged in, in the page's language."""
    return page.get_by_role("button", name=name).or_(page.get_by_role("link", name=name)).first


def switch_language(page: Page, code: str) -> None:
    """Choose a language in the header's selector; the page reloads in it."""
    page.get_by_label(re.compile(r"^(Ngôn ngữ|Language)$")).select_option(code)
    html = page.locator("html")
    try:
        expect(html).to_have_attribute("lang", code, timeout=5_000)
    except AssertionError:
        # Without script the selector's form needs its submit button.
        page.locator("form", has=page.locator("select[name=language]")).get_by_role(
            "button"
        ).click()
        expect(html).to_have_attribute("lang", code)


def edit_controls(page: Page) -> Locator:
    """Edit links, workflow forms and file inputs in the page's main content."""
    return page.get_by_role("main").locator(EDIT_CONTROLS)


def serious_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical findings (WCAG 2.x A/AA and best practices)."""
    results = _axe.run(page)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def assert_accessible(page: Page) -> None:
    """No serious or critical axe violation on the page as it is now; prints them otherwise."""
    violations = serious_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:10]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


def tiny_pdf() -> bytes:
    """A valid one-page PDF, small enough to write by hand (uploads check the real type)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
