"""Wording for outstanding workers (quần chúng ưu tú): consent, the nomination form, stages, lists, erasure.

The consent wording is versioned: each record keeps the version its worker agreed to. Change the text →
give it a new version, so old records still say which wording they were given. The bodies it names are those of
the day the worker agreed ("{processor}", filled from the bodies file): the version and the record's date say
which words they heard.
"""

CONSENT_VERSION = "2026-12.2"
# What the worker is told, point by point (Decree 13/2023/NĐ-CP, Art. 11; Law 91/2025/QH15): the chat reads them
# out before recording anything and the printable form prints them for the worker to sign.
CONSENT_POINTS = (
    "Dữ liệu được ghi: họ và tên, ngày sinh, trình độ học vấn, vị trí công việc, nơi làm việc, việc tham gia "
    "Công đoàn, Đoàn Thanh niên và các bước xem xét kết nạp Đảng của tôi.",
    "Đây là dữ liệu cá nhân nhạy cảm (liên quan đến quan điểm chính trị) theo Nghị định số 13/2023/NĐ-CP của "
    "Chính phủ và Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15.",
    "Mục đích: giới thiệu tôi tham gia lớp bồi dưỡng nhận thức về Đảng và theo dõi quá trình xem xét kết nạp Đảng.",
    "Người được xem: chỉ các đồng chí điều phối của Đoàn công tác, trong tin nhắn riêng; không công bố trong các "
    "nhóm chung; mỗi lần xem đều được ghi lại.",
    "Thời gian lưu: dữ liệu được xóa sau {months} tháng kể từ bước gần nhất của hồ sơ, hoặc sớm hơn khi tôi yêu "
    "cầu; sau khi xóa chỉ còn số liệu thống kê không có tên.",
    "Tôi có quyền được biết, xem, sửa dữ liệu của mình, rút lại sự đồng ý và yêu cầu xóa dữ liệu bất cứ lúc nào, "
    "bằng cách báo với người ghi nhận hoặc Đoàn công tác.",
)
CONSENT_AGREEMENT = "Tôi đồng ý để Đoàn công tác của {processor} ghi và xử lý dữ liệu cá nhân của tôi như sau:"
CONSENT_WORDING = (
    "🔒 Đồng ý cho ghi thông tin cá nhân\n\n"
    "Trước khi ghi, đồng chí đọc cho người lao động nghe (hoặc đưa người lao động đọc) nội dung sau:\n\n"
    "«{agreement}\n{points}»\n\n"
    "(Mẫu đồng ý phiên bản {version}.)\n"
    "Người lao động đồng ý bằng cách nào?"
)
CONSENT_POINT_LINE = "{number}. {text}"
CONSENT_YES = "✅ Đồng ý — đã đọc cho người lao động nghe"
CONSENT_SIGNED = "✍️ Đã ký phiếu đồng ý (gửi ảnh phiếu sau)"
CONSENT_OTHER = "📝 Đồng ý bằng cách khác (ghi rõ cách)"
CONSENT_NO = "✖️ Không đồng ý"
ASK_CONSENT_HOW = ("Người lao động đã đồng ý bằng cách nào, để có thể kiểm chứng sau này? (ví dụ: tự xác nhận qua tin "
                   "nhắn Zalo ngày 12/10/2022, lưu tại máy của đồng chí; đồng ý trước người làm chứng là …)")
LABEL_CONSENT_HOW = "Cách đồng ý"
CONSENT_GIVEN = "✔️ Người lao động đã đồng ý lúc {time} (mẫu {version}, {how}). Người ghi nhận: {who}."
CONSENT_REFUSED = ("Người lao động không đồng ý, nên không ghi hồ sơ. "
                   "Không có thông tin nào của người này được lưu.")
CONSENT_OUTDATED = "Nội dung đồng ý vừa được cập nhật; đồng chí vui lòng đọc lại bản mới dưới đây."
CONSENT_METHOD = {
    "read_aloud": "đã đọc cho người lao động nghe, người lao động đồng ý",
    "signed_form": "người lao động ký phiếu đồng ý",
    "other": "bằng cách khác",
}
CONSENT_FORM_MISSING = "chưa có ảnh phiếu đồng ý đã ký"
CONSENT_FORM_ATTACHED = "đã có ảnh phiếu đồng ý đã ký (gửi ngày {date})"
CONSENT_FORM_BUTTON = "📄 Phiếu đồng ý để ký (DOCX)"
CONSENT_PHOTO_BUTTON = "📷 Gửi ảnh phiếu đã ký"
CONSENT_FORM_SENT = ("📄 Phiếu đồng ý của hồ sơ #{id}: in ra, đưa người lao động đọc và ký, rồi chọn «{photo}» để "
                     "gửi ảnh phiếu đã ký.")
CONSENT_FORM_FILE = "phieu-dong-y-ho-so-{id}.docx"
CONSENT_NO_DOCUMENTS = ("Kênh này không gửi được tệp. Đồng chí mở bot trên Telegram để lấy phiếu đồng ý, hoặc "
                        "nhờ điều phối viên in giúp.")
CONSENT_PHOTO_TITLE = "Ảnh phiếu đồng ý đã ký"
CONSENT_PHOTO_ASK = ("Chụp rõ toàn bộ phiếu đồng ý người lao động đã ký rồi gửi ảnh vào đây, sau đó chọn «Xong».")
CONSENT_PHOTO_LABEL = "Ảnh phiếu"
CONSENT_PHOTO_SAVED = "✅ Đã lưu ảnh phiếu đồng ý đã ký vào hồ sơ #{id}."
CONSENT_PHOTO_NEEDED = "Cần gửi ít nhất một ảnh phiếu đã ký."

# The printable form (DOCX): the national heading of a citizen's own paper, then the points above.
CONSENT_FORM_NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
CONSENT_FORM_MOTTO = "Độc lập - Tự do - Hạnh phúc"
CONSENT_FORM_TITLE = "PHIẾU ĐỒNG Ý XỬ LÝ DỮ LIỆU CÁ NHÂN"
CONSENT_FORM_SUBTITLE = "(Hồ sơ quần chúng ưu tú số {id}; mẫu phiên bản {version})"
CONSENT_FORM_WHO = "Tôi là: {name}. Ngày sinh: {birth}."
CONSENT_FORM_WORK = "Vị trí công việc: {position}. Nơi làm việc: {enterprise}."
CONSENT_FORM_INFORMED = "Sau khi được thông báo đầy đủ các nội dung dưới đây, tôi tự nguyện đồng ý:"
CONSENT_FORM_RECORDER = "Người ghi nhận: đồng chí {member}, thành viên Đoàn công tác."
CONSENT_FORM_DATED = "…………, ngày …… tháng …… năm ………"
CONSENT_FORM_SIGNERS = ("NGƯỜI ĐỒNG Ý", "NGƯỜI GHI NHẬN")
CONSENT_FORM_SIGN_HINT = "(Ký và ghi rõ họ tên)"
CONSENT_FORM_BLANK = "……………………………"

TITLE = "Giới thiệu quần chúng ưu tú"
ASK_ENTERPRISE = "Người lao động làm việc ở doanh nghiệp nào? Gõ một phần tên hoặc mã số thuế."
ASK_FULL_NAME = "Họ và tên người lao động?"
ASK_BIRTH = "Ngày sinh? (ngày/tháng/năm, ví dụ 20/05/1995)"
ASK_POSITION = "Vị trí công việc, chức vụ tại doanh nghiệp?"
ASK_UNIONS = ("Người lao động là đoàn viên tổ chức nào? Chọn các tổ chức rồi chọn «Xong» (không có thì chọn «Xong» "
              "luôn).")
ASK_EDUCATION = "Trình độ học vấn của người lao động? (bỏ qua nếu chưa rõ; ghi sau được)"
ASK_REASON = "Vì sao giới thiệu người này? (thành tích, phẩm chất nổi bật)"
LABEL_ENTERPRISE = "Doanh nghiệp"
LABEL_FULL_NAME = "Họ và tên"
LABEL_BIRTH = "Ngày sinh"
LABEL_POSITION = "Vị trí công việc"
LABEL_UNIONS = "Đoàn viên"
LABEL_EDUCATION = "Trình độ học vấn"
LABEL_REASON = "Lý do giới thiệu"
UNION_TRADE = "Công đoàn"
UNION_YOUTH = "Đoàn Thanh niên"
NO_UNION = "không"
EDUCATION = {
    "primary": "Chưa tốt nghiệp THCS",
    "lower_secondary": "Tốt nghiệp THCS",
    "upper_secondary": "Tốt nghiệp THPT",
    "vocational": "Trung cấp, cao đẳng",
    "university": "Đại học trở lên",
}

# Age and schooling: told at once, never a refusal at nomination (the chi bộ's meeting day is what counts).
AGE_UNDER = ("⚠️ Người lao động chưa đủ {min_age} tuổi (tính theo tháng): chi bộ chỉ xét kết nạp được từ ngày "
             "{date}. Vẫn ghi được hồ sơ để giới thiệu học lớp bồi dưỡng.")
AGE_OVER = ("⚠️ Người lao động đã quá {max_age} tuổi (tính theo tháng): việc kết nạp do cấp ủy trực thuộc Trung "
            "ương xem xét, quyết định.")
EDUCATION_BELOW = ("⚠️ Trình độ học vấn chưa tốt nghiệp THCS (lớp {grade}): cần cấp có thẩm quyền xem xét trường "
                   "hợp đặc biệt.")
EDUCATION_UNKNOWN = "Chưa ghi trình độ học vấn (cần tốt nghiệp THCS trở lên)."

SAVED = ("✅ Đã ghi hồ sơ quần chúng ưu tú #{id} ({enterprise}).\n"
         "Thông tin cá nhân chỉ điều phối viên xem được.")
SAVED_SIGN_FORM = ("Đồng chí in phiếu đồng ý cho người lao động ký, rồi gửi ảnh phiếu đã ký vào hồ sơ "
                   "(hai lựa chọn dưới đây).")
COORDINATOR_NEW = "🆕 Hồ sơ quần chúng ưu tú #{id} — {enterprise}, do đồng chí {who} giới thiệu."
COORDINATOR_NEW_UNDER_AGE = "⚠️ Chưa đủ tuổi xét kết nạp (đủ từ ngày {date})."
COORDINATOR_NEW_OVER_AGE = "⚠️ Quá tuổi xét kết nạp: cần cấp ủy trực thuộc Trung ương quyết định."
VIEW = "👁 Xem hồ sơ"

STAGE = {
    "nominated": "Được giới thiệu",
    "class_registered": "Đã đăng ký lớp bồi dưỡng",
    "class_completed": "Đã học xong lớp bồi dưỡng",
    "application_filed": "Đã có đơn xin vào Đảng",
    "background_filed": "Đã khai lý lịch",
    "introducers_named": "Đã có người giới thiệu",
    "background_verified": "Đã thẩm tra lý lịch",
    "resolution_passed": "Chi bộ đã đề nghị kết nạp",
    "decided": "Đã có quyết định kết nạp, chờ lễ kết nạp",
    "admitted": "Đã kết nạp (dự bị)",
    "official": "Đảng viên chính thức",
    "stopped": "Dừng",
}
MOVE = {
    "class_registered": "➡️ Đăng ký lớp",
    "class_completed": "➡️ Học xong lớp",
    "application_filed": "➡️ Có đơn xin vào Đảng",
    "background_filed": "➡️ Đã khai lý lịch",
    "introducers_named": "➡️ Có người giới thiệu",
    "background_verified": "➡️ Đã thẩm tra lý lịch",
    "resolution_passed": "➡️ Chi bộ ra nghị quyết",
    "decided": "➡️ Có quyết định kết nạp",
    "admitted": "➡️ Đã tổ chức lễ kết nạp",
    "official": "➡️ Chi bộ xét công nhận chính thức",
    "stopped": "⛔ Dừng",
}
KEEP = "🗂 Giữ hồ sơ"
KEPT = "✅ Hồ sơ #{id} được giữ tiếp; dữ liệu cá nhân sẽ được xóa ngày {date} nếu không có bước mới."

# The small forms for each step.
ABOUT = "Hồ sơ quần chúng ưu tú #{id} — {name} ({enterprise})"
STAGE_TITLES = {
    "class_registered": "Ghi bước: đăng ký lớp bồi dưỡng",
    "class_completed": "Ghi bước: học xong lớp bồi dưỡng",
    "application_filed": "Ghi bước: đơn xin vào Đảng",
    "background_filed": "Ghi bước: lý lịch người xin vào Đảng",
    "introducers_named": "Ghi bước: người giới thiệu",
    "background_verified": "Ghi bước: thẩm tra lý lịch",
    "resolution_passed": "Ghi bước: nghị quyết chi bộ đề nghị kết nạp",
    "decided": "Ghi bước: quyết định kết nạp",
    "admitted": "Ghi bước: lễ kết nạp",
    "official": "Ghi bước: chi bộ xét công nhận đảng viên chính thức",
    "stopped": "Ghi bước: dừng theo dõi",
}
ASK_CLASS_DATE = "Ngày đăng ký (hoặc khai giảng) lớp bồi dưỡng?"
ASK_CERTIFICATE_DATE = "Ngày cấp giấy chứng nhận học xong lớp bồi dưỡng?"
ASK_APPLICATION_DATE = "Ngày của đơn xin vào Đảng?"
ASK_BACKGROUND_DATE = "Ngày hoàn thành lý lịch người xin vào Đảng?"
ASK_INTRODUCER_KIND = "Ai giới thiệu quần chúng vào Đảng?"
INTRODUCER_KIND = {
    "two_members": "2 đảng viên chính thức",
    "youth_union": "Ban Chấp hành Đoàn cơ sở và 01 đảng viên chính thức",
    "trade_union": "Ban Chấp hành Công đoàn cơ sở và 01 đảng viên chính thức",
}
LABEL_INTRODUCER_KIND = "Hình thức giới thiệu"
ASK_INTRODUCERS = "Họ tên đảng viên giới thiệu (và tên tổ chức đoàn thể giới thiệu, nếu có)?"
# The rule concerns the party members who introduce, not the Youth Union's or the trade union's committee.
ASK_INTRODUCERS_TENURE = ("Đảng viên giới thiệu đã cùng công tác với quần chúng ít nhất {months} tháng chưa? "
                          "(Điều lệ Đảng; không áp dụng với Ban Chấp hành Đoàn, Công đoàn cơ sở.)")
LABEL_INTRODUCERS_TENURE = "Thời gian cùng công tác"
TENURE_YES = "✅ Đã đủ {months} tháng"
TENURE_NO = "Chưa đủ {months} tháng"
ASK_INTRODUCED_DATE = "Ngày của giấy giới thiệu?"
ASK_VERIFIED_DATE = "Ngày có kết luận thẩm tra lý lịch?"
ASK_RESOLUTION_DATE = "Ngày chi bộ họp xét, ra nghị quyết đề nghị kết nạp? (tuổi được tính đến ngày này)"
ASK_RESOLUTION_MEMBERS = "Chi bộ có bao nhiêu đảng viên chính thức? (gõ một số)"
ASK_RESOLUTION_VOTES = ("Bao nhiêu đảng viên chính thức tán thành? (cần ít nhất {numerator}/{denominator} số đảng "
                        "viên chính thức của chi bộ)")
ASK_DECISION_NUMBER = "Số quyết định kết nạp? (ví dụ: 125-QĐ/ĐU)"
ASK_DECISION_DATE = "Ngày ký quyết định kết nạp?"
ASK_DECISION_RECEIVED = ("Ngày chi bộ nhận quyết định? (lễ kết nạp phải tổ chức trong {days} ngày làm việc kể từ "
                         "ngày này)")
ASK_CEREMONY_DATE = "Ngày chi bộ tổ chức lễ kết nạp? (thời gian dự bị tính từ ngày này)"
ASK_OFFICIAL_DATE = ("Ngày chi bộ họp xét công nhận đảng viên chính thức? (đảng viên được công nhận chính thức "
                     "từ ngày hết {months} tháng dự bị, kể cả khi chi bộ họp muộn)")
ASK_STOP_REASON = "Vì sao dừng theo dõi? (ví dụ: nghỉ việc, chuyển nơi làm việc, không đủ điều kiện)"
ASK_STOP_DATE = "Dừng từ ngày nào?"
LABEL_DATE = "Ngày"
LABEL_CERTIFICATE_DATE = "Ngày cấp giấy chứng nhận"
LABEL_INTRODUCERS = "Người giới thiệu"
LABEL_RESOLUTION_MEMBERS = "Số đảng viên chính thức"
LABEL_RESOLUTION_VOTES = "Số tán thành"
LABEL_DECISION_NUMBER = "Số quyết định"
ASK_COMMITTEE_DATE = ("Chi bộ trực thuộc đảng ủy cơ sở: đảng ủy cơ sở họp xét duyệt ngày nào? (chọn «Bỏ qua» nếu "
                      "chi bộ là chi bộ cơ sở)")
ASK_COMMITTEE_MEMBERS = "Đảng ủy cơ sở có bao nhiêu cấp ủy viên? (gõ một số)"
ASK_COMMITTEE_VOTES = "Bao nhiêu cấp ủy viên tán thành? (cần ít nhất {numerator}/{denominator} số cấp ủy viên)"
LABEL_COMMITTEE_DATE = "Đảng ủy cơ sở xét duyệt"
LABEL_COMMITTEE_MEMBERS = "Số cấp ủy viên"
LABEL_COMMITTEE_VOTES = "Số cấp ủy viên tán thành"
LABEL_DECISION_DATE = "Ngày ký quyết định"
LABEL_DECISION_RECEIVED = "Ngày chi bộ nhận"
LABEL_CEREMONY_DATE = "Ngày lễ kết nạp"
LABEL_MEETING_DATE = "Ngày chi bộ họp"
LABEL_STOP_REASON = "Lý do"
MOVED = "✅ Hồ sơ #{id} đã chuyển sang bước «{stage}»."
COORDINATOR_MOVED = "🔄 Hồ sơ quần chúng ưu tú #{id} — {enterprise}: {stage} (cập nhật bởi đồng chí {who})."
CONTINUE_PRIVATELY = "Mời đồng chí tiếp tục trong tin nhắn riêng với bot."
SENT_PRIVATELY = "Đã gửi hồ sơ vào tin nhắn riêng của đồng chí."

CARD = (
    "📁 Hồ sơ quần chúng ưu tú #{id}\n"
    "Họ và tên: {name}\n"
    "Ngày sinh: {birth}\n"
    "Trình độ học vấn: {education}\n"
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
CONSENT_LINE = "{time}, mẫu {version}, {how}, người ghi nhận {who}; {form}"
CONSENT_WITHDRAWN = "đã rút lại ngày {date}"
HISTORY_LINE = "• {date} — {stage}{note}"
DUE_CERTIFICATE = "Giấy chứng nhận lớp bồi dưỡng: cấp {issued}, còn giá trị đến {expires}\n"
DUE_CERTIFICATE_EXPIRED = ("⚠️ Giấy chứng nhận lớp bồi dưỡng đã hết hạn ngày {expires}; cần học lại trước khi xét kết "
                           "nạp.\n")
DUE_FILE_BY = "Hồ sơ cần được chi bộ xét và có quyết định kết nạp trước {date} (giấy chứng nhận còn giá trị)\n"
FILE_STEP_DONE = "✅ {step}: {date}{extra}\n"
FILE_STEP_OPEN = "◻️ {step}\n"
FILE_STEP = {
    "application_filed": "Đơn xin vào Đảng",
    "background_filed": "Lý lịch",
    "introducers_named": "Người giới thiệu",
    "background_verified": "Thẩm tra lý lịch",
    "resolution_passed": "Nghị quyết chi bộ",
    "decided": "Quyết định kết nạp",
    "admitted": "Lễ kết nạp",
    "official": "Công nhận chính thức",
}
FILE_INTRODUCERS = " — {kind}: {names}"
FILE_VOTES = " — {votes}/{members} đảng viên chính thức tán thành"
FILE_DECISION = " — QĐ số {number}, chi bộ nhận ngày {received}"
FILE_COMMITTEE = "Đảng ủy cơ sở xét duyệt"
FILE_COMMITTEE_VOTES = " — {votes}/{members} cấp ủy viên tán thành"
DUE_CEREMONY = "⏰ Hạn tổ chức lễ kết nạp: {date} ({days} ngày làm việc kể từ ngày chi bộ nhận quyết định)\n"
DUE_CEREMONY_LATE = "⚠️ Đã quá hạn tổ chức lễ kết nạp ({date}).\n"
DUE_PROBATION = "Dự bị từ lễ kết nạp {admitted} đến hết ngày {ends} ({months} tháng)\n"
DUE_RECOGNITION = "⏰ Chi bộ xét công nhận chính thức trước {date} ({days} ngày làm việc sau khi hết dự bị)\n"
DUE_PROBATION_OVER = "⏰ Đã hết thời gian dự bị từ {ends}: đề nghị chi bộ xét công nhận đảng viên chính thức.\n"
DUE_OFFICIAL = "Công nhận đảng viên chính thức từ ngày {on} (chi bộ họp xét ngày {meeting})\n"
DUE_OFFICIAL_LATE = "Chi bộ họp xét muộn so với hạn {due}; ngày công nhận vẫn là ngày hết dự bị.\n"
DUE_STOPPED = "Dừng ngày {on}{reason}\n"
DUE_AGE = "Thời gian đủ tuổi để chi bộ xét kết nạp: từ {start} đến {end}\n"
DUE_ERASE = "Dữ liệu cá nhân sẽ được xóa ngày {date} nếu không có bước mới.\n"
PIPELINE_ENDED = "Quy trình đã kết thúc."

ERASE = "🗑 Xóa dữ liệu cá nhân"
ERASE_CONFIRM = ("Xóa vĩnh viễn họ tên, ngày sinh (và các ngày tính từ ngày sinh), trình độ học vấn, vị trí công "
                 "việc, lý do, người giới thiệu, số quyết định kết nạp, ảnh phiếu đồng ý của hồ sơ #{id} (theo yêu "
                 "cầu của người lao động)? Chỉ giữ lại bước và ngày để thống kê. Việc này không hoàn tác được.")
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
LIST_DUE_CEREMONY = " (lễ kết nạp trước {date})"
LIST_EMPTY = "Chưa có hồ sơ quần chúng ưu tú nào. Gõ /ungvien để giới thiệu."
