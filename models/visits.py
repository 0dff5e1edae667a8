"""Waves of visits, assignments of enterprises to members, and the visits themselves."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint, bindparam, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models import member_counts
from models.audit import record_audit
from models.base import Base, utcnow
from models.errors import InvalidInput, NotFound, PermissionDenied, from_validation_error
from models.people import Member, Role
from models.registry import Enterprise, OwnerStance, get_enterprise
from models.rules import Rules
from models.text import nfc

EARLIEST_DATE = dt.date(2000, 1, 1)


class Wave(Base):
    __tablename__ = "waves"
    __table_args__ = (UniqueConstraint("plan_id", "code", name="uq_waves_plan_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    # Opened from the chat (`models.waves.open_wave`), not from the plan file: a re-import keeps it.
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("wave_id", "enterprise_id", "member_id", name="uq_assignments_triple"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class VisitMember(Base):
    __tablename__ = "visit_members"

    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)


class VisitPhoto(Base):
    __tablename__ = "visit_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    file_ref: Mapped[str] = mapped_column(String(300))  # "telegram:<file_id>"
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Visit(Base):
    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("waves.id", ondelete="SET NULL"), index=True)
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    visited_on: Mapped[dt.date] = mapped_column(index=True)
    met_name: Mapped[str | None] = mapped_column(String(200))
    met_position: Mapped[str | None] = mapped_column(String(200))
    discussion: Mapped[str | None] = mapped_column(Text)
    official_members_found: Mapped[int | None]
    probationary_members_found: Mapped[int | None]
    agrees_to_review: Mapped[bool | None]
    owner_stance: Mapped[OwnerStance | None] = mapped_column(Enum(OwnerStance, native_enum=False, length=20))
    youth_union_members_met: Mapped[int | None]
    veterans_met: Mapped[int | None]
    trade_union_members_met: Mapped[int | None]
    has_trade_union: Mapped[bool | None]
    has_youth_union: Mapped[bool | None]
    has_veterans: Mapped[bool | None]
    workers: Mapped[int | None]
    outstanding_workers: Mapped[int | None]
    difficulties_raised: Mapped[bool] = mapped_column(default=False)
    next_step: Mapped[str | None] = mapped_column(Text)
    next_step_due: Mapped[dt.date | None]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    checkin_distance_m: Mapped[float | None]
    checkin_verified: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(index=True)

    enterprise: Mapped[Enterprise] = relationship(lazy="joined")
    members: Mapped[list[Member]] = relationship(secondary="visit_members", lazy="selectin")
    photos: Mapped[list[VisitPhoto]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def photo_refs(self) -> list[str]:
        """The photos as `VisitInput.photo_refs` gives them: what editing a visit starts from."""
        return [photo.file_ref for photo in self.photos]


class VisitInput(BaseModel):
    """A visit as any channel reports it."""

    model_config = ConfigDict(str_strip_whitespace=True)

    enterprise_id: int = Field(gt=0)
    visited_on: dt.date
    member_ids: list[int] = Field(default_factory=list, max_length=50)
    met_name: str | None = Field(default=None, max_length=200)
    met_position: str | None = Field(default=None, max_length=200)
    discussion: str | None = Field(default=None, max_length=4000)
    official_members_found: int | None = Field(default=None, ge=0, le=100_000)
    probationary_members_found: int | None = Field(default=None, ge=0, le=100_000)
    agrees_to_review: bool | None = None
    owner_stance: OwnerStance | None = None
    youth_union_members_met: int | None = Field(default=None, ge=0, le=100_000)
    veterans_met: int | None = Field(default=None, ge=0, le=100_000)
    trade_union_members_met: int | None = Field(default=None, ge=0, le=1_000_000)
    has_trade_union: bool | None = None
    has_youth_union: bool | None = None
    has_veterans: bool | None = None
    workers: int | None = Field(default=None, ge=0, le=1_000_000)
    outstanding_workers: int | None = Field(default=None, ge=0, le=100_000)
    difficulties_raised: bool = False
    next_step: str | None = Field(default=None, max_length=2000)
    next_step_due: dt.date | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    photo_refs: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("met_name", "met_position", "discussion", "next_step", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        return nfc(value) or None if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistent(self) -> VisitInput:
        if self.visited_on < EARLIEST_DATE:
            raise ValueError("Ngày làm việc quá xa trong quá khứ")
        if self.next_step_due is not None and self.next_step_due < self.visited_on:
            raise ValueError("Hạn của bước tiếp theo không thể trước ngày làm việc")
        if (self.workers is not None and self.outstanding_workers is not None
                and self.outstanding_workers > self.workers):
            raise ValueError("Số quần chúng ưu tú không thể lớn hơn số người lao động")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("Vị trí cần có cả vĩ độ và kinh độ")
        return self


def parse_visit(data: dict[str, Any]) -> VisitInput:
    try:
        return VisitInput.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), enough for 'is the member at the factory gate'."""
    radius = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def wave_on(session: Session, day: dt.date) -> Wave | None:
    """The wave running on `day` (the latest-starting one if they overlap)."""
    return session.scalar(_WAVE_ON, {"wave_day": day})


# Every visit's form and save ask it: built once.
_WAVE_ON = (select(Wave).where(Wave.starts_on <= bindparam("wave_day"), Wave.ends_on >= bindparam("wave_day"))
            .order_by(Wave.starts_on.desc()).limit(1))


def _apply_findings(session: Session, visit: Visit, data: VisitInput, by_id: int) -> None:
    """What the visit found becomes the enterprise's figures; the member counts as one more dated change."""
    enterprise = visit.enterprise
    member_counts.set_counts(session, enterprise, official=data.official_members_found,
                             probationary=data.probationary_members_found, on=data.visited_on,
                             source=member_counts.CountSource.visit, source_id=visit.id, by_id=by_id)
    for org in ("trade_union", "youth_union", "veterans"):
        found = getattr(data, f"has_{org}")
        if found is not None:
            setattr(enterprise, f"has_{org}", found)
    if data.workers is not None:
        enterprise.employees = data.workers
    for found, column in ((data.youth_union_members_met, "youth_union_members"),
                          (data.veterans_met, "veterans_members"),
                          (data.trade_union_members_met, "trade_union_members")):
        if found is not None:
            setattr(enterprise, column, found)
    if data.owner_stance is not None and (enterprise.owner_stance_on is None
                                          or data.visited_on >= enterprise.owner_stance_on):
        enterprise.owner_stance, enterprise.owner_stance_on = data.owner_stance, data.visited_on


_VISIT_FIELDS = (
    "visited_on", "met_name", "met_position", "discussion", "official_members_found", "probationary_members_found",
    "agrees_to_review", "owner_stance", "youth_union_members_met", "veterans_met", "trade_union_members_met",
    "has_trade_union", "has_youth_union", "has_veterans", "workers", "outstanding_workers",
    "difficulties_raised", "next_step", "next_step_due", "latitude", "longitude",
)


def _fill(session: Session, visit: Visit, data: VisitInput, reporter_id: int, checkin_radius_m: float) -> None:
    for name in _VISIT_FIELDS:
        setattr(visit, name, getattr(data, name))
    wave = wave_on(session, data.visited_on)
    visit.wave_id = wave.id if wave else None
    member_ids = set(data.member_ids) | {reporter_id}
    members = list(session.scalars(select(Member).where(Member.id.in_(member_ids), Member.active.is_(True))))
    if len(members) != len(member_ids):
        raise InvalidInput("Có thành viên được chọn không còn trong Đoàn công tác.")
    visit.members = members
    visit.photos = [VisitPhoto(file_ref=ref) for ref in data.photo_refs]
    enterprise = visit.enterprise
    visit.checkin_distance_m, visit.checkin_verified = None, False
    if (data.latitude is not None and data.longitude is not None
            and enterprise.latitude is not None and enterprise.longitude is not None):
        visit.checkin_distance_m = round(
            distance_m(data.latitude, data.longitude, enterprise.latitude, enterprise.longitude), 1)
        visit.checkin_verified = visit.checkin_distance_m <= checkin_radius_m


def record_visit(
    session: Session, data: VisitInput, *, reporter: Member, today: dt.date, checkin_radius_m: float = 500
) -> Visit:
    if not reporter.has_role(Role.member):
        raise PermissionDenied("Đồng chí chưa là thành viên của Đoàn công tác.")
    if data.visited_on > today:
        raise InvalidInput("Ngày làm việc không thể ở tương lai.", field="visited_on")
    enterprise = get_enterprise(session, data.enterprise_id)
    visit = Visit(enterprise=enterprise, reported_by_id=reporter.id)
    # Filled before it joins the session: its lookups then do not flush it early, and its new members and
    # photos are not compared with collections loaded back from the database.
    _fill(session, visit, data, reporter.id, checkin_radius_m)
    session.add(visit)
    session.flush()
    _apply_findings(session, visit, data, reporter.id)
    record_audit(session, actor=reporter.actor, action="visit.create", entity="visit", entity_id=visit.id,
                 details={"enterprise_id": enterprise.id})
    return visit


def get_visit(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted_at is not None:
        raise NotFound("Không tìm thấy buổi làm việc này (có thể đã bị xóa).")
    return visit


def _require_may_change(visit: Visit, by: Member, now: dt.datetime, rules: Rules) -> None:
    if by.has_role(Role.coordinator):
        return
    if visit.reported_by_id != by.id:
        raise PermissionDenied("Đồng chí chỉ sửa hoặc xóa được buổi làm việc do chính mình ghi.")
    hours = rules.value("visit_edit_hours", now.date())
    if now - visit.created_at > dt.timedelta(hours=hours):
        raise PermissionDenied(f"Đã quá {hours} giờ kể từ khi ghi; vui lòng nhờ điều phối viên sửa.")


def edit_visit(
    session: Session, visit_id: int, data: VisitInput, *, by: Member, now: dt.datetime, rules: Rules,
    checkin_radius_m: float = 500,
) -> Visit:
    visit = get_visit(session, visit_id)
    _require_may_change(visit, by, now, rules)
    # The visit's earlier figures give way to the edited ones (at the enterprise it was, and the one it is).
    member_counts.withdraw(session, visit.enterprise, source=member_counts.CountSource.visit, source_id=visit.id,
                           now=now)
    if data.enterprise_id != visit.enterprise_id:
        visit.enterprise = get_enterprise(session, data.enterprise_id)
    _fill(session, visit, data, visit.reported_by_id, checkin_radius_m)
    session.flush()
    _apply_findings(session, visit, data, by.id)
    record_audit(session, actor=by.actor, action="visit.edit", entity="visit", entity_id=visit.id)
    return visit


def delete_visit(session: Session, visit_id: int, *, by: Member, now: dt.datetime, rules: Rules) -> None:
    visit = get_visit(session, visit_id)
    _require_may_change(visit, by, now, rules)
    visit.deleted_at = now
    # A deleted visit no longer explains the counts: they are what the other changes give.
    member_counts.withdraw(session, visit.enterprise, source=member_counts.CountSource.visit, source_id=visit.id,
                           now=now)
    record_audit(session, actor=by.actor, action="visit.delete", entity="visit", entity_id=visit.id)


def visits_of(session: Session, *, member_id: int | None = None, enterprise_id: int | None = None,
              limit: int | None = None) -> list[Visit]:
    query = select(Visit).where(Visit.deleted_at.is_(None)).order_by(Visit.visited_on.desc(), Visit.id.desc())
    if member_id is not None:
        query = query.where(Visit.id.in_(select(VisitMember.visit_id).where(VisitMember.member_id == member_id)))
    if enterprise_id is not None:
        query = query.where(Visit.enterprise_id == enterprise_id)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def outstanding_workers_found(session: Session, enterprise_id: int) -> tuple[int, dt.date] | None:
    """Outstanding workers (quần chúng ưu tú) as the latest visit that counted them found, with its date."""
    row = session.execute(
        select(Visit.outstanding_workers, Visit.visited_on)
        .where(Visit.enterprise_id == enterprise_id, Visit.deleted_at.is_(None), Visit.outstanding_workers.is_not(None))
        .order_by(Visit.visited_on.desc(), Visit.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row and row[0] is not None else None


def visit_summary(session: Session, enterprise_id: int) -> tuple[int, dt.date | None]:
    """How many visits, and the latest date."""
    count, last = session.execute(
        select(func.count(Visit.id), func.max(Visit.visited_on))
        .where(Visit.enterprise_id == enterprise_id, Visit.deleted_at.is_(None))
    ).one()
    return count, last


def wave_statistics(session: Session, start: dt.date, end: dt.date) -> dict[str, int]:
    """Counts for a period: enterprises without a party organisation, how many of them were visited, visits."""
    from models.registry import PartyOrgStatus

    without_party = select(Enterprise.id).where(
        Enterprise.party_org_status.in_([PartyOrgStatus.none, PartyOrgStatus.members_elsewhere]))
    in_period = (Visit.deleted_at.is_(None), Visit.visited_on >= start, Visit.visited_on <= end)
    return {
        "without_party": session.scalar(select(func.count()).select_from(without_party.subquery())) or 0,
        "visited": session.scalar(select(func.count(func.distinct(Visit.enterprise_id))).where(
            *in_period, Visit.enterprise_id.in_(without_party))) or 0,
        "visits": session.scalar(select(func.count(Visit.id)).where(*in_period)) or 0,
    }
