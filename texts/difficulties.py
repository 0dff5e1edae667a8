"""Wording for enterprises' difficulties and recommendations, from the report to the province's answer."""

TITLE = "Ghi khó khăn, kiến nghị của doanh nghiệp"
INTRO = "Ghi lại khó khăn và đề xuất của doanh nghiệp để điều phối viên chuyển lên cấp có thẩm quyền và theo dõi."

ASK_ENTERPRISE = "Khó khăn của doanh nghiệp nào? Gõ một phần tên hoặc mã số thuế (không cần dấu)."
ASK_CATEGORY = "Thuộc lĩnh vực nào?"
ASK_DESCRIPTION = "Doanh nghiệp gặp khó khăn gì? Ghi ngắn gọn, rõ ràng."
ASK_PROPOSAL = "Doanh nghiệp đề xuất, kiến nghị gì?"
ASK_RECIPIENT = "Kiến nghị này cần gửi đến đâu?"
ASK_DEPARTMENT = "Sở, ngành nào? (ví dụ: {department_example})"   # "{role}": the body's name on the day

LABEL_ENTERPRISE = "Doanh nghiệp"
LABEL_CATEGORY = "Lĩnh vực"
LABEL_DESCRIPTION = "Khó khăn"
LABEL_PROPOSAL = "Đề xuất, kiến nghị"
LABEL_RECIPIENT = "Gửi đến"
LABEL_DEPARTMENT = "Sở, ngành"

NEED_DEPARTMENT = "Cần ghi rõ sở, ngành nhận kiến nghị."
SAVED = ("✅ Đã ghi khó khăn, kiến nghị #{id} của {enterprise}.\n"
         "Điều phối viên sẽ theo dõi; đồng chí sẽ được báo khi có tiến triển.")
SAVED_NO_COORDINATORS_CHAT = (
    "✅ Đã ghi khó khăn, kiến nghị #{id} của {enterprise}.\n"
    "⚠️ Bot chưa được gắn với nhóm điều phối nên điều phối viên chưa nhận được thông báo; kiến nghị vẫn có trong "
    "danh sách /tondong. Đồng chí nên báo trực tiếp cho điều phối viên.")

STATUS = {
    "open": "Mới tiếp nhận",
    "forwarded": "Đã chuyển cơ quan có thẩm quyền",
    "answered": "Đã có trả lời",
    "resolved": "Đã giải quyết",
    "declined": "Không có cơ sở giải quyết",
}
ACTION = {
    "forwarded": "📤 Đã chuyển đi",
    "answered": "💬 Đã có trả lời",
    "resolved": "✅ Đã giải quyết",
    "declined": "⛔ Không có cơ sở giải quyết",
}
FORWARDED_AGAIN = "📤 Chuyển thêm nơi khác"


def step_button(step: str, status: str) -> str:
    """A step's button; forwarding something already forwarded sends it on to another body."""
    return FORWARDED_AGAIN if step == status == "forwarded" else ACTION[step]


ALERT = (
    "🆕 Khó khăn, kiến nghị #{id} — {enterprise}{zone}\n"
    "Lĩnh vực: {category}\n"
    "Khó khăn: {description}\n"
    "Đề xuất: {proposal}\n"
    "Gửi đến: {recipient}\n"
    "Người ghi: {reporter}, ngày {date}."
)
NO_PROPOSAL = "(không ghi)"

# The small forms a coordinator fills in when a difficulty moves on.
TITLE_FORWARDED = "Ghi nhận: đã chuyển kiến nghị đi"
TITLE_ANSWERED = "Ghi nhận: đã có trả lời"
TITLE_RESOLVED = "Ghi nhận: đã giải quyết"
TITLE_DECLINED = "Ghi nhận: không có cơ sở giải quyết"
ASK_FORWARDED_TO = "Đã chuyển đến cơ quan nào? (ví dụ: {provincial_government.short}, {department_example_other})"
ASK_DOCUMENT_NUMBER = "Số văn bản chuyển? (số và ký hiệu như trên văn bản)"
ASK_DOCUMENT_DATE = "Ngày của văn bản?"
ASK_ANSWER = "Nội dung trả lời của cơ quan có thẩm quyền?"
ASK_RESOLUTION = "Kết quả giải quyết (có thể bỏ qua)?"
ASK_DECLINE_REASON = "Vì sao kiến nghị không có cơ sở giải quyết?"
LABEL_FORWARDED_TO = "Chuyển đến"
LABEL_DOCUMENT_NUMBER = "Số văn bản"
LABEL_DOCUMENT_DATE = "Ngày văn bản"
LABEL_ANSWER = "Trả lời"
LABEL_RESOLUTION = "Kết quả"
LABEL_DECLINE_REASON = "Lý do"

ABOUT = "Khó khăn, kiến nghị #{id} — {enterprise}:\n{description}"
UPDATED = "✅ Đã cập nhật khó khăn, kiến nghị #{id} ({enterprise}): {status}"   # + texts.format.sentence

# What each change says, in the history, to the coordinators and to the member who reported it.
EVENT_OPEN = "ghi nhận"
EVENT_FORWARDED = "chuyển đến {to}, văn bản số {number}{date}"
EVENT_ANSWERED = "có trả lời: {answer}"
EVENT_RESOLVED = "đã giải quyết"
EVENT_RESOLVED_NOTE = "đã giải quyết: {note}"
EVENT_DECLINED = "không có cơ sở giải quyết, lý do: {reason}"
DOCUMENT_DATE = " ngày {date}"

COORDINATOR_UPDATE = "🔄 Khó khăn, kiến nghị #{id} — {enterprise}, {who} cập nhật: {event}"   # + sentence
REPORTER_UPDATE = "🔔 Khó khăn, kiến nghị #{id} của {enterprise} do đồng chí ghi ngày {date} có cập nhật: {event}"

# The list of open items.
OPEN_TITLE = "📋 Khó khăn, kiến nghị đang theo dõi: {count}{filter}"
OPEN_FILTER = " — gửi {recipient}"
OPEN_BY_RECIPIENT = "Theo nơi nhận: {counts}"
OPEN_LINE = "{index}. #{id} · {age} ngày · {recipient} · {enterprise}: {description} [{status}]"
OPEN_NONE = "Không có khó khăn, kiến nghị nào đang chờ xử lý."
# In a group (anyone in it may read): the field instead of the text, and the way to open each one privately.
OPEN_LINE_IN_GROUP = "{index}. #{id} · {age} ngày · {recipient} · {enterprise}: {category} [{status}]"
OPEN_IN_GROUP_HINT = ("Nội dung từng kiến nghị chỉ xem trong tin nhắn riêng với bot: chọn số kiến nghị để nhận "
                      "vào tin nhắn riêng, hoặc mở danh sách đầy đủ bên dưới.")
OPEN_PRIVATELY = "📋 Mở danh sách đầy đủ trong tin nhắn riêng"
CARD_SENT_PRIVATELY = "Đã gửi nội dung kiến nghị vào tin nhắn riêng của đồng chí."
ALL = "Tất cả"

CARD = (
    "Khó khăn, kiến nghị #{id} — {enterprise}{zone}\n"
    "Lĩnh vực: {category}. Gửi đến: {recipient}.\n"
    "Khó khăn: {description}\n"
    "Đề xuất: {proposal}\n"
    "Trạng thái: {status} ({age} ngày kể từ khi ghi).\n"
    "Diễn biến:\n{history}"
)
HISTORY_LINE = "• {date} — {event} ({who})"
BACK_TO_LIST = "⬅️ Danh sách"
CLOSED = "Khó khăn, kiến nghị #{id} đã kết thúc ({status}); không cập nhật thêm được."
STEP_NO_LONGER_FITS = "Khó khăn, kiến nghị #{id} đã chuyển sang bước khác ({status}); lựa chọn này không còn dùng được."
