"""Zalo's monthly quota spent: pushes wait in the outbox (nothing lost, nothing past its expiry dropped), Zalo is not
asked again that month, and when the month turns each chat gets one digest instead of a burst."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from channels.zalo.outbound import zalo_pacing
from models.deliveries import Delivery, DeliveryStatus, enqueue_delivery
from models.people import Identity
from scheduler import Dispatcher
from scheduler.pacing import Pacer


async def test_pushes_wait_for_the_month_and_arrive_as_one_digest_per_chat(zalo_world):
    world = zalo_world
    lan = world.emu.add_user("Lê Thị Lan")
    world.add_member(lan)
    await world.ask(lan, "/start")   # a Zalo chat exists once the person wrote to the bot
    group = world.emu.add_group("Đoàn công tác KCN", [world.admin, lan], [world.bot])
    await world.admin.mention(group, "/ganhom")
    await world.emu.wait_for_message(group)
    with world.database.session() as session:
        lan_id = session.scalar(select(Identity.member_id).where(Identity.platform_id == f"zalo:{lan.id}"))
    group_id, lan_chat = f"zalo:{group.id}", f"zalo:{lan.id}"
    # The pacer's holds run on the test's clock, so that the month can turn within the test.
    clock = world.clock
    outbox = Dispatcher(world.database, world.dispatcher.outbound, clock, quiet_hours=None,
                        pacer=Pacer(zalo_pacing(1000), monotonic=lambda: clock.now().timestamp()))

    def enqueue(key: str, chat_id: str, text: str, member_id: int | None = None) -> None:
        now = world.clock.now()
        with world.database.session() as session:
            enqueue_delivery(session, key=key, kind="milestone_reminder", chat_id=chat_id, text=text, due_at=now,
                             member_id=member_id, expires_at=now + dt.timedelta(days=2))

    world.emu.quota.set(monthly=world.emu.quota.used)    # this month's messages are used up
    group_before, lan_before = len(world.emu.bot_messages(group)), len(world.emu.bot_messages(lan.private_chat()))
    enqueue("r1", group_id, "Nhắc việc 1: hạn nộp báo cáo quý")
    enqueue("n1", lan_chat, "Đồng chí còn 2 doanh nghiệp chưa đến", lan_id)
    await outbox.dispatch_due()
    asked = world.emu.quota.rejected
    assert 1 <= asked <= 2   # at most once per chat in flight when Zalo first refused

    world.clock.advance(dt.timedelta(days=5))            # later that month: more reminders, Zalo is not asked
    enqueue("r2", group_id, "Nhắc việc 2: rà soát đảng viên")
    enqueue("r3", group_id, "Nhắc việc 3: họp giao ban")
    enqueue("n2", lan_chat, "Đồng chí còn 1 doanh nghiệp chưa đến", lan_id)
    await outbox.dispatch_due()
    assert world.emu.quota.rejected == asked
    with world.database.session() as session:
        waiting = session.scalars(select(Delivery).where(Delivery.key.in_(["r1", "r2", "r3", "n1", "n2"]))).all()
        assert {row.status for row in waiting} == {DeliveryStatus.pending}
        assert all(row.expires_at is None and row.next_attempt_at > world.clock.now() for row in waiting
                   if row.key in ("r1", "n1"))
    assert len(world.emu.bot_messages(group)) == group_before

    world.emu.quota.set(monthly=None)                     # the month turned
    world.clock.advance(dt.timedelta(days=40))
    await outbox.dispatch_due()
    group_new = world.emu.bot_messages(group)[group_before:]
    lan_new = world.emu.bot_messages(lan.private_chat())[lan_before:]
    assert len(group_new) == 1 and len(lan_new) == 1, [m.text for m in group_new + lan_new]
    digest = group_new[0].text
    assert digest.startswith("🗂 3 thông báo") and all(f"Nhắc việc {n}" in digest for n in (1, 2, 3))
    assert "2 doanh nghiệp" in lan_new[0].text and "1 doanh nghiệp" in lan_new[0].text
    with world.database.session() as session:
        rows = session.scalars(select(Delivery).where(Delivery.key.in_(["r1", "r2", "r3", "n1", "n2"]))).all()
        assert {row.status for row in rows} == {DeliveryStatus.sent}
    await outbox.aclose()
