"""Helpers for the chat-flow tests of pushes: wait for what the bot's dispatcher sends, read what was queued.

Pushes go through the outbox (`deliveries`) in the handler's own transaction; the bot's dispatcher sends them
paced as Telegram wants (about one a second into a chat), so a push may arrive a few seconds after the action.
`pushed` waits for it — or finds it if it came already. What must *not* be in a chat is checked in the outbox,
which holds everything ever queued for that chat, sent or not.
"""

from __future__ import annotations

from sqlalchemy import select

from models.deliveries import Delivery

PACED_TIMEOUT = 30.0   # generous: a chat may have several pushes queued before the one awaited


async def pushed(world, chat, fragment: str, *, timeout: float = PACED_TIMEOUT):
    """The first bot message in `chat` containing `fragment`, already sent or still to come."""
    def matches(event) -> bool:
        if event.data.get("chat_key") != chat.key:
            return False
        return fragment in (chat.messages[event.data["message_id"]].text or "")

    event = await world.emu.wait_for_event("message", matches, after_seq=0, timeout=timeout)
    return chat.messages[event.data["message_id"]]


def queued(world, key_prefix: str = "") -> list[Delivery]:
    """Outbox rows whose key starts with `key_prefix`, oldest first."""
    with world.database.session() as session:
        rows = session.scalars(select(Delivery).where(Delivery.key.startswith(key_prefix, autoescape=True))
                               .order_by(Delivery.id)).all()
        session.expunge_all()
        return list(rows)


def queued_texts(world, chat) -> list[str]:
    """Everything ever queued for `chat`, sent or not."""
    with world.database.session() as session:
        return list(session.scalars(select(Delivery.text).where(Delivery.chat_id == f"telegram:{chat.id}")
                                    .order_by(Delivery.id)))


async def all_sent(world, *, timeout: float = PACED_TIMEOUT) -> None:
    """Wait until the dispatcher has sent everything queued (so a test ends with nothing in flight)."""
    import asyncio

    from models.deliveries import DeliveryStatus

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        with world.database.session() as session:
            waiting = session.scalars(select(Delivery.key).where(
                Delivery.status.in_((DeliveryStatus.pending, DeliveryStatus.claimed)))).all()
        if not waiting:
            return
        if loop.time() > deadline:
            raise AssertionError(f"still in the outbox after {timeout:.0f}s: {waiting}")
        await asyncio.sleep(0.1)
