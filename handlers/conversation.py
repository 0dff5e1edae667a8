"""The neutral shapes of a conversation: what came in, what goes out, and the context of one turn."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.orm import Session

from models.bodies import Bodies
from models.clock import Clock
from models.db import Database
from models.deliveries import enqueue_delivery
from models.named_messages import adopt_typed, forget_named, record_named, typed_subject
from models.people import ChatPurpose, Member, bound_chats, push_chat_of
from models.rules import Rules

if TYPE_CHECKING:
    from handlers.routing import Command, Routes
    from models.search import EnterpriseSearch


class InputKind(str, enum.Enum):
    text = "text"
    command = "command"
    button = "button"
    location = "location"
    photo = "photo"
    other = "other"              # stickers, voice, …: politely not understood
    bot_added = "bot_added"      # the bot was added to the group `chat_id` (by `user_id`)
    bot_removed = "bot_removed"  # the bot was removed from (or left) the group `chat_id`


@dataclass(frozen=True)
class Incoming:
    """One thing a person did, whatever the platform. Every id is text: platforms differ (Zalo's are hex)."""

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
    button_ref: str | None = None   # the platform's handle to answer the press with (Telegram's callback query id)
    message_id: str | None = None   # the message carrying the pressed button
    typed_message_id: str | None = None   # the message the person typed (Telegram; deletable in a private chat)
    # That message's buttons, where the platform says them (Telegram does): a press can take some off
    # (`Turn.replace_buttons`) and leave the others.
    message_buttons: tuple[tuple[Button, ...], ...] | None = None
    latitude: float | None = None
    longitude: float | None = None
    photo_ref: str | None = None
    chat_title: str = ""
    source: str = ""                # the inbox the update was stored in ("telegram:<bot id>")
    update_key: str | None = None   # its key there (Telegram: the update_id as text); None: not stored


class ButtonRole(str, enum.Enum):
    """What a button is for, so a channel without buttons can offer it another way."""

    option = "option"           # one of the answers or actions offered: a channel without buttons numbers it
    navigation = "navigation"   # moving around (back, skip, cancel, save, …): a typed word or command there
    link = "link"               # opens an address


class Nav(str, enum.Enum):
    """Which move a navigation button makes (a channel without buttons offers each as a word or a command)."""

    back = "back"
    skip = "skip"
    cancel = "cancel"
    save = "save"
    edit = "edit"
    done = "done"
    more = "more"               # open the form's detail questions
    resume = "resume"           # back to the open form's question or summary
    search_again = "search_again"
    previous_page = "previous_page"
    next_page = "next_page"
    this_page = "this_page"     # a pager's "page 2/5": shows the same page again
    to_list = "to_list"         # from one record back to the list it came from


@dataclass(frozen=True)
class Button:
    """Make one with `Button.option`, `Button.nav` or `Button.link`: every button says what it is for."""

    text: str
    role: ButtonRole
    data: str | None = None       # short opaque callback data (≤ 64 bytes)
    url: str | None = None
    nav: Nav | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.role, ButtonRole):   # Button("…", "data") would pass data off as a role
            raise TypeError(f"a button's role must be a ButtonRole, not {self.role!r}: use Button.option(…)")
        if (self.role is ButtonRole.link) != (self.url is not None) or (self.nav is not None) != (
                self.role is ButtonRole.navigation):
            raise ValueError(f"an inconsistent button: {self!r}")

    @classmethod
    def option(cls, text: str, data: str) -> Button:
        return cls(text, ButtonRole.option, data=data)

    @classmethod
    def navigation(cls, text: str, data: str, nav: Nav) -> Button:
        return cls(text, ButtonRole.navigation, data=data, nav=nav)

    @classmethod
    def link(cls, text: str, url: str) -> Button:
        return cls(text, ButtonRole.link, url=url)

    @classmethod
    def from_payload(cls, payload: dict[str, str]) -> Button:
        """A button as the outbox stored it (`as_payload`; a role left out is an option's)."""
        role = ButtonRole(payload.get("role", ButtonRole.option.value))
        if role is ButtonRole.link:
            return cls.link(payload["text"], payload["url"])
        if role is ButtonRole.navigation:
            return cls.navigation(payload["text"], payload["data"], Nav(payload["nav"]))
        return cls.option(payload["text"], payload["data"])

    def as_payload(self) -> dict[str, str]:
        """As the outbox stores a push's buttons (`scheduler.outbound`)."""
        payload = {"text": self.text, "role": self.role.value}
        if self.data is not None:
            payload["data"] = self.data
        if self.url is not None:
            payload["url"] = self.url
        if self.nav is not None:
            payload["nav"] = self.nav.value
        return payload


@dataclass
class Reply:
    """A message to show; `edit_message_id` edits a message in place (only set where the channel can edit)."""

    chat_id: str
    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    edit_message_id: str | None = None
    request_location: bool = False   # offer the platform's "share my location" key
    remove_keyboard: bool = False
    document_path: str | None = None
    document_name: str | None = None
    buttons_only: bool = False       # an edit that changes only the buttons; the message's text stays
    # The records whose personal data it shows ("nominee:5", see models.named_messages): sent protected from
    # forwarding and saving where the platform can, and deleted when the records are erased.
    names: tuple[str, ...] = ()

    def as_record(self) -> dict[str, Any]:
        """As the inbox keeps it until it is said (`models.conversation.journal_replies`): plain JSON."""
        record: dict[str, Any] = {"chat_id": self.chat_id, "text": self.text}
        if self.buttons:
            record["buttons"] = [[button.as_payload() for button in row] for row in self.buttons]
        for name in ("edit_message_id", "document_path", "document_name"):
            if getattr(self, name) is not None:
                record[name] = getattr(self, name)
        for name in ("request_location", "remove_keyboard", "buttons_only"):
            if getattr(self, name):
                record[name] = True
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Reply:
        buttons = [[Button.from_payload(button) for button in row] for row in record.get("buttons", [])]
        return cls(chat_id=record["chat_id"], text=record["text"], buttons=buttons,
                   edit_message_id=record.get("edit_message_id"),
                   request_location=bool(record.get("request_location")),
                   remove_keyboard=bool(record.get("remove_keyboard")), document_path=record.get("document_path"),
                   document_name=record.get("document_name"), buttons_only=bool(record.get("buttons_only")))


@dataclass(frozen=True)
class Capabilities:
    """What a channel can do; the core asks these instead of assuming one platform."""

    platform: str
    max_text: int                   # the longest text of one message
    buttons: bool                   # buttons under a message
    edit: bool                      # change a sent message in place
    button_notice: bool             # a short notice on the pressed button (Telegram's callback answer)
    location: bool                  # a shared location comes in, and a "share my location" key can be offered
    photos_in: bool
    photos_out: bool
    documents: bool                 # files (a report) can be sent
    command_menu: bool              # a menu of commands per chat
    deep_link: str | None = None    # "https://t.me/bot?start={payload}": a link that opens the private chat
    # No documents, but files handed over another way (the member's other app, a one-time download link).
    files_elsewhere: bool = False
    max_button_data: int = 64       # bytes of callback data

    def private_link(self, payload: str) -> str | None:
        """A link that opens the private chat with the bot and runs `payload` there; None where none exists."""
        return self.deep_link.format(payload=payload) if self.deep_link else None


@dataclass(frozen=True)
class HandlerConfig:
    """What handlers need from the settings, without depending on `bot`; built from them only
    (`bot.app.handler_config`), so the defaults have one home, `bot.settings.Settings`."""

    bootstrap_admin_ids: tuple[str, ...]
    invite_ttl: dt.timedelta              # a member's invite
    coordinator_invite_ttl: dt.timedelta  # a coordinator's: it opens the names
    checkin_radius_m: float
    bodies: Bodies                        # names of bodies by role and date


class Waker(Protocol):
    def kick(self) -> None: ...


class Activity(str, enum.Enum):
    """What a chat is shown the bot doing while it works (where the platform shows it)."""

    typing = "typing"
    uploading_document = "uploading_document"


class Channel(Protocol):
    """A platform at the edge (Telegram, Zalo, a test's fake): what the core needs of it outside a turn."""

    @property
    def capabilities(self) -> Capabilities: ...

    async def respond(self, incoming: Incoming, outcome: Outcome) -> None:
        """Show what a turn decided: its replies, the notice on the pressed button, refreshed menus."""

    async def deliver(self, replies: Sequence[Reply]) -> None:
        """Send replies outside a turn (a report once built); a failed send is logged, not raised."""

    async def show_activity(self, chat_id: str, activity: Activity) -> None:
        """A nicety ("sending a file…"): does nothing where the platform has none; never raises."""


@dataclass
class Outcome:
    """What one turn decided, for the channel to show once the unit of work is committed."""

    replies: list[Reply] = field(default_factory=list)
    notice: str | None = None        # for the pressed button, where the channel shows notices
    menus_to_refresh: list[tuple[str, Any]] = field(default_factory=list)   # (private chat, role)
    later: list[Later] = field(default_factory=list)   # work that goes on after the replies (a report's build)
    handled_before: bool = False     # the update was handled already (a replay): nothing to show
    journalled: bool = False         # the replies are kept with the update until said (`TurnRunner.handle`)
    failed: bool = False             # an unexpected error: only the apology is said


Later = Callable[["Channel"], Coroutine[Any, Any, None]]
NOTICE_LIMIT = 190   # Telegram shows up to 200 characters on a pressed button


@dataclass
class Services:
    """Long-lived collaborators, built once by `bot` and shared by every turn."""

    database: Database
    config: HandlerConfig
    rules: Rules
    clock: Clock
    search_index: EnterpriseSearch
    outbox: Waker | None = None
    routes: Routes | None = None     # the installed routers (`handlers.routing.install`), set by `bot`
    reports: Any = None              # `handlers.reports.ReportRunner`, set by `bot`
    # Links that open the bot's private chat with a payload, by platform, for texts said on another platform
    # ("on Telegram, open …"); a channel adds its own once it knows it (Telegram: after getMe).
    private_links: dict[str, str] = field(default_factory=dict)

    @property
    def commands(self) -> list[Command]:
        """Every installed command, in the routers' order: the menu and /trogiup."""
        return list(self.routes.menu) if self.routes is not None else []


@dataclass
class Turn:
    """One update being handled: a session (one unit of work), the person, and what to answer."""

    session: Session
    services: Services
    incoming: Incoming
    member: Member | None
    now: dt.datetime
    channel: Capabilities            # of the channel the update came from
    replies: list[Reply] = field(default_factory=list)
    pushed: int = 0
    notice: str | None = None        # a short notice on the pressed button: `toast`, `notify`
    menus_to_refresh: list[tuple[str, Any]] = field(default_factory=list)   # (private chat, role) after a change
    later: list[Later] = field(default_factory=list)
    _bound_chats: dict[ChatPurpose, str] | None = field(default=None, repr=False)

    @property
    def today(self) -> dt.date:
        return self.now.astimezone(self.services.clock.tz).date()

    @property
    def rules(self) -> Rules:
        return self.services.rules

    def body(self, role: str, **where: Any) -> str:
        """The name of the body filling `role` today (a zone's or an enterprise's own where it has one)."""
        return self.services.config.bodies.name(role, self.today, **where)

    def with_names(self, text: str) -> str:
        """A text with "{role}" (and "{role.short}") filled in by the names of bodies in force today."""
        return self.services.config.bodies.fill(text, self.today)

    @property
    def pressed(self) -> bool:
        return self.incoming.kind is InputKind.button

    def say(self, text: str, buttons: list[list[Button]] | None = None, *, chat_id: str | None = None,
            **options: Any) -> Reply:
        reply = Reply(chat_id=chat_id or self.incoming.chat_id, text=text, buttons=buttons or [], **options)
        self.replies.append(reply)
        return reply

    def edit(self, text: str, buttons: list[list[Button]] | None = None, *, names: tuple[str, ...] = ()) -> Reply:
        """Change the message whose button was pressed; a new message where there is none or the channel
        cannot edit."""
        can_edit = self.channel.edit and self.incoming.message_id is not None
        return self.say(text, buttons, edit_message_id=self.incoming.message_id if can_edit else None, names=names)

    def pressed_message_unnamed(self) -> None:
        """The message whose button was pressed is being edited into one that names no one (an erasure's «done»):
        it stays when the records it showed are erased."""
        if self.incoming.message_id is not None:
            forget_named(self.session, chat_id=self.incoming.chat_id, message_id=self.incoming.message_id)

    def typed_message_is_personal(self) -> None:
        """What the person just typed in their private chat is someone's personal data (a name, a birth date):
        the message goes with the record it is saved into (`typed_messages_named`), once that is erased."""
        incoming = self.incoming
        if incoming.is_private and incoming.typed_message_id is not None:
            record_named(self.session, [typed_subject(incoming.chat_id)], chat_id=incoming.chat_id,
                         message_id=incoming.typed_message_id, now=self.now)

    def typed_messages_named(self, *subjects: str) -> None:
        """The personal data typed in this chat was saved into these records (the first, if several)."""
        if subjects:
            adopt_typed(self.session, typed_subject(self.incoming.chat_id), subjects[0])

    def pressed_message_named(self, *subjects: str) -> None:
        """The message whose button was pressed (a form's summary, saved) shows these records' personal data:
        it goes when they are erased."""
        if self.incoming.message_id is not None:
            record_named(self.session, subjects, chat_id=self.incoming.chat_id, message_id=self.incoming.message_id,
                         now=self.now)

    def replace_buttons(self, keep: Callable[[Button], bool]) -> bool:
        """The pressed message keeps its text and only the buttons `keep` accepts, where the channel can edit and
        the message's buttons are known; True when that was asked."""
        incoming = self.incoming
        if not self.channel.edit or incoming.message_id is None or incoming.message_buttons is None:
            return False
        rows = [[b for b in row if keep(b)] for row in incoming.message_buttons]
        rows = [row for row in rows if row]
        if sum(map(len, rows)) == sum(map(len, incoming.message_buttons)):
            return False   # nothing to take off
        self.replies.append(Reply(chat_id=incoming.chat_id, text="", buttons=rows,
                                  edit_message_id=incoming.message_id, buttons_only=True))
        return True

    def toast(self, text: str) -> None:
        """A notice on the pressed button where the channel shows one; nothing elsewhere (a message says it)."""
        if self.pressed and self.channel.button_notice:
            self.notice = text[:NOTICE_LIMIT]

    def notify(self, text: str) -> None:
        """A notice on the pressed button where the channel shows one, else a message: it always reaches."""
        if self.pressed and self.channel.button_notice:
            self.notice = text[:NOTICE_LIMIT]
        else:
            self.say(text)

    def push(self, purpose: ChatPurpose, key: str, text: str, kind: str = "alert",
             payload: dict[str, Any] | None = None) -> bool:
        """Queue a message to the group or the coordinators' chat in this same transaction (sent after commit).

        The chat may be on another channel than this turn's: its buttons (`Button.as_payload`) are rendered
        there."""
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
        chat_id = push_chat_of(member)   # the app they last used, never both
        if chat_id is None or not member.active:
            return False
        added = enqueue_delivery(self.session, key=key, kind=kind, chat_id=chat_id, text=text, due_at=self.now,
                                 payload=payload, member_id=member.id)
        self.pushed += int(added)
        return added
