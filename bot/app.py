"""The composition root's core: the services every turn shares, with the features' routers in one list. The
channels, the outbox and the tick around it are put together and run by `bot.runtime`."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial

from sqlalchemy.orm import Session

from bot.routes import build_routes
from bot.settings import Settings
from channels.redaction import redact
from handlers.conversation import HandlerConfig, Services
from handlers.reports import ReportRunner
from models.bodies import load_bodies
from models.clock import Clock
from models.conversation import prune_handled, purge_stale_drafts
from models.db import Database
from models.people import forget_strangers
from models.rules import load_rules
from models.search import EnterpriseSearch

log = logging.getLogger(__name__)
DRAFT_RETENTION_DAYS = 30


def handler_config(settings: Settings) -> HandlerConfig:
    return HandlerConfig(
        bootstrap_admin_ids=tuple(settings.bootstrap_admin_ids),
        invite_ttl=dt.timedelta(hours=settings.invite_ttl_hours),
        coordinator_invite_ttl=dt.timedelta(hours=settings.coordinator_invite_ttl_hours),
        checkin_radius_m=settings.checkin_radius_m,
        bodies=load_bodies(settings.bodies_file),
    )


def build_services(settings: Settings, database: Database, clock: Clock | None = None) -> Services:
    clock = clock or Clock(settings.tz)
    services = Services(database=database, config=handler_config(settings), rules=load_rules(settings.rules_file),
                        clock=clock, search_index=EnterpriseSearch())
    services.routes = build_routes()
    services.reports = ReportRunner(services)
    return services


def error_redactor(settings: Settings) -> Callable[[str], str]:
    """What cuts the bots' tokens (and anything shaped like one) out of an error text before it is stored."""
    secrets = tuple(secret.get_secret_value() for secret in (settings.telegram_bot_token, settings.zalo_bot_token)
                    if secret is not None)
    return partial(redact, secrets=secrets)


def housekeeping(session: Session, now: dt.datetime) -> None:
    """Forget what is no longer needed: handled updates after a week (Telegram keeps them a day), drafts
    nobody touched for a month, when strangers were last told how to join after a day."""
    prune_handled(session, now - dt.timedelta(days=7))
    purge_stale_drafts(session, now - dt.timedelta(days=DRAFT_RETENTION_DAYS))
    forget_strangers(session, now - dt.timedelta(days=1))
