"""Wording for the plan in chat: coming deadlines, marking items done, my list, assignments and coverage."""

MARKED_DONE = "✅ {code}. {title}\nĐã đánh dấu hoàn thành bởi {who} lúc {when}."
ALREADY_DONE = "Mục {code} đã được đánh dấu hoàn thành trước đó."
REOPENED = "↩️ {code}. {title}\nĐã mở lại; nhắc việc sẽ tiếp tục."
NO_DEADLINES = "Không có hạn nào trong {days} ngày tới."
MY_LIST_NO_WAVE = "Hiện không có đợt công tác nào đang diễn ra."
MY_LIST_EMPTY = "Đồng chí chưa được phân công doanh nghiệp nào trong {wave}."
MY_LIST_TITLE = "📋 Danh sách của đồng chí — {wave} (đến {end}): đã làm việc {visited}/{total}"
MY_LIST_LINE = "{mark} {name}{zone}"
MY_LIST_VISITED = "✅"
MY_LIST_PENDING = "⬜"

ASSIGN_TITLE = "Phân công doanh nghiệp cho thành viên"
ASK_WAVE = "Phân công cho đợt nào?"
ASK_MEMBER = "Phân công cho thành viên nào?"
ASK_ENTERPRISE = "Doanh nghiệp nào? Gõ một phần tên hoặc mã số thuế."
LABEL_WAVE = "Đợt"
LABEL_MEMBER = "Thành viên"
LABEL_ENTERPRISE = "Doanh nghiệp"
ASSIGNED = "✅ Đã phân công {enterprise} cho {member} trong {wave}."
ALREADY_ASSIGNED = "{member} đã được phân công {enterprise} trong {wave} từ trước."
ASSIGN_MORE = "➕ Phân công tiếp cho {member}"
NOTICE_ASSIGNED = "📋 Đồng chí được phân công làm việc với {enterprise} trong {wave}. Gõ /danhsach để xem danh sách."
NO_WAVES = "Chưa có đợt công tác nào. Vui lòng đề nghị quản trị viên nhập kế hoạch trước."

COVERAGE_TITLE = "📊 Tiến độ làm việc theo phân công – {wave} ({start} – {end})"
COVERAGE_BODY = ("Doanh nghiệp chưa có tổ chức đảng: đã làm việc {without_visited}/{without}\n"
                 "Doanh nghiệp được phân công: đã làm việc {assigned_visited}/{assigned}")
COVERAGE_MEMBER = "• {name}: {visited}/{assigned}"
COVERAGE_NO_ASSIGNMENTS = "Chưa có phân công nào trong đợt này."

ASSIGN_THIS_WAVE = "👥 Phân công doanh nghiệp cho đợt này"
WAVE_TITLE = "Mở đợt công tác mới"
ASK_WAVE_PLAN = "Đợt thuộc kế hoạch nào?"
ASK_WAVE_START = "Đợt bắt đầu từ ngày nào? (gõ ngày, ví dụ 01/04/2022)"
ASK_WAVE_END = "Đợt kết thúc ngày nào? (gõ ngày, ví dụ 30/06/2022)"
ASK_WAVE_NAME = "Tên đợt? Bỏ qua thì đặt theo số thứ tự (Đợt 3, Đợt 4, …)."
LABEL_PLAN = "Kế hoạch"
LABEL_WAVE_START = "Bắt đầu"
LABEL_WAVE_END = "Kết thúc"
LABEL_WAVE_NAME = "Tên đợt"
WAVE_OPENED = ("✅ Đã mở {wave} ({start} – {end}). Đồng chí phân công doanh nghiệp cho các thành viên "
               "để bắt đầu đợt.")
NO_RUNNING_PLAN = "Không có kế hoạch nào đang thực hiện để mở đợt công tác."

REVIEW_DATE_TITLE = "Đặt ngày hội nghị sơ kết"
ASK_REVIEW = "Hội nghị của mục nào trong kế hoạch?"
ASK_REVIEW_DATE = "Hội nghị họp ngày nào? (gõ ngày, ví dụ 20/12/2022)"
LABEL_REVIEW = "Hội nghị"
LABEL_REVIEW_DATE = "Ngày họp"
REVIEW_OPTION = "{code} — {title} (hạn {due}){set}"
REVIEW_OPTION_SET = ", đã đặt ngày {day}"
REVIEW_DATE_SET = ("✅ Đã đặt ngày hội nghị của mục {code}: {day}. Dự thảo báo cáo sẽ được gửi vào nhóm điều phối "
                   "{lead} ngày trước ngày họp, hoặc ngay ngày làm việc tới nếu ngày họp gần hơn.")
NO_REVIEWS = "Không có hội nghị sơ kết nào sắp tới để đặt ngày."

# Ending, cancelling or superseding a plan or one of its items from the chat (/ketthuc).
CLOSE_TITLE = "Kết thúc, hủy hoặc thay thế kế hoạch, mục kế hoạch"
ASK_CLOSE_TARGET = "Kết thúc, hủy hoặc thay thế việc gì?"
CLOSE_WHOLE_PLAN = "Toàn bộ Kế hoạch số {code}"
CLOSE_ITEM = "Mục {code} — {title}"
ASK_CLOSURE = "Ghi là gì?"
CLOSURES = {
    "ended": "Kết thúc",
    "cancelled": "Hủy, không còn thực hiện",
    "superseded": "Thay thế bằng kế hoạch hoặc mục khác",
}
ASK_CLOSED_ON = ("Từ ngày nào? Từ ngày đó bot không nhắc, không đôn đốc việc này nữa. (chọn «Hôm nay» hoặc gõ ngày, "
                 "ví dụ 01/07/2025)")
ASK_CLOSE_REASON = "Lý do? (ví dụ: sắp xếp tổ chức bộ máy, cơ quan chủ trì đã kết thúc hoạt động)"
ASK_REPLACED_BY = "Thay bằng kế hoạch hoặc mục nào? (ví dụ: Kế hoạch số 02-KH/… hoặc mục 3.1)"
LABEL_CLOSE_TARGET = "Việc"
LABEL_CLOSURE = "Ghi là"
LABEL_CLOSED_ON = "Từ ngày"
LABEL_CLOSE_REASON = "Lý do"
LABEL_REPLACED_BY = "Thay bằng"
NOTHING_TO_CLOSE = "Không có kế hoạch hay mục kế hoạch nào đang thực hiện để kết thúc, hủy hoặc thay thế."
CLOSED = "✅ {what}: {closure}. Từ ngày {on}, bot không nhắc, không đôn đốc việc này nữa."
CLOSED_ALREADY = "Việc này đã được ghi như vậy từ trước; không có gì thay đổi."
CLOSE_UNDO_BUTTON = "↩️ Hoàn tác"
CLOSE_UNDONE = "↩️ Đã hoàn tác: {what} được thực hiện và nhắc việc trở lại như trước."
