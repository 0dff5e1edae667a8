"""Wording of the Zalo channel's own notices: the plan's monthly message quota."""

from __future__ import annotations

QUOTA_WARNING = ("⚠️ Bot đã gửi {used}/{quota} tin nhắn Zalo trong tháng {month} (hạn mức của gói Zalo Bot). Khi "
                 "hết hạn mức, Zalo ngừng nhận tin của bot đến đầu tháng sau; nhắc việc sẽ chờ và gửi gộp. Nếu cần, "
                 "nâng gói trong Zalo Bot Creator hoặc đặt ZALO_MONTHLY_MESSAGE_QUOTA cho đúng gói.")
QUOTA_SPENT = ("⛔ Zalo báo bot đã hết hạn mức tin nhắn tháng {month}: tin gửi qua Zalo (trả lời, nhắc việc) tạm "
               "dừng đến đầu tháng sau, nhắc việc được giữ lại và gửi gộp khi Zalo nhận lại. Trên Telegram bot vẫn "
               "làm việc bình thường.")
