"""Wording for the yearly targets (chỉ tiêu) and the progress towards them."""

KIND = {
    "new_members": "Kết nạp đảng viên mới",
    "organisations_founded": "Thành lập tổ chức đảng, đoàn thể",
    "enterprises_visited": "Doanh nghiệp được làm việc",
    "nominees_to_class": "Quần chúng ưu tú đi học lớp bồi dưỡng",
}
ORG_SHORT = {
    "party_org": "tổ chức đảng",
    "trade_union": "công đoàn",
    "youth_union": "chi đoàn",
    "veterans": "chi hội CCB",
}

TITLE = "🎯 Chỉ tiêu năm {year}"
ELAPSED = " (đã qua {percent}% thời gian của năm)"
LINE = "• {label}: {achieved}/{target} ({percent}%)"
LINE_NO_TARGET = "• {label}: {achieved} (chưa đặt chỉ tiêu)"
BEHIND = " ⚠️ chậm so với tiến độ"
DONE = " ✅"
FOUNDED_DETAIL = "   trong đó: {details}"
NONE_SET = "Chưa đặt chỉ tiêu nào cho năm {year}."
HOW_TO_SET = "Điều phối viên đặt chỉ tiêu bằng /datchitieu."
SET_BUTTON = "✏️ Đặt chỉ tiêu năm {year}"
OTHER_YEAR = "Năm {year}"
BAD_YEAR = "Năm không hợp lệ; vui lòng gõ như /chitieu 2022."

FORM_TITLE = "Đặt chỉ tiêu năm"
ASK_YEAR = "Đặt chỉ tiêu cho năm nào?"
ASK_VALUES = ("Gõ 4 số cách nhau bởi dấu cách, theo thứ tự:\n"
              "đảng viên mới kết nạp, tổ chức đảng và đoàn thể thành lập, doanh nghiệp được làm việc, "
              "quần chúng ưu tú đi học lớp bồi dưỡng.\n"
              "Ví dụ: 10 5 40 20")
VALUE_LABELS = ("đảng viên mới", "tổ chức thành lập", "doanh nghiệp được làm việc", "quần chúng đi học lớp")
LABEL_YEAR = "Năm"
LABEL_VALUES = "Chỉ tiêu"
CURRENT = "Chỉ tiêu hiện tại năm {year}: {values}."
SAVED = "✅ Đã đặt chỉ tiêu năm {year}."
COORDINATOR_SET = "🎯 {who} đã đặt chỉ tiêu năm {year}: {values}."
CONTINUE_PRIVATELY = "Mời bạn tiếp tục trong tin nhắn riêng với bot."
