"""Starting and stopping the bot: long polling by default, or a webhook server with a health endpoint."""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
import signal
from urllib.parse import urlparse

from aiohttp import web
from sqlalchemy import text
from telegram import Update
from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, build_application
from bot.database import upgrade
from bot.settings import Settings
from models.db import Database

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def configure_logging() -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    # httpx logs every request URL, and the URL carries the bot's token.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def open_bot(settings: Settings) -> tuple[Database, Application]:
    database = Database(settings.database_url)
    upgrade(database)
    return database, build_application(settings, database)


def run_polling(settings: Settings) -> None:
    database, app = open_bot(settings)
    log.info("polling %s", settings.telegram_base_url.split("/bot")[0])
    app.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
    database.dispose()


def webhook_app(app: Application, database: Database, path: str, secret: str) -> web.Application:
    """Receives Telegram's POSTs (secret checked in constant time) and answers /health."""

    async def receive(request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), secret):
            return web.Response(status=403, text="forbidden")
        try:
            update = Update.de_json(await request.json(), app.bot)
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400, text="bad update")
        if update is None:
            return web.Response(status=400, text="bad update")
        await app.update_queue.put(update)   # stored in the inbox before Telegram hears "ok"
        return web.Response(text="ok")

    async def health(_request: web.Request) -> web.Response:
        try:
            await database.run(lambda session: session.execute(text("SELECT 1")))
            database_state = "ok"
        except Exception as error:  # report, don't crash the probe
            database_state = f"error: {type(error).__name__}"
        status = 200 if database_state == "ok" and app.running else 503
        return web.json_response({"status": "ok" if status == 200 else "degraded", "database": database_state,
                                  "running": app.running, "queued_updates": app.update_queue.qsize()},
                                 status=status)

    server = web.Application()
    server.router.add_post(path, receive)
    server.router.add_get("/health", health)
    return server


async def serve_webhook(settings: Settings, webhook_url: str, listen: str, port: int,
                        stop: asyncio.Event | None = None) -> None:
    database, app = open_bot(settings)
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else secrets.token_urlsafe(32)
    path = urlparse(webhook_url).path or "/"
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass
    async with app:
        if app.post_init:
            await app.post_init(app)
        await app.bot.set_webhook(webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
        await app.start()
        runner = web.AppRunner(webhook_app(app, database, path, secret), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, listen, port).start()
        log.info("webhook listening on %s:%d%s", listen, port, path)
        try:
            await stop.wait()
        finally:
            await runner.cleanup()
            await app.stop()
    database.dispose()
