"""Nothing lost in silence (issue 16 § 2, the audit's H2): an alert longer than Telegram takes reaches the
coordinators' chat in parts, its buttons under the last; a push that fails for good and was meant for the
coordinators' chat is told to each admin privately."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from models.deliveries import Delivery, DeliveryStatus, enqueue_delivery
from models.people import ChatPurpose, bound_chat
from tests.flows.pushes import all_sent, pushed, queued
from tests.flows.test_difficulties import people


async def test_a_difficulty_alert_longer_than_a_message_arrives_in_parts_with_its_buttons_last(world):
    binh, _ = people(world)
    await world.ask(world.admin, "/start")
    _, coordinators = await world.bind_chats(binh)
    await world.ask(binh, "/khokhan")
    matches = await world.ask(binh, "det may")
    await binh.press(matches, matches.button_texts[0])
    await binh.press(await world.next(binh), "Đất đai, mặt bằng")
    await world.next(binh)
    description = ("Doanh nghiệp thiếu mặt bằng mở rộng nhà xưởng.\n" * 90)[:3990]
    proposal = ("Đề nghị tỉnh bố trí thêm đất cho doanh nghiệp.\n" * 90)[:3990]
    await world.ask(binh, description)
    recipient = await world.ask(binh, proposal)
    await binh.press(recipient, recipient.button_texts[0])
    await asyncio.sleep(0.5)
    summary = [m for m in world.emu.bot_messages(binh.private_chat(world.bot)) if "💾 Lưu" in m.button_texts][-1]
    await binh.press(summary, "💾 Lưu")
    await pushed(world, coordinators, "Đề nghị tỉnh bố trí thêm đất")
    await all_sent(world)
    (alert,) = queued(world, "difficulty:1:new")
    assert alert.status is DeliveryStatus.sent and len(alert.text) > 4096
    parts = [m for m in world.emu.bot_messages(coordinators) if m.text and m.text in alert.text]
    assert len(parts) >= 2 and all(len(part.text) <= 4096 for part in parts)
    assert "\n".join(part.text for part in parts) == alert.text   # split at line breaks, nothing dropped
    assert [bool(part.button_texts) for part in parts] == [False] * (len(parts) - 1) + [True]


async def test_a_push_to_the_coordinators_chat_that_fails_for_good_is_told_to_each_admin(world):
    binh, _ = people(world)
    await world.ask(world.admin, "/start")
    _, coordinators = await world.bind_chats(binh)
    with world.database.session() as session:
        chat_id = bound_chat(session, ChatPurpose.coordinators)
        # Refused by Telegram for good: a button's data over 64 bytes is a 400, whatever is tried again.
        enqueue_delivery(session, key="alert:too-big", kind="alert", chat_id=chat_id, text="Tin báo thử",
                         due_at=world.clock.now(), payload={"buttons": [[{"text": "x", "data": "x" * 100}]]})
    world.runtime.dispatcher.kick()
    told = await pushed(world, world.admin.private_chat(world.bot), "Không gửi được một thông báo")
    assert "(tin báo)" in told.text and "nhóm điều phối" in told.text
    await all_sent(world)
    with world.database.session() as session:
        failed = session.scalar(select(Delivery).where(Delivery.key == "alert:too-big"))
        assert failed.status is DeliveryStatus.failed
        assert [row.chat_id for row in session.scalars(select(Delivery).where(
            Delivery.kind == "delivery_failed"))] == [f"telegram:{world.admin.id}"]
    world.emu.clear_invalid_calls()


async def test_a_member_is_not_told_coordinators_follow_it_when_no_coordinators_chat_is_bound(world):
    binh, _ = people(world)
    await world.ask(world.admin, "/start")
    await world.ask(binh, "/khokhan")
    matches = await world.ask(binh, "det may")
    await binh.press(matches, matches.button_texts[0])
    await binh.press(await world.next(binh), "Đất đai, mặt bằng")
    await world.next(binh)
    await world.ask(binh, "Thiếu mặt bằng mở rộng nhà xưởng")
    recipient = await world.ask(binh, "Đề nghị bố trí thêm đất")
    await binh.press(recipient, recipient.button_texts[0])
    await asyncio.sleep(0.5)
    summary = [m for m in world.emu.bot_messages(binh.private_chat(world.bot)) if "💾 Lưu" in m.button_texts][-1]
    await binh.press(summary, "💾 Lưu")
    saved = await world.emu.wait_for_message(binh.private_chat(world.bot),
                                             predicate=lambda m: "Đã ghi khó khăn" in (m.text or ""))
    assert "chưa nhận được thông báo" in saved.text and "Điều phối viên sẽ theo dõi" not in saved.text
    assert queued(world, "difficulty:1:new") == []
