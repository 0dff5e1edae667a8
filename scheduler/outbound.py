"""The scheduler's only door to a chat platform: `Outbound.send`, and the typed ways a send can fail.

A channel (`channels/telegram/outbound.py`, `channels/zalo/outbound.py`) implements `send` and translates its
platform's errors into these, so the dispatcher decides what to do without knowing any platform.

Chat ids carry their platform as a prefix ("telegram:-100123"); the channel strips it.
Payload keys (all optional):
    buttons     rows of inline buttons: [[{"text": "✅ Đã xong", "data": "ms:done:12"}], ...]
    parse_mode  "HTML" or "MarkdownV2"; the scheduler's own texts are plain and never set it
    document    a file path sent as a document, with the text as its caption
    ref         a short reference ("1.4") that labels this message's buttons when it is bundled with others
    protect     True: the platform is asked to keep the message from being forwarded or saved (it names someone)
    parts_sent  a text too long for one message goes out in parts: how many of them the chat has already (a try
                that failed after part 1 records 1); the channel sends the rest (`SendError.parts_sent`)
Actions instead of a message (`scheduler.actions`; a channel that cannot do one raises `PermanentFailure`):
    delete_message  the id of a message the bot sent in the chat, to delete
    remove_user     a platform user id ("telegram:42") to take out of the group chat; `send` returns "removed" or
                    "absent" (they were not in it)
"""

from __future__ import annotations

from typing import Any, Protocol


class Outbound(Protocol):
    async def send(self, chat_id: str, text: str, payload: dict[str, Any] | None) -> str:
        """Send one message; return the platform's message id. Raise a `SendError` on failure."""
        ...


class SendError(Exception):
    """Base of every failure a channel reports."""

    error_code: int | None = None  # the platform's own code, where it gave one (Zalo)
    # A long text's parts the chat has, counting those of earlier tries, when this failure stopped the rest.
    parts_sent: int = 0


class RecipientBlocked(SendError):
    """The person blocked the bot, or the bot was removed from the group (HTTP 403)."""


class ChatMoved(SendError):
    """The chat has a new id (a group upgraded to a supergroup); send there instead."""

    def __init__(self, new_chat_id: str) -> None:
        super().__init__(f"chat moved to {new_chat_id}")
        self.new_chat_id = new_chat_id


class RetryLater(SendError):
    """Flood control for this chat (HTTP 429): wait `seconds` before the next message to it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class TemporaryFailure(SendError):
    """The platform or the network failed (5xx, timeout, connection reset); trying again later may work.

    `outcome_unknown` is True when the request may have reached the platform (a timeout after sending):
    the message may exist although we saw an error.
    """

    def __init__(self, message: str, *, outcome_unknown: bool = False) -> None:
        super().__init__(message)
        self.outcome_unknown = outcome_unknown


class PermanentFailure(SendError):
    """The platform refused the message itself (HTTP 400: chat not found, text too long…); retrying won't help."""
