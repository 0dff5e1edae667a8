"""The plan's own pushes: reminders before each date, a notice when a window opens, the deadline's last working
day to the coordinators (with «Đã xong»), escalation of what is overdue, and the monthly nudge for continuous
("thường xuyên") items.

Only while an item is open (not done, not cancelled or superseded) and its plan runs (not past its end, not
ended early): nothing about a plan is pushed after it. Escalation is daily for a few working days after the
date, then weekly, and stops after `overdue_max_escalations`; from then on the item appears at most in a
monthly summary, until the plan ends. All of it is bundled: one message per chat and day.

Keys of everything about one milestone start with `milestone:<id>:` so that marking it done drops the unsent
ones (`models.plan.mark_milestone_done`). A date in the key makes a changed date a new reminder.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.actions import milestone_done_data
from models.people import ChatPurpose
from models.plan import REVIEW_DRAFT_LEAD_DAYS, Milestone, MilestoneKind, Plan, milestone_key_prefix
from scheduler.config import SchedulerConfig
from scheduler.occurrences import before_date, escalation, escalations_before, monthly_on_first_working_day, on_or_after
from scheduler.planned import Planned
from texts import scheduler as texts

REVIEW_DATE_FIRST_DAYS = 30   # a review without a window: first asked this long before its date
REVIEW_DATE_AGAIN_DAYS = 7    # and again a week before, if still unset
CLOSED_NOTICE_DAYS = 3       # a plan closed from a day already come is announced within this many days
CLOSING_SEARCH_DAYS = 400     # plans ended longer ago than this are not looked at (an early close is within)


def _undone(session: Session) -> list[Milestone]:
    return list(session.scalars(select(Milestone).where(Milestone.done_at.is_(None))
                                .options(selectinload(Milestone.plan))
                                .order_by(Milestone.plan_id, Milestone.position)))


def last_day(milestone: Milestone) -> dt.date:
    """The last day anything is pushed about the item: its plan's last day, or the day before it was closed."""
    day = milestone.plan.last_day()
    if milestone.closed_on is not None:
        day = min(day, milestone.closed_on - dt.timedelta(days=1))
    return day


def milestone_pushes(session: Session, now: dt.datetime, config: SchedulerConfig, tz: ZoneInfo) -> list[Planned]:
    today = now.astimezone(tz).date()
    planned: list[Planned] = []
    undone = [m for m in _undone(session) if m.open_on(today)]
    for milestone in undone:
        if milestone.kind is MilestoneKind.continuous or milestone.due_on is None:
            continue
        planned += _reminder(milestone, now, today, config, tz)
        planned += _opening(milestone, now, today, config, tz)
        planned += _due_for_coordinators(milestone, now, today, config, tz)
        planned += _escalation(milestone, now, config, tz)
        planned += _review_date_unset(milestone, now, today, config, tz)
    planned += _overdue_summary(undone, now, config, tz)
    planned += _continuous_nudge(undone, now, config, tz)
    planned += _plan_closing(session, now, today, config, tz)
    return planned


def _review_date_unset(milestone: Milestone, now: dt.datetime, today: dt.date, config: SchedulerConfig,
                       tz: ZoneInfo) -> list[Planned]:
    """While a review conference has no date: when its time begins, and a week before it is due."""
    if not milestone.is_review or milestone.review_on is not None:
        return []
    assert milestone.due_on is not None
    first = (milestone.due_on - milestone.starts_on).days if milestone.starts_on else REVIEW_DATE_FIRST_DAYS
    offsets = tuple(sorted({max(first, 0), REVIEW_DATE_AGAIN_DAYS}, reverse=True))
    occurrence = before_date(milestone.due_on, offsets, now, config.send_at, tz, grace_days=0,
                             is_working_day=config.rules.is_working_day)
    if occurrence is None:
        return []
    key = f"{milestone_key_prefix(milestone.id)}review-date:{milestone.due_on.isoformat()}:{occurrence.label}"
    return [Planned(key=key, kind="review_date_unset",
                    text=texts.review_date_unset(milestone, (milestone.due_on - today).days, REVIEW_DRAFT_LEAD_DAYS),
                    occurrence=occurrence, purpose=ChatPurpose.coordinators, bundle=True)]


def _plan_closing(session: Session, now: dt.datetime, today: dt.date, config: SchedulerConfig,
                  tz: ZoneInfo) -> list[Planned]:
    """On each plan's last working day (its end, or the day before it was closed): a closing word to the
    group, and to the coordinators with what was never marked done; after it the plan pushes nothing."""
    planned: list[Planned] = []
    for plan in session.scalars(select(Plan).where(Plan.ends_on >= today - dt.timedelta(days=CLOSING_SEARCH_DAYS))
                                .options(selectinload(Plan.milestones))):
        last = plan.last_day()
        if last < plan.starts_on:
            continue   # closed before it began: nothing ran, nothing to close
        # Closed from today or a day just past (from the chat, say): the word still goes out, a few days late.
        grace = CLOSED_NOTICE_DAYS if plan.closed_on is not None else 0
        occurrence = before_date(last, (0,), now, config.send_at, tz, grace_days=grace,
                                 is_working_day=config.rules.is_working_day)
        if occurrence is None:
            continue
        open_items = [m for m in plan.milestones if m.kind is not MilestoneKind.continuous and m.open_on(last)]
        key = f"plan:{plan.id}:closing:{last.isoformat()}"
        planned.append(Planned(key=f"{key}:group", kind="plan_closing",
                               text=texts.plan_closing(plan, last, today), occurrence=occurrence,
                               purpose=ChatPurpose.group, bundle=True))
        planned.append(Planned(key=f"{key}:coordinators", kind="plan_closing",
                               text=texts.plan_closing(plan, last, today, open_items, for_coordinators=True),
                               occurrence=occurrence, purpose=ChatPurpose.coordinators, bundle=True))
    return planned


def _done_button(milestone: Milestone) -> dict[str, object]:
    return {"buttons": [[{"text": texts.DONE_BUTTON, "data": milestone_done_data(milestone.id)}]],
            "ref": milestone.code}


def _reminder(milestone: Milestone, now: dt.datetime, today: dt.date, config: SchedulerConfig,
              tz: ZoneInfo) -> list[Planned]:
    assert milestone.due_on is not None
    offsets = config.review_offsets_days if milestone.is_review else config.reminder_offsets_days
    occurrence = before_date(milestone.due_on, offsets, now, config.send_at, tz,
                             is_working_day=config.rules.is_working_day)
    if occurrence is None:
        return []
    days_left = (milestone.due_on - today).days
    key = f"{milestone_key_prefix(milestone.id)}due:{milestone.due_on.isoformat()}:{occurrence.label}"
    return [Planned(key=key, kind="milestone_reminder", text=texts.milestone_reminder(milestone, days_left),
                    occurrence=occurrence, purpose=ChatPurpose.group, bundle=True)]


def _opening(milestone: Milestone, now: dt.datetime, today: dt.date, config: SchedulerConfig,
             tz: ZoneInfo) -> list[Planned]:
    if milestone.kind is not MilestoneKind.window or milestone.starts_on is None:
        return []
    occurrence = on_or_after(milestone.starts_on, now, config.send_at, tz,
                             is_working_day=config.rules.is_working_day)
    if occurrence is None:
        return []
    key = f"{milestone_key_prefix(milestone.id)}start:{milestone.starts_on.isoformat()}"
    return [Planned(key=key, kind="milestone_start", text=texts.window_opens(milestone, today),
                    occurrence=occurrence, purpose=ChatPurpose.group, bundle=True)]


def _due_for_coordinators(milestone: Milestone, now: dt.datetime, today: dt.date, config: SchedulerConfig,
                          tz: ZoneInfo) -> list[Planned]:
    """On the last working day on or before the date: a coordinator who finished can say so before any
    escalation."""
    assert milestone.due_on is not None
    occurrence = before_date(milestone.due_on, (0,), now, config.send_at, tz, grace_days=0,
                             is_working_day=config.rules.is_working_day)
    if occurrence is None:
        return []
    days_left = (milestone.due_on - today).days
    key = f"{milestone_key_prefix(milestone.id)}due-coordinators:{milestone.due_on.isoformat()}"
    return [Planned(key=key, kind="milestone_due", text=texts.due_for_coordinators(milestone, days_left),
                    part=texts.due_for_coordinators(milestone, days_left, hint=False), occurrence=occurrence,
                    purpose=ChatPurpose.coordinators, payload=_done_button(milestone), bundle=True)]


def _escalation(milestone: Milestone, now: dt.datetime, config: SchedulerConfig, tz: ZoneInfo) -> list[Planned]:
    assert milestone.due_on is not None
    found = escalation(
        milestone.due_on, now, config.send_at, tz, daily_for_days=config.overdue_daily_for_days,
        weekday=config.digest_weekday, last_day=last_day(milestone), max_count=config.overdue_max_escalations,
        is_working_day=config.rules.is_working_day)
    if found is None:
        return []
    occurrence = found.occurrence
    days_overdue = (occurrence.on - milestone.due_on).days
    last = found.number == config.overdue_max_escalations and config.overdue_monthly_summary
    key = f"{milestone_key_prefix(milestone.id)}overdue:{occurrence.label}"
    return [Planned(key=key, kind="milestone_overdue",
                    text=texts.milestone_overdue(milestone, days_overdue, number=found.number, last=last),
                    part=texts.milestone_overdue(milestone, days_overdue, number=found.number, last=last,
                                                 hint=False),
                    occurrence=occurrence, purpose=ChatPurpose.coordinators, payload=_done_button(milestone),
                    bundle=True)]


def _overdue_summary(undone: list[Milestone], now: dt.datetime, config: SchedulerConfig,
                     tz: ZoneInfo) -> list[Planned]:
    """Once a month (the first working day), the items whose escalations are over, still not done."""
    cap = config.overdue_max_escalations
    if cap is None or not config.overdue_monthly_summary:
        return []
    occurrence = monthly_on_first_working_day(now, config.send_at, tz, config.rules.is_working_day)
    if occurrence is None:
        return []
    planned: list[Planned] = []
    for milestone in undone:
        if (milestone.kind is MilestoneKind.continuous or milestone.due_on is None
                or milestone.due_on >= occurrence.on or occurrence.on > last_day(milestone)):
            continue
        used = escalations_before(milestone.due_on, occurrence.on,
                                  daily_for_days=config.overdue_daily_for_days,
                                  weekday=config.digest_weekday, limit=cap,
                                  is_working_day=config.rules.is_working_day)
        if used < cap:
            continue
        days_overdue = (occurrence.on - milestone.due_on).days
        planned.append(Planned(
            key=f"{milestone_key_prefix(milestone.id)}overdue-summary:{occurrence.label}", kind="overdue_summary",
            text=texts.overdue_summary_line(milestone, days_overdue),
            part=texts.overdue_summary_line(milestone, days_overdue, hint=False), occurrence=occurrence,
            purpose=ChatPurpose.coordinators, payload=_done_button(milestone), bundle=True))
    return planned


def _continuous_nudge(undone: list[Milestone], now: dt.datetime, config: SchedulerConfig,
                      tz: ZoneInfo) -> list[Planned]:
    occurrence = monthly_on_first_working_day(now, config.send_at, tz, config.rules.is_working_day)
    if occurrence is None:
        return []
    month_start = occurrence.on.replace(day=1)
    next_month = (month_start + dt.timedelta(days=32)).replace(day=1)
    running = [m for m in undone if m.kind is MilestoneKind.continuous
               and (m.starts_on is None or m.starts_on < next_month)
               and min(m.due_on or m.plan.ends_on, last_day(m)) >= occurrence.on]
    if not running:
        return []
    return [Planned(key=f"continuous:{occurrence.label}", kind="continuous_nudge",
                    text=texts.continuous_nudge(month_start, running), occurrence=occurrence,
                    purpose=ChatPurpose.group, bundle=True)]
