"""Wording of the review reports (sơ kết): the document, the workbook, the charts, and the chat and command line
that ask for them. Vietnamese with full diacritics; numbers written the Vietnamese way (3.000; 85%).

Organisation names, the province and the plan's number are data (settings and the plan file), never written here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reports.periods import Period


def number(value: int) -> str:
    """3000 → "3.000"."""
    return f"{value:,}".replace(",", ".")


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def day(value: dt.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def full_date(value: dt.date) -> str:
    """"ngày 05 tháng 3 năm 2022" — the form of a dated line; days below 10 and months 1–2 take a leading zero."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


# --------------------------------------------------------------------------- periods

BAD_PERIOD = ("Không hiểu kỳ báo cáo «{text}». Dùng: 2022 (năm), 2022-H1 hoặc 2022-H2 (6 tháng), đợt:1 (đợt công "
              "tác), plan (toàn kế hoạch) hoặc 2022-01-01..2022-03-31.")
BAD_YEAR = "Năm {year} nằm ngoài khoảng cho phép."
BAD_DATE = "Ngày «{text}» không hợp lệ (viết 2022-03-31 hoặc 31/03/2022)."
PERIOD_ENDS_BEFORE_START = "Ngày kết thúc của kỳ báo cáo đứng trước ngày bắt đầu."
NO_PLAN = "Chưa có kế hoạch nào được nhập; vui lòng đề nghị quản trị viên nhập kế hoạch, hoặc chọn năm, 6 tháng."
NO_WAVE = "Không có đợt công tác «{ref}» trong kế hoạch."


def period_phrase(period: Period) -> str:
    """The period inside a sentence: "6 tháng đầu năm 2022", "năm 2022", "5 năm (2021 – 2025)"."""
    from reports.periods import PeriodKind

    if period.kind is PeriodKind.year:
        return f"năm {period.start.year}"
    if period.kind is PeriodKind.half_year:
        return f"6 tháng {'đầu' if period.half == 1 else 'cuối'} năm {period.start.year}"
    if period.kind is PeriodKind.wave:
        return f"{period.wave_name} (từ {day(period.start)} đến {day(period.end)})"
    if period.kind is PeriodKind.plan:
        years = period.end.year - period.start.year + 1
        return f"{years} năm ({period.start.year} – {period.end.year})"
    return f"từ ngày {day(period.start)} đến ngày {day(period.end)}"


def period_button(period: Period) -> str:
    from reports.periods import PeriodKind

    if period.kind is PeriodKind.year:
        return f"Năm {period.start.year}"
    if period.kind is PeriodKind.half_year:
        return f"6 tháng {'đầu' if period.half == 1 else 'cuối'} {period.start.year}"
    if period.kind is PeriodKind.wave:
        return f"{period.wave_name} ({period.start:%m/%Y}–{period.end:%m/%Y})"
    if period.kind is PeriodKind.plan:
        return f"Toàn kế hoạch ({period.start.year}–{period.end.year})"
    return f"{day(period.start)}–{day(period.end)}"


def file_name(period: Period, extension: str, *, named: bool = False) -> str:
    suffix = "-co-ten" if named else ""
    return f"bao-cao-so-ket-{period.file_stem}{suffix}.{extension}"


# --------------------------------------------------------------------------- labels shared by both forms

YES, NO = "Có", "Không"
PARTY_STATUS = {
    "none": "Chưa có",
    "members_elsewhere": "Chưa có (đảng viên sinh hoạt ghép)",
    "chi_bo": "Chi bộ cơ sở",
    "dang_bo": "Đảng bộ cơ sở",
    "chi_bo_truc_thuoc": "Chi bộ trực thuộc đảng ủy cơ sở",
}
OWNERSHIP = {"domestic": "Trong nước", "foreign": "Có vốn nước ngoài"}
DIFFICULTY_STATUS = {
    "open": "Mới tiếp nhận",
    "forwarded": "Đã chuyển cơ quan có thẩm quyền",
    "answered": "Đã có trả lời",
    "resolved": "Đã giải quyết",
    "declined": "Không tiếp nhận",
}
STAGE = {
    "nominated": "Được giới thiệu",
    "class_registered": "Đi học lớp bồi dưỡng",
    "class_completed": "Có giấy chứng nhận",
    "introducers_named": "Có người giới thiệu",
    "admitted": "Được kết nạp (dự bị)",
    "official": "Được công nhận chính thức",
    "stopped": "Dừng",
}
ORG_KIND = {
    "party_org": "Tổ chức cơ sở đảng",
    "trade_union": "Công đoàn cơ sở",
    "youth_union": "Đoàn Thanh niên",
    "veterans": "Hội Cựu chiến binh",
}
MILESTONE_STATUS = {
    "done": "Đã hoàn thành",
    "overdue": "Quá hạn",
    "in_progress": "Đang thực hiện",
    "upcoming": "Chưa đến thời gian",
    "ongoing": "Thường xuyên, đang thực hiện",
    "ended": "Đã hết thời gian (thường xuyên)",
}
MILESTONE_KIND = {"deadline": "Có hạn", "window": "Trong khoảng thời gian", "continuous": "Thường xuyên"}
TARGET_KIND = {
    "new_members": "Kết nạp đảng viên mới",
    "organisations_founded": "Thành lập tổ chức đảng, đoàn thể",
    "enterprises_visited": "Doanh nghiệp được làm việc",
    "nominees_to_class": "Quần chúng ưu tú đi học lớp bồi dưỡng",
}
STATUS_GROUP = {"handling": "Đang xử lý", "answered": "Đã có trả lời", "resolved": "Đã giải quyết",
                "declined": "Không tiếp nhận"}

# --------------------------------------------------------------------------- the workbook

SHEET = {
    "summary": "Tổng hợp",
    "enterprises": "Doanh nghiệp",
    "waves": "Đợt công tác",
    "visits": "Làm việc",
    "difficulties": "Khó khăn, kiến nghị",
    "admissions": "Phát triển đảng viên",
    "nominee_enterprises": "QCUT theo doanh nghiệp",
    "nominee_names": "Danh sách QCUT (mật)",
    "transfers": "Chuyển sinh hoạt đảng",
    "foundings": "Thành lập tổ chức",
    "milestones": "Tiến độ kế hoạch",
    "targets": "Chỉ tiêu",
}
SUMMARY_HEADERS = ("Nội dung", "Số liệu")
SUMMARY_TITLE = "Số liệu sơ kết {phrase}"
SUMMARY_INFO = "Số liệu tính đến {as_of}; lập lúc {generated}. Khó khăn quá hạn: chưa giải quyết sau {days} ngày."
SUMMARY_ROWS = {
    "enterprises": "Doanh nghiệp trong danh sách theo dõi",
    "without_party_org": "Doanh nghiệp chưa có tổ chức đảng",
    "with_party_org": "Doanh nghiệp đã có tổ chức đảng",
    "visits": "Số lần làm việc với doanh nghiệp trong kỳ",
    "visited": "Doanh nghiệp được làm việc trong kỳ",
    "visited_without_party_org": "— trong đó chưa có tổ chức đảng",
    "received": "Khó khăn, kiến nghị tiếp nhận trong kỳ",
    "resolved": "Khó khăn, kiến nghị đã giải quyết trong kỳ",
    "open": "Khó khăn, kiến nghị còn mở (cuối kỳ)",
    "overdue": "— trong đó quá hạn",
    "nominated": "Quần chúng ưu tú được giới thiệu trong kỳ",
    "class_registered": "Quần chúng ưu tú đi học lớp bồi dưỡng trong kỳ",
    "admitted": "Đảng viên mới được kết nạp trong kỳ",
    "official": "Đảng viên được công nhận chính thức trong kỳ",
    "transfers": "Lượt chuyển sinh hoạt đảng trong kỳ",
    "members_transferred": "Đảng viên chuyển sinh hoạt đảng trong kỳ",
    "party_orgs_founded": "Tổ chức cơ sở đảng được thành lập trong kỳ",
    "mass_orgs_founded": "Tổ chức đoàn thể được thành lập trong kỳ",
    "eligible_party_org": "Doanh nghiệp đủ điều kiện thành lập tổ chức đảng nhưng chưa có",
    "overdue_milestones": "Nội dung kế hoạch quá hạn",
}
ENTERPRISE_HEADERS = (
    "STT", "Tên doanh nghiệp", "Mã số thuế", "Khu công nghiệp", "Loại hình", "Quốc gia", "Số lao động",
    "Đảng viên chính thức", "Đảng viên dự bị", "Tổ chức đảng", "Ngày thành lập tổ chức đảng", "Công đoàn",
    "Đoàn Thanh niên", "Hội CCB", "Số lần làm việc trong kỳ", "Lần làm việc gần nhất", "Khó khăn còn mở",
    "Quần chúng ưu tú", "Đủ điều kiện thành lập tổ chức đảng",
)
WAVE_HEADERS = ("Đợt", "Từ ngày", "Đến ngày", "Doanh nghiệp được phân công", "Doanh nghiệp cần làm việc",
                "Đã làm việc", "Tỷ lệ (%)", "Doanh nghiệp được làm việc (cả ngoài phân công)", "Số lần làm việc",
                "Chưa làm việc")
VISIT_HEADERS = (
    "Ngày", "Đợt", "Doanh nghiệp", "Mã số thuế", "Khu công nghiệp", "Thành viên Đoàn", "Người tiếp",
    "Chức vụ", "Đảng viên chính thức", "Đảng viên dự bị", "Số lao động", "Quần chúng ưu tú",
    "Có khó khăn, kiến nghị", "Việc tiếp theo", "Hạn", "Xác minh vị trí",
)
DIFFICULTY_HEADERS = (
    "Số", "Ngày tiếp nhận", "Doanh nghiệp", "Mã số thuế", "Lĩnh vực", "Nội dung", "Đề xuất", "Nơi nhận",
    "Trạng thái", "Ngày kết thúc", "Số ngày", "Tiếp nhận trong kỳ", "Quá hạn",
)
NOMINEE_STAGE_HEADERS = ("Bước", "Trong kỳ", "Hiện nay")
NOMINEE_ENTERPRISE_HEADERS = ("Doanh nghiệp", "Mã số thuế", *(
    STAGE[s] for s in ("nominated", "class_registered", "class_completed", "introducers_named", "admitted",
                       "official", "stopped")), "Tổng")
NOMINEE_NAME_HEADERS = ("Số hồ sơ", "Họ và tên", "Ngày sinh", "Doanh nghiệp", "Vị trí công việc", "Bước hiện nay",
                        "Ngày giới thiệu", "Ngày cấp giấy chứng nhận", "Ngày kết nạp", "Hết dự bị",
                        "Ngày chính thức")
NOMINEE_NAMES_NOTE = ("Thông tin cá nhân nhạy cảm: chỉ dùng cho công tác phát triển đảng viên; không chuyển tiếp, "
                      "không đăng lên nhóm. Việc xuất danh sách này đã được ghi nhật ký.")
ERASED = "(đã xoá theo yêu cầu)"
TRANSFER_HEADERS = (
    "Ngày chuyển đến", "Doanh nghiệp", "Mã số thuế", "Số đảng viên", "Từ tổ chức đảng", "Đến tổ chức đảng",
    "Hạn bắt đầu thủ tục", "Ngày cấp giấy giới thiệu", "Hạn nộp giấy giới thiệu", "Ngày hoàn thành", "Quá hạn",
)
TRANSFER_NAME_HEADER = "Họ và tên đảng viên"
FOUNDING_HEADERS = ("Ngày quyết định", "Doanh nghiệp", "Mã số thuế", "Tổ chức", "Số quyết định", "Số thành viên")
MILESTONE_HEADERS = ("Mục", "Nội dung", "Loại", "Thời gian theo kế hoạch", "Bắt đầu", "Hạn", "Chủ trì",
                     "Trạng thái", "Ngày hoàn thành", "Sơ kết")
TARGET_HEADERS = ("Năm", "Chỉ tiêu", "Giao", "Đạt", "Tỷ lệ (%)")

# --------------------------------------------------------------------------- the charts

CHART_VISITS_TITLE = "Số lần làm việc với doanh nghiệp theo tháng"
CHART_VISITS_Y = "Số lần làm việc"
CHART_VISITS_ENTERPRISES = "Số doanh nghiệp"
CHART_COVERAGE_TITLE = "Tỷ lệ doanh nghiệp được làm việc theo đợt"
CHART_COVERAGE_Y = "Tỷ lệ (%)"
CHART_DIFFICULTIES_TITLE = "Khó khăn, kiến nghị tiếp nhận theo lĩnh vực và trạng thái"
CHART_DIFFICULTIES_X = "Số khó khăn, kiến nghị"
CHART_FUNNEL_TITLE = "Phát hiện, bồi dưỡng, kết nạp đảng viên trong kỳ"
CHART_FUNNEL_X = "Số người"
CHART_CAPTION = "Biểu đồ {number}. {title}"

# --------------------------------------------------------------------------- the document

DRAFT_MARK = "DỰ THẢO"
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
STAR = "*"
NUMBER_LINE = "Số …-BC/{issuer}"
PLACE_DATE = "{place}, {date}"
TITLE = "BÁO CÁO"
DOC_TITLE = "Báo cáo sơ kết {phrase}"
SUBTITLE_PLAN = "sơ kết {phrase} thực hiện Kế hoạch số {plan_code}"
SUBTITLE_NO_PLAN = "kết quả công tác {phrase} của Đoàn công tác"
SUBJECT = ("về công tác phát triển đảng viên và tổ chức cơ sở đảng trong doanh nghiệp thuộc các khu công nghiệp "
           "trên địa bàn tỉnh")
RULE = "-----"
INTRO_PLAN = ("Thực hiện Kế hoạch số {plan_code} của {party} và {zones} {subject}; {party} và {zones} "
              "báo cáo kết quả {phrase} như sau:")
INTRO_NO_PLAN = "{party} và {zones} báo cáo kết quả công tác {phrase} {subject} như sau:"
AS_OF_NOTE = "(Số liệu tính đến {as_of}.)"

SECTION_RESULTS = "I. KẾT QUẢ THỰC HIỆN"
SECTION_SHORTCOMINGS = "II. HẠN CHẾ, NGUYÊN NHÂN"
SECTION_NEXT = "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"
DRAFT_NOTE = ("Ghi chú: mục II và mục III là dự thảo do hệ thống lập từ số liệu của Đoàn công tác lúc {generated}; "
              "đề nghị rà soát, bổ sung nguyên nhân và nhiệm vụ cụ thể trước khi trình ký.")

RESULT_VISITS = "1. Công tác làm việc với doanh nghiệp"
RESULT_DIFFICULTIES = "2. Nắm bắt, giải quyết khó khăn, đề xuất, kiến nghị của doanh nghiệp"
RESULT_ADMISSIONS = "3. Phát hiện, bồi dưỡng, kết nạp đảng viên"
RESULT_ORGANISATIONS = "4. Chuyển sinh hoạt đảng; thành lập tổ chức cơ sở đảng và tổ chức đoàn thể"
RESULT_PLAN = "5. Tiến độ thực hiện các nội dung của Kế hoạch"
RESULT_TARGETS = "6. Thực hiện chỉ tiêu"

VISITS_TEXT = ("Trong kỳ, Đoàn công tác đã làm việc {visits} lượt với {enterprises} doanh nghiệp; trong đó "
               "{without_visited}/{without_total} doanh nghiệp chưa có tổ chức đảng ({share}). Hiện có "
               "{enterprises_total} doanh nghiệp trong danh sách theo dõi, {with_party} doanh nghiệp đã có tổ chức "
               "đảng.")
VISITS_NONE = ("Trong kỳ chưa ghi nhận lần làm việc nào với doanh nghiệp. Hiện có {enterprises_total} doanh nghiệp "
               "trong danh sách theo dõi, {without_total} doanh nghiệp chưa có tổ chức đảng.")
MEMBERS_FOUND = ("Qua làm việc, nắm được {official} đảng viên chính thức và {probationary} đảng viên dự bị đang "
                 "làm việc tại các doanh nghiệp chưa có tổ chức đảng đã được làm việc.")
WAVE_LINE = ("{name} ({start} – {end}): đã làm việc {covered}/{aimed_at} doanh nghiệp ({share}), "
             "{visits} lượt làm việc.")
WAVE_LINE_UNVISITED = " Còn {count} doanh nghiệp chưa được làm việc."
DIFFICULTIES_TEXT = ("Trong kỳ, tiếp nhận {received} khó khăn, đề xuất, kiến nghị của doanh nghiệp; đã giải quyết "
                     "{resolved}, không tiếp nhận {declined}. Đến cuối kỳ còn {open} khó khăn, kiến nghị đang theo "
                     "dõi, trong đó {overdue} việc quá {days} ngày chưa được giải quyết.")
DIFFICULTIES_TOP = "Các lĩnh vực có nhiều khó khăn, kiến nghị: {categories}."
ADMISSIONS_TEXT = ("Trong kỳ, các doanh nghiệp đã giới thiệu {nominated} quần chúng ưu tú; {class_registered} người "
                   "đi học lớp bồi dưỡng nhận thức về Đảng, {class_completed} người được cấp giấy chứng nhận; kết nạp "
                   "{admitted} đảng viên mới; công nhận {official} đảng viên chính thức.")
ADMISSIONS_NOW = ("Hiện có {in_pipeline} quần chúng ưu tú đang trong quá trình bồi dưỡng, xem xét kết nạp và "
                  "{probationary} đảng viên dự bị.")
TRANSFERS_TEXT = ("Tổ chức chuyển sinh hoạt đảng {transfers} lượt với {members} đảng viên; đã hoàn thành {completed} "
                  "lượt.")
TRANSFERS_NONE = "Trong kỳ chưa ghi nhận trường hợp chuyển sinh hoạt đảng."
FOUNDINGS_TEXT = "Thành lập mới: {list}."
FOUNDINGS_ITEM = "{count} {kind}"
FOUNDINGS_NONE = "Trong kỳ chưa thành lập mới tổ chức cơ sở đảng, tổ chức đoàn thể."
PLAN_TEXT = ("Trong kỳ có {total} nội dung của Kế hoạch cần thực hiện: {done} đã hoàn thành, {running} đang thực "
             "hiện, {overdue} quá hạn.")
PLAN_NONE = "Chưa có kế hoạch được nhập vào hệ thống; không có số liệu tiến độ."
TARGETS_TEXT = "Kết quả thực hiện chỉ tiêu năm {year}: {list}."
TARGETS_ITEM = "{label} {achieved}/{target} ({share})"
TARGETS_NONE = "Chưa giao chỉ tiêu cho các năm trong kỳ."

TABLE_CAPTION = "Bảng {number}. {title}"
TABLE_WAVES = "Kết quả làm việc theo đợt"
TABLE_DIFFICULTIES = "Khó khăn, kiến nghị tiếp nhận trong kỳ theo lĩnh vực"
TABLE_ADMISSIONS = "Phát triển đảng viên"
TABLE_FOUNDINGS = "Tổ chức được thành lập trong kỳ"
TABLE_PLAN = "Tiến độ các nội dung của Kế hoạch"
TABLE_TARGETS = "Chỉ tiêu và kết quả"
DOC_WAVE_HEADERS = ("Đợt", "Thời gian", "Cần làm việc", "Đã làm việc", "Tỷ lệ", "Số lượt")
DOC_DIFFICULTY_HEADERS = ("Lĩnh vực", "Tiếp nhận", *STATUS_GROUP.values())
DOC_ADMISSION_HEADERS = ("Bước", "Trong kỳ", "Hiện nay")
DOC_FOUNDING_HEADERS = ("Tổ chức", "Số thành lập trong kỳ")
DOC_PLAN_HEADERS = ("Mục", "Nội dung", "Thời gian", "Trạng thái")
DOC_TARGET_HEADERS = ("Năm", "Chỉ tiêu", "Giao", "Đạt", "Tỷ lệ")
TOTAL = "Tổng cộng"

# Section II: each finding is a draft sentence the office edits.
SHORT_OVERDUE_DIFFICULTIES = ("Còn {count} khó khăn, kiến nghị của doanh nghiệp chưa được giải quyết sau hơn {days} "
                              "ngày{examples}.")
SHORT_ELIGIBLE_PARTY_ORG = ("Có {count} doanh nghiệp đã đủ số đảng viên chính thức để thành lập tổ chức cơ sở đảng "
                            "nhưng chưa thành lập{examples}.")
SHORT_UNVISITED_WAVE = "{wave}: còn {count}/{aimed_at} doanh nghiệp chưa được làm việc{examples}."
SHORT_UNVISITED = ("Còn {count}/{total} doanh nghiệp chưa có tổ chức đảng chưa được làm việc trong kỳ"
                   "{examples}.")
SHORT_OVERDUE_MILESTONES = "Một số nội dung của Kế hoạch chưa hoàn thành đúng thời gian: {items}."
SHORT_MILESTONE_ITEM = "mục {code} ({title}, hạn {due})"
SHORT_TARGETS = "Chưa đạt chỉ tiêu: {items}."
SHORT_TARGET_ITEM = "{label} năm {year} ({achieved}/{target})"
SHORT_TRANSFERS = "Có {count} trường hợp chuyển sinh hoạt đảng quá thời hạn theo quy định chưa hoàn thành."
SHORT_NO_NEW_MEMBERS = "Trong kỳ chưa kết nạp được đảng viên mới trong doanh nghiệp."
SHORT_NONE = "(Chưa phát hiện hạn chế từ số liệu; đề nghị bổ sung từ thực tế.)"
SHORT_CAUSES = ("Nguyên nhân: (đề nghị bổ sung — nguyên nhân khách quan, chủ quan; trách nhiệm của từng cơ quan, "
                "bộ phận.)")
EXAMPLES = " ({names}{more})"
EXAMPLES_MORE = " và {count} doanh nghiệp khác"
DIFFICULTY_EXAMPLE = "{enterprise}: {category}, {days} ngày"

# Section III.
NEXT_MILESTONES = "Thực hiện các nội dung tiếp theo của Kế hoạch:"
NEXT_MILESTONE_ITEM = "Mục {code}: {title}{when}."
NEXT_OVERDUE_MILESTONES = "Khẩn trương hoàn thành các nội dung quá hạn của Kế hoạch (mục {items})."
NEXT_DIFFICULTIES = ("Tiếp tục theo dõi, đôn đốc các cơ quan có thẩm quyền trả lời, giải quyết {count} khó khăn, "
                     "kiến nghị còn tồn đọng của doanh nghiệp, ưu tiên {overdue} việc quá hạn.")
NEXT_FOUND_PARTY_ORG = ("Xem xét, quyết định thành lập tổ chức cơ sở đảng tại {count} doanh nghiệp đủ điều kiện"
                        "{examples}.")
NEXT_TRANSFER = ("Hướng dẫn đảng viên tại {count} doanh nghiệp chưa đủ điều kiện thành lập tổ chức đảng chuyển sinh "
                 "hoạt đảng về Đảng bộ {zones}.")
NEXT_VISIT = "Làm việc với {count} doanh nghiệp chưa có tổ chức đảng chưa được làm việc{examples}."
NEXT_ADMIT = ("Xem xét kết nạp {count} quần chúng ưu tú đã hoàn thành lớp bồi dưỡng nhận thức về Đảng"
              "{expiring}.")
NEXT_ADMIT_EXPIRING = "; lưu ý {count} giấy chứng nhận sắp hết hiệu lực"
NEXT_OFFICIAL = "Xét công nhận đảng viên chính thức cho {count} đảng viên dự bị sắp hết thời gian dự bị."
NEXT_MASS_ORGS = ("Vận động thành lập tổ chức Công đoàn tại {unions} doanh nghiệp và Đoàn Thanh niên tại {youth} "
                  "doanh nghiệp đủ điều kiện.")
NEXT_NOMINATE = ("Tiếp tục tuyên truyền, phát hiện, giới thiệu quần chúng ưu tú tham gia lớp bồi dưỡng nhận thức "
                 "về Đảng.")
NEXT_TARGETS = "Phấn đấu hoàn thành chỉ tiêu năm {year}: {items}."
NEXT_TARGET_ITEM = "{label} {target}"

RECIPIENTS_TITLE = "Nơi nhận:"
RECIPIENTS = (
    "- Ban Thường vụ Tỉnh ủy (để báo cáo),",
    "- Ban Tổ chức Tỉnh ủy,",
    "- Thường trực {party},",
    "- Tập thể lãnh đạo {zones},",
    "- Đoàn công tác,",
    "- Lưu.",
)
SIGN_TITLE_PARTY = "BÍ THƯ"
SIGN_TITLE_ZONES = "TRƯỞNG BAN"

# --------------------------------------------------------------------------- chat

MENU_TITLE = "📄 Lập báo cáo sơ kết — chọn kỳ báo cáo:"
MENU_TITLE_NAMED = ("📄 Lập báo cáo sơ kết kèm danh sách có tên (thông tin nhạy cảm, chỉ gửi trong tin nhắn riêng, "
                    "ghi nhật ký) — chọn kỳ báo cáo:")
NAMED_BUTTON = "👤 Kèm danh sách có tên"
UNNAMED_BUTTON = "📄 Không kèm danh sách có tên"
MENU_NO_PLAN = "Chưa có kế hoạch được nhập; có thể chọn 6 tháng hoặc năm:"
WORKING = "⏳ Đang lập báo cáo {phrase} (Word và Excel, kèm biểu đồ). Tệp sẽ được gửi khi xong, thường trong ít giây."
ALREADY_WORKING = "⏳ Một báo cáo đang được lập trong cuộc trò chuyện này; vui lòng đợi tệp được gửi."
BUSY = "⏳ Đang lập {count} báo cáo khác; báo cáo của bạn sẽ được lập ngay sau đó."
NAMED_ONLY_PRIVATE = ("Danh sách có tên là thông tin cá nhân nhạy cảm: chỉ gửi trong tin nhắn riêng với bot. "
                      "Hãy gõ /baocao trong tin nhắn riêng.")
DOCX_CAPTION = "📄 Báo cáo sơ kết {phrase} (dự thảo, Word)"
XLSX_CAPTION = "📊 Số liệu sơ kết {phrase} (Excel){named}"
XLSX_CAPTION_NAMED = " — có danh sách có tên, không chuyển tiếp"
FAILED = "⚠️ Không lập được báo cáo (mã lỗi {error_id}). Vui lòng thử lại sau; điều phối viên đã được báo."
COMMAND_VI = "Lập báo cáo sơ kết (Word, Excel)"
COMMAND_EN = "Review report (Word, Excel)"

# --------------------------------------------------------------------------- before a review (pushed)

REVIEW_DRAFT_DOCX = ("📝 Dự thảo báo cáo cho {review} (hạn {due}): sơ kết {phrase}, số liệu đến {as_of}. "
                     "Đề nghị rà soát, bổ sung.")
REVIEW_DRAFT_XLSX = "📊 Số liệu kèm theo dự thảo báo cáo {review}."
REVIEW_NAME = "mục {code} — {title}"

# --------------------------------------------------------------------------- command line

CLI_HELP = "Lập báo cáo sơ kết (Word và Excel) cho một kỳ."
CLI_PERIOD_HELP = "Kỳ báo cáo: 2022, 2022-H1, wave:1, plan, hoặc 2022-01-01..2022-03-31."
CLI_FROM_HELP = "Từ ngày (2022-01-01 hoặc 01/01/2022); dùng cùng --to thay cho --period."
CLI_TO_HELP = "Đến ngày."
CLI_OUT_HELP = "Thư mục ghi tệp (tạo nếu chưa có)."
CLI_PLAN_HELP = "Mã kế hoạch, khi có nhiều kế hoạch."
CLI_NAMES_HELP = "Kèm danh sách quần chúng ưu tú có tên (cần --as của một điều phối viên; ghi nhật ký)."
CLI_AS_HELP = "Tài khoản của điều phối viên xuất danh sách có tên, ví dụ telegram:123456."
CLI_TODAY_HELP = "Coi hôm nay là ngày này (lập lại báo cáo như đã lập vào ngày đó)."
CLI_NEED_PERIOD = "Cần --period, hoặc cả --from và --to."
CLI_NAMES_NEED_AS = "--names cần --as <tài khoản của một điều phối viên>."
CLI_UNKNOWN_ACCOUNT = "Không có thành viên với tài khoản «{account}»."
CLI_WROTE = "Đã lập báo cáo {phrase} (số liệu đến {as_of}) trong {seconds:.1f} giây:"
CLI_FILE = "  {path}"
CLI_PERIODS_TITLE = "Các kỳ báo cáo có thể chọn (mã — tên):"
CLI_PERIOD_LINE = "  {code:<28} {label}"
