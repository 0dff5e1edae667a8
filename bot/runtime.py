"""The running bot as one typed object, and the one way to start and stop it.

`build_runtime` puts the parts together: the neutral core (services, routes, the turn runner), each channel
whose token is set (Telegram, Zalo or both), one outbox routed by the chat id's platform, and the scheduler's
settings. `running_bot` starts them in order, yields, and stops them in the reverse order. Every way of running
the bot — `delegation-bot run` (polling or webhook), the sandbox, the benchmarks, the tests — goes through these
two, so the start-up and the shutdown order are written once, here.

Polling, the scheduler's tick and the replay of updates left unhandled are the leader's duties
(`bot.leadership`): with several processes on one PostgreSQL only the elected one does them; alone (SQLite, the
sandbox, the tests) the process is the leader from its start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from telegram import Bot
from telegram.error import NetworkError
from telegram.ext import Application

from bot.leadership import Leadership, LeftBehind, SoleProcess
from bot.metrics import BotMetrics
from bot.retention import DailyRetention
from bot.settings import Settings
from bot.zalo import ZaloParts, build_zalo
from channels.downloads import DownloadLinks, public_origin
from channels.routing import RoutingOutbound, RoutingPacer
from channels.telegram.aiohttp_request import AiohttpRequest
from channels.telegram.application import ALLOWED_UPDATES, build_telegram_application
from channels.telegram.channel import PLATFORM as TELEGRAM, TelegramChannel
from channels.telegram.inbox import DurablePoller, Inbox
from channels.telegram.outbound import TELEGRAM_PACING, TelegramOutbound
from channels.zalo.channel import PLATFORM as ZALO
from channels.zalo.inbox import ZaloPoller
from handlers.conversation import Channel, Services
from handlers.reports import ReportRunner
from handlers.turns import TurnRunner
from models.clock import Clock
from models.db import Database
from scheduler import Dispatcher, Pacer, SchedulerConfig, TickReport, run_tick
from scheduler.outbound import Outbound
from scheduler.pacing import Pacing

log = logging.getLogger(__name__)
SCHEDULER_INTERVAL_S = 60
FIRST_TICK_S = 5
POLL_TIMEOUT_S = 30
UNSAID_CHECK_S = 5.0   # how often the leader looks for replies a killed process decided and did not say


@dataclass
class TelegramParts:
    """The Telegram channel: PTB's Application (the update queue, one handler), the inbox that stores every update
    first, and the outbox's own bot (no rate limiter: the dispatcher paces itself)."""

    app: Application
    channel: TelegramChannel
    inbox: Inbox
    outbox_bot: Bot


@dataclass
class BotRuntime:
    settings: Settings
    services: Services
    runner: TurnRunner
    dispatcher: Dispatcher
    scheduler_config: SchedulerConfig
    retention: DailyRetention
    telegram: TelegramParts | None = None
    zalo: ZaloParts | None = None
    downloads: DownloadLinks | None = None   # webhook mode: one-time links for Zalo's reports
    tasks: list[asyncio.Task[None]] = field(default_factory=list)   # the leadership (pollers, tick), while running
    leadership: Leadership | None = None
    metrics: BotMetrics | None = None        # /health and /metrics (`bot.metrics`), set by `build_runtime`
    tick_lag: float = 0.0                    # seconds the last tick started after its scheduled time
    last_tick_at: float | None = None        # Unix time the last tick ended
    _tick_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def database(self) -> Database:
        return self.services.database

    @property
    def app(self) -> Application:
        """Telegram's Application (tests add handlers to it)."""
        assert self.telegram is not None, "Telegram does not run here (no TELEGRAM_BOT_TOKEN)"
        return self.telegram.app

    @property
    def reports(self) -> ReportRunner:
        return self.services.reports

    async def tick(self) -> TickReport:
        """The scheduler's one repeating job: what the plan makes due goes out, the drafts due before a review of
        the plan are built in the background and queued (once: their keys), what is no longer needed is
        forgotten. One at a time (the sandbox's time travel ticks too)."""
        from bot.app import housekeeping

        async with self._tick_lock:
            if self.services.reports is not None:
                self.reports.check_review_drafts_in_background()   # a build takes seconds: the tick does not wait
            report = await run_tick(self.database, self.dispatcher, self.services.clock, self.scheduler_config)
            await self.database.run(lambda session: housekeeping(session, self.services.clock.now()))
            # Old alerts' texts, review drafts' files, the audit log: once a day.
            await self.retention.run_if_due(self.reports.drafts_dir if self.services.reports is not None else None)
        return report

    async def wait(self, stop: asyncio.Event) -> None:
        """Until `stop` is set, or a leader's duty fails for good (a refused token): then say why."""
        stopping = asyncio.create_task(stop.wait(), name="stop")
        try:
            done, _ = await asyncio.wait({stopping, *self.tasks}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        for task in done:
            if task is not stopping and not task.cancelled():
                task.result()


def build_runtime(settings: Settings, database: Database, *, clock: Clock | None = None,
                  services: Services | None = None, pacer: Pacer | RoutingPacer | None = None,
                  public_url: str | None = None) -> BotRuntime:
    """The bot on every channel whose token is set, over one database and one outbox. `pacer` replaces the
    platforms' pacing (the sandbox's emulator has no flood limits). `public_url` (webhook mode): the bot's public
    address, where the reports Zalo cannot carry are offered as one-time download links."""
    from bot.app import build_services, error_redactor

    services = services or build_services(settings, database, clock)
    runner = TurnRunner(services)
    outbounds: dict[str, Outbound] = {}
    pacings: dict[str, Pacing] = {}
    telegram = zalo = None
    if settings.telegram_bot_token is not None or not settings.zalo_enabled:
        telegram = _build_telegram(settings, runner)
        outbounds[TELEGRAM], pacings[TELEGRAM] = TelegramOutbound(telegram.outbox_bot), TELEGRAM_PACING
    downloads = None
    if settings.zalo_enabled:
        if public_url:
            downloads = DownloadLinks(database, services.clock, public_origin(public_url))
        zalo = build_zalo(settings, services, runner, downloads)
        outbounds[ZALO], pacings[ZALO] = zalo.outbound, zalo.pacing
    # Each delivery goes to the channel its chat id names, paced by that platform's own limits.
    dispatcher = Dispatcher(database, RoutingOutbound(outbounds), services.clock,
                            pacer=pacer or RoutingPacer(pacings),  # type: ignore[arg-type]  # a Pacer by its methods
                            redact=error_redactor(settings))
    services.outbox = dispatcher
    runtime = BotRuntime(settings=settings, services=services, runner=runner, dispatcher=dispatcher,
                         scheduler_config=SchedulerConfig(rules=services.rules),
                         retention=DailyRetention(database, settings, services.clock), telegram=telegram, zalo=zalo,
                         downloads=downloads)
    runtime.metrics = BotMetrics(runtime)
    return runtime


def _build_telegram(settings: Settings, runner: TurnRunner) -> TelegramParts:
    app, channel, inbox = build_telegram_application(
        token=settings.require_token(), base_url=settings.telegram_base_url,
        base_file_url=settings.telegram_base_file_url, tz=settings.tz,
        messages_per_second=settings.telegram_messages_per_second, runner=runner)
    # Pushes leave on a bot of their own: AIORateLimiter would pause every person's replies on one 429.
    outbox_bot = Bot(settings.require_token(), base_url=settings.telegram_base_url,
                     base_file_url=settings.telegram_base_file_url or "https://api.telegram.org/file/bot",
                     request=AiohttpRequest(32))
    return TelegramParts(app=app, channel=channel, inbox=inbox, outbox_bot=outbox_bot)


@contextlib.asynccontextmanager
async def running_bot(runtime: BotRuntime, *, telegram_polls: bool = True, zalo_polls: bool = True,
                      poll_timeout: int = POLL_TIMEOUT_S, tick_every: float | None = SCHEDULER_INTERVAL_S,
                      leadership: Leadership | None = None) -> AsyncIterator[BotRuntime]:
    """Start the bot: each channel (getMe, the command menu), the outbox (what waited since the last stop goes
    out) and, while this process leads (`leadership`; alone it always does), long polling unless the caller
    serves a webhook, the replay of updates stored but not handled, and the scheduler's tick every `tick_every`
    seconds (None: only when the caller ticks). On leaving: the leader's duties first (nothing new comes in; the
    leader's lock is let go), then the work in the background, the outbox (unsent rows go back), the
    channels."""
    leadership = leadership or Leadership(SoleProcess())
    runtime.leadership = leadership
    async with contextlib.AsyncExitStack() as stack:
        telegram, zalo = runtime.telegram, runtime.zalo
        if telegram is not None:
            await telegram.app.initialize()
            stack.push_async_callback(telegram.app.shutdown)
            await telegram.outbox_bot.initialize()
            stack.push_async_callback(telegram.outbox_bot.shutdown)
            telegram.channel.started(telegram.app.bot.username)
            if telegram.channel.capabilities.deep_link:   # for texts said on Zalo: "on Telegram, open …"
                runtime.services.private_links["telegram"] = telegram.channel.capabilities.deep_link
            await telegram.channel.set_command_menu()
        if zalo is not None:
            stack.push_async_callback(zalo.aclose)
            await zalo.start()
        if telegram is not None:
            await telegram.app.start()
            stack.push_async_callback(_stop_application, telegram.app)
        stack.push_async_callback(runtime.dispatcher.aclose)   # unsent rows back to the outbox
        stack.push_async_callback(runtime.runner.aclose)       # what turns left running
        if runtime.services.reports is not None:
            stack.push_async_callback(runtime.reports.aclose)  # a report or review draft being built
        if zalo is not None:
            stack.push_async_callback(zalo.inbox.aclose)       # Zalo updates being handled
        stack.push_async_callback(_cancel, runtime.tasks)      # first of all: nothing new comes in
        runtime.dispatcher.kick()   # what was waiting in the outbox when the bot stopped goes out now
        _leader_duties(runtime, leadership, telegram_polls=telegram_polls, zalo_polls=zalo_polls,
                       poll_timeout=poll_timeout, tick_every=tick_every)
        runtime.tasks.append(asyncio.create_task(leadership.run(), name="leadership"))
        if runtime.metrics is not None:   # every process: /health and /metrics answer from it
            runtime.tasks.append(asyncio.create_task(runtime.metrics.refresh_forever(), name="status"))
        yield runtime


def _leader_duties(runtime: BotRuntime, leadership: Leadership, *, telegram_polls: bool, zalo_polls: bool,
                   poll_timeout: int, tick_every: float | None) -> None:
    """What only the leader does, from its election to the loss of it: replay what was left unhandled (all of it
    at election: its predecessor's), poll, tick."""
    telegram, zalo = runtime.telegram, runtime.zalo
    left_behind = LeftBehind()
    if telegram is not None:
        left_behind.add("Telegram", lambda received_before: telegram.inbox.replay(telegram.app, received_before))
    if zalo is not None:
        left_behind.add("Zalo", zalo.inbox.replay)
    leadership.while_leader("replay", left_behind.run)
    channels: dict[str, Channel] = {}
    if telegram is not None:
        channels[telegram.channel.source] = telegram.channel
    if zalo is not None:
        channels[zalo.channel.source] = zalo.channel
    alone = isinstance(leadership.elector, SoleProcess)
    leadership.while_leader("unsaid-replies", lambda: _say_unsaid_forever(runtime.runner, channels, alone))
    if telegram is not None and telegram_polls:
        leadership.while_leader("telegram-poller", lambda: _poll_telegram(telegram, poll_timeout))
    if zalo is not None and zalo_polls:
        leadership.while_leader("zalo-poller", lambda: _poll_zalo(zalo))
    if tick_every is not None:
        leadership.while_leader("scheduler-tick", lambda: _tick_forever(runtime, tick_every))


async def _say_unsaid_forever(runner: TurnRunner, channels: dict[str, Channel], alone: bool) -> None:
    """What turns decided to say and a killed process did not: at election every reply whose holder stopped
    renewing it (alone on SQLite: every one kept, since no other process can be saying it), then every few
    seconds."""
    first = True
    while True:
        try:
            await runner.resend_unsaid(channels, any_holder=alone and first)
            first = False
        except Exception:
            log.exception("could not say the replies left unsaid; trying again in %.0f s", UNSAID_CHECK_S)
        await asyncio.sleep(UNSAID_CHECK_S)


async def _poll_telegram(telegram: TelegramParts, poll_timeout: int) -> None:
    while True:
        try:
            await telegram.app.bot.delete_webhook()   # getUpdates fails while a webhook is set
            break
        except NetworkError as error:   # a refused token (InvalidToken) is no network error: it stops the bot
            log.warning("deleteWebhook failed (%s); trying again in 5 s", error)
            await asyncio.sleep(5)
    log.info("polling Telegram for updates")
    await DurablePoller(telegram.app, telegram.inbox, ALLOWED_UPDATES, timeout=poll_timeout).run()


async def _poll_zalo(zalo: ZaloParts) -> None:
    await zalo.client.delete_webhook()   # getUpdates is refused while a webhook is set
    await ZaloPoller(zalo.client, zalo.inbox).run()


async def _tick_forever(runtime: BotRuntime, interval: float) -> None:
    """A tick every `interval` seconds on a fixed schedule: a tick that starts late (a slow one before it, a
    blocked event loop) shows as `tick_lag`, a metric."""
    loop = asyncio.get_running_loop()
    due = loop.time() + min(FIRST_TICK_S, interval)
    while True:
        await asyncio.sleep(max(0.0, due - loop.time()))
        runtime.tick_lag = max(0.0, loop.time() - due)
        if runtime.tick_lag > interval:   # ticks missed are not made up in a burst
            due = loop.time()
        try:
            await runtime.tick()
        except Exception:
            log.exception("scheduler tick failed; trying again at the next one")
        runtime.last_tick_at = time.time()
        due += interval


async def _cancel(tasks: list[asyncio.Task[None]]) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    tasks.clear()


async def _stop_application(app: Application) -> None:
    if app.running:
        await app.stop()
