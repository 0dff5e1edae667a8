"""The outbox's sender on Zalo, and the watch on the plan's monthly message quota.

`ZaloOutbound.send` renders a push as Zalo can show it (buttons as a numbered list, offered in that chat like a
reply's), splits it under 2,000 characters, and reports failures in the scheduler's terms (the client's): Zalo's
429 is `QuotaSpent`, a wait until the month turns, so pushes wait in the outbox and go out together as one
bundled message per chat when the quota comes back (the dispatcher bundles what fell due long ago).

`QuotaWatch` counts every message sent on Zalo (replies and pushes) per month; at 80 % of
`ZALO_MONTHLY_MESSAGE_QUOTA` the admins are warned once, and when Zalo refuses a message for the quota they are
told once — on Telegram where they have it, since Zalo will not carry it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from channels.numbered import button_dicts, render
from channels.text import split_long_text
from channels.zalo.channel import MAX_TEXT, PLATFORM, raw_chat_id
from channels.zalo.client import QuotaSpent, ZaloClient, seconds_until_next_month
from channels.zalo.documents import Documents, File
from models.channel_usage import count_sent, mark_once
from models.clock import Clock
from models.db import Database
from models.deliveries import PARTS_SENT, enqueue_delivery
from models.offered_choices import offer_choices
from models.people import Member, active_admins, bound_chats, push_chat_of
from scheduler.outbound import PermanentFailure, SendError
from scheduler.pacing import Pacing
from texts import zalo as t

log = logging.getLogger(__name__)
WARN_AT = 0.8


def zalo_pacing(messages_per_second_per_chat: float = 1.0) -> Pacing:
    """Zalo publishes no rates: one message a second into a chat by default, groups likewise, 30 a second overall."""
    interval = 1.0 / messages_per_second_per_chat
    return Pacing(overall_per_second=30, per_chat_interval=interval, per_chat_burst=1,
                  group_per_minute=max(1, int(60 * messages_per_second_per_chat)), is_group=lambda _chat: False)


class QuotaWatch:
    def __init__(self, database: Database, clock: Clock, monthly_quota: int) -> None:
        self.database = database
        self.clock = clock
        self.monthly_quota = monthly_quota

    def month(self) -> str:
        return self.clock.now().astimezone(self.clock.tz).strftime("%Y-%m")

    async def sent(self, chat_id: str, count: int = 1) -> None:
        month, now, quota = self.month(), self.clock.now(), self.monthly_quota

        def unit(session) -> None:
            total = count_sent(session, PLATFORM, month, count)
            if quota and total >= WARN_AT * quota and mark_once(session, PLATFORM, month, "warned", now):
                _tell_admins(session, f"zalo-quota-warned:{month}", t.QUOTA_WARNING.format(
                    used=_thousands(total), quota=_thousands(quota), month=_month_label(month)), now)

        await self.database.run(unit)

    async def failed(self, error: SendError) -> None:
        if not isinstance(error, QuotaSpent):
            return
        month, now = self.month(), self.clock.now()

        def unit(session) -> None:
            if mark_once(session, PLATFORM, month, "spent", now):
                _tell_admins(session, f"zalo-quota-spent:{month}", t.QUOTA_SPENT.format(month=_month_label(month)),
                             now)

        await self.database.run(unit)


def _tell_admins(session, key: str, text: str, now) -> None:
    """Each admin once, in the private chat of the account that is not Zalo when they have one."""
    for admin in active_admins(session):
        chat_id = _preferred_chat(admin)
        if chat_id is not None:
            enqueue_delivery(session, key=f"{key}:{admin.id}", kind="alert", chat_id=chat_id, text=text, due_at=now,
                             member_id=admin.id, payload={"pinned_chat": True})


def _preferred_chat(member: Member) -> str | None:
    last = push_chat_of(member)
    chats = [chat for chat in [last] if chat] + [identity.private_chat_id for identity in member.identities
                                                  if identity.private_chat_id and identity.private_chat_id != last]
    others = [chat for chat in chats if not chat.startswith(f"{PLATFORM}:")]
    preferred = others or chats
    return preferred[0] if preferred else None


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _month_label(month: str) -> str:
    year, number = month.split("-")
    return f"{int(number)}/{year}"


class ZaloOutbound:
    """`scheduler.outbound.Outbound` over the Zalo client."""

    def __init__(self, client: ZaloClient, database: Database, clock: Clock, watch: QuotaWatch | None = None,
                 documents: Documents | None = None) -> None:
        self.client = client
        self.documents = documents   # a review draft's file: where it can be had instead (None: the caption only)
        self.database = database
        self.clock = clock
        self.watch = watch
        self.spent_month: str | None = None   # "2026-12" once Zalo refused a message for the quota that month

    def _month(self) -> str:
        return self.clock.now().astimezone(self.clock.tz).strftime("%Y-%m")

    def max_text(self, chat_id: str) -> int:
        return MAX_TEXT

    async def send(self, chat_id: str, text: str, payload: dict[str, Any] | None = None) -> str:
        payload = payload or {}
        if self.spent_month is not None and self.spent_month == self._month():
            # Zalo said the month's messages are used up: every chat waits for the month to turn, without asking.
            raise QuotaSpent(seconds_until_next_month(self.clock.now()), "the monthly message quota is spent")
        target = _target(chat_id)
        if payload.get("delete_message") or payload.get("remove_user"):
            # Zalo's Bot API has no way to delete a sent message or remove someone from a group: recorded as not
            # possible (scheduler.actions), never sent as an empty message.
            raise PermanentFailure("Zalo cannot remove a member or delete a sent message")
        if payload.get("document") and self.documents is not None:
            document = str(payload["document"])
            text = await self.documents.hand_over(chat_id, [File(document, Path(document).name, text)])
        buttons = button_dicts(payload.get("buttons") or [])
        in_group = bool(buttons) and await self.database.run(lambda session: chat_id in bound_chats(session).values())
        rendered = render(text, buttons, in_group=in_group)
        pieces = split_long_text(rendered.text, MAX_TEXT)
        message_id = ""
        # A try after a failure midway starts at the first part the chat does not have (`parts_sent`, noted on
        # the outbox row by the dispatcher): the rest goes out, nothing twice.
        sent = min(int(payload.get(PARTS_SENT) or 0), len(pieces) - 1)
        try:
            for index, piece in enumerate(pieces):
                if index < sent:
                    continue
                message_id = await self.client.send_message(target, piece)
                sent = index + 1
                if self.watch is not None:
                    await self.watch.sent(chat_id)
        except SendError as error:
            if sent:
                log.warning("a long message to %s went out in part (%d of %d); the rest follows when tried again",
                            chat_id, sent, len(pieces))
            if isinstance(error, QuotaSpent):   # wait until the month turns by the bot's own clock
                self.spent_month = self._month()
                error = QuotaSpent(seconds_until_next_month(self.clock.now()), error.description)
            error.parts_sent = sent
            if self.watch is not None:
                await self.watch.failed(error)
            raise error from None
        choices = rendered.choices
        if choices is not None:
            now = self.clock.now()
            await self.database.run(lambda session: offer_choices(session, chat_id, choices, rendered.text, now))
        return message_id


def _target(chat_id: str) -> str:
    try:
        return raw_chat_id(chat_id)
    except ValueError:
        raise PermanentFailure(f"not a Zalo chat id: {chat_id!r}") from None
