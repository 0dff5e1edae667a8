"""The neutral shapes of a conversation: what came in, what goes out, and the context of one turn."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.orm import Session

from models.clock import Clock
from models.db import Database
from models.deliveries import enqueue_delivery
from models.people import ChatPurpose, Member, bound_chats
from models.bodies import Bodies, load_bodies
from models.rules import Rules

if TYPE_CHECKING:
    from models.search import EnterpriseSearch


class InputKind(str, enum.Enum):
    text = "text"
    command = "command"
    button = "button"
    location = "location"
    photo = "photo"
    other = "other"      # stickers, voice, …: politely not understood


@dataclass(frozen=True)
class Incoming:
    """One thing a person did, whatever the platform."""

    platform: str                 # "telegram"
    user_id: str                  # "telegram:123"
    chat_id: str                  # "telegram:123" or "telegram:-100…"
    is_private: bool
    kind: InputKind
    user_name: str = ""
    language: str = "vi"
    text: str = ""
    command: str = ""             # without the slash and the @bot suffix
    args: str = ""
    button_data: str = ""
    message_id: int | None = None  # the message carrying the pressed button
    latitude: float | None = None
    longitude: float | None = None
    photo_ref: str | None = None
    update_id: int | None = None


@dataclass(frozen=True)
class Button:
    text: str
    data: str | None = None       # short opaque callback data (≤ 64 bytes)
    url: str | None = None


@dataclass
class Reply:
    """A message to show; `edit_message_id` edits a message in place where the platform can."""

    chat_id: str
    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    edit_message_id: int | None = None
    request_location: bool = False   # offer the platform's "share my location" key
    remove_keyboard: bool = False
    document_path: str | None = None
    document_name: str | None = None


@dataclass(frozen=True)
class HandlerConfig:
    """What handlers need from the settings, without depending on `bot`."""

    bot_username: str
    bootstrap_admin_ids: tuple[str, ...] = ()
    invite_ttl: dt.timedelta = dt.timedelta(hours=72)
    checkin_radius_m: float = 500
    bodies: Bodies = field(default_factory=load_bodies)   # names of bodies by role and date
    province_name: str = ""   # the province's name when the bot started (for texts not yet dated)


class Waker(Protocol):
    def kick(self) -> None: ...


@dataclass
class Services:
    """Long-lived collaborators, built once by `bot` and shared by every turn."""

    database: Database
    config: HandlerConfig
    rules: Rules
    clock: Clock
    search_index: EnterpriseSearch
    outbox: Waker | None = None
    commands: list[Any] = field(default_factory=list)   # every router's commands, for the menu and /trogiup


@dataclass
class Turn:
    """One update being handled: a session (one unit of work), the person, and what to answer."""

    session: Session
    services: Services
    incoming: Incoming
    member: Member | None
    now: dt.datetime
    replies: list[Reply] = field(default_factory=list)
    pushed: int = 0
    answer_text: str | None = None   # a short notice on the pressed button (Telegram's callback answer)
    menus_to_refresh: list[tuple[str, Any]] = field(default_factory=list)   # (private chat, role) after a change
    _bound_chats: dict[ChatPurpose, str] | None = field(default=None, repr=False)

    @property
    def today(self) -> dt.date:
        return self.now.astimezone(self.services.clock.tz).date()

    @property
    def rules(self) -> Rules:
        return self.services.rules

    def say(self, text: str, buttons: list[list[Button]] | None = None, *, chat_id: str | None = None,
            **options: Any) -> Reply:
        reply = Reply(chat_id=chat_id or self.incoming.chat_id, text=text, buttons=buttons or [], **options)
        self.replies.append(reply)
        return reply

    def edit(self, text: str, buttons: list[list[Button]] | None = None) -> Reply:
        """Change the message whose button was pressed (a new message where there is none)."""
        return self.say(text, buttons, edit_message_id=self.incoming.message_id)

    def push(self, purpose: ChatPurpose, key: str, text: str, kind: str = "alert",
             payload: dict[str, Any] | None = None) -> bool:
        """Queue a message to the group or the coordinators' chat in this same transaction (sent after commit)."""
        if self._bound_chats is None:   # one query per turn, however many pushes it makes
            self._bound_chats = bound_chats(self.session)
        chat_id = self._bound_chats.get(purpose)
        if chat_id is None:
            return False
        added = enqueue_delivery(self.session, key=key, kind=kind, chat_id=chat_id, text=text, due_at=self.now,
                                 payload=payload)
        self.pushed += int(added)
        return added

    def push_to_member(self, member: Member, key: str, text: str, kind: str = "alert",
                       payload: dict[str, Any] | None = None) -> bool:
        chat_id = next((i.private_chat_id for i in member.identities if i.private_chat_id), None)
        if chat_id is None or not member.active:
            return False
        added = enqueue_delivery(self.session, key=key, kind=kind, chat_id=chat_id, text=text, due_at=self.now,
                                 payload=payload, member_id=member.id)
        self.pushed += int(added)
        return added
