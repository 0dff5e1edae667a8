"""A member on Zalo logs a visit with typed numbers and words, over real HTTP against the Zalo emulator."""

from __future__ import annotations

from sqlalchemy import select

from models.visits import Visit


def transcript(world, user) -> str:
    """The private chat as the person reads it, for a failing assertion or `-s`."""
    lines = []
    for message in world.emu.messages(user.private_chat(world.bot)):
        who = "BOT" if message.from_bot else user.display_name
        lines.append(f"[{who}] {message.text}")
    return "\n".join(lines)


def setup(world):
    binh = world.emu.add_user("Phạm Văn Bình")
    world.add_member(binh)
    chi = world.emu.add_user("Lê Thị Chi")
    world.add_member(chi)
    enterprise_id = world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222",
                                         zone="KCN Hòa Xá", latitude=20.42, longitude=106.15)
    world.add_enterprise(name="Công ty CP Cơ khí Mỹ Trung", tax_code="0600333444", zone="KCN Mỹ Trung")
    return binh, chi, enterprise_id


async def test_a_whole_visit_by_typed_numbers(zalo_world):
    world = zalo_world
    binh, chi, enterprise_id = setup(world)
    admin = world.admin
    welcome = await world.ask(admin, "/start")
    assert "Trần Văn Hùng" in welcome.text
    group = world.emu.add_group("Đoàn công tác KCN", [admin, binh, chi], [world.bot])
    await admin.mention(group, "/ganhom")
    bound = await world.emu.wait_for_message(group)
    assert "nhóm chung" in bound.text

    count = 0

    async def say(text):
        nonlocal count
        count += 1
        return await world.ask(admin, text)

    question = await say("/tham")
    assert "doanh nghiệp nào" in question.text
    matches = await say("det may nam dinh")
    assert "1. Công ty TNHH Dệt may Nam Định" in matches.text and "gõ số để chọn" in matches.text
    date_question = await say("1")
    assert "ngày nào" in date_question.text and "1. Hôm nay" in date_question.text
    members_question = await say("1")
    assert "Phạm Văn Bình" in members_question.text
    numbers = {line.split(". ", 1)[1].split(" ", 1)[1]: line.split(".", 1)[0]
               for line in members_question.text.splitlines() if line[:1].isdigit() and ". " in line}
    counts_question = await say(f"{numbers['Phạm Văn Bình']} {numbers['Lê Thị Chi']}")
    assert "4 số" in counts_question.text, transcript(world, admin)
    evidence_question = await say("4 1 350 2")
    assert "tọa độ" in evidence_question.text
    summary = await say("xong")
    assert "Dệt may Nam Định" in summary.text and "Lê Thị Chi, Phạm Văn Bình" in summary.text, transcript(world, admin)
    assert "«lưu»" in summary.text
    saved = await say("lưu")
    assert "Đã lưu" in saved.text, transcript(world, admin)
    await world.settle()
    with world.database.session() as session:
        visit = session.scalars(select(Visit)).one()
        assert visit.enterprise_id == enterprise_id
    assert any("Dệt may Nam Định" in (m.text or "") for m in world.emu.bot_messages(group))
    bot_messages = len([m for m in world.emu.bot_messages(admin.private_chat(world.bot))]) - 1   # not /start's
    print(f"\n{transcript(world, admin)}\n\ninteractions {count}, bot messages {bot_messages}")
    assert count <= 12
    assert max(len(m.text or "") for m in world.emu.sent_messages()) <= 2000


async def test_spellings_typed_on_a_phone_find_the_enterprise_by_number(zalo_world):
    """Issue 14, defect 6 on Zalo: "hoa sa" (s/x) and "hoaxa" (no space) list the zone's enterprises to type."""
    world = zalo_world
    setup(world)
    world.add_enterprise(name="Công ty TNHH Nhựa Hòa Bình", tax_code="0601000008", zone="KCN Mỹ Thuận")
    world.add_enterprise(name="Công ty TNHH Giày da Sơn Trà", tax_code="0601000002", zone="KCN Hòa Xá")
    admin = world.admin
    await world.ask(admin, "/start")
    for typed in ("hoa sa", "hoaxa"):
        question = await world.ask(admin, "/tham")
        assert "doanh nghiệp nào" in question.text
        matches = await world.ask(admin, typed)
        assert "Công ty TNHH Dệt may Nam Định" in matches.text and "Giày da Sơn Trà" in matches.text, matches.text
        assert "Hòa Bình" not in matches.text and "Mỹ Trung" not in matches.text
        await world.ask(admin, "/huy")
    card = await world.ask(admin, "giay da son cha")
    assert "Giày da Sơn Trà" in card.text and "Mã số thuế: 0601000002" in card.text, transcript(world, admin)
