"""Wording for `delegation-bot doctor`: what each check found and what to do about it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from texts.format import number

SETTINGS = "Cấu hình"
TIMEZONE = "Múi giờ"
DATABASE = "Cơ sở dữ liệu"
FILES = "Quyền tệp"
TELEGRAM = "Telegram"
WEBHOOK = "Webhook Telegram"
ZALO = "Zalo"
ZALO_WEBHOOK = "Webhook Zalo"

SETTINGS_OK = "đọc được cấu hình (.env và biến môi trường)."
SETTINGS_FIX = ("Sửa giá trị đó trong tệp .env (xem .env.example) hoặc biến môi trường, rồi chạy lại «delegation-bot "
                "doctor».")
NO_BOOTSTRAP_ADMIN = "chưa có BOOTSTRAP_ADMIN_IDS: chưa ai được làm quản trị viên khi bot khởi động."
NO_BOOTSTRAP_ADMIN_FIX = "Nếu chưa có quản trị viên nào, thêm BOOTSTRAP_ADMIN_IDS=<mã Telegram của đồng chí> vào .env."


def settings_invalid(error: str) -> str:
    return f"cấu hình sai — {error}"


def timezone_unknown(name: str) -> str:
    return f"không nạp được múi giờ «{name}»."


TIMEZONE_DATA_FIX = "Cài dữ liệu múi giờ (Debian/Ubuntu: apt-get install tzdata) hoặc sửa TIMEZONE trong .env."


def timezone_unusual(name: str, expected: str) -> str:
    return f"TIMEZONE là «{name}», không phải {expected}: giờ nhắc việc và ngày tháng sẽ lệch với giờ Việt Nam."


def timezone_unusual_fix(expected: str) -> str:
    return f"Nếu không cố ý, đặt TIMEZONE={expected} trong .env."


def timezone_ok(name: str, now: dt.datetime) -> str:
    return f"{name}, bây giờ là {now:%H:%M} ngày {now:%d/%m/%Y}."


def database_unreachable(error: str) -> str:
    return f"không kết nối được ({error})."


def database_unreachable_fix(sqlite: bool) -> str:
    if sqlite:
        return "Kiểm tra DATABASE_URL và quyền ghi vào thư mục chứa tệp cơ sở dữ liệu."
    return ("Kiểm tra DATABASE_URL (máy, cổng, tên, mật khẩu) và PostgreSQL đang chạy "
            "(systemctl status postgresql).")


def database_reachable(dialect: str) -> str:
    return f"kết nối được ({'PostgreSQL' if dialect == 'postgresql' else 'SQLite'})."


def revision_behind(current: str | None, head: str | None) -> str:
    return f"lược đồ ở phiên bản {current or '(trống)'}, bản mới nhất là {head}."


REVISION_FIX = ("Chạy «delegation-bot db upgrade» (bot cũng tự nâng khi khởi động; sao lưu trước: «delegation-bot db "
                "backup TỆP»).")


def revision_ok(head: str | None) -> str:
    return f"lược đồ ở phiên bản mới nhất ({head})."


def readable_by_others(path: Path, mode: int) -> str:
    return f"«{path}» có quyền {mode:o}: người dùng khác trên máy đọc được dữ liệu cá nhân."


def readable_by_others_fix(path: Path, private: int) -> str:
    return f"Chạy «chmod {private:o} {path}» (bot tạo tệp mới với quyền chỉ chủ sở hữu đọc được)."


def files_private(path: Path) -> str:
    return f"«{path}» và thư mục của nó chỉ chủ sở hữu đọc được."


TELEGRAM_TOKEN_REFUSED = "Telegram từ chối token (getMe): token sai hoặc đã bị thu hồi."
TELEGRAM_TOKEN_FIX = "Lấy token của bot từ @BotFather (/token) và đặt TELEGRAM_BOT_TOKEN trong .env."


def telegram_unreachable(error: str) -> str:
    return f"không gọi được Bot API ({error})."


def telegram_unreachable_fix(base_url: str) -> str:
    return (f"Kiểm tra máy chủ ra được Internet tới {base_url.split('/bot')[0]} (tường lửa, proxy, DNS) và "
            f"TELEGRAM_BASE_URL.")


def telegram_ok(username: str, bot_id: int) -> str:
    return f"token hợp lệ: @{username} (id {bot_id})."


NO_WEBHOOK = "chưa đặt webhook: bot nhận cập nhật bằng long polling («delegation-bot run»)."


def webhook_set(url: str) -> str:
    return f"đặt tại {url}."


def webhook_failing(error: str, when: dt.datetime | None) -> str:
    moment = f" lúc {when.astimezone(dt.timezone(dt.timedelta(hours=7))):%H:%M %d/%m/%Y}" if when else ""
    return f"Telegram không gửi được cập nhật tới webhook{moment}: {error}."


WEBHOOK_FAILING_FIX = ("Kiểm tra bot đang chạy với --webhook, proxy TLS (nginx/caddy) chuyển tiếp đúng cổng, "
                       "chứng chỉ còn hạn; xem docs/deploy.md.")
WEBHOOK_NO_SECRET = "webhook đang đặt nhưng chưa có WEBHOOK_SECRET: bot sẽ tự sinh mỗi lần khởi động."
WEBHOOK_NO_SECRET_FIX = "Đặt WEBHOOK_SECRET (chữ, số, _ và -) trong .env để nhiều tiến trình dùng chung."


def many_pending(count: int) -> str:
    return f"{number(count)} cập nhật đang chờ ở Telegram chưa được bot nhận."


MANY_PENDING_FIX = "Kiểm tra bot đang chạy («systemctl status delegation-bot») và nhật ký của nó."


def check_crashed(error: str) -> str:
    return f"không kiểm tra được ({error})."


CHECK_CRASHED_FIX = "Báo lỗi này cho người phát triển kèm toàn bộ kết quả của «delegation-bot doctor»."


def summary(errors: int, warnings: int) -> str:
    if errors:
        return f"\n❌ Có {errors} lỗi cần sửa" + (f" và {warnings} cảnh báo." if warnings else ".")
    if warnings:
        return f"\n⚠️  Không có lỗi; {warnings} cảnh báo."
    return "\n✅ Mọi thứ sẵn sàng."


TELEGRAM_NOT_CONFIGURED = "chưa đặt TELEGRAM_BOT_TOKEN: bot chỉ chạy trên Zalo."

# ----------------------------------------------------------------------------------------------- Zalo

ZALO_NOT_CONFIGURED = "chưa đặt ZALO_BOT_TOKEN: kênh Zalo không chạy (chỉ Telegram)."
ZALO_TOKEN_REFUSED = "Zalo từ chối token (getMe): token sai hoặc đã bị đổi."
ZALO_TOKEN_FIX = ("Lấy token của bot trong Zalo Bot Creator (mục quản lý bot) và đặt ZALO_BOT_TOKEN trong .env; "
                  "xem README, mục Zalo.")


def zalo_unreachable(error: str) -> str:
    return f"không gọi được Bot API của Zalo ({error})."


def zalo_unreachable_fix(base_url: str) -> str:
    return f"Kiểm tra máy chủ ra được Internet tới {base_url} (tường lửa, proxy, DNS) và ZALO_BASE_URL."


def zalo_ok(account_name: str, bot_id: str) -> str:
    return f"token hợp lệ: {account_name} (id {bot_id})."


ZALO_NO_WEBHOOK = "chưa đặt webhook: bot nhận tin Zalo bằng long polling («delegation-bot run»)."
ZALO_WEBHOOK_NO_SECRET = ("webhook Zalo đang đặt nhưng chưa có ZALO_WEBHOOK_SECRET: bot sẽ tự sinh mỗi lần khởi "
                          "động.")
ZALO_WEBHOOK_NO_SECRET_FIX = "Đặt ZALO_WEBHOOK_SECRET (8–256 ký tự) trong .env để nhiều tiến trình dùng chung."
