"""Joining by invite, the bootstrap admin, and what an unregistered person sees."""

import asyncio
import datetime as dt

from models.people import Role, member_by_platform_id


async def test_unregistered_user_gets_one_polite_message_and_nothing_else(world):
    stranger = world.emu.add_user("Khách", language_code="vi")
    chat = stranger.private_chat(world.bot)
    reply = await world.ask(stranger, "/start")
    assert "đường dẫn mời" in reply.text and not reply.buttons
    reply = await world.ask(stranger, "/thongke")
    assert "đường dẫn mời" in reply.text
    await stranger.send("Hòa Xá")                     # within the hour: not told again…
    reply = await world.ask(stranger, "/start")       # …but /start always answers (updates of one person in order)
    assert "đường dẫn mời" in reply.text
    assert len(world.emu.bot_messages(chat)) == 3
    world.clock.advance(dt.timedelta(hours=1, minutes=1))
    reply = await world.ask(stranger, "Hòa Xá")
    assert "đường dẫn mời" in reply.text and len(world.emu.bot_messages(chat)) == 4


async def test_admin_invites_a_coordinator_who_joins_once(world):
    reply = await world.ask(world.admin, "/start")
    assert "quản trị viên" in reply.text
    choose = await world.ask(world.admin, "/moi")
    await world.admin.press(choose, "Điều phối viên")
    invite = await world.emu.wait_for_edit(choose)
    link = next(word for word in invite.text.split() if word.startswith("https://t.me/doan_bot?start=inv_"))
    code = link.split("start=", 1)[1]

    lan = world.emu.add_user("Lan", "Nguyễn", language_code="vi")
    welcome = await world.ask(lan, f"/start {code}")
    assert "điều phối viên" in welcome.text
    with world.database.session() as session:
        assert member_by_platform_id(session, f"telegram:{lan.id}").role is Role.coordinator

    mai = world.emu.add_user("Mai", language_code="vi")
    refused = await world.ask(mai, f"/start {code}")
    assert "đã được sử dụng" in refused.text


async def test_expired_invite_is_refused(world):
    choose = await world.ask(world.admin, "/moi")
    await world.admin.press(choose, "Thành viên")
    invite = await world.emu.wait_for_edit(choose)
    code = invite.text.split("start=", 1)[1].split()[0]
    world.clock.advance(dt.timedelta(hours=73))
    late = world.emu.add_user("Muộn", language_code="vi")
    reply = await world.ask(late, f"/start {code}")
    assert "hết hạn" in reply.text


async def test_menus_in_vietnamese_english_and_per_role(world):
    default = world.emu.commands(world.bot)
    assert {"command": "tham", "description": "Ghi buổi làm việc với doanh nghiệp"} in default
    assert not any(c["command"] == "moi" for c in default)
    assert any(c["command"] == "visit" for c in world.emu.commands(world.bot, language_code="en"))
    await world.ask(world.admin, "/start")
    for _ in range(500):   # the menu is set right after the welcome is sent
        admin_menu = world.emu.commands(world.bot, scope=f"chat:{world.admin.id}")
        if admin_menu:
            break
        await asyncio.sleep(0.01)
    assert any(c["command"] == "moi" for c in admin_menu)
