"""Per-council, dated rules (DOMAIN.md §18): the ⚠ figures are looked up here, never hard-coded.

A council's own CouncilSetting row wins, then a national row (council empty), then the built-in
default below with the legal basis it was taken from. Every rule has a type (ratio "2/3", integer,
day count, choice or list of choices "a,b"); `rule_clean` checks a value before it is saved, and a
malformed stored value is ignored, logged, so a page falls back instead of crashing.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from councils.models import Council, CouncilSetting, Level, valid_on_q

logger = logging.getLogger(__name__)

RATIO, INTEGER, DAYS, CHOICE = "ratio", "integer", "days", "choice"
DAY_LIST = "day_list"  # "15,7,3": distinct day counts, each at most `maximum`
TERM = "term"  # "10 working_days": a time limit in the unit the law counts in (DOMAIN.md §12)
TERM_UNITS = ("calendar_days", "working_days", "months")  # followups.models.Unit's values


@dataclass(frozen=True)
class Basis:
    """A built-in default in force from `valid_from`, with the text it is taken from: when a
    law replaces another (87/2015 by 121/2025 on 1/3/2026) both stay, dated (DOMAIN.md §9)."""

    valid_from: date
    default: str
    legal_basis: str


@dataclass(frozen=True)
class Rule:
    default: str
    label: str
    legal_basis: str
    kind: str
    maximum: int = 0  # INTEGER, DAYS and DAY_LIST: the largest sane value
    choices: tuple[str, ...] = ()  # CHOICE: the allowed values
    many: bool = False  # CHOICE: a comma-separated list of them
    # Later built-in defaults, oldest first; `default`/`legal_basis` hold before the first.
    since: tuple[Basis, ...] = ()

    def basis_on(self, on: date) -> tuple[str, str]:
        """(the built-in default, its legal basis) in force on `on`."""
        found = (self.default, self.legal_basis)
        for basis in self.since:
            if basis.valid_from <= on:
                found = (basis.default, basis.legal_basis)
        return found


DOCUMENT_LEAD_DAYS = "document_lead_days"
QUORUM = "quorum"
PASS_RATIO = "pass_ratio"  # noqa: S105 (not a password)
QUALIFIED_RATIO = "qualified_ratio"
PERCENT_DECIMALS = "percent_decimals"
CONFIDENCE_LEVELS = "confidence_poll_levels"
CONFIDENCE_DENOMINATOR = "confidence_poll_denominator"
RESOLUTION_SERIES = "resolution_numbering"
REMINDER_DAYS = "followup_reminder_days"
DUE_SOON_DAYS = "followup_due_soon_days"
URGE_RESPONSE_DAYS = "followup_urge_response_days"
PETITION_ANSWER_TERM = "petition_answer_term"
LETTER_TERM_COMPLAINT = "letter_term_complaint"
LETTER_TERM_DENUNCIATION = "letter_term_denunciation"
LETTER_TERM_PETITION = "letter_term_petition"
LETTER_TERM_FEEDBACK = "letter_term_feedback"
LETTER_TERM_MIXED = "letter_term_mixed"
SUPPLEMENTARY_REPORT_DAYS = "oversight_supplementary_report_days"
SUPPLEMENTARY_REPORT_UNIT = "oversight_supplementary_report_unit"

# The oversight law in force (DOMAIN.md §1, §9): Law 87/2015 with Res. 594/2022 until 28/2/2026,
# Law 121/2025 with Res. 114/2025/UBTVQH15 from 1/3/2026.
OVERSIGHT_LAW_2025 = date(2026, 3, 1)
OVERSIGHT_BASIS_2015 = "Luật 87/2015/QH13; Nghị quyết 594/NQ-UBTVQH15"
OVERSIGHT_BASIS_2025 = "Luật 121/2025/QH15; Nghị quyết 114/2025/UBTVQH15"


def oversight_basis(on: date) -> str:
    """The oversight law and UBTVQH guidance in force on `on` (an activity's decision date)."""
    return OVERSIGHT_BASIS_2025 if on >= OVERSIGHT_LAW_2025 else OVERSIGHT_BASIS_2015


RULES: dict[str, Rule] = {
    DOCUMENT_LEAD_DAYS: Rule(
        "7",
        _("Số ngày tối thiểu gửi tài liệu kỳ họp đến đại biểu trước ngày khai mạc"),
        "Quy chế làm việc mẫu 103/2025/UBTVQH15, 104/2025/UBTVQH15 (⚠ thường dẫn: 7 ngày)",
        DAYS,
        maximum=90,
    ),
    QUORUM: Rule(
        "2/3",
        _("Tỷ lệ đại biểu có mặt tối thiểu để tiến hành kỳ họp"),
        "Luật Tổ chức chính quyền địa phương (⚠ xác nhận theo Luật 72/2025/QH15)",
        RATIO,
    ),
    PASS_RATIO: Rule(
        "1/2",
        _("Biểu quyết thông qua: quá tỷ lệ này của tổng số đại biểu"),
        "Luật 77/2015/QH13; Luật 72/2025/QH15: quá nửa tổng số đại biểu",
        RATIO,
    ),
    QUALIFIED_RATIO: Rule(
        "2/3",
        _("Biểu quyết đặc biệt (bãi nhiệm...): ít nhất tỷ lệ này của tổng số đại biểu"),
        "Luật 77/2015/QH13 Điều 91 khoản 3 (⚠ xác nhận điều tương ứng Luật 72/2025/QH15)",
        RATIO,
    ),
    PERCENT_DECIMALS: Rule(
        "2", _("Số chữ số thập phân của tỷ lệ phần trăm"), "Thông lệ báo cáo", INTEGER, maximum=4
    ),
    CONFIDENCE_LEVELS: Rule(
        "province,district",
        _("Cấp HĐND thực hiện lấy phiếu tín nhiệm"),
        "Nghị quyết 96/2023/QH15 (⚠ áp dụng sau 01/7/2025)",
        CHOICE,
        choices=tuple(Level.values),
        many=True,
    ),
    CONFIDENCE_DENOMINATOR: Rule(
        "delegates",
        _("Mẫu số tính tỷ lệ phiếu tín nhiệm: delegates (tổng số đại biểu) hoặc ballots"),
        "Nghị quyết 96/2023/QH15 (⚠ 'tổng số phiếu' hay 'tổng số đại biểu')",
        CHOICE,
        choices=("delegates", "ballots"),
    ),
    RESOLUTION_SERIES: Rule(
        "by_kind",
        _("Đánh số nghị quyết: by_kind (QPPL và cá biệt riêng) hoặc shared (chung một dãy)"),
        "Luật 64/2025/QH15, Nghị định 78/2025/NĐ-CP, Nghị định 30/2020/NĐ-CP",
        CHOICE,
        choices=("by_kind", "shared"),
    ),
    REMINDER_DAYS: Rule(
        "15,7,3",
        _("Nhắc hạn trước hạn hoàn thành bao nhiêu ngày (danh sách, ví dụ 15,7,3)"),
        "Thông lệ theo dõi kiến nghị sau giám sát (⚠ theo quy chế của từng HĐND)",
        DAY_LIST,
        maximum=365,
    ),
    DUE_SOON_DAYS: Rule(
        "7",
        _("Coi là sắp đến hạn khi còn không quá số ngày này"),
        "Thông lệ (⚠ theo quy chế của từng HĐND)",
        DAYS,
        maximum=90,
    ),
    URGE_RESPONSE_DAYS: Rule(
        "10",
        _("Số ngày làm việc, kể từ ngày văn bản đôn đốc, để cơ quan hoàn thành và báo cáo"),
        "Thông lệ đôn đốc sau giám sát (⚠ theo quy chế của từng HĐND)",
        DAYS,
        maximum=90,
    ),
    PETITION_ANSWER_TERM: Rule(
        "30 calendar_days",
        _("Thời hạn cơ quan trả lời kiến nghị cử tri được chuyển đến (số và đơn vị)"),
        "Thông lệ phối hợp giữa Thường trực HĐND và UBND (⚠ chưa xác minh; theo quy chế của "
        "từng HĐND)",
        TERM,
        maximum=365,
    ),
    LETTER_TERM_COMPLAINT: Rule(
        "10 working_days",
        _("Đơn khiếu nại đã chuyển: thời hạn cơ quan có thẩm quyền thụ lý, trả lời"),
        "Luật Khiếu nại 02/2011/QH13 Điều 27 (10 ngày; ⚠ ngày làm việc hay ngày theo lịch "
        "khác nhau giữa các văn bản)",
        TERM,
        maximum=365,
    ),
    LETTER_TERM_DENUNCIATION: Rule(
        "7 working_days",
        _("Đơn tố cáo đã chuyển: thời hạn xử lý ban đầu"),
        "Luật Tố cáo 25/2018/QH14 Điều 24 (7 ngày làm việc; ⚠ gia hạn khi cần xác minh)",
        TERM,
        maximum=365,
    ),
    LETTER_TERM_PETITION: Rule(
        "10 working_days",
        _("Đơn kiến nghị đã chuyển: thời hạn cơ quan trả lời"),
        "Thông tư 05/2021/TT-TTCP (⚠ thường dẫn: 10 ngày làm việc)",
        TERM,
        maximum=365,
    ),
    LETTER_TERM_FEEDBACK: Rule(
        "10 working_days",
        _("Đơn phản ánh đã chuyển: thời hạn cơ quan trả lời"),
        "Thông tư 05/2021/TT-TTCP (⚠ thường dẫn: 10 ngày làm việc)",
        TERM,
        maximum=365,
    ),
    LETTER_TERM_MIXED: Rule(
        "7 working_days",
        _("Đơn có nhiều nội dung (khiếu nại và tố cáo): thời hạn ngắn hơn của hai loại"),
        "Luật Tố cáo 25/2018/QH14 Điều 24; Luật Khiếu nại 02/2011/QH13 Điều 27 (⚠ lấy thời hạn "
        "ngắn hơn)",
        TERM,
        maximum=365,
    ),
    SUPPLEMENTARY_REPORT_DAYS: Rule(
        "5",
        _("Thời hạn cơ quan chịu giám sát gửi báo cáo bổ sung khi được yêu cầu"),
        f"{OVERSIGHT_BASIS_2015} (⚠ thông lệ: 05 ngày)",
        DAYS,
        maximum=90,
        since=(Basis(OVERSIGHT_LAW_2025, "5", f"{OVERSIGHT_BASIS_2025} (⚠ thông lệ: 05 ngày)"),),
    ),
    SUPPLEMENTARY_REPORT_UNIT: Rule(
        "working_days",
        _("Đơn vị của thời hạn báo cáo bổ sung: working_days (ngày làm việc) hoặc calendar_days"),
        f"{OVERSIGHT_BASIS_2015} (⚠ ngày làm việc hay ngày)",
        CHOICE,
        choices=("working_days", "calendar_days"),
        since=(
            Basis(
                OVERSIGHT_LAW_2025,
                "working_days",
                f"{OVERSIGHT_BASIS_2025} (⚠ ngày làm việc hay ngày)",
            ),
        ),
    ),
}

_RATIO = re.compile(r"([0-9]{1,4})\s*/\s*([0-9]{1,4})")
_INTEGER = re.compile(r"[0-9]{1,4}")
_DAY_LIST = re.compile(r"[0-9]{1,4}(\s*,\s*[0-9]{1,4})*")
_TERM = re.compile(r"([0-9]{1,4})\s+(" + "|".join(TERM_UNITS) + r")")


def _invalid(message: str, code: str, **params) -> ValidationError:
    return ValidationError({"value": ValidationError(message, code=code, params=params)})


def rule_clean(key: str, value: str) -> str:
    """The value as stored, once it fits its rule's type; else a ValidationError on its field."""
    rule = RULES.get(key)
    if rule is None:
        raise ValidationError(
            {
                "key": ValidationError(
                    gettext("Không có tham số “%(key)s”. Các tham số: %(keys)s."),
                    code="unknown_key",
                    params={"key": key, "keys": ", ".join(RULES)},
                )
            }
        )
    text = (value or "").strip()
    if rule.kind == RATIO:
        match = _RATIO.fullmatch(text)
        if not match or not 0 < int(match[1]) <= int(match[2]):
            raise _invalid(
                gettext("Nhập tỷ lệ dạng a/b, lớn hơn 0 và không quá 1, ví dụ 2/3."), "ratio"
            )
        return f"{int(match[1])}/{int(match[2])}"
    if rule.kind in (INTEGER, DAYS):
        if not _INTEGER.fullmatch(text) or int(text) > rule.maximum:
            message = (
                gettext("Nhập số ngày là số nguyên từ 0 đến %(maximum)s.")
                if rule.kind == DAYS
                else gettext("Nhập số nguyên từ 0 đến %(maximum)s.")
            )
            raise _invalid(message, rule.kind, maximum=rule.maximum)
        return str(int(text))
    if rule.kind == DAY_LIST:
        days = [int(part) for part in text.split(",")] if _DAY_LIST.fullmatch(text) else []
        if not days or max(days) > rule.maximum or len(set(days)) != len(days):
            raise _invalid(
                gettext(
                    "Nhập các số ngày khác nhau, từ 0 đến %(maximum)s, cách nhau bởi dấu phẩy, "
                    "ví dụ 15,7,3."
                ),
                rule.kind,
                maximum=rule.maximum,
            )
        return ",".join(str(day) for day in sorted(days, reverse=True))
    if rule.kind == TERM:
        match = _TERM.fullmatch(text)
        if not match or not 1 <= int(match[1]) <= rule.maximum:
            raise _invalid(
                gettext(
                    "Nhập thời hạn dạng “số đơn vị”, số từ 1 đến %(maximum)s, đơn vị là một "
                    "trong: %(units)s; ví dụ 10 working_days."
                ),
                rule.kind,
                maximum=rule.maximum,
                units=", ".join(TERM_UNITS),
            )
        return f"{int(match[1])} {match[2]}"
    parts = [part.strip() for part in text.split(",")] if rule.many else [text]
    if not all(part in rule.choices for part in parts) or len(set(parts)) != len(parts):
        message = (
            gettext("Nhập một hoặc nhiều giá trị trong: %(choices)s, cách nhau bởi dấu phẩy.")
            if rule.many
            else gettext("Nhập một trong các giá trị: %(choices)s.")
        )
        raise _invalid(message, "choice", choices=", ".join(rule.choices))
    return ",".join(parts)


def rule_help(key: str) -> str:
    """What the value field expects, for forms: its unit or choices and the built-in default."""
    rule = RULES[key]
    shape = {
        RATIO: gettext("tỷ lệ a/b"),
        INTEGER: gettext("số nguyên"),
        DAYS: gettext("số ngày"),
        DAY_LIST: gettext("các số ngày, cách nhau bởi dấu phẩy"),
        TERM: gettext("số và đơn vị (calendar_days, working_days, months)"),
    }.get(rule.kind) or " | ".join(rule.choices)
    return gettext("%(key)s: %(shape)s (mặc định %(default)s)") % {
        "key": key,
        "shape": shape,
        "default": rule.default,
    }


# Bumped whenever a setting is saved or deleted (signals below), so that values memoised on a
# council object are never read after a change made in this process.
_generation = [0]


@receiver([post_save, post_delete], sender=CouncilSetting)
def _settings_changed(**_kwargs) -> None:
    _generation[0] += 1


def rule_values(council: Council | None, on: date, keys: list[str] | None = None) -> dict[str, str]:
    """Every rule in force for a council on a date, in one query.

    Memoised on the council object for its life (one request): a session page asks for the
    quorum, the lead time, the pass ratio and the poll rules of the same council and day.
    """
    if council is None:
        return _read(None, on, keys or list(RULES))
    memo = council.__dict__.get("_hdnd_rules")
    if memo is None or memo[0] != _generation[0]:
        memo = (_generation[0], {})
        council.__dict__["_hdnd_rules"] = memo
    if on not in memo[1]:
        memo[1][on] = _read(council, on, list(RULES))
    every = memo[1][on]
    return {k: every[k] for k in (keys or RULES)}


def _read(council: Council | None, on: date, keys: list[str]) -> dict[str, str]:
    values = {k: RULES[k].basis_on(on)[0] for k in keys}
    scope = Q(council__isnull=True) | Q(council=council) if council else Q(council__isnull=True)
    rows = (
        CouncilSetting.objects.filter(scope, valid_on_q(on), key__in=keys)
        .order_by("-valid_from")
        .values_list("key", "value", "council_id")
    )
    national: dict[str, str] = {}
    own: dict[str, str] = {}
    for key, value, council_id in rows:
        try:
            clean = rule_clean(key, value)
        except ValidationError:
            logger.warning("Ignoring malformed setting %s=%r (council %s)", key, value, council_id)
            continue
        (own if council_id else national).setdefault(key, clean)
    values.update(national)
    values.update(own)
    return values


def rule_by_council(key: str, on: date) -> tuple[str, dict[int, str]]:
    """One rule for every council at once, in ONE query: (the value in force where a council has
    none of its own, {council id: its own value}). For batch jobs over many councils, which must
    not ask `rule_values` once per council."""
    rows = (
        CouncilSetting.objects.filter(valid_on_q(on), key=key)
        .order_by("-valid_from")
        .values_list("council_id", "value")
    )
    national: str | None = None
    own: dict[int, str] = {}
    for council_id, value in rows:
        try:
            clean = rule_clean(key, value)
        except ValidationError:
            logger.warning("Ignoring malformed setting %s=%r (council %s)", key, value, council_id)
            continue
        if council_id is None:
            national = national or clean
        else:
            own.setdefault(council_id, clean)
    return national or RULES[key].basis_on(on)[0], own


def rule_value(council: Council | None, key: str, on: date) -> str:
    return rule_values(council, on, [key])[key]


def ratio(text: str) -> Fraction:
    """'2/3' → Fraction(2, 3); values come checked by `rule_clean`."""
    return Fraction(text.strip())


def int_value(council: Council | None, key: str, on: date) -> int:
    return int(rule_value(council, key, on))


def day_list(council: Council | None, key: str, on: date) -> tuple[int, ...]:
    """'15,7,3' → (15, 7, 3), largest first; values come checked by `rule_clean`."""
    return tuple(int(day) for day in rule_value(council, key, on).split(","))


def term(council: Council | None, key: str, on: date) -> tuple[int, str]:
    """'10 working_days' → (10, "working_days"): a time limit and the unit the law counts it in,
    for `followups.calendar.deadline_add`; values come checked by `rule_clean`."""
    count, unit = rule_value(council, key, on).split()
    return int(count), unit
