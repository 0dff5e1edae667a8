"""The bot's token never reaches a log line, `deliveries.last_error` or a chat, whatever the HTTP library says."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web
from sqlalchemy import select
from telegram import Bot
from telegram.error import NetworkError

from channels.redaction import REDACTED, RedactingFormatter, redact
from channels.telegram.aiohttp_request import AiohttpRequest
from channels.telegram.outbound import TelegramOutbound
from models.clock import ManualClock
from models.deliveries import Delivery, enqueue_delivery
from scheduler.dispatcher import Dispatcher
from scheduler.outbound import TemporaryFailure
from scheduler.pacing import Pacing
from tests.e2e.conftest import free_port

TOKEN = "123456:SECRET-TOKEN-VALUE"
SECRET = "SECRET-TOKEN-VALUE"


async def close(bot: Bot) -> None:
    """A bot whose initialize failed is not shut down by bot.shutdown(); its connection pools are."""
    for request in (bot.request, bot._request[0]):
        await request.shutdown()


@pytest.fixture
async def redirect_loop():
    """A proxy or captive portal that answers every request with a redirect to itself; counts what it saw."""
    seen: list[str] = []

    async def loop(request: web.Request) -> web.Response:
        seen.append(request.path)
        raise web.HTTPFound(str(request.url))

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", loop)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"http://127.0.0.1:{port}/bot", seen
    await runner.cleanup()


async def test_a_redirect_is_not_followed_and_its_error_names_no_token(redirect_loop):
    base_url, seen = redirect_loop
    bot = Bot(TOKEN, base_url=base_url, request=AiohttpRequest(1), get_updates_request=AiohttpRequest(1))
    with pytest.raises(NetworkError) as caught:
        await bot.initialize()
    await close(bot)
    assert len(seen) == 1            # asked once, never sent on to wherever the redirect pointed
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:99999/bot", "ftp://127.0.0.1/bot", "http:///bot"])
async def test_an_invalid_url_error_names_no_token(base_url):
    bot = Bot(TOKEN, base_url=base_url, request=AiohttpRequest(1), get_updates_request=AiohttpRequest(1))
    with pytest.raises(NetworkError) as caught:
        await bot.initialize()
    await close(bot)
    text = str(caught.value)
    assert SECRET not in text and REDACTED in text    # the URL still says where, without the token
    assert caught.value.__cause__ is None and caught.value.__suppress_context__   # no original in a traceback


async def test_a_failed_push_stores_and_reports_no_token(database):
    """The outbox's last_error (what the coordinators' notice quotes) after a send the HTTP library refused."""
    clock = ManualClock(dt.datetime(2021, 10, 1, 3, tzinfo=dt.UTC), ZoneInfo("Asia/Ho_Chi_Minh"))
    bot = Bot(TOKEN, base_url="ftp://127.0.0.1/bot", request=AiohttpRequest(1))
    await bot.request.initialize()   # not bot.initialize(): its getMe would fail the same way
    outbound = TelegramOutbound(bot)
    with pytest.raises(TemporaryFailure) as caught:
        await outbound.send("telegram:1", "Thông báo", None)
    assert SECRET not in str(caught.value)
    with database.session() as session:
        enqueue_delivery(session, key="alert:1", kind="alert", chat_id="telegram:1", text="Thông báo",
                         due_at=clock.now())
    dispatcher = Dispatcher(database, outbound, clock, Pacing.unlimited(), lane_retries=0, lane_backoff_seconds=0)
    await dispatcher.dispatch_due()
    await close(bot)
    with database.session() as session:
        (error,) = session.scalars(select(Delivery.last_error))
    assert error and SECRET not in error and REDACTED in error


def test_log_lines_and_tracebacks_have_no_token():
    formatter = RedactingFormatter("%(levelname)s %(message)s")
    try:
        raise ValueError(f"cannot reach https://api.telegram.org/bot{TOKEN}/getUpdates")
    except ValueError as error:
        record = logging.LogRecord("bot", logging.WARNING, __file__, 1, "getUpdates failed (%s)", (error,),
                                   exc_info=(type(error), error, error.__traceback__))
    line = formatter.format(record)
    assert SECRET not in line
    assert line.startswith("WARNING getUpdates failed (cannot reach https://api.telegram.org/bot<token>/getUpdates)")
    assert line.endswith("ValueError: cannot reach https://api.telegram.org/bot<token>/getUpdates")


@pytest.mark.parametrize("text, expected", [
    (f"url='http://proxy/bot{TOKEN}/getMe'", "url='http://proxy/bot<token>/getMe'"),
    (f"token {TOKEN} refused", "token <token> refused"),
    ("zalo https://bot-api.example/bot987654321:abcDEF_ghi-jkl/sendMessage", "zalo https://bot-api.example/bot<token>/sendMessage"),
    ("telegram:-1001234 at 10:30:00, chat 42:ok", "telegram:-1001234 at 10:30:00, chat 42:ok"),   # no token here
    ("Bad Request: message is too long", "Bad Request: message is too long"),
])
def test_what_is_cut_and_what_is_kept(text, expected):
    assert redact(text) == expected


def test_a_known_secret_is_cut_whatever_its_shape():
    assert redact("header X-Secret=hunter2-long rejected", ["hunter2-long", None, ""]) == ("header X-Secret=<token> "
                                                                                           "rejected")
