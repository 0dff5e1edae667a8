"""What an operator watches: `/health` and `/metrics` (Prometheus's text format, `prometheus-client`).

Neither does database work per request: a status task asks the database every `STATUS_EVERY_S` seconds (is it
there, how deep and how old the outbox is, what waits in the inbox) and both answer from what it found last. So
an unauthenticated flood of `/health` costs the event loop a JSON answer each, never a place in the database's
worker queue beside the members' turns (the audit's L2).

Counted as it happens: updates handled and each turn's latency (`TurnRunner.observers`), sends and send failures
by kind (the dispatcher's totals), updates set aside because this version cannot read them (the Telegram inbox,
the Zalo channel; by platform), the scheduler tick's lag behind its schedule (`BotRuntime.tick_lag`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from handlers.conversation import Incoming, Outcome
from models.conversation import InboxUpdate, unsaid_count
from models.deliveries import Delivery, DeliveryStatus

if TYPE_CHECKING:
    from bot.runtime import BotRuntime

log = logging.getLogger(__name__)
STATUS_EVERY_S = 5.0
# The status is stale (the status task stuck, the event loop blocked) after this long: /health says so.
STATUS_STALE_S = 4 * STATUS_EVERY_S
TURN_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


@dataclass
class Status:
    """What the status task found at `checked_at` (the monotonic clock); `database` is "ok" or the error's type."""

    database: str = "not checked yet"
    checked_at: float | None = None
    outbox_due: int = 0
    outbox_oldest_age_s: float = 0.0
    unhandled_updates: int = 0
    unsaid_replies: int = 0


def read_status(session: Session, now: dt.datetime) -> Status:
    session.execute(text("SELECT 1"))
    waiting = (DeliveryStatus.pending, DeliveryStatus.claimed)
    due, oldest = session.execute(select(func.count(), func.min(Delivery.due_at)).where(
        Delivery.status.in_(waiting), Delivery.due_at <= now)).one()
    if oldest is not None and oldest.tzinfo is None:   # SQLite's aggregate comes back naive (and UTC)
        oldest = oldest.replace(tzinfo=dt.UTC)
    unhandled = session.scalar(select(func.count()).select_from(InboxUpdate).where(
        InboxUpdate.handled_at.is_(None))) or 0
    return Status(database="ok", outbox_due=due or 0,
                  outbox_oldest_age_s=max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0,
                  unhandled_updates=unhandled, unsaid_replies=unsaid_count(session))


class BotMetrics:
    """The bot's registry and its status; `add_routes` puts `/health` and `/metrics` on an aiohttp app."""

    def __init__(self, runtime: BotRuntime) -> None:
        self.runtime = runtime
        self.status = Status()
        self.registry = CollectorRegistry()
        self.updates = Counter("delegation_updates_handled", "Updates handled by a turn, by platform and outcome "
                               "(handled; replayed: handled before, nothing done; failed: apologised for)",
                               ["platform", "outcome"], registry=self.registry)
        self.turn_seconds = Histogram("delegation_turn_seconds", "From an update's turn starting to its replies "
                                      "shown (the unit of work and the sends)", ["platform"], buckets=TURN_BUCKETS,
                                      registry=self.registry)
        self.registry.register(_RuntimeCollector(self))
        runtime.runner.observers.append(self.observe_turn)

    def observe_turn(self, incoming: Incoming, outcome: Outcome, seconds: float) -> None:
        result = "replayed" if outcome.handled_before else "failed" if outcome.failed else "handled"
        self.updates.labels(incoming.platform, result).inc()
        if not outcome.handled_before:
            self.turn_seconds.labels(incoming.platform).observe(seconds)

    async def refresh(self) -> Status:
        now = dt.datetime.now(dt.UTC)
        try:
            status = await self.runtime.database.run(lambda session: read_status(session, now))
        except Exception as error:   # the probe reports it; it never crashes
            status = Status(database=f"error: {type(error).__name__}")
            log.warning("status: the database does not answer (%s)", type(error).__name__)
        status.checked_at = time.monotonic()
        self.status = status
        return status

    async def refresh_forever(self, every: float = STATUS_EVERY_S) -> None:
        while True:
            await self.refresh()
            await asyncio.sleep(every)

    def health(self) -> tuple[int, dict[str, Any]]:
        status = self.status
        age = None if status.checked_at is None else time.monotonic() - status.checked_at
        telegram = self.runtime.telegram
        running = telegram.app.running if telegram is not None else True
        fresh = age is not None and age < STATUS_STALE_S
        healthy = status.database == "ok" and fresh and running
        leadership = self.runtime.leadership
        body = {"status": "ok" if healthy else "degraded", "database": status.database if fresh else "stale",
                "running": running, "role": leadership.role if leadership is not None else "leader",
                "checked_seconds_ago": None if age is None else round(age, 1)}
        return (200 if healthy else 503), body

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def add_routes(self, app: Any) -> None:
        from aiohttp import web

        async def health(_request: web.Request) -> web.Response:
            code, body = self.health()
            return web.json_response(body, status=code)

        async def metrics(_request: web.Request) -> web.Response:
            return web.Response(body=self.render(), headers={"Content-Type": CONTENT_TYPE_LATEST})

        app.router.add_get("/health", health)
        app.router.add_get("/metrics", metrics)


class _RuntimeCollector(Collector):
    """Gauges from the last status, and counters the bot keeps anyway, read when Prometheus scrapes."""

    def __init__(self, metrics: BotMetrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[Metric]:
        runtime, status = self.metrics.runtime, self.metrics.status
        yield _gauge("delegation_database_up", "1 when the last status check reached the database",
                     1.0 if status.database == "ok" else 0.0)
        yield _gauge("delegation_outbox_depth", "Outbox rows due and not yet sent (pending or being sent)",
                     status.outbox_due)
        yield _gauge("delegation_outbox_oldest_age_seconds", "How long the oldest row due in the outbox has waited",
                     status.outbox_oldest_age_s)
        yield _gauge("delegation_inbox_unhandled_updates", "Updates stored and not yet handled",
                     status.unhandled_updates)
        yield _gauge("delegation_unsaid_replies", "Updates whose turn's replies are not yet said",
                     status.unsaid_replies)
        leadership = runtime.leadership
        yield _gauge("delegation_leader", "1 while this process leads (polls and ticks)",
                     1.0 if leadership is None or leadership.is_leader else 0.0)
        totals = runtime.dispatcher.totals
        sent = CounterMetricFamily("delegation_outbox_messages_sent", "Outbox messages that reached the platform")
        sent.add_metric([], totals.messages)
        yield sent
        failures = CounterMetricFamily("delegation_send_failures", "Outbox sends that failed, by kind", labels=["kind"])
        for kind, count in (("permanent", totals.failed), ("temporary", totals.temporary_failures),
                            ("rate_limited", totals.rate_limited), ("unreachable", totals.skipped),
                            ("taken_over", totals.taken_over)):
            failures.add_metric([kind], count)
        yield failures
        set_aside = CounterMetricFamily("delegation_updates_set_aside", "Updates stored as handled because this "
                                        "version cannot read them, by platform", labels=["platform"])
        if runtime.telegram is not None:
            set_aside.add_metric(["telegram"], runtime.telegram.inbox.set_aside)
        if runtime.zalo is not None:
            set_aside.add_metric(["zalo"], runtime.zalo.channel.set_aside)
        yield set_aside
        yield _gauge("delegation_scheduler_tick_lag_seconds",
                     "How late the last scheduler tick started after its scheduled time (this process's)",
                     runtime.tick_lag)
        if runtime.last_tick_at is not None:
            yield _gauge("delegation_scheduler_last_tick_timestamp_seconds", "When the last tick ended (Unix time)",
                         runtime.last_tick_at)


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)
