"""The inbox: every update is stored in the database before Telegram may forget it, and replayed after a crash."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Update
from telegram.error import Conflict, EndPointNotFound, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from channels.telegram.errors import retry_after_seconds
from models.clock import Clock
from models.conversation import claim_for_handling, store_received, unhandled_updates
from models.db import Database

log = logging.getLogger(__name__)
CONFLICT_FIRST_WAIT = 5.0    # Telegram's 409: another getUpdates (or a webhook) holds this bot's updates
CONFLICT_MAX_WAIT = 60.0


class NotAnUpdate(Exception):
    """A body that is not a Telegram update at all: no update_id (a forged or broken webhook call)."""


def update_key(payload: object) -> str | None:
    """The inbox's key of a Telegram update: its update_id, as text; None when it has none."""
    if isinstance(payload, dict) and type(payload.get("update_id")) is int:
        return str(payload["update_id"])
    return None


class Inbox:
    def __init__(self, database: Database, source: str, clock: Clock | None = None) -> None:
        self.database = database
        self.source = source
        self.clock = clock or Clock()
        self.set_aside = 0   # updates the library could not read, stored as handled (a metric)

    async def accept(self, app: Application, payloads: Sequence[dict[str, Any]]) -> int:
        """Store a batch of updates as received (JSON objects) in one transaction, then queue the new ones for
        handling; returns how many were new. An update the library cannot read (a shape its version does not
        know) is stored as handled, with a log line: set aside, it neither stops the bot nor comes back."""
        received: list[tuple[str, dict[str, Any]]] = []
        readable: dict[str, Update] = {}
        for payload in payloads:
            key = update_key(payload)
            if key is None:
                raise NotAnUpdate("no update_id")
            received.append((key, payload))
            update = _read(payload, app)
            if update is not None:
                readable[key] = update
        if not received:
            return 0
        unreadable = [key for key, _ in received if key not in readable]
        self.set_aside += len(unreadable)
        now = self.clock.now()

        def store(session) -> list[str]:
            fresh = store_received(session, self.source, received)
            for key in unreadable:
                claim_for_handling(session, self.source, key, now)
            return fresh

        fresh = set(await self.database.run(store))
        for key, update in readable.items():
            if key in fresh:   # a re-sent update (a webhook retry) is queued once
                await app.update_queue.put(update)
        return len(fresh)

    async def replay(self, app: Application, received_before: dt.datetime | None = None) -> int:
        """Queue what was stored but not handled — by a process that stopped, this one before a restart or
        another — or only what has waited since `received_before` (what the library cannot read now is set
        aside). An update queued twice is handled once: its turn claims it."""
        stored = await self.database.run(lambda session: unhandled_updates(session, self.source, received_before))
        unreadable = []
        for key, payload in stored:
            update = _read(payload, app)
            if update is None:
                unreadable.append(key)
            else:
                await app.update_queue.put(update)
        if unreadable:
            self.set_aside += len(unreadable)
            now = self.clock.now()
            await self.database.run(lambda session: [claim_for_handling(session, self.source, key, now)
                                                     for key in unreadable])
        return len(stored) - len(unreadable)


def _read(payload: dict[str, Any], app: Application) -> Update | None:
    try:
        return Update.de_json(payload, app.bot)
    except Exception as error:   # whatever the library's parser raises on a shape it does not know
        # The type only: the payload may carry a person's messages.
        log.warning("update %s set aside: python-telegram-bot cannot read it (%s)", payload.get("update_id"),
                    type(error).__name__)
        return None


class DurablePoller:
    """Long polling that stores each batch before asking for the next one, since asking confirms the last.

    python-telegram-bot's Updater confirms a batch as soon as it is queued, before it is handled: a kill at
    that moment would lose it. Here the inbox holds it first, so a restart replays it and handles it once.
    """

    def __init__(self, app: Application, inbox: Inbox, allowed_updates: list[str], timeout: int = 30,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.app = app
        self.inbox = inbox
        self.allowed_updates = allowed_updates
        self.timeout = timeout
        self._sleep = sleep
        self.conflicts = 0   # 409s met (another poller of this bot, or a webhook set)

    async def run(self) -> None:
        offset: int | None = None
        backoff = 1.0
        conflict_wait = CONFLICT_FIRST_WAIT
        while True:
            try:
                updates = await self._get_updates(offset)
                backoff = 1.0
                conflict_wait = CONFLICT_FIRST_WAIT
            except TimedOut:
                continue
            except RetryAfter as error:
                await asyncio.sleep(retry_after_seconds(error))
                continue
            except Conflict as error:
                # Another process polls this bot (one outside this deployment's election: a developer's copy,
                # a leader cut off from the database), or a webhook is set. Exiting would only start a crash
                # loop; asking again at once would make a stream of 409s. Wait, longer each time.
                self.conflicts += 1
                log.warning("getUpdates: 409 Conflict (%s); asking again in %.0f s", error.message, conflict_wait)
                await self._sleep(conflict_wait)
                conflict_wait = min(conflict_wait * 2, CONFLICT_MAX_WAIT)
                continue
            except (InvalidToken, Forbidden):
                raise   # a wrong token: stopping says why
            except EndPointNotFound as error:   # how do_api_request reports a token refused after start-up
                raise InvalidToken("the bot token was refused") from error
            except NetworkError as error:
                log.warning("getUpdates failed (%s); retrying in %.0f s", error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            updates = [u for u in updates if update_key(u) is not None]   # Telegram sends none without one
            if updates:
                await self.inbox.accept(self.app, updates)
                offset = updates[-1]["update_id"] + 1

    async def _get_updates(self, offset: int | None) -> list[dict[str, Any]]:
        """getUpdates, kept as the JSON Telegram sent: that is what the inbox stores, and turning the parsed
        Updates back into JSON cost more than parsing them."""
        arguments: dict[str, Any] = {"timeout": self.timeout, "allowed_updates": self.allowed_updates}
        if offset is not None:
            arguments["offset"] = offset
        result = await self.app.bot.do_api_request("get_updates", api_kwargs=arguments,
                                                   read_timeout=self.timeout + 10)
        return list(result) if isinstance(result, list) else []
