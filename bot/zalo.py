"""The Zalo channel in the running bot: beside Telegram in one process over one database and one outbox, or alone.

`ZaloRuntime` is the channel's parts (client, channel, inbox, quota watch, the outbox's Zalo sender). With both
channels, `attach_to_dispatcher` routes the one outbox by the chat id's platform, each platform paced on its own.
Alone (`serve_zalo`), the scheduler's tick runs on a plain asyncio loop instead of Telegram's JobQueue.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from dataclasses import dataclass
from urllib.parse import urlparse

from bot.retention import DailyRetention
from bot.settings import Settings
from channels.routing import RoutingOutbound, RoutingPacer
from channels.zalo.channel import PLATFORM, ZaloChannel
from channels.zalo.client import ZaloClient
from channels.zalo.inbox import ZaloInbox, ZaloPoller, webhook_handler
from channels.zalo.outbound import QuotaWatch, ZaloOutbound, zalo_pacing
from handlers.conversation import Services
from handlers.turns import TurnRunner
from models.db import Database
from scheduler import Dispatcher, SchedulerConfig, run_tick
from scheduler.pacing import Pacing

log = logging.getLogger(__name__)
TICK_SECONDS = 60


@dataclass
class ZaloRuntime:
    client: ZaloClient
    channel: ZaloChannel
    inbox: ZaloInbox
    watch: QuotaWatch
    outbound: ZaloOutbound
    pacing: Pacing

    async def start(self) -> None:
        await self.client.start()
        me = await self.client.get_me()
        log.info("Zalo bot %s (id %s)", me.get("account_name"), me.get("id"))

    async def replay(self) -> int:
        replayed = await self.inbox.replay()
        if replayed:
            log.info("replaying %d Zalo updates stored before the last stop", replayed)
        return replayed

    async def aclose(self) -> None:
        await self.inbox.aclose()
        await self.channel.aclose()
        await self.client.close()


def build_zalo(settings: Settings, services: Services, runner: TurnRunner) -> ZaloRuntime:
    client = ZaloClient(settings.require_zalo_token(), settings.zalo_base_url)
    watch = QuotaWatch(services.database, services.clock, settings.zalo_monthly_message_quota)
    channel = ZaloChannel(client, runner, usage=watch)
    return ZaloRuntime(client=client, channel=channel, inbox=ZaloInbox(channel), watch=watch,
                       outbound=ZaloOutbound(client, services.database, services.clock, watch),
                       pacing=zalo_pacing(settings.zalo_messages_per_second_per_chat))


def attach_to_dispatcher(dispatcher: Dispatcher, zalo: ZaloRuntime, platform: str, pacing: Pacing) -> None:
    """One outbox for two channels: deliveries go by their chat id's platform, each platform with its pacing."""
    dispatcher.outbound = RoutingOutbound({platform: dispatcher.outbound, PLATFORM: zalo.outbound})
    dispatcher.pacer = RoutingPacer({platform: pacing, PLATFORM: zalo.pacing}, fallback=platform)  # type: ignore[assignment]


async def tick_forever(services: Services, dispatcher: Dispatcher, config: SchedulerConfig,
                       interval: float = TICK_SECONDS, retention: DailyRetention | None = None) -> None:
    """The scheduler's tick when no Telegram Application carries it: what the plan makes due goes out, review
    drafts are built in the background, what is no longer needed is forgotten."""
    from bot.app import housekeeping

    await asyncio.sleep(5)
    while True:
        try:
            if services.reports is not None:
                services.reports.check_review_drafts_in_background()
            await run_tick(services.database, dispatcher, services.clock, config)
            await services.database.run(lambda session: housekeeping(session, services.clock.now()))
            if retention is not None:
                await retention.run_if_due(services.reports.drafts_dir if services.reports is not None else None)
        except Exception:
            log.exception("scheduler tick failed; trying again at the next one")
        await asyncio.sleep(interval)


async def serve_zalo(settings: Settings, database: Database, *, webhook_url: str | None = None,
                     listen: str = "127.0.0.1", port: int = 8443, stop: asyncio.Event | None = None) -> None:
    """The bot on Zalo alone: long polling (or a webhook server with /health), the outbox and the tick."""
    from bot.app import build_services, error_redactor

    services = build_services(settings, database)
    runner = TurnRunner(services)
    zalo = build_zalo(settings, services, runner)
    dispatcher = Dispatcher(database, zalo.outbound, services.clock, zalo.pacing, redact=error_redactor(settings))
    services.outbox = dispatcher
    stop = stop or asyncio.Event()
    tasks: list[asyncio.Task[None]] = []
    web_runner = None
    try:
        await zalo.start()
        if webhook_url:
            web_runner = await serve_zalo_webhook(zalo, settings, webhook_url, listen, port)
        else:
            await zalo.client.delete_webhook()   # getUpdates is refused while a webhook is set
            tasks.append(asyncio.create_task(ZaloPoller(zalo.client, zalo.inbox).run(), name="zalo-poller"))
        retention = DailyRetention(database, settings, services.clock)
        tasks.append(asyncio.create_task(tick_forever(services, dispatcher, SchedulerConfig(rules=services.rules),
                                                      retention=retention), name="scheduler-tick"))
        dispatcher.kick()
        await zalo.replay()
        stopping = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({stopping, *tasks}, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task is not stopping:
                task.result()   # a refused token: say why
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if web_runner is not None:
            await web_runner.cleanup()
        if services.reports is not None:
            await services.reports.aclose()
        await runner.aclose()
        await dispatcher.aclose()
        await zalo.aclose()


async def serve_zalo_webhook(zalo: ZaloRuntime, settings: Settings, webhook_url: str, listen: str, port: int,
                             path: str | None = None):  # type: ignore[no-untyped-def]
    """Set Zalo's webhook (the secret from ZALO_WEBHOOK_SECRET, else made now) and serve it, with /health."""
    from aiohttp import web

    secret = (settings.zalo_webhook_secret.get_secret_value() if settings.zalo_webhook_secret
              else secrets.token_urlsafe(32))
    path = path or urlparse(webhook_url).path or "/zalo"
    app = web.Application()
    app.router.add_post(path, webhook_handler(zalo.inbox, secret))

    async def health(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app.router.add_get("/health", health)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, listen, port).start()
    await zalo.client.set_webhook(webhook_url, secret)
    log.info("Zalo webhook listening on %s:%d%s", listen, port, path)
    return runner


@contextlib.asynccontextmanager
async def zalo_beside_telegram(settings: Settings, app, *, webhook_url: str | None = None):  # type: ignore[no-untyped-def]
    """Run the Zalo channel inside the Telegram bot's process: same services, turn runner and outbox."""
    if not settings.zalo_enabled:
        yield None
        return
    from channels.telegram.outbound import TELEGRAM_PACING

    services: Services = app.bot_data["services"]
    zalo = build_zalo(settings, services, app.bot_data["runner"])
    attach_to_dispatcher(app.bot_data["dispatcher"], zalo, "telegram", TELEGRAM_PACING)
    await zalo.start()
    poller = None
    if webhook_url is None:
        await zalo.client.delete_webhook()
        poller = asyncio.create_task(ZaloPoller(zalo.client, zalo.inbox).run(), name="zalo-poller")
    await zalo.replay()
    try:
        yield zalo
    finally:
        if poller is not None:
            poller.cancel()
            await asyncio.gather(poller, return_exceptions=True)
        await zalo.aclose()
