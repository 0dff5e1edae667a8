"""A durable update queue: each update is stored in the database before the poller may confirm it to Telegram."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

from models.conversation import store_received, unhandled_updates
from models.db import Database


class DurableUpdateQueue(asyncio.Queue):  # type: ignore[type-arg]
    """python-telegram-bot's Updater asks for the next batch (confirming this one) right after `put` returns;
    storing inside `put` therefore means a kill at any moment leaves every unhandled update in the inbox."""

    def __init__(self, database: Database, source: str) -> None:
        super().__init__()
        self.database = database
        self.source = source

    async def put(self, item: Any) -> None:
        if isinstance(item, Update):
            payload = item.to_dict()
            fresh = await self.database.run(lambda s: store_received(s, self.source, [(item.update_id, payload)]))
            if not fresh:
                return   # Telegram sent it again (e.g. a webhook retry): it is already queued or handled
        await super().put(item)

    async def replay_unhandled(self, bot: Any) -> int:
        """After a restart: queue what was stored but not handled before the process stopped."""
        payloads = await self.database.run(lambda s: unhandled_updates(s, self.source))
        for payload in payloads:
            await super().put(Update.de_json(payload, bot))
        return len(payloads)
