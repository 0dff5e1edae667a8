"""The composition root: the neutral core (services, the features' routers in one list, the turn runner) and
the channels that run it — today Telegram, whose Application also carries the outbox and the scheduler's tick."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial

from sqlalchemy.orm import Session
from telegram import Bot
from telegram.ext import Application

from bot.retention import DailyRetention
from bot.routes import build_routes
from bot.settings import Settings
from channels.redaction import redact
from channels.telegram.aiohttp_request import AiohttpRequest
from channels.telegram.application import ALLOWED_UPDATES, build_telegram_application  # noqa: F401 (for runners)
from channels.telegram.channel import TelegramChannel
from channels.telegram.outbound import TELEGRAM_PACING, TelegramOutbound
from handlers.conversation import HandlerConfig, Services
from handlers.reports import ReportRunner
from handlers.turns import TurnRunner
from models.clock import Clock
from models.conversation import prune_handled, purge_stale_drafts
from models.db import Database
from models.bodies import load_bodies
from models.people import forget_strangers
from models.rules import load_rules
from models.search import EnterpriseSearch
from scheduler import Dispatcher, SchedulerConfig, TickReport, run_tick

log = logging.getLogger(__name__)
SCHEDULER_INTERVAL_S = 60
DRAFT_RETENTION_DAYS = 30


def build_services(settings: Settings, database: Database, clock: Clock | None = None) -> Services:
    clock = clock or Clock(settings.tz)
    bodies = load_bodies(settings.bodies_file)
    config = HandlerConfig(
        bootstrap_admin_ids=tuple(settings.bootstrap_admin_ids),
        invite_ttl=dt.timedelta(hours=settings.invite_ttl_hours),
        checkin_radius_m=settings.checkin_radius_m,
        bodies=bodies,
    )
    services = Services(database=database, config=config, rules=load_rules(settings.rules_file), clock=clock,
                        search_index=EnterpriseSearch())
    services.routes = build_routes()
    services.reports = ReportRunner(services)
    return services


def build_application(settings: Settings, database: Database, *, clock: Clock | None = None,
                      services: Services | None = None) -> Application:
    """The bot on Telegram: the neutral core (services, routes, the turn runner) behind the Telegram channel,
    with the outbox and the scheduler's tick on the Application's JobQueue."""
    services = services or build_services(settings, database, clock)
    runner = TurnRunner(services)
    app, _channel = build_telegram_application(
        token=settings.require_token(), base_url=settings.telegram_base_url,
        base_file_url=settings.telegram_base_file_url, tz=settings.tz,
        messages_per_second=settings.telegram_messages_per_second, runner=runner, post_init=_on_start)
    app.bot_data.update(services=services, runner=runner, reports=services.reports)
    _wire_outbox(app, settings, services)
    return app


def error_redactor(settings: Settings) -> Callable[[str], str]:
    """What cuts the bots' tokens (and anything shaped like one) out of an error text before it is stored."""
    secrets = tuple(secret.get_secret_value() for secret in (settings.telegram_bot_token, settings.zalo_bot_token)
                    if secret is not None)
    return partial(redact, secrets=secrets)


def _wire_outbox(app: Application, settings: Settings, services: Services) -> None:
    """Pushes (alerts, reminders, digests) leave through the outbox: a dispatcher with its own pacing on a bot
    of its own, since AIORateLimiter would pause every user's replies on one 429; the tick runs each minute."""
    outbox_bot = Bot(settings.require_token(), base_url=settings.telegram_base_url,
                     base_file_url=settings.telegram_base_file_url or "https://api.telegram.org/file/bot",
                     request=AiohttpRequest(32))
    dispatcher = Dispatcher(services.database, TelegramOutbound(outbox_bot), services.clock, TELEGRAM_PACING,
                            redact=error_redactor(settings))
    config = SchedulerConfig(rules=services.rules)
    services.outbox = dispatcher
    app.bot_data.update(outbox_bot=outbox_bot, dispatcher=dispatcher, scheduler_config=config,
                        retention=DailyRetention(services.database, settings, services.clock))

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
    retention: DailyRetention | None = app.bot_data.get("retention")
    if retention is not None:
        # Old alerts' texts, review drafts' files, the audit log: once a day.
        await retention.run_if_due(review_drafts.drafts_dir if review_drafts is not None else None)
    return report


def housekeeping(session: Session, now: dt.datetime) -> None:
    """Forget what is no longer needed: handled updates after a week (Telegram keeps them a day), drafts
    nobody touched for a month, when strangers were last told how to join after a day."""
    prune_handled(session, now - dt.timedelta(days=7))
    purge_stale_drafts(session, now - dt.timedelta(days=DRAFT_RETENTION_DAYS))
    forget_strangers(session, now - dt.timedelta(days=1))


async def stop_background(app: Application) -> None:
    """Before Application.stop(): unsent pushes go back to the outbox, the outbox's bot closes its connections, a
    report or review draft being built is stopped, as is what turns left running."""
    review_drafts: ReportRunner | None = app.bot_data.get("reports")
    if review_drafts is not None:
        await review_drafts.aclose()
    await app.bot_data["runner"].aclose()
    await app.bot_data["dispatcher"].aclose()
    await app.bot_data["outbox_bot"].shutdown()


async def _on_start(app: Application) -> None:
    services: Services = app.bot_data["services"]
    channel: TelegramChannel = app.bot_data["channel"]
    channel.started(app.bot.username)
    await app.bot_data["outbox_bot"].initialize()
    await channel.set_command_menu()
    services.outbox.kick()   # what was waiting in the outbox when the bot stopped goes out now
    replayed = await app.bot_data["inbox"].replay(app)
    if replayed:
        log.info("replaying %d updates stored before the last stop", replayed)
