"""One scheduler tick: put what is due into the outbox (under unique keys), then send.

The bot runs it every minute (`bot.runtime.BotRuntime.tick`, from a task of `running_bot`).

Nothing depends on the previous tick remembering anything: every tick reads the plan, the rules' dates and the
outbox afresh, so a restart, a missed hour or a second process changes nothing that should be sent.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass

from sqlalchemy.orm import Session

from models.base import use_time
from models.clock import Clock
from models.db import Database
from scheduler.config import SchedulerConfig
from scheduler.deadlines import erase_due_nominees, rule_deadline_pushes
from scheduler.digest import digest_pushes
from scheduler.dispatcher import Dispatcher, DispatchStats
from scheduler.milestones import milestone_pushes
from scheduler.nudges import wave_nudge_pushes
from scheduler.planned import EnqueueReport, enqueue_planned

log = logging.getLogger(__name__)


def enqueue_due(session: Session, now: dt.datetime, config: SchedulerConfig, clock: Clock) -> EnqueueReport:
    """Everything scheduled that is due by `now` and still worth sending, into the outbox (idempotent).

    Nothing on a day off (weekends, the rules' holidays): each source moves its pushes to working days, and
    what is still current on the next working day goes out then.
    """
    tz = clock.tz
    use_time(session, now)   # the outbox rows carry the scheduler's clock's time, as a turn's carry the turn's
    if not config.rules.is_working_day(now.astimezone(tz).date()):
        return EnqueueReport(Counter(), 0, Counter())
    planned = [
        *milestone_pushes(session, now, config, tz),
        *digest_pushes(session, now, config, tz),
        *wave_nudge_pushes(session, now, config, tz),
        *rule_deadline_pushes(session, now, config, tz),
        *erase_due_nominees(session, now, config, tz),
    ]
    return enqueue_planned(session, planned, now)


@dataclass
class TickReport:
    enqueued: EnqueueReport
    dispatched: DispatchStats


async def run_tick(database: Database, dispatcher: Dispatcher, clock: Clock,
                   config: SchedulerConfig | None = None) -> TickReport:
    """Enqueue what is due, then send everything due (the tick's and anyone else's) at a safe pace."""
    config = config or SchedulerConfig()
    now = clock.now()
    enqueued = await database.run(lambda session: enqueue_due(session, now, config, clock))
    if enqueued.total_added:
        log.info("scheduler: enqueued %s", dict(enqueued.added))
    dispatched = await dispatcher.dispatch_due()
    return TickReport(enqueued, dispatched)
