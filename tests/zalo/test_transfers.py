"""A temporary transfer of party activity on Zalo: numbered choices, no edits, over the Zalo emulator."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from models.organisations import Transfer
from models.registry import Enterprise, PartyOrgStatus


def transcript(world, user) -> str:
    lines = []
    for message in world.emu.messages(user.private_chat(world.bot)):
        lines.append(f"[{'BOT' if message.from_bot else user.display_name}] {message.text}")
    return "\n".join(lines)


def number_of(message, label: str) -> str:
    """The number typed to choose the option whose line holds `label`."""
    for line in message.text.splitlines():
        number, _, rest = line.partition(". ")
        if number.strip().isdigit() and label in rest:
            return number.strip()
    raise AssertionError(f"no option «{label}» in:\n{message.text}")


async def test_a_temporary_transfer_by_typed_numbers(zalo_world):
    world = zalo_world
    admin = world.admin
    enterprise_id = world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222",
                                         zone="KCN Hòa Xá")
    await world.ask(admin, "/start")
    message = await world.ask(admin, "/chuyensh")
    for step in ("det may nam dinh", "Công ty TNHH Dệt may Nam Định", "Chỉ ghi số lượng", "2", "Đảng bộ xã Mỹ Hà",
                 "Nơi khác", "Chi bộ Công ty Dệt may", "Ngày khác", "01/10/2021", "/boqua"):
        typed = step if step in ("det may nam dinh", "2", "Đảng bộ xã Mỹ Hà", "Chi bộ Công ty Dệt may",
                                 "01/10/2021", "/boqua") else number_of(message, step)
        message = await world.ask(admin, typed)
    assert "Có thể bổ sung: hình thức, tạm thời đến" in message.text, transcript(world, admin)
    assert "• Chuyển về: Nơi khác" in message.text   # the label, not the option's code
    message = await world.ask(admin, "thêm")   # the summary's «➕ Chuyển sinh hoạt tạm thời»
    message = await world.ask(admin, number_of(message, "Tạm thời"))
    message = await world.ask(admin, number_of(message, "Ngày khác"))
    summary = await world.ask(admin, "31/03/2022")
    assert "Tạm thời đến: 31/03/2022" in summary.text, transcript(world, admin)
    saved = await world.ask(admin, "lưu")
    assert "Công ty TNHH Dệt may Nam Định (tạm thời đến 31/03/2022)" in saved.text, transcript(world, admin)
    assert "Sinh hoạt tạm thời từ 01/10/2021 đến 31/03/2022" in saved.text
    listing = await world.ask(admin, "/dschuyensh")
    assert "Công ty TNHH Dệt may Nam Định (tạm thời đến 31/03/2022) · 2 đảng viên" in listing.text, \
        transcript(world, admin)
    assert all(len(m.text) <= 2000 for m in world.emu.messages(admin.private_chat(world.bot)))
    with world.database.session() as session:
        transfer = session.scalars(select(Transfer)).one()
        assert (transfer.temporary, transfer.temporary_until, transfer.member_count) == (
            True, dt.date(2022, 3, 31), 2)
        enterprise = session.get(Enterprise, enterprise_id)
        assert enterprise.official_members == 0 and enterprise.party_org_status is PartyOrgStatus.none
