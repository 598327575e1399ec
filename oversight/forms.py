"""Standing meetings, explanation hearings and commitments: shape only.

Choice fields take their querysets from the view, which gets them from scoped selectors; the
services decide every rule.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from councils.forms import BootstrapMixin, date_field
from councils.models import Agency, Body
from councils.widgets import CouncilChoiceField
from followups.filters import STATE_CHOICES
from oversight.models import StandingMeeting
from resolutions.models import Field
from sessions.forms.questioning import text_field


class CommitmentForm(BootstrapMixin, forms.Form):
    content = text_field(_("Nội dung cam kết"))
    responsible = forms.CharField(label=_("Người, cơ quan cam kết"), max_length=255)
    due_on = date_field(_("Thời hạn"))


class CommitmentFilterForm(forms.Form):
    """The register's filters, the engine's own (followups.filters.ObligationFilter); a bad
    value is ignored rather than refused."""

    # A search box, not a select: a filter bar must not read the councils on every page.
    council = CouncilChoiceField(label=_("Hội đồng nhân dân"), required=False, search=True)
    state = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[("", _("Mọi tình trạng")), *STATE_CHOICES],
        required=False,
    )

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["council"].empty_label = _("Mọi Hội đồng trong phạm vi")
        self.fields["council"].widget.attrs["class"] = "form-select"
        self.fields["state"].widget.attrs["class"] = "form-select"


class CouncilFilterForm(forms.Form):
    council = CouncilChoiceField(label=_("Hội đồng nhân dân"), required=False, search=True)

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["council"].empty_label = _("Mọi Hội đồng trong phạm vi")
        self.fields["council"].widget.attrs["class"] = "form-select"


class StandingMeetingForm(BootstrapMixin, forms.Form):
    held_on = date_field(_("Ngày họp"))
    number = forms.CharField(label=_("Phiên họp số"), max_length=20, required=False)
    agenda = text_field(_("Nội dung phiên họp"), rows=5)
    conclusions = text_field(_("Kết luận"), required=False, rows=5)
    conclusion_reference = forms.CharField(
        label=_("Số thông báo kết luận"),
        max_length=60,
        required=False,
        help_text=_("Ví dụ: 25/TB-HĐND"),
    )


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Body) -> str:
        return f"{obj.name} ({obj.term.name})"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StandingMeeting) -> str:
        if obj.number:
            return _("Phiên họp số %(number)s, ngày %(date)s") % {
                "number": obj.number,
                "date": f"{obj.held_on:%d/%m/%Y}",
            }
        return _("Phiên họp ngày %(date)s") % {"date": f"{obj.held_on:%d/%m/%Y}"}


class HearingForm(BootstrapMixin, forms.Form):
    body = BodyChoiceField(label=_("Cơ quan tổ chức"), queryset=Body.objects.none())
    held_on = date_field(_("Ngày giải trình"))
    agency = forms.ModelChoiceField(label=_("Cơ quan giải trình"), queryset=Agency.objects.none())
    meeting = MeetingChoiceField(
        label=_("Tại phiên họp Thường trực"),
        queryset=StandingMeeting.objects.none(),
        required=False,
    )
    topic = forms.CharField(label=_("Vấn đề giải trình"), max_length=500)
    conclusion = text_field(_("Kết luận"), required=False, rows=5)

    def __init__(self, *args, bodies, agencies, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].empty_label = _("— Thường trực hoặc một Ban —")
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = _("— chọn cơ quan —")
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].empty_label = "—"


class RecommendationFilterForm(BootstrapMixin, forms.Form):
    """The tracker's filter bar: shows what the user chose; RecommendationFilter filters."""

    state = forms.ChoiceField(
        label=_("Tình trạng"), choices=[("", _("— tất cả —")), *STATE_CHOICES], required=False
    )
    fell_due = forms.ChoiceField(
        label=_("Đến hạn"),
        choices=[("", _("— tất cả —")), ("true", _("Đã đến hạn")), ("false", _("Chưa đến hạn"))],
        required=False,
    )
    field = forms.ChoiceField(
        label=_("Lĩnh vực"), choices=[("", _("— tất cả —")), *Field.choices], required=False
    )
    council = CouncilChoiceField(
        label=_("HĐND (gồm cấp dưới)"), required=False, empty_label=_("— tất cả —"), search=True
    )
    issued_from = date_field(_("Kiến nghị từ ngày"), required=False)
    issued_to = date_field(_("Kiến nghị đến ngày"), required=False)
    # Set by the links of a row (owing agency, overseeing body, activity): no select of every
    # agency of the country on each page.
    agency = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    body = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    activity = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils


class FollowupReportForm(BootstrapMixin, forms.Form):
    """The period of the follow-up report on recommendations: a council in scope (with those
    below it, as the tracker filters) and the days of issue from and to."""

    council = CouncilChoiceField(label=_("HĐND (gồm cấp dưới)"), search=True)
    issued_from = date_field(_("Kiến nghị từ ngày"))
    issued_to = date_field(_("Kiến nghị đến ngày"))

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils

    def clean(self):
        data = super().clean()
        start, end = data.get("issued_from"), data.get("issued_to")
        if start and end and end < start:
            self.add_error("issued_to", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        return data
