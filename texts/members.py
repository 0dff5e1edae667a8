"""Wording for invites, members and roles, and binding the delegation's chats."""

INVITE_CHOOSE_ROLE = "Tạo lời mời cho vai trò nào?"
INVITE_MEMBER = "Thành viên"
INVITE_COORDINATOR = "Điều phối viên"
INVITE_CREATED = ("Lời mời {role} (dùng một lần, hết hạn lúc {expires}):\n{link}\n"
                  "Gửi đường dẫn này cho người được mời; người đó mở đường dẫn và chọn «Bắt đầu» (Start). Người dùng "
                  "Zalo thì nhắn riêng cho bot mã sau:\n{code}")
INVITE_CREATED_CODE = ("Lời mời {role} (dùng một lần, hết hạn lúc {expires}). Mã mời:\n{code}\n"
                       "Gửi mã này cho người được mời; họ nhắn mã này cho bot để tham gia.")
# /lienket: one person on Telegram and on Zalo.
LINK_CODE = ("Để dùng bot trên ứng dụng thứ hai (Telegram hoặc Zalo), đồng chí mở bot trên ứng dụng đó và nhắn "
             "đúng mã sau (dùng một lần, hết hạn lúc {expires}):\n{code}")
LINK_CODE_TELEGRAM = "Trên Telegram, chỉ cần mở đường dẫn này rồi chọn «Bắt đầu» (Start):\n{link}"
LINK_CODE_AFTER = ("Sau khi liên kết, thông báo của bot gửi đến ứng dụng đồng chí dùng gần nhất, "
                   "không gửi trùng vào cả hai.")
LINKED = ("Đã liên kết tài khoản này với thành viên {name}. Từ nay thông báo của bot gửi đến ứng dụng đồng chí "
          "dùng gần nhất.")
MEMBERS_TITLE = "Thành viên Đoàn công tác ({count} người):"
MEMBER_LINE = "{index}. {name} — {role}{inactive}"
INACTIVE = " (đã vô hiệu hóa)"
MEMBER_LINE_POSITION = "{index}. {name} — {position} ({role}){inactive}"
MEMBER_DETAIL = "{name}\nVai trò: {role}\nChức danh trong Đoàn: {position}\nTrạng thái: {status}"
# The position in the delegation (as the decision setting it up names it) and the side the member comes from;
# the side's name is the body's of the day, from the bodies file.
POSITION_NAMES = {"head": "Trưởng đoàn", "deputy": "Phó Trưởng đoàn", "member": "Thành viên"}
POSITION_WITH_SIDE = "{position} — {side}"
POSITION_UNSET = "chưa đặt"
SET_POSITION = "Đặt chức danh trong Đoàn"
CHOOSE_POSITION = "Chức danh của đồng chí {name} trong Đoàn công tác?"
CLEAR_POSITION = "Bỏ chức danh"
CHOOSE_SIDE = "Đồng chí {name} ({position}) là cán bộ của bên nào?"
POSITION_SET = "Đã đặt {name}: {position}."
ANOTHER_HEAD = "Lưu ý: {names} cũng đang là Trưởng đoàn; nếu đã thay, đồng chí bỏ chức danh của người cũ."
POSITION_CLEARED = "Đã bỏ chức danh trong Đoàn của {name}."
STATUS_ACTIVE = "đang hoạt động"
STATUS_INACTIVE = "đã vô hiệu hóa"
STATUS_UNREACHABLE = "đang hoạt động, nhưng đã chặn bot"
MAKE_MEMBER = "Đặt làm thành viên"
MAKE_COORDINATOR = "Đặt làm điều phối viên"
MAKE_ADMIN = "Đặt làm quản trị viên"
DEACTIVATE = "Vô hiệu hóa"
ROLE_CHANGED = "Đã đặt {name} làm {role}."
DEACTIVATED = "Đã vô hiệu hóa {name}. Người này không còn dùng được bot."
BACK_TO_LIST = "⬅️ Danh sách"
NOTICE_ROLE_CHANGED = "Quản trị viên đã đặt đồng chí làm {role}. Gõ /trogiup để xem các việc đồng chí có thể làm."
BIND_NEEDS_GROUP = "Vui lòng chạy lệnh này trong nhóm cần gắn (không phải trong tin nhắn riêng)."
BOUND_GROUP = ("Đã gắn nhóm này làm nhóm chung của Đoàn công tác. Bot sẽ gửi nhắc việc và tin ngắn (không có thông "
               "tin cá nhân) vào đây.")
BOUND_COORDINATORS = "Đã gắn nhóm này làm nhóm điều phối. Bot sẽ gửi cảnh báo, chi tiết và báo lỗi vào đây."
BOT_ADDED = ("Bot vừa được {who} thêm vào nhóm «{title}». Nếu đây là nhóm của Đoàn, đồng chí gõ /ganhom (nhóm chung) "
             "hoặc /gandieuphoi (nhóm điều phối) trong nhóm đó để bot gửi tin vào.")
BOT_REMOVED = "Bot không còn ở trong nhóm «{title}» (bị đưa ra, hoặc nhóm đã giải tán)."
BOT_REMOVED_UNBOUND = ("Nhóm này không còn là {purposes} của Đoàn: bot không gửi tin vào đó nữa. Đồng chí gắn nhóm "
                       "khác bằng /ganhom hoặc /gandieuphoi, gõ trong nhóm đó.")
PURPOSE_NAMES = {"group": "nhóm chung", "coordinators": "nhóm điều phối"}

# A mention of the bot in a group without a command (on Zalo the bot sees only such messages in a group).
GROUP_MENTION = ("Đây là bot của Đoàn công tác. Trong nhóm, bot gửi nhắc việc và thông báo ngắn (không có thông tin "
                 "cá nhân). Việc cần nhập — ghi buổi làm việc (/tham), báo khó khăn (/khokhan)… — đồng chí nhắn riêng "
                 "cho bot; gõ /trogiup trong tin nhắn riêng để xem các việc.")
GROUP_MENTION_BOUND = "Nhóm này đã được gắn làm {purpose}."
GROUP_MENTION_UNBOUND = ("Nhóm này chưa được gắn với bot: quản trị viên gắn nhóm chung của Đoàn bằng cách nhắc bot kèm "
                         "lệnh /ganhom (nhóm điều phối: /gandieuphoi).")

# After a deactivation: the coordinators' chat keeps receiving alerts with details, so whoever is out of the
# delegation must be out of that chat too.
REMOVED_FROM_COORDINATORS = "Bot đã xóa đồng chí {name} (đã bị vô hiệu hóa) khỏi nhóm điều phối."
REMOVE_FROM_COORDINATORS = ("⚠️ Đồng chí {name} đã bị vô hiệu hóa nhưng bot không tự xóa được khỏi nhóm điều phối "
                            "({why}). Nếu đồng chí ấy còn trong nhóm, đề nghị quản trị viên xóa khỏi nhóm: nhóm vẫn "
                            "nhận các cảnh báo có nội dung chi tiết.")
WHY_NO_RIGHT = "bot chưa được cấp quyền quản trị cấm thành viên trong nhóm"
WHY_CHAT_ADMIN = "đồng chí ấy là chủ hoặc quản trị viên của nhóm"
WHY_PLATFORM = "ứng dụng của nhóm không cho bot xóa thành viên"
WHY_BOT_GONE = "bot không còn ở trong nhóm"
WHY_OTHER = "nền tảng từ chối yêu cầu"

# Who joined, and who gained a role that sees names: the admins hear of it at once.
INVITE_USED = "🔔 Lời mời {role} đồng chí tạo lúc {created} vừa được dùng: {name} đã tham gia Đoàn công tác."
INVITE_USED_CHECK = " Nếu đây không phải người đồng chí mời, hãy vô hiệu hóa ngay trong /thanhvien."
BECAME_BY_INVITE = "🔔 {name} vừa trở thành {role} của Đoàn công tác (theo lời mời của {inviter})."
NAME_SAME_AS = ("Tên này (lấy từ hồ sơ ứng dụng của người dùng, ai cũng tự đặt được) giống tên thành viên đã có: "
                "{names}. Hãy xác minh trước khi tin đó là cùng một người.")
NAME_MIXED_SCRIPTS = ("Tên này lẫn chữ của hai bảng chữ cái (chữ Nga hay chữ Hy Lạp trông giống chữ Việt), cách "
                      "thường dùng để giả danh; hãy xác minh người này.")
INVITER_OPERATOR = "người quản lý máy chủ của bot"
BECAME_BY_ADMIN = "🔔 {name} vừa được {admin} đặt làm {role}."
