"""Demo oversight programmes, activities and recommendations (issue 12), after the seed articles.

The figures the articles give are kept: Huyện Hiệp Đức ran 8 thematic oversight activities and 6
surveys in the first 8 months of 2023 (seed 000); Tỉnh Bắc Kạn oversaw 16 topics in 2023 and held
3 explanation sessions (seed 004; the sessions are sessions/demo.py's, linked here); Thị xã Hương
Thủy's standing committee worked with six wards and communes under Plan 07/KH-TTHĐND of 24/9/2019
(seed 003). Topics, numbers of documents, dates and every recommendation are illustrative.

Every write goes through the services (oversight.services_activities, followups.services), so the
obligations, the status moves and their audit rows are real. Each activity is keyed by council,
year and topic, each recommendation by activity and content; what exists is left as it is, so
loading twice changes nothing. Urging steps are few on purpose: each builds its letter (a PDF)
when the load commits. Every date of a story is in the past (the councils ended on
30/6/2025), and open recommendations are simply late: their state needs no "today".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from core.demo import date_histories
from core.models import User
from councils.models import Agency, Body, BodyMembership, Council, Term
from followups import services as followups
from followups.models import Obligation, Step
from oversight import services_activities as services
from oversight.activities import (
    ActivityKind,
    ActivityMember,
    ActivityTransition,
    OversightActivity,
    OversightProgramme,
    Recommendation,
)
from oversight.models import ExplanationHearing
from resolutions.models import Field, Resolution

logger = logging.getLogger(__name__)
OLD = date(1997, 1, 1)
Outcome = Obligation.Outcome
REOVERSEE = "reoversee"  # a story's step: the re-oversight of 2024 checks the recommendation
A = OversightActivity.Status
T, S = ActivityKind.THEMATIC, ActivityKind.SURVEY
F = Field


# --- what a story is made of -----------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """Progress reported by the owing agency."""

    on: date
    progress: int | None
    content: str


@dataclass(frozen=True)
class Urge:
    """One step of the escalation ladder with its document."""

    on: date
    number: str
    step: str = Step.URGE


@dataclass(frozen=True)
class Extend:
    new_due: date
    on: date
    number: str
    reason: str


@dataclass(frozen=True)
class Close:
    outcome: str
    on: date
    note: str


@dataclass(frozen=True)
class Hearing:
    """The explanation session (sessions/demo.py's, found by its topic) held on it."""

    topic: str


@dataclass(frozen=True)
class Rec:
    agency: str
    content: str
    field: str
    due: date
    steps: tuple = ()
    # (roadmap or exempted, document number, document date, reason): out of the counts.
    exclusion: tuple[str, str, date, str] | None = None
    adopted_by: str = ""  # title of the council resolution that adopted it


@dataclass(frozen=True)
class Act:
    kind: str
    topic: str
    body: str  # "": the council itself; "standing"; a committee type; "Tổ đại biểu số N"
    agencies: tuple[str, ...]
    plan: tuple[str, date]
    concluded: tuple[str, date]
    decision: tuple[str, date] | None = None
    period: tuple[date, date] | None = None
    visits: tuple[tuple[date, str], ...] = ()  # (day, place)
    findings: str = ""
    recs: tuple[Rec, ...] = ()
    reoversight_of: str = ""  # topic of the activity it re-oversees


def _parts(topic: str) -> dict[str, str]:
    """The five parts of the conclusion report (DOMAIN.md §9), in the usual wording."""
    subject = topic[0].lower() + topic[1:]
    return {
        "general_assessment": (
            f"Qua giám sát, khảo sát {subject}, Đoàn đánh giá các cơ quan, đơn vị đã quan tâm "
            "triển khai thực hiện, cơ bản đúng quy định; báo cáo gửi Đoàn đầy đủ, đúng thời hạn."
        ),
        "advantages_difficulties": (
            "Thuận lợi: có sự lãnh đạo, chỉ đạo sát sao của cấp ủy, chính quyền. Khó khăn: địa "
            "bàn rộng, giao thông đi lại khó khăn; nguồn lực đầu tư còn hạn chế."
        ),
        "results": (
            "Phần lớn chỉ tiêu, nhiệm vụ đề ra đã được thực hiện; công tác phối hợp giữa các cơ "
            "quan chuyên môn và Ủy ban nhân dân cấp xã được duy trì."
        ),
        "shortcomings_causes": (
            "Một số nhiệm vụ còn chậm tiến độ; việc tổng hợp, báo cáo số liệu chưa kịp thời. "
            "Nguyên nhân chủ yếu do thiếu nhân lực và vướng mắc về thủ tục."
        ),
        "proposals": "Đoàn kiến nghị các cơ quan, đơn vị thực hiện các nội dung nêu tại phụ lục.",
    }


# --- Huyện Hiệp Đức, 2023 (seed 000: 8 thematic oversights, 6 surveys by end of August) ------

HD = "huyện Hiệp Đức"
UBND_HD = "Ủy ban nhân dân huyện Hiệp Đức"
TCKH_HD = "Phòng Tài chính - Kế hoạch huyện Hiệp Đức"
NN_HD = "Phòng Nông nghiệp và Phát triển nông thôn huyện Hiệp Đức"
GD_HD = "Phòng Giáo dục và Đào tạo huyện Hiệp Đức"
TNMT_HD = "Phòng Tài nguyên và Môi trường huyện Hiệp Đức"
LDTBXH_HD = "Phòng Lao động - Thương binh và Xã hội huyện Hiệp Đức"
KTHT_HD = "Phòng Kinh tế và Hạ tầng huyện Hiệp Đức"
YTE_HD = "Trung tâm Y tế huyện Hiệp Đức"
DTOC_HD = "Phòng Dân tộc huyện Hiệp Đức"
HD_NTM_RESULT = (
    "Kết quả giám sát việc thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới trên "
    "địa bàn huyện giai đoạn 2021 - 2023"
)
LEGAL, ECON = Body.CommitteeType.LEGAL, Body.CommitteeType.ECONOMY_SOCIETY

HD_SONG_TRANH = Act(
    T,
    "Công tác quản lý, khai thác khoáng sản và bảo vệ môi trường dọc sông Tranh trên địa bàn huyện",
    "standing",
    (TNMT_HD,),
    ("18/KH-TTHĐND", date(2023, 7, 27)),
    ("41/BC-TTHĐND", date(2023, 9, 8)),
    decision=("17/QĐ-TTHĐND", date(2023, 7, 25)),
    period=(date(2021, 1, 1), date(2023, 6, 30)),
    visits=((date(2023, 8, 16), "Mỏ cát xã Hiệp Hòa"), (date(2023, 8, 17), "Xã Quế Lưu")),
    recs=(
        Rec(
            TNMT_HD,
            "Kiểm tra, xử lý dứt điểm các điểm khai thác cát, sỏi trái phép trên sông Tranh; "
            "công khai kết quả xử lý trước ngày 31/12/2023.",
            F.ENVIRONMENT,
            date(2023, 12, 31),
            # Re-overseen: urged, then checked by the standing committee's re-oversight of 2024
            # (REOVERSEE: the step that creates HD_REOVERSIGHT and links it).
            steps=(
                Report(date(2023, 12, 28), 40, "Đã kiểm tra 5/12 điểm; đang xử lý vi phạm."),
                Urge(date(2024, 1, 10), "03/TTHĐND-VP"),
                REOVERSEE,
                Close(
                    Outcome.PARTLY_DONE,
                    date(2024, 6, 14),
                    "Tái giám sát: đã xử lý 9/12 điểm; 3 điểm chuyển cơ quan công an điều tra.",
                ),
            ),
        ),
    ),
)
HD_REOVERSIGHT = Act(
    ActivityKind.REOVERSIGHT,
    "Tái giám sát việc thực hiện kiến nghị sau giám sát về quản lý, khai thác khoáng sản dọc "
    "sông Tranh",
    "standing",
    (TNMT_HD,),
    ("07/KH-TTHĐND", date(2024, 4, 3)),
    ("22/BC-TTHĐND", date(2024, 6, 12)),
    decision=("05/QĐ-TTHĐND", date(2024, 4, 2)),
    visits=((date(2024, 5, 21), "Xã Hiệp Hòa, xã Quế Lưu"),),
    reoversight_of=HD_SONG_TRANH.topic,
)

HIEP_DUC: list[Act] = [
    Act(
        T,
        "Việc thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới trên địa bàn huyện "
        "giai đoạn 2021 - 2023",
        "",
        (UBND_HD, NN_HD),
        ("02/KH-ĐGS", date(2023, 3, 10)),
        ("25/BC-ĐGS", date(2023, 6, 26)),
        decision=("05/NQ-HĐND", date(2023, 3, 6)),
        period=(date(2021, 1, 1), date(2023, 3, 31)),
        visits=(
            (date(2023, 4, 18), "Xã Bình Lâm"),
            (date(2023, 4, 19), "Xã Quế Thọ"),
            (date(2023, 4, 20), "Thị trấn Tân Bình"),
        ),
        recs=(
            Rec(
                UBND_HD,
                "Chỉ đạo rà soát các tiêu chí nông thôn mới của xã Bình Lâm, xây dựng lộ trình đạt "
                "chuẩn nông thôn mới nâng cao trong năm 2024.",
                F.AGRICULTURE,
                date(2023, 12, 31),
                steps=(
                    Report(date(2023, 12, 15), 100, "Đã ban hành Kế hoạch số 212/KH-UBND."),
                    Close(Outcome.DONE, date(2023, 12, 15), "Hoàn thành đúng hạn."),
                ),
                adopted_by=HD_NTM_RESULT,
            ),
            Rec(
                NN_HD,
                "Hướng dẫn các xã hoàn thiện hồ sơ công nhận tiêu chí môi trường và an toàn thực "
                "phẩm; báo cáo kết quả trước ngày 30/11/2023.",
                F.AGRICULTURE,
                date(2023, 11, 30),
                steps=(
                    Report(date(2023, 11, 28), 60, "Đã hướng dẫn 7/11 xã, thị trấn."),
                    Close(
                        Outcome.PARTLY_DONE,
                        date(2023, 12, 20),
                        "Hoàn thành một phần: 4 xã chưa hoàn thiện hồ sơ tiêu chí môi trường.",
                    ),
                ),
                adopted_by=HD_NTM_RESULT,
            ),
        ),
    ),
    Act(
        T,
        "Công tác tiếp công dân, giải quyết khiếu nại, tố cáo và kiến nghị của cử tri năm 2022 "
        "và quý I năm 2023",
        "standing",
        (UBND_HD,),
        ("06/KH-TTHĐND", date(2023, 3, 22)),
        ("18/BC-TTHĐND", date(2023, 5, 12)),
        decision=("06/QĐ-TTHĐND", date(2023, 3, 20)),
        recs=(
            Rec(
                UBND_HD,
                "Trả lời dứt điểm 9 kiến nghị cử tri tồn đọng từ năm 2021 về đất đai, đền bù giải "
                "phóng mặt bằng.",
                F.LAND,
                date(2023, 8, 31),
                steps=(
                    Report(date(2023, 10, 5), 100, "Đã trả lời 9/9 kiến nghị."),
                    Close(
                        Outcome.DONE,
                        date(2023, 10, 5),
                        "Hoàn thành sau hạn 35 ngày; cơ quan đã giải trình nguyên nhân chậm.",
                    ),
                ),
            ),
        ),
    ),
    Act(
        T,
        "Công tác bảo đảm trật tự, an toàn giao thông trên địa bàn huyện năm 2022 - 2023",
        LEGAL,
        (UBND_HD,),
        ("03/KH-BPC", date(2023, 4, 10)),
        ("05/BC-BPC", date(2023, 6, 2)),
        decision=("03/QĐ-BPC", date(2023, 4, 7)),
        recs=(
            Rec(
                UBND_HD,
                "Lắp đặt biển báo, gờ giảm tốc tại 6 điểm đen tai nạn giao thông trên tuyến ĐT611.",
                F.INDUSTRY,
                date(2023, 10, 31),
                steps=(Close(Outcome.DONE, date(2023, 10, 20), "Đã lắp đặt tại 6/6 điểm."),),
            ),
        ),
    ),
    Act(
        T,
        "Việc giải quyết thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả cấp huyện, cấp xã",
        LEGAL,
        (UBND_HD,),
        ("05/KH-BPC", date(2023, 7, 5)),
        ("09/BC-BPC", date(2023, 8, 30)),
        decision=("05/QĐ-BPC", date(2023, 7, 3)),
    ),
    Act(
        T,
        "Tình hình thực hiện Kế hoạch đầu tư công năm 2023 nguồn vốn ngân sách huyện",
        ECON,
        (TCKH_HD, KTHT_HD),
        ("04/KH-BKTXH", date(2023, 5, 8)),
        ("07/BC-BKTXH", date(2023, 6, 30)),
        decision=("04/QĐ-BKTXH", date(2023, 5, 5)),
        recs=(
            Rec(
                TCKH_HD,
                "Tham mưu điều chuyển vốn của các dự án chậm giải ngân sang dự án có khối lượng; "
                "bảo đảm giải ngân trên 95% kế hoạch vốn năm 2023.",
                F.INVESTMENT,
                date(2024, 1, 31),
                # Overdue: urged twice, still no report.
                steps=(
                    Urge(date(2024, 2, 15), "09/TTHĐND-VP"),
                    Urge(date(2024, 4, 2), "21/TTHĐND-VP", Step.URGE_AGAIN),
                ),
            ),
        ),
    ),
    Act(
        T,
        "Việc quản lý, sử dụng kinh phí sự nghiệp giáo dục tại các trường mầm non, tiểu học và "
        "trung học cơ sở",
        ECON,
        (GD_HD,),
        ("06/KH-BKTXH", date(2023, 6, 12)),
        ("10/BC-BKTXH", date(2023, 8, 4)),
        decision=("06/QĐ-BKTXH", date(2023, 6, 9)),
        recs=(
            Rec(
                GD_HD,
                "Rà soát, thu hồi các khoản chi sai định mức tại 3 trường; báo cáo kết quả trước "
                "ngày 30/9/2023.",
                F.EDUCATION,
                date(2023, 9, 30),
                # Extended, then done within the new deadline.
                steps=(
                    Extend(
                        date(2023, 11, 30),
                        date(2023, 9, 25),
                        "Công văn số 31/TTHĐND-VP",
                        "Chờ kết luận thanh tra của Thanh tra huyện để xác định số tiền thu hồi.",
                    ),
                    Report(date(2023, 11, 24), 100, "Đã thu hồi 46.250.000 đồng nộp ngân sách."),
                    Close(Outcome.DONE, date(2023, 11, 24), "Hoàn thành trong thời hạn gia hạn."),
                ),
            ),
        ),
    ),
    Act(
        T,
        "Việc thực hiện Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào "
        "dân tộc thiểu số và miền núi năm 2022 - 2023",
        ECON,
        (UBND_HD, DTOC_HD),
        ("08/KH-BKTXH", date(2023, 8, 2)),
        ("12/BC-BKTXH", date(2023, 9, 22)),
        decision=("08/QĐ-BKTXH", date(2023, 7, 31)),
        recs=(
            Rec(
                UBND_HD,
                "Đầu tư hoàn thiện các công trình nước sinh hoạt tập trung cho các thôn vùng cao "
                "xã Phước Gia, Phước Trà.",
                F.ETHNIC,
                date(2025, 6, 30),
                exclusion=(
                    Obligation.Exclusion.ROADMAP,
                    "Quyết định số 1520/QĐ-UBND",
                    date(2023, 10, 16),
                    "Thực hiện theo lộ trình vốn Chương trình mục tiêu quốc gia giai đoạn "
                    "2021 - 2025.",
                ),
                steps=(
                    Report(date(2024, 12, 20), 60, "Đã hoàn thành 3/5 công trình."),
                    Report(date(2025, 6, 16), 100, "Đã đưa 5/5 công trình vào sử dụng."),
                    Close(Outcome.DONE, date(2025, 6, 20), "Hoàn thành theo lộ trình."),
                ),
            ),
        ),
    ),
    HD_SONG_TRANH,
    # Surveys: no delegation decision, a plan.
    Act(
        S,
        "Khảo sát cơ sở vật chất các trường học chuẩn bị cho năm học 2023 - 2024",
        ECON,
        (GD_HD,),
        ("07/KH-BKTXH", date(2023, 8, 7)),
        ("11/BC-BKTXH", date(2023, 8, 31)),
        visits=((date(2023, 8, 21), "Trường Tiểu học Tân Bình"),),
        recs=(
            Rec(
                GD_HD,
                "Sửa chữa mái, nhà vệ sinh của 4 điểm trường lẻ trước ngày khai giảng.",
                F.EDUCATION,
                date(2023, 9, 4),
                steps=(Close(Outcome.DONE, date(2023, 9, 1), "Hoàn thành trước khai giảng."),),
            ),
        ),
    ),
    Act(
        S,
        "Khảo sát tình hình hoạt động của các Trạm Y tế xã, thị trấn",
        ECON,
        (YTE_HD,),
        ("02/KH-BKTXH", date(2023, 2, 20)),
        ("03/BC-BKTXH", date(2023, 3, 24)),
        recs=(
            Rec(
                YTE_HD,
                "Bố trí bác sĩ cho Trạm Y tế xã Phước Trà và xã Sông Trà.",
                F.HEALTH,
                date(2023, 12, 31),
                exclusion=(
                    Obligation.Exclusion.EXEMPTED,
                    "Công văn số 118/TTHĐND-VP",
                    date(2023, 11, 6),
                    "Không tuyển được bác sĩ dù đã thông báo tuyển dụng hai lần; thực hiện luân "
                    "phiên bác sĩ từ Trung tâm Y tế.",
                ),
                steps=(
                    Close(
                        Outcome.NOT_CARRIED_OUT,
                        date(2023, 11, 6),
                        "Không thực hiện được vì lý do khách quan, đã được Thường trực chấp thuận.",
                    ),
                ),
            ),
        ),
    ),
    Act(
        S,
        "Khảo sát việc giải quyết hồ sơ cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        LEGAL,
        (TNMT_HD,),
        ("02/KH-BPC", date(2023, 3, 1)),
        ("03/BC-BPC", date(2023, 3, 30)),
        recs=(
            Rec(
                TNMT_HD,
                "Giải quyết dứt điểm 57 hồ sơ cấp giấy chứng nhận quá hạn.",
                F.LAND,
                date(2023, 6, 30),
                steps=(
                    Report(date(2023, 6, 29), 35, "Đã giải quyết 20/57 hồ sơ."),
                    Close(
                        Outcome.NOT_DONE,
                        date(2023, 7, 14),
                        "Chưa hoàn thành: còn 37 hồ sơ vướng nguồn gốc đất.",
                    ),
                ),
            ),
        ),
    ),
    Act(
        S,
        "Khảo sát việc thực hiện chính sách hỗ trợ phát triển cây quế trên địa bàn huyện",
        ECON,
        (NN_HD,),
        ("05/KH-BKTXH", date(2023, 5, 22)),
        ("08/BC-BKTXH", date(2023, 7, 10)),
    ),
    Act(
        S,
        "Khảo sát tiến độ các công trình giao thông nông thôn năm 2023",
        "standing",
        (KTHT_HD,),
        ("10/KH-TTHĐND", date(2023, 5, 15)),
        ("21/BC-TTHĐND", date(2023, 6, 9)),
    ),
    Act(
        S,
        "Khảo sát việc chi trả trợ cấp xã hội hằng tháng tại thị trấn Tân Bình và xã Hiệp Hòa",
        "Tổ đại biểu số 1",
        (LDTBXH_HD,),
        ("01/KH-TĐB", date(2023, 4, 3)),
        ("02/BC-TĐB", date(2023, 4, 28)),
    ),
]


# --- Tỉnh Bắc Kạn, 2023 (seed 004: 16 oversight topics, 3 explanation sessions) -------------

BK = "tỉnh Bắc Kạn"
UBND_BK = "Ủy ban nhân dân tỉnh Bắc Kạn"
KHDT_BK = "Sở Kế hoạch và Đầu tư tỉnh Bắc Kạn"
NN_BK = "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bắc Kạn"
BK_INVESTMENT_HEARING = (
    "Tiến độ giải ngân vốn đầu tư công và vốn các Chương trình mục tiêu quốc gia năm 2023"
)
BK_HOUSING = (
    "Thành lập Đoàn giám sát chuyên đề của Hội đồng nhân dân tỉnh về việc thực hiện chính sách "
    "hỗ trợ nhà ở cho hộ nghèo giai đoạn 2021 - 2023"
)
BK_HOUSING_RESULT = (
    "Kết quả giám sát chuyên đề việc thực hiện chính sách hỗ trợ nhà ở cho hộ nghèo giai đoạn "
    "2021 - 2023"
)
PC, KTNS, VHXH, DT = (
    Body.CommitteeType.LEGAL,
    Body.CommitteeType.ECONOMY_BUDGET,
    Body.CommitteeType.CULTURE_SOCIETY,
    Body.CommitteeType.ETHNIC,
)
# The 16 topics: (body, topic, agency, quarter's first month).
BK_TOPICS: list[tuple[str, str, str, int]] = [
    ("", "Việc thực hiện chính sách hỗ trợ nhà ở cho hộ nghèo giai đoạn 2021 - 2023", UBND_BK, 6),
    ("standing", "Việc giải ngân vốn đầu tư công năm 2022 và quý I năm 2023", KHDT_BK, 2),
    ("standing", "Việc giải quyết kiến nghị của cử tri gửi đến các kỳ họp năm 2022", UBND_BK, 4),
    (
        "standing",
        "Công tác quản lý, sử dụng tài sản công tại các sở, ngành",
        "Sở Tài chính " + BK,
        8,
    ),
    (PC, "Công tác thi hành án dân sự năm 2022 - 2023", "Cục Thi hành án dân sự " + BK, 3),
    (PC, "Công tác phòng, chống ma túy trên địa bàn tỉnh", "Công an " + BK, 5),
    (PC, "Việc thực hiện cải cách hành chính tại Trung tâm Phục vụ hành chính công", UBND_BK, 9),
    (PC, "Công tác giải quyết khiếu nại, tố cáo của công dân năm 2022", "Thanh tra " + BK, 6),
    (
        KTNS,
        "Việc quản lý, sử dụng vốn các Chương trình mục tiêu quốc gia năm 2022 - 2023",
        KHDT_BK,
        7,
    ),
    (KTNS, "Công tác quản lý, bảo vệ rừng và phát triển lâm nghiệp bền vững", NN_BK, 4),
    (KTNS, "Tình hình thu ngân sách nhà nước trên địa bàn năm 2023", "Sở Tài chính " + BK, 8),
    (
        VHXH,
        "Việc thực hiện Chương trình giáo dục phổ thông 2018 ở cấp trung học",
        "Sở Giáo dục và Đào tạo " + BK,
        5,
    ),
    (VHXH, "Công tác khám, chữa bệnh bảo hiểm y tế tại tuyến huyện", "Sở Y tế " + BK, 6),
    (
        VHXH,
        "Việc thực hiện chính sách giảm nghèo bền vững năm 2022 - 2023",
        "Sở Lao động - Thương binh và Xã hội " + BK,
        9,
    ),
    (
        DT,
        "Việc thực hiện chính sách hỗ trợ đất ở, nhà ở, nước sinh hoạt cho hộ đồng bào dân tộc "
        "thiểu số nghèo",
        "Ban Dân tộc " + BK,
        7,
    ),
    (
        DT,
        "Công tác bố trí, sắp xếp dân cư vùng thiên tai, đặc biệt khó khăn",
        "Ban Dân tộc " + BK,
        10,
    ),
]
# Recommendations of some topics (by index in BK_TOPICS).
BK_RECS: dict[int, tuple[Rec, ...]] = {
    0: (
        Rec(
            UBND_BK,
            "Chỉ đạo hoàn thành hỗ trợ nhà ở cho 312 hộ nghèo còn lại của giai đoạn 2021 - 2023.",
            F.SOCIAL,
            date(2024, 6, 30),
            steps=(
                Report(date(2024, 6, 20), 100, "Đã hoàn thành hỗ trợ 312/312 hộ."),
                Close(Outcome.DONE, date(2024, 6, 24), "Hoàn thành đúng hạn."),
            ),
            adopted_by=BK_HOUSING_RESULT,
        ),
    ),
    1: (
        Rec(
            KHDT_BK,
            "Tham mưu điều chuyển vốn từ các dự án chậm giải ngân; giải ngân đạt trên 60% kế "
            "hoạch vốn đầu tư công năm 2023 trước ngày 31/7/2023.",
            F.INVESTMENT,
            date(2023, 7, 31),
            # Late: urged, then the standing committee's explanation session of 10/10/2023.
            steps=(
                Urge(date(2023, 8, 14), "96/TTHĐND-VP"),
                Hearing(BK_INVESTMENT_HEARING),
                Report(date(2024, 1, 30), 100, "Giải ngân đạt 96,2% kế hoạch vốn năm 2023."),
                Close(
                    Outcome.DONE,
                    date(2024, 1, 31),
                    "Hoàn thành sau phiên giải trình tháng 10/2023; giải ngân đạt 96,2%.",
                ),
            ),
        ),
    ),
    2: (
        Rec(
            UBND_BK,
            "Giải quyết dứt điểm 14 kiến nghị cử tri kéo dài về bồi thường, giải phóng mặt bằng.",
            F.LAND,
            date(2023, 12, 31),
            # Extended, and late again on the new deadline.
            steps=(
                Extend(
                    date(2024, 12, 31),
                    date(2023, 12, 22),
                    "Công văn số 203/TTHĐND-VP",
                    "Chờ điều chỉnh quy hoạch sử dụng đất để có cơ sở giải quyết.",
                ),
                Report(date(2024, 12, 27), 57, "Đã giải quyết 8/14 kiến nghị."),
            ),
        ),
    ),
    7: (
        Rec(
            "Thanh tra " + BK,
            "Rà soát, giải quyết dứt điểm các vụ khiếu nại đông người, kéo dài.",
            F.SECURITY,
            date(2023, 12, 31),
            steps=(
                Close(
                    Outcome.NOT_MEETING_REQUIREMENT,
                    date(2024, 1, 19),
                    "Đã rà soát nhưng còn 2 vụ việc chưa có phương án giải quyết.",
                ),
            ),
        ),
    ),
    9: (
        Rec(
            NN_BK,
            "Hoàn thành giao đất, giao rừng gắn với cấp giấy chứng nhận cho các hộ gia đình tại "
            "huyện Pác Nặm, Ba Bể.",
            F.AGRICULTURE,
            date(2024, 9, 30),
            steps=(
                Report(date(2024, 9, 26), 45, "Đã giao 1.150/2.600 ha."),
                Urge(date(2024, 10, 15), "171/TTHĐND-VP"),
            ),
        ),
    ),
    12: (
        Rec(
            "Sở Y tế " + BK,
            "Bảo đảm đủ thuốc, vật tư y tế trong danh mục bảo hiểm y tế tại các trung tâm y tế "
            "huyện.",
            F.HEALTH,
            date(2023, 12, 31),
            steps=(
                Close(
                    Outcome.PARTLY_DONE,
                    date(2024, 1, 12),
                    "Hoàn thành một phần: còn thiếu 23 hoạt chất do đấu thầu không thành.",
                ),
            ),
        ),
    ),
    13: (
        Rec(
            "Sở Lao động - Thương binh và Xã hội " + BK,
            "Rà soát, công bố kết quả hộ nghèo, hộ cận nghèo đúng thực chất.",
            F.SOCIAL,
            date(2023, 12, 31),
            steps=(Close(Outcome.DONE, date(2023, 12, 26), "Đã công bố kết quả rà soát."),),
        ),
    ),
}


def _bac_kan_acts() -> list[Act]:
    acts = []
    for i, (body, topic, agency, month) in enumerate(BK_TOPICS):
        n = i + 1
        code = {"": "ĐGS", "standing": "TTHĐND"}.get(body, "Ban")
        decided = date(2023, month, 3)
        decision = (f"{n:02d}/QĐ-{code}", decided)
        concluded = min(decided + timedelta(days=60), date(2023, 12, 20))
        if not body:
            # The council's delegation: set up by its resolution at the session of 9/6/2023
            # (number and date read from it), reported to the session of 11/7/2023.
            decided, concluded = date(2023, 6, 9), date(2023, 7, 3)
            decision = ("", decided)
        acts.append(
            Act(
                T,
                topic,
                body,
                (agency,),
                (f"{n:02d}/KH-{code}", decided + timedelta(days=3)),
                (f"{n + 20:02d}/BC-{code}", concluded),
                decision=decision,
                recs=BK_RECS.get(i, ()),
            )
        )
    return acts


# --- Thị xã Hương Thủy, 2019 (seed 003: Plan 07/KH-TTHĐND of 24/9/2019) ----------------------

# (name, kind, unit code, day of the working visit)
HT_WARDS = [
    ("Thủy Châu", "phường", "19951", date(2019, 9, 30)),
    ("Thủy Dương", "phường", "19954", date(2019, 10, 1)),
    ("Thủy Lương", "phường", "19957", date(2019, 10, 2)),
    ("Thủy Bằng", "xã", "19960", date(2019, 10, 3)),
    ("Thủy Vân", "xã", "19963", date(2019, 10, 4)),
    ("Dương Hòa", "xã", "19966", date(2019, 10, 7)),
]
UBND_HT = "Ủy ban nhân dân thị xã Hương Thủy"
HUONG_THUY = Act(
    S,
    "Làm việc với Thường trực, các Ban HĐND các phường, xã về tình hình hoạt động 9 tháng đầu "
    "năm 2019 và kết quả giải quyết kiến nghị cử tri",
    "standing",
    (UBND_HT,),
    ("07/KH-TTHĐND", date(2019, 9, 24)),
    ("52/BC-TTHĐND", date(2019, 10, 21)),
    visits=tuple((day, f"Trụ sở HĐND, UBND {kind} {name}") for name, kind, _code, day in HT_WARDS),
    findings=(
        "Thường trực HĐND các phường, xã báo cáo tình hình hoạt động 9 tháng, nhiệm vụ 3 tháng "
        "cuối năm, các chuyên đề giám sát đã triển khai và kết quả giải quyết kiến nghị cử tri; "
        "hoạt động của các Ban HĐND cấp xã còn hạn chế về cơ cấu và hiệu quả giám sát chuyên đề."
    ),
    recs=(
        Rec(
            UBND_HT,
            "Chỉ đạo các phòng, ban chuyên môn trả lời dứt điểm kiến nghị cử tri tồn đọng của các "
            "phường, xã; báo cáo Thường trực HĐND thị xã trước kỳ họp cuối năm 2019.",
            F.SOCIO_ECONOMIC,
            date(2019, 12, 5),
            steps=(Close(Outcome.DONE, date(2019, 12, 3), "Đã trả lời 41/41 kiến nghị."),),
        ),
        Rec(
            "Ủy ban nhân dân xã Thủy Vân",
            "Phối hợp với Thường trực HĐND xã cung cấp thông tin, báo cáo định kỳ về Thường trực "
            "HĐND thị xã đúng thời hạn.",
            F.ORGANISATION,
            date(2019, 12, 31),
            steps=(Close(Outcome.DONE, date(2019, 12, 27), "Đã thực hiện từ quý IV/2019."),),
        ),
        Rec(
            "Ủy ban nhân dân phường Thủy Dương",
            "Giải quyết kiến nghị của cử tri tổ dân phố 7 về hệ thống thoát nước đường Nguyễn Tất "
            "Thành.",
            F.LAND,
            date(2020, 3, 31),
            steps=(
                Report(date(2020, 3, 25), 50, "Đã khảo sát, lập dự toán; chờ bố trí vốn."),
                Close(
                    Outcome.PARTLY_DONE,
                    date(2020, 4, 10),
                    "Hoàn thành một phần: mới nạo vét, chưa xây mới tuyến cống.",
                ),
            ),
        ),
    ),
)


# --- loading -----------------------------------------------------------------------------------


class Loader:
    """Plays the stories of one council; every helper returns what exists or creates it."""

    def __init__(self, admin: User, actor: User, council: Council, term: Term) -> None:
        from sessions.demo import SessionDemo  # the agencies helper; no import cycle at load

        self.actor, self.council, self.term = actor, council, term
        self.agencies = SessionDemo(admin)  # the register of agencies is the admin's

    def agency(self, name: str, owner: Council | None = None) -> Agency:
        """An agency of this council's area (its own, or `owner`'s below it)."""
        found = Agency.objects.filter(
            council__unit__path__startswith=self.council.unit.path, name=name
        ).first()
        return found or self.agencies.agency(owner or self.council, name)

    def body(self, key: str) -> Body | None:
        bodies = Body.objects.filter(council=self.council, term=self.term)
        if not key:
            return None
        if key == "standing":
            return bodies.get(kind=Body.Kind.STANDING)
        if key in Body.CommitteeType.values:
            return bodies.get(kind=Body.Kind.COMMITTEE, committee_type=key)
        return bodies.get(name=key)

    def programme(self, year: int, title: str, number: str, on: date) -> OversightProgramme:
        """The standing committee's programme of the year, adopted by its own document."""
        standing = self.body("standing")
        found = OversightProgramme.objects.filter(
            council=self.council, year=year, body=standing, withdrawn_at__isnull=True
        ).first()
        if found is None:
            found = services.programme_create(
                actor=self.actor, council=self.council, year=year, title=title, body=standing
            )
            found = services.programme_adopt(
                actor=self.actor, programme=found, adopted_on=on, document_number=number
            )
        return found

    def activity(
        self, spec: Act, year: int, programme: OversightProgramme | None = None, position=0
    ) -> OversightActivity:
        found = OversightActivity.objects.filter(
            council=self.council, year=year, topic=spec.topic
        ).first()
        if found is not None:
            return found
        body = self.body(spec.body)
        agencies = [self.agency(name) for name in spec.agencies]
        started = spec.decision[1] if spec.decision else spec.plan[1]
        item = None
        if programme is not None:
            item = services.item_create(
                actor=self.actor,
                programme=programme,
                topic=spec.topic,
                kind=spec.kind,
                quarter=(started.month - 1) // 3 + 1,
                body=body,
                agencies=agencies,
                position=position,
            )
        earlier = None
        if spec.reoversight_of:
            earlier = OversightActivity.objects.get(council=self.council, topic=spec.reoversight_of)
        decision_number, decision_date = spec.decision or ("", None)
        if not decision_number and spec.decision:  # the council's delegation: its resolution
            setup = Resolution.objects.filter(council=self.council, title=BK_HOUSING).first()
            decision_number = setup.number if setup is not None else "02/NQ-HĐND"
            if setup is not None and setup.adopted_on is not None:
                decision_date = setup.adopted_on
        activity = services.activity_create(
            actor=self.actor,
            council=self.council,
            kind=spec.kind,
            topic=spec.topic,
            year=year,
            body=body,
            programme_item=item,
            agencies=agencies,
            period_from=spec.period[0] if spec.period else None,
            period_to=spec.period[1] if spec.period else None,
            decision_number=decision_number,
            decision_date=decision_date,
            plan_number=spec.plan[0],
            plan_date=max(spec.plan[1], decision_date or spec.plan[1]),
            reoversight_of=earlier,
        )
        services.activity_members_set(
            actor=self.actor, activity=activity, members=self._delegation(body)
        )
        for day, place in spec.visits:
            services.visit_add(actor=self.actor, activity=activity, visit_on=day, place=place)
        if spec.decision:
            activity = services.activity_transition(
                actor=self.actor, activity=activity, to=A.DECIDED
            )
            request = services.report_request_create(
                actor=self.actor,
                activity=activity,
                agency=agencies[0],
                subject=f"Báo cáo phục vụ giám sát: {spec.topic}"[:500],
                requested_on=spec.decision[1],
                due_on=spec.decision[1] + timedelta(days=15),
                reference=spec.decision[0],
            )
            services.report_request_receive(
                actor=self.actor,
                request=request,
                received_on=spec.decision[1] + timedelta(days=12),
            )
        activity = services.activity_transition(
            actor=self.actor, activity=activity, to=A.IN_PROGRESS
        )
        if spec.findings:
            activity = services.activity_update(
                actor=self.actor, activity=activity, findings=spec.findings
            )
        activity = services.activity_transition(actor=self.actor, activity=activity, to=A.REPORTING)
        activity = services.activity_conclude(
            actor=self.actor,
            activity=activity,
            concluded_on=spec.concluded[1],
            conclusion_reference=spec.concluded[0],
            **_parts(spec.topic),
        )
        for rec in spec.recs:
            self.recommendation(activity, rec)
        return activity

    def _delegation(self, body: Body | None) -> list[tuple]:
        """The body's members (the standing committee's for the council's own delegation), the
        first as head."""
        body = body or self.body("standing")
        members = (
            BodyMembership.objects.filter(body=body, end_on__isnull=True)
            .select_related("delegate")
            .order_by("id")[:4]
        )
        roles = [ActivityMember.Role.HEAD, ActivityMember.Role.DEPUTY]
        return [
            (m.delegate, roles[i] if i < len(roles) else ActivityMember.Role.MEMBER)
            for i, m in enumerate(members)
        ]

    def recommendation(self, activity: OversightActivity, rec: Rec) -> Recommendation:
        found = Recommendation.objects.filter(activity=activity, content=rec.content).first()
        if found is not None:
            return found
        exclusion = {}
        if rec.exclusion:
            kind, number, on, reason = rec.exclusion
            exclusion = {
                "exclusion": kind,
                "exclusion_document_number": number,
                "exclusion_document_date": on,
                "exclusion_reason": reason,
            }
        resolution = None
        if rec.adopted_by:
            resolution = Resolution.objects.filter(
                council=self.council, title=rec.adopted_by
            ).first()
        found = services.recommendation_create(
            actor=self.actor,
            activity=activity,
            agency=self.agency(rec.agency),
            content=rec.content,
            field=rec.field,
            due_on=rec.due,
            resolution=resolution,
            **exclusion,
        )
        for step in rec.steps:
            found = self.step(found, step)
        return found

    def step(self, rec: Recommendation, step) -> Recommendation:
        obligation = Obligation.objects.get(pk=rec.obligation_id)
        if isinstance(step, Report):
            followups.obligation_report(
                actor=self.actor,
                obligation=obligation,
                reported_on=step.on,
                content=step.content,
                progress=step.progress,
            )
        elif isinstance(step, Urge):
            followups.obligation_escalate(
                actor=self.actor,
                obligation=obligation,
                step=step.step,
                happened_on=step.on,
                note="Đề nghị cơ quan khẩn trương thực hiện kiến nghị sau giám sát, báo cáo kết "
                "quả về Thường trực Hội đồng nhân dân.",
                document_number=step.number,
                document_date=step.on,
            )
        elif isinstance(step, Extend):
            followups.obligation_extend(
                actor=self.actor,
                obligation=obligation,
                new_due_on=step.new_due,
                reason=step.reason,
                document_number=step.number,
                document_date=step.on,
            )
        elif isinstance(step, Close):
            followups.obligation_close(
                actor=self.actor,
                obligation=obligation,
                outcome=step.outcome,
                ended_on=step.on,
                outcome_note=step.note,
            )
        elif isinstance(step, Hearing):
            hearing = ExplanationHearing.objects.filter(
                council=self.council, topic=step.topic
            ).first()
            if hearing is None:
                logger.warning("Demo hearing not found in %s: %s", self.council, step.topic)
            else:
                rec = services.recommendation_hearing_link(
                    actor=self.actor, recommendation=rec, hearing=hearing
                )
        elif step == REOVERSEE:
            reoversight = self.activity(HD_REOVERSIGHT, 2024)
            rec = services.recommendation_reoversee(
                actor=self.actor, recommendation=rec, reoversight=reoversight
            )
        return Recommendation.objects.get(pk=rec.pk)


def load(actor: User) -> None:
    """Load (or complete) the oversight demo of the three councils; safe to run again."""
    t16 = Term.objects.get(name="2016-2021")
    t21 = Term.objects.get(name="2021-2026")
    for code, term, clerk, play in [
        ("514", t21, "hiepduc.vanphong", _hiep_duc),
        ("06", t21, "backan.vanphong", _bac_kan),
        ("476", t16, "huongthuy.vanphong", _huong_thuy),
    ]:
        council = Council.objects.filter(unit__code=code, unit__valid_from=OLD).first()
        if council is None:
            logger.warning("Demo oversight skipped: no council %s", code)
            continue
        play(Loader(actor, _clerk(clerk, council) or actor, council, term))
    _date_histories()


def _date_histories() -> None:
    """The audit rows carry the days the story's steps happened, not the load time: the
    decision, the first working visit, the last one, the conclusion report."""
    S = OversightActivity.Status  # noqa: N806

    def days(activity: OversightActivity) -> dict[str, date | None]:
        visits = sorted(v.visit_on for v in activity.visits.all())
        started = visits[0] if visits else activity.plan_date or activity.decision_date
        return {
            S.DECIDED: activity.decision_date,
            S.IN_PROGRESS: started,
            S.REPORTING: visits[-1] if visits else activity.concluded_on,
            S.CONCLUDED: activity.concluded_on,
        }

    activities = OversightActivity.objects.only(
        "decision_date", "plan_date", "concluded_on"
    ).prefetch_related("visits")
    date_histories(ActivityTransition, "activity", activities, days)


def _clerk(username: str, council: Council) -> User | None:
    """The council's office records its oversight, as it would."""
    from councils import scoping

    clerk = User.objects.filter(username=username).first()
    if clerk is not None and scoping.can_run_oversight(clerk, council, None):
        return clerk
    return None


def _hiep_duc(loader: Loader) -> None:
    programme = loader.programme(
        2023,
        "Chương trình giám sát năm 2023 của Thường trực HĐND huyện Hiệp Đức",
        "01/CTr-TTHĐND",
        date(2023, 1, 6),
    )
    for position, spec in enumerate(HIEP_DUC, start=1):
        loader.activity(spec, 2023, programme, position)
    loader.activity(HD_REOVERSIGHT, 2024)


def _bac_kan(loader: Loader) -> None:
    programme = loader.programme(
        2023,
        "Kế hoạch thực hiện Chương trình giám sát năm 2023 của Thường trực HĐND tỉnh Bắc Kạn",
        "05/KH-TTHĐND",
        date(2023, 1, 10),
    )
    for position, spec in enumerate(_bac_kan_acts(), start=1):
        loader.activity(spec, 2023, programme, position)


def _huong_thuy(loader: Loader) -> None:
    for name, kind, code, _day in HT_WARDS:
        ward = Council.objects.filter(unit__code=code, unit__valid_from=OLD).first()
        loader.agency(f"Ủy ban nhân dân {kind} {name}", ward)
    loader.activity(HUONG_THUY, 2019)
