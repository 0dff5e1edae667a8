"""Zalo groups (the bot sees only messages that mention it): a mention without a command gets a short answer,
reminders and escalations reach bound Zalo groups through the outbox, and a coordinator acts on an alert there by
mentioning the bot with the number of a choice."""

from __future__ import annotations

import datetime as dt

from channels.zalo.outbound import zalo_pacing
from models.plan import find_milestone
from scheduler import Dispatcher, SchedulerConfig
from scheduler.tick import run_tick
from tests.scheduler.conftest import import_real_plan, local


async def test_mentions_reminders_and_an_alert_acted_on_by_number(zalo_world):
    world = zalo_world
    lan = world.emu.add_user("Lê Thị Lan")
    world.add_member(lan)
    group = world.emu.add_group("Đoàn công tác KCN", [world.admin, lan], [world.bot])
    coordinators = world.emu.add_group("Điều phối KCN", [world.admin], [world.bot])

    await lan.mention(group, "bot làm được gì?")
    unbound = await world.emu.wait_for_message(group)
    assert "nhắn riêng" in unbound.text and "/ganhom" in unbound.text
    await world.admin.mention(group, "/ganhom")
    assert "nhóm chung" in (await world.emu.wait_for_message(group)).text
    await world.admin.mention(coordinators, "/gandieuphoi")
    assert "điều phối" in (await world.emu.wait_for_message(coordinators)).text
    await lan.mention(group, "cho hỏi")
    bound = await world.emu.wait_for_message(group)
    assert "đã được gắn làm nhóm chung" in bound.text and "/ganhom" not in bound.text
    assert len(bound.text) <= 600   # short

    import_real_plan(world.database)
    world.clock.set(local(2021, 10, 1, 9, 0).astimezone(dt.UTC))   # the bot was down since 28/9
    outbox = Dispatcher(world.database, world.dispatcher.outbound, world.clock, zalo_pacing(1000), quiet_hours=None)
    try:
        await run_tick(world.database, outbox, world.clock, SchedulerConfig())
    finally:
        await outbox.aclose()
    reminders = [m.text for m in world.emu.bot_messages(group)][-1]
    assert reminders.startswith("🗂") and "2 việc" in reminders and len(reminders) <= 2000
    escalation = world.emu.bot_messages(coordinators)[-1].text
    assert escalation.startswith("⚠️ Quá hạn 1 ngày") and "\n1. " in escalation and "nhắc bot kèm số" in escalation

    await world.admin.mention(coordinators, "7")
    wrong = await world.emu.wait_for_message(coordinators)
    assert "chỉ có từ 1 đến 1" in wrong.text
    await world.admin.mention(coordinators, "1")
    done = await world.emu.wait_for_message(coordinators)
    with world.database.session() as session:
        assert find_milestone(session, "1.1").done_at is not None, done.text
