"""Starting and stopping the bot: long polling by default, or a webhook server with a health endpoint.

Every process takes part in the election of a leader among those on the same database (`bot.leadership`): the
leader polls and runs the scheduler's tick; in webhook mode every process serves the updates it is sent."""

from __future__ import annotations

import asyncio
import gc
import hmac
import logging
import secrets
import signal
import subprocess
import sys
from urllib.parse import urlparse

from bot.leadership import Leadership, elector_for
from bot.runtime import BotRuntime, build_runtime, running_bot
from bot.settings import Settings
from bot.zalo import serve_zalo_webhook
from channels.redaction import redact_logging
from channels.telegram.application import ALLOWED_UPDATES
from channels.telegram.inbox import NotAnUpdate
from models.db import Database

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def configure_logging() -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    redact_logging()   # tokens cut out of every line, tracebacks included


def upgrade_schema() -> None:
    """Migrations run in a child process: Alembic and Mako then never occupy the long-running bot's memory."""
    result = subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"database upgrade failed:\n{result.stderr.strip()}")


def open_database(settings: Settings) -> Database:
    upgrade_schema()
    return Database(settings.database_url)


def run_polling(settings: Settings) -> None:
    asyncio.run(serve_polling(settings))


def share_the_interpreter_quickly() -> None:
    """Database work runs in a worker thread; each SQLite call releases the GIL and must win it back from the
    busy event loop, by default after up to 5 ms. A shorter switch interval keeps a ten-statement unit of
    work from waiting tens of milliseconds for its turn; 2 ms rather than shorter, since every forced switch
    costs CPU (`delegation-bot bench chat`: same latency as 0.5 ms, about 10% more updates a second)."""
    sys.setswitchinterval(0.002)


def settle_the_heap() -> None:
    """What start-up loaded (libraries, handlers, the search index) lives as long as the process. Frozen out of
    the garbage collector, a full collection no longer walks it: otherwise each one stalls every reply in
    flight for tens of milliseconds."""
    gc.collect()
    gc.freeze()


def stop_on_signals(stop: asyncio.Event) -> None:
    """Ctrl+C and SIGTERM set `stop`: the bot (or the sandbox) then shuts down in order."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass


async def serve_polling(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Every channel whose token is set, by long polling, until `stop` (Ctrl+C, SIGTERM)."""
    share_the_interpreter_quickly()
    database = open_database(settings)
    stop = stop or asyncio.Event()
    stop_on_signals(stop)
    leadership = Leadership(elector_for(settings.database_url))
    try:
        async with running_bot(build_runtime(settings, database), leadership=leadership) as runtime:
            status = await serve_status(runtime, settings.status_port) if settings.status_port else None
            settle_the_heap()
            try:
                await runtime.wait(stop)
            finally:
                if status is not None:
                    await status.cleanup()
    finally:
        leadership.dispose()
        database.dispose()


# An update is a few kilobytes; Telegram's largest (a long message with entities) stays far below this.
MAX_UPDATE_BYTES = 256 * 1024


def webhook_app(runtime: BotRuntime, path: str, secret: str):
    """Receives Telegram's POSTs (secret checked in constant time, as bytes: a header with other than ASCII in it
    is a wrong secret, not an error) and answers /health and /metrics (`bot.metrics`: no database work)."""
    from aiohttp import web  # only webhook mode needs an HTTP server

    assert runtime.telegram is not None
    app, inbox = runtime.telegram.app, runtime.telegram.inbox
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, expected):
            return web.Response(status=403, text="forbidden")
        try:
            body = await request.json()
            if not isinstance(body, dict) or type(body.get("update_id")) is not int:
                return web.Response(status=400, text="bad update")
            await inbox.accept(app, [body])   # stored before Telegram hears "ok"
        except (ValueError, NotAnUpdate):   # not JSON, or not an update
            return web.Response(status=400, text="bad update")
        return web.Response(text="ok")

    server = web.Application(client_max_size=MAX_UPDATE_BYTES)
    server.router.add_post(path, receive)
    assert runtime.metrics is not None
    runtime.metrics.add_routes(server)
    return server


async def serve_status(runtime: BotRuntime, port: int):
    """/health and /metrics alone on 127.0.0.1:`port` (STATUS_PORT), for a probe and Prometheus on the machine
    itself, in polling mode too."""
    from aiohttp import web

    assert runtime.metrics is not None
    server = web.Application(client_max_size=1024)
    runtime.metrics.add_routes(server)
    web_runner = web.AppRunner(server, access_log=None)
    await web_runner.setup()
    await web.TCPSite(web_runner, "127.0.0.1", port).start()
    log.info("/health and /metrics on 127.0.0.1:%d", port)
    return web_runner


async def serve_webhook(settings: Settings, webhook_url: str, listen: str, port: int,
                        stop: asyncio.Event | None = None) -> None:
    """Telegram's updates through a webhook server (Zalo, when its token is set too, polls); Zalo alone: Zalo's."""
    from aiohttp import web

    share_the_interpreter_quickly()
    database = open_database(settings)
    stop = stop or asyncio.Event()
    stop_on_signals(stop)
    runtime = build_runtime(settings, database, public_url=webhook_url)   # reports' links for Zalo
    path = urlparse(webhook_url).path or "/"
    leadership = Leadership(elector_for(settings.database_url))   # every process serves; the leader ticks
    try:
        async with running_bot(runtime, telegram_polls=False, zalo_polls=runtime.telegram is not None,
                               leadership=leadership):
            if runtime.telegram is not None:
                secret = (settings.webhook_secret.get_secret_value() if settings.webhook_secret
                          else secrets.token_urlsafe(32))
                await runtime.telegram.app.bot.set_webhook(webhook_url, secret_token=secret,
                                                           allowed_updates=ALLOWED_UPDATES)
                server = webhook_app(runtime, path, secret)
                if runtime.downloads is not None:   # Zalo polls beside: its reports' links are served here
                    runtime.downloads.add_route(server)
                web_runner = web.AppRunner(server, access_log=None)
                await web_runner.setup()
                await web.TCPSite(web_runner, listen, port).start()
                log.info("webhook listening on %s:%d%s", listen, port, path)
            else:
                assert runtime.zalo is not None and runtime.metrics is not None
                web_runner = await serve_zalo_webhook(runtime.zalo, settings, webhook_url, listen, port,
                                                      runtime.metrics, links=runtime.downloads)
            status = await serve_status(runtime, settings.status_port) if settings.status_port else None
            settle_the_heap()
            try:
                await runtime.wait(stop)
            finally:
                await web_runner.cleanup()   # nothing new comes in while the bot stops
                if status is not None:
                    await status.cleanup()
    finally:
        leadership.dispose()
        database.dispose()
