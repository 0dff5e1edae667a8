"""Wording for the yearly targets (chỉ tiêu) and the progress towards them."""

KIND = {
    "new_members": "Kết nạp đảng viên mới",
    "party_orgs_founded": "Thành lập tổ chức cơ sở đảng",
    "mass_orgs_founded": "Thành lập tổ chức đoàn thể",
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
ASK_VALUES = ("Gõ 5 số cách nhau bởi dấu cách, theo thứ tự:\n"
              "đảng viên mới kết nạp, tổ chức cơ sở đảng thành lập, tổ chức đoàn thể thành lập, doanh nghiệp được "
              "làm việc, quần chúng ưu tú đi học lớp bồi dưỡng.\n"
              "Ví dụ: 10 2 5 40 20")
VALUE_LABELS = ("đảng viên mới", "tổ chức cơ sở đảng", "tổ chức đoàn thể", "doanh nghiệp được làm việc",
                "quần chúng đi học lớp")
LABEL_YEAR = "Năm"
LABEL_VALUES = "Chỉ tiêu"
CURRENT = "Chỉ tiêu hiện tại năm {year}: {values}."
SAVED = "✅ Đã đặt chỉ tiêu năm {year}."
COORDINATOR_SET = "🎯 Đồng chí {who} đã đặt chỉ tiêu năm {year}: {values}."
CONTINUE_PRIVATELY = "Mời đồng chí tiếp tục trong tin nhắn riêng với bot."
OUTSIDE_DETAIL = "   trong đó {count} đảng viên kết nạp ngoài hệ thống, do điều phối viên ghi bổ sung"
OUTSIDE_BUTTON = "➕ Ghi kết nạp ngoài hệ thống"
OUTSIDE_TITLE = "Ghi đảng viên kết nạp ngoài hệ thống"
OUTSIDE_INTRO = ("Đảng viên được kết nạp nhưng không theo dõi bằng bot (ví dụ trước khi dùng bot): ghi bổ sung để chỉ "
                 "tiêu năm và số đảng viên của doanh nghiệp được đúng.")
ASK_OUTSIDE_DATE = "Ngày lễ kết nạp?"
ASK_OUTSIDE_COUNT = "Số đảng viên được kết nạp? (gõ một số)"
ASK_OUTSIDE_ENTERPRISE = "Tại doanh nghiệp nào? Gõ một phần tên (bỏ qua nếu không gắn với một doanh nghiệp)."
ASK_OUTSIDE_NOTE = "Ghi chú (ví dụ: số quyết định)?"
LABEL_OUTSIDE_DATE = "Ngày lễ kết nạp"
LABEL_OUTSIDE_COUNT = "Số đảng viên"
LABEL_OUTSIDE_ENTERPRISE = "Doanh nghiệp"
LABEL_OUTSIDE_NOTE = "Ghi chú"
OUTSIDE_SAVED = "✅ Đã ghi {count} đảng viên kết nạp ngày {date}{where}; tính vào chỉ tiêu năm {year}."
OUTSIDE_WHERE = " tại {enterprise}"
COORDINATOR_OUTSIDE = "🎯 Đồng chí {who} đã ghi bổ sung {count} đảng viên kết nạp ngoài hệ thống ngày {date}{where}."
