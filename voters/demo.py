"""Demo voters' work from the seed articles (shared/seeds, DOMAIN.md §10-§12).

- Huyện Hiệp Đức, first 8 months of 2023 (seed 000): 12 citizens received (groups are one
  reception with N persons), 05 letters, 71 petition items forwarded to the district people's
  committee, from the contact meetings before and after sessions 10 and 11; some issues raised
  at several meetings are merged, one repeats an issue of 2022 still in progress (the term's
  backlog carried into 2023).
- The wards and communes of Thị xã Hương Thủy, 2019 (seed 003): the petitions whose follow-up
  the town's standing committee reviewed in October 2019.
- Tỉnh Bắc Kạn, 2023 (DOMAIN.md §10): 139 items, 109 resolved, 14 not resolvable for objective
  reasons, 16 in progress.

The figures are the articles'; contents, dates, document numbers and every citizen are invented
(names, addresses and ID numbers are fictional). Every write goes through the services (a
transfer opens the answer's obligation on the engine; never answered, it is overdue today), and
every record is first looked up by its natural key, so loading twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.demo import date_histories
from core.models import User
from councils import scoping
from councils import services as council_services
from councils.demo import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M
from councils.models import Agency, Capability, Council, Delegate
from sessions.models import Session
from voters import services
from voters.models import (
    LETTER_WORKFLOW,
    PETITION_WORKFLOW,
    Competence,
    ContactMeeting,
    Field,
    Letter,
    LetterCategory,
    LetterTransition,
    PetitionItem,
    PetitionItemTransition,
    Reception,
    ReceptionSchedule,
)

OLD = date(1997, 1, 1)
ST = PetitionItem.Status
AS = PetitionItem.Assessment
M = ContactMeeting.Kind
F = Field

# --- people (fictional) ------------------------------------------------------------------------


def citizen(i: int) -> str:
    """A plausible, invented citizen's name, the same for the same `i`."""
    female = i % 3 == 1
    family = FAMILY[(i * 5 + 2) % len(FAMILY)]
    if female:
        return f"{family} {MIDDLE_F[i % len(MIDDLE_F)]} {GIVEN_F[(i * 7) % len(GIVEN_F)]}"
    return f"{family} {MIDDLE_M[i % len(MIDDLE_M)]} {GIVEN_M[(i * 7) % len(GIVEN_M)]}"


def id_number(province: str, i: int) -> str:
    """A CCCD-shaped number (province code, then 9 digits): invented, never a real one."""
    return f"0{province}{(i * 7919 + 1_000_003) % 1_000_000_000:09d}"


# --- what happens to an item --------------------------------------------------------------------


@dataclass(frozen=True)
class Fate:
    """How far an item went: classified, transferred (date, document), answered `answer_days`
    after the transfer, assessed `assess_days` after the answer; then reported and closed."""

    competence: str = ""
    field: str = ""
    transfer: tuple[date, str] | None = None
    answer_days: int | None = None
    assessment: str = ""
    assess_days: int = 10
    reported: bool = False
    closed: bool = False


ANSWERS = {
    AS.RESOLVED: "Đã bố trí kinh phí, chỉ đạo các đơn vị thực hiện xong; kết quả đã thông tin đến "
    "cử tri nơi kiến nghị.",
    AS.IN_PROGRESS: "Đang chỉ đạo các cơ quan chuyên môn rà soát, lập hồ sơ và bố trí nguồn vốn; "
    "dự kiến hoàn thành trong năm sau.",
    AS.EXPLAINED: "Nội dung đã được giải quyết đúng quy định; cơ quan trả lời đã giải thích, cung "
    "cấp thông tin để cử tri nắm rõ.",
    AS.NOT_RESOLVABLE: "Chưa thể giải quyết do vướng quy hoạch và chưa cân đối được nguồn lực; sẽ "
    "xem xét khi có điều kiện.",
    "": "Đã tiếp thu kiến nghị của cử tri và giao các cơ quan chuyên môn xem xét, giải quyết "
    "theo thẩm quyền.",
}


class VoterDemo:
    def __init__(self, admin: User) -> None:
        self.admin = admin

    def clerk(self, username: str, council: Council) -> User:
        """The office records what happened, as it would; the admin where that office may not."""
        user = User.objects.filter(username=username).first()
        if user is not None and all(
            scoping.can(user, cap, council) for cap in (Capability.EDIT, Capability.OWN_VOTER_WORK)
        ):
            return user
        return self.admin

    def agency(self, actor: User, council: Council, name: str, kind: str) -> Agency:
        found = Agency.objects.filter(council=council, name=name).first()
        if found is None:
            found = council_services.agency_create(
                actor=actor, council=council, name=name, kind=kind
            )
        return found

    def meeting(self, actor: User, council: Council, held_on: date, place: str, **values):
        found = ContactMeeting.objects.filter(council=council, held_on=held_on, place=place)
        if found.exists():
            return found.first()
        delegates = list(Delegate.objects.filter(council=council).order_by("id")[:3])
        return services.meeting_create(
            actor=actor,
            council=council,
            held_on=held_on,
            place=place,
            delegates=delegates,
            **values,
        )

    def item(
        self,
        actor: User,
        content: str,
        *,
        council: Council,
        meeting: ContactMeeting | None = None,
        raised_on: date | None = None,
        voter: int = 0,
        address: str = "",
    ) -> PetitionItem:
        """The item holding `content` (one opinion, one issue), created if missing."""
        found = PetitionItem.objects.filter(council=council, content=content).first()
        if found is not None:
            return found
        petition = services.petition_create(
            actor=actor,
            text=content,
            meeting=meeting,
            council=None if meeting else council,
            raised_on=raised_on,
            voter_name=citizen(voter),
            voter_address=address,
        )
        return petition.items.get()

    def advance(self, actor: User, item: PetitionItem, fate: Fate, agency: Agency) -> PetitionItem:
        """Take the item as far as its fate, through the services; a step done is skipped."""
        if item.status == ST.RECEIVED and fate.competence:
            item = services.petition_item_classify(
                actor=actor, item=item, competence=fate.competence, field=fate.field
            )
        if item.status == ST.CLASSIFIED and fate.transfer and item.merged_into_id is None:
            on, number = fate.transfer
            item = services.petition_item_transfer(
                actor=actor, item=item, transfer_date=on, transfer_number=number, agency=agency
            )
        if item.status == ST.TRANSFERRED and fate.answer_days is not None:
            item = services.petition_item_answer(
                actor=actor,
                item=item,
                answered_on=item.transfer_date + timedelta(days=fate.answer_days),
                answer=ANSWERS[fate.assessment],
            )
        if item.status == ST.ANSWERED and fate.assessment:
            on = item.answered_on + timedelta(days=fate.assess_days)
            item = services.petition_item_assess(
                actor=actor, item=item, assessment=fate.assessment, assessed_on=on
            )
            services.petition_item_inform_voters(
                actor=actor, item=item, informed_on=on + timedelta(days=7)
            )
            item.refresh_from_db()
        if item.status == ST.ASSESSED and fate.reported:
            item = PETITION_WORKFLOW.move(obj=item, to=ST.REPORTED, actor=actor)
        if item.status == ST.REPORTED and fate.closed:
            item = PETITION_WORKFLOW.move(obj=item, to=ST.CLOSED, actor=actor)
        return item

    def merge(self, actor: User, into: PetitionItem, item: PetitionItem) -> None:
        if item.merged_into_id is None and item.status == ST.RECEIVED:
            services.petition_items_merge(actor=actor, into=into, items=[item])


def load(actor: User) -> None:
    """Load (or complete) the voters demo; safe to run any number of times."""
    demo = VoterDemo(actor)
    for step in (_hiep_duc, _huong_thuy, _bac_kan):
        step(demo)
    _date_histories()


def _date_histories() -> None:
    """The audit rows carry the days the story's steps happened, not the load time."""
    S = PetitionItem.Status  # noqa: N806
    date_histories(
        PetitionItemTransition,
        "item",
        PetitionItem.objects.only(
            "raised_on", "transfer_date", "answered_on", "assessed_on"
        ).iterator(),
        lambda i: {
            S.CLASSIFIED: i.raised_on,
            S.TRANSFERRED: i.transfer_date,
            S.ANSWERED: i.answered_on,
            S.ASSESSED: i.assessed_on,
            S.REPORTED: i.assessed_on,
            S.CLOSED: i.assessed_on,
        },
    )
    L = Letter.Status  # noqa: N806
    date_histories(
        LetterTransition,
        "letter",
        Letter.objects.only("received_on", "transfer_date", "handled_on", "answered_on").iterator(),
        lambda x: {
            L.CLASSIFIED: x.received_on,
            L.FORWARDED: x.transfer_date,
            L.GUIDED: x.handled_on,
            L.FILED: x.handled_on,
            L.ANSWERED: x.answered_on,
            L.CLOSED: x.answered_on or x.handled_on,
        },
    )


def _council(code: str, valid_from: date = OLD) -> Council | None:
    return Council.objects.filter(unit__code=code, unit__valid_from=valid_from).first()


def _session(council: Council, number: str) -> Session | None:
    return Session.objects.filter(council=council, number=number, term__name="2021-2026").first()


def _meeting_kind(kind: str, session: Session | None) -> dict:
    """Around a session when the sessions demo holds it, else a thematic meeting."""
    if session is None:
        return {"kind": M.THEMATIC}
    return {"kind": kind, "session": session}


def _spread(fates: list[Fate], step: int) -> list[Fate]:
    """The fates interleaved (index * step mod n, step prime to n) so states mix in the lists."""
    n = len(fates)
    return [fates[(i * step) % n] for i in range(n)]


# --- Huyện Hiệp Đức, 8 months of 2023 (seed 000) ------------------------------------------------

HD_UBND = "Ủy ban nhân dân huyện Hiệp Đức"
HD_ISSUES: list[tuple[str, str]] = [
    (F.INVESTMENT, "Đề nghị đầu tư nâng cấp tuyến đường giao thông liên thôn {place}"),
    (
        F.INDUSTRY,
        "Đề nghị sửa chữa hệ thống đèn chiếu sáng công cộng trên trục đường chính {place}",
    ),
    (F.AGRICULTURE, "Đề nghị hỗ trợ giống cây keo, quế cho các hộ trồng rừng sản xuất {place}"),
    (F.LAND, "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân {place}"),
    (F.ENVIRONMENT, "Đề nghị có phương án thu gom, xử lý rác thải sinh hoạt {place}"),
    (F.EDUCATION, "Đề nghị sửa chữa phòng học, nhà vệ sinh điểm trường tiểu học {place}"),
    (F.HEALTH, "Đề nghị bổ sung thuốc bảo hiểm y tế và bác sĩ cho trạm y tế {place}"),
    (F.SOCIAL, "Đề nghị xem xét hỗ trợ nhà ở cho hộ nghèo, hộ chính sách {place}"),
    (F.AGRICULTURE, "Đề nghị nạo vét, kiên cố hóa kênh mương nội đồng {place}"),
    (F.SECURITY, "Đề nghị tăng cường kiểm tra, xử lý tình trạng khai thác cát trái phép {place}"),
]
HD_PLACES = [
    "thị trấn Tân Bình",
    "xã Quế Thọ",
    "xã Sông Trà",
    "xã Bình Lâm",
    "xã Hiệp Hòa",
    "xã Phước Gia",
    "xã Thăng Phước",
    "xã Bình Sơn",
]
# (held on, place, kind, session number, transfer (date, document) of its items, how many)
HD_MEETINGS: list[tuple[date, str, str, str, tuple[date, str], int]] = [
    (date(2023, 3, 21), "Hội trường UBND thị trấn Tân Bình", M.BEFORE_SESSION, "10",
     (date(2023, 3, 31), "21/HĐND-TT"), 10),
    (date(2023, 3, 22), "Nhà văn hóa thôn 1, xã Quế Thọ", M.BEFORE_SESSION, "10",
     (date(2023, 3, 31), "21/HĐND-TT"), 9),
    (date(2023, 3, 23), "Hội trường UBND xã Sông Trà", M.BEFORE_SESSION, "10",
     (date(2023, 3, 31), "21/HĐND-TT"), 9),
    (date(2023, 4, 25), "Hội trường UBND xã Bình Lâm", M.AFTER_SESSION, "10",
     (date(2023, 5, 8), "32/HĐND-TT"), 9),
    (date(2023, 6, 27), "Hội trường UBND xã Hiệp Hòa", M.BEFORE_SESSION, "11",
     (date(2023, 7, 5), "48/HĐND-TT"), 9),
    (date(2023, 6, 28), "Hội trường UBND xã Phước Gia", M.BEFORE_SESSION, "11",
     (date(2023, 7, 5), "48/HĐND-TT"), 9),
    (date(2023, 6, 29), "Nhà văn hóa thôn 3, xã Thăng Phước", M.BEFORE_SESSION, "11",
     (date(2023, 7, 5), "48/HĐND-TT"), 8),
    (date(2023, 8, 10), "Hội trường UBND xã Bình Sơn", M.AFTER_SESSION, "11",
     (date(2023, 8, 21), "57/HĐND-TT"), 8),
]  # fmt: skip
HD_FORWARDED = 71
# The 71 forwarded items' fates: 50 assessed (34 resolved, 8 in progress, 6 explained, 2 not
# resolvable; 20 of the resolved reported at session 12, 10 of them closed), 10 answered and
# not yet assessed, 11 never answered (overdue).
_D = Competence.DISTRICT
HD_FATES = _spread(
    [Fate(_D, answer_days=20 + i % 15, assessment=AS.RESOLVED, reported=True, closed=i < 10)
     for i in range(20)]
    + [Fate(_D, answer_days=25 + i % 20, assessment=AS.RESOLVED) for i in range(14)]
    + [Fate(_D, answer_days=35 + i, assessment=AS.IN_PROGRESS) for i in range(8)]
    + [Fate(_D, answer_days=28, assessment=AS.EXPLAINED) for _ in range(6)]
    + [Fate(_D, answer_days=40, assessment=AS.NOT_RESOLVABLE) for _ in range(2)]
    + [Fate(_D, answer_days=33 + i) for i in range(10)]
    + [Fate(_D) for _ in range(11)],
    step=12,
)  # fmt: skip
# The same issue raised again at a later meeting: (index of the compiled item, the new text).
HD_MERGED = [
    (0, "Cử tri thôn 2 đề nghị nâng cấp đường giao thông liên thôn thị trấn Tân Bình"),
    (10, "Cử tri đề nghị huyện bố trí vốn làm đèn chiếu sáng đường chính xã Quế Thọ"),
    (19, "Kiến nghị cấp giấy chứng nhận quyền sử dụng đất còn tồn đọng tại xã Sông Trà"),
    (37, "Cử tri tiếp tục đề nghị hỗ trợ giống cây keo, quế cho hộ trồng rừng xã Hiệp Hòa"),
    (46, "Đề nghị thu gom rác thải sinh hoạt ở các thôn của xã Phước Gia"),
]
HD_2022_OPEN = (
    "Đề nghị đầu tư xây dựng cầu tràn qua suối Nước Xa, thôn 5, xã Phước Gia để người dân đi lại "
    "an toàn trong mùa mưa"
)
HD_2022_DONE = "Đề nghị khắc phục đoạn đường ĐH3 bị sạt lở sau mưa bão tại xã Bình Lâm"
HD_REPEAT = (
    "Cử tri tiếp tục đề nghị xây dựng cầu tràn qua suối Nước Xa, thôn 5, xã Phước Gia; kiến "
    "nghị đã nêu từ cuối năm 2022 nhưng chưa được giải quyết"
)


def _hiep_duc(demo: VoterDemo) -> None:
    council = _council("514")
    if council is None:
        return
    actor = demo.clerk("hiepduc.vanphong", council)
    ubnd = demo.agency(actor, council, HD_UBND, Agency.Kind.PEOPLE_COMMITTEE)
    front = "Ủy ban MTTQ Việt Nam huyện Hiệp Đức"
    # The term's backlog: two issues of late 2022, one still in progress.
    earlier = {}
    for content, fate in [
        (HD_2022_OPEN, Fate(_D, F.INVESTMENT, (date(2022, 12, 5), "96/HĐND-TT"), 36,
                            AS.IN_PROGRESS)),
        (HD_2022_DONE, Fate(_D, F.INDUSTRY, (date(2022, 12, 5), "96/HĐND-TT"), 15,
                            AS.RESOLVED, 5)),
    ]:  # fmt: skip
        found = demo.item(
            actor,
            content,
            council=council,
            raised_on=date(2022, 11, 24),
            voter=900 + len(earlier),
            address="Xã Phước Gia, huyện Hiệp Đức",
        )
        earlier[content] = demo.advance(actor, found, fate, ubnd)

    compiled: list[tuple[PetitionItem, str, tuple[date, str]]] = []
    n = 0
    for m, (held_on, place, kind, number, transfer, count) in enumerate(HD_MEETINGS):
        meeting = demo.meeting(
            actor,
            council,
            held_on,
            place,
            voters_count=80 + 5 * count,
            front_cohost=front,
            **_meeting_kind(kind, _session(council, number)),
        )
        commune = HD_PLACES[m]
        for _k in range(count):
            field, text = HD_ISSUES[n % len(HD_ISSUES)]
            content = text.format(place=commune)
            if number == "11" and place.endswith("Phước Gia") and _k == 0:
                content = HD_REPEAT
                field = F.INVESTMENT
            found = demo.item(
                actor,
                content,
                council=council,
                meeting=meeting,
                voter=n,
                address=f"Thôn {n % 6 + 1}, {commune}, huyện Hiệp Đức",
            )
            compiled.append((found, field, transfer))
            n += 1
    # Merge each repeat into its compiled item before anything is transferred.
    for index, content in HD_MERGED:
        into = compiled[index][0]
        repeat = demo.item(
            actor,
            content,
            council=council,
            meeting=into.petition.meeting,
            voter=700 + index,
            address=f"Thôn 2, {HD_PLACES[0]}, huyện Hiệp Đức",
        )
        demo.merge(actor, into, repeat)
    for (found, field, transfer), fate in zip(compiled, HD_FATES, strict=True):
        fate = Fate(**{**fate.__dict__, "field": field, "transfer": transfer})
        found = demo.advance(actor, found, fate, ubnd)
        if found.content == HD_REPEAT and found.repeated_from_id is None:
            services.petition_item_link_repeated(
                actor=actor, item=found, earlier=earlier[HD_2022_OPEN]
            )
    # Not forwarded: two issues for the communes to settle, one not classified yet.
    last = ContactMeeting.objects.filter(council=council).order_by("-held_on").first()
    for content, fate in [
        ("Đề nghị UBND xã tổ chức dọn vệ sinh, phát quang hai bên tuyến đường thôn 4, xã Bình "
         "Sơn", Fate(Competence.COMMUNE, F.ENVIRONMENT)),
        ("Đề nghị xã công khai danh sách hộ được hỗ trợ làm nhà ở năm 2023, xã Bình Sơn",
         Fate(Competence.COMMUNE, F.SOCIAL)),
        ("Đề nghị hướng dẫn người dân cài đặt, sử dụng dịch vụ công trực tuyến, xã Bình Sơn",
         Fate()),
    ]:  # fmt: skip
        found = demo.item(
            actor, content, council=council, meeting=last, voter=800 + len(content) % 50
        )
        demo.advance(actor, found, fate, ubnd)
    _hiep_duc_receptions(demo, actor, council, ubnd)
    _hiep_duc_letters(demo, actor, council, ubnd)


# (day, persons, category, handling, content); 12 persons in all, in 8 receptions.
HD_RECEPTIONS: list[tuple[date, int, str, str, str]] = [
    (date(2023, 1, 16), 1, LetterCategory.COMPLAINT, Reception.Handling.GUIDED,
     "Khiếu nại việc UBND xã chưa giải quyết tranh chấp ranh giới đất vườn với hộ liền kề"),
    (date(2023, 2, 15), 4, LetterCategory.PETITION, Reception.Handling.FORWARDED,
     "Nhóm hộ dân kiến nghị giải quyết tranh chấp diện tích đất rừng keo giáp ranh hai thôn"),
    (date(2023, 3, 15), 1, LetterCategory.FEEDBACK, Reception.Handling.GUIDED,
     "Phản ánh việc cấp nước sinh hoạt không ổn định trong mùa khô"),
    (date(2023, 4, 17), 1, LetterCategory.COMPLAINT, Reception.Handling.FORWARDED,
     "Khiếu nại mức bồi thường, hỗ trợ khi thu hồi đất làm đường ĐH5"),
    (date(2023, 5, 15), 2, LetterCategory.PETITION, Reception.Handling.GUIDED,
     "Hai hộ dân kiến nghị xem xét lại việc bình xét hộ cận nghèo năm 2023"),
    (date(2023, 6, 15), 1, LetterCategory.DENUNCIATION, Reception.Handling.FORWARDED,
     "Tố cáo việc khai thác cát trái phép trên sông Tranh đoạn qua thôn 2"),
    (date(2023, 7, 17), 1, LetterCategory.FEEDBACK, Reception.Handling.GUIDED,
     "Phản ánh tình trạng xe tải trọng lớn làm hư hỏng đường giao thông nông thôn"),
    (date(2023, 8, 15), 1, LetterCategory.PETITION, Reception.Handling.ACCEPTED,
     "Kiến nghị được hưởng chế độ người có công với cách mạng"),
]  # fmt: skip


def _hiep_duc_receptions(demo: VoterDemo, actor: User, council: Council, ubnd: Agency) -> None:
    schedule = ReceptionSchedule.objects.filter(council=council).first()
    if schedule is None:
        schedule = services.reception_schedule_create(
            actor=actor,
            council=council,
            receiver=ReceptionSchedule.Receiver.STANDING,
            place="Trụ sở tiếp công dân huyện Hiệp Đức, thị trấn Tân Bình",
            frequency=ReceptionSchedule.Frequency.MONTHLY,
            day_of_month=15,
            note="Trùng ngày nghỉ thì tiếp vào ngày làm việc kế tiếp.",
            legal_basis="Thông báo số 02/TB-TTHĐND ngày 05/01/2023 của Thường trực HĐND huyện",
            valid_from=date(2023, 1, 1),
        )
    chair = Delegate.objects.filter(council=council, full_name="Huỳnh Đức Viên").first()
    for i, (day, persons, category, handling, content) in enumerate(HD_RECEPTIONS):
        name = citizen(100 + i)
        if Reception.objects.filter(council=council, received_on=day, person_name=name).exists():
            continue
        services.reception_create(
            actor=actor,
            council=council,
            received_on=day,
            person_name=name,
            address=f"Thôn {i % 5 + 1}, {HD_PLACES[i % len(HD_PLACES)]}, huyện Hiệp Đức",
            id_number=id_number("49", 100 + i),
            phone=f"09{(i * 7_654_321 + 3_456_789) % 100_000_000:08d}",
            persons=persons,
            content=content,
            category=category,
            handling=handling,
            forwarded_to=ubnd if handling == Reception.Handling.FORWARDED else None,
            result="UBND huyện đã giao Phòng Tài nguyên và Môi trường kiểm tra, trả lời công dân."
            if handling == Reception.Handling.FORWARDED
            else "",
            delegate=chair if chair and i % 2 == 0 else None,
            receiver_name="" if chair and i % 2 == 0 else "Nguyễn Văn Tỉnh - Chủ tịch HĐND huyện",
            schedule=schedule,
        )


def _hiep_duc_letters(demo: VoterDemo, actor: User, council: Council, ubnd: Agency) -> None:
    """Five letters: one forwarded with its slip, answered and closed; one answered; one
    guided; one filed as a duplicate of the first; one forwarded and never answered."""
    nn = Agency.objects.filter(
        council=council, name="Phòng Nông nghiệp và Phát triển nông thôn huyện Hiệp Đức"
    ).first()
    first_sender = citizen(200)

    def letter(day: date, sender: str, channel: str, content: str, category: str, i: int):
        found = Letter.objects.filter(council=council, received_on=day, content=content).first()
        if found is not None:
            return found
        made = services.letter_create(
            actor=actor,
            council=council,
            received_on=day,
            channel=channel,
            content=content,
            sender_name=sender,
            sender_address=f"Thôn {i + 1}, {HD_PLACES[i + 1]}, huyện Hiệp Đức",
            sender_id_number=id_number("49", 200 + i),
        )
        return services.letter_classify(actor=actor, letter=made, category=category)

    complaint = (
        "Khiếu nại Quyết định thu hồi đất của UBND huyện đối với thửa đất số 112, tờ bản đồ số "
        "9 để thực hiện dự án đường ĐH5; đề nghị xem xét lại diện tích và đơn giá bồi thường"
    )
    first = letter(date(2023, 2, 20), first_sender, Letter.Channel.POST, complaint,
                   LetterCategory.COMPLAINT, 0)  # fmt: skip
    if first.status == Letter.Status.CLASSIFIED:
        first = services.letter_forward(
            actor=actor,
            letter=first,
            transfer_date=date(2023, 2, 24),
            transfer_number="15/PC-HĐND",
            agency=ubnd,
        )
    if first.status == Letter.Status.FORWARDED:
        first = services.letter_answer(
            actor=actor,
            letter=first,
            answered_on=date(2023, 3, 20),
            answer="UBND huyện đã thụ lý, giải quyết lần đầu: giữ nguyên quyết định thu hồi đất, "
            "bổ sung hỗ trợ chuyển đổi nghề cho hộ gia đình.",
        )
    if first.status == Letter.Status.ANSWERED:
        LETTER_WORKFLOW.move(obj=first, to=Letter.Status.CLOSED, actor=actor)

    second = letter(
        date(2023, 4, 3),
        citizen(201),
        Letter.Channel.IN_PERSON,
        "Phản ánh việc cấp phát giống lúa hỗ trợ sau thiên tai chậm, không đủ số lượng cho các hộ "
        "thôn 3",
        LetterCategory.FEEDBACK,
        1,
    )
    if second.status == Letter.Status.CLASSIFIED:
        second = services.letter_forward(
            actor=actor,
            letter=second,
            transfer_date=date(2023, 4, 6),
            transfer_number="27/PC-HĐND",
            agency=nn or ubnd,
        )
    if second.status == Letter.Status.FORWARDED:
        services.letter_answer(
            actor=actor,
            letter=second,
            answered_on=date(2023, 4, 28),
            answer="Đã cấp bổ sung 1,2 tấn giống lúa cho 46 hộ; kiểm điểm cán bộ chậm cấp phát.",
        )

    third = letter(
        date(2023, 5, 10),
        citizen(202),
        Letter.Channel.RECEPTION,
        "Kiến nghị được cấp lại sổ hộ nghèo do bị thất lạc",
        LetterCategory.PETITION,
        2,
    )
    if third.status == Letter.Status.CLASSIFIED:
        services.letter_guide(
            actor=actor,
            letter=third,
            handled_on=date(2023, 5, 12),
            handling_note="Hướng dẫn công dân liên hệ UBND xã nơi cư trú để được cấp lại.",
        )

    again = letter(date(2023, 6, 5), first_sender, Letter.Channel.POST, complaint,
                   LetterCategory.COMPLAINT, 0)  # fmt: skip
    if again.duplicate_of_id is None:
        again = services.letter_mark_duplicate(actor=actor, letter=again, duplicate_of=first)
    if again.status == Letter.Status.CLASSIFIED:
        services.letter_file(
            actor=actor,
            letter=again,
            handled_on=date(2023, 6, 7),
            handling_note="Đơn trùng nội dung với đơn đã chuyển UBND huyện và đã có kết quả "
            "giải quyết; lưu đơn.",
        )

    fifth = letter(
        date(2023, 7, 24),
        citizen(204),
        Letter.Channel.EMAIL,
        "Tố cáo cán bộ địa chính xã có hành vi nhận tiền khi làm hồ sơ cấp giấy chứng nhận "
        "quyền sử dụng đất",
        LetterCategory.DENUNCIATION,
        4,
    )
    if fifth.status == Letter.Status.CLASSIFIED:
        services.letter_forward(
            actor=actor,
            letter=fifth,
            transfer_date=date(2023, 7, 27),
            transfer_number="52/PC-HĐND",
            agency=ubnd,
        )


# --- Thị xã Hương Thủy, 2019 (seed 003) ---------------------------------------------------------

HT_WARDS = [
    ("19951", "phường Thủy Châu"),
    ("19954", "phường Thủy Dương"),
    ("19957", "phường Thủy Lương"),
    ("19960", "xã Thủy Bằng"),
    ("19963", "xã Thủy Vân"),
    ("19966", "xã Dương Hòa"),
]
HT_ISSUES: list[tuple[str, str]] = [
    (F.INDUSTRY, "Đề nghị sửa chữa mặt đường kiệt, hẻm bị xuống cấp tại tổ dân phố 3, {place}"),
    (F.ENVIRONMENT, "Đề nghị khơi thông hệ thống thoát nước gây ngập úng mùa mưa tại {place}"),
    (F.LAND, "Đề nghị giải quyết dứt điểm hồ sơ cấp giấy chứng nhận đất ở tồn đọng tại {place}"),
    (F.SOCIAL, "Đề nghị xem xét hỗ trợ người cao tuổi neo đơn có hoàn cảnh khó khăn tại {place}"),
]
HT_FATES = [
    Fate(Competence.COMMUNE, answer_days=18, assessment=AS.RESOLVED),
    Fate(Competence.COMMUNE, answer_days=25, assessment=AS.IN_PROGRESS),
    Fate(Competence.COMMUNE, answer_days=30, assessment=AS.EXPLAINED),
    Fate(Competence.COMMUNE),
]


def _huong_thuy(demo: VoterDemo) -> None:
    for w, (code, place) in enumerate(HT_WARDS):
        council = _council(code)
        if council is None:
            continue
        actor = demo.clerk("huongthuy.vanphong", council)
        ubnd = demo.agency(actor, council, f"Ủy ban nhân dân {place}", Agency.Kind.PEOPLE_COMMITTEE)
        meeting = demo.meeting(
            actor,
            council,
            date(2019, 6, 18 + w),
            f"Nhà văn hóa tổ dân phố 1, {place}",
            kind=M.CONSTITUENCY,
            voters_count=60 + 5 * w,
            front_cohost=f"Ủy ban MTTQ Việt Nam {place}",
        )
        for i, (field, text) in enumerate(HT_ISSUES):
            found = demo.item(
                actor,
                text.format(place=place),
                council=council,
                meeting=meeting,
                voter=300 + 4 * w + i,
                address=f"Tổ dân phố {i + 2}, {place}, thị xã Hương Thủy",
            )
            fate = HT_FATES[(i + w) % len(HT_FATES)]
            fate = Fate(
                **{
                    **fate.__dict__,
                    "field": field,
                    "transfer": (date(2019, 7, 5), f"{12 + w}/HĐND"),
                }
            )
            demo.advance(actor, found, fate, ubnd)


# --- Tỉnh Bắc Kạn, 2023 (DOMAIN.md §10: 109/139 resolved, 14 not resolvable, 16 in progress) ---

BK_PLACES = [
    "thành phố Bắc Kạn",
    "huyện Ba Bể",
    "huyện Bạch Thông",
    "huyện Chợ Đồn",
    "huyện Chợ Mới",
    "huyện Na Rì",
    "huyện Ngân Sơn",
    "huyện Pác Nặm",
]
BK_ISSUES: list[tuple[str, str]] = [
    (F.INVESTMENT, "Đề nghị đầu tư nâng cấp tuyến đường tỉnh qua địa bàn {place}"),
    (F.AGRICULTURE, "Đề nghị hỗ trợ giống, phân bón cho người dân trồng rừng tại {place}"),
    (
        F.LAND,
        "Đề nghị đẩy nhanh tiến độ cấp giấy chứng nhận quyền sử dụng đất lâm nghiệp tại {place}",
    ),
    (F.EDUCATION, "Đề nghị bố trí đủ giáo viên mầm non, tiểu học cho các điểm trường {place}"),
    (F.HEALTH, "Đề nghị đầu tư trang thiết bị y tế cho trung tâm y tế {place}"),
    (
        F.ETHNIC,
        "Đề nghị sớm giải ngân vốn Chương trình mục tiêu quốc gia phát triển kinh tế - xã "
        "hội vùng đồng bào dân tộc thiểu số tại {place}",
    ),
    (
        F.ENVIRONMENT,
        "Đề nghị xử lý tình trạng khai thác khoáng sản gây ô nhiễm nguồn nước tại {place}",
    ),
    (F.SOCIAL, "Đề nghị hỗ trợ kinh phí xóa nhà tạm, nhà dột nát cho hộ nghèo tại {place}"),
    (F.INDUSTRY, "Đề nghị mở rộng lưới điện đến các thôn chưa có điện lưới quốc gia tại {place}"),
    (F.CULTURE, "Đề nghị hỗ trợ xây dựng nhà văn hóa thôn tại {place}"),
    (F.INVESTMENT, "Đề nghị đầu tư kè chống sạt lở bờ sông tại {place}"),
    (F.AGRICULTURE, "Đề nghị sửa chữa công trình thủy lợi, đập dâng bị hư hỏng tại {place}"),
    (F.SECURITY, "Đề nghị tăng cường bảo đảm trật tự an toàn giao thông trên quốc lộ qua {place}"),
    (
        F.BUDGET,
        "Đề nghị bố trí kinh phí chi trả phụ cấp cho người hoạt động không chuyên trách "
        "ở thôn, tổ dân phố tại {place}",
    ),
    (F.INDUSTRY, "Đề nghị cải thiện chất lượng sóng điện thoại di động, internet tại {place}"),
    (F.HEALTH, "Đề nghị bảo đảm cung ứng thuốc bảo hiểm y tế tại các trạm y tế xã thuộc {place}"),
    (F.EDUCATION, "Đề nghị sửa chữa nhà bán trú cho học sinh dân tộc thiểu số tại {place}"),
    (F.LAND, "Đề nghị giải quyết dứt điểm bồi thường giải phóng mặt bằng các dự án tại {place}"),
]
BK_TOTAL = 139
# 109 resolved (80 closed after the report), 14 not resolvable, 16 in progress, all reported at
# the year-end session (19).
BK_FATES = _spread(
    [Fate(Competence.PROVINCE, answer_days=60 + i % 40, assessment=AS.RESOLVED, reported=True,
          closed=i < 80) for i in range(109)]
    + [Fate(Competence.PROVINCE, answer_days=75, assessment=AS.NOT_RESOLVABLE, reported=True)
       for _ in range(14)]
    + [Fate(Competence.PROVINCE, answer_days=70 + i, assessment=AS.IN_PROGRESS, reported=True)
       for i in range(16)],
    step=10,
)  # fmt: skip
BK_UBND = "Ủy ban nhân dân tỉnh Bắc Kạn"


def _bac_kan(demo: VoterDemo) -> None:
    council = _council("06")
    if council is None:
        return
    actor = demo.clerk("backan.vanphong", council)
    ubnd = demo.agency(actor, council, BK_UBND, Agency.Kind.PEOPLE_COMMITTEE)
    session = _session(council, "15")
    meetings = [
        demo.meeting(
            actor,
            council,
            date(2023, 6, 19 + p % 4),
            f"Hội trường UBND {place}",
            voters_count=110 + 7 * p,
            front_cohost=f"Ủy ban MTTQ Việt Nam {place}",
            **_meeting_kind(M.BEFORE_SESSION, session),
        )
        for p, place in enumerate(BK_PLACES)
    ]
    items = []
    for n in range(BK_TOTAL):
        p = n % len(BK_PLACES)
        field, text = BK_ISSUES[n // len(BK_PLACES)]
        found = demo.item(
            actor,
            text.format(place=BK_PLACES[p]),
            council=council,
            meeting=meetings[p],
            voter=500 + n,
            address=f"Thôn Nà {n % 9 + 1}, {BK_PLACES[p]}, tỉnh Bắc Kạn",
        )
        items.append((found, field))
    # The same issue raised at two more meetings, merged into the first (not counted again).
    for p in (1, 2):
        repeat = demo.item(
            actor,
            f"Cử tri {BK_PLACES[p]} cũng đề nghị nâng cấp tuyến đường tỉnh qua địa bàn",
            council=council,
            meeting=meetings[p],
            voter=690 + p,
        )
        demo.merge(actor, items[0][0], repeat)
    for (found, field), fate in zip(items, BK_FATES, strict=True):
        fate = Fate(
            **{**fate.__dict__, "field": field, "transfer": (date(2023, 7, 20), "158/HĐND-VP")}
        )
        demo.advance(actor, found, fate, ubnd)
