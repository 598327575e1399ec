"""The reception log in the layout of Form 03 (Circular 04/2021/TT-TTCP) and the letters list, as
Excel workbooks: exactly the rows the page's filters select, from the page's own selectors (so
scope and filters are the page's), written by core.xlsx. Citizens' personal data is written only
where the reader holds the capability for the row's council (`personal_visible`), masked
otherwise, as on the page."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from core.xlsx import Column, sheet_write
from followups.models import Obligation
from voters import selectors
from voters.models import Letter, LetterCategory, Reception

if TYPE_CHECKING:
    from core.models import User

RECEPTIONS = "voters.receptions"
LETTERS = "voters.letters"
CHUNK = 2000
TICK = "x"


def _name(value: str, visible: bool) -> str:
    return value if visible else selectors.masked_name(value or "")


def _hidden(value: str, visible: bool) -> str:
    return value if visible or not value else selectors.MASK


def reception_columns() -> list[Column]:
    """The 12 columns of Form 03 "Sổ tiếp công dân", with its headings; the three ways of
    handling are columns of their own, ticked, the forwarding one naming the agency."""
    return [
        Column(_("STT"), 6),
        Column(_("Ngày tiếp"), 12, is_date=True),
        Column(_("Họ tên - Địa chỉ"), 32),
        Column(_("Số CMND/Hộ chiếu của người được tiếp"), 18),
        Column(_("Nội dung vụ việc"), 50),
        Column(_("Phân loại đơn/Số người"), 18),
        Column(_("Cơ quan đã giải quyết"), 24),
        Column(_("Hướng xử lý: Thụ lý"), 12),
        Column(_("Hướng xử lý: Trả lại đơn và hướng dẫn"), 16),
        Column(_("Hướng xử lý: Chuyển đơn đến cơ quan, tổ chức, đơn vị có thẩm quyền"), 28),
        Column(_("Theo dõi kết quả giải quyết"), 30),
        Column(_("Ghi chú"), 24),
    ]


RECEPTION_FIELDS = (
    "received_on",
    "person_name",
    "address",
    "id_number",
    "content",
    "category",
    "persons",
    "handled_before_by",
    "handling",
    "forwarded_to__name",
    "result",
    "note",
    "personal_visible",
)


def _reception_rows(qs) -> Iterator[tuple]:
    categories = {k: str(v) for k, v in LetterCategory.choices}
    handled = Reception.Handling
    for number, (
        day,
        name,
        address,
        id_number,
        content,
        category,
        persons,
        before,
        handling,
        agency,
        result,
        note,
        visible,
    ) in enumerate(qs.values_list(*RECEPTION_FIELDS).iterator(chunk_size=CHUNK), start=1):
        who = _name(name, visible)
        where = _hidden(address, visible)
        yield (
            number,
            day,
            f"{who} - {where}" if where else who,
            _hidden(id_number, visible),
            content,
            f"{categories.get(category, category)}/{persons}",
            before,
            TICK if handling == handled.ACCEPTED else None,
            TICK if handling == handled.GUIDED else None,
            (agency or TICK) if handling == handled.FORWARDED else None,
            result,
            note,
        )


def reception_log_workbook_rows(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> tuple[IO[bytes], int]:
    """The reception log of the filtered period, oldest first as a log is kept (the builder of
    core.exports)."""
    qs = selectors.reception_list(user=user, filters=filters).order_by("received_on", "id")
    return sheet_write(
        title=_("Sổ tiếp công dân"), columns=reception_columns(), rows=_reception_rows(qs)
    )


def letter_columns() -> list[Column]:
    return [
        Column(_("Mã"), 8),
        Column(_("Ngày nhận"), 12, is_date=True),
        Column(_("Nguồn đơn"), 18),
        Column(_("Người gửi"), 26),
        Column(_("Địa chỉ người gửi"), 30),
        Column(_("Số CCCD người gửi"), 16),
        Column(_("Số người ký đơn"), 10),
        Column(_("Nội dung đơn"), 60),
        Column(_("HĐND"), 28),
        Column(_("Phân loại đơn"), 16),
        Column(_("Đơn nặc danh, trùng, không thuộc thẩm quyền, không đủ điều kiện"), 26),
        Column(_("Bước xử lý"), 20),
        Column(_("Cơ quan nhận đơn chuyển"), 30),
        Column(_("Số phiếu chuyển"), 14),
        Column(_("Ngày phiếu chuyển"), 12, is_date=True),
        Column(_("Hạn trả lời"), 12, is_date=True),
        Column(_("Tình trạng"), 20),
        Column(_("Ngày nhận kết quả"), 12, is_date=True),
    ]


LETTER_FIELDS = (
    "id",
    "received_on",
    "channel",
    "sender_name",
    "sender_address",
    "sender_id_number",
    "signers",
    "content",
    "council__name",
    "category",
    "anonymous",
    "duplicate_of_id",
    "outside_competence",
    "not_eligible",
    "status",
    "agency__name",
    "agency_text",
    "transfer_number",
    "transfer_date",
    "obligation__due_on",
    "obligation_state",
    "answered_on",
    "personal_visible",
)


def _letter_rows(qs) -> Iterator[tuple]:
    channels = {k: str(v) for k, v in Letter.Channel.choices}
    categories = {k: str(v) for k, v in LetterCategory.choices}
    statuses = {k: str(v) for k, v in Letter.Status.choices}
    states = {k: str(v) for k, v in Obligation.State.choices}
    flags = (_("nặc danh"), _("đơn trùng"), _("không thuộc thẩm quyền"), _("không đủ điều kiện"))
    for (
        pk,
        day,
        channel,
        name,
        address,
        id_number,
        signers,
        content,
        council,
        category,
        anonymous,
        duplicate_of,
        outside,
        not_eligible,
        status,
        agency,
        agency_text,
        number,
        transfer_date,
        due_on,
        state,
        answered_on,
        visible,
    ) in qs.values_list(*LETTER_FIELDS).iterator(chunk_size=CHUNK):
        marked = (anonymous, duplicate_of is not None, outside, not_eligible)
        yield (
            pk,
            day,
            channels.get(channel, channel),
            _name(name, visible),
            _hidden(address, visible),
            _hidden(id_number, visible),
            signers,
            content,
            council,
            categories.get(category, category),
            ", ".join(str(f) for f, on in zip(flags, marked, strict=True) if on),
            statuses.get(status, status),
            agency or agency_text,
            number,
            transfer_date,
            due_on,
            states.get(state, state),
            answered_on,
        )


def letter_workbook_rows(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> tuple[IO[bytes], int]:
    """The letters list as filtered, in the page's order (the builder of core.exports)."""
    qs = selectors.letter_list(user=user, filters=filters, today=timezone.localdate())
    return sheet_write(title=_("Đơn thư"), columns=letter_columns(), rows=_letter_rows(qs))
