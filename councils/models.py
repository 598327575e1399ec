"""The council tree (DOMAIN.md §2), terms, delegates, bodies, agencies and role assignments.

Administrative units and councils are kept apart because some units had no council. The tree
lives on AdministrativeUnit as a materialised path; it never moves: a unit whose parent changed is a
new unit linked to the old one by a `transfer` succession, so history stays where it was.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from core.models import TimeStampedModel


class Level(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CENTRAL_CITY = "central_city", _("Thành phố trực thuộc trung ương")
    RURAL_DISTRICT = "rural_district", _("Huyện")
    URBAN_DISTRICT = "urban_district", _("Quận")
    TOWN = "town", _("Thị xã")
    PROVINCIAL_CITY = "provincial_city", _("Thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã")
    WARD = "ward", _("Phường")
    TOWNSHIP = "township", _("Thị trấn")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")


KIND_LEVEL: dict[str, str] = {
    UnitKind.PROVINCE: Level.PROVINCE,
    UnitKind.CENTRAL_CITY: Level.PROVINCE,
    UnitKind.RURAL_DISTRICT: Level.DISTRICT,
    UnitKind.URBAN_DISTRICT: Level.DISTRICT,
    UnitKind.TOWN: Level.DISTRICT,
    UnitKind.PROVINCIAL_CITY: Level.DISTRICT,
    UnitKind.COMMUNE: Level.COMMUNE,
    UnitKind.WARD: Level.COMMUNE,
    UnitKind.TOWNSHIP: Level.COMMUNE,
    UnitKind.SPECIAL_ZONE: Level.COMMUNE,
}

# The levels a parent may have, per level of the child; a province has no parent. Communes sit
# under a district (before 1/7/2025) or straight under the province (two-tier model).
PARENT_LEVELS: dict[str, tuple[str, ...]] = {
    Level.PROVINCE: (),
    Level.DISTRICT: (Level.PROVINCE,),
    Level.COMMUNE: (Level.DISTRICT, Level.PROVINCE),
}

# Official prefixes of unit names; proper names, so they are not translated.
KIND_PREFIX: dict[str, str] = {
    UnitKind.PROVINCE: "tỉnh",
    UnitKind.CENTRAL_CITY: "thành phố",
    UnitKind.RURAL_DISTRICT: "huyện",
    UnitKind.URBAN_DISTRICT: "quận",
    UnitKind.TOWN: "thị xã",
    UnitKind.PROVINCIAL_CITY: "thành phố",
    UnitKind.COMMUNE: "xã",
    UnitKind.WARD: "phường",
    UnitKind.TOWNSHIP: "thị trấn",
    UnitKind.SPECIAL_ZONE: "đặc khu",
}


def valid_on_q(on: date, prefix: str = "") -> Q:
    """Rows whose validity period [valid_from, valid_to] contains `on`."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


class CouncilScopedQuerySet(models.QuerySet):
    """Every council-owned model's manager: one method that delegates to councils/scoping.py."""

    council_lookup = "council"

    def visible_to(self, user):
        from councils.scoping import council_visible_q

        return self.filter(council_visible_q(user, self.council_lookup))


class AdministrativeUnitQuerySet(MP_NodeQuerySet):
    def visible_to(self, user):
        from councils.scoping import units_visible_to

        return self & units_visible_to(user)


class AdministrativeUnitManager(MP_NodeManager.from_queryset(AdministrativeUnitQuerySet)):
    """treebeard's manager hard-codes MP_NodeQuerySet; return ours so visible_to() is reachable."""

    def get_queryset(self) -> AdministrativeUnitQuerySet:
        return AdministrativeUnitQuerySet(self.model, using=self._db).order_by("path")


class AdministrativeUnit(MP_Node):
    """A province, district or commune as it existed between valid_from and valid_to."""

    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, editable=False)
    code = models.CharField(_("mã đơn vị hành chính"), max_length=10)
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    name_key = models.CharField(max_length=160, editable=False, db_index=True)
    history = HistoricalRecords()

    objects = AdministrativeUnitManager()

    steplen = 4
    node_order_by: list[str] = []

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        indexes = [models.Index(fields=["code"]), models.Index(fields=["level", "valid_to"])]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="unit_code_unique_per_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="unit_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        prefix = KIND_PREFIX.get(self.kind, "")
        return f"{prefix.capitalize()} {self.name}".strip()

    @property
    def label(self) -> str:
        """'huyện Hiệp Đức': the name with its lower-case kind, as written inside a sentence."""
        return f"{KIND_PREFIX.get(self.kind, '')} {self.name}".strip()

    def is_valid_on(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)


class UnitSuccession(TimeStampedModel):
    """A lineage link: the predecessor's records stay reachable from the unit in use today."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Sáp nhập")
        SPLIT = "split", _("Chia tách")
        RENAME = "rename", _("Đổi tên")
        TRANSFER = "transfer", _("Điều chỉnh địa giới / chuyển cấp trên")
        ABOLISH = "abolish", _("Giải thể (kết thúc hoạt động)")

    predecessor = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        related_name="successor_links",
        verbose_name=_("đơn vị cũ"),
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        related_name="predecessor_links",
        verbose_name=_("đơn vị kế thừa"),
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices)
    effective_on = models.DateField(_("có hiệu lực từ ngày"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế thừa đơn vị hành chính")
        verbose_name_plural = _("kế thừa đơn vị hành chính")
        ordering = ["effective_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique"),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.effective_on:%d/%m/%Y})"


class CouncilQuerySet(models.QuerySet):
    def visible_to(self, user):
        from councils.scoping import councils_visible_to

        return self & councils_visible_to(user)


class Council(TimeStampedModel):
    """The People's Council of one administrative unit; never deleted, only closed."""

    unit = models.OneToOneField(
        AdministrativeUnit,
        models.PROTECT,
        related_name="council",
        verbose_name=_("đơn vị hành chính"),
    )
    name = models.CharField(_("tên Hội đồng nhân dân"), max_length=200)
    valid_from = models.DateField(_("hoạt động từ ngày"))
    valid_to = models.DateField(_("hoạt động đến ngày"), null=True, blank=True)
    name_key = models.CharField(max_length=240, editable=False, db_index=True)
    history = HistoricalRecords()

    objects = CouncilQuerySet.as_manager()

    class Meta:
        verbose_name = _("Hội đồng nhân dân")
        verbose_name_plural = _("Hội đồng nhân dân")
        ordering = ["unit__path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="council_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def council(self) -> Council:
        """Lets scoping code treat a council like any council-owned object."""
        return self


class Term(TimeStampedModel):
    """An electoral term (nhiệm kỳ), shared by every council elected on the same day."""

    name = models.CharField(_("nhiệm kỳ"), max_length=20, unique=True)
    start_on = models.DateField(_("bắt đầu"))
    end_on = models.DateField(_("kết thúc"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["-start_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gt=F("start_on")), name="term_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def covers(self, on: date) -> bool:
        return self.start_on <= on <= self.end_on


class Delegate(TimeStampedModel):
    """A person elected to a council; kept in the register of the council that entered them."""

    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    council = models.ForeignKey(
        Council, models.PROTECT, related_name="delegates", verbose_name=_("Hội đồng nhân dân")
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    gender = models.CharField(_("giới tính"), max_length=6, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=40, blank=True)
    occupation = models.CharField(_("chức vụ, nơi công tác"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    # The delegate's own account, if any: what lets a delegate work on their own voter contacts,
    # questions and receptions, and run the Ban or delegate group they sit in. SET_NULL: closing
    # an account must neither delete nor block the register entry, which is evidence.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegates",
        verbose_name=_("tài khoản người dùng"),
    )
    name_key = models.CharField(max_length=160, editable=False, db_index=True)
    history = HistoricalRecords()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đại biểu")
        verbose_name_plural = _("đại biểu")
        ordering = ["name_key", "id"]
        # The list's orders (DELEGATE_SORT).
        indexes = [
            # With the council: a common-word search for a scoped user walks the names and
            # checks scope and word on the index alone, never on the table (issue 10).
            models.Index(
                fields=["name_key", "id"], include=["council"], name="delegate_name_order_idx"
            ),
            models.Index(fields=["council", "name_key", "id"], name="delegate_council_order_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "council"],
                condition=Q(user__isnull=False),
                name="delegate_one_account_per_council",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class CouncilMembership(TimeStampedModel):
    """A delegate's seat in a council for one term; dated, because people leave mid-term."""

    class Kind(models.TextChoices):
        FULL_TIME = "full_time", _("Chuyên trách")
        PART_TIME = "part_time", _("Kiêm nhiệm")

    delegate = models.ForeignKey(
        Delegate, models.PROTECT, related_name="memberships", verbose_name=_("đại biểu")
    )
    council = models.ForeignKey(
        Council, models.PROTECT, related_name="memberships", verbose_name=_("Hội đồng nhân dân")
    )
    term = models.ForeignKey(
        Term, models.PROTECT, related_name="memberships", verbose_name=_("nhiệm kỳ")
    )
    kind = models.CharField(
        _("hình thức hoạt động"), max_length=10, choices=Kind.choices, default=Kind.PART_TIME
    )
    position = models.CharField(_("chức danh"), max_length=120, blank=True)
    constituency = models.CharField(_("đơn vị bầu cử"), max_length=120, blank=True)
    start_on = models.DateField(_("từ ngày"))
    end_on = models.DateField(_("đến ngày"), null=True, blank=True)
    end_reason = models.CharField(_("lý do thôi"), max_length=255, blank=True)
    history = HistoricalRecords()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đại biểu HĐND theo nhiệm kỳ")
        verbose_name_plural = _("đại biểu HĐND theo nhiệm kỳ")
        ordering = ["delegate__name_key", "id"]
        indexes = [models.Index(fields=["council", "term"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="membership_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Body(TimeStampedModel):
    """The standing committee, a committee (Ban) or a delegate group of a council in a term."""

    class Kind(models.TextChoices):
        STANDING = "standing", _("Thường trực HĐND")
        COMMITTEE = "committee", _("Ban của HĐND")
        DELEGATE_GROUP = "delegate_group", _("Tổ đại biểu")

    class CommitteeType(models.TextChoices):
        LEGAL = "legal", _("Ban Pháp chế")
        ECONOMY_BUDGET = "economy_budget", _("Ban Kinh tế - Ngân sách")
        CULTURE_SOCIETY = "culture_society", _("Ban Văn hóa - Xã hội")
        ECONOMY_SOCIETY = "economy_society", _("Ban Kinh tế - Xã hội")
        ETHNIC = "ethnic", _("Ban Dân tộc")
        URBAN = "urban", _("Ban Đô thị")

    council = models.ForeignKey(
        Council, models.PROTECT, related_name="bodies", verbose_name=_("Hội đồng nhân dân")
    )
    term = models.ForeignKey(
        Term, models.PROTECT, related_name="bodies", verbose_name=_("nhiệm kỳ")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    committee_type = models.CharField(
        _("lĩnh vực của Ban"), max_length=20, choices=CommitteeType.choices, blank=True
    )
    name = models.CharField(_("tên"), max_length=200)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan của HĐND")
        verbose_name_plural = _("cơ quan của HĐND")
        ordering = ["kind", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "term"],
                condition=Q(kind="standing"),
                name="one_standing_committee_per_term",
            ),
            models.UniqueConstraint(fields=["council", "term", "name"], name="body_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class BodyMembershipQuerySet(CouncilScopedQuerySet):
    council_lookup = "body__council"


class BodyMembership(TimeStampedModel):
    """Membership(person, body, role, from, to): people change roles in mid-term (DOMAIN.md §3)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chủ tịch")
        VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
        HEAD = "head", _("Trưởng Ban")
        DEPUTY_HEAD = "deputy_head", _("Phó Trưởng Ban")
        LEADER = "leader", _("Tổ trưởng")
        DEPUTY_LEADER = "deputy_leader", _("Tổ phó")
        MEMBER = "member", _("Ủy viên / thành viên")

    body = models.ForeignKey(
        Body, models.PROTECT, related_name="members", verbose_name=_("cơ quan của HĐND")
    )
    delegate = models.ForeignKey(
        Delegate, models.PROTECT, related_name="body_memberships", verbose_name=_("đại biểu")
    )
    role = models.CharField(_("chức vụ"), max_length=20, choices=Role.choices)
    start_on = models.DateField(_("từ ngày"))
    end_on = models.DateField(_("đến ngày"), null=True, blank=True)
    history = HistoricalRecords()

    objects = BodyMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên cơ quan của HĐND")
        verbose_name_plural = _("thành viên cơ quan của HĐND")
        ordering = ["body", "role", "delegate__name_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="body_membership_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


ROLES_BY_BODY: dict[str, tuple[str, ...]] = {
    Body.Kind.STANDING: (
        BodyMembership.Role.CHAIR,
        BodyMembership.Role.VICE_CHAIR,
        BodyMembership.Role.MEMBER,
    ),
    Body.Kind.COMMITTEE: (
        BodyMembership.Role.HEAD,
        BodyMembership.Role.DEPUTY_HEAD,
        BodyMembership.Role.MEMBER,
    ),
    Body.Kind.DELEGATE_GROUP: (
        BodyMembership.Role.LEADER,
        BodyMembership.Role.DEPUTY_LEADER,
        BodyMembership.Role.MEMBER,
    ),
}


class Agency(TimeStampedModel):
    """A body that answers petitions, letters and recommendations: UBND, a department, a court."""

    class Kind(models.TextChoices):
        PEOPLE_COMMITTEE = "people_committee", _("Ủy ban nhân dân")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        OFFICE = "office", _("Phòng, văn phòng")
        COURT = "court", _("Tòa án nhân dân")
        PROCURACY = "procuracy", _("Viện kiểm sát nhân dân")
        FATHERLAND_FRONT = "fatherland_front", _("Ủy ban MTTQ Việt Nam")
        OTHER = "other", _("Cơ quan, đơn vị khác")

    council = models.ForeignKey(
        Council,
        models.PROTECT,
        related_name="agencies",
        verbose_name=_("địa bàn (Hội đồng nhân dân)"),
    )
    name = models.CharField(_("tên cơ quan"), max_length=200)
    kind = models.CharField(_("loại cơ quan"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("cơ quan cấp trên"),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    valid_from = models.DateField(_("hoạt động từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến ngày"), null=True, blank=True)
    name_key = models.CharField(max_length=240, editable=False, db_index=True)
    history = HistoricalRecords()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["name_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="agency_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a RoleAssignment grants; councils/scoping.py maps each role to its capabilities.

    A Ban member or a delegate-group member is not a role: it is a delegate (Role.DELEGATE with
    a linked Delegate.user) whose BodyMembership in that Ban or group is current.
    """

    SECRETARIAT = "secretariat", _("Chuyên viên Văn phòng (nhập liệu)")
    OFFICE_LEADER = "office_leader", _("Lãnh đạo Văn phòng (xem xét trước khi trình)")
    STANDING = "standing", _("Thành viên Thường trực HĐND")
    OFFICE = "office", _("Văn phòng HĐND cấp dưới")
    DELEGATE = "delegate", _("Đại biểu HĐND")
    PERSONAL_DATA = "personal_data", _("Cán bộ được xem dữ liệu cá nhân của công dân")
    ADMIN = "admin", _("Quản trị hệ thống")


class Capability(models.TextChoices):
    """What a user may do at a council; `councils.scoping.can` is the one place that decides."""

    VIEW = "view", _("Xem")
    EDIT = "edit", _("Nhập, sửa hồ sơ")
    REVIEW = "review", _("Xem xét trước khi Thường trực duyệt")
    APPROVE = "approve", _("Duyệt, ký")
    RUN_BAN_OVERSIGHT = "run_ban_oversight", _("Tiến hành giám sát của Ban")
    RUN_GROUP_OVERSIGHT = "run_group_oversight", _("Tiến hành giám sát của Tổ đại biểu")
    OWN_VOTER_WORK = "own_voter_work", _("Tiếp xúc cử tri, chất vấn, tiếp công dân của đại biểu")
    ACCEPT_SUBMISSION = "accept_submission", _("Tiếp nhận hoặc trả lại báo cáo của cấp dưới")
    VIEW_PERSONAL_DATA = "view_personal_data", _("Xem dữ liệu cá nhân của công dân")
    MANAGE_ROLES = "manage_roles", _("Phân quyền người dùng")


class Extent(models.TextChoices):
    """How far a role's capability reaches from the council the role is held at."""

    EVERYWHERE = "everywhere", _("Toàn quốc")
    SUBTREE = "subtree", _("Hội đồng được giao và cấp dưới")
    BELOW = "below", _("Các Hội đồng cấp dưới")
    OWN_COUNCIL = "own_council", _("Chỉ Hội đồng được giao")
    OWN_BAN = "own_ban", _("Ban mình là thành viên")
    OWN_GROUP = "own_group", _("Tổ đại biểu mình là thành viên")
    OWN_RECORDS = "own_records", _("Hồ sơ của chính đại biểu")


class RoleAssignmentQuerySet(CouncilScopedQuerySet):
    def current(self, on: date | None = None):
        from django.utils import timezone

        return self.filter(valid_on_q(on or timezone.localdate()))


class RoleAssignment(TimeStampedModel):
    """What grants a user access: a role at a council, covering its subtree, for a period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("người dùng"),
    )
    council = models.ForeignKey(
        Council,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("Hội đồng nhân dân"),
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    history = HistoricalRecords()

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        ordering = ["user", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(council__isnull=False) | Q(role="admin"),
                name="role_needs_council_unless_admin",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="role_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class CouncilSetting(TimeStampedModel):
    """A rule the law leaves uncertain or to each council (DOMAIN.md §18): dated, with its basis.

    A row without a council is the national default; a council's own row wins while it is valid.
    Keys and their built-in defaults live in councils/rules.py.
    """

    council = models.ForeignKey(
        Council,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="settings",
        verbose_name=_("Hội đồng nhân dân (để trống: áp dụng chung)"),
    )
    key = models.CharField(_("tham số"), max_length=40)
    value = models.CharField(_("giá trị"), max_length=200)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    history = HistoricalRecords()

    objects = CouncilScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tham số quy định")
        verbose_name_plural = _("tham số quy định")
        ordering = ["key", "council", "-valid_from"]
        indexes = [models.Index(fields=["key", "council", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="setting_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
