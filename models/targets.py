"""Yearly targets (chỉ tiêu) set by coordinators, and the progress towards them computed from the records.

What counts toward each target (a calendar year, by the date the thing happened, not when it was typed in):
- new_members: nominees admitted (their ceremony) in the year, also those admitted then stopped or erased, and
  the admissions made outside the bot that a coordinator added;
- party_orgs_founded: founding decisions of party organisations dated in it (the plan's own target);
- mass_orgs_founded: founding decisions of a trade union, a youth union chapter or a veterans' chapter;
- enterprises_visited: distinct enterprises with a visit (not deleted) in the year;
- nominees_to_class: nominees registered for the admission class in the year.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models import member_counts
from models.audit import record_audit
from models.base import Base, utcnow
from models.errors import InvalidInput, from_validation_error
from models.nominees import Nominee
from models.organisations import Founding, OrgKind
from models.people import Member, Role, require_role
from models.registry import Enterprise, get_enterprise
from models.text import nfc
from models.visits import Visit


class TargetKind(str, enum.Enum):
    new_members = "new_members"                  # đảng viên mới kết nạp
    party_orgs_founded = "party_orgs_founded"    # tổ chức cơ sở đảng (the plan's own target, section 4)
    mass_orgs_founded = "mass_orgs_founded"      # công đoàn, chi đoàn, chi hội cựu chiến binh
    enterprises_visited = "enterprises_visited"
    nominees_to_class = "nominees_to_class"


class Target(Base):
    """A yearly target (chỉ tiêu) set by coordinators."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("year", "kind", name="uq_targets_year_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    kind: Mapped[TargetKind] = mapped_column(Enum(TargetKind, native_enum=False, length=30))
    value: Mapped[int]
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    set_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


MAX_TARGET = 100_000


class TargetsInput(BaseModel):
    """A year's targets; a kind left out (None) keeps whatever was set before."""

    year: int = Field(ge=2000, le=2100)
    new_members: int | None = Field(default=None, ge=0, le=MAX_TARGET)
    party_orgs_founded: int | None = Field(default=None, ge=0, le=MAX_TARGET)
    mass_orgs_founded: int | None = Field(default=None, ge=0, le=MAX_TARGET)
    enterprises_visited: int | None = Field(default=None, ge=0, le=MAX_TARGET)
    nominees_to_class: int | None = Field(default=None, ge=0, le=MAX_TARGET)

    def values(self) -> dict[TargetKind, int]:
        return {kind: getattr(self, kind.value) for kind in TargetKind if getattr(self, kind.value) is not None}


def parse_targets(data: dict[str, Any]) -> TargetsInput:
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
    founded_in_year = Founding.decided_on.between(start, end)
    return {
        TargetKind.new_members: (session.scalar(
            select(func.count(Nominee.id)).where(Nominee.admitted_on.between(start, end))) or 0)
        + outside_admissions(session, year),
        TargetKind.party_orgs_founded: session.scalar(
            select(func.count(Founding.id)).where(founded_in_year, Founding.kind == OrgKind.party_org)) or 0,
        TargetKind.mass_orgs_founded: session.scalar(
            select(func.count(Founding.id)).where(founded_in_year, Founding.kind != OrgKind.party_org)) or 0,
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


# --------------------------------------------------------------------------- admissions made outside the bot

class OutsideAdmission(Base):
    """Party members admitted without a record in the bot (before it was used, or followed elsewhere), added by
    a coordinator so the year's count is right; at an enterprise, its probationary count follows."""

    __tablename__ = "outside_admissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    admitted_on: Mapped[dt.date] = mapped_column(index=True)
    count: Mapped[int]
    note: Mapped[str | None] = mapped_column(String(500))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    enterprise: Mapped[Enterprise | None] = relationship(lazy="joined")


class OutsideAdmissionInput(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    enterprise_id: int | None = Field(default=None, gt=0)
    admitted_on: dt.date
    count: int = Field(ge=1, le=1000)
    note: str | None = Field(default=None, max_length=500)

    @field_validator("note", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        return nfc(value) or None if isinstance(value, str) else value


def parse_outside_admission(data: dict[str, Any]) -> OutsideAdmissionInput:
    try:
        return OutsideAdmissionInput.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None


def record_outside_admission(session: Session, data: OutsideAdmissionInput, *, by: Member,
                             today: dt.date) -> OutsideAdmission:
    require_role(by, Role.coordinator)
    if data.admitted_on > today:
        raise InvalidInput("Ngày kết nạp không thể ở tương lai.", field="admitted_on")
    enterprise = get_enterprise(session, data.enterprise_id) if data.enterprise_id else None
    admission = OutsideAdmission(enterprise=enterprise, admitted_on=data.admitted_on, count=data.count,
                                 note=data.note, recorded_by_id=by.id)
    session.add(admission)
    session.flush()
    if enterprise is not None:
        member_counts.adjust(session, enterprise, probationary=data.count, on=data.admitted_on,
                             source=member_counts.CountSource.outside_admission, source_id=admission.id, by_id=by.id)
    record_audit(session, actor=by.actor, action="admission.outside", entity="outside_admission",
                 entity_id=admission.id, details={"count": data.count, "year": data.admitted_on.year})
    return admission


def outside_admissions(session: Session, year: int) -> int:
    return session.scalar(select(func.sum(OutsideAdmission.count)).where(
        OutsideAdmission.admitted_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))) or 0
