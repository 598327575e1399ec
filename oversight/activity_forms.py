"""Entry forms of programmes, activities and recommendations (issue 12): shape only.

The views give every choice its queryset from scoped reads; the services
(oversight.services_activities) decide every rule and their errors land on these fields.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CheckedFileField, ReuploadHintMixin
from councils.forms import BootstrapMixin, date_field
from councils.models import Agency, Body, Delegate
from councils.widgets import CouncilChoiceField
from followups.models import Unit as TermUnit
from oversight.activities import (
    ActivityDocument,
    ActivityKind,
    OversightActivity,
    ProgrammeItem,
)
from oversight.models import ExplanationHearing
from resolutions.models import Field, Resolution
from sessions.forms.questioning import text_field


def _choices(form: forms.Form, **querysets) -> None:
    for name, queryset in querysets.items():
        form.fields[name].queryset = queryset


class OversightCouncilForm(BootstrapMixin, forms.Form):
    """The first step of a new programme or activity: the council (its bodies and agencies
    are the choices of the second step)."""

    council = CouncilChoiceField(
        label=_("Hội đồng nhân dân"),
        empty_label=_("— chọn Hội đồng —"),
        editable=True,
        error_messages={"invalid_choice": _("Chọn Hội đồng mà bạn được tiến hành giám sát.")},
    )

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["council"].widget.attrs["data-submit-on-change"] = ""


class BodyField(forms.ModelChoiceField):
    """The overseeing body; empty stands for the council itself when the user runs its own."""

    def label_from_instance(self, obj: Body) -> str:
        return obj.name


def _body_field(label) -> BodyField:
    return BodyField(label=label, queryset=Body.objects.none(), required=False)


def _set_bodies(form: forms.Form, bodies: list[Body], council_allowed: bool) -> None:
    field = form.fields["body"]
    field.queryset = Body.objects.filter(pk__in=[b.pk for b in bodies]).order_by(
        "kind", "position", "id"
    )
    field.required = not council_allowed
    field.empty_label = _("Hội đồng nhân dân") if council_allowed else _("— chọn cơ quan —")


class ProgrammeForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Năm"))
    body = _body_field(_("Cơ quan lập chương trình"))
    title = forms.CharField(label=_("Tên chương trình"), max_length=500)

    def __init__(self, *args, bodies, council_allowed, **kwargs):
        super().__init__(*args, **kwargs)
        _set_bodies(self, bodies, council_allowed)


class ProgrammeEditForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Tên chương trình"), max_length=500)


class ResolutionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Resolution) -> str:
        return f"{obj.number} — {obj.title[:120]}"


class ProgrammeAdoptForm(BootstrapMixin, forms.Form):
    adopted_on = date_field(_("Ngày thông qua, ban hành"), required=False)
    resolution = ResolutionField(
        label=_("Nghị quyết thông qua"), queryset=Resolution.objects.none(), required=False
    )
    document_number = forms.CharField(
        label=_("Số, ký hiệu văn bản ban hành"),
        max_length=60,
        required=False,
        help_text=_(
            "Chương trình của Thường trực, Ban, Tổ: số văn bản ban hành, ví dụ 07/KH-TTHĐND."
        ),
    )

    def __init__(self, *args, resolutions, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, resolution=resolutions)
        self.fields["resolution"].empty_label = "—"


class ItemForm(BootstrapMixin, forms.Form):
    topic = forms.CharField(label=_("Nội dung giám sát"), max_length=500)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ActivityKind.choices)
    quarter = forms.TypedChoiceField(
        label=_("Quý"), coerce=int, choices=[(q, _("Quý %(q)s") % {"q": q}) for q in (1, 2, 3, 4)]
    )
    body = _body_field(_("Cơ quan tiến hành"))
    agencies = forms.ModelMultipleChoiceField(
        label=_("Đối tượng chịu giám sát"), queryset=Agency.objects.none(), required=False
    )
    position = forms.IntegerField(label=_("Thứ tự"), min_value=0, required=False)

    def __init__(self, *args, bodies, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        _set_bodies(self, bodies, council_allowed=True)
        self.fields["body"].empty_label = _("— như chương trình —")
        _choices(self, agencies=agencies)
        self.fields["agencies"].widget.attrs["size"] = 6


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OversightActivity) -> str:
        return f"{obj.year} — {obj.topic[:120]}"


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProgrammeItem) -> str:
        return _("Quý %(q)s — %(topic)s") % {"q": obj.quarter, "topic": obj.topic[:120]}


class ActivityEditForm(BootstrapMixin, forms.Form):
    """What an activity records besides its status, council and body (services.ACTIVITY_FIELDS)."""

    topic = forms.CharField(label=_("Nội dung giám sát"), max_length=500)
    agencies = forms.ModelMultipleChoiceField(
        label=_("Đối tượng chịu giám sát"), queryset=Agency.objects.none(), required=False
    )
    period_from = date_field(_("Thời kỳ giám sát từ ngày"), required=False)
    period_to = date_field(_("Thời kỳ giám sát đến ngày"), required=False)
    decision_number = forms.CharField(
        label=_("Số quyết định thành lập đoàn"), max_length=60, required=False
    )
    decision_date = date_field(_("Ngày quyết định thành lập đoàn"), required=False)
    plan_number = forms.CharField(label=_("Số kế hoạch"), max_length=60, required=False)
    plan_date = date_field(_("Ngày kế hoạch"), required=False)
    invited_members = text_field(_("Thành phần mời tham gia"), required=False, rows=2)
    findings = text_field(_("Kết quả khảo sát, làm việc"), required=False, rows=4)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, agencies=agencies)
        self.fields["agencies"].widget.attrs["size"] = 6


class ActivityCreateForm(ActivityEditForm):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ActivityKind.choices)
    year = forms.IntegerField(label=_("Năm"))
    body = _body_field(_("Cơ quan tiến hành"))
    programme_item = ItemChoiceField(
        label=_("Nội dung chương trình"), queryset=ProgrammeItem.objects.none(), required=False
    )
    reoversight_of = ActivityChoiceField(
        label=_("Tái giám sát hoạt động"),
        queryset=OversightActivity.objects.none(),
        required=False,
        help_text=_("Chỉ với hình thức tái giám sát."),
    )
    field_order = ["kind", "topic", "year", "body", "programme_item", "agencies"]

    def __init__(self, *args, bodies, council_allowed, items, earlier, agencies, **kwargs):
        super().__init__(*args, agencies=agencies, **kwargs)
        self.fields.pop("findings")
        _set_bodies(self, bodies, council_allowed)
        _choices(self, programme_item=items, reoversight_of=earlier)
        self.fields["programme_item"].empty_label = _("— ngoài chương trình —")
        self.fields["reoversight_of"].empty_label = "—"


class MoveForm(BootstrapMixin, forms.Form):
    note = text_field(_("Ghi chú, lý do"), required=False, rows=2)


class DecideForm(BootstrapMixin, forms.Form):
    decision_number = forms.CharField(
        label=_("Số quyết định thành lập đoàn"), max_length=60, required=False
    )
    decision_date = date_field(_("Ngày quyết định thành lập đoàn"), required=False)
    note = text_field(_("Ghi chú"), required=False, rows=2)


class ConcludeForm(BootstrapMixin, forms.Form):
    """The conclusion report in its five parts (DOMAIN.md §9); the service says what is missing."""

    concluded_on = date_field(_("Ngày báo cáo kết quả giám sát"), required=False)
    conclusion_reference = forms.CharField(
        label=_("Số, ký hiệu báo cáo kết quả giám sát"), max_length=60, required=False
    )
    general_assessment = text_field(_("1. Đánh giá chung"), required=False, rows=4)
    advantages_difficulties = text_field(_("2. Thuận lợi, khó khăn"), required=False, rows=4)
    results = text_field(_("3. Kết quả đạt được"), required=False, rows=4)
    shortcomings_causes = text_field(
        _("4. Tồn tại, hạn chế và nguyên nhân"), required=False, rows=4
    )
    proposals = text_field(_("5. Kiến nghị, đề xuất"), required=False, rows=4)


class DelegateField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Delegate) -> str:
        return obj.full_name


class DelegatesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Delegate) -> str:
        return obj.full_name


class MembersForm(BootstrapMixin, forms.Form):
    """The delegation: one head, deputies, members, a secretary; the invited as text."""

    head = DelegateField(label=_("Trưởng đoàn"), queryset=Delegate.objects.none(), required=False)
    deputies = DelegatesField(
        label=_("Phó Trưởng đoàn"), queryset=Delegate.objects.none(), required=False
    )
    members = DelegatesField(
        label=_("Thành viên"), queryset=Delegate.objects.none(), required=False
    )
    secretary = DelegateField(label=_("Thư ký"), queryset=Delegate.objects.none(), required=False)
    invited_members = text_field(_("Thành phần mời tham gia"), required=False, rows=3)

    def __init__(self, *args, delegates, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, head=delegates, deputies=delegates, members=delegates, secretary=delegates)
        for name in ("head", "secretary"):
            self.fields[name].empty_label = "—"
        for name in ("deputies", "members"):
            self.fields[name].widget.attrs["size"] = 8


class VisitForm(BootstrapMixin, forms.Form):
    visit_on = date_field(_("Ngày làm việc"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Cơ quan, đơn vị làm việc"), queryset=Agency.objects.none(), required=False
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, agency=agencies)
        self.fields["agency"].empty_label = "—"


class ReportRequestForm(BootstrapMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Cơ quan được yêu cầu"), queryset=Agency.objects.none(), required=False
    )
    subject = forms.CharField(label=_("Nội dung yêu cầu báo cáo"), max_length=500, required=False)
    requested_on = date_field(_("Ngày yêu cầu"), required=False)
    due_on = date_field(_("Hạn gửi báo cáo"), required=False)
    reference = forms.CharField(
        label=_("Số, ký hiệu văn bản yêu cầu"), max_length=60, required=False
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, agency=agencies)
        self.fields["agency"].empty_label = _("— chọn cơ quan —")


class SupplementForm(BootstrapMixin, forms.Form):
    requested_on = date_field(_("Ngày yêu cầu bổ sung"), required=False)
    subject = forms.CharField(
        label=_("Nội dung yêu cầu bổ sung"),
        max_length=500,
        required=False,
        help_text=_("Để trống: “Báo cáo bổ sung: ” và nội dung yêu cầu đầu."),
    )
    reference = forms.CharField(
        label=_("Số, ký hiệu văn bản yêu cầu"), max_length=60, required=False
    )


class ReceiveForm(BootstrapMixin, forms.Form):
    received_on = date_field(_("Ngày nhận báo cáo"), required=False)
    reference = forms.CharField(
        label=_("Số, ký hiệu báo cáo nhận được"), max_length=500, required=False
    )


class RecommendationEditForm(BootstrapMixin, forms.Form):
    content = text_field(_("Nội dung kiến nghị"), required=False, rows=4)
    field = forms.ChoiceField(
        label=_("Lĩnh vực"), choices=[("", "—"), *Field.choices], required=False
    )
    resolution = ResolutionField(
        label=_("Nghị quyết HĐND thông qua"), queryset=Resolution.objects.none(), required=False
    )

    def __init__(self, *args, resolutions, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, resolution=resolutions)
        self.fields["resolution"].empty_label = "—"


class RecommendationForm(RecommendationEditForm):
    """A recommendation to one agency; its due date is a date the report fixes, or a time
    limit counted by the engine from the day it was made."""

    agency = forms.ModelChoiceField(
        label=_("Cơ quan thực hiện"), queryset=Agency.objects.none(), required=False
    )
    issued_on = date_field(_("Ngày kiến nghị"), required=False)
    due_on = date_field(_("Hạn thực hiện"), required=False)
    term_count = forms.IntegerField(label=_("Hoặc thời hạn (số)"), min_value=1, required=False)
    term_unit = forms.ChoiceField(
        label=_("Đơn vị thời hạn"),
        choices=[("", "—"), *TermUnit.choices],
        required=False,
    )
    field_order = ["agency", "content", "field", "issued_on", "due_on", "term_count", "term_unit"]

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, agency=agencies)
        self.fields["agency"].empty_label = _("— chọn cơ quan —")


class HearingField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ExplanationHearing) -> str:
        return f"{obj.held_on:%d/%m/%Y} — {obj.topic[:120]}"


class HearingLinkForm(BootstrapMixin, forms.Form):
    hearing = HearingField(label=_("Phiên giải trình"), queryset=ExplanationHearing.objects.none())
    note = text_field(_("Ghi chú"), required=False, rows=2)

    def __init__(self, *args, hearings, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, hearing=hearings)
        self.fields["hearing"].empty_label = _("— chọn phiên giải trình —")


class ReoverseeForm(BootstrapMixin, forms.Form):
    reoversight = ActivityChoiceField(
        label=_("Hoạt động tái giám sát"), queryset=OversightActivity.objects.none()
    )
    happened_on = date_field(_("Ngày tái giám sát"), required=False)

    def __init__(self, *args, reoversights, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, reoversight=reoversights)
        self.fields["reoversight"].empty_label = _("— chọn hoạt động tái giám sát —")


class ActivityDocumentForm(ReuploadHintMixin, BootstrapMixin, forms.Form):
    """A document of the activity and its file (a new version: sessions' DocumentReplaceForm)."""

    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=ActivityDocument.Kind.choices)
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        error_messages={"required": _("Nhập trích yếu tài liệu.")},
    )
    reference = forms.CharField(
        label=_("Số, ký hiệu"), max_length=60, required=False, help_text=_("Ví dụ 12/BC-UBND")
    )
    issued_on = date_field(_("Ngày văn bản"), required=False)
    file = CheckedFileField(
        label=_("Tệp"),
        help_text=_("PDF, Word (.docx), Excel (.xlsx) hoặc ảnh PNG/JPEG; tối đa 25 MB."),
        error_messages={"required": _("Chọn tệp cần tải lên.")},
    )
