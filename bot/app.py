"""Building the Telegram Application from settings: one function, every handler module registered once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from sqlalchemy.orm import Session
from telegram import Bot, Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults

from bot.aiohttp_request import AiohttpRequest
from bot.inbox import Inbox
from bot.push import TELEGRAM_PACING, TelegramOutbound
from bot.settings import Settings
from bot.update_processor import PerUserUpdateProcessor
from handlers import common, difficulties, members, nominees, organisations, plan, queries, reports, targets, visits
from handlers.conversation import HandlerConfig, Services
from handlers.reports import ReportRunner
from handlers.telegram_io import BotContext, on_error, set_command_menu
from models.clock import Clock
from models.conversation import prune_handled, purge_stale_drafts
from models.db import Database
from models.bodies import PROVINCE, load_bodies
from models.rules import load_rules
from models.search import EnterpriseSearch
from scheduler import Dispatcher, SchedulerConfig, TickReport, run_tick

log = logging.getLogger(__name__)
SCHEDULER_INTERVAL_S = 60
CONCURRENT_UPDATES = 16
DRAFT_RETENTION_DAYS = 30

# Order matters: the common module's fallbacks catch what the features before it did not claim.
HANDLER_MODULES = (members, visits, queries, plan, difficulties, nominees, organisations, targets, reports, common)


def build_services(settings: Settings, database: Database, clock: Clock | None = None) -> Services:
    clock = clock or Clock(settings.tz)
    bodies = load_bodies(settings.bodies_file)
    config = HandlerConfig(
        bot_username="",   # filled from getMe at start-up
        bootstrap_admin_ids=tuple(settings.bootstrap_admin_ids),
        invite_ttl=dt.timedelta(hours=settings.invite_ttl_hours),
        checkin_radius_m=settings.checkin_radius_m,
        bodies=bodies,
        province_name=bodies.name(PROVINCE, clock.today()),
    )
    return Services(database=database, config=config, rules=load_rules(settings.rules_file), clock=clock,
                    search_index=EnterpriseSearch())


def build_application(settings: Settings, database: Database, *, clock: Clock | None = None,
                      services: Services | None = None) -> Application:
    token = settings.require_token()
    services = services or build_services(settings, database, clock)
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .defaults(Defaults(tzinfo=settings.tz))
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.telegram_messages_per_second, max_retries=3))
        .updater(None)   # bot.inbox.DurablePoller polls instead: it stores each batch before confirming it
        # 16 people handled at once already keep two cores busy; aiohttp: see bot/aiohttp_request.py.
        .concurrent_updates(PerUserUpdateProcessor(CONCURRENT_UPDATES))
        .request(AiohttpRequest(CONCURRENT_UPDATES, pool_timeout=30))
        .get_updates_request(AiohttpRequest(1, read_timeout=None))
        .context_types(ContextTypes(context=BotContext))
        .post_init(_on_start)
    )
    if settings.telegram_base_file_url:
        builder = builder.base_file_url(settings.telegram_base_file_url)
    app = builder.build()
    app.bot_data["services"] = services
    app.bot_data["inbox"] = Inbox(database, f"telegram:{token.split(':', 1)[0]}")
    _wire_outbox(app, settings, services)
    for module in HANDLER_MODULES:
        module.register(app)
    app.add_error_handler(on_error)
    return app


def _wire_outbox(app: Application, settings: Settings, services: Services) -> None:
    """Pushes (alerts, reminders, digests) leave through the outbox: a dispatcher with its own pacing on a bot
    of its own, since AIORateLimiter would pause every user's replies on one 429; the tick runs each minute."""
    outbox_bot = Bot(settings.require_token(), base_url=settings.telegram_base_url,
                     base_file_url=settings.telegram_base_file_url or "https://api.telegram.org/file/bot",
                     request=AiohttpRequest(32))
    dispatcher = Dispatcher(services.database, TelegramOutbound(outbox_bot), services.clock, TELEGRAM_PACING)
    config = SchedulerConfig(rules=services.rules)
    services.outbox = dispatcher
    app.bot_data.update(outbox_bot=outbox_bot, dispatcher=dispatcher, scheduler_config=config)

    async def tick(_context: object) -> None:
        await scheduler_tick(app)

    assert app.job_queue is not None, "python-telegram-bot[job-queue] is a dependency"
    app.job_queue.run_repeating(tick, interval=SCHEDULER_INTERVAL_S, first=5, name="scheduler-tick")


async def scheduler_tick(app: Application) -> TickReport:
    """The one repeating job: what the plan makes due goes out, the drafts due before a review of the plan are
    built in the background and queued (once: their keys), and what is no longer needed is forgotten."""
    services: Services = app.bot_data["services"]
    review_drafts: ReportRunner | None = app.bot_data.get("reports")
    if review_drafts is not None:
        review_drafts.check_review_drafts_in_background()   # a build takes seconds: the tick does not wait
    report = await run_tick(services.database, app.bot_data["dispatcher"], services.clock,
                            app.bot_data["scheduler_config"])
    await services.database.run(lambda session: housekeeping(session, services.clock.now()))
    return report


def housekeeping(session: Session, now: dt.datetime) -> None:
    """Forget what is no longer needed: handled updates after a week (Telegram keeps them a day), drafts
    nobody touched for a month."""
    prune_handled(session, now - dt.timedelta(days=7))
    purge_stale_drafts(session, now - dt.timedelta(days=DRAFT_RETENTION_DAYS))


async def stop_background(app: Application) -> None:
    """Before Application.stop(): unsent pushes go back to the outbox, the outbox's bot closes its connections, a
    review draft being built is stopped."""
    review_drafts: ReportRunner | None = app.bot_data.get("reports")
    if review_drafts is not None:
        await review_drafts.aclose()
    await app.bot_data["dispatcher"].aclose()
    await app.bot_data["outbox_bot"].shutdown()


async def _on_start(app: Application) -> None:
    services: Services = app.bot_data["services"]
    services.config = dataclasses.replace(services.config, bot_username=app.bot.username)
    await app.bot_data["outbox_bot"].initialize()
    await set_command_menu(app)
    services.outbox.kick()   # what was waiting in the outbox when the bot stopped goes out now
    replayed = await app.bot_data["inbox"].replay(app)
    if replayed:
        log.info("replaying %d updates stored before the last stop", replayed)


# Not edited messages: an edit (or a live location's every move) must not count as a new answer.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
