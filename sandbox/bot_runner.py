"""The real bot inside the sandbox: `bot.app.build_application` — with its own outbox dispatcher and its
scheduler tick every minute — polling the emulator through `DurablePoller`, all on the sandbox's shared clock.

One thing differs from production: the dispatcher does not pace. The emulator enforces no flood limits, and
after a jump of a month in sandbox time Telegram's 20 messages a minute into a group would keep a visitor
waiting for reminders that the real bot would have sent over weeks.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, build_application, scheduler_tick, stop_background
from channels.telegram.inbox import DurablePoller
from bot.settings import Settings
from models.clock import Clock
from models.db import Database
from scheduler import Dispatcher, Pacer, Pacing, SchedulerConfig

log = logging.getLogger(__name__)

POLL_TIMEOUT_SECONDS = 10
SANDBOX_PACING = Pacing.unlimited()


class SandboxBot:
    """Start and stop the bot; `tick()` runs the scheduler now (the sandbox's time travel calls it)."""

    def __init__(self, settings: Settings, database: Database, clock: Clock) -> None:
        self.settings = settings
        self.database = database
        self.clock = clock
        self.app: Application | None = None
        self._poller: asyncio.Task[None] | None = None
        self._tick_lock = asyncio.Lock()

    @property
    def dispatcher(self) -> Dispatcher:
        assert self.app is not None, "start() first"
        return self.app.bot_data["dispatcher"]

    @property
    def scheduler_config(self) -> SchedulerConfig:
        if self.app is not None:
            return self.app.bot_data["scheduler_config"]
        return SchedulerConfig()

    async def start(self) -> None:
        app = build_application(self.settings, self.database, clock=self.clock)
        self.app = app
        await app.initialize()
        self.dispatcher.pacer = Pacer(SANDBOX_PACING)
        if app.post_init:
            await app.post_init(app)
        await app.start()   # the JobQueue starts too: the bot's own tick runs every minute, on our clock
        poller = DurablePoller(app, app.bot_data["inbox"], ALLOWED_UPDATES, timeout=POLL_TIMEOUT_SECONDS)
        self._poller = asyncio.create_task(poller.run(), name="sandbox-poller")

    async def tick(self) -> int:
        """One scheduler tick now; returns how many messages went out."""
        assert self.app is not None, "start() first"
        async with self._tick_lock:
            report = await scheduler_tick(self.app)   # the bot's own tick, review drafts and all
        return report.dispatched.messages

    async def stop(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            with suppress(asyncio.CancelledError, Exception):
                await self._poller
            self._poller = None
        app, self.app = self.app, None
        if app is None:
            return
        with suppress(Exception):   # unsent pushes back to the outbox; its bot's connections closed
            await stop_background(app)
        if app.running:
            await app.stop()
        await app.shutdown()
