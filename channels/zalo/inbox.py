"""Zalo's updates kept before they are handled: long polling and the webhook both store first.

Zalo's getUpdates has no offset: an update it hands out is gone from Zalo. So each one is stored in the database
(the inbox, keyed by its message id) before anything else happens to it, then handled; a bot killed at any moment
after that replays it at start-up and handles it once (the turn claims it in its own unit of work). The webhook
answers Zalo only once the update is stored.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from channels.zalo.channel import ZaloChannel, event_of, unwrap, update_key
from channels.zalo.client import ZaloClient
from models.conversation import store_received, unhandled_updates
from scheduler.outbound import PermanentFailure, SendError, TemporaryFailure

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Bot-Api-Secret-Token"
POLL_SECONDS = 30
PHOTO_EVENT = "message.image.received"
MAX_BACKOFF = 30.0


class ZaloInbox:
    """Stores updates, then hands them to the channel one chat at a time, in order; replays after a restart."""

    def __init__(self, channel: ZaloChannel, workers: int = 8) -> None:
        self.channel = channel
        self.database = channel.services.database
        self.source = channel.source
        self._chats: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(workers)
        self._photos: dict[str, int] = {}   # photos of each chat stored and not yet taken up

    async def accept(self, update: dict[str, Any]) -> bool:
        """Store the update (committed) and start handling it; False if it was stored before (a retry)."""
        key = update_key(update)
        fresh = await self.database.run(lambda session: store_received(session, self.source, [(key, update)]))
        if fresh:
            self._start(update)
        return bool(fresh)

    async def replay(self, received_before: dt.datetime | None = None) -> int:
        """Handle what was stored but not handled — by a process that stopped, this one before a restart or
        another — or only what has waited since `received_before`, in the order it arrived."""
        stored = await self.database.run(lambda session: unhandled_updates(session, self.source, received_before))
        for _key, payload in stored:
            self._start(payload)
        return len(stored)

    def _start(self, update: dict[str, Any]) -> None:
        chat = _chat_of(update)
        if _is_photo(update):
            self._photos[chat] = self._photos.get(chat, 0) + 1
        task = asyncio.create_task(self._handle(chat, update), name=f"zalo update {update_key(update)}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, chat: str, update: dict[str, Any]) -> None:
        lock = self._chats.setdefault(chat, asyncio.Lock())
        photo = _is_photo(update)
        try:
            async with lock, self._slots:   # one chat's messages in the order they came
                if photo:
                    self._photos[chat] -= 1
                    await self.channel.on_update(update, more_photos=lambda: self._photos.get(chat, 0) > 0)
                else:
                    await self.channel.on_update(update)
        except Exception:
            log.exception("a Zalo update was not handled; it stays in the inbox for the next start")

    async def drain(self) -> None:
        """Wait for what is being handled (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)


class ZaloPoller:
    """Long polling: one update a call; an idle poll (408) is not an error. Stores before asking again."""

    def __init__(self, client: ZaloClient, inbox: ZaloInbox, timeout: int = POLL_SECONDS,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.client = client
        self.inbox = inbox
        self.timeout = timeout
        self._sleep = sleep
        self.listening = asyncio.Event()

    async def run(self) -> None:
        backoff = 1.0
        while True:
            self.listening.set()
            try:
                update = await self.client.get_update(self.timeout)
                backoff = 1.0
            except PermanentFailure:
                raise   # a refused token, a webhook still set: stopping says why
            except (TemporaryFailure, SendError) as error:
                log.warning("Zalo getUpdates failed (%s); retrying in %.0f s", error, backoff)
                await self._sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            if update is None:
                continue   # nothing within the timeout: poll again
            update = unwrap(update) or update
            await self.inbox.accept(update)


def webhook_handler(inbox: ZaloInbox, secret: str):
    """An aiohttp handler for Zalo's POSTs: the secret checked in constant time (as bytes), the body taken
    wrapped `{ok, result}` or bare, stored before Zalo is answered."""
    from aiohttp import web

    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, expected):
            return web.Response(status=403, text="forbidden")
        try:
            body = json.loads(await request.read())
        except ValueError:
            return web.Response(status=400, text="bad update")
        update = unwrap(body)
        if update is None:
            return web.Response(status=400, text="bad update")
        await inbox.accept(update)
        return web.json_response({"ok": True})

    return receive


def _is_photo(update: dict[str, Any]) -> bool:
    try:
        return event_of(update) == PHOTO_EVENT
    except (AttributeError, TypeError):   # a shape the channel sets aside
        return False


def _chat_of(update: dict[str, Any]) -> str:
    """The chat an update belongs to, whatever its shape ("" when it names none: handled on its own)."""
    message = update.get("message")
    chat = message.get("chat") if isinstance(message, dict) else None
    return str(chat.get("id", "")) if isinstance(chat, dict) else ""
