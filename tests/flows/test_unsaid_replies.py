"""A turn's replies are kept with its update until the channel has said them: once said they are forgotten; left
behind by a process killed after the commit, they are said by the leader (issue 16 § 2)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from handlers.conversation import Button, Incoming, InputKind, Reply
from models.conversation import InboxUpdate, journal_replies, store_received, take_unsaid
from tests.conftest import eventually


def inbox_rows(world) -> list[InboxUpdate]:
    with world.database.session() as session:
        return list(session.scalars(select(InboxUpdate).order_by(InboxUpdate.id)))


async def test_replies_said_are_forgotten(world):
    await world.ask(world.admin, "/start")
    await world.ask(world.admin, "tim abc")
    await eventually(lambda: [row.replies for row in inbox_rows(world)] == [None, None], "replies forgotten")
    with world.database.session() as session:   # SQL NULL, not JSON null
        assert session.scalar(select(func.count()).where(InboxUpdate.replies.is_not(None))) == 0


async def test_replies_a_killed_process_left_are_said_once_by_the_leader(world):
    await world.ask(world.admin, "/start")
    chat_id = f"telegram:{world.admin.id}"
    source = world.runtime.telegram.channel.source
    left = Reply(chat_id, "Câu trả lời bị bỏ lại", buttons=[[Button.option("Một", "x:1")]])
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    with world.database.session() as session:
        store_received(session, source, [("777", {"update_id": 777})])
        session.execute(update(InboxUpdate).where(InboxUpdate.update_key == "777").values(handled_at=past))
        journal_replies(session, source, "777", {"chat_id": chat_id, "private": True,
                                                 "replies": [left.as_record()]}, past)
    said = await world.runtime.runner.resend_unsaid({source: world.runtime.telegram.channel})
    assert said == 1
    message = await world.emu.wait_for_message(world.admin.private_chat(world.bot),
                                               predicate=lambda m: m.text == "Câu trả lời bị bỏ lại")
    assert message.reply_markup is not None
    assert all(row.replies is None for row in inbox_rows(world))
    assert await world.runtime.runner.resend_unsaid({source: world.runtime.telegram.channel}) == 0


def test_a_reply_held_by_a_live_process_is_not_taken_until_its_hold_runs_out(database):
    now = dt.datetime.now(dt.UTC)
    with database.session() as session:
        store_received(session, "telegram:1", [("1", {}), ("2", {})])
        journal_replies(session, "telegram:1", "1", {"chat_id": "telegram:5", "replies": []},
                        now + dt.timedelta(seconds=20))
        journal_replies(session, "telegram:1", "2", {"chat_id": "telegram:5", "replies": []},
                        now - dt.timedelta(seconds=1))
    with database.session() as session:
        taken = take_unsaid(session, now, now + dt.timedelta(seconds=20))
    assert [key for _, key, _ in taken] == ["2"]
    with database.session() as session:   # now held by the taker
        assert take_unsaid(session, now, now + dt.timedelta(seconds=20)) == []
        assert len(take_unsaid(session, now, now, any_holder=True)) == 2


async def test_a_turn_committed_and_never_shown_has_its_replies_said_by_the_next_leader(world):
    """The window the audit's M4 found: the turn committed, the process gone before its channel said anything."""
    await world.ask(world.admin, "/start")   # Telegram lets a bot write only to whoever wrote to it
    channel = world.runtime.telegram.channel
    chat = world.admin.private_chat(world.bot)
    before = len(world.emu.bot_messages(chat))
    incoming = Incoming(platform="telegram", user_id=f"telegram:{world.admin.id}",
                        chat_id=f"telegram:{world.admin.id}", is_private=True, kind=InputKind.command,
                        command="trogiup", source=channel.source, update_key="900001")
    outcome = await world.runtime.runner.run(channel, incoming)   # committed; nothing said (as if killed now)
    assert outcome.journalled and outcome.replies
    assert len(world.emu.bot_messages(chat)) == before
    # A replay of the same update does nothing: it was handled.
    assert (await world.runtime.runner.run(channel, incoming)).handled_before
    # The next process, alone on its SQLite file, says what was left at its start.
    assert await world.runtime.runner.resend_unsaid({channel.source: channel}, any_holder=True) == 1
    said = world.emu.bot_messages(chat)[before:]   # sent before resend_unsaid returned
    assert [message.text for message in said] == [reply.text for reply in outcome.replies]
    assert all(row.replies is None for row in inbox_rows(world))
