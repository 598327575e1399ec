"""A clerk's session from plan to register, in a real browser, one step per test.

The steps share one logged-in page and run in order; once a step fails the later ones are
reported as xfail ("an earlier step failed") instead of failing for the same reason.
Dates are relative to today: the session opens today, so sittings and votes fall inside it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import ui
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect

pytestmark = pytest.mark.incremental

TODAY = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
COUNCIL = "Hội đồng nhân dân thành phố Đà Nẵng"
NUMBER = "99"  # the demo data has sessions 1 to 4 in this term
ITEMS = (
    "Dự thảo nghị quyết về bảng giá đất năm 2027 (kiểm thử E2E)",
    "Tờ trình về kế hoạch đầu tư công trung hạn (kiểm thử E2E)",
)
DOCUMENT = "Tờ trình về bảng giá đất năm 2027 (kiểm thử E2E)"
SESSION_PAGE = re.compile(
    r"/sessions/\d+/(#[\w-]*)?$"
)  # not a form below it (/sessions/7/items/new/)
RESOLUTION = "Nghị quyết về bảng giá đất năm 2027 (kiểm thử E2E)"


def d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def field(page: Page, label: str):
    """A form control by its label's start: required fields append " *" to the label."""
    return page.get_by_role("main").get_by_label(re.compile("^" + re.escape(label)))


def choose(select: Locator, text: str, *, reloads: str = "") -> None:
    """Select the option whose label contains `text` (labels carry numbers and dates).

    `reloads`: the path that htmx asks when this choice changes; wait until it has swapped in.
    """
    option = select.locator("option", has_text=text)
    expect(option).to_have_count(1)
    value = option.get_attribute("value")
    if not reloads:
        select.select_option(value)
        return
    page = select.page
    with page.expect_response(lambda r: r.url.split("?")[0].endswith(reloads)):
        select.select_option(value)
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


def save(page: Page, name: str = "Lưu") -> None:
    page.get_by_role("main").get_by_role("button", name=name, exact=True).first.click()


def expect_saved(page: Page) -> None:
    expect(page.get_by_role("main").locator(".invalid-feedback, .alert-danger")).to_have_count(0)


@pytest.fixture(scope="module")
def browser_errors() -> list[str]:
    """Script errors and console errors (a Content-Security-Policy refusal is one) of the flow."""
    return []


@pytest.fixture(scope="module")
def page(browser: Browser, browser_context_args: dict, browser_errors: list[str]) -> Iterator[Page]:
    context = browser.new_context(**browser_context_args)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.on("pageerror", lambda error: browser_errors.append(f"{page.url}: {error}"))

    def console(message: ConsoleMessage) -> None:
        # The browser asks for /favicon.ico by itself; the app has none.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            browser_errors.append(f"{page.url}: {message.text} ({message.location['url']})")

    page.on("console", console)
    yield page
    context.close()


@pytest.fixture(scope="module")
def flow() -> dict:
    """What a step leaves for the next ones (the session's URL, the resolution's number)."""
    return {}


def test_clerk_logs_in(page: Page) -> None:
    ui.log_in(page, ui.CLERK)
    expect(ui.log_out_control(page)).to_be_visible()


def test_create_session(page: Page, flow: dict) -> None:
    page.goto("/sessions/")
    page.get_by_role("link", name="Thêm kỳ họp").first.click()
    expect(page).to_have_url(re.compile(r"/sessions/new/"))
    field(page, "Hội đồng nhân dân").select_option(label=COUNCIL)
    field(page, "Kỳ họp thứ").fill(NUMBER)
    field(page, "Nội dung chính").fill("Kỳ họp kiểm thử trên trình duyệt")
    field(page, "Dự kiến khai mạc").fill(d(TODAY))
    field(page, "Dự kiến bế mạc").fill(d(TODAY + dt.timedelta(days=2)))
    field(page, "Địa điểm").fill("Hội trường UBND thành phố")
    field(page, "Số quyết định triệu tập").fill("99/QĐ-HĐND")
    field(page, "Ngày quyết định triệu tập").fill(d(TODAY - dt.timedelta(days=20)))
    save(page)
    expect(page).to_have_url(SESSION_PAGE)
    expect(page.get_by_role("heading", level=1)).to_contain_text(NUMBER)
    flow["session_url"] = page.url


def test_add_two_agenda_items(page: Page, flow: dict) -> None:
    page.goto(flow["session_url"])
    for title, kind in zip(ITEMS, ("Dự thảo nghị quyết", "Tờ trình"), strict=True):
        page.get_by_role("link", name="Thêm nội dung").click()
        field(page, "Nội dung").first.fill(title)
        field(page, "Loại nội dung").select_option(label=kind)
        save(page)
        expect(page).to_have_url(SESSION_PAGE)
    agenda = page.locator("#agenda")
    for title in ITEMS:
        expect(agenda.get_by_text(title)).to_be_visible()


def test_upload_a_document(page: Page, flow: dict) -> None:
    page.goto(flow["session_url"])
    page.get_by_role("link", name="Tải lên tài liệu").click()
    field(page, "Loại tài liệu").select_option(label="Tờ trình")
    field(page, "Thuộc nội dung chương trình").select_option(index=1)
    field(page, "Trích yếu").fill(DOCUMENT)
    field(page, "Số, ký hiệu").fill("45/TTr-UBND")
    field(page, "Tệp").set_input_files(
        files=[{"name": "to-trinh.pdf", "mimeType": "application/pdf", "buffer": ui.tiny_pdf()}]
    )
    save(page)
    expect(page).to_have_url(SESSION_PAGE)
    expect(page.locator("#documents").get_by_text(DOCUMENT)).to_be_visible()


def test_move_session_to_in_session(page: Page, flow: dict) -> None:
    page.goto(flow["session_url"])
    for step, status in (
        ("Triệu tập kỳ họp", "Đã triệu tập"),
        ("Đã gửi tài liệu đến đại biểu", "Đã gửi tài liệu"),
        ("Khai mạc kỳ họp", "Đang họp"),
    ):
        page.get_by_role("button", name=step).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(status)
    expect(page.locator("#history")).to_contain_text("Đang họp")
    ui.assert_accessible(page)  # the session page with its vote and roll-call links


def test_add_a_sitting(page: Page, flow: dict) -> None:
    page.goto(flow["session_url"])
    page.get_by_role("link", name="Thêm phiên họp").click()
    field(page, "Ngày họp").fill(d(TODAY))
    field(page, "Buổi").select_option(label="Buổi sáng")
    save(page)
    expect(page).to_have_url(SESSION_PAGE)
    expect(page.locator("#sittings")).to_contain_text(f"{d(TODAY)} · Buổi sáng")


def test_take_the_roll_with_the_keyboard(page: Page, flow: dict) -> None:
    page.goto(flow["session_url"])
    page.locator("#sittings").get_by_role("link", name="Điểm danh").first.click()
    expect(page).to_have_url(re.compile(r"/attendance/$"))
    rows = page.locator("tr[data-roll-row]")
    expect(rows.first).to_be_visible()  # count() does not wait for the page
    total = rows.count()
    assert total >= 3, "the city council should have delegates on the roll"
    # The first row without a choice has the focus: C (present) for all but two rows, then
    # P (excused) and K (absent); each key moves to the next row by itself.
    expect(rows.first).to_be_focused()
    ui.assert_accessible(page)
    for _ in range(total - 2):
        page.keyboard.press("c")
    page.keyboard.press("p")
    page.keyboard.press("k")
    # ↑ goes back to the last row but one and C changes it from excused to present.
    page.keyboard.press("ArrowUp")
    expect(rows.nth(total - 2)).to_be_focused()
    page.keyboard.press("c")
    expect(page.locator('[data-roll-count="present"]')).to_have_text(str(total - 1))
    expect(page.locator('[data-roll-count="absent"]')).to_have_text("1")
    page.get_by_role("button", name="Lưu điểm danh").first.click()
    expect(page.get_by_role("main")).to_contain_text(f"Đã lưu: {total - 1}/{total}")
    page.goto(flow["session_url"])
    expect(page.locator("#sittings")).to_contain_text("Đủ số đại biểu")
    flow["present"] = total - 1
    flow["total"] = total


def test_record_a_vote_by_counts(page: Page, flow: dict) -> None:
    page.goto(flow["session_url"])
    row = page.locator("#agenda tr", has_text=ITEMS[0])
    row.get_by_role("link", name="Ghi kết quả").click()
    expect(page).to_have_url(re.compile(r"/votes/new/$"))
    ui.assert_accessible(page)
    present = flow["present"]
    field(page, "Số đại biểu có mặt").fill(str(present))
    field(page, "Tán thành").fill(str(present - 1))
    field(page, "Không tán thành").fill("1")
    field(page, "Không biểu quyết").fill("0")
    save(page)
    expect(page).to_have_url(SESSION_PAGE)
    result = page.locator("#agenda tr", has_text=ITEMS[0])
    expect(result).to_contain_text("Thông qua")


def test_issue_a_resolution_and_see_its_number(page: Page, flow: dict) -> None:
    page.goto("/resolutions/")
    page.get_by_role("link", name="Thêm nghị quyết").click()
    choose(field(page, "HĐND ban hành"), COUNCIL, reloads="/resolutions/new/")
    field(page, "Loại nghị quyết").select_option(label="Cá biệt")
    field(page, "Lĩnh vực").select_option(label="Đất đai - Quy hoạch - Xây dựng")
    field(page, "Trích yếu").fill(RESOLUTION)
    # Choosing the session reloads the item choices, choosing the item the vote choices (htmx).
    choose(field(page, "Kỳ họp"), f"Kỳ họp thứ {NUMBER} ", reloads="/resolutions/new/")
    choose(field(page, "Nội dung chương trình kỳ họp"), ITEMS[0])
    vote = field(page, "Kết quả biểu quyết")
    expect(vote.locator("option")).not_to_have_count(1)
    vote.select_option(index=1)
    field(page, "Ngày thông qua").fill(d(TODAY))  # adopted at the session: ready to sign
    save(page, "Lưu dự thảo")
    expect(page).to_have_url(re.compile(r"/resolutions/\d+/$"))
    flow["resolution_url"] = page.url
    page.get_by_role("link", name="Ban hành, cấp số").click()
    field(page, "Ngày ký ban hành").fill(d(TODAY))
    field(page, "Người ký").fill("Chủ tịch HĐND")
    save(page, "Ban hành và cấp số")
    expect(page).to_have_url(flow["resolution_url"])
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"\d{2}/NQ-HĐND"))
    flow["number"] = re.search(r"\d{2}/NQ-HĐND", heading.inner_text()).group(0)


def test_export_the_register(page: Page, flow: dict) -> None:
    page.goto("/resolutions/")
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Excel")).click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:  # the saved download has no .xlsx name
        sheet = openpyxl.load_workbook(file, read_only=True).active
        rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert len(rows) > 10, "the demo register and our resolution"
    assert any(flow["number"] in map(str, row) for row in rows), flow["number"]


def test_switch_to_english(page: Page, flow: dict) -> None:
    page.goto(flow["session_url"])
    ui.switch_language(page, "en")
    expect(ui.log_out_control(page, "Log out")).to_be_visible()
    expect(page.locator("#agenda")).to_contain_text("Session agenda")
    ui.switch_language(page, "vi")
    expect(ui.log_out_control(page)).to_be_visible()


def test_no_script_or_policy_errors_on_the_way(page: Page, browser_errors: list[str]) -> None:
    """Every page of the flow ran its scripts without an error or a CSP refusal."""
    expect(ui.log_out_control(page)).to_be_visible()  # still the flow's page
    assert browser_errors == []
