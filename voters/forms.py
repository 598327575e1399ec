"""The voters pages' filter bars: they show what the user chose; the FilterSets in
voters/filters.py do the filtering. Choices come from scoped reads (councils.selectors)."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from councils.forms import BootstrapMixin, date_field
from councils.models import Council
from councils.widgets import CouncilChoiceField
from followups.filters import STATE_CHOICES
from sessions.models import Session
from voters.models import (
    Competence,
    ContactMeeting,
    Field,
    Letter,
    LetterCategory,
    PetitionItem,
    Reception,
)

ALL = _("— tất cả —")


def _choices(choices) -> list[tuple[str, str]]:
    return [("", ALL), *choices]


class _FilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Nội dung (gõ không dấu được)"), required=False, max_length=200)
    council = CouncilChoiceField(
        label=_("HĐND (gồm cấp dưới)"), required=False, empty_label=ALL, search=True
    )

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["q"].widget.attrs["placeholder"] = _("vd: sua chua duong")


class PetitionItemFilterForm(_FilterForm):
    state = forms.ChoiceField(
        label=_("Tình trạng theo dõi"), choices=_choices(STATE_CHOICES), required=False
    )
    status = forms.ChoiceField(
        label=_("Bước xử lý"), choices=_choices(PetitionItem.Status.choices), required=False
    )
    competence = forms.ChoiceField(
        label=_("Thẩm quyền giải quyết"), choices=_choices(Competence.choices), required=False
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=_choices(Field.choices), required=False)
    assessment = forms.ChoiceField(
        label=_("Kết quả"), choices=_choices(PetitionItem.Assessment.choices), required=False
    )
    raised_from = date_field(_("Nêu từ ngày"), required=False)
    raised_to = date_field(_("Nêu đến ngày"), required=False)
    compiled = forms.BooleanField(label=_("Chỉ nội dung tổng hợp"), required=False)
    # Chosen by a link on a row (an agency, a Ban): thousands nationwide, no drop-down.
    agency = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    ban = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class LetterFilterForm(_FilterForm):
    state = forms.ChoiceField(
        label=_("Tình trạng theo dõi"), choices=_choices(STATE_CHOICES), required=False
    )
    status = forms.ChoiceField(
        label=_("Bước xử lý"), choices=_choices(Letter.Status.choices), required=False
    )
    category = forms.ChoiceField(
        label=_("Phân loại"), choices=_choices(LetterCategory.choices), required=False
    )
    channel = forms.ChoiceField(
        label=_("Nguồn đơn"), choices=_choices(Letter.Channel.choices), required=False
    )
    received_from = date_field(_("Nhận từ ngày"), required=False)
    received_to = date_field(_("Nhận đến ngày"), required=False)
    duplicate = forms.NullBooleanField(
        label=_("Đơn trùng"),
        required=False,
        widget=forms.Select(choices=[("", ALL), ("true", _("Có")), ("false", _("Không"))]),
    )
    agency = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class ReceptionFilterForm(_FilterForm):
    category = forms.ChoiceField(
        label=_("Phân loại"), choices=_choices(LetterCategory.choices), required=False
    )
    handling = forms.ChoiceField(
        label=_("Hướng xử lý"), choices=_choices(Reception.Handling.choices), required=False
    )
    received_from = date_field(_("Tiếp từ ngày"), required=False)
    received_to = date_field(_("Tiếp đến ngày"), required=False)


class StatisticsForm(BootstrapMixin, forms.Form):
    """A period (dd/mm/yyyy) and how the petition items are grouped."""

    date_from = date_field(_("Từ ngày"))
    date_to = date_field(_("Đến ngày"))
    by = forms.ChoiceField(
        label=_("Thống kê theo"),
        choices=[
            ("field", _("Lĩnh vực")),
            ("agency", _("Cơ quan trả lời")),
            ("competence", _("Thẩm quyền giải quyết")),
            ("status", _("Bước xử lý")),
        ],
    )
    council = CouncilChoiceField(
        label=_("HĐND (gồm cấp dưới)"), required=False, empty_label=ALL, search=True
    )

    def __init__(self, *args, councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data


class PetitionImportForm(BootstrapMixin, forms.Form):
    """The import of a compiled petition list: where it goes, then the file. Shape only; the
    rules are voters.imports'. Choices are the councils where the user may enter petitions."""

    council = CouncilChoiceField(label=_("Hội đồng nhân dân"), search=True)
    meeting = forms.ModelChoiceField(
        label=_("Cuộc tiếp xúc cử tri đã ghi"),
        queryset=ContactMeeting.objects.none(),
        required=False,
        empty_label=_("— tạo cuộc tiếp xúc mới —"),
    )
    meeting_kind = forms.ChoiceField(
        label=_("Hình thức (cuộc tiếp xúc mới)"),
        choices=_choices(ContactMeeting.Kind.choices),
        required=False,
    )
    meeting_held_on = date_field(_("Ngày tiếp xúc"), required=False)
    meeting_place = forms.CharField(
        label=_("Tên đợt, địa điểm tiếp xúc"), max_length=255, required=False
    )
    meeting_session = forms.ModelChoiceField(
        label=_("Kỳ họp (tiếp xúc trước, sau kỳ họp)"),
        queryset=Session.objects.none(),
        required=False,
    )
    transfer_number = forms.CharField(
        label=_("Số văn bản chuyển (để trống nếu chưa chuyển)"), max_length=60, required=False
    )
    transfer_date = date_field(_("Ngày văn bản chuyển"), required=False)
    file = forms.FileField(label=_("Tệp Excel (.xlsx) danh sách tổng hợp"))

    def __init__(self, *args, councils: QuerySet[Council], user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["meeting"].queryset = (
            ContactMeeting.objects.visible_to(user)
            .filter(council__in=councils, withdrawn_at=None)
            .select_related("council")
            .order_by("-held_on", "-id")
        )
        self.fields["meeting"].label_from_instance = lambda m: f"{m} — {m.council.name}"
        self.fields["meeting_session"].queryset = (
            Session.objects.visible_to(user)
            .filter(council__in=councils, withdrawn_at=None)
            .select_related("council")
            .order_by("-id")
        )
        self.fields["file"].widget.attrs["accept"] = ".xlsx"

    def target_values(self) -> dict:
        """The import target's arguments (voters.imports.import_target)."""
        data = self.cleaned_data
        values = {
            "council": data["council"],
            "meeting": data.get("meeting"),
            "transfer_number": data.get("transfer_number", ""),
            "transfer_date": data.get("transfer_date"),
        }
        if values["meeting"] is None:
            values["new_meeting"] = {
                "kind": data.get("meeting_kind", ""),
                "held_on": data.get("meeting_held_on"),
                "place": data.get("meeting_place", ""),
                "session": data.get("meeting_session"),
            }
        return values


class VoterReportForm(BootstrapMixin, forms.Form):
    """The council and period of an official voters' report (voters/documents.py): a date
    range, or a session whose contact round (the meetings linked to it) sets the range."""

    council = CouncilChoiceField(label=_("Hội đồng nhân dân"), search=True)
    subtree = forms.BooleanField(label=_("Gồm HĐND cấp dưới"), required=False)
    session = forms.ModelChoiceField(
        label=_("Đợt tiếp xúc cử tri của kỳ họp"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("— theo khoảng thời gian —"),
    )
    date_from = date_field(_("Từ ngày"), required=False)
    date_to = date_field(_("Đến ngày"), required=False)

    def __init__(self, *args, councils: QuerySet[Council], user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        with_meetings = ContactMeeting.objects.visible_to(user).filter(
            session__isnull=False, withdrawn_at=None
        )
        self.fields["session"].queryset = (
            Session.objects.visible_to(user)
            .filter(withdrawn_at=None, pk__in=with_meetings.values("session_id"))
            .select_related("council__unit")
            .order_by("-planned_start", "-id")
        )
        self.fields["session"].label_from_instance = lambda s: (
            f"{s} — {s.council.name} ({s.planned_start:%d/%m/%Y})"
        )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("session") is None:
            start, end = data.get("date_from"), data.get("date_to")
            for name in ("date_from", "date_to"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Chọn kỳ họp hoặc nhập khoảng thời gian."))
            if start and end and end < start:
                self.add_error("date_to", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data
