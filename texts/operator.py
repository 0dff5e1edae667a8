"""Wording for the operator's command line: backups, copying the database, `doctor`, retention, the audit log."""

from __future__ import annotations

from pathlib import Path

from texts.format import number as _thousands

# ----------------------------------------------------------------------------------------------- db tools

SQLITE_IN_MEMORY = "Cơ sở dữ liệu đang ở trong bộ nhớ (sqlite:///:memory:): không có tệp nào để sao lưu hay phục hồi."
PG_DUMP_FAILED = "pg_dump không sao lưu được. Lỗi nó báo:"
PG_RESTORE_FAILED = ("pg_restore không phục hồi được; cơ sở dữ liệu vẫn như trước khi chạy lệnh "
                     "(phục hồi trong một giao dịch). Lỗi nó báo:")
COPY_ONTO_ITSELF = "Đích sao chép trùng với cơ sở dữ liệu đang dùng (DATABASE_URL). Hãy chỉ ra một cơ sở dữ liệu khác."


def sqlite_missing(path: Path) -> str:
    return f"Không thấy tệp cơ sở dữ liệu «{path}». Kiểm tra DATABASE_URL và thư mục đang chạy lệnh."


def backup_missing(path: Path) -> str:
    return f"Không thấy tệp sao lưu «{path}»."


def not_a_sqlite_backup(path: Path) -> str:
    return (f"«{path}» không phải bản sao lưu SQLite. Bản sao lưu của PostgreSQL (pg_dump) chỉ phục hồi được "
            f"vào PostgreSQL; để chuyển dữ liệu giữa hai loại, dùng «delegation-bot db copy --to URL».")


def not_a_pg_backup(path: Path) -> str:
    return (f"«{path}» không phải bản sao lưu PostgreSQL dạng custom (pg_dump -Fc). Bản sao lưu SQLite chỉ phục "
            f"hồi được vào SQLite; để chuyển dữ liệu giữa hai loại, dùng «delegation-bot db copy --to URL».")


def damaged_backup(path: Path) -> str:
    return f"Tệp sao lưu «{path}» bị hỏng (PRAGMA integrity_check báo lỗi). Hãy dùng một bản sao lưu khác."


def not_our_backup(path: Path) -> str:
    return f"«{path}» là một cơ sở dữ liệu SQLite nhưng không phải của bot này (không có bảng alembic_version)."


def pg_binary_missing(name: str) -> str:
    return (f"Không tìm thấy chương trình «{name}». Cài gói công cụ PostgreSQL cùng phiên bản với máy chủ "
            f"(Debian/Ubuntu: apt-get install postgresql-client), rồi chạy lại lệnh.")


def pg_binary_too_old(name: str, version: str, server: int) -> str:
    return (f"«{name}» trên máy này ({version or 'không rõ phiên bản'}) cũ hơn máy chủ PostgreSQL {server}; "
            f"nó sẽ không sao lưu hay phục hồi đúng. Cài postgresql-client-{server} (hoặc mới hơn) rồi chạy lại.")


def target_not_empty(filled: dict[str, int]) -> str:
    tables = ", ".join(f"{name} ({_thousands(count)} dòng)" for name, count in sorted(filled.items()))
    return (f"Cơ sở dữ liệu đích đã có dữ liệu: {tables}. Không sao chép để khỏi ghi đè. Nếu chắc chắn muốn "
            f"xóa hết dữ liệu ở đích rồi chép lại, thêm --replace.")


def count_mismatch(table: str, expected: int, landed: int) -> str:
    return (f"Bảng {table}: nguồn có {_thousands(expected)} dòng nhưng đích có {_thousands(landed)}. Đã hủy "
            f"toàn bộ lần sao chép; đích vẫn như trước.")


def backup_done(path: Path, size: int) -> str:
    return f"Đã sao lưu vào «{path}» ({_thousands(size)} byte)."


def restore_done(path: Path, revision: str | None, kept: Path | None) -> str:
    message = f"Đã phục hồi từ «{path}»; cơ sở dữ liệu ở phiên bản {revision}."
    if kept is not None:
        message += f" Bản trước khi phục hồi được giữ ở «{kept}»."
    return message


RESTORE_CONFIRM = "Phục hồi sẽ thay toàn bộ dữ liệu hiện có bằng bản sao lưu. Bot phải đang dừng. Tiếp tục?"
ABORTED = "Đã hủy; không có gì thay đổi."


def copy_table_line(table: str, rows: int) -> str:
    return f"  {table}: {_thousands(rows)} dòng"


def copy_done(total: int, tables: int, revision: str | None) -> str:
    return (f"Đã chép {_thousands(total)} dòng của {tables} bảng; số dòng từng bảng ở đích khớp với nguồn. "
            f"Đích ở phiên bản {revision}. Đổi DATABASE_URL sang đích rồi khởi động lại bot.")


# ----------------------------------------------------------------------------------------------- retention

def prune_done(outbox_texts: int, draft_files: int, audit_entries: int) -> str:
    return (f"Đã xóa nội dung {_thousands(outbox_texts)} thông báo đã gửi quá hạn lưu, "
            f"{_thousands(draft_files)} tệp dự thảo báo cáo và {_thousands(audit_entries)} dòng nhật ký kiểm tra "
            f"quá hạn lưu.")


# ----------------------------------------------------------------------------------------------- the audit log

ENTITY_LABELS = {"nominee": "hồ sơ quần chúng ưu tú", "transfer": "việc chuyển sinh hoạt đảng"}
ACTION_LABELS = {
    "nominee.create": "tạo hồ sơ",
    "nominee.read": "xem hồ sơ",
    "nominee.list": "xem danh sách có tên",
    "nominee.stage": "chuyển bước",
    "nominee.erase": "xóa dữ liệu cá nhân",
    "transfer.create": "ghi nhận",
    "transfer.read": "xem tên người chuyển",
    "transfer.list": "xuất danh sách có tên",
    "transfer.letter_issued": "ghi ngày cấp giấy giới thiệu",
    "transfer.completed": "ghi đã xuất trình giấy giới thiệu",
}
UNKNOWN_ENTITY = "Chỉ tra được: {entities}."


def who_saw_title(entity: str, entity_id: int, count: int) -> str:
    label = ENTITY_LABELS.get(entity, entity)
    if count == 0:
        return f"Không có ai đọc hay thay đổi {label} #{entity_id} trong nhật ký kiểm tra."
    return f"{label.capitalize()} #{entity_id}: {_thousands(count)} lần đọc hoặc thay đổi được ghi lại."


def who_saw_line(when: str, who: str, actor: str, action: str, others: int) -> str:
    label = ACTION_LABELS.get(action, action)
    among = f", cùng {_thousands(others)} hồ sơ khác" if others else ""
    return f"{when} — {who} ({actor}) — {label}{among}"


# ----------------------------------------------------------------------------------------------- invites

ROLE_LABELS = {"member": "thành viên", "coordinator": "điều phối viên", "admin": "quản trị viên"}
INVITE_TELEGRAM_LINK = "Trên Telegram, người được mời mở đường dẫn:"
INVITE_ZALO_HOW = "Trên Zalo, người được mời nhắn riêng cho bot đúng mã ở trên."


def invite_created(role: str, expires: str, name: str | None) -> str:
    who = f" cho {name}" if name else ""
    return f"Lời mời {ROLE_LABELS[role]}{who} (dùng một lần, hết hạn lúc {expires}). Mã mời:"


# `members list` and `members position`.
NO_MEMBERS = "Chưa có thành viên nào."
POSITION_LABELS = {"head": "Trưởng đoàn", "deputy": "Phó Trưởng đoàn", "member": "Thành viên"}


def member_line(member_id: int, name: str, role: str, active: bool, position: str | None, side: str | None) -> str:
    held = POSITION_LABELS[position] + (f" — {side}" if side else "") if position else "chưa đặt chức danh"
    return f"{member_id}\t{name}\t{ROLE_LABELS[role]}\t{held}" + ("" if active else "\t(đã vô hiệu hóa)")


def position_set(name: str, position: str | None, side: str | None) -> str:
    if position is None:
        return f"Đã bỏ chức danh trong Đoàn của {name}."
    return f"Đã đặt {name}: {POSITION_LABELS[position]}" + (f" (bên {side})" if side else "") + "."
