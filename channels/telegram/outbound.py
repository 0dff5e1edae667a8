"""The scheduler's outbound protocol on Telegram: `telegram.Bot` calls, and its errors in the scheduler's terms.

Give it a bot whose requests are *not* wrapped in AIORateLimiter (the dispatcher paces and retries itself;
the limiter would pause every request on one chat's 429) and whose connection pool allows concurrent sends:

    bot = telegram.Bot(token, base_url=..., request=AiohttpRequest(32))
    dispatcher = Dispatcher(database, TelegramOutbound(bot), clock, TELEGRAM_PACING)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from telegram import Bot, ChatMember, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from channels.redaction import redact
from channels.telegram.errors import retry_after_seconds
from channels.text import split_long_text
from models.deliveries import PARTS_SENT
from scheduler.outbound import ChatMoved, PermanentFailure, RecipientBlocked, RetryLater, SendError, TemporaryFailure
from scheduler.pacing import Pacing

PLATFORM = "telegram"
CAPTION_LIMIT = 1024

# Telegram's published limits (Bots FAQ): 30 messages/s overall, 20/min into a group, about 1/s into a chat.
TELEGRAM_PACING = Pacing(overall_per_second=30, per_chat_interval=1.0, group_per_minute=20,
                         is_group=lambda chat_id: chat_id.startswith(f"{PLATFORM}:-"))


def telegram_chat_id(chat_id: str) -> int | str:
    """"telegram:-100123" → -100123; "telegram:@channel" → "@channel"."""
    platform, _, ident = chat_id.partition(":")
    if platform != PLATFORM or not ident:
        raise PermanentFailure(f"not a Telegram chat id: {chat_id!r}")
    return int(ident) if ident.lstrip("-").isdigit() else ident


def _markup(payload: dict[str, Any]) -> InlineKeyboardMarkup | None:
    rows = payload.get("buttons") or []
    if not rows:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(button["text"], url=button["url"]) if button.get("url")
                                  else InlineKeyboardButton(button["text"], callback_data=button["data"])
                                  for button in row] for row in rows])


class TelegramOutbound:
    """`scheduler.outbound.Outbound` over a `telegram.Bot`."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: str, text: str, payload: dict[str, Any] | None = None) -> str:
        payload = payload or {}
        target = telegram_chat_id(chat_id)
        markup = _markup(payload)
        parse_mode = payload.get("parse_mode")
        sent = 0
        try:
            if payload.get("delete_message"):
                await self.bot.delete_message(target, int(payload["delete_message"]))
                return "deleted"
            if payload.get("remove_user"):
                return await self._remove(target, payload["remove_user"])
            if payload.get("document"):
                with Path(payload["document"]).open("rb") as document:
                    message = await self.bot.send_document(
                        target, document=document, caption=text[:CAPTION_LIMIT] or None, parse_mode=parse_mode,
                        reply_markup=markup, protect_content=bool(payload.get("protect")) or None)
            else:
                # Longer than Telegram takes (a difficulty's description and proposal may each be 4,000
                # characters): several messages, split at line breaks, the buttons under the last. A try after a
                # failure midway starts at the first part the chat does not have (`parts_sent`).
                pieces = split_long_text(text, MessageLimit.MAX_TEXT_LENGTH) if not parse_mode else [text]
                sent = min(int(payload.get(PARTS_SENT) or 0), len(pieces) - 1)
                for number, piece in enumerate(pieces, start=1):
                    if number <= sent:
                        continue
                    message = await self.bot.send_message(
                        target, piece, parse_mode=parse_mode, reply_markup=markup if number == len(pieces) else None,
                        protect_content=bool(payload.get("protect")) or None)
                    sent = number
        except (TelegramError, OSError) as exc:
            error = self._translated(exc)
            error.parts_sent = sent
            raise error from exc
        if payload.get("document") and payload.get("delete_after"):   # a copy made for this send (from Zalo)
            Path(payload["document"]).unlink(missing_ok=True)
            try:
                Path(payload["document"]).parent.rmdir()
            except OSError:
                pass
        return str(message.message_id)

    def _translated(self, exc: TelegramError | OSError) -> SendError:
        if isinstance(exc, OSError):   # the document file is missing
            return PermanentFailure(f"cannot read document: {exc}")
        if isinstance(exc, Forbidden):
            return RecipientBlocked(self._why(exc))
        if isinstance(exc, ChatMigrated):
            return ChatMoved(f"{PLATFORM}:{exc.new_chat_id}")
        if isinstance(exc, RetryAfter):
            return RetryLater(retry_after_seconds(exc))
        if isinstance(exc, BadRequest):   # before NetworkError: BadRequest is one of its subclasses
            return PermanentFailure(self._why(exc))
        if isinstance(exc, NetworkError):   # 5xx, connection reset or refused, a timeout (TimedOut)
            # The request may have reached Telegram: the message may exist.
            return TemporaryFailure(self._why(exc), outcome_unknown=True)
        # Conflict, InvalidToken, …: a configuration problem, not a transient one
        return PermanentFailure(self._why(exc))

    async def _remove(self, target: int | str, user: str) -> str:
        """Take someone out of a group, free to be added back later: ban, then lift the ban (a basic group has no
        bans to lift: there the ban only removes). "absent" when they were not in it."""
        user_id = telegram_chat_id(user)
        assert isinstance(user_id, int)
        me = await self.bot.get_chat_member(target, int(self.bot.token.split(":", 1)[0]))
        if not (me.status == ChatMember.OWNER or getattr(me, "can_restrict_members", False)):
            # Asked first rather than refused: the bot without the right is the common case, not an error.
            raise PermanentFailure("not enough rights to restrict/unrestrict chat member")
        member = await self.bot.get_chat_member(target, user_id)
        if member.status in (ChatMember.LEFT, ChatMember.BANNED):
            return "absent"
        await self.bot.ban_chat_member(target, user_id)
        try:
            await self.bot.unban_chat_member(target, user_id, only_if_banned=True)
        except BadRequest as exc:
            if "supergroup" not in exc.message.lower():
                raise
        return "removed"

    def _why(self, error: TelegramError) -> str:
        """The error's text for `deliveries.last_error` and the coordinators' notice: never the token."""
        return redact(error.message, (self.bot.token,))
