"""Deadlines the rules imply, pushed to the coordinators' chat only:

- a probationary member completes 12 months → time to consider recognising them as official;
- an admission-class certificate expires (for nominees not admitted yet) → warned 30 days before;
- a transfer of party activity must begin by `begin_by`, and its letter be presented by `letter_due_on`;
- a difficulty has waited N days (rules: `difficulty_unanswered_days`) without an answer → again every N days.

Records are named by number and enterprise, never by a person's name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.actions import difficulty_step_data
from models.difficulties import Difficulty, DifficultyStatus, next_steps
from models.nominees import Nominee, Stage
from models.organisations import Transfer
from models.people import ChatPurpose
from models.rules import Rules
from scheduler.config import SchedulerConfig
from scheduler.occurrences import before_date, every_n_days
from scheduler.planned import Planned
from texts import difficulties as difficulty_texts
from texts import scheduler as texts

UNANSWERED = (DifficultyStatus.open, DifficultyStatus.forwarded)
NOT_YET_ADMITTED_WITH_CERTIFICATE = (Stage.class_completed, Stage.introducers_named)


@dataclass(frozen=True)
class RuleDeadline:
    kind: str          # probation | certificate | transfer_begin | transfer_letter | difficulty
    entity_id: int
    on: dt.date
    enterprise: str
    members: int = 1   # transfers: how many party members move
    detail: str = ""   # difficulties: the category's label; its status


def rule_deadlines(session: Session, start: dt.date, end: dt.date, rules: Rules, tz: ZoneInfo) -> list[RuleDeadline]:
    """Every rule-derived date in [start, end] still open; a difficulty's date is when it becomes overdue."""
    found: list[RuleDeadline] = []
    for nominee in session.scalars(select(Nominee).where(
            Nominee.stage == Stage.admitted, Nominee.probation_ends_on.between(start, end))):
        found.append(RuleDeadline("probation", nominee.id, nominee.probation_ends_on, nominee.enterprise.name))
    for nominee in session.scalars(select(Nominee).where(
            Nominee.stage.in_(NOT_YET_ADMITTED_WITH_CERTIFICATE), Nominee.certificate_expires_on.between(start, end))):
        found.append(RuleDeadline("certificate", nominee.id, nominee.certificate_expires_on, nominee.enterprise.name))
    for transfer in session.scalars(select(Transfer).where(
            Transfer.completed_on.is_(None), Transfer.letter_issued_on.is_(None),
            Transfer.begin_by.between(start, end))):
        found.append(RuleDeadline("transfer_begin", transfer.id, transfer.begin_by, transfer.enterprise.name,
                                  members=transfer.member_count))
    for transfer in session.scalars(select(Transfer).where(
            Transfer.completed_on.is_(None), Transfer.letter_presented_on.is_(None),
            Transfer.letter_due_on.between(start, end))):
        found.append(RuleDeadline("transfer_letter", transfer.id, transfer.letter_due_on, transfer.enterprise.name,
                                  members=transfer.member_count))
    for difficulty in session.scalars(select(Difficulty).where(Difficulty.status.in_(UNANSWERED))):
        days = rules.value("difficulty_unanswered_days", difficulty.created_at.astimezone(tz).date())
        on = difficulty.created_at.astimezone(tz).date() + dt.timedelta(days=days)
        if start <= on <= end:
            found.append(RuleDeadline("difficulty", difficulty.id, on, difficulty.enterprise.name,
                                      detail=rules.category_label(difficulty.category)))
    return sorted(found, key=lambda d: (d.on, d.kind, d.entity_id))


_KINDS = {
    "probation": ("probation_due", "nominee", "probation"),
    "certificate": ("certificate_expiry", "nominee", "certificate"),
    "transfer_begin": ("transfer_begin_due", "transfer", "begin"),
    "transfer_letter": ("transfer_letter_due", "transfer", "letter"),
}


def _offsets(kind: str, config: SchedulerConfig) -> tuple[int, ...]:
    return {"probation": config.probation_warn_days, "certificate": config.certificate_warn_days,
            "transfer_begin": config.transfer_warn_days, "transfer_letter": config.transfer_warn_days}[kind]


def _text(deadline: RuleDeadline, days_left: int) -> str:
    if deadline.kind == "probation":
        return texts.probation_ending(deadline.entity_id, deadline.enterprise, deadline.on, days_left)
    if deadline.kind == "certificate":
        return texts.certificate_expiring(deadline.entity_id, deadline.enterprise, deadline.on, days_left)
    if deadline.kind == "transfer_begin":
        return texts.transfer_begin_due(deadline.entity_id, deadline.enterprise, deadline.members, deadline.on,
                                        days_left)
    return texts.transfer_letter_due(deadline.entity_id, deadline.enterprise, deadline.members, deadline.on, days_left)


def rule_deadline_pushes(session: Session, now: dt.datetime, config: SchedulerConfig, tz: ZoneInfo) -> list[Planned]:
    today = now.astimezone(tz).date()
    longest = max(max(config.probation_warn_days), max(config.certificate_warn_days), max(config.transfer_warn_days))
    planned: list[Planned] = []
    dated = rule_deadlines(session, today - dt.timedelta(days=2), today + dt.timedelta(days=longest), config.rules, tz)
    for deadline in dated:
        if deadline.kind == "difficulty":
            continue  # repeats every N days: below
        occurrence = before_date(deadline.on, _offsets(deadline.kind, config), now, config.send_at, tz,
                                 is_working_day=config.rules.is_working_day)
        if occurrence is None:
            continue
        kind, entity, what = _KINDS[deadline.kind]
        planned.append(Planned(
            key=f"{entity}:{deadline.entity_id}:{what}:{deadline.on.isoformat()}:{occurrence.label}", kind=kind,
            text=_text(deadline, (deadline.on - today).days), occurrence=occurrence,
            purpose=ChatPurpose.coordinators, bundle=True))
    planned += _unanswered_difficulties(session, now, config, tz)
    return planned


def _unanswered_difficulties(session: Session, now: dt.datetime, config: SchedulerConfig,
                             tz: ZoneInfo) -> list[Planned]:
    planned: list[Planned] = []
    for difficulty in session.scalars(select(Difficulty).where(Difficulty.status.in_(UNANSWERED))):
        created = difficulty.created_at.astimezone(tz).date()
        days = config.rules.value("difficulty_unanswered_days", created)
        found = every_n_days(created, days, now, config.send_at, tz,
                             is_working_day=config.rules.is_working_day)
        if found is None:
            continue
        age, occurrence = found
        planned.append(Planned(
            key=f"difficulty:{difficulty.id}:unanswered:{occurrence.label}", kind="difficulty_unanswered",
            text=texts.difficulty_unanswered(difficulty.id, difficulty.enterprise.name,
                                             config.rules.category_label(difficulty.category), age,
                                             difficulty.status.value),
            occurrence=occurrence, purpose=ChatPurpose.coordinators, payload=_step_buttons(difficulty),
            bundle=True))
    return planned


def _step_buttons(difficulty: Difficulty) -> dict[str, object]:
    """The reminder carries the alert's buttons: a coordinator acts from it instead of looking the item up."""
    buttons = [{"text": difficulty_texts.step_button(step.value, difficulty.status.value), "role": "option",
                "data": difficulty_step_data(difficulty.id, step.value)} for step in next_steps(difficulty.status)]
    return {"buttons": [buttons[i:i + 2] for i in range(0, len(buttons), 2)], "ref": f"#{difficulty.id}"}
