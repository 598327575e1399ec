"""Who issues and signs a council's official documents (Decree 30/2020/NĐ-CP, DOMAIN.md §14):
the council (its Thường trực signs), the standing committee, a Ban or a delegate group; shared
by the oversight documents and the voters' reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from core.documents import Signer
from councils.models import Body, Council
from councils.selectors import body_head_name, standing_chair_name

if TYPE_CHECKING:
    from core.models import User


@dataclass(frozen=True)
class Issuer:
    """The body that issues a document: the council (its Thường trực signs), the
    standing committee, a Ban or a delegate group."""

    parent: str
    lines: tuple[str, ...]
    code: str  # after the type code: "QĐ-HĐND", "KH-BPC"
    name: str  # inside a sentence: "Thường trực HĐND huyện Hiệp Đức"
    signer: Signer


def initials(name: str) -> str:
    """'Ban Kinh tế - Ngân sách' → 'BKTNS': a Ban's part of the number and symbol."""
    return "".join(word[0] for word in name.split() if word[0].isalpha()).upper()


def issuer_of(council: Council, body: Body | None, *, user: User, on: date) -> Issuer:
    unit = council.unit.label
    caps = unit.upper()
    if body is None or body.kind == Body.Kind.STANDING:
        chair = standing_chair_name(user=user, council=council, on=on)
        signer = Signer(_("TM. THƯỜNG TRỰC HĐND"), _("CHỦ TỊCH"), chair)
        if body is None:
            return Issuer(
                "",
                (_("HỘI ĐỒNG NHÂN DÂN"), caps),
                "HĐND",
                _("Hội đồng nhân dân %(unit)s") % {"unit": unit},
                signer,
            )
        return Issuer(
            "",
            (_("THƯỜNG TRỰC HĐND"), caps),
            "TTHĐND",
            _("Thường trực HĐND %(unit)s") % {"unit": unit},
            signer,
        )
    head = body_head_name(user=user, body=body, on=on)
    if body.kind == Body.Kind.DELEGATE_GROUP:
        signer = Signer(_("TM. TỔ ĐẠI BIỂU"), _("TỔ TRƯỞNG"), head)
        code = "TĐB"
    else:
        signer = Signer(_("TM. %(body)s") % {"body": body.name.upper()}, _("TRƯỞNG BAN"), head)
        code = initials(body.name)
    return Issuer(
        _("HĐND %(unit)s") % {"unit": caps},
        (body.name.upper(),),
        code,
        _("%(body)s HĐND %(unit)s") % {"body": body.name, "unit": unit},
        signer,
    )
