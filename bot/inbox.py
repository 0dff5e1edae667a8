"""The inbox: every update is stored in the database before Telegram may forget it, and replayed after a crash."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.error import (
    Conflict, EndPointNotFound, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut,
)
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

from models.conversation import store_received, unhandled_updates
from models.db import Database

log = logging.getLogger(__name__)
# DurablePoller asks getUpdates through do_api_request to keep the raw JSON; the library suggests get_updates.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.get_updates'", category=PTBUserWarning)


class NotAnUpdate(Exception):
    """A body that python-telegram-bot cannot read as an Update (a forged or broken webhook call)."""


class Inbox:
    def __init__(self, database: Database, source: str) -> None:
        self.database = database
        self.source = source

    async def accept(self, app: Application, payloads: Sequence[dict[str, Any]]) -> int:
        """Store a batch of updates as received (JSON objects) in one transaction, then queue the new ones for
        handling; returns how many were new."""
        if not payloads:
            return 0
        try:   # read before storing: what is not an update is refused, not kept
            updates = [Update.de_json(payload, app.bot) for payload in payloads]
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise NotAnUpdate(str(error)) from error
        received = [(update.update_id, payload) for update, payload in zip(updates, payloads, strict=True)]
        fresh = set(await self.database.run(lambda session: store_received(session, self.source, received)))
        for update in updates:
            if update.update_id in fresh:   # a re-sent update (a webhook retry) is queued once
                await app.update_queue.put(update)
        return len(fresh)

    async def replay(self, app: Application) -> int:
        """After a restart: queue what was stored but not handled before the process stopped."""
        payloads = await self.database.run(lambda session: unhandled_updates(session, self.source))
        for payload in payloads:
            await app.update_queue.put(Update.de_json(payload, app.bot))
        return len(payloads)


class DurablePoller:
    """Long polling that stores each batch before asking for the next one, since asking confirms the last.

    python-telegram-bot's Updater confirms a batch as soon as it is queued, before it is handled: a kill at
    that moment would lose it. Here the inbox holds it first, so a restart replays it and handles it once.
    """

    def __init__(self, app: Application, inbox: Inbox, allowed_updates: list[str], timeout: int = 30) -> None:
        self.app = app
        self.inbox = inbox
        self.allowed_updates = allowed_updates
        self.timeout = timeout

    async def run(self) -> None:
        offset: int | None = None
        backoff = 1.0
        while True:
            try:
                updates = await self._get_updates(offset)
                backoff = 1.0
            except TimedOut:
                continue
            except RetryAfter as error:
                await asyncio.sleep(_seconds(error.retry_after))
                continue
            except (InvalidToken, Forbidden, Conflict):
                raise   # a wrong token or a second bot process: stopping is the only sane answer
            except EndPointNotFound as error:   # how do_api_request reports a token refused after start-up
                raise InvalidToken("the bot token was refused") from error
            except NetworkError as error:
                log.warning("getUpdates failed (%s); retrying in %.0f s", error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
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


def _seconds(value: object) -> float:
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)  # type: ignore[arg-type]
