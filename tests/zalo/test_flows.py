"""More of the bot on Zalo over real HTTP, typed as a Zalo user types: a difficulty reported and followed up by a
coordinator who acts on the alert in the coordinators' Zalo group by its number, and a nominee recorded with the
worker's consent (and a refusal that records nothing)."""

from __future__ import annotations

from sqlalchemy import select

from models.difficulties import Difficulty, DifficultyStatus
from models.nominees import Nominee
from tests.zalo.test_visit import setup, transcript


async def answers(world, user, *texts):  # type: ignore[no-untyped-def]
    """Type each text; the bot's answer to the last."""
    reply = None
    for text in texts:
        reply = await world.ask(user, text)
    return reply


async def test_a_difficulty_reported_on_zalo_and_forwarded_by_a_coordinator_by_number(zalo_world):
    world = zalo_world
    binh, _chi, _enterprise_id = setup(world)
    admin = world.admin
    await world.ask(admin, "/start")
    coordinators = world.emu.add_group("Điều phối", [admin], [world.bot])
    await admin.mention(coordinators, "/gandieuphoi")
    await world.emu.wait_for_message(coordinators)
    await world.ask(binh, "/start")

    category = await answers(world, binh, "/khokhan", "det may", "1")
    assert "1. Đất đai, mặt bằng" in category.text and "gõ số để chọn" in category.text
    recipient = await answers(world, binh, "1", "Thiếu mặt bằng mở rộng nhà xưởng", "Đề nghị bố trí thêm 2 ha đất")
    assert "1. Ban Quản lý các KCN" in recipient.text
    summary = await world.ask(binh, "1")
    assert "• Gửi đến: Ban Quản lý các KCN" in summary.text and "«lưu»" in summary.text, transcript(world, binh)
    saved = await world.ask(binh, "lưu")
    assert "Đã ghi khó khăn, kiến nghị #1" in saved.text

    await world.settle()
    alert = world.emu.bot_messages(coordinators)[-1]
    assert alert.text.startswith("🆕 Khó khăn, kiến nghị #1") and "1. 📤 Đã chuyển đi" in alert.text
    assert "nhắc bot kèm số" in alert.text and len(alert.text) <= 2000
    # The coordinator mentions the bot with the number in the group; the details are asked privately.
    await admin.mention(coordinators, "1")
    number_question = await world.next(admin)
    assert "Số văn bản chuyển" in number_question.text and "Thiếu mặt bằng" in number_question.text
    reply = await world.ask(admin, "125/BQL-DN")
    for _ in range(4):   # what else the form asks (a date as a numbered list), then the summary
        if "«lưu»" in reply.text:
            break
        reply = await world.ask(admin, "1")
    assert "125/BQL-DN" in reply.text and "«lưu»" in reply.text, transcript(world, admin)
    await world.ask(admin, "lưu")
    await world.settle()
    with world.database.session() as session:
        difficulty = session.scalars(select(Difficulty)).one()
        assert difficulty.status is DifficultyStatus.forwarded
    told = world.emu.bot_messages(binh.private_chat(world.bot))[-1]
    assert "#1" in told.text and "chuyển" in told.text, transcript(world, binh)   # the reporter hears, on Zalo
    assert not [m for m in world.emu.bot_messages(coordinators) if "Nguyễn" in (m.text or "")]


async def test_a_nominee_with_the_workers_consent_typed_on_zalo(zalo_world):
    world = zalo_world
    setup(world)
    admin = world.admin
    await world.ask(admin, "/start")
    consent = await world.ask(admin, "/ungvien")
    assert "1. ✅ Đồng ý" in consent.text and "3. ✖️ Không đồng ý" in consent.text and len(consent.text) <= 2000
    refused = await world.ask(admin, "3")
    assert "Nguyễn" not in refused.text
    with world.database.session() as session:
        assert session.scalars(select(Nominee)).first() is None   # a refusal records nothing

    await world.ask(admin, "/ungvien")
    recorded = await world.ask(admin, "1")
    assert "đã đồng ý" in recorded.text and "Bước 1/" in recorded.text
    unions = await answers(world, admin, "det may", "1", "Nguyễn Văn An", "20/05/1995", "Tổ trưởng tổ may")
    assert "1. ⬜ Công đoàn" in unions.text and "1 3" in unions.text   # several at once, by their numbers
    education = await world.ask(admin, "1 2")
    assert "Đã chọn: Công đoàn, Đoàn Thanh niên" in education.text and "3. Tốt nghiệp THPT" in education.text
    reason = await world.ask(admin, "bỏ qua")                  # an optional question skipped by the typed word
    assert "Vì sao giới thiệu" in reason.text, transcript(world, admin)
    summary = await world.ask(admin, "Gương mẫu, nhiệt tình")
    assert "• Họ và tên: Nguyễn Văn An" in summary.text and "«lưu»" in summary.text
    saved = await world.ask(admin, "lưu")
    assert "Đã ghi hồ sơ quần chúng ưu tú #1" in saved.text, transcript(world, admin)
    with world.database.session() as session:
        nominee = session.scalars(select(Nominee)).one()
        assert nominee.full_name == "Nguyễn Văn An" and len(nominee.consents) == 1

    # Issue 14, defect 11 on Zalo: a worker of 16 is warned of at once, right after the birth date.
    await world.ask(admin, "/ungvien")
    await world.ask(admin, "1")
    warned = await answers(world, admin, "det may", "1", "Trần Thị Bé", "12/03/2005")
    assert "⚠️ Người lao động chưa đủ 18 tuổi (tính theo tháng)" in warned.text, transcript(world, admin)
    assert len(warned.text) <= 2000
