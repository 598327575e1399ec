"""Voters' work of a council (issue 13, DOMAIN.md §10-§12): voter-contact meetings and the
petitions raised there, split into items that are merged, transferred, answered and assessed;
the citizen reception log (Form 03 of Circular 04/2021/TT-TTCP) and its schedule; letters.

What an agency owes (the answer to a petition item, to a forwarded letter) is an obligation of
the follow-up engine (`followups`): deadlines, extensions, reminders and overdue flags live there
and nowhere else. Nothing here is deleted: merges are undone, duplicates linked, entries withdrawn.
Tables reach millions of rows: every list filter and order has its index below, and each search
column (`search_text`, diacritics stripped by core.text.search_key) has a trigram index on
PostgreSQL (migration 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import LeanHistory, TimeStampedModel, TransitionRecord, Withdrawable
from core.uploads import private_storage
from core.workflow import Move, Workflow
from councils import scoping
from councils.models import Capability, CouncilScopedQuerySet
from resolutions.models import Field

__all__ = [
    "Competence",
    "ContactMeeting",
    "Field",
    "Letter",
    "LetterCategory",
    "LetterStat",
    "Petition",
    "PetitionImport",
    "PetitionItem",
    "PetitionMerge",
    "PetitionStat",
    "Reception",
    "ReceptionSchedule",
]

SEARCH_MAX = 1000  # characters of a search key: enough to tell issues apart, small to index


class Competence(models.TextChoices):
    """Whose competence an issue is (DOMAIN.md §10); central ones go to the NA delegation."""

    PROVINCE = "province", _("Cấp tỉnh")
    # Before 1/7/2025 a district's council compiled its own petitions (DOMAIN.md §2).
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    CENTRAL = "central", _("Trung ương")


class LetterCategory(models.TextChoices):
    """Classification of a letter (and of the case brought to a reception), DOMAIN.md §12."""

    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    PETITION = "petition", _("Kiến nghị")
    FEEDBACK = "feedback", _("Phản ánh")
    MIXED = "mixed", _("Nhiều nội dung")


class ContactMeeting(Withdrawable, TimeStampedModel):
    """A voter-contact meeting (tiếp xúc cử tri), co-hosted with the Fatherland Front."""

    class Kind(models.TextChoices):
        BEFORE_SESSION = "before_session", _("Trước kỳ họp")
        AFTER_SESSION = "after_session", _("Sau kỳ họp")
        THEMATIC = "thematic", _("Chuyên đề")
        CONSTITUENCY = "constituency", _("Đại biểu tiếp xúc tại đơn vị bầu cử")

    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="contact_meetings",
        db_index=False,  # the (council, held_on, id) index leads with it
        verbose_name=_("Hội đồng nhân dân"),
    )
    kind = models.CharField(_("hình thức"), max_length=20, choices=Kind.choices)
    session = models.ForeignKey(
        "council_sessions.Session",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="contact_meetings",
        verbose_name=_("kỳ họp"),
    )
    held_on = models.DateField(_("ngày tiếp xúc"))
    place = models.CharField(_("địa điểm"), max_length=255)
    voters_count = models.PositiveIntegerField(_("số cử tri tham dự"), null=True, blank=True)
    front_cohost = models.CharField(_("Ủy ban MTTQ phối hợp tổ chức"), max_length=255, blank=True)
    delegates = models.ManyToManyField(
        "councils.Delegate",
        related_name="contact_meetings",
        blank=True,
        verbose_name=_("đại biểu tham dự"),
    )
    minutes = models.TextField(_("biên bản"), blank=True)
    # The delegate whose own record this is (a delegate records their constituency contacts):
    # councils.scoping grants a delegate's own voter work through this field (obj.delegate_id).
    delegate = models.ForeignKey(
        "councils.Delegate",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="own_contact_meetings",
        verbose_name=_("đại biểu ghi nhận"),
    )
    history = LeanHistory(excluded_fields=["delegates"])

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc tiếp xúc cử tri")
        verbose_name_plural = _("cuộc tiếp xúc cử tri")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["held_on", "id"], name="meeting_held"),
            models.Index(fields=["council", "held_on", "id"], name="meeting_council_held"),
            models.Index(fields=["kind", "held_on", "id"], name="meeting_kind_held"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(voters_count__isnull=True) | Q(voters_count__lte=100000),
                name="meeting_voters_count_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.place}"[:80]


class Petition(TimeStampedModel):
    """One opinion raised by a voter (ý kiến); its issues are its items ("9 ý kiến với 14 nội
    dung", DOMAIN.md §10). The voter's name and address are personal data."""

    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="petitions",
        db_index=False,
        verbose_name=_("Hội đồng nhân dân"),
    )
    meeting = models.ForeignKey(
        ContactMeeting,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
        verbose_name=_("cuộc tiếp xúc cử tri"),
    )
    raised_on = models.DateField(_("ngày nêu ý kiến"))
    text = models.TextField(_("ý kiến của cử tri"))
    voter_name = models.CharField(_("họ tên cử tri"), max_length=120, blank=True)
    voter_address = models.CharField(_("địa chỉ cử tri"), max_length=255, blank=True)
    history = LeanHistory()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ý kiến cử tri")
        verbose_name_plural = _("ý kiến cử tri")
        ordering = ["-raised_on", "-id"]
        indexes = [
            models.Index(fields=["council", "raised_on", "id"], name="petition_council_raised"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class PetitionItem(TimeStampedModel):
    """One issue of a petition: classified, merged with the same issue raised elsewhere,
    transferred to the agency that must answer (an obligation), answered and assessed."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        CLASSIFIED = "classified", _("Đã phân loại")
        TRANSFERRED = "transferred", _("Đã chuyển cơ quan trả lời")
        ANSWERED = "answered", _("Đã có trả lời")
        ASSESSED = "assessed", _("Đã đánh giá kết quả")
        REPORTED = "reported", _("Đã báo cáo tại kỳ họp")
        CLOSED = "closed", _("Kết thúc theo dõi")

    class Assessment(models.TextChoices):
        """The assessed result, as reports count it (DOMAIN.md §10)."""

        RESOLVED = "resolved", _("Đã giải quyết xong")
        IN_PROGRESS = "in_progress", _("Đang giải quyết")
        EXPLAINED = "explained", _("Đã giải trình, thông tin")
        NOT_RESOLVABLE = "not_resolvable", _("Không thể giải quyết vì lý do khách quan")

    petition = models.ForeignKey(
        Petition, models.PROTECT, related_name="items", verbose_name=_("ý kiến cử tri")
    )
    # The petition's council and date, copied so the lists filter and order on this table alone.
    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="petition_items",
        db_index=False,
        verbose_name=_("Hội đồng nhân dân"),
    )
    raised_on = models.DateField(_("ngày nêu ý kiến"))
    content = models.TextField(_("nội dung kiến nghị"))
    search_text = models.CharField(max_length=SEARCH_MAX, editable=False)
    status = models.CharField(
        _("tình trạng"), max_length=15, choices=Status.choices, default=Status.RECEIVED
    )
    competence = models.CharField(
        _("thẩm quyền giải quyết"), max_length=10, choices=Competence.choices, blank=True
    )
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=Field.choices, blank=True)
    ban = models.ForeignKey(
        "councils.Body",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="petition_items",
        db_index=False,
        verbose_name=_("Ban theo dõi"),
    )
    # The compiled item this one was merged into (the same issue raised elsewhere): the merge is
    # a PetitionMerge row, undone by clearing this field, never by deleting anything.
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        db_index=False,  # indexed where set (Meta): most items are neither merged nor repeated
        null=True,
        blank=True,
        related_name="merged_items",
        verbose_name=_("đã tổng hợp vào"),
    )
    # The same issue raised at an earlier session (kiến nghị lặp lại nhiều kỳ).
    repeated_from = models.ForeignKey(
        "self",
        models.PROTECT,
        db_index=False,  # indexed where set (Meta): most items are neither merged nor repeated
        null=True,
        blank=True,
        related_name="repeats",
        verbose_name=_("đã kiến nghị trước đây"),
    )
    agency = models.ForeignKey(
        "councils.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="petition_items",
        db_index=False,
        verbose_name=_("cơ quan trả lời"),
    )
    agency_text = models.CharField(
        _("cơ quan trả lời (ngoài danh mục)"), max_length=255, blank=True
    )
    transfer_number = models.CharField(_("số văn bản chuyển"), max_length=60, blank=True)
    transfer_date = models.DateField(_("ngày văn bản chuyển"), null=True, blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answer_file = models.FileField(
        _("văn bản trả lời"),
        storage=private_storage,
        upload_to="voters/answers/%Y/",
        blank=True,
        max_length=255,
    )
    answer_file_name = models.CharField(max_length=200, blank=True)
    assessment = models.CharField(
        _("đánh giá kết quả"), max_length=15, choices=Assessment.choices, blank=True
    )
    assessed_on = models.DateField(_("ngày đánh giá"), null=True, blank=True)
    voters_informed_on = models.DateField(_("ngày thông tin lại cử tri"), null=True, blank=True)
    obligation = models.OneToOneField(
        "followups.Obligation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="petition_item",
        verbose_name=_("việc theo dõi"),
    )
    history = LeanHistory()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nội dung kiến nghị cử tri")
        verbose_name_plural = _("nội dung kiến nghị cử tri")
        ordering = ["-raised_on", "-id"]
        indexes = [
            # The list's order over everything, the scope and the obligation read from the index
            # alone: a province's page (a share of the rows) or the "overdue" state (a set of
            # obligation ids) filter index entries, not rows (bench/voters.py: 4M items).
            models.Index(
                fields=["raised_on", "id"],
                include=["council", "obligation"],
                name="pitem_raised_scope",
            ),
            # A scope of councils: its rows counted and filtered from the index alone.
            models.Index(
                fields=["council", "raised_on", "id"],
                include=["obligation", "status", "field", "competence", "agency"],
                name="pitem_council_raised_owed",
            ),
            models.Index(fields=["status", "raised_on", "id"], name="pitem_status_raised"),
            models.Index(fields=["competence", "raised_on", "id"], name="pitem_level_raised"),
            models.Index(fields=["field", "raised_on", "id"], name="pitem_field_raised"),
            models.Index(fields=["ban", "raised_on", "id"], name="pitem_ban_raised"),
            models.Index(fields=["agency", "raised_on", "id"], name="pitem_agency_raised"),
            models.Index(
                fields=["merged_into"],
                condition=models.Q(merged_into__isnull=False),
                name="pitem_merged_into",
            ),
            models.Index(
                fields=["repeated_from"],
                condition=models.Q(repeated_from__isnull=False),
                name="pitem_repeated_from",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=F("id")), name="pitem_not_merged_into_itself"
            ),
            models.CheckConstraint(
                condition=~Q(repeated_from=F("id")), name="pitem_not_repeat_of_itself"
            ),
            models.CheckConstraint(
                condition=Q(transfer_date__isnull=True) | Q(transfer_date__gte=F("raised_on")),
                name="pitem_transfer_after_raised",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("raised_on")),
                name="pitem_answer_after_raised",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def agency_name(self) -> str:
        """Needs `agency` selected with the row (selectors do)."""
        return self.agency.name if self.agency_id else self.agency_text


class ItemScopedQuerySet(CouncilScopedQuerySet):
    council_lookup = "item__council"


class PetitionMerge(models.Model):
    """One item merged into a compiled item: who merged it and when, and who undid it. Kept
    after an unmerge, so the compilation's history can be read back."""

    item = models.ForeignKey(
        PetitionItem, models.PROTECT, related_name="merges", verbose_name=_("nội dung")
    )
    into = models.ForeignKey(
        PetitionItem, models.PROTECT, related_name="merges_in", verbose_name=_("tổng hợp vào")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người gộp")
    )
    at = models.DateTimeField(_("gộp lúc"), default=timezone.now)
    undone_at = models.DateTimeField(_("tách lúc"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tách"),
    )

    objects = ItemScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("gộp kiến nghị")
        verbose_name_plural = _("gộp kiến nghị")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.into_id}"


class PetitionItemTransition(TransitionRecord):
    """Audit row for each status move of a petition item (DOMAIN.md §17)."""

    item = models.ForeignKey(
        PetitionItem, models.CASCADE, related_name="transitions", verbose_name=_("nội dung")
    )
    from_status = models.CharField(_("từ"), max_length=15, choices=PetitionItem.Status)
    to_status = models.CharField(_("sang"), max_length=15, choices=PetitionItem.Status)

    objects = ItemScopedQuerySet.as_manager()

    class Meta(TransitionRecord.Meta):
        verbose_name = _("chuyển trạng thái kiến nghị")
        verbose_name_plural = _("chuyển trạng thái kiến nghị")


_P = PetitionItem.Status
PETITION_WORKFLOW: Workflow[PetitionItem] = Workflow(
    record=PetitionItemTransition,
    moves={
        _P.RECEIVED: [_P.CLASSIFIED],
        _P.CLASSIFIED: [_P.CLASSIFIED, Move(_P.TRANSFERRED, by_hand=False)],
        _P.TRANSFERRED: [Move(_P.ANSWERED, by_hand=False)],
        _P.ANSWERED: [Move(_P.ASSESSED, by_hand=False)],
        _P.ASSESSED: [Move(_P.ASSESSED, by_hand=False), _P.REPORTED],
        # An issue reported while still in progress is assessed again when its result comes.
        _P.REPORTED: [Move(_P.ASSESSED, by_hand=False), _P.CLOSED],
        _P.CLOSED: [],
    },
    permission=lambda user, item: scoping.can(user, Capability.EDIT, item.council),
    refused=_("Không thể chuyển kiến nghị từ “%(from)s” sang “%(to)s”."),
)


class ReceptionSchedule(TimeStampedModel):
    """Who receives citizens, where and how often, for a period (Law 42/2013 Art. 22: set by
    the standing committee; the law gives no frequency, so each council's rule is dated)."""

    class Receiver(models.TextChoices):
        STANDING = "standing", _("Thường trực HĐND")
        DELEGATE = "delegate", _("Đại biểu HĐND")

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Hằng tuần")
        MONTHLY = "monthly", _("Hằng tháng")
        OTHER = "other", _("Khác (ghi rõ)")

    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="reception_schedules",
        verbose_name=_("Hội đồng nhân dân"),
    )
    receiver = models.CharField(_("người tiếp"), max_length=10, choices=Receiver.choices)
    delegate = models.ForeignKey(
        "councils.Delegate",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reception_schedules",
        verbose_name=_("đại biểu"),
    )
    place = models.CharField(_("địa điểm"), max_length=255)
    frequency = models.CharField(_("định kỳ"), max_length=10, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(
        _("thứ trong tuần (0 = thứ Hai)"), null=True, blank=True
    )
    day_of_month = models.PositiveSmallIntegerField(_("ngày trong tháng"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    legal_basis = models.CharField(_("căn cứ (văn bản của Thường trực)"), max_length=255)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    history = LeanHistory()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch tiếp công dân")
        verbose_name_plural = _("lịch tiếp công dân")
        ordering = ["council", "-valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="reception_schedule_valid_order",
            ),
            models.CheckConstraint(
                condition=Q(weekday__isnull=True) | Q(weekday__lte=6),
                name="reception_schedule_weekday",
            ),
            models.CheckConstraint(
                condition=Q(day_of_month__isnull=True)
                | Q(day_of_month__gte=1, day_of_month__lte=31),
                name="reception_schedule_day_of_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_receiver_display()} {self.place}"[:80]


class Reception(Withdrawable, TimeStampedModel):
    """One line of the reception log (sổ tiếp công dân, Form 03 of Circular 04/2021/TT-TTCP):
    a group is one reception with `persons` persons. Names, addresses and ID numbers are
    personal data; every opening of a reception is logged (core.viewlog)."""

    class Handling(models.TextChoices):
        """Column "hướng xử lý" of Form 03."""

        ACCEPTED = "accepted", _("Thụ lý")
        GUIDED = "guided", _("Trả lại đơn và hướng dẫn")
        FORWARDED = "forwarded", _("Chuyển đơn")

    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="receptions",
        db_index=False,
        verbose_name=_("Hội đồng nhân dân"),
    )
    received_on = models.DateField(_("ngày tiếp"))
    person_name = models.CharField(_("họ tên người được tiếp"), max_length=255)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    id_number = models.CharField(_("số CCCD/hộ chiếu"), max_length=20, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    persons = models.PositiveSmallIntegerField(_("số người"), default=1)
    content = models.TextField(_("nội dung vụ việc"))
    search_text = models.CharField(max_length=SEARCH_MAX, editable=False)
    category = models.CharField(_("phân loại đơn"), max_length=15, choices=LetterCategory.choices)
    handled_before_by = models.CharField(_("cơ quan đã giải quyết"), max_length=255, blank=True)
    handling = models.CharField(_("hướng xử lý"), max_length=10, choices=Handling.choices)
    forwarded_to = models.ForeignKey(
        "councils.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="receptions",
        verbose_name=_("chuyển đến cơ quan"),
    )
    result = models.TextField(_("theo dõi kết quả giải quyết"), blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    # Who received: a delegate (their own record, see ContactMeeting.delegate) or, for the
    # standing committee's days, the name of the member.
    delegate = models.ForeignKey(
        "councils.Delegate",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="receptions",
        verbose_name=_("đại biểu tiếp"),
    )
    receiver_name = models.CharField(_("người tiếp"), max_length=120, blank=True)
    schedule = models.ForeignKey(
        ReceptionSchedule,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="receptions",
        verbose_name=_("theo lịch tiếp"),
    )
    history = LeanHistory()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt tiếp công dân")
        verbose_name_plural = _("sổ tiếp công dân")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["received_on", "id"], name="reception_received"),
            models.Index(fields=["council", "received_on", "id"], name="reception_council_recv"),
            models.Index(fields=["category", "received_on", "id"], name="reception_category_recv"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(persons__gte=1, persons__lte=10000), name="reception_persons_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_on:%d/%m/%Y}"


class Letter(Withdrawable, TimeStampedModel):
    """A letter the council received (đơn thư): registered, classified, then forwarded with a
    transfer slip, the citizen guided, or filed; a forwarded letter's answer is an obligation
    with the statutory deadline of its category. Duplicates are linked, never deleted."""

    class Channel(models.TextChoices):
        POST = "post", _("Qua bưu chính")
        IN_PERSON = "in_person", _("Trực tiếp")
        RECEPTION = "reception", _("Qua tiếp công dân")
        EMAIL = "email", _("Thư điện tử, cổng thông tin")
        TRANSFERRED = "transferred", _("Cơ quan khác chuyển đến")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận, vào sổ")
        CLASSIFIED = "classified", _("Đã phân loại")
        FORWARDED = "forwarded", _("Đã chuyển đơn")
        GUIDED = "guided", _("Đã hướng dẫn công dân")
        FILED = "filed", _("Lưu đơn")
        ANSWERED = "answered", _("Đã có kết quả trả lời")
        CLOSED = "closed", _("Kết thúc theo dõi")

    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="letters",
        db_index=False,
        verbose_name=_("Hội đồng nhân dân"),
    )
    received_on = models.DateField(_("ngày nhận"))
    channel = models.CharField(_("nguồn đơn"), max_length=15, choices=Channel.choices)
    sender_name = models.CharField(_("người gửi"), max_length=255, blank=True)
    sender_address = models.CharField(_("địa chỉ người gửi"), max_length=255, blank=True)
    sender_id_number = models.CharField(_("số CCCD người gửi"), max_length=20, blank=True)
    sender_phone = models.CharField(_("điện thoại người gửi"), max_length=20, blank=True)
    signers = models.PositiveSmallIntegerField(_("số người ký đơn"), default=1)
    content = models.TextField(_("nội dung đơn"))
    search_text = models.CharField(max_length=SEARCH_MAX, editable=False)
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    category = models.CharField(
        _("phân loại đơn"), max_length=15, choices=LetterCategory.choices, blank=True
    )
    anonymous = models.BooleanField(_("đơn nặc danh"), default=False)
    outside_competence = models.BooleanField(_("không thuộc thẩm quyền"), default=False)
    not_eligible = models.BooleanField(_("không đủ điều kiện xử lý"), default=False)
    duplicate_of = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("trùng với đơn"),
    )
    handled_on = models.DateField(_("ngày xử lý"), null=True, blank=True)
    agency = models.ForeignKey(
        "councils.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        db_index=False,
        verbose_name=_("cơ quan nhận đơn chuyển"),
    )
    agency_text = models.CharField(
        _("cơ quan nhận đơn chuyển (ngoài danh mục)"), max_length=255, blank=True
    )
    transfer_number = models.CharField(_("số phiếu chuyển"), max_length=60, blank=True)
    transfer_date = models.DateField(_("ngày phiếu chuyển"), null=True, blank=True)
    handling_note = models.CharField(
        _("nội dung hướng dẫn, lý do lưu"), max_length=1000, blank=True
    )
    answered_on = models.DateField(_("ngày nhận kết quả"), null=True, blank=True)
    answer = models.TextField(_("kết quả giải quyết"), blank=True)
    obligation = models.OneToOneField(
        "followups.Obligation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="letter",
        verbose_name=_("việc theo dõi"),
    )
    history = LeanHistory()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn thư")
        verbose_name_plural = _("đơn thư")
        ordering = ["-received_on", "-id"]
        indexes = [
            # As the items' (pitem_raised_scope): scope and state filtered from the index.
            models.Index(
                fields=["received_on", "id"],
                include=["council", "obligation"],
                name="letter_received_scope",
            ),
            models.Index(
                fields=["council", "received_on", "id"],
                include=["obligation", "status", "category"],
                name="letter_council_recv_owed",
            ),
            models.Index(fields=["status", "received_on", "id"], name="letter_status_received"),
            models.Index(fields=["category", "received_on", "id"], name="letter_category_received"),
            models.Index(fields=["agency", "received_on", "id"], name="letter_agency_received"),
            # The "overdue" state walks the late obligations by due date and fetches each one's
            # letter if not withdrawn, from this index alone: its count of 10,000 read 10,000
            # letters' rows for their withdrawal date (140 ms over 1M letters; bench/voters.py).
            models.Index(
                fields=["obligation"],
                condition=Q(withdrawn_at__isnull=True),
                name="letter_live_obligation",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("id")), name="letter_not_duplicate_of_itself"
            ),
            models.CheckConstraint(
                condition=Q(signers__gte=1, signers__lte=10000), name="letter_signers_sane"
            ),
            models.CheckConstraint(
                condition=Q(transfer_date__isnull=True) | Q(transfer_date__gte=F("received_on")),
                name="letter_transfer_after_received",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("received_on")),
                name="letter_answer_after_received",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def agency_name(self) -> str:
        return self.agency.name if self.agency_id else self.agency_text


class LetterScopedQuerySet(CouncilScopedQuerySet):
    council_lookup = "letter__council"


class LetterTransition(TransitionRecord):
    """Audit row for each status move of a letter (DOMAIN.md §17)."""

    letter = models.ForeignKey(
        Letter, models.CASCADE, related_name="transitions", verbose_name=_("đơn thư")
    )
    from_status = models.CharField(_("từ"), max_length=12, choices=Letter.Status)
    to_status = models.CharField(_("sang"), max_length=12, choices=Letter.Status)

    objects = LetterScopedQuerySet.as_manager()

    class Meta(TransitionRecord.Meta):
        verbose_name = _("chuyển trạng thái đơn thư")
        verbose_name_plural = _("chuyển trạng thái đơn thư")


_L = Letter.Status
_HANDLED = [Move(_L.FORWARDED, by_hand=False), Move(_L.GUIDED, by_hand=False), _L.FILED]
LETTER_WORKFLOW: Workflow[Letter] = Workflow(
    record=LetterTransition,
    moves={
        _L.RECEIVED: [_L.CLASSIFIED],
        _L.CLASSIFIED: [_L.CLASSIFIED, *_HANDLED],
        _L.FORWARDED: [Move(_L.ANSWERED, by_hand=False)],
        _L.GUIDED: [_L.CLOSED],
        _L.FILED: [],
        _L.ANSWERED: [_L.CLOSED],
        _L.CLOSED: [],
    },
    permission=lambda user, letter: scoping.can(user, Capability.EDIT, letter.council),
    refused=_("Không thể chuyển đơn thư từ “%(from)s” sang “%(to)s”."),
)


class PetitionImport(models.Model):
    """One import of a compiled petition list (the Fatherland Front's Excel file): checked in a
    preview, then written by a worker in one transaction, all or nothing. The statuses are the
    background files' (core.models.Export) with the preview's step before them."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Đã kiểm tra, chờ nhập")
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Đã nhập xong")
        FAILED = "failed", _("Không nhập được")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="petition_imports",
        verbose_name=_("người nhập"),
    )
    council = models.ForeignKey(
        "councils.Council",
        models.PROTECT,
        related_name="petition_imports",
        verbose_name=_("Hội đồng nhân dân"),
    )
    meeting = models.ForeignKey(
        ContactMeeting,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("cuộc tiếp xúc cử tri"),
    )
    # The meeting to create on import (kind, held_on, place, session) and the transfer document
    # (number, date), as the preview accepted them; the worker checks them again.
    options = models.JSONField(_("tùy chọn"), default=dict, blank=True)
    file = models.FileField(
        _("tệp"), storage=private_storage, upload_to="voters/imports/", max_length=255
    )
    # The rows as the preview read them (CSV): the worker judges them again without reading
    # the workbook a second time.
    rows_file = models.FileField(
        _("các dòng đã đọc"), storage=private_storage, upload_to="voters/imports/", max_length=255
    )
    filename = models.CharField(_("tên tệp"), max_length=200)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.CHECKED
    )
    total = models.PositiveIntegerField(_("số dòng"), default=0)
    progress = models.PositiveIntegerField(_("đã nhập"), default=0)
    error = models.CharField(_("lỗi"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt nhập kiến nghị từ Excel")
        verbose_name_plural = _("lượt nhập kiến nghị từ Excel")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="pimport_user_created")]

    def __str__(self) -> str:
        return self.filename

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class PetitionStat(models.Model):
    """The statistics' summary (issue 13): compiled items counted per province (`scope`, the
    first step of its unit path), grouping (`dim`: field, competence, status or agency) and
    value, month raised, month resolved and month due while the answer is still owed. Kept by
    voters.statistics in the transaction of every change of an item (services, imports, the
    obligations' changes, a unit's move), never recomputed on read: exact, not a cache."""

    scope = models.CharField(max_length=4)
    dim = models.CharField(max_length=10)
    value = models.CharField(max_length=20)
    label = models.CharField(max_length=255)  # the agency's free text (dim "agency")
    raised_month = models.IntegerField()  # yyyymm
    resolved_month = models.IntegerField()  # yyyymm of assessed_on when resolved, else 0
    due_month = models.IntegerField()  # yyyymm of the open obligation's due date, else 0
    total = models.IntegerField(default=0)
    transferred = models.IntegerField(default=0)
    answered = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    in_progress = models.IntegerField(default=0)
    explained = models.IntegerField(default=0)
    not_resolvable = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("thống kê kiến nghị (tổng hợp)")
        verbose_name_plural = _("thống kê kiến nghị (tổng hợp)")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "dim",
                    "raised_month",
                    "scope",
                    "value",
                    "label",
                    "resolved_month",
                    "due_month",
                ],
                name="pstat_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.dim}={self.value} {self.raised_month}"


class LetterStat(models.Model):
    """The letters' summary (issue 13), kept by voters.statistics as PetitionStat is: letters
    not withdrawn counted per province (`scope`), category, month received and month due while
    the answer is still owed. Exact, not a cache."""

    scope = models.CharField(max_length=4)
    category = models.CharField(max_length=20)
    received_month = models.IntegerField()  # yyyymm
    due_month = models.IntegerField()  # yyyymm of the open obligation's due date, else 0
    received = models.IntegerField(default=0)
    forwarded = models.IntegerField(default=0)
    answered = models.IntegerField(default=0)
    duplicates = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("thống kê đơn thư (tổng hợp)")
        verbose_name_plural = _("thống kê đơn thư (tổng hợp)")
        constraints = [
            models.UniqueConstraint(
                fields=["received_month", "scope", "category", "due_month"], name="lstat_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.category} {self.received_month}"
