"""Wording for outstanding workers (quần chúng ưu tú): consent, the nomination form, stages, lists, erasure.

The consent wording is versioned: each record keeps the version its worker agreed to. Change the text →
give it a new version, so old records still say which wording they were given. The bodies it names are those of
the day the worker agreed ("{party_body}", filled from the bodies file): the version and the record's date say
which words they heard.
"""

CONSENT_VERSION = "2026-12.1"
CONSENT_WORDING = (
    "🔒 Đồng ý cho ghi thông tin cá nhân\n\n"
    "Trước khi ghi, vui lòng đọc (hoặc đọc cho người lao động nghe) nội dung sau:\n\n"
    "«Tôi đồng ý để Đoàn công tác của {party_body} và {zones_board} ghi họ tên, ngày sinh, vị trí công việc, nơi làm việc, việc tham gia Công đoàn, Đoàn Thanh niên "
    "của tôi để giới thiệu tôi tham gia lớp bồi dưỡng nhận thức về Đảng và theo dõi quá trình xem xét kết nạp. "
    "Thông tin này chỉ điều phối viên được xem, không công bố trong các nhóm chung. Tôi có thể yêu cầu "
    "rút lại sự đồng ý và xoá thông tin cá nhân của mình bất cứ lúc nào; khi đó chỉ còn số liệu thống kê.»\n\n"
    "(Mẫu đồng ý phiên bản {version}.)\n"
    "Người lao động có đồng ý không?"
)
CONSENT_YES = "✅ Người lao động đồng ý"
CONSENT_NO = "✖️ Không đồng ý"
CONSENT_GIVEN = "✔️ Người lao động đã đồng ý lúc {time} (mẫu {version}). Người ghi nhận: {who}."
CONSENT_REFUSED = ("Người lao động không đồng ý, nên không ghi hồ sơ. "
                   "Không có thông tin nào của người này được lưu.")
CONSENT_OUTDATED = "Nội dung đồng ý vừa được cập nhật; vui lòng đọc lại bản mới dưới đây."

TITLE = "Giới thiệu quần chúng ưu tú"
ASK_ENTERPRISE = "Người lao động làm việc ở doanh nghiệp nào? Gõ một phần tên hoặc mã số thuế."
ASK_FULL_NAME = "Họ và tên người lao động?"
ASK_BIRTH = "Ngày sinh? (ngày/tháng/năm, ví dụ 20/05/1995)"
ASK_POSITION = "Vị trí công việc, chức vụ tại doanh nghiệp?"
ASK_UNIONS = "Người lao động là đoàn viên tổ chức nào? Chọn các tổ chức rồi chọn «Xong» (không có thì chọn «Xong» luôn)."
ASK_REASON = "Vì sao giới thiệu người này? (thành tích, phẩm chất nổi bật)"
LABEL_ENTERPRISE = "Doanh nghiệp"
LABEL_FULL_NAME = "Họ và tên"
LABEL_BIRTH = "Ngày sinh"
LABEL_POSITION = "Vị trí công việc"
LABEL_UNIONS = "Đoàn viên"
LABEL_REASON = "Lý do giới thiệu"
UNION_TRADE = "Công đoàn"
UNION_YOUTH = "Đoàn Thanh niên"
NO_UNION = "không"

SAVED = ("✅ Đã ghi hồ sơ quần chúng ưu tú #{id} ({enterprise}).\n"
         "Thông tin cá nhân chỉ điều phối viên xem được.")
SAVED_AGE_LATER = "Lưu ý: người lao động đủ tuổi xét kết nạp (đủ {min_age} tuổi) từ ngày {date}."
COORDINATOR_NEW = "🆕 Hồ sơ quần chúng ưu tú #{id} — {enterprise}, do {who} giới thiệu."
VIEW = "👁 Xem hồ sơ"

STAGE = {
    "nominated": "Được giới thiệu",
    "class_registered": "Đã đăng ký lớp bồi dưỡng",
    "class_completed": "Đã học xong lớp bồi dưỡng",
    "introducers_named": "Đã có người giới thiệu",
    "admitted": "Đã kết nạp (dự bị)",
    "official": "Đảng viên chính thức",
    "stopped": "Dừng",
}
MOVE = {
    "class_registered": "➡️ Đăng ký lớp",
    "class_completed": "➡️ Học xong lớp",
    "introducers_named": "➡️ Có người giới thiệu",
    "admitted": "➡️ Kết nạp",
    "official": "➡️ Công nhận chính thức",
    "stopped": "⛔ Dừng",
}

# The small forms for each stage.
ABOUT = "Hồ sơ quần chúng ưu tú #{id} — {name} ({enterprise})"
STAGE_TITLES = {
    "class_registered": "Ghi bước: đăng ký lớp bồi dưỡng",
    "class_completed": "Ghi bước: học xong lớp bồi dưỡng",
    "introducers_named": "Ghi bước: có người giới thiệu",
    "admitted": "Ghi bước: kết nạp",
    "official": "Ghi bước: công nhận đảng viên chính thức",
    "stopped": "Ghi bước: dừng theo dõi",
}
ASK_CLASS_DATE = "Ngày đăng ký (hoặc khai giảng) lớp bồi dưỡng?"
ASK_CERTIFICATE_DATE = "Ngày cấp giấy chứng nhận học xong lớp bồi dưỡng?"
ASK_INTRODUCERS = ("Người giới thiệu? (2 đảng viên chính thức đã cùng công tác ít nhất 12 tháng, "
                   "hoặc Ban Chấp hành Công đoàn / Đoàn Thanh niên và 1 đảng viên chính thức)")
ASK_INTRODUCERS_TENURE = ("Người giới thiệu đã cùng công tác với quần chúng này ít nhất 12 tháng chưa? "
                          "(Điều lệ Đảng: chưa đủ 12 tháng thì chưa được giới thiệu.)")
LABEL_INTRODUCERS_TENURE = "Thời gian cùng công tác"
TENURE_YES = "✅ Đủ 12 tháng"
TENURE_NO = "Chưa đủ 12 tháng"
ASK_INTRODUCED_DATE = "Ngày có giấy giới thiệu?"
ASK_DECISION_NUMBER = "Số quyết định kết nạp? (số và ký hiệu như trên quyết định)"
ASK_DECISION_DATE = "Ngày quyết định kết nạp?"
ASK_OFFICIAL_DATE = "Ngày công nhận đảng viên chính thức?"
ASK_STOP_REASON = "Vì sao dừng theo dõi? (ví dụ: nghỉ việc, chuyển nơi làm việc, không đủ điều kiện)"
ASK_STOP_DATE = "Dừng từ ngày nào?"
LABEL_DATE = "Ngày"
LABEL_CERTIFICATE_DATE = "Ngày cấp giấy chứng nhận"
LABEL_INTRODUCERS = "Người giới thiệu"
LABEL_DECISION_NUMBER = "Số quyết định"
LABEL_DECISION_DATE = "Ngày quyết định"
LABEL_STOP_REASON = "Lý do"
MOVED = "✅ Hồ sơ #{id} đã chuyển sang bước «{stage}»."
COORDINATOR_MOVED = "🔄 Hồ sơ quần chúng ưu tú #{id} — {enterprise}: {stage} (cập nhật bởi {who})."
CONTINUE_PRIVATELY = "Mời bạn tiếp tục trong tin nhắn riêng với bot."
SENT_PRIVATELY = "Đã gửi hồ sơ vào tin nhắn riêng của bạn."

CARD = (
    "📁 Hồ sơ quần chúng ưu tú #{id}\n"
    "Họ và tên: {name}\n"
    "Ngày sinh: {birth}\n"
    "Vị trí công việc: {position}\n"
    "Doanh nghiệp: {enterprise}\n"
    "Đoàn viên: {unions}\n"
    "Lý do giới thiệu: {reason}\n"
    "Bước hiện tại: {stage}\n"
    "{dates}"
    "Đồng ý ghi thông tin: {consent}\n"
    "Diễn biến:\n{history}"
)
CARD_ERASED = (
    "📁 Hồ sơ quần chúng ưu tú #{id} (đã xóa dữ liệu cá nhân ngày {erased})\n"
    "Doanh nghiệp: {enterprise}\n"
    "Bước hiện tại: {stage}\n"
    "{dates}"
)
UNKNOWN = "chưa rõ"
CONSENT_LINE = "{time}, mẫu {version}, người ghi nhận {who}"
CONSENT_WITHDRAWN = "đã rút lại ngày {date}"
HISTORY_LINE = "• {date} — {stage}{note}"
DUE_CERTIFICATE = "Giấy chứng nhận lớp bồi dưỡng: cấp {issued}, còn giá trị đến {expires}\n"
DUE_CERTIFICATE_EXPIRED = "⚠️ Giấy chứng nhận lớp bồi dưỡng đã hết hạn ngày {expires}; cần học lại trước khi kết nạp.\n"
DUE_PROBATION = "Kết nạp ngày {admitted}{decision}; hết 12 tháng dự bị ngày {ends}\n"
DUE_DECISION = " (QĐ số {number})"
DUE_PROBATION_OVER = "⏰ Đã hết thời gian dự bị từ {ends}: đề nghị xét công nhận đảng viên chính thức.\n"
DUE_AGE = "Độ tuổi xét kết nạp: từ {start} đến {end}\n"
DUE_AGE_NOT_YET = "⚠️ Chưa đủ {min_age} tuổi: đủ tuổi xét kết nạp từ {start}.\n"
DUE_AGE_PASSED = "⚠️ Đã quá độ tuổi xét kết nạp (đến {end}).\n"
DUE_OFFICIAL = "Công nhận đảng viên chính thức ngày {on}\n"
DUE_STOPPED = "Dừng ngày {on}{reason}\n"
PIPELINE_ENDED = "Quy trình đã kết thúc: nên xóa dữ liệu cá nhân nếu không còn cần."

ERASE = "🗑 Xóa dữ liệu cá nhân"
ERASE_CONFIRM = ("Xóa vĩnh viễn họ tên, ngày sinh (và các ngày tính từ ngày sinh), vị trí công việc, lý do, "
                 "người giới thiệu, số quyết định kết nạp của hồ sơ #{id} (theo yêu cầu của người lao động)? "
                 "Chỉ giữ lại bước và ngày để thống kê. Việc này không hoàn tác được.")
ERASE_YES = "🗑 Xóa"
ERASE_NO = "Giữ lại"
ERASED = "Đã xóa dữ liệu cá nhân của hồ sơ #{id}; chỉ còn bước và ngày để thống kê."
ALREADY_ERASED = "Hồ sơ #{id} đã được xóa dữ liệu cá nhân trước đó."
COORDINATOR_ERASED = "🗑 Hồ sơ quần chúng ưu tú #{id} — {enterprise}: đã xóa dữ liệu cá nhân theo yêu cầu (bởi {who})."
BACK_TO_LIST = "⬅️ Danh sách"

COUNTS_TITLE = "🌱 Quần chúng ưu tú được giới thiệu: {total}"
COUNTS_LINE = "• {stage}: {count}"
COUNTS_NAMES_HINT = "Điều phối viên xem danh sách có tên trong tin nhắn riêng với bot: /dsungvien"
LIST_TITLE = "📁 Hồ sơ quần chúng ưu tú ({count}):"
LIST_LINE = "{index}. #{id} · {name} · {enterprise} · {stage}{due}"
LIST_ERASED_NAME = "(đã xóa dữ liệu cá nhân)"
LIST_DUE_PROBATION = " (dự bị đến {date})"
LIST_DUE_CERTIFICATE = " (giấy chứng nhận đến {date})"
LIST_EMPTY = "Chưa có hồ sơ quần chúng ưu tú nào. Gõ /ungvien để giới thiệu."
