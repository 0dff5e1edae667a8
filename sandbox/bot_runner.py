"""The real bot inside the sandbox: `bot.runtime` — the bot with its own outbox dispatcher and its scheduler tick
every minute — polling the emulator, all on the sandbox's shared clock.

One thing differs from production: the dispatcher does not pace. The emulator enforces no flood limits, and
after a jump of a month in sandbox time Telegram's 20 messages a minute into a group would keep a visitor
waiting for reminders that the real bot would have sent over weeks.
"""

from __future__ import annotations

import contextlib
import logging

from bot.runtime import BotRuntime, build_runtime, running_bot
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
        self.runtime: BotRuntime | None = None
        self._running: contextlib.AsyncExitStack | None = None

    @property
    def dispatcher(self) -> Dispatcher:
        assert self.runtime is not None, "start() first"
        return self.runtime.dispatcher

    @property
    def scheduler_config(self) -> SchedulerConfig:
        if self.runtime is not None:
            return self.runtime.scheduler_config
        return SchedulerConfig()

    async def start(self) -> None:
        runtime = build_runtime(self.settings, self.database, clock=self.clock, pacer=Pacer(SANDBOX_PACING))
        running = contextlib.AsyncExitStack()
        await running.enter_async_context(running_bot(runtime, poll_timeout=POLL_TIMEOUT_SECONDS))
        self.runtime, self._running = runtime, running   # the bot's own tick runs every minute, on our clock

    async def tick(self) -> int:
        """One scheduler tick now; returns how many messages went out."""
        assert self.runtime is not None, "start() first"
        report = await self.runtime.tick()   # the bot's own tick, review drafts and all
        return report.dispatched.messages

    async def stop(self) -> None:
        running, self._running, self.runtime = self._running, None, None
        if running is not None:
            await running.aclose()
