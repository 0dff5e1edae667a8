"""The plan's own pushes: reminders before each date, a notice when a window opens, daily escalation of what
is overdue, and the monthly nudge for continuous ("thường xuyên") items.

Keys of everything about one milestone start with `milestone:<id>:` so that marking it done drops the unsent
ones (`models.plan.mark_milestone_done`). A date in the key makes a changed date a new reminder.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.people import ChatPurpose
from models.plan import Milestone, MilestoneKind, milestone_key_prefix
from scheduler import occurrences
from scheduler.callbacks import milestone_done_data
from scheduler.config import SchedulerConfig
from scheduler.planned import Planned
from texts import scheduler as texts


def _undone(session: Session) -> list[Milestone]:
    return list(session.scalars(select(Milestone).where(Milestone.done_at.is_(None))
                                .order_by(Milestone.plan_id, Milestone.position)))


def milestone_pushes(session: Session, now: dt.datetime, config: SchedulerConfig, tz: ZoneInfo) -> list[Planned]:
    today = now.astimezone(tz).date()
    planned: list[Planned] = []
    undone = _undone(session)
    for milestone in undone:
        if milestone.kind is MilestoneKind.continuous or milestone.due_on is None:
            continue
        planned += _reminder(milestone, now, today, config, tz)
        planned += _opening(milestone, now, config, tz)
        planned += _escalation(milestone, now, today, config, tz)
    planned += _continuous_nudge(undone, now, config, tz)
    return planned


def _reminder(milestone: Milestone, now: dt.datetime, today: dt.date, config: SchedulerConfig,
              tz: ZoneInfo) -> list[Planned]:
    assert milestone.due_on is not None
    offsets = config.review_offsets_days if milestone.is_review else config.reminder_offsets_days
    occurrence = occurrences.before_date(milestone.due_on, offsets, now, config.send_at, tz)
    if occurrence is None:
        return []
    days_left = (milestone.due_on - today).days
    key = f"{milestone_key_prefix(milestone.id)}due:{milestone.due_on.isoformat()}:{occurrence.label}"
    return [Planned(key=key, kind="milestone_reminder", text=texts.milestone_reminder(milestone, days_left),
                    occurrence=occurrence, purpose=ChatPurpose.group)]


def _opening(milestone: Milestone, now: dt.datetime, config: SchedulerConfig, tz: ZoneInfo) -> list[Planned]:
    if milestone.kind is not MilestoneKind.window or milestone.starts_on is None:
        return []
    occurrence = occurrences.before_date(milestone.starts_on, (0,), now, config.send_at, tz, grace_days=0)
    if occurrence is None:
        return []
    key = f"{milestone_key_prefix(milestone.id)}start:{milestone.starts_on.isoformat()}"
    return [Planned(key=key, kind="milestone_start", text=texts.window_opens(milestone), occurrence=occurrence,
                    purpose=ChatPurpose.group)]


def _escalation(milestone: Milestone, now: dt.datetime, today: dt.date, config: SchedulerConfig,
                tz: ZoneInfo) -> list[Planned]:
    assert milestone.due_on is not None
    occurrence = occurrences.overdue(milestone.due_on, now, config.send_at, tz,
                                     daily_for_days=config.overdue_daily_for_days, weekday=config.digest_weekday)
    if occurrence is None:
        return []
    days_overdue = (occurrence.on - milestone.due_on).days
    payload = {"buttons": [[{"text": texts.DONE_BUTTON, "data": milestone_done_data(milestone.id)}]],
               "ref": milestone.code}
    key = f"{milestone_key_prefix(milestone.id)}overdue:{occurrence.label}"
    return [Planned(key=key, kind="milestone_overdue", text=texts.milestone_overdue(milestone, days_overdue),
                    occurrence=occurrence, purpose=ChatPurpose.coordinators, payload=payload)]


def _continuous_nudge(undone: list[Milestone], now: dt.datetime, config: SchedulerConfig,
                      tz: ZoneInfo) -> list[Planned]:
    occurrence = occurrences.monthly_on_first_working_day(now, config.send_at, tz, config.rules.is_working_day)
    if occurrence is None:
        return []
    month_start = occurrence.on.replace(day=1)
    next_month = (month_start + dt.timedelta(days=32)).replace(day=1)
    running = [m for m in undone if m.kind is MilestoneKind.continuous
               and (m.starts_on is None or m.starts_on < next_month)
               and (m.due_on or m.plan.ends_on) >= month_start]
    if not running:
        return []
    return [Planned(key=f"continuous:{occurrence.label}", kind="continuous_nudge",
                    text=texts.continuous_nudge(month_start, running), occurrence=occurrence,
                    purpose=ChatPurpose.group)]
