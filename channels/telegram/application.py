"""The python-telegram-bot Application the Telegram channel runs on."""

from __future__ import annotations

import warnings
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults
from telegram.warnings import PTBUserWarning

from channels.telegram.aiohttp_request import AiohttpRequest
from channels.telegram.channel import TelegramChannel
from channels.telegram.inbox import Inbox
from channels.telegram.update_processor import PerUserUpdateProcessor
from handlers.turns import TurnRunner

CONCURRENT_UPDATES = 16
# Not edited messages: an edit (or a live location's every move) must not count as a new answer. The bot's own
# membership of groups (my_chat_member) keeps the bound chats true.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
# Through do_api_request on purpose: getUpdates keeps Telegram's raw JSON for the inbox (inbox.DurablePoller), and
# replies skip parsing the answer (channel._call); each call, the library would suggest its typed method instead.
RAW_CALLS = r"Please use 'Bot\.(get_updates|send_message|edit_message_text|edit_message_reply_markup)'"


def quiet_raw_api_warnings() -> None:
    """Silences that suggestion, once the bot is being built: a process-wide filter is not an import's side effect
    (tests set the same filter in pyproject.toml)."""
    warnings.filterwarnings("ignore", message=RAW_CALLS, category=PTBUserWarning)


def build_telegram_application(*, token: str, base_url: str, base_file_url: str | None, tz: ZoneInfo,
                               messages_per_second: int, runner: TurnRunner,
                               ) -> tuple[Application, TelegramChannel, Inbox]:
    """The Application with the channel installed as its one handler, and the inbox its updates go through
    (started and stopped by `bot.runtime.running_bot`)."""
    quiet_raw_api_warnings()
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .defaults(Defaults(tzinfo=tz))
        .rate_limiter(AIORateLimiter(overall_max_rate=messages_per_second, max_retries=3))
        .updater(None)   # channels.telegram.inbox.DurablePoller polls instead: it stores each batch first
        .job_queue(None)   # the scheduler's tick is an asyncio task of bot.runtime.running_bot
        # 16 people handled at once already keep two cores busy; aiohttp: see aiohttp_request.py.
        .concurrent_updates(PerUserUpdateProcessor(CONCURRENT_UPDATES))
        .request(AiohttpRequest(CONCURRENT_UPDATES, pool_timeout=30))
        .get_updates_request(AiohttpRequest(1, read_timeout=None))
    )
    if base_file_url:
        builder = builder.base_file_url(base_file_url)
    app = builder.build()
    channel = TelegramChannel(app.bot, runner)
    channel.install(app)
    return app, channel, Inbox(runner.services.database, channel.source, runner.services.clock)
