"""Wording for logging a visit to an enterprise and for a member's own visits."""

TITLE = "Ghi buổi làm việc với doanh nghiệp"
DETAILS = "Bổ sung chi tiết (người tiếp, nội dung, kiến nghị…)"

ASK_ENTERPRISE = "Làm việc với doanh nghiệp nào? Gõ một phần tên hoặc mã số thuế (không cần dấu)."
ASK_DATE = "Làm việc ngày nào?"
ASK_MEMBERS = ("Thành viên nào cùng đi? (Đồng chí đã được tính.) Chọn các thành viên rồi chọn «Xong»; đi một mình thì "
               "chọn «Xong» luôn.")
ASK_COUNTS = ("Số liệu nắm được tại doanh nghiệp — gõ 4 số cách nhau bởi dấu cách:\n"
              "đảng viên chính thức, đảng viên dự bị, người lao động, quần chúng ưu tú.\n"
              "Ví dụ: 4 1 350 2")
COUNT_LABELS = ("đảng viên chính thức", "đảng viên dự bị", "người lao động", "quần chúng ưu tú")
ASK_EVIDENCE = ("Gửi vị trí hiện tại (để xác nhận có mặt tại doanh nghiệp) và ảnh buổi làm việc nếu có, "
                "rồi chọn «Xong». Không có thì chọn «Xong» luôn.")
# Where the app cannot share a location (Zalo): a full map link or the coordinates, which Google Maps shows when one
# touches and holds the spot (its «Chia sẻ» gives a short link the bot cannot read).
ASK_EVIDENCE_BY_LINK = ("Để xác nhận có mặt tại doanh nghiệp, đồng chí dán đường dẫn Google Maps của nơi làm việc "
                        "hoặc gõ tọa độ (ví dụ 20.42, 106.17: trên Google Maps, chạm giữ vào chỗ đang đứng để hiện "
                        "tọa độ rồi chép lại), và gửi ảnh buổi làm việc nếu có, rồi chọn «Xong». "
                        "Không có thì chọn «Xong» luôn.")
ASK_MET_NAME = "Ai tiếp đoàn? (họ tên)"
ASK_MET_POSITION = "Chức vụ của người tiếp đoàn?"
ASK_DISCUSSION = "Nội dung đã trao đổi?"
ASK_ORGANISATIONS = ("Doanh nghiệp đã có tổ chức đoàn thể nào (Công đoàn, Đoàn Thanh niên, Hội Cựu chiến binh)? "
                     "Chọn các tổ chức đã có rồi chọn «Xong»; chưa có tổ chức nào thì chọn «Xong» luôn.")
ASK_REVIEW = "Doanh nghiệp có đồng ý rà soát số đảng viên đang làm việc không?"
ASK_STANCE = "Chủ doanh nghiệp (hoặc giám đốc) có thái độ thế nào về việc thành lập tổ chức đảng, đoàn thể?"
ASK_MASS_COUNTS = ("Số người gặp được tại doanh nghiệp — gõ 3 số cách nhau bởi dấu cách:\n"
                   "đoàn viên Thanh niên, cựu chiến binh, đoàn viên Công đoàn.\n"
                   "Ví dụ: 12 2 40")
ASK_DIFFICULTIES = "Doanh nghiệp có nêu khó khăn, kiến nghị không?"
ASK_NEXT_STEP = "Bước tiếp theo là gì?"
ASK_NEXT_DUE = "Hạn của bước tiếp theo?"

LABEL_ENTERPRISE = "Doanh nghiệp"
LABEL_DATE = "Ngày"
LABEL_MEMBERS = "Cùng đi"
LABEL_COUNTS = "Số liệu"
LABEL_EVIDENCE = "Vị trí, ảnh"
LABEL_MET_NAME = "Người tiếp đoàn"
LABEL_MET_POSITION = "Chức vụ"
LABEL_DISCUSSION = "Nội dung"
LABEL_ORGANISATIONS = "Đoàn thể đã có"
LABEL_REVIEW = "Đồng ý rà soát đảng viên"
LABEL_STANCE = "Thái độ của chủ doanh nghiệp"
LABEL_MASS_COUNTS = "Đoàn viên, cựu chiến binh, công đoàn viên"
MASS_COUNT_LABELS = ("đoàn viên Thanh niên", "cựu chiến binh", "đoàn viên Công đoàn")
STANCE = {
    "agrees": "Đồng tình",
    "hesitant": "Còn băn khoăn",
    "declines": "Chưa đồng tình",
}
LABEL_DIFFICULTIES = "Có khó khăn, kiến nghị"
LABEL_NEXT_STEP = "Bước tiếp theo"
LABEL_NEXT_DUE = "Hạn"

ORG_TRADE_UNION = "Công đoàn"
ORG_YOUTH_UNION = "Đoàn Thanh niên"
ORG_VETERANS = "Hội Cựu chiến binh"

SAVED = "✅ Đã lưu buổi làm việc với {enterprise} ngày {date}."
LOCATION_VERIFIED = "📍 Đã nhận vị trí: cách doanh nghiệp khoảng {distance}, đã xác nhận có mặt."
LOCATION_FAR = ("📍 Đã nhận vị trí: cách doanh nghiệp khoảng {distance}, chưa tính là có mặt. Nếu đang ở doanh "
                "nghiệp, đồng chí gửi lại vị trí hiện tại.")
LOCATION_FAR_BY_LINK = ("📍 Đã nhận vị trí: cách doanh nghiệp khoảng {distance}, chưa tính là có mặt. Nếu đang ở "
                        "doanh nghiệp, đồng chí gõ lại tọa độ của chỗ đang đứng.")
LOCATION_NO_COORDINATES = "📍 Đã nhận vị trí (doanh nghiệp chưa có tọa độ nên chưa xác nhận được có mặt)."
SAVED_CHECKIN = "📍 Đã xác nhận có mặt (cách doanh nghiệp khoảng {distance})."
SAVED_FAR = "📍 Vị trí gửi cách doanh nghiệp khoảng {distance}, chưa tính là có mặt."
SAVED_EDITED = "✅ Đã cập nhật buổi làm việc với {enterprise} ngày {date}."
OFFER_DIFFICULTY = "Ghi khó khăn, kiến nghị của doanh nghiệp này"
EDIT_VISIT = "✏️ Sửa"
DELETE_VISIT = "🗑 Xóa"
CONFIRM_DELETE = "Xóa buổi làm việc với {enterprise} ngày {date}? Việc này không hoàn tác được."
CONFIRM_DELETE_YES = "🗑 Xóa"
CONFIRM_DELETE_NO = "Giữ lại"
DELETED = "Đã xóa buổi làm việc với {enterprise} ngày {date}."

GROUP_NOTICE = "✅ Đoàn công tác đã làm việc với {enterprise}{zone} ngày {date} ({people} người)."
COORDINATOR_ALERT = (
    "🆕 Buổi làm việc mới — {enterprise}{zone}\n"
    "Ngày: {date}. Người ghi: {reporter}. Cùng đi: {members}.\n"
    "Đảng viên: {official} chính thức, {probationary} dự bị. Người lao động: {workers}. "
    "Quần chúng ưu tú nắm được: {outstanding}.\n"
    "{details}"
    "Kiểm tra vị trí: {checkin}"
)
COORDINATOR_EDITED = "✏️ {who} đã sửa buổi làm việc số {visit_id} với {enterprise} ({date})."
COORDINATOR_DELETED = "🗑 {who} đã xóa buổi làm việc số {visit_id} với {enterprise} ({date})."
DETAIL_MET = "Người tiếp đoàn: {name}{position}"
DETAIL_DISCUSSION = "Nội dung: {text}"
DETAIL_REVIEW = "Đồng ý rà soát đảng viên: {answer}"
DETAIL_STANCE = "Thái độ của chủ doanh nghiệp về thành lập tổ chức đảng, đoàn thể: {stance}"
DETAIL_MASS_COUNTS = "Gặp được: {youth} đoàn viên Thanh niên, {veterans} cựu chiến binh, {union} đoàn viên Công đoàn"
DETAIL_DIFFICULTIES = "Có nêu khó khăn, kiến nghị"
DETAIL_NEXT = "Bước tiếp theo: {step}{due}"
DETAIL_NEXT_DUE = " (hạn {day})"
CHECKIN_VERIFIED = "có mặt (cách {distance})"
CHECKIN_FAR = "cách doanh nghiệp khoảng {distance} — chưa xác nhận có mặt"
CHECKIN_NO_COORDINATES = "đã gửi vị trí, doanh nghiệp chưa có tọa độ"
CHECKIN_NONE = "không gửi vị trí"
UNKNOWN = "chưa rõ"

MY_VISITS_TITLE = "Các buổi làm việc của đồng chí ({count}):"
MY_VISITS_EMPTY = "Đồng chí chưa ghi buổi làm việc nào. Gõ /tham để ghi."
MY_VISIT_LINE = "{index}. {date} — {enterprise}"
VISIT_DETAIL = "Buổi làm việc số {visit_id}\n{enterprise}{zone}\n{details}"
NOT_A_MEMBER = "Đồng chí chưa là thành viên của Đoàn công tác."
ONLY_OWN_VISITS = "Đồng chí chỉ sửa hoặc xóa được buổi làm việc do chính mình ghi."
EDIT_TOO_LATE = "Đã quá {hours} giờ kể từ khi ghi; đồng chí vui lòng nhờ điều phối viên sửa."
ONLY_VISITS_TAKEN_PART = "Đồng chí chỉ xem được các buổi làm việc mình tham gia."
