"""Yearly targets (chỉ tiêu) set by coordinators, and the progress towards them computed from the records.

What counts toward each target (a calendar year, by the date the thing happened, not when it was typed in):
- new_members: nominees admitted (decision date) in the year, also those admitted then stopped or erased;
- organisations_founded: founding decisions (party organisation, trade union, youth union, veterans) dated in it;
- enterprises_visited: distinct enterprises with a visit (not deleted) in the year;
- nominees_to_class: nominees registered for the admission class in the year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.audit import record_audit
from models.errors import from_validation_error
from models.nominees import Nominee
from models.organisations import Founding, OrgKind
from models.people import Member, Role, require_role
from models.plan import Target, TargetKind
from models.visits import Visit

MAX_TARGET = 100_000


class TargetsInput(BaseModel):
    """A year's targets; a kind left out (None) keeps whatever was set before."""

    year: int = Field(ge=2000, le=2100)
    new_members: int | None = Field(default=None, ge=0, le=MAX_TARGET)
    organisations_founded: int | None = Field(default=None, ge=0, le=MAX_TARGET)
    enterprises_visited: int | None = Field(default=None, ge=0, le=MAX_TARGET)
    nominees_to_class: int | None = Field(default=None, ge=0, le=MAX_TARGET)

    def values(self) -> dict[TargetKind, int]:
        return {kind: getattr(self, kind.value) for kind in TargetKind if getattr(self, kind.value) is not None}


def parse_targets(data: dict) -> TargetsInput:
    try:
        return TargetsInput.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None


def set_target(session: Session, year: int, kind: TargetKind, value: int, *, by: Member,
               now: dt.datetime) -> Target:
    """Set (or change) one target; coordinators only, audited with the old value."""
    require_role(by, Role.coordinator)
    checked = parse_targets({"year": year, kind.value: value})
    target = session.scalar(select(Target).where(Target.year == checked.year, Target.kind == kind))
    previous = target.value if target is not None else None
    if target is None:
        target = Target(year=checked.year, kind=kind, value=value)
        session.add(target)
    target.value, target.set_by_id, target.set_at = value, by.id, now
    session.flush()
    record_audit(session, actor=by.actor, action="target.set", entity="target", entity_id=target.id,
                 details={"year": checked.year, "kind": kind.value, "value": value, "previous": previous})
    return target


def set_targets(session: Session, data: TargetsInput, *, by: Member, now: dt.datetime) -> list[Target]:
    require_role(by, Role.coordinator)
    return [set_target(session, data.year, kind, value, by=by, now=now) for kind, value in data.values().items()]


def targets_of(session: Session, year: int) -> dict[TargetKind, int]:
    return {target.kind: target.value for target in session.scalars(select(Target).where(Target.year == year))}


def achieved(session: Session, year: int) -> dict[TargetKind, int]:
    """What the records show for the year, per kind of target."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return {
        TargetKind.new_members: session.scalar(
            select(func.count(Nominee.id)).where(Nominee.admitted_on.between(start, end))) or 0,
        TargetKind.organisations_founded: session.scalar(
            select(func.count(Founding.id)).where(Founding.decided_on.between(start, end))) or 0,
        TargetKind.enterprises_visited: session.scalar(
            select(func.count(func.distinct(Visit.enterprise_id)))
            .where(Visit.deleted_at.is_(None), Visit.visited_on.between(start, end))) or 0,
        TargetKind.nominees_to_class: session.scalar(
            select(func.count(Nominee.id)).where(Nominee.class_registered_on.between(start, end))) or 0,
    }


def foundings_by_kind(session: Session, year: int) -> dict[OrgKind, int]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = session.execute(select(Founding.kind, func.count(Founding.id))
                           .where(Founding.decided_on.between(start, end)).group_by(Founding.kind))
    return {kind: count for kind, count in rows}


@dataclass(frozen=True)
class Progress:
    kind: TargetKind
    target: int | None     # None: no target set for the year
    achieved: int

    @property
    def percent(self) -> int | None:
        if not self.target:
            return None
        return round(100 * self.achieved / self.target)


def progress(session: Session, year: int) -> list[Progress]:
    """Every kind of target for the year, in a fixed order, with what has been achieved."""
    targets = targets_of(session, year)
    done = achieved(session, year)
    return [Progress(kind=kind, target=targets.get(kind), achieved=done[kind]) for kind in TargetKind]


def share_of_year_elapsed(year: int, today: dt.date) -> float | None:
    """0..1 for the running year (to compare progress against); None for another year."""
    if today.year != year:
        return None
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    return ((today - start).days + 1) / days
