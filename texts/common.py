"""Wording for joining, roles, help, errors and anything not tied to one feature."""

UNREGISTERED = ("Xin chào! Bot này dành cho thành viên Đoàn công tác tỉnh {province}. "
                "Để tham gia, vui lòng xin quản trị viên một đường dẫn mời và mở đường dẫn đó.")
# Where no link opens the bot with a payload (Zalo): the invite's code is sent as a message.
UNREGISTERED_BY_CODE = ("Xin chào! Bot này dành cho thành viên Đoàn công tác tỉnh {province}. "
                        "Để tham gia, vui lòng xin quản trị viên một mã mời (dạng inv_…) rồi nhắn đúng mã đó cho bot "
                        "tại đây.")
WELCOME_NEW = ("Chào mừng đồng chí {name} tham gia Đoàn công tác với vai trò {role}. "
               "Gõ /trogiup để xem các việc đồng chí có thể làm.")
WELCOME_GROUP = ("Đoàn có nhóm chung{title}: bot báo vào đó các hạn của kế hoạch và tin ngắn về các buổi làm "
                 "việc (không có thông tin cá nhân), các thành viên trao đổi với nhau ở đó. Nếu đồng chí chưa ở trong "
                 "nhóm, vui lòng đề nghị quản trị viên thêm vào. Những việc cần ghi (buổi làm việc, khó khăn, "
                 "kiến nghị…) đồng chí làm tại đây, trong tin nhắn riêng với bot.")
WELCOME_NO_GROUP = ("Đoàn chưa gắn nhóm chung với bot; khi có, quản trị viên sẽ thêm đồng chí vào. Những việc cần "
                    "ghi (buổi làm việc, khó khăn, kiến nghị…) đồng chí làm tại đây, trong tin nhắn riêng với bot.")
WELCOME_BACK = "Chào đồng chí {name}! Gõ /trogiup để xem các việc đồng chí có thể làm."
WELCOME_ADMIN = ("Chào đồng chí {name}! Đồng chí là quản trị viên (theo cấu hình). "
                 "Gõ /trogiup để xem các việc có thể làm.")
NO_PERMISSION = "Xin lỗi, việc này chỉ dành cho {role}."
UNKNOWN_COMMAND = "Bot chưa hiểu lệnh này. Gõ /trogiup để xem các lệnh có thể dùng."
NOT_UNDERSTOOD = "Bot chưa hiểu tin nhắn này. Gõ tên doanh nghiệp để tìm, hoặc /trogiup để xem các việc có thể làm."
STALE_ACTION = "Lựa chọn này đã cũ hoặc việc này đã được xử lý."
ERROR_APOLOGY = ("Xin lỗi, đã có lỗi khi xử lý yêu cầu của đồng chí (mã lỗi {error_id}). "
                 "Dữ liệu của đồng chí không bị mất; vui lòng thử lại sau ít phút.")
ERROR_REPORT = "⚠️ Lỗi {error_id} khi xử lý tin nhắn của {who}:\n{trace}"
TRACE_HEADER = "Traceback (vị trí, không kèm dữ liệu):"   # file:line only, never values
CONTINUE_IN_PRIVATE = "Việc này làm trong tin nhắn riêng với bot: chọn «Mở tin nhắn riêng với bot» bên dưới."
CONTINUE_IN_PRIVATE_NO_LINK = "Việc này làm trong tin nhắn riêng với bot: đồng chí nhắn riêng cho bot lệnh này."
OPEN_PRIVATE = "Mở tin nhắn riêng với bot"
PAGE = "Trang {page}/{pages}"
NO_FILES_ON_THIS_CHANNEL = ("Ứng dụng này không nhận được tệp từ bot, nên báo cáo chưa gửi được ở đây. "
                            "Đồng chí vui lòng yêu cầu báo cáo trong Telegram.")

ROLE_NAMES = {"member": "thành viên", "coordinator": "điều phối viên", "admin": "quản trị viên"}
ROLE_NEEDED = {"member": "thành viên Đoàn công tác", "coordinator": "điều phối viên", "admin": "quản trị viên"}

HELP_TITLE = "Các việc đồng chí có thể làm ({role}):"
HELP_FOOTER = ("Khi đang nhập: /quaylai — câu trước, /boqua — bỏ qua câu không bắt buộc, /huy — hủy, "
               "/tieptuc — xem lại câu đang dừng. Gõ tên doanh nghiệp (không cần dấu) để tìm nhanh.")
BODIES_TOGETHER = "{first} và {second}"
