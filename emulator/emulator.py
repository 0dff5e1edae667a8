"""``Emulator``: the Telegram test double a test (or ``python -m emulator``) runs.

It owns the world, the HTTP server on 127.0.0.1, the flood limits, the fault
injector and the record of calls, and offers the waiting helpers tests use.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from emulator.errors import ApiError
from emulator.events import Event, EventBus
from emulator.faults import Faults
from emulator.files import UploadedFile
from emulator.limits import Limits
from emulator.spec import Spec
from emulator.world import Bot, CallbackQueryRecord, Chat, ChatMessage, User, World

CALL_LOG_LIMIT = 50_000


@dataclass
class CallRecord:
    """One Bot API call as the emulator answered it."""

    method: str
    bot: str
    params: dict[str, Any]
    status: int
    duration: float
    time: float
    description: str | None = None
    fault: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "bot": self.bot,
            "params": self.params,
            "status": self.status,
            "duration": round(self.duration, 6),
            "time": self.time,
            "description": self.description,
            "fault": self.fault,
        }


class InvalidCallsError(AssertionError):
    pass


class Emulator:
    """A local Telegram Bot API server with a small world behind it.

    ``limits`` are off unless given (``Limits(enabled=True)``) or enabled later with
    ``emu.limits.enable()``. ``clock`` supplies every ``date`` the bots see.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        limits: Limits | None = None,
        clock: Callable[[], float] = time.time,
        spec: Spec | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.clock = clock
        self.spec = spec or Spec.load()
        self.events = EventBus(clock)
        self.world = World(clock, self.events)
        self.limits = limits if limits is not None else Limits()
        self.faults = Faults()
        self.calls: deque[CallRecord] = deque(maxlen=CALL_LOG_LIMIT)
        self.invalid_calls: list[CallRecord] = []
        # Per chat: the event of the bot message wait_for_message last returned (or move_message_cursor set).
        self._message_cursor: dict[str, int] = {}
        self._runner: web.AppRunner | None = None

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> Emulator:
        from emulator.control import register_control_routes
        from emulator.server import build_app

        app = build_app(self)
        register_control_routes(app, self)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        sockets = server.sockets if isinstance(server, asyncio.Server) else []
        if sockets:
            self.port = sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        for bot in self.world.bots.values():
            await bot.updates.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Emulator:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)``."""
        return f"{self.url}/file/bot"

    # ------------------------------------------------------------------ the world

    def add_bot(
        self,
        token: str | None = None,
        username: str | None = None,
        *,
        first_name: str | None = None,
        can_read_all_group_messages: bool = False,
    ) -> Bot:
        """A bot; ``can_read_all_group_messages=False`` means privacy mode is on."""
        return self.world.add_bot(
            token, username, first_name=first_name,
            can_read_all_group_messages=can_read_all_group_messages,
        )

    def add_user(
        self,
        first_name: str,
        last_name: str | None = None,
        *,
        username: str | None = None,
        language_code: str | None = None,
        id: int | None = None,
    ) -> User:
        return self.world.add_user(
            first_name, last_name, username=username, language_code=language_code, id=id
        )

    def add_group(
        self,
        title: str,
        members: Iterable[User] = (),
        bots: Iterable[Bot] = (),
        *,
        admins: Iterable[User | Bot] = (),
    ) -> Chat:
        """A basic group; the first member is its creator."""
        return self.world.add_group(title, members=members, bots=bots, admins=admins)

    def add_supergroup(
        self,
        title: str,
        members: Iterable[User] = (),
        bots: Iterable[Bot] = (),
        *,
        admins: Iterable[User | Bot] = (),
        username: str | None = None,
    ) -> Chat:
        """A supergroup; the first member is its creator."""
        return self.world.add_group(
            title, members=members, bots=bots, admins=admins, supergroup=True, username=username
        )

    def add_member(self, chat: Chat, account: User | Bot, *, by: User | None = None) -> ChatMessage:
        return self.world.add_member(chat, account, by=by)

    def remove_member(self, chat: Chat, account: User | Bot, *, by: User | None = None) -> ChatMessage:
        return self.world.remove_member(chat, account, by=by)

    def migrate_to_supergroup(self, group: Chat, *, by: User | None = None) -> Chat:
        return self.world.migrate_to_supergroup(group, by=by)

    # ------------------------------------------------------------------ reading

    def messages(self, chat: Chat, *, include_deleted: bool = False) -> list[ChatMessage]:
        """Everything in the chat in order, edits applied; deleted ones left out."""
        return [m for m in chat.messages.values() if include_deleted or not m.deleted]

    def bot_messages(self, chat: Chat) -> list[ChatMessage]:
        return [m for m in self.messages(chat) if m.from_bot]

    def last_message(self, chat: Chat) -> ChatMessage | None:
        visible = self.messages(chat)
        return visible[-1] if visible else None

    def chat_actions(self, chat: Chat) -> list[str]:
        return [record["action"] for record in chat.actions]

    def commands(self, bot: Bot, *, scope: str = "default", language_code: str = "") -> list[dict[str, str]]:
        return list(bot.commands.get((scope, language_code), []))

    @property
    def callback_queries(self) -> list[CallbackQueryRecord]:
        return list(self.world.callback_queries.values())

    def calls_to(self, method: str) -> list[CallRecord]:
        return [call for call in self.calls if call.method == method]

    # ------------------------------------------------------------------ waiting

    async def wait_for_message(
        self,
        chat: Chat,
        *,
        timeout: float = 5.0,
        predicate: Callable[[ChatMessage], bool] | None = None,
    ) -> ChatMessage:
        """The next new bot message in ``chat``.

        "Next" means after the last person's action in the chat and after the
        message this method last returned for the chat, so consecutive calls walk
        through the bot's replies one by one.
        """
        after = self.message_cursor(chat)

        def matches(event: Event) -> bool:
            if event.kind != "message" or event.data["chat_key"] != chat.key:
                return False
            return predicate is None or predicate(chat.messages[event.data["message_id"]])

        event = await self.events.wait_for(
            matches, after_seq=after, timeout=timeout, description=f"bot message in {chat!r}",
            kind="message", chat_key=chat.key,
        )
        self.move_message_cursor(chat, event.seq)
        return chat.messages[event.data["message_id"]]

    def message_cursor(self, chat: Chat) -> int:
        """The event sequence number the next bot message in ``chat`` is looked for after: the later of the
        last person's action in the chat and the message ``wait_for_message`` last returned for it."""
        return max(self.world.last_user_action.get(chat.key, 0), self._message_cursor.get(chat.key, 0))

    def move_message_cursor(self, chat: Chat, seq: int) -> None:
        """Count the chat's events up to ``seq`` as seen, for a wait of one's own over ``emu.events`` (say, for
        a message or an edit) that ``wait_for_message`` should then continue after."""
        self._message_cursor[chat.key] = seq

    async def wait_for_messages(self, chat: Chat, count: int, *, timeout: float = 5.0) -> list[ChatMessage]:
        return [await self.wait_for_message(chat, timeout=timeout) for _ in range(count)]

    async def wait_for_edit(self, message: ChatMessage, *, timeout: float = 5.0) -> ChatMessage:
        """Wait until ``message`` is edited after the last person's action in its chat."""
        after = self.world.last_user_action.get(message.chat.key, 0)
        await self.events.wait_for(
            lambda event: event.kind == "edit"
            and event.data["chat_key"] == message.chat.key
            and event.data["message_id"] == message.message_id,
            after_seq=after,
            timeout=timeout,
            description=f"edit of {message!r}",
            kind="edit",
            chat_key=message.chat.key,
        )
        return message

    async def wait_for_callback_answer(
        self, query: CallbackQueryRecord, *, timeout: float = 5.0
    ) -> dict[str, Any]:
        await self.events.wait_for(
            lambda event: event.kind == "callback_answer"
            and event.data["callback_query_id"] == query.id,
            timeout=timeout,
            description=f"answer to callback query {query.id}",
            kind="callback_answer",
            chat_key=query.message.chat.key,
        )
        return query.answer or {}

    async def wait_for_event(
        self,
        kind: str | None = None,
        predicate: Callable[[Event], bool] | None = None,
        *,
        after_seq: int | None = None,
        timeout: float = 5.0,
    ) -> Event:
        """Any event (see ``emulator.events``); by default only ones still to come."""
        start = self.events.last_seq if after_seq is None else after_seq
        return await self.events.wait_for(
            lambda event: (kind is None or event.kind == kind)
            and (predicate is None or predicate(event)),
            after_seq=start,
            timeout=timeout,
            description=kind or "event",
        )

    async def wait_for_call(self, method: str, *, timeout: float = 5.0) -> Event:
        """The next Bot API call of ``method`` (successful or not)."""
        return await self.wait_for_event(
            "call", lambda event: event.data["method"] == method, timeout=timeout
        )

    # ------------------------------------------------------------------ recording

    def record_call(
        self,
        bot: Bot,
        method: str,
        params: dict[str, Any],
        status: int,
        started: float,
        *,
        error: ApiError | None = None,
        fault: str | None = None,
    ) -> CallRecord:
        record = CallRecord(
            method=method,
            bot=bot.username,
            params=_loggable(params),
            status=status,
            duration=time.monotonic() - started,
            time=self.clock(),
            description=error.description if error else None,
            fault=fault,
        )
        self.calls.append(record)
        self.events.publish(
            "call", method=method, bot=bot.username, status=status,
            description=record.description, fault=fault,
        )
        if error is not None and error.invalid:
            self.invalid_calls.append(record)
            self.events.publish("invalid_call", **record.to_json())
        if error is not None and error.status == 429:
            self.events.publish("rate_limited", method=method, bot=bot.username,
                                retry_after=(error.parameters or {}).get("retry_after"))
        return record

    def assert_no_invalid_calls(self) -> None:
        """Fail if the bot made any call Telegram would have rejected as malformed."""
        if self.invalid_calls:
            lines = [
                f"  {call.method} {call.params} -> {call.status} {call.description}"
                for call in self.invalid_calls
            ]
            raise InvalidCallsError(
                f"{len(self.invalid_calls)} invalid Bot API call(s):\n" + "\n".join(lines)
            )

    def clear_invalid_calls(self) -> None:
        self.invalid_calls.clear()


def _loggable(params: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.describe() if isinstance(value, UploadedFile) else value
        for name, value in params.items()
    }
