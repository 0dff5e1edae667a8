"""Helpers for the chat-flow tests of pushes: deliver the outbox into the emulator, read what was queued.

Pushes go through the outbox (`deliveries`) in the handler's own transaction. `deliver_pushes` sends what is
due with the project's own sender (scheduler.Dispatcher over bot.push.TelegramOutbound), exactly as the running
bot does once the dispatcher is wired, so a test can press the buttons of an alert in the coordinators' chat.
Calling it when the bot's own dispatcher already sent everything is harmless: a row is claimed once.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.push import TelegramOutbound
from models.deliveries import Delivery
from scheduler import Dispatcher, Pacing


async def deliver_pushes(world) -> int:
    dispatcher = Dispatcher(world.database, TelegramOutbound(world.app.bot), world.clock, Pacing.unlimited(),
                            quiet_hours=None)
    stats = await dispatcher.dispatch_due()
    return stats.rows_sent


def queued(world, key_prefix: str = "") -> list[Delivery]:
    """Outbox rows whose key starts with `key_prefix`, oldest first."""
    with world.database.session() as session:
        rows = session.scalars(select(Delivery).where(Delivery.key.startswith(key_prefix, autoescape=True))
                               .order_by(Delivery.id)).all()
        session.expunge_all()
        return list(rows)


def bot_texts(world, chat) -> list[str]:
    return [m.text or m.caption or "" for m in world.emu.bot_messages(chat)]


def last_containing(world, chat, fragment: str):
    """The newest bot message in `chat` whose text contains `fragment`."""
    for message in reversed(world.emu.bot_messages(chat)):
        if fragment in (message.text or ""):
            return message
    raise AssertionError(f"no bot message with {fragment!r} in {chat!r}: {bot_texts(world, chat)}")
