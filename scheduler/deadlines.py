"""Deadlines the rules imply, pushed to the coordinators' chat only (every number from the rules in force):

- an admission decision reached the chi bộ → the ceremony is due within N working days;
- a probationary member completes the probation counted from the ceremony → time to consider recognition,
  which the chi bộ holds within N working days after it;
- an admission-class certificate expires (for nominees not decided on yet) → warned 30 days before;
- a nominee's record that never reached admission comes to the end of its retention → warned a week before,
  then erased on its day (`erase_due_nominees`);
- in January, while a plan runs and nobody has set the year's targets → one reminder;
- a transfer of party activity must begin by `begin_by`, and its letter be presented by `letter_due_on`;
- a temporary transfer's period ends on `temporary_until` → warned N days before (rules:
  `temporary_transfer_end_warn_days`) and on the day;
- a difficulty has waited N days (rules: `difficulty_unanswered_days`) without an answer → again every N days.

Records are named by number and enterprise, never by a person's name.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.actions import difficulty_step_data
from models.deadlines import UNANSWERED, RuleDeadline, rule_deadlines
from models.difficulties import Difficulty, next_steps
from models.nominees import Nominee, erase_expired
from models.people import ChatPurpose
from models.plan import Plan
from models.rules import Rules
from models.targets import Target
from scheduler.config import SchedulerConfig
from scheduler.occurrences import Occurrence, at_local, before_date, every_n_days, first_working_day
from scheduler.planned import Planned
from texts import difficulties as difficulty_texts, scheduler as texts

_KINDS = {
    "ceremony": ("ceremony_due", "nominee", "ceremony"),
    "probation": ("probation_due", "nominee", "probation"),
    "recognition": ("recognition_due", "nominee", "recognition"),
    "certificate": ("certificate_expiry", "nominee", "certificate"),
    "retention": ("nominee_retention", "nominee", "retention"),
    "transfer_begin": ("transfer_begin_due", "transfer", "begin"),
    "transfer_letter": ("transfer_letter_due", "transfer", "letter"),
    "transfer_temporary_end": ("transfer_temporary_end", "transfer", "temporary_end"),
}


def _offsets(kind: str, config: SchedulerConfig, on: dt.date) -> tuple[int, ...]:
    if kind == "retention":
        return (config.rules.value("nominee_retention_warn_days", on),)
    if kind == "transfer_temporary_end":
        return (config.rules.value("temporary_transfer_end_warn_days", on), 0)
    return {"ceremony": config.ceremony_warn_days, "probation": config.probation_warn_days,
            "recognition": config.recognition_warn_days, "certificate": config.certificate_warn_days,
            "transfer_begin": config.transfer_warn_days, "transfer_letter": config.transfer_warn_days}[kind]


def _text(session: Session, deadline: RuleDeadline, days_left: int, rules: Rules) -> str:
    if deadline.kind in ("ceremony", "probation", "recognition", "retention"):
        nominee = session.get(Nominee, deadline.entity_id)
        assert nominee is not None
        if deadline.kind == "ceremony":
            received = nominee.decision_received_on or deadline.on
            return texts.ceremony_due(deadline.entity_id, deadline.enterprise, deadline.on, days_left,
                                      rules.value("admission_ceremony_working_days", received))
        if deadline.kind == "probation":
            return texts.probation_ending(deadline.entity_id, deadline.enterprise, deadline.on, days_left,
                                          rules.value("probation_months", nominee.admitted_on or deadline.on),
                                          nominee.recognition_due_on)
        if deadline.kind == "recognition":
            ended = nominee.probation_ends_on or deadline.on
            return texts.recognition_due(deadline.entity_id, deadline.enterprise, deadline.on, days_left, ended,
                                         rules.value("recognition_working_days", ended))
        return texts.retention_ending(deadline.entity_id, deadline.enterprise, deadline.on, days_left,
                                      rules.value("nominee_retention_months", deadline.on))
    if deadline.kind == "certificate":
        return texts.certificate_expiring(deadline.entity_id, deadline.enterprise, deadline.on, days_left)
    if deadline.kind == "transfer_begin":
        return texts.transfer_begin_due(deadline.entity_id, deadline.enterprise, deadline.members, deadline.on,
                                        days_left)
    if deadline.kind == "transfer_temporary_end":
        return texts.temporary_transfer_ending(deadline.entity_id, deadline.enterprise, deadline.members,
                                               deadline.on, days_left)
    return texts.transfer_letter_due(deadline.entity_id, deadline.enterprise, deadline.members, deadline.on, days_left)


def rule_deadline_pushes(session: Session, now: dt.datetime, config: SchedulerConfig, tz: ZoneInfo) -> list[Planned]:
    today = now.astimezone(tz).date()
    longest = max(max(config.probation_warn_days), max(config.certificate_warn_days), max(config.transfer_warn_days),
                  max(config.ceremony_warn_days), max(config.recognition_warn_days),
                  config.rules.value("nominee_retention_warn_days", today),
                  config.rules.value("temporary_transfer_end_warn_days", today))
    planned: list[Planned] = []
    dated = rule_deadlines(session, today - dt.timedelta(days=2), today + dt.timedelta(days=longest), config.rules, tz)
    for deadline in dated:
        if deadline.kind == "difficulty":
            continue  # repeats every N days: below
        occurrence = before_date(deadline.on, _offsets(deadline.kind, config, deadline.on), now, config.send_at, tz,
                                 is_working_day=config.rules.is_working_day)
        if occurrence is None:
            continue
        kind, entity, what = _KINDS[deadline.kind]
        planned.append(Planned(
            key=f"{entity}:{deadline.entity_id}:{what}:{deadline.on.isoformat()}:{occurrence.label}", kind=kind,
            text=_text(session, deadline, (deadline.on - today).days, config.rules), occurrence=occurrence,
            purpose=ChatPurpose.coordinators, bundle=True))
    planned += _unanswered_difficulties(session, now, config, tz)
    planned += _targets_reminder(session, now, config, tz)
    return planned


def erase_due_nominees(session: Session, now: dt.datetime, config: SchedulerConfig, tz: ZoneInfo) -> list[Planned]:
    """The retention rule carried out: records whose day has come are erased, and the coordinators told which."""
    today = now.astimezone(tz).date()
    erased = erase_expired(session, today=today, now=now)
    if not erased:
        return []
    occurrence = Occurrence(today.isoformat(), today, now, now + dt.timedelta(days=7))
    return [Planned(key=f"nominee:retention_erased:{today.isoformat()}:{erased[0]}", kind="nominee_erased",
                    text=texts.retention_erased(erased), occurrence=occurrence, purpose=ChatPurpose.coordinators,
                    bundle=True)]


def _targets_reminder(session: Session, now: dt.datetime, config: SchedulerConfig, tz: ZoneInfo) -> list[Planned]:
    """In January, on the first working day, if a plan runs this year and no target is set for it yet."""
    today = now.astimezone(tz).date()
    if today.month != 1:
        return []
    day = first_working_day(today.year, 1, config.rules.is_working_day)
    fires = at_local(day, config.send_at, tz)
    occurrence = Occurrence(str(today.year), day, fires, fires + dt.timedelta(days=14))
    if not occurrence.live(now):
        return []
    year_start, year_end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    running = session.scalar(select(Plan.id).where(Plan.starts_on <= year_end, Plan.ends_on >= year_start).limit(1))
    already = session.scalar(select(Target.id).where(Target.year == today.year).limit(1))
    if running is None or already is not None:
        return []
    return [Planned(key=f"targets:{today.year}:january", kind="targets_reminder",
                    text=texts.set_targets_reminder(today.year), occurrence=occurrence,
                    purpose=ChatPurpose.coordinators, bundle=True)]


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
