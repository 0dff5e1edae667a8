"""Wording for enterprise cards, searches and statistics."""

ASK_WHICH = "Gõ một phần tên doanh nghiệp hoặc mã số thuế, ví dụ: /doanhnghiep hoa xa"
SEARCH_RESULTS = "Kết quả tìm «{query}»:"
SEARCH_NONE = "Không tìm thấy doanh nghiệp nào khớp với «{query}»."

CARD = (
    "🏭 {name}\n"
    "Mã số thuế: {tax_code}\n"
    "{zone}{address}{ownership}"
    "Lao động: {employees}\n"
    "Tổ chức đảng: {party_status}\n"
    "Đảng viên: {official} chính thức, {probationary} dự bị\n"
    "{counts_why}"
    "Đoàn thể: {organisations}\n"
    "{stance}"
    "{eligibility}"
    "Làm việc: {visits}\n"
    "{directives}"
    "Khó khăn, kiến nghị đang mở: {open_difficulties}"
)
# Only in a private chat: a few nominees at one workplace point at people whoever knows the place can name.
CARD_NOMINEES = "\nQuần chúng ưu tú: {outstanding}\nHồ sơ giới thiệu: {nominees}"
CARD_ZONE = "📍 {zone}\n"   # the zone's name says KCN already
PARTY_PARENT = "{status} (thuộc {parent})"
COUNTS_WHY = "Số đảng viên theo: {changes}\n"
COUNTS_WHY_ITEM = {
    "visit": "buổi làm việc ngày {date}",
    "admission": "lễ kết nạp ngày {date}",
    "outside_admission": "kết nạp ngoài hệ thống ngày {date}",
    "recognition": "công nhận chính thức ngày {date}",
    "recognition_not": "không công nhận chính thức, ngày {date}",
    "transfer": "chuyển sinh hoạt đảng hoàn thành ngày {date}",
    "founding": "quyết định thành lập ngày {date}",
    "imported": "danh sách nhập ngày {date}",
    "imported_first": "danh sách doanh nghiệp ban đầu",
    "earlier": "số liệu có từ trước",
}
COUNTS_WHY_CHANGE = "{what} ({change})"
COUNTS_SET = "{official} chính thức, {probationary} dự bị"
COUNTS_ADD_OFFICIAL = "{sign}{count} chính thức"
COUNTS_ADD_PROBATIONARY = "{sign}{count} dự bị"
STANCE_LINE = "Thái độ của chủ doanh nghiệp: {stance} (buổi làm việc ngày {date})\n"
STANCE = {
    "agrees": "đồng tình thành lập tổ chức đảng, đoàn thể",
    "hesitant": "còn băn khoăn",
    "declines": "chưa đồng tình",
}
OUTSTANDING_FOUND = "{count} người (nắm được qua buổi làm việc ngày {date})"
OUTSTANDING_UNKNOWN = "chưa nắm được"
DIRECTIVE_LINE = "Văn bản chỉ đạo số {number} ({issued}): {status}\n"
DIRECTIVE_SENT = "đã gửi {date}"
DIRECTIVE_NOT_SENT = "chưa ghi ngày gửi"
DIRECTIVE_REPORT = "đã nhận báo cáo {date}"
DIRECTIVE_NO_REPORT = "chưa nhận báo cáo"
DIRECTIVE_REVIEW = "đã nhận báo cáo rà soát đảng viên {date}"
DIRECTIVE_NO_REVIEW = "chưa nhận báo cáo rà soát đảng viên"
CARD_ADDRESS = "Địa chỉ: {address}\n"
CARD_FOREIGN = "Vốn nước ngoài: {country}\n"
PARTY_STATUS = {
    "none": "chưa có",
    "members_elsewhere": "chưa có (đảng viên sinh hoạt ghép)",
    "chi_bo": "đã có chi bộ cơ sở",
    "dang_bo": "đã có đảng bộ cơ sở",
    "chi_bo_truc_thuoc": "đã có chi bộ trực thuộc đảng ủy cơ sở",
}
ORG_TRADE_UNION = "Công đoàn"
ORG_YOUTH_UNION = "Chi đoàn Thanh niên"
ORG_VETERANS = "Chi hội Cựu chiến binh"
ORG_PRESENT = "{name} (từ {date})"
ORG_PRESENT_NO_DATE = "{name}"
ORG_NONE = "chưa có"
ELIGIBLE_FOUND = "➡️ Đủ điều kiện thành lập {kind} (≥ {threshold} đảng viên chính thức).\n"
ELIGIBLE_CHI_UY = "➡️ Đủ số đảng viên để bầu chi ủy (≥ {threshold}).\n"
NEEDS_MORE = "➡️ Còn thiếu {count} đảng viên chính thức để thành lập tổ chức đảng.\n"
SHOULD_TRANSFER = "➡️ Đảng viên nên chuyển sinh hoạt đảng về {receiver} (sinh hoạt ghép).\n"
ELIGIBLE_UNION = "➡️ Công đoàn cơ sở: có thể vận động thành lập (cần ít nhất {count} người lao động tự nguyện).\n"
ELIGIBLE_YOUTH = "➡️ Chi đoàn Thanh niên: có thể vận động thành lập (đã có {found} đoàn viên, cần ít nhất {count}).\n"
ELIGIBLE_VETERANS = ("➡️ Chi hội Cựu chiến binh: có thể vận động thành lập (đã có {found} cựu chiến binh; do cấp "
                     "ủy cấp trên, doanh nghiệp và Hội Cựu chiến binh cấp trên thống nhất).\n")
KIND_CHI_BO = "chi bộ cơ sở"
KIND_DANG_BO = "đảng bộ cơ sở"
VISITS_NONE = "chưa có"
VISITS_SOME = "{count} buổi, gần nhất {last}"
NOMINEES = "{total} (đang bồi dưỡng, hoàn thiện hồ sơ {in_class}; đã kết nạp {admitted})"
LOG_VISIT = "📝 Ghi buổi làm việc"
UNKNOWN = "chưa rõ"

STATS_TITLE = "📊 {wave} ({start} – {end})"
STATS_NO_WAVE = "📊 Thống kê chung từ trước đến nay (hiện không có đợt công tác nào đang diễn ra)"
STATS_BODY = (
    "Doanh nghiệp chưa có tổ chức đảng: {without_party}\n"
    "Đã làm việc trong đợt: {visited} ({percent}%)\n"
    "Số buổi làm việc trong đợt: {visits}\n"
    "Khó khăn, kiến nghị đang mở: {open_difficulties}\n"
    "Quần chúng ưu tú đã giới thiệu: {nominees}"
)
# Without a running wave: the same figures since the beginning, with no wave named.
STATS_BODY_NO_WAVE = (
    "Doanh nghiệp chưa có tổ chức đảng: {without_party}\n"
    "Trong đó đã có buổi làm việc: {visited} ({percent}%)\n"
    "Tổng số buổi làm việc: {visits}\n"
    "Khó khăn, kiến nghị đang mở: {open_difficulties}\n"
    "Quần chúng ưu tú đã giới thiệu: {nominees}"
)
