"""Who of the demo's people belongs to the delegation now, and in what role: the database decides (an invite
redeemed or a role changed with /thanhvien shows on the page at once)."""

from __future__ import annotations

from sqlalchemy import select

from models.db import Database
from models.people import Identity, Member, Role

ROLE_LABELS = {Role.member: "Thành viên", Role.coordinator: "Điều phối", Role.admin: "Quản trị"}
GUEST_LABEL = "Khách (chưa tham gia)"
INACTIVE_LABEL = "Đã ngừng tham gia"


def telegram_platform_id(user_id: int) -> str:
    return f"telegram:{user_id}"


async def current_roles(database: Database, user_ids: list[int]) -> dict[int, tuple[str, str]]:
    """user id → (role key for the page: "member" / "coordinator" / "admin" / "guest" / "inactive", label)."""
    wanted = {telegram_platform_id(user_id): user_id for user_id in user_ids}

    def read(session) -> dict[int, tuple[str, str]]:
        rows = session.execute(select(Identity.platform_id, Member.role, Member.active)
                               .join(Member, Member.id == Identity.member_id)
                               .where(Identity.platform_id.in_(list(wanted))))
        found = {wanted[platform_id]: (role, active) for platform_id, role, active in rows}
        roles: dict[int, tuple[str, str]] = {}
        for user_id in user_ids:
            if user_id not in found:
                roles[user_id] = ("guest", GUEST_LABEL)
                continue
            role, active = found[user_id]
            roles[user_id] = (role.value, ROLE_LABELS[role]) if active else ("inactive", INACTIVE_LABEL)
        return roles

    return await database.run(read)
