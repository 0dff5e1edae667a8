"""Wording of `delegation-bot bodies`: the names of bodies by role, as the bodies file gives them for a date."""

from __future__ import annotations

import datetime as dt

HELP = "Tên các cơ quan theo vai trò và ngày áp dụng (tệp tên cơ quan, BODIES_FILE)."
SHOW_HELP = "In tên cơ quan của từng vai trò áp dụng vào một ngày (mặc định hôm nay), kèm ngày bắt đầu áp dụng."
ON_HELP = "Xem như vào ngày này (YYYY-MM-DD hoặc DD/MM/YYYY)."
ZONE_HELP = "Khu công nghiệp (tên như trong danh sách doanh nghiệp), khi khu có cơ quan riêng."
TAX_CODE_HELP = "Mã số thuế của doanh nghiệp, khi doanh nghiệp có cơ quan riêng."
TITLE = "Tên cơ quan áp dụng ngày {day}:"
ENDED = "(đã kết thúc)"


def line(role: str, name: str | None, short: str | None, since: dt.date, note: str) -> str:
    shown = name or ENDED
    if short and short != name:
        shown += f" — viết tắt: {short}"
    text = f"  {role:<26} {shown} (từ {since:%d/%m/%Y})"
    return text + (f"\n  {'':<26} ⚠ {note}" if note else "")
