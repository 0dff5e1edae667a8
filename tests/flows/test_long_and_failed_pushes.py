"""Nothing lost in silence (issue 16 § 2, the audit's H2): an alert longer than Telegram takes reaches the
coordinators' chat in parts, its buttons under the last; a push that fails for good and was meant for the
coordinators' chat is told to each admin privately."""

from __future__ import annotations

import asyncio
import datetime as dt

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


def _long_alert(world, chat_id: str, key: str) -> str:
    text = "\n".join(f"Dòng {n}: doanh nghiệp đề nghị tỉnh bố trí thêm đất mở rộng nhà xưởng." for n in range(130))
    assert len(text) > 2 * 4096
    with world.database.session() as session:
        enqueue_delivery(session, key=key, kind="alert", chat_id=chat_id, text=text, due_at=world.clock.now(),
                         payload={"buttons": [[{"text": "✅ Đã xem", "data": "x:1"}]]})
    return text


def _parts_in(world, chat, text: str) -> list:
    return [m for m in world.emu.bot_messages(chat) if m.text and m.text in text]


async def test_a_long_push_that_fails_after_its_first_part_sends_only_the_rest_when_tried_again(world):
    binh, _ = people(world)
    await world.ask(world.admin, "/start")
    _, coordinators = await world.bind_chats(binh)
    await all_sent(world)
    dispatcher = world.runtime.dispatcher
    dispatcher.lane_retries = 0   # the row goes back to the outbox at once: the next try reads it from there
    # With this seed the first sendMessage passes and the second gets a 502: part 1 arrives, part 2 does not.
    world.emu.faults.set(0.5, "5xx", methods={"sendMessage"}, seed=10)
    with world.database.session() as session:
        chat_id = bound_chat(session, ChatPurpose.coordinators)
    text = _long_alert(world, chat_id, "alert:long")
    dispatcher.kick()
    first = await pushed(world, coordinators, "Dòng 0:")
    for _ in range(100):
        (row,) = queued(world, "alert:long")
        if row.status is DeliveryStatus.pending and row.last_error:
            break
        await asyncio.sleep(0.05)
    assert row.status is DeliveryStatus.pending and (row.payload or {}).get("parts_sent") == 1   # on the row
    assert world.emu.faults.injected["5xx"] == 1 and _parts_in(world, coordinators, text) == [first]
    world.emu.faults.clear()
    world.clock.advance(dt.timedelta(hours=1))
    dispatcher.kick()
    await all_sent(world)
    parts = _parts_in(world, coordinators, text)
    assert len(parts) == 3 and parts[0] is first   # 8,000-odd characters: three parts, the first not again
    assert "\n".join(part.text for part in parts) == text
    assert [bool(part.button_texts) for part in parts] == [False, False, True]
    (row,) = queued(world, "alert:long")
    assert row.status is DeliveryStatus.sent


async def test_a_long_push_held_back_by_flood_control_after_its_first_part_goes_on_from_the_second(world):
    # A chat that takes one message at a time: the second part is answered 429. Sending the first again at each
    # try would be answered 429 at its second part for ever; the try after the wait sends only what is missing.
    await world.ask(world.admin, "/start")
    await all_sent(world)
    world.emu.limits.enable(per_chat_burst=1, per_chat_per_second=1.0)
    chat = world.admin.private_chat(world.bot)
    text = _long_alert(world, f"telegram:{world.admin.id}", "alert:flood")
    world.runtime.dispatcher.kick()
    await pushed(world, chat, "Dòng 129:")
    await all_sent(world)
    parts = _parts_in(world, chat, text)
    assert len(parts) == 3 and "\n".join(part.text for part in parts) == text
    assert world.emu.limits.rejected >= 1
    world.emu.limits.disable()
