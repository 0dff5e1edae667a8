"""The core driven neutrally: people send `Incoming`s through the real turn runner, routes and form engine,
over a real database, and read the `Reply`s as a channel with chosen capabilities would show them. No HTTP.

    core = Core(database, TELEGRAM_LIKE)            # or BUTTONLESS: no buttons, no edits, no notices
    lan = core.person("Lan")                        # a registered member (role=…, registered=False)
    shown = await lan.send("/tham")                 # the messages this turn sent or changed
    await lan.press("Hôm nay")                      # the button on the newest message showing it
    lan.last.text, lan.last.labels                  # what the private chat shows last

The fake channel checks what a real channel relies on: no edit, notice, location key or document reaches a
channel that cannot show it. On a channel without buttons the buttons are still in the replies, as the core
made them: `press` stands for what such a channel offers instead (a typed number for an option, a word for a
navigation button), so the same test runs on both.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from channels.text import split_long_text
from handlers.conversation import (
    Activity,
    Button,
    ButtonRole,
    Capabilities,
    Incoming,
    InputKind,
    Nav,
    Outcome,
    Reply,
    Services,
)
from handlers.reports import ReportRunner
from handlers.routing import Action, Router
from handlers.turns import TurnRunner
from models.clock import ManualClock
from models.db import Database
from models.people import Identity, Member, Role
from models.rules import load_rules
from models.search import EnterpriseSearch

PLATFORM = "fake"
START = dt.datetime(2021, 10, 15, 2, 0, tzinfo=dt.UTC)   # 09:00 in Hà Nội, a Friday

TELEGRAM_LIKE = Capabilities(
    platform=PLATFORM, max_text=4096, buttons=True, edit=True, button_notice=True, location=True, photos_in=True,
    photos_out=True, documents=True, command_menu=True, deep_link="https://fake.example/bot?start={payload}")
BUTTONLESS = Capabilities(
    platform=PLATFORM, max_text=2000, buttons=False, edit=False, button_notice=False, location=False,
    photos_in=True, photos_out=True, documents=False, command_menu=False, deep_link=None)


@dataclass
class Message:
    """A message as the chat shows it: its text and (kept even where not drawn) its buttons by role."""

    id: str
    chat_id: str
    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    edited: bool = False
    request_location: bool = False
    document_name: str | None = None

    @property
    def labels(self) -> list[str]:
        return [button.text for row in self.buttons for button in row]

    def button(self, label: str) -> Button:
        """The button labelled `label` (or ending with it: «✅ Xong» is "Xong")."""
        buttons = [b for row in self.buttons for b in row]
        matches = [b for b in buttons if b.text == label] or [b for b in buttons if b.text.endswith(label)]
        if not matches:
            raise LookupError(f"no button {label!r} on {self.text[:60]!r}: {self.labels}")
        return matches[0]

    def options(self) -> list[Button]:
        """What a channel without buttons would number."""
        return [b for row in self.buttons for b in row if b.role is ButtonRole.option]


class FakeChannel:
    """`handlers.conversation.Channel` that records what it would show, and refuses what it could not."""

    def __init__(self, capabilities: Capabilities) -> None:
        self.capabilities = capabilities
        self.source = f"{PLATFORM}:bot"
        self.chats: dict[str, list[Message]] = {}
        self.notices: list[str] = []
        self.activities: list[tuple[str, Activity]] = []
        self.menus: list[tuple[str, Role]] = []
        self._ids = itertools.count(1)

    async def respond(self, incoming: Incoming, outcome: Outcome) -> None:
        if outcome.notice is not None:
            assert self.capabilities.button_notice, f"a notice on a channel without them: {outcome.notice!r}"
            assert incoming.kind is InputKind.button, "a notice for something that was not a pressed button"
            self.notices.append(outcome.notice)
        await self.deliver(outcome.replies)
        if self.capabilities.command_menu:
            self.menus.extend(outcome.menus_to_refresh)

    async def deliver(self, replies: Sequence[Reply]) -> None:
        for reply in replies:
            self.show(reply)

    async def show_activity(self, chat_id: str, activity: Activity) -> None:
        self.activities.append((chat_id, activity))

    def show(self, reply: Reply) -> list[Message]:
        caps = self.capabilities
        assert caps.location or not reply.request_location, "a location key on a channel without locations"
        assert caps.documents or not reply.document_path, "a document on a channel without documents"
        assert caps.deep_link or not any(b.role is ButtonRole.link and b.url and b.url.startswith("https://fake")
                                         for row in reply.buttons for b in row), "a deep link where there is none"
        for row in reply.buttons:
            for button in row:
                assert button.role is ButtonRole.link or len((button.data or "").encode()) <= caps.max_button_data
        chat = self.chats.setdefault(reply.chat_id, [])
        if reply.edit_message_id is not None:
            assert caps.edit, f"an edit on a channel that cannot edit: {reply.text[:60]!r}"
            message = next((m for m in chat if m.id == reply.edit_message_id), None)
            assert message is not None, f"an edit of message {reply.edit_message_id}, which this chat never showed"
            if reply.buttons_only:   # the text stays; only the buttons change
                message.buttons, message.edited = reply.buttons, True
                return [message]
            message.text, message.buttons, message.edited = reply.text, reply.buttons, True
            chat.remove(message)
            chat.append(message)   # shown changed: what the person reads next
            return [message]
        pieces = split_long_text(reply.text, caps.max_text)
        shown = []
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            message = Message(id=str(next(self._ids)), chat_id=reply.chat_id, text=piece,
                              buttons=reply.buttons if last else [], request_location=reply.request_location,
                              document_name=reply.document_name)
            chat.append(message)
            shown.append(message)
        return shown


class Core:
    """The services, routes and turn runner `bot` builds, over `database`, with a `FakeChannel`."""

    def __init__(self, database: Database, capabilities: Capabilities = TELEGRAM_LIKE, *,
                 routers: tuple[Router, ...] = (), bootstrap_admin_ids: tuple[str, ...] = ()) -> None:
        from bot.app import handler_config
        from bot.routes import build_routes
        from bot.settings import Settings

        self.database = database
        self.clock = ManualClock(START)
        config = replace(handler_config(Settings(_env_file=None)), bootstrap_admin_ids=bootstrap_admin_ids)
        self.services = Services(database=database, config=config, rules=load_rules(), clock=self.clock,
                                 search_index=EnterpriseSearch())
        self.services.routes = build_routes(routers)
        self.services.reports = ReportRunner(self.services)
        self.runner = TurnRunner(self.services)
        self.channel = FakeChannel(capabilities)
        self._people = itertools.count(1)
        self._updates = itertools.count(1)

    @property
    def capabilities(self) -> Capabilities:
        return self.channel.capabilities

    def person(self, name: str, role: Role = Role.member, *, registered: bool = True) -> Person:
        number = next(self._people)
        person = Person(self, user_id=f"{PLATFORM}:{number}", name=name)
        if registered:
            with self.database.session() as session:
                member = Member(full_name=name, role=role)
                member.identities.append(Identity(platform_id=person.user_id, private_chat_id=person.chat_id))
                session.add(member)
                session.flush()
                person.member_id = member.id
        return person

    def group(self, title: str = "Đoàn công tác") -> str:
        return f"{PLATFORM}:-{next(self._people)}"

    def deliver_pushes(self) -> list[Message]:
        """What the turns queued for the group, the coordinators' chat and members' private chats, shown in those
        chats as the outbox would send it (its buttons too), and marked sent."""
        from sqlalchemy import select

        from models.deliveries import Delivery, DeliveryStatus

        shown = []
        with self.database.session() as session:
            for row in session.scalars(select(Delivery).where(Delivery.status == DeliveryStatus.pending)
                                       .order_by(Delivery.id)):
                rows = [[_button(b) for b in buttons] for buttons in (row.payload or {}).get("buttons", [])]
                shown += self.channel.show(Reply(chat_id=row.chat_id or "", text=row.text, buttons=rows))
                row.status = DeliveryStatus.sent
        return shown

    def messages(self, chat_id: str) -> list[Message]:
        return self.channel.chats.get(chat_id, [])

    async def run(self, incoming: Incoming, action: Action | None = None) -> list[Message]:
        """One update through the runner; returns the messages it sent or changed, in order."""
        before = {id(m): (m.text, m.labels) for chat in self.channel.chats.values() for m in chat}
        await self.runner.handle(self.channel, incoming, action)
        changed = []
        for chat in self.channel.chats.values():
            for message in chat:
                if before.get(id(message)) != (message.text, message.labels):
                    changed.append(message)
        return sorted(changed, key=lambda m: int(m.id))

    def incoming(self, person: Person, kind: InputKind, *, chat_id: str | None = None, **fields: Any
                 ) -> Incoming:
        chat = chat_id or person.chat_id
        return Incoming(platform=PLATFORM, user_id=person.user_id, chat_id=chat, is_private=chat == person.chat_id,
                        kind=kind, user_name=person.name, source=self.channel.source,
                        update_key=str(next(self._updates)), **fields)


@dataclass
class Person:
    core: Core
    user_id: str
    name: str
    member_id: int | None = None

    @property
    def chat_id(self) -> str:
        return self.user_id   # the private chat has the person's id, as on Telegram

    @property
    def chat(self) -> list[Message]:
        return self.core.messages(self.chat_id)

    @property
    def last(self) -> Message:
        return self.chat[-1]

    async def send(self, text: str, *, chat_id: str | None = None) -> list[Message]:
        if text.startswith("/"):
            head, _, args = text.partition(" ")
            incoming = self.core.incoming(self, InputKind.command, chat_id=chat_id, text=text,
                                          command=head[1:].lower(), args=args.strip())
        else:
            incoming = self.core.incoming(self, InputKind.text, chat_id=chat_id, text=text)
        return await self.core.run(incoming)

    async def press(self, label: str, *, on: Message | None = None, chat_id: str | None = None) -> list[Message]:
        """Press the button `label` on `on`, else on the newest message in the chat that shows one."""
        chat = self.core.messages(chat_id or self.chat_id)
        message = on or next((m for m in reversed(chat) if _has(m, label)), None)
        if message is None:
            raise LookupError(f"no message shows a button {label!r}; last: {chat[-1].text[:80] if chat else None!r}")
        return await self.press_data(message.button(label).data or "", on=message, chat_id=chat_id)

    async def press_data(self, data: str, *, on: Message | None = None, chat_id: str | None = None
                         ) -> list[Message]:
        """A press with this data (a forged or an old button's); where nothing is edited, no message is said
        to carry it (a typed number carries none)."""
        message_id = on.id if on is not None and self.core.capabilities.edit else None
        buttons = tuple(tuple(row) for row in on.buttons) if on is not None and message_id is not None else None
        incoming = self.core.incoming(self, InputKind.button, chat_id=chat_id, button_data=data,
                                      button_ref=f"press:{data}", message_id=message_id, message_buttons=buttons)
        return await self.core.run(incoming)

    async def share_location(self, latitude: float, longitude: float) -> list[Message]:
        return await self.core.run(self.core.incoming(self, InputKind.location, latitude=latitude,
                                                      longitude=longitude))

    async def send_photo(self, ref: str = "photo-1") -> list[Message]:
        return await self.core.run(self.core.incoming(self, InputKind.photo, photo_ref=f"{PLATFORM}:{ref}"))

    async def act(self, action: Action, text: str = "") -> list[Message]:
        """A turn that runs `action` instead of the routes (what a test's own command would do)."""
        return await self.core.run(self.core.incoming(self, InputKind.text, text=text), action)


def _button(payload: dict) -> Button:
    role = ButtonRole(payload.get("role", "option"))
    if role is ButtonRole.link:
        return Button.link(payload["text"], payload["url"])
    if role is ButtonRole.navigation:
        return Button.navigation(payload["text"], payload["data"], Nav(payload["nav"]))
    return Button.option(payload["text"], payload["data"])


def _has(message: Message, label: str) -> bool:
    try:
        message.button(label)
    except LookupError:
        return False
    return True
