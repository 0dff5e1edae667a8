"""The Zalo channel's parts in the running bot (`bot.runtime`): beside Telegram in one process over one database
and one outbox, or alone.

`ZaloParts` is the channel's parts (client, channel, inbox, quota watch, the outbox's Zalo sender);
`serve_zalo_webhook` serves Zalo's webhook when Zalo is not polled.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from urllib.parse import urlparse

from bot.metrics import BotMetrics
from bot.settings import Settings
from channels.downloads import DownloadLinks
from channels.zalo.channel import ZaloChannel
from channels.zalo.client import ZaloClient
from channels.zalo.documents import Documents
from channels.zalo.inbox import ZaloInbox, webhook_handler
from channels.zalo.outbound import QuotaWatch, ZaloOutbound, zalo_pacing
from handlers.conversation import Services
from handlers.turns import TurnRunner
from scheduler.pacing import Pacing

log = logging.getLogger(__name__)


@dataclass
class ZaloParts:
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

    async def aclose(self) -> None:
        await self.inbox.aclose()
        await self.channel.aclose()
        await self.client.close()


def build_zalo(settings: Settings, services: Services, runner: TurnRunner,
               links: DownloadLinks | None = None) -> ZaloParts:
    """`links`: one-time download links for the reports Zalo cannot carry (webhook mode: a public address)."""
    client = ZaloClient(settings.require_zalo_token(), settings.zalo_base_url)
    watch = QuotaWatch(services.database, services.clock, settings.zalo_monthly_message_quota)
    documents = Documents(services, links)
    channel = ZaloChannel(client, runner, usage=watch, documents=documents)
    return ZaloParts(client=client, channel=channel, inbox=ZaloInbox(channel), watch=watch,
                     outbound=ZaloOutbound(client, services.database, services.clock, watch, documents),
                     pacing=zalo_pacing(settings.zalo_messages_per_second_per_chat))


async def serve_zalo_webhook(zalo: ZaloParts, settings: Settings, webhook_url: str, listen: str, port: int,
                             metrics: BotMetrics, path: str | None = None, links: DownloadLinks | None = None):
    """Set Zalo's webhook (the secret from ZALO_WEBHOOK_SECRET, else made now) and serve it, with the
    reports' one-time download links, and /health and /metrics (`bot.metrics`)."""
    from aiohttp import web

    secret = (settings.zalo_webhook_secret.get_secret_value() if settings.zalo_webhook_secret
              else secrets.token_urlsafe(32))
    path = path or urlparse(webhook_url).path or "/zalo"
    app = web.Application(client_max_size=256 * 1024)
    app.router.add_post(path, webhook_handler(zalo.inbox, secret))
    metrics.add_routes(app)
    if links is not None:
        links.add_route(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, listen, port).start()
    await zalo.client.set_webhook(webhook_url, secret)
    log.info("Zalo webhook listening on %s:%d%s", listen, port, path)
    return runner
