"""`ZaloEmulator`: the Zalo Bot API test double a test, a benchmark or the sandbox runs (`python -m emulator.zalo`).

It owns the world, the HTTP server on 127.0.0.1 (the Bot API, the photos' URLs and the control API), the
monthly quota, the fault injector and the record of calls, and offers the waiting helpers tests use — the same
style as the Telegram emulator (`emulator.Emulator`), whose event log and faults it shares.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from aiohttp import web

from emulator.emulator import CALL_LOG_LIMIT, CallRecord, InvalidCallsError
from emulator.errors import ApiError
from emulator.events import Event, EventBus
from emulator.faults import Faults
from emulator.zalo.maplinks import ShortLinks
from emulator.zalo.media import MediaStore
from emulator.zalo.quota import Quota
from emulator.zalo.world import Shapes, ZaloBot, ZaloChat, ZaloMessage, ZaloUser, ZaloWorld


class ZaloEmulator:
    """A local Zalo Bot API server with a small world behind it.

    `base_url` is what the bot's `ZALO_BASE_URL` is set to: calls go to `{base_url}/bot{token}/{method}`.
    `monthly_quota=None` means no quota (set one with `emu.quota.set(monthly=…)`).
    """

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, clock: Callable[[], float] = time.time,
                 monthly_quota: int | None = None, seed: int | None = None) -> None:
        self.host = host
        self.port = port
        self.clock = clock
        self.events = EventBus(clock)
        self.shapes = Shapes()
        self.media = MediaStore(clock, lambda: self.url)
        self.short_links = ShortLinks(lambda: self.url)   # Google Maps' short links, for pasted check-ins
        self.world = ZaloWorld(clock, self.events, self.media, self.shapes, seed=seed)
        self.quota = Quota(clock, monthly_quota)
        self.faults = Faults()
        self.calls: deque[CallRecord] = deque(maxlen=CALL_LOG_LIMIT)
        self.invalid_calls: list[CallRecord] = []
        self._message_cursor: dict[str, int] = {}
        self._runner: web.AppRunner | None = None

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> ZaloEmulator:
        from emulator.zalo.control import register_control_routes
        from emulator.zalo.server import build_app

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

    async def __aenter__(self) -> ZaloEmulator:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For `ZALO_BASE_URL`: the bot calls `{base_url}/bot{token}/{method}`."""
        return self.url

    # ------------------------------------------------------------------ the world

    def add_bot(self, token: str | None = None, name: str | None = None, *, can_join_groups: bool = True) -> ZaloBot:
        bot = self.world.add_bot(token, name, can_join_groups=can_join_groups)
        bot.updates.body_shape = lambda: self.shapes.webhook_body
        return bot

    def add_user(self, display_name: str, *, id: str | None = None) -> ZaloUser:
        return self.world.add_user(display_name, id=id)

    def add_group(self, title: str, members: Iterable[ZaloUser] = (), bots: Iterable[ZaloBot] = (), *,
                  id: str | None = None) -> ZaloChat:
        return self.world.add_group(title, members=members, bots=bots, id=id)

    def set_shapes(self, **shapes: Any) -> None:
        """Which update shapes to send: `name_field`, `photo_field`, `event_name`, `webhook_body` (see `Shapes`)."""
        self.shapes.update(**shapes)

    # ------------------------------------------------------------------ reading

    def messages(self, chat: ZaloChat) -> list[ZaloMessage]:
        return list(chat.messages.values())

    def bot_messages(self, chat: ZaloChat) -> list[ZaloMessage]:
        return [message for message in chat.messages.values() if message.from_bot]

    def last_message(self, chat: ZaloChat) -> ZaloMessage | None:
        return next(reversed(chat.messages.values()), None)

    def chat_actions(self, chat: ZaloChat) -> list[str]:
        return [record["action"] for record in chat.actions]

    def calls_to(self, method: str) -> list[CallRecord]:
        return [call for call in self.calls if call.method == method]

    def sent_messages(self) -> list[ZaloMessage]:
        """Every message any bot sent, in every chat, in order."""
        found = [m for chat in [*self.world.private_chats.values(), *self.world.groups.values()]
                 for m in chat.messages.values() if m.from_bot]
        return sorted(found, key=lambda message: message.date)

    # ------------------------------------------------------------------ waiting

    async def wait_for_message(self, chat: ZaloChat, *, timeout: float = 5.0,
                               predicate: Callable[[ZaloMessage], bool] | None = None) -> ZaloMessage:
        """The next bot message in `chat`: after the last person's action there and after the one this returned
        last, so consecutive calls walk through the bot's messages one by one."""
        after = self.message_cursor(chat)

        def matches(event: Event) -> bool:
            if event.kind != "message" or event.data["chat_key"] != chat.key:
                return False
            return predicate is None or predicate(chat.messages[event.data["message_id"]])

        event = await self.events.wait_for(matches, after_seq=after, timeout=timeout,
                                           description=f"bot message in {chat!r}", kind="message",
                                           chat_key=chat.key)
        self.move_message_cursor(chat, event.seq)
        return chat.messages[event.data["message_id"]]

    async def wait_for_messages(self, chat: ZaloChat, count: int, *, timeout: float = 5.0) -> list[ZaloMessage]:
        return [await self.wait_for_message(chat, timeout=timeout) for _ in range(count)]

    def message_cursor(self, chat: ZaloChat) -> int:
        return max(self.world.last_user_action.get(chat.key, 0), self._message_cursor.get(chat.key, 0))

    def move_message_cursor(self, chat: ZaloChat, seq: int) -> None:
        self._message_cursor[chat.key] = seq

    async def wait_for_event(self, kind: str | None = None, predicate: Callable[[Event], bool] | None = None, *,
                             after_seq: int | None = None, timeout: float = 5.0) -> Event:
        start = self.events.last_seq if after_seq is None else after_seq
        return await self.events.wait_for(
            lambda event: (kind is None or event.kind == kind) and (predicate is None or predicate(event)),
            after_seq=start, timeout=timeout, description=kind or "event")

    async def wait_for_call(self, method: str, *, timeout: float = 5.0) -> Event:
        return await self.wait_for_event("call", lambda event: event.data["method"] == method, timeout=timeout)

    # ------------------------------------------------------------------ recording

    def record_call(self, bot: ZaloBot, method: str, params: dict[str, Any], status: int, started: float, *,
                    error: ApiError | None = None, fault: str | None = None) -> CallRecord:
        record = CallRecord(method=method, bot=bot.id, params=dict(params), status=status,
                            duration=time.monotonic() - started, time=self.clock(),
                            description=error.description if error else None, fault=fault)
        self.calls.append(record)
        self.events.publish("call", method=method, bot=bot.id, status=status, description=record.description,
                            fault=fault)
        if error is not None and error.invalid:
            self.invalid_calls.append(record)
            self.events.publish("invalid_call", **record.to_json())
        if error is not None and error.status == 429:
            self.events.publish("quota_exceeded", method=method, bot=bot.id)
        return record

    def assert_no_invalid_calls(self) -> None:
        """Fail if the bot made any call Zalo would refuse as malformed or outside its reference."""
        if self.invalid_calls:
            lines = [f"  {call.method} {call.params} -> {call.status} {call.description}"
                     for call in self.invalid_calls]
            raise InvalidCallsError(f"{len(self.invalid_calls)} invalid Zalo Bot API call(s):\n" + "\n".join(lines))

    def clear_invalid_calls(self) -> None:
        self.invalid_calls.clear()
