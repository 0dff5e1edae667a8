"""Time: the plan's reminders, escalations, digests and rule-derived deadlines, and the outbox's sender.

What the bot wires (`bot.runtime`):
    dispatcher = Dispatcher(database, RoutingOutbound({"telegram": TelegramOutbound(bot), ...}), clock, pacer=...)
    every minute: await run_tick(database, dispatcher, clock, SchedulerConfig(rules=...))
Handlers enqueue their alerts with `models.deliveries.enqueue_delivery(...)` and call `dispatcher.kick()`.
"""

from scheduler.config import QuietHours, SchedulerConfig
from scheduler.dispatcher import Dispatcher, DispatchStats
from scheduler.outbound import (
    ChatMoved,
    Outbound,
    PermanentFailure,
    RecipientBlocked,
    RetryLater,
    SendError,
    TemporaryFailure,
)
from scheduler.pacing import Pacer, Pacing
from scheduler.tick import TickReport, enqueue_due, run_tick

__all__ = [
    "ChatMoved", "DispatchStats", "Dispatcher", "Outbound", "Pacer", "Pacing", "PermanentFailure",
    "QuietHours", "RecipientBlocked", "RetryLater", "SchedulerConfig", "SendError", "TemporaryFailure", "TickReport",
    "enqueue_due", "run_tick",
]
