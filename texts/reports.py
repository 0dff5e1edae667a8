"""Wording of the review reports (sơ kết): the document, the workbook, the charts, and the chat and command line
that ask for them. Vietnamese with full diacritics; numbers written the Vietnamese way (3.000; 85%).

Names of bodies, the province and the plan's number are data (the bodies file and the plan file), never written
here; "{party_body}" in a line is a role whose name the document's date decides.
"""

from __future__ import annotations

import datetime as dt

from texts.format import number as number  # re-exported: the reports write t.number(...)


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def counted(value: int) -> str:
    """A small count in report prose as party documents write it: "01 chi bộ", "12 doanh nghiệp", "1.200"."""
    return f"{value:02d}" if 0 <= value < 10 else number(value)


def day(value: dt.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def cited_day(value: dt.date) -> str:
    """A document cited by its date, as party texts write it: "24/9/2021"."""
    return f"{value.day}/{value.month}/{value.year}"


def joined(names: list[str]) -> str:
    """"A", "A và B", "A, B và C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}" if names else ""


def full_date(value: dt.date) -> str:
    """"ngày 05 tháng 3 năm 2022" — the form of a dated line; days below 10 and months 1–2 take a leading zero."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


# --------------------------------------------------------------------------- periods

# How a period is typed after /baocao or --period, besides 2022 and 2022-H1: «sơ kết:2.5», «đợt:1».
REVIEW_PERIOD_PREFIXES = ("review:", "sơ kết:", "so-ket:")
WAVE_PERIOD_PREFIXES = ("wave:", "dot:", "đợt:")
BAD_PERIOD = ("Không hiểu kỳ báo cáo «{text}». Dùng: 2022 (năm), 2022-H1 hoặc 2022-H2 (6 tháng), đợt:1 (đợt công "
              "tác), review:2.7 (hội nghị sơ kết mục 2.7), plan (toàn kế hoạch) hoặc 2022-01-01..2022-03-31.")
BAD_YEAR = "Năm {year} nằm ngoài khoảng cho phép."
BAD_DATE = "Ngày «{text}» không hợp lệ (viết 2022-03-31 hoặc 31/03/2022)."
PERIOD_ENDS_BEFORE_START = "Ngày kết thúc của kỳ báo cáo đứng trước ngày bắt đầu."
NO_PLAN = "Chưa có kế hoạch nào được nhập; vui lòng đề nghị quản trị viên nhập kế hoạch, hoặc chọn năm, 6 tháng."
NO_WAVE = "Không có đợt công tác «{ref}» trong kế hoạch."


NOT_A_REVIEW = "Mục {code} không phải hội nghị đánh giá, sơ kết của Kế hoạch."

# A period names itself (`reports.periods.Period`) from these, by its kind ("half_year_1": the first half).
PERIOD_PHRASE = {
    "year": "năm {year}",
    "half_year_1": "6 tháng đầu năm {year}",
    "half_year_2": "6 tháng cuối năm {year}",
    "wave": "{wave} (từ {start} đến {end})",
    "plan": "{years} năm ({first_year} – {year})",
    "custom": "từ ngày {start} đến ngày {end}",
}
PERIOD_SINCE = " (tính từ ngày {start})"   # a first review reaching back to the plan's start
PERIOD_BUTTON = {
    "year": "Năm {year}",
    "half_year_1": "6 tháng đầu {year}",
    "half_year_2": "6 tháng cuối {year}",
    "wave": "{wave} ({start_month}–{end_month})",
    "plan": "Toàn kế hoạch ({first_year}–{year})",
    "custom": "{start}–{end}",
}
NEXT_PERIOD = {
    "year": "năm {next_year}",
    "half_year_1": "6 tháng cuối năm {year}",
    "half_year_2": "6 tháng đầu năm {next_year}",
}
NEXT_PERIOD_ANY = "thời gian tới"
REVIEW_LABEL = {"danh_gia": "Đánh giá", "so_ket": "Sơ kết", "tong_ket": "Tổng kết"}
REVIEW_BUTTON = "{review}: {period} (mục {code})"


FILE_KIND = {"danh_gia": "danh-gia", "so_ket": "so-ket", "tong_ket": "tong-ket", "results": "ket-qua"}


def file_name(kind: str, stem: str, extension: str, *, named: bool = False, counts_only: bool = False) -> str:
    """"bao-cao-so-ket-2022.docx"; `kind` a key of FILE_KIND, `stem` the period's."""
    suffix = "-co-ten" if named else "-so-lieu" if counts_only else ""
    return f"bao-cao-{FILE_KIND[kind]}-{stem}{suffix}.{extension}"


RECOMMENDATIONS_FILE = "kien-nghi-{day:%Y%m%d}.docx"


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
    "declined": "Không có cơ sở giải quyết",
}
STAGE = {
    "nominated": "Được giới thiệu",
    "class_registered": "Đi học lớp bồi dưỡng",
    "class_completed": "Có giấy chứng nhận",
    "application_filed": "Có đơn xin vào Đảng",
    "background_filed": "Đã khai lý lịch",
    "introducers_named": "Có người giới thiệu",
    "background_verified": "Đã thẩm tra lý lịch",
    "resolution_passed": "Chi bộ đề nghị kết nạp",
    "decided": "Có quyết định, chờ lễ kết nạp",
    "admitted": "Được kết nạp (dự bị)",
    "official": "Được công nhận chính thức",
    "stopped": "Dừng",
}
ORG_KIND = {
    "party_org": "Tổ chức cơ sở đảng",
    "trade_union": "Công đoàn cơ sở",
    "youth_union": "Chi đoàn Thanh niên",
    "veterans": "Chi hội Cựu chiến binh",
}
ORG_KIND_IN_SENTENCE = {   # inside a sentence: common nouns lower case, proper names keep their capitals
    "party_org": "tổ chức cơ sở đảng",
    "trade_union": "công đoàn cơ sở",
    "youth_union": "chi đoàn thanh niên",
    "veterans": "chi hội Cựu chiến binh",
}
MILESTONE_STATUS = {
    "done": "Đã hoàn thành",
    "overdue": "Quá hạn",
    "in_progress": "Đang thực hiện",
    "upcoming": "Chưa đến thời gian",
    "ongoing": "Thường xuyên, đang thực hiện",
    "ended": "Đã hết thời gian (thường xuyên)",
    "cancelled": "Đã hủy, không còn thực hiện",
    "superseded": "Đã được thay thế",
}
MILESTONE_KIND = {"deadline": "Có hạn", "window": "Trong khoảng thời gian", "continuous": "Thường xuyên"}
TARGET_KIND = {
    "new_members": "Kết nạp đảng viên mới",
    "party_orgs_founded": "Thành lập tổ chức cơ sở đảng",
    "mass_orgs_founded": "Thành lập tổ chức đoàn thể",
    "enterprises_visited": "Doanh nghiệp được làm việc",
    "nominees_to_class": "Quần chúng ưu tú đi học lớp bồi dưỡng",
}
STATUS_GROUP = {"handling": "Đang xử lý", "answered": "Đã có trả lời", "resolved": "Đã giải quyết",
                "declined": "Không có cơ sở giải quyết"}

# --------------------------------------------------------------------------- the workbook

SHEET = {
    "summary": "Tổng hợp",
    "enterprises": "Doanh nghiệp",
    "waves": "Đợt công tác",
    "visits": "Làm việc",
    "difficulties": "Khó khăn, kiến nghị",
    "admissions": "Phát triển đảng viên",
    "nominee_enterprises": "QCƯT theo doanh nghiệp",
    "nominee_names": "QCƯT – hạn chế phổ biến",
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
    "visits": "Số buổi làm việc với doanh nghiệp trong kỳ",
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
    "directive_sent": "Doanh nghiệp đã nhận văn bản chỉ đạo",
    "directive_reports": "— trong đó đã gửi báo cáo tình hình, khó khăn, kiến nghị",
    "directive_reviews": "— trong đó đã gửi báo cáo rà soát đảng viên",
    "eligible_party_org": "Doanh nghiệp đủ điều kiện thành lập tổ chức đảng nhưng chưa có",
    "overdue_milestones": "Nội dung kế hoạch quá hạn",
}
NOMINEES_HEADER = "Quần chúng ưu tú"   # the column the counts-only workbook leaves out
ENTERPRISE_HEADERS = (
    "STT", "Tên doanh nghiệp", "Mã số thuế", "Khu công nghiệp", "Loại hình", "Quốc gia", "Số lao động",
    "Đảng viên chính thức", "Đảng viên dự bị", "Tổ chức đảng", "Ngày thành lập tổ chức đảng", "Công đoàn",
    "Chi đoàn Thanh niên", "Chi hội Cựu chiến binh", "Số buổi làm việc trong kỳ", "Buổi làm việc gần nhất",
    "Khó khăn còn mở",
    NOMINEES_HEADER, "Đủ điều kiện thành lập tổ chức đảng",
)
WAVE_HEADERS = ("Đợt", "Từ ngày", "Đến ngày", "Doanh nghiệp được phân công", "Doanh nghiệp cần làm việc",
                "Đã làm việc", "Tỷ lệ (%)", "Doanh nghiệp được làm việc (cả ngoài phân công)", "Số buổi làm việc",
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
NOMINEE_FILE_IN_PROGRESS = "Đang hoàn thiện hồ sơ"   # from the application to the chi bộ's resolution
NOMINEE_ENTERPRISE_HEADERS = ("Doanh nghiệp", "Mã số thuế", STAGE["nominated"], STAGE["class_registered"],
                              STAGE["class_completed"], NOMINEE_FILE_IN_PROGRESS, STAGE["decided"], STAGE["admitted"],
                              STAGE["official"], STAGE["stopped"], "Tổng")
NOMINEE_NAME_HEADERS = ("Số hồ sơ", "Họ và tên", "Ngày sinh", "Doanh nghiệp", "Vị trí công việc", "Bước hiện nay",
                        "Ngày giới thiệu", "Ngày cấp giấy chứng nhận", "Ngày kết nạp", "Hết dự bị",
                        "Ngày chính thức")
NOMINEE_NAMES_NOTE = ("Thông tin cá nhân nhạy cảm: chỉ dùng cho công tác phát triển đảng viên; không chuyển tiếp, "
                      "không đăng lên nhóm. Việc xuất danh sách này đã được ghi nhật ký.")
ERASED = "(đã xóa theo yêu cầu)"
TRANSFER_HEADERS = (
    "Ngày chuyển đến", "Doanh nghiệp", "Mã số thuế", "Số đảng viên", "Từ tổ chức đảng", "Đến tổ chức đảng",
    "Hạn bắt đầu thủ tục", "Ngày cấp giấy giới thiệu", "Hạn xuất trình giấy giới thiệu", "Ngày hoàn thành", "Quá hạn",
    "Tạm thời đến",   # a temporary transfer: the end of its period; empty for an official one
)
TRANSFER_NAME_HEADER = "Họ và tên đảng viên"
FOUNDING_HEADERS = ("Ngày quyết định", "Doanh nghiệp", "Mã số thuế", "Tổ chức", "Số quyết định", "Số thành viên")
MILESTONE_HEADERS = ("Mục", "Nội dung", "Loại", "Thời gian theo kế hoạch", "Bắt đầu", "Hạn", "Chủ trì",
                     "Trạng thái", "Ngày hoàn thành", "Sơ kết")
TARGET_HEADERS = ("Năm", "Chỉ tiêu", "Giao", "Đạt", "Tỷ lệ (%)")
# A sheet with no rows says why (a report made early in its period, a plan not yet imported).
EMPTY_SHEET = {
    "enterprises": "Chưa có doanh nghiệp nào trong danh sách theo dõi.",
    "waves": "Chưa có đợt công tác nào bắt đầu trong kỳ (số liệu đến {as_of}).",
    "visits": "Chưa ghi nhận buổi làm việc nào trong kỳ (số liệu đến {as_of}).",
    "difficulties": "Chưa có khó khăn, kiến nghị nào tiếp nhận trong kỳ hoặc còn đang theo dõi (đến {as_of}).",
    "nominee_enterprises": "Chưa có quần chúng ưu tú nào được giới thiệu (đến {as_of}).",
    "nominee_names": "Chưa có quần chúng ưu tú nào được giới thiệu.",
    "transfers": "Chưa ghi nhận trường hợp chuyển sinh hoạt đảng trong kỳ (đến {as_of}).",
    "foundings": "Chưa thành lập mới tổ chức nào trong kỳ (đến {as_of}).",
    "milestones": "Chưa có kế hoạch được nhập vào hệ thống, hoặc kỳ báo cáo nằm ngoài thời gian của Kế hoạch.",
    "targets": "Chưa giao chỉ tiêu cho các năm trong kỳ.",
}

# --------------------------------------------------------------------------- the charts

CHART_VISITS_TITLE = "Số buổi làm việc với doanh nghiệp theo tháng"
CHART_VISITS_Y = "Số buổi làm việc"
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
DOC_TITLE = "Báo cáo {what} {phrase}"
SUBJECT = ("công tác phát triển đảng viên và tổ chức cơ sở đảng trong doanh nghiệp thuộc các khu công nghiệp "
           "trên địa bàn tỉnh")   # a plan file without its own `subject`
RULE = "-----"

# The title (trích yếu), by what the review is called; `document` is what is being carried out.
TITLE_REVIEW = {
    "danh_gia": "Đánh giá tình hình triển khai thực hiện {document} {phrase}; nhiệm vụ, giải pháp {next}",
    "so_ket": "Sơ kết thực hiện {document} {phrase}; phương hướng, nhiệm vụ {next}",
    "tong_ket": "Tổng kết thực hiện {document} {phrase}; phương hướng, nhiệm vụ {next}",
}
TITLE_RESULTS = "Kết quả thực hiện {document} {phrase}"
TITLE_NO_PLAN = "Kết quả công tác {phrase} của Đoàn công tác về {subject}"
DOCUMENT_IMPLEMENTED = "{kind} về {subject}"          # "Quy chế phối hợp về công tác phát triển đảng viên …"
DOCUMENT_PLAN = "Kế hoạch số {code} về {subject}"
PLAN_KIND = "Kế hoạch"
# "báo cáo {what} {phrase} như sau"
REPORT_WHAT = {
    "danh_gia": "đánh giá tình hình triển khai thực hiện {kind}",
    "so_ket": "sơ kết",
    "tong_ket": "tổng kết",
    "results": "kết quả thực hiện",
}
REPORT_NAME = {"danh_gia": "đánh giá", "so_ket": "sơ kết", "tong_ket": "tổng kết", "results": "kết quả"}
CITE_WITH_DATE = "{kind} số {number} ngày {day}"
CITE_NO_DATE = "{kind} số {number}"
CITE_AND = "{first} và {second}"
CITE_BOTH_SAME_DAY = "{kind} số {number} và Kế hoạch số {plan_code} ngày {day}"
BETWEEN_ONE = "của {names}"
BETWEEN_MANY = "giữa {names}"
INTRO = "Thực hiện {cited} {between} về “{subject}”, {reporters} báo cáo {what} {phrase} như sau:"
INTRO_NO_PLAN = "{reporters} báo cáo kết quả công tác {phrase} về {subject} như sau:"
AS_OF_NOTE = "(Số liệu tính đến {as_of}.)"

SECTION_RESULTS = "I. KẾT QUẢ THỰC HIỆN"
SECTION_SHORTCOMINGS = "II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN"
SECTION_NEXT = "III. PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP {next}"
SECTION_PROPOSALS = "IV. ĐỀ XUẤT, KIẾN NGHỊ"
DRAFT_NOTE = ("Ghi chú: các mục II, III và IV là dự thảo do hệ thống lập từ số liệu của Đoàn công tác lúc "
              "{generated}; đề nghị rà soát, bổ sung nguyên nhân, nhiệm vụ và kiến nghị cụ thể trước khi trình ký.")

RESULT_LEADERSHIP = "1. Công tác lãnh đạo, chỉ đạo, quán triệt, triển khai thực hiện"
RESULT_VISITS = "2. Công tác làm việc với doanh nghiệp"
RESULT_DIFFICULTIES = "3. Nắm bắt, giải quyết khó khăn, đề xuất, kiến nghị của doanh nghiệp"
RESULT_ADMISSIONS = "4. Phát hiện, bồi dưỡng, kết nạp đảng viên"
RESULT_ORGANISATIONS = "5. Chuyển sinh hoạt đảng; thành lập tổ chức cơ sở đảng và tổ chức đoàn thể"
RESULT_PLAN = "6. Tiến độ thực hiện các nội dung của Kế hoạch"
RESULT_TARGETS = "7. Thực hiện chỉ tiêu"

# I.1 leadership: what the data knows, then what the office adds.
LEAD_PLAN_ISSUED = ("Ngày {day}, {issuers} ban hành Kế hoạch số {plan_code} {implementing}, từ năm {first} đến năm "
                    "{last}.")
LEAD_IMPLEMENTING = "thực hiện {cited}"
LEAD_ABOUT = "về “{subject}”"
LEAD_WAVES = "Đoàn công tác tổ chức {count} đợt làm việc với doanh nghiệp: {waves}."
LEAD_WAVE = "{name} (từ {start} đến {end})"
LEAD_DONE = "Các nội dung của Kế hoạch đã hoàn thành trong kỳ: {items}."
LEAD_DONE_ITEM = "mục {code} ({title}, xong ngày {day})"
# What only the office can add, in the order a review tells it; what the data knows is left out.
LEAD_TO_ADD = "(Đề nghị bổ sung: {items}.)"
LEAD_TO_ADD_DIRECTIVE = "văn bản chỉ đạo gửi các doanh nghiệp chưa có tổ chức đảng"
LEAD_TO_ADD_CONFERENCES = "các hội nghị quán triệt, triển khai"
LEAD_TO_ADD_DECISION = "quyết định thành lập, kiện toàn Đoàn công tác"
LEAD_TO_ADD_REORGANISED = "việc kiện toàn Đoàn công tác"
LEAD_DECISION = "Đoàn công tác được thành lập theo Quyết định số {number} ngày {day} của {issuers}."
# The Trưởng đoàn as the members' list records them (/thanhvien), with the body they come from on the report's date.
LEAD_HEAD = "Đồng chí {name} làm Trưởng đoàn công tác."
LEAD_HEAD_FROM = "Đồng chí {name}, {side}, làm Trưởng đoàn công tác."
# The zones board's directive to enterprises without a party organisation, and their written answers by the day.
LEAD_DIRECTIVE_ISSUED = "Ngày {day}, {issuer} ban hành văn bản số {number} {summary}, gửi {sent} doanh nghiệp."
LEAD_DIRECTIVE_EARLIER = "Văn bản số {number} ngày {day} của {issuer} {summary} đã được gửi tới {sent} doanh nghiệp."
LEAD_DIRECTIVE_ABOUT = "về “{summary}”"
ABOUT_WORD = "về "   # a trích yếu that begins with it already reads «về việc …» inside the sentence
LEAD_DIRECTIVE_REPLIES = ("Đến {as_of}, {reports} doanh nghiệp đã gửi báo cáo tình hình, khó khăn, kiến nghị "
                          "(đạt {share} số doanh nghiệp đã nhận văn bản), {reviews} doanh nghiệp đã gửi báo cáo rà "
                          "soát đảng viên.")
LEAD_DIRECTIVE_NOT_SENT = ("Trong số {without} doanh nghiệp chưa có tổ chức đảng, còn {count} doanh nghiệp chưa nhận "
                           "được văn bản.")

VISITS_TEXT = ("Trong kỳ, Đoàn công tác đã có {visits} buổi làm việc với {enterprises} doanh nghiệp, trong đó có "
               "{without_visited} doanh nghiệp chưa có tổ chức đảng, đạt {share} so với tổng số {without_total} "
               "doanh nghiệp chưa có tổ chức đảng. Hiện có {enterprises_total} doanh nghiệp trong danh sách theo dõi, "
               "{with_party} doanh nghiệp đã có tổ chức đảng.")
VISITS_NONE = ("Trong kỳ chưa ghi nhận buổi làm việc nào với doanh nghiệp. Hiện có {enterprises_total} doanh nghiệp "
               "trong danh sách theo dõi, {without_total} doanh nghiệp chưa có tổ chức đảng.")
MEMBERS_FOUND = ("Qua làm việc, đã nắm được tại các doanh nghiệp chưa có tổ chức đảng hiện có {official} đảng viên "
                 "chính thức, {probationary} đảng viên dự bị đang làm việc.")
WAVE_LINE = ("{name} ({start} – {end}): đã làm việc với {covered} trong tổng số {aimed_at} doanh nghiệp cần làm việc "
             "({share}), {visits} buổi làm việc.")
WAVE_LINE_UNVISITED = " Còn {count} doanh nghiệp Đoàn công tác chưa đến làm việc."
DIFFICULTIES_RECEIVED = "Trong kỳ, tiếp nhận {received} khó khăn, đề xuất, kiến nghị của doanh nghiệp"
DIFFICULTIES_OUTCOMES = {
    "resolved": "đã giải quyết {count}",
    "answered": "{count} kiến nghị đã có trả lời",
    "declined": "{count} kiến nghị đã được trả lời không có cơ sở giải quyết",
}
DIFFICULTIES_NONE = "Trong kỳ chưa tiếp nhận khó khăn, đề xuất, kiến nghị mới của doanh nghiệp."
DIFFICULTIES_OPEN = "Đến cuối kỳ còn {open} khó khăn, kiến nghị đang theo dõi"
DIFFICULTIES_OVERDUE = ", trong đó {overdue} việc quá {days} ngày chưa được giải quyết"
DIFFICULTIES_TOP = "Các lĩnh vực có nhiều khó khăn, kiến nghị: {categories}."
ADMISSIONS_PARTS = {
    "nominated": "các doanh nghiệp đã giới thiệu {count} quần chúng ưu tú",
    "class_registered": "{count} người đi học lớp bồi dưỡng nhận thức về Đảng",
    "class_completed": "{count} người được cấp giấy chứng nhận",
    "admitted": "kết nạp {count} đảng viên mới",
    "official": "công nhận {count} đảng viên chính thức",
}
ADMISSIONS_TEXT = "Trong kỳ, {parts}."
ADMISSIONS_NONE = "Trong kỳ chưa có quần chúng ưu tú được giới thiệu, bồi dưỡng, kết nạp."
ADMISSIONS_NOW = ("Hiện có {in_pipeline} quần chúng ưu tú đang trong quá trình bồi dưỡng, xem xét kết nạp và "
                  "{probationary} đảng viên dự bị.")
TRANSFERS_TEXT = ("Tổ chức chuyển sinh hoạt đảng {transfers} lượt với {members} đảng viên; đã hoàn thành {completed} "
                  "lượt.")
TRANSFERS_TEMPORARY = " Trong đó có {count} lượt chuyển sinh hoạt đảng tạm thời."
TRANSFERS_NONE = "Trong kỳ chưa ghi nhận trường hợp chuyển sinh hoạt đảng."
FOUNDINGS_TEXT = "Thành lập mới: {list}."
FOUNDINGS_ITEM = "{count} {kind}"
FOUNDINGS_NONE = "Trong kỳ chưa thành lập mới tổ chức cơ sở đảng, tổ chức đoàn thể."
PLAN_TEXT = "Trong kỳ có {total} nội dung của Kế hoạch cần thực hiện: {parts}."
PLAN_PARTS = {
    "done": "{count} đã hoàn thành",
    "running": "{count} đang thực hiện",
    "overdue": "{count} quá hạn",
    "upcoming": "{count} chưa đến thời gian thực hiện",
    "ended": "{count} đã hết thời gian",
    "closed": "{count} không còn thực hiện",
}
PLAN_NOTHING_YET = ("Kế hoạch bắt đầu thực hiện từ ngày {start}; trong kỳ (đến {as_of}) chưa có nội dung nào đến thời "
                    "gian thực hiện.")
PLAN_NONE = "Chưa có kế hoạch được nhập vào hệ thống; không có số liệu tiến độ."
TARGETS_TEXT = "Kết quả thực hiện chỉ tiêu năm {year}: {list}."
TARGETS_ITEM = "{label} đạt {achieved} trên chỉ tiêu {target} ({share})"
TARGETS_NONE = "Chưa giao chỉ tiêu cho các năm trong kỳ."

TABLE_CAPTION = "Bảng {number}. {title}"
TABLE_WAVES = "Kết quả làm việc theo đợt"
TABLE_DIFFICULTIES = "Khó khăn, kiến nghị tiếp nhận trong kỳ theo lĩnh vực"
TABLE_ADMISSIONS = "Phát triển đảng viên"
TABLE_FOUNDINGS = "Tổ chức được thành lập trong kỳ"
TABLE_PLAN = "Tiến độ các nội dung của Kế hoạch"
TABLE_TARGETS = "Chỉ tiêu và kết quả"
DOC_WAVE_HEADERS = ("Đợt", "Thời gian", "Cần làm việc", "Đã làm việc", "Tỷ lệ", "Số buổi")
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
SHORT_UNVISITED_WAVE = ("{wave}: trong số {aimed_at} doanh nghiệp cần làm việc, còn {count} doanh nghiệp Đoàn công tác "
                        "chưa đến làm việc{examples}.")
SHORT_UNVISITED = ("Trong số {total} doanh nghiệp chưa có tổ chức đảng, còn {count} doanh nghiệp Đoàn công tác chưa "
                   "đến làm việc trong kỳ{examples}.")
SHORT_OVERDUE_MILESTONES = "Một số nội dung của Kế hoạch chưa hoàn thành đúng thời gian: {items}."
SHORT_MILESTONE_ITEM = "mục {code} ({title}, hạn {due})"
SHORT_TARGETS = "Chưa đạt chỉ tiêu: {items}."
SHORT_TARGET_ITEM = "{label} năm {year} (đạt {achieved} trên chỉ tiêu {target})"
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
                     "kiến nghị còn tồn đọng của doanh nghiệp{overdue}.")
NEXT_DIFFICULTIES_OVERDUE = ", ưu tiên {count} việc quá hạn"
NEXT_FOUND_PARTY_ORG = ("Đề nghị {decider} xem xét, quyết định thành lập tổ chức cơ sở đảng tại {count} doanh nghiệp "
                        "đủ điều kiện{examples}.")
NEXT_TRANSFER = ("Hướng dẫn đảng viên tại {count} doanh nghiệp chưa đủ điều kiện thành lập tổ chức đảng chuyển sinh "
                 "hoạt đảng về {receiver}{examples}.")
NEXT_VISIT = ("Tiếp tục làm việc với {count} doanh nghiệp chưa có tổ chức đảng mà Đoàn công tác chưa đến làm việc"
              "{examples}.")
NEXT_ADMIT = ("Xem xét kết nạp {count} quần chúng ưu tú đã hoàn thành lớp bồi dưỡng nhận thức về Đảng"
              "{expiring}.")
NEXT_ADMIT_EXPIRING = "; lưu ý {count} giấy chứng nhận sắp hết hiệu lực"
NEXT_OFFICIAL = "Xét công nhận đảng viên chính thức cho {count} đảng viên dự bị sắp hết thời gian dự bị."
NEXT_TRADE_UNIONS = ("Vận động thành lập công đoàn cơ sở tại {count} doanh nghiệp chưa có công đoàn cơ sở (cần ít nhất "
                     "{minimum} người lao động tự nguyện gia nhập).")
NEXT_YOUTH_UNIONS = ("Vận động thành lập chi đoàn thanh niên tại {count} doanh nghiệp có từ {minimum} đoàn viên trở "
                     "lên chưa có tổ chức Đoàn.")
NEXT_TRADE_UNIONS_WITH = ("Phối hợp với {body} vận động thành lập công đoàn cơ sở tại {count} doanh nghiệp chưa có "
                          "công đoàn cơ sở (cần ít nhất {minimum} người lao động tự nguyện gia nhập).")
NEXT_YOUTH_UNIONS_WITH = ("Phối hợp với {body} vận động thành lập chi đoàn thanh niên tại {count} doanh nghiệp có từ "
                          "{minimum} đoàn viên trở lên chưa có tổ chức Đoàn.")
NEXT_YOUTH_UNIONS_GUIDED = ("Đề nghị {guide} hướng dẫn, phối hợp với {body} vận động thành lập chi đoàn thanh niên "
                            "tại {count} doanh nghiệp có từ {minimum} đoàn viên trở lên chưa có tổ chức Đoàn.")
NEXT_VETERANS = ("Phối hợp với Hội Cựu chiến binh cấp trên vận động thành lập chi hội Cựu chiến binh tại {count} doanh "
                 "nghiệp có từ {minimum} cựu chiến binh trở lên.")
NEXT_NOMINATE = ("Tiếp tục tuyên truyền, phát hiện, giới thiệu quần chúng ưu tú tham gia lớp bồi dưỡng nhận thức "
                 "về Đảng.")
NEXT_TARGETS = "Phấn đấu hoàn thành chỉ tiêu năm {year}: {items}."
NEXT_TARGET_ITEM = "{label} {target}"

# Section IV: the open recommendations addressed to the provincial committee and government.
PROPOSALS_INTRO = ("Từ các khó khăn, đề xuất, kiến nghị của doanh nghiệp còn đang theo dõi đến ngày {as_of}, "
                   "{reporters} đề xuất, kiến nghị:")
PROPOSALS_TO = "{number}. Đối với {recipient}"
PROPOSAL_ITEM = "Về {category}{department}: {text} ({enterprise}, tiếp nhận ngày {received})."
PROPOSAL_DEPARTMENT = " ({department})"
PROPOSALS_MORE = "Và {count} kiến nghị khác, chi tiết tại báo cáo tổng hợp kiến nghị."
PROPOSALS_COUNTS = "Quan tâm chỉ đạo giải quyết {count} kiến nghị của doanh nghiệp: {categories}."
PROPOSALS_COUNT_ITEM = "{category} ({count})"
PROPOSALS_NONE = ("Đến ngày {as_of}, không còn khó khăn, kiến nghị nào của doanh nghiệp gửi {recipients} đang chờ giải "
                  "quyết. (Đề nghị bổ sung đề xuất, kiến nghị khác nếu có.)")

RECIPIENTS_TITLE = "Nơi nhận:"
RECIPIENT_LINE = "- {line},"
RECIPIENT_LAST = "- {line}."
RECIPIENTS_DEFAULT = ("Đoàn công tác", "Lưu")   # a plan file without `report_recipients`

# The consolidated recommendations to the provincial committee and government (`report recommendations`).
REC_TITLE = "Tổng hợp khó khăn, đề xuất, kiến nghị của doanh nghiệp gửi {recipients}"
REC_INTRO = ("Thực hiện {cited} {between} về “{subject}”, qua làm việc với các doanh nghiệp, {reporters} tổng hợp các "
             "khó khăn, đề xuất, kiến nghị của doanh nghiệp còn chờ giải quyết đến ngày {as_of} như sau:")
REC_INTRO_NO_PLAN = ("Qua làm việc với các doanh nghiệp, {reporters} tổng hợp các khó khăn, đề xuất, kiến nghị của "
                     "doanh nghiệp còn chờ giải quyết đến ngày {as_of} như sau:")
REC_SECTION = "{number}. KIẾN NGHỊ GỬI {recipient}"
REC_GROUP = "{number}. {department}"
REC_GENERAL = "Kiến nghị chung"
REC_NO_DEPARTMENT = "Các sở, ngành (chưa ghi rõ)"
REC_HEADERS = ("STT", "Doanh nghiệp", "Lĩnh vực", "Khó khăn", "Đề xuất, kiến nghị", "Ngày tiếp nhận", "Tình hình")
REC_STATUS = "{status}{document}"
REC_DOCUMENT = " (văn bản số {number})"
REC_NONE = "Đến ngày {as_of}, không có khó khăn, kiến nghị nào của doanh nghiệp gửi {recipients} đang chờ giải quyết."
REC_CLOSING = "{reporters} kính đề nghị {recipients} quan tâm, chỉ đạo các cơ quan liên quan giải quyết."
REC_RECIPIENTS = ("Thường trực {provincial_committee} (để báo cáo)", "{provincial_government} (để chỉ đạo)",
                  "Đoàn công tác", "Lưu")
REC_DOC_TITLE = "Tổng hợp kiến nghị của doanh nghiệp đến ngày {as_of}"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

# --------------------------------------------------------------------------- chat

MENU_TITLE = "📄 Lập báo cáo sơ kết — chọn kỳ báo cáo:"
MENU_TITLE_NAMED = ("📄 Lập báo cáo sơ kết kèm danh sách có tên (thông tin nhạy cảm, chỉ gửi trong tin nhắn riêng, "
                    "ghi nhật ký) — chọn kỳ báo cáo:")
NAMED_BUTTON = "👤 Kèm danh sách có tên"
UNNAMED_BUTTON = "📄 Không kèm danh sách có tên"
MENU_NO_PLAN = "Chưa có kế hoạch được nhập; có thể chọn 6 tháng hoặc năm:"
WORKING = "⏳ Đang lập báo cáo {phrase} (Word và Excel, kèm biểu đồ). Tệp sẽ được gửi khi xong, thường trong ít giây."
ALREADY_WORKING = "⏳ Một báo cáo đang được lập trong cuộc trò chuyện này; vui lòng đợi tệp được gửi."
BUSY = "⏳ Đang lập {count} báo cáo khác; báo cáo của đồng chí sẽ được lập ngay sau đó."
NAMED_ONLY_PRIVATE = ("Danh sách có tên là thông tin cá nhân nhạy cảm: chỉ gửi trong tin nhắn riêng với bot. "
                      "Hãy gõ /baocao trong tin nhắn riêng.")
DOCX_CAPTION = "📄 Báo cáo {phrase} (dự thảo, Word)"
# The consolidated recommendations from the chat ("{role.short}": the body's name of the day).
REC_BUTTON = "📮 Tổng hợp kiến nghị gửi {provincial_committee.short}, {provincial_government.short}"
REC_WORKING = "⏳ Đang lập bản tổng hợp kiến nghị của doanh nghiệp (Word). Tệp sẽ được gửi khi xong."
REC_CAPTION = "📮 Tổng hợp {count} kiến nghị của doanh nghiệp còn chờ giải quyết đến ngày {as_of} (dự thảo, Word)"
REC_ONLY_PRIVATE = ("Bản tổng hợp kiến nghị có nội dung từng kiến nghị của doanh nghiệp: chỉ gửi trong tin nhắn riêng "
                    "với bot. Đồng chí gõ /baocao kiennghi trong tin nhắn riêng.")
XLSX_CAPTION = "📊 Số liệu {phrase} (Excel){named}"
XLSX_CAPTION_NAMED = " — có danh sách có tên, không chuyển tiếp"
XLSX_CAPTION_COUNTS_ONLY = " — bản số liệu cho nhóm, không có tên người, nội dung từng kiến nghị"
MENU_COUNTS_ONLY = ("(Trong nhóm, báo cáo chỉ có số liệu: không có tên người được gặp, nội dung từng kiến nghị và số "
                    "liệu riêng từng doanh nghiệp. Bản đầy đủ: gõ /baocao trong tin nhắn riêng với bot.)")
FAILED = ("⚠️ Không lập được báo cáo (mã lỗi {error_id}). Vui lòng thử lại sau; nếu vẫn không được, "
          "đồng chí báo mã lỗi này cho quản trị viên.")

# --------------------------------------------------------------------------- before a review (pushed)

REVIEW_DRAFT_DOCX = ("📝 Dự thảo báo cáo cho {review} (hạn {due}): {what} {phrase}, số liệu đến {as_of}. "
                     "Đề nghị rà soát, bổ sung.")
REVIEW_DRAFT_XLSX = "📊 Số liệu kèm theo dự thảo báo cáo {review}."
REVIEW_DRAFT_LATE = "⏰ Gửi muộn (sau ngày {review_on}). "
REVIEW_NAME = "mục {code} — {title}"

# --------------------------------------------------------------------------- command line

CLI_HELP = "Lập báo cáo sơ kết (Word và Excel) cho một kỳ."
CLI_PERIOD_HELP = ("Kỳ báo cáo: 2022, 2022-H1, wave:1, review:2.7 (một hội nghị sơ kết), plan, hoặc "
                   "2022-01-01..2022-03-31.")
CLI_FROM_HELP = "Từ ngày (2022-01-01 hoặc 01/01/2022); dùng cùng --to thay cho --period."
CLI_TO_HELP = "Đến ngày."
CLI_OUT_HELP = "Thư mục ghi tệp (tạo nếu chưa có)."
CLI_PLAN_HELP = "Mã kế hoạch, khi có nhiều kế hoạch."
CLI_NAMES_HELP = "Kèm danh sách quần chúng ưu tú có tên (cần --as của một điều phối viên; ghi nhật ký)."
CLI_AS_HELP = "Tài khoản của điều phối viên xuất danh sách có tên, ví dụ telegram:123456."
CLI_TODAY_HELP = "Coi hôm nay là ngày này (lập lại báo cáo như đã lập vào ngày đó)."
CLI_NEED_PERIOD = "Cần --period, hoặc cả --from và --to."
CLI_NAMES_OR_COUNTS = "--names và --counts-only không dùng cùng nhau: bản chỉ có số liệu không có danh sách có tên."
CLI_NAMES_NEED_AS = "--names cần --as <tài khoản của một điều phối viên>."
CLI_UNKNOWN_ACCOUNT = "Không có thành viên với tài khoản «{account}»."
CLI_WROTE = "Đã lập báo cáo {phrase} (số liệu đến {as_of}) trong {seconds:.1f} giây:"
CLI_FILE = "  {path}"
CLI_PERIODS_TITLE = "Các kỳ báo cáo có thể chọn (mã — tên):"
CLI_PERIOD_LINE = "  {code:<28} {label}"
CLI_COUNTS_ONLY_HELP = "Bản chỉ có số liệu (cho nhóm): không tên người, không người tiếp, không toàn văn khó khăn."
CLI_RECOMMENDATIONS_HELP = ("Báo cáo tổng hợp kiến nghị của doanh nghiệp còn chờ giải quyết, gửi cấp tỉnh (Word), "
                            "theo nơi nhận và sở, ngành.")
CLI_WROTE_RECOMMENDATIONS = "Đã lập báo cáo tổng hợp {count} kiến nghị (đến {as_of}):"
