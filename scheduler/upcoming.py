"""The coming deadlines, for a coordinator's query: plan items and rule-derived dates, overdue ones first.

No personal names: nominees and transfers are named by record number and enterprise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.plan import Milestone, MilestoneKind
from models.rules import Rules
from scheduler.deadlines import rule_deadlines
from texts import scheduler as texts

# Rule-derived items stay on the list this long after their date while nobody has acted on them.
OVERDUE_LOOK_BACK_DAYS = 365


@dataclass(frozen=True)
class ComingDeadline:
    on: dt.date
    days_left: int             # negative: overdue by that many days
    kind: str                  # milestone | probation | certificate | transfer_begin | transfer_letter | difficulty
    label: str                 # Vietnamese, ready to show
    milestone_id: int | None = None  # plan items: a handler may offer "✅ Đã xong" (models.actions)
    entity_id: int | None = None

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def coming_deadlines(session: Session, today: dt.date, *, rules: Rules, tz: ZoneInfo | str = "Asia/Ho_Chi_Minh",
                     horizon_days: int = 30) -> list[ComingDeadline]:
    tz = ZoneInfo(tz) if isinstance(tz, str) else tz
    horizon = today + dt.timedelta(days=horizon_days)
    items: list[ComingDeadline] = []
    milestones = session.scalars(select(Milestone).where(
        Milestone.done_at.is_(None), Milestone.kind != MilestoneKind.continuous, Milestone.due_on <= horizon))
    for milestone in milestones:
        assert milestone.due_on is not None
        if not milestone.open_on(today):
            continue   # cancelled, superseded, or its plan is over
        items.append(ComingDeadline(
            on=milestone.due_on, days_left=(milestone.due_on - today).days, kind="milestone",
            label=texts.deadline_label("milestone", milestone.code, title=milestone.title),
            milestone_id=milestone.id, entity_id=milestone.id))
    for deadline in rule_deadlines(session, today - dt.timedelta(days=OVERDUE_LOOK_BACK_DAYS), horizon, rules, tz):
        items.append(ComingDeadline(
            on=deadline.on, days_left=(deadline.on - today).days, kind=deadline.kind,
            label=texts.deadline_label(deadline.kind, str(deadline.entity_id), deadline.enterprise),
            entity_id=deadline.entity_id))
    return sorted(items, key=lambda item: (item.on, item.kind, item.entity_id or 0))


def format_coming_deadlines(items: list[ComingDeadline], horizon_days: int = 30) -> str:
    return texts.coming_deadlines(((item.on, item.label, item.days_left) for item in items), horizon_days)
