"""Wording that channels without buttons (Zalo) add: numbered choices, typed words, their mistakes; the map
links and photos Zalo sends instead of a location and a file."""

from __future__ import annotations

# How each move is typed where there are no buttons: the word shown (and read without diacritics or case), or
# the command every form already knows. Back, skip, cancel and resume are commands everywhere.
NAV_WORDS = {
    "done": "xong",
    "save": "lưu",
    "edit": "sửa",
    "more": "thêm",
    "next_page": "tiếp",
    "previous_page": "trước",
    "search_again": "tìm lại",
    "to_list": "danh sách",
}
NAV_COMMANDS = {"back": "/quaylai", "skip": "/boqua", "cancel": "/huy", "resume": "/tieptuc"}
# Other ways people type the same move.
NAV_SYNONYMS = {
    "done": ("xong", "ok", "đủ", "xong rồi"),
    "save": ("lưu", "lưu lại", "đúng"),
    "edit": ("sửa", "sửa lại"),
    "more": ("thêm", "bổ sung", "bổ sung chi tiết"),
    "next_page": ("tiếp", "sau", "trang sau"),
    "previous_page": ("trước", "trang trước"),
    "search_again": ("tìm lại",),
    "to_list": ("danh sách",),
    "back": ("quay lại",),
    "skip": ("bỏ qua",),
    "cancel": ("hủy", "huỷ"),
    "resume": ("tiếp tục",),
}

# Words people type before the number they pick: «số 2», «chọn 1», «chọn số 3».
PICK_WORDS = ("số", "chọn", "chọn số", "lựa chọn", "lựa chọn số", "mục", "phương án")

HINT_LEAD = "👉 "
HINT_PICK_ONE = "gõ số để chọn"
HINT_PICK_IN_GROUP = "nhắc bot kèm số để chọn (ví dụ «@tên bot 1»)"
HINT_PICK_MANY = "gõ các số muốn chọn, cách nhau bởi dấu cách hoặc dấu phẩy (ví dụ: 1 3)"
HINT_TOGGLE = "gõ số để chọn hoặc bỏ chọn, rồi «xong»"
HINT_WORD = "«{word}»"
HINT_SEPARATOR = " · "
LINK_LINE = "🔗 {label}: {url}"

NOT_AN_OPTION = "⚠️ Không có lựa chọn số {numbers}: chỉ có từ 1 đến {count}."
ONLY_ONE = "⚠️ Câu này chỉ chọn một: gõ một số từ 1 đến {count}."
STALE_LIST = ("⚠️ Danh sách có số đó đã cũ: cuộc trao đổi đã sang việc khác, nên số «{text}» không được áp dụng. "
              "Gõ /tieptuc để xem lại câu hỏi đang chờ, hoặc bắt đầu việc mới.")
REPEAT_LIST = "Danh sách hiện tại:\n\n{text}"

# Map links and coordinates instead of a shared location.
SHORT_MAP_LINK = ("⚠️ Bot không đọc được tọa độ từ đường dẫn rút gọn này của Google Maps. Đồng chí gõ tọa độ "
                  "«vĩ độ, kinh độ» (trên Google Maps, chạm giữ vào chỗ đang đứng để hiện tọa độ rồi chép lại) "
                  "hoặc dán đường dẫn đầy đủ (có dạng …/@20.42,106.17…).")

# Photos: Zalo sends a link that expires, so the bot keeps a copy.
PHOTO_NOT_KEPT = "⚠️ Không tải được ảnh này ({reason}). Đồng chí gửi lại giúp."
PHOTO_TOO_LARGE = "ảnh lớn hơn {max_mb} MB"
PHOTO_NOT_AN_IMAGE = "không phải ảnh JPEG, PNG hay WebP"
PHOTO_LINK_EXPIRED = "đường dẫn của ảnh đã hết hạn hoặc không mở được"

# Stickers, voice and what Zalo does not pass on.
NOT_UNDERSTOOD_MEDIA = ("Bot chưa đọc được loại tin nhắn này (nhãn dán, tin nhắn thoại, vị trí chia sẻ…). Đồng chí gõ "
                        "chữ hoặc gửi ảnh giúp; để báo vị trí, dán đường dẫn Google Maps hoặc gõ tọa độ.")

# Files (reports) on a channel that cannot send them (Zalo).
DOWNLOAD_GONE = ("Đường dẫn tải tệp này đã được dùng hoặc đã hết hạn. Đồng chí yêu cầu lại báo cáo trong tin nhắn với "
                 "bot để nhận đường dẫn mới.")
FILE_LINK = "🔗 {name}: {url}"
FILE_LINKS_FOOTER = "Mỗi đường dẫn tải được một lần, hết hạn lúc {expires}."
FILES_SENT_TO_TELEGRAM = ("📎 Zalo không gửi được tệp, nên bot đã gửi {count} tệp vào Telegram của đồng chí "
                          "(tin nhắn riêng với bot).")
FILES_NOT_HERE = ("📎 Zalo không gửi được tệp ({names}). Để nhận tệp, đồng chí dùng bot trên Telegram (gõ /lienket "
                  "để liên kết tài khoản Telegram), hoặc nhờ quản trị viên gửi giúp.")
# The sender of a Zalo message that carries no name (no display_name, first_name or name).
ZALO_FALLBACK_NAME = "Thành viên Zalo"
