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
    "Đoàn thể: {organisations}\n"
    "{eligibility}"
    "Làm việc: {visits}\n"
    "Khó khăn, kiến nghị đang mở: {open_difficulties}"
)
# Only in a private chat: a few nominees at one workplace point at people whoever knows the place can name.
CARD_NOMINEES = "\nQuần chúng ưu tú: {nominees}"
CARD_ZONE = "📍 {zone}\n"   # the zone's name says KCN already
CARD_ADDRESS = "Địa chỉ: {address}\n"
CARD_FOREIGN = "Vốn nước ngoài: {country}\n"
PARTY_STATUS = {
    "none": "chưa có",
    "members_elsewhere": "chưa có (đảng viên sinh hoạt ghép)",
    "chi_bo": "đã có chi bộ cơ sở",
    "dang_bo": "đã có đảng bộ cơ sở",
    "chi_bo_truc_thuoc": "đã có chi bộ trực thuộc đảng ủy cơ sở",
}
ORG_PRESENT = "{name} (từ {date})"
ORG_PRESENT_NO_DATE = "{name}"
ORG_NONE = "chưa có"
ELIGIBLE_FOUND = "➡️ Đủ điều kiện thành lập {kind} (≥ {threshold} đảng viên chính thức).\n"
ELIGIBLE_CHI_UY = "➡️ Đủ số đảng viên để bầu chi ủy (≥ {threshold}).\n"
NEEDS_MORE = "➡️ Còn thiếu {count} đảng viên chính thức để thành lập tổ chức đảng.\n"
SHOULD_TRANSFER = "➡️ Đảng viên nên chuyển sinh hoạt đảng về {receiver} (sinh hoạt ghép).\n"
ELIGIBLE_UNION = "➡️ Đủ điều kiện thành lập Công đoàn cơ sở.\n"
ELIGIBLE_YOUTH = "➡️ Đủ điều kiện thành lập chi đoàn.\n"
KIND_CHI_BO = "chi bộ cơ sở"
KIND_DANG_BO = "đảng bộ cơ sở"
VISITS_NONE = "chưa có"
VISITS_SOME = "{count} buổi, gần nhất {last}"
NOMINEES = "{total} (đang bồi dưỡng {in_class}, đã kết nạp {admitted})"
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
