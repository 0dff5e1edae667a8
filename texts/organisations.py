"""Wording for party-activity transfers, foundings of organisations, and the member-count thresholds."""

# Transfers of party activity (chuyển sinh hoạt đảng).
TRANSFER_TITLE = "Ghi chuyển sinh hoạt đảng"
TRANSFER_INTRO = ("Đảng viên làm việc tại doanh nghiệp chưa có tổ chức đảng chuyển sinh hoạt về tổ chức đảng phù hợp. "
                  "Ghi theo họ tên, hoặc chỉ số lượng nếu doanh nghiệp chỉ báo số. Nếu là chuyển sinh hoạt tạm "
                  "thời (đảng viên làm việc ở đây một thời gian), đồng chí bổ sung ở bước kiểm tra lại cuối cùng.")
ASK_TRANSFER_ENTERPRISE = "Đảng viên làm việc ở doanh nghiệp nào? Gõ một phần tên hoặc mã số thuế."
ASK_MODE = "Doanh nghiệp báo họ tên đảng viên hay chỉ báo số lượng?"
MODE_NAME = "Ghi họ tên (1 đảng viên)"
MODE_COUNT = "Chỉ ghi số lượng"
ASK_MEMBER_NAME = "Họ và tên đảng viên?"
ASK_MEMBER_COUNT = "Bao nhiêu đảng viên chuyển sinh hoạt? (gõ một số, ví dụ 3)"
ASK_FROM_ORG = "Chuyển sinh hoạt từ tổ chức đảng nào? (nơi sinh hoạt trước đây)"
ASK_DESTINATION = "Đảng viên chuyển sinh hoạt về đâu?"
DESTINATION_ZONES = "Về {body} (sinh hoạt ghép)"
DESTINATION_OWN = "Về tổ chức đảng của doanh nghiệp"
DESTINATION_OTHER = "Nơi khác"
LABEL_DESTINATION = "Chuyển về"
ASK_TO_ORG = "Tên chi bộ, tổ chức đảng nơi chuyển đến?"
ASK_MOVED_ON = "Đảng viên đến làm việc tại doanh nghiệp từ ngày nào?"
ASK_LETTER_ISSUED = "Ngày cấp giấy giới thiệu sinh hoạt đảng (nếu đã cấp)?"
ASK_LETTER_PRESENTED = ("Ngày đảng viên xuất trình giấy giới thiệu sinh hoạt đảng với cấp ủy nơi chuyển đến "
                        "(nếu đã xuất trình)?")
LABEL_ENTERPRISE = "Doanh nghiệp"
LABEL_MODE = "Cách ghi"
LABEL_MEMBER_NAME = "Họ và tên"
LABEL_MEMBER_COUNT = "Số đảng viên"
LABEL_FROM_ORG = "Từ tổ chức"
LABEL_TO_ORG = "Đến tổ chức"
LABEL_MOVED_ON = "Ngày đến làm việc"
LABEL_LETTER_ISSUED = "Ngày cấp giấy giới thiệu"
LABEL_LETTER_PRESENTED = "Ngày xuất trình giấy giới thiệu"
# Temporary transfers (chuyển sinh hoạt đảng tạm thời): the period's limits are the rules' (models/rules.yaml).
TEMPORARY_DETAILS = "Chuyển sinh hoạt tạm thời"
ASK_TRANSFER_KIND = "Chuyển sinh hoạt chính thức hay tạm thời (đảng viên làm việc ở đây một thời gian)?"
KIND_OFFICIAL = "Chính thức"
KIND_TEMPORARY = "Tạm thời"
LABEL_TRANSFER_KIND = "Hình thức"
ASK_TEMPORARY_UNTIL = "Sinh hoạt tạm thời đến ngày nào?"
LABEL_TEMPORARY_UNTIL = "Tạm thời đến"
TEMPORARY_MARK = " (tạm thời đến {until})"
TEMPORARY_PERIOD = ("• Sinh hoạt tạm thời từ {start} đến {until}; đảng viên vẫn được tính ở nơi sinh hoạt chính "
                    "thức.")

TRANSFER_SAVED = "✅ Đã ghi việc chuyển sinh hoạt đảng #{id} ({enterprise}, {who})."
TRANSFER_WHO_NAMED = "1 đảng viên"
TRANSFER_WHO_COUNT = "{count} đảng viên"
DEADLINE_BEGIN = "• Hạn làm thủ tục chuyển sinh hoạt: {date} ({days} ngày làm việc kể từ {start}){late}"
DEADLINE_LETTER = ("• Hạn xuất trình giấy giới thiệu với cấp ủy nơi chuyển đến: {date} ({days} ngày làm việc kể từ "
                   "{start}){late}")
DEADLINE_DONE = "• Đã xuất trình giấy giới thiệu ngày {date}: hoàn thành."
LATE = " — ⚠️ đã quá hạn {days} ngày"
COORDINATOR_TRANSFER = "🔁 Chuyển sinh hoạt đảng #{id} — {enterprise}: {who}, từ {from_org} đến {to_org}.\n{deadlines}"

TRANSFERS_TITLE = "🔁 Chuyển sinh hoạt đảng chưa hoàn thành: {count}"
TRANSFER_LINE = "{index}. #{id} · {enterprise} · {who} · {next}"
TRANSFER_NEXT_BEGIN = "hạn làm thủ tục {date}{late}"
TRANSFER_NEXT_LETTER = "hạn xuất trình giấy giới thiệu {date}{late}"
TRANSFERS_NONE = "Không có việc chuyển sinh hoạt đảng nào đang chờ hoàn thành."
TRANSFER_CARD = ("🔁 Chuyển sinh hoạt đảng #{id} — {enterprise}\n"
                 "Đảng viên: {who}\n"
                 "Từ: {from_org}\nĐến: {to_org}\n"
                 "Đến làm việc tại doanh nghiệp: {moved}\n"
                 "{deadlines}")
LETTER_ISSUED = "📨 Đã cấp giấy giới thiệu"
LETTER_PRESENTED = "✅ Đã xuất trình giấy giới thiệu"
BACK_TO_TRANSFERS = "⬅️ Danh sách"
NAME_ERASED_WHO = "1 đảng viên (đã xóa tên ngày {date})"
ERASE_NAME = "🗑 Xóa tên đảng viên"
ERASE_NAME_CONFIRM = ("Xóa vĩnh viễn tên đảng viên của việc chuyển sinh hoạt đảng #{id} (theo yêu cầu của đồng chí "
                      "ấy, hoặc khi không còn cần)? Việc chuyển sinh hoạt, các ngày và hạn vẫn giữ để theo dõi và "
                      "thống kê. Việc này không hoàn tác được.")
ERASE_NAME_YES = "🗑 Xóa tên"
ERASE_NAME_NO = "Giữ lại"
NAME_ERASED = "Đã xóa tên đảng viên của việc chuyển sinh hoạt đảng #{id}; việc chuyển sinh hoạt vẫn được theo dõi."
NAME_ALREADY_ERASED = "Việc chuyển sinh hoạt đảng #{id} không còn ghi tên đảng viên."
COMPLETED_NAME_HINT = "Việc chuyển sinh hoạt đã hoàn thành: nên xóa tên đảng viên nếu không còn cần."
STEP_TITLE_ISSUED = "Ghi ngày cấp giấy giới thiệu"
STEP_TITLE_PRESENTED = "Ghi ngày xuất trình giấy giới thiệu"
ASK_STEP_DATE_ISSUED = "Giấy giới thiệu sinh hoạt đảng được cấp ngày nào?"
ASK_STEP_DATE_PRESENTED = "Đảng viên xuất trình giấy giới thiệu với cấp ủy nơi chuyển đến ngày nào?"
LABEL_STEP_DATE = "Ngày"
TRANSFER_UPDATED = "✅ Đã cập nhật việc chuyển sinh hoạt đảng #{id}."
TRANSFER_ABOUT = "Chuyển sinh hoạt đảng #{id} — {enterprise} ({who})."

# Foundings.
FOUNDING_TITLE = "Ghi quyết định thành lập tổ chức"
ASK_FOUNDING_ENTERPRISE = "Thành lập tổ chức ở doanh nghiệp nào? Gõ một phần tên hoặc mã số thuế."
ASK_KIND = "Thành lập tổ chức nào?"
ASK_PARTY_ORG_KIND = "Loại tổ chức đảng?"
PARTY_ORG_KIND = {
    "chi_bo": "Chi bộ cơ sở",
    "dang_bo": "Đảng bộ cơ sở",
    "chi_bo_truc_thuoc": "Chi bộ trực thuộc đảng ủy cơ sở",
}
ASK_PARENT = "Chi bộ trực thuộc đảng ủy cơ sở nào? (ví dụ: {example})"
ASK_DECIDING_BODY = "Cơ quan ra quyết định thành lập? (bỏ qua nếu là {default})"
LABEL_PARTY_ORG_KIND = "Loại tổ chức đảng"
LABEL_PARENT = "Thuộc đảng ủy cơ sở"
LABEL_DECIDING_BODY = "Cơ quan quyết định"
ASK_FOUNDING_DECISION = "Số quyết định thành lập? (số và ký hiệu như trên quyết định)"
ASK_FOUNDING_DATE = "Ngày quyết định?"
ASK_FOUNDING_MEMBERS = ("Số thành viên khi thành lập? (tổ chức đảng: số đảng viên chính thức; "
                        "đoàn thể: số đoàn viên, hội viên)")
ASK_FOUNDING_NOTE = "Ghi chú thêm (nếu có)?"
LABEL_KIND = "Tổ chức"
LABEL_DECISION = "Số quyết định"
LABEL_DECISION_DATE = "Ngày quyết định"
LABEL_MEMBERS = "Số thành viên"
LABEL_NOTE = "Ghi chú"
ORG = {
    "party_org": "Tổ chức cơ sở đảng",
    "trade_union": "Công đoàn cơ sở",
    "youth_union": "Chi đoàn Thanh niên",
    "veterans": "Chi hội Cựu chiến binh",
}
ORG_IN_SENTENCE = {   # inside a sentence: common nouns lower case, proper names keep their capitals
    "party_org": "tổ chức cơ sở đảng",
    "trade_union": "công đoàn cơ sở",
    "youth_union": "chi đoàn thanh niên",
    "veterans": "chi hội Cựu chiến binh",
}
FOUNDING_AT = "{org} tại {enterprise}"
FOUNDING_NOT_TIED = "{name}, trực thuộc {parent}"   # the chi bộ's own name says what it is
FOUNDING_SAVED = "✅ Đã ghi quyết định thành lập {what} (số {number}, ngày {date})."
FOUNDING_NOT_TIED_TITLE = "Ghi quyết định thành lập chi bộ trực thuộc"
FOUNDING_NOT_TIED_INTRO = ("Chi bộ trực thuộc một đảng ủy cơ sở, không gắn với một doanh nghiệp (ví dụ chi bộ nơi đảng "
                           "viên ở các doanh nghiệp chưa có tổ chức đảng sinh hoạt ghép).")
ASK_ORG_NAME = "Tên chi bộ? (ví dụ: Chi bộ Doanh nghiệp ngoài khu vực nhà nước số 2)"
LABEL_ORG_NAME = "Tên chi bộ"
ENTERPRISE_NOW = ("Doanh nghiệp hiện nay — tổ chức đảng: {party}; đảng viên: {official} chính thức, "
                  "{probationary} dự bị; đoàn thể: {organisations}.")
PARTY = {
    "none": "chưa có",
    "members_elsewhere": "chưa có (đảng viên sinh hoạt ghép)",
    "chi_bo": "chi bộ cơ sở",
    "dang_bo": "đảng bộ cơ sở",
    "chi_bo_truc_thuoc": "chi bộ trực thuộc đảng ủy cơ sở",
}
PARTY_UNDER = "{party} thuộc {parent}"
NO_ORGANISATIONS = "chưa có"
GROUP_FOUNDED = "🎉 Thành lập {what} (quyết định số {number}, ngày {date})."
COORDINATOR_FOUNDED = "🏛 {who} đã ghi quyết định thành lập {what} (số {number}, ngày {date})."

# Thresholds reached (told once per enterprise and threshold).
THRESHOLD_PARTY_ORG = ("📈 {enterprise}{zone} nay có {official} đảng viên chính thức — đủ điều kiện thành lập "
                       "{kind} (từ {threshold} đảng viên chính thức). Đề nghị {deciding_body} xem xét, quyết định "
                       "thành lập (hoặc đảng ủy cơ sở cấp trên, nếu lập chi bộ trực thuộc).")
THRESHOLD_CHI_UY = ("📈 {enterprise}{zone} nay có {official} đảng viên chính thức — đủ số lượng để chi bộ bầu "
                    "chi ủy (từ {threshold} đảng viên chính thức).")
KIND_CHI_BO = "chi bộ cơ sở"
KIND_DANG_BO = "đảng bộ cơ sở"
RECORD_FOUNDING = "🏛 Ghi quyết định thành lập"
