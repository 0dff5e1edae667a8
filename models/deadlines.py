"""Deadlines as queries: the dates the rules imply for open records, and the coming ones of the plan.

The scheduler pushes reminders from them; /lich and `delegation-bot plan deadlines` list them. Both read them here,
so handlers need not reach into the scheduler. Records are named by number and enterprise, never by a person's name;
the wording is the catalogue's (`texts.scheduler`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.difficulties import Difficulty, DifficultyStatus
from models.nominees import WITH_CERTIFICATE_BEFORE_DECISION, Nominee, Stage
from models.organisations import Transfer
from models.plan import Milestone, MilestoneKind
from models.rules import Rules

UNANSWERED = (DifficultyStatus.open, DifficultyStatus.forwarded)
# Rule-derived items stay on the coming list this long after their date while nobody has acted on them.
OVERDUE_LOOK_BACK_DAYS = 365


@dataclass(frozen=True)
class RuleDeadline:
    # ceremony | probation | recognition | certificate | retention | transfer_begin | transfer_letter |
    # transfer_temporary_end | difficulty
    kind: str
    entity_id: int
    on: dt.date
    enterprise: str
    members: int = 1   # transfers: how many party members move
    detail: str = ""   # difficulties: the category's label; its status


def rule_deadlines(session: Session, start: dt.date, end: dt.date, rules: Rules, tz: ZoneInfo) -> list[RuleDeadline]:
    """Every rule-derived date in [start, end] still open; a difficulty's date is when it becomes overdue."""
    found: list[RuleDeadline] = []
    for kind, stages, column in (
            ("ceremony", (Stage.decided,), Nominee.ceremony_due_on),
            ("probation", (Stage.admitted,), Nominee.probation_ends_on),
            ("recognition", (Stage.admitted,), Nominee.recognition_due_on),
            ("certificate", WITH_CERTIFICATE_BEFORE_DECISION, Nominee.certificate_expires_on)):
        for nominee in session.scalars(select(Nominee).where(Nominee.stage.in_(stages), column.between(start, end))):
            found.append(RuleDeadline(kind, nominee.id, getattr(nominee, column.key), nominee.enterprise.name))
    for nominee in session.scalars(select(Nominee).where(
            Nominee.erased_at.is_(None), Nominee.erase_due_on.between(start, end))):
        assert nominee.erase_due_on is not None  # between() found it
        found.append(RuleDeadline("retention", nominee.id, nominee.erase_due_on, nominee.enterprise.name))
    for transfer in session.scalars(select(Transfer).where(
            Transfer.completed_on.is_(None), Transfer.letter_issued_on.is_(None),
            Transfer.begin_by.between(start, end))):
        found.append(RuleDeadline("transfer_begin", transfer.id, transfer.begin_by, transfer.enterprise.name,
                                  members=transfer.member_count))
    for transfer in session.scalars(select(Transfer).where(
            Transfer.completed_on.is_(None), Transfer.letter_presented_on.is_(None),
            Transfer.letter_due_on.between(start, end))):
        assert transfer.letter_due_on is not None  # between() found it
        found.append(RuleDeadline("transfer_letter", transfer.id, transfer.letter_due_on, transfer.enterprise.name,
                                  members=transfer.member_count))
    for transfer in session.scalars(select(Transfer).where(
            Transfer.temporary.is_(True), Transfer.temporary_until.between(start, end))):
        assert transfer.temporary_until is not None  # between() found it
        found.append(RuleDeadline("transfer_temporary_end", transfer.id, transfer.temporary_until,
                                  transfer.enterprise.name, members=transfer.member_count))
    for difficulty in session.scalars(select(Difficulty).where(Difficulty.status.in_(UNANSWERED))):
        days = rules.value("difficulty_unanswered_days", difficulty.created_at.astimezone(tz).date())
        on = difficulty.created_at.astimezone(tz).date() + dt.timedelta(days=days)
        if start <= on <= end:
            found.append(RuleDeadline("difficulty", difficulty.id, on, difficulty.enterprise.name,
                                      detail=rules.category_label(difficulty.category)))
    return sorted(found, key=lambda d: (d.on, d.kind, d.entity_id))


@dataclass(frozen=True)
class ComingDeadline:
    on: dt.date
    days_left: int             # negative: overdue by that many days
    kind: str                  # milestone | probation | certificate | transfer_begin | transfer_letter | difficulty
    ref: str                   # the plan item's code, or the record's number
    enterprise: str | None = None
    title: str | None = None   # plan items: their title
    milestone_id: int | None = None  # plan items: a handler may offer "✅ Đã xong" (models.actions)
    entity_id: int | None = None

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def coming_deadlines(session: Session, today: dt.date, *, rules: Rules, tz: ZoneInfo | str = "Asia/Ho_Chi_Minh",
                     horizon_days: int = 30) -> list[ComingDeadline]:
    """Plan items and rule-derived dates up to `horizon_days` ahead, and the overdue ones, by date."""
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
            on=milestone.due_on, days_left=(milestone.due_on - today).days, kind="milestone", ref=milestone.code,
            title=milestone.title, milestone_id=milestone.id, entity_id=milestone.id))
    for deadline in rule_deadlines(session, today - dt.timedelta(days=OVERDUE_LOOK_BACK_DAYS), horizon, rules, tz):
        items.append(ComingDeadline(
            on=deadline.on, days_left=(deadline.on - today).days, kind=deadline.kind, ref=str(deadline.entity_id),
            enterprise=deadline.enterprise, entity_id=deadline.entity_id))
    return sorted(items, key=lambda item: (item.on, item.kind, item.entity_id or 0))
