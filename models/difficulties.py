"""Difficulties and recommendations of enterprises, followed from report to answer."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import Enum, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models.audit import record_audit
from models.base import Base, session_time, utcnow
from models.errors import InvalidInput, InvalidTransition, NotFound, from_validation_error
from models.people import Member, Role, require_role
from models.registry import Enterprise, get_enterprise
from models.rules import Rules
from models.text import nfc


class DifficultyStatus(str, enum.Enum):
    open = "open"
    forwarded = "forwarded"
    answered = "answered"
    resolved = "resolved"
    declined = "declined"

    @property
    def is_closed(self) -> bool:
        return self in (DifficultyStatus.resolved, DifficultyStatus.declined)


ALLOWED_TRANSITIONS: dict[DifficultyStatus, set[DifficultyStatus]] = {
    DifficultyStatus.open: {DifficultyStatus.forwarded, DifficultyStatus.answered, DifficultyStatus.resolved,
                            DifficultyStatus.declined},
    DifficultyStatus.forwarded: {DifficultyStatus.forwarded, DifficultyStatus.answered, DifficultyStatus.resolved,
                                 DifficultyStatus.declined},
    DifficultyStatus.answered: {DifficultyStatus.forwarded, DifficultyStatus.resolved},
    DifficultyStatus.resolved: set(),
    DifficultyStatus.declined: set(),
}
# The steps a coordinator is offered, in this order whatever order the table keeps.
STEP_ORDER = (DifficultyStatus.forwarded, DifficultyStatus.answered, DifficultyStatus.resolved,
              DifficultyStatus.declined)


def next_steps(status: DifficultyStatus) -> list[DifficultyStatus]:
    """What a difficulty in `status` can move to, in the order its buttons are offered; none once it is closed."""
    return [step for step in STEP_ORDER if step in ALLOWED_TRANSITIONS[status]]


class Difficulty(Base):
    __tablename__ = "difficulties"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="SET NULL"))
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    category: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(Text)
    proposal: Mapped[str | None] = mapped_column(Text)
    recipient: Mapped[str] = mapped_column(String(50))
    recipient_detail: Mapped[str | None] = mapped_column(String(200))  # which department, when "department"
    status: Mapped[DifficultyStatus] = mapped_column(
        Enum(DifficultyStatus, native_enum=False, length=20), default=DifficultyStatus.open, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    closed_at: Mapped[dt.datetime | None]

    enterprise: Mapped[Enterprise] = relationship(lazy="joined")
    events: Mapped[list[DifficultyEvent]] = relationship(
        back_populates="difficulty", order_by="DifficultyEvent.id", cascade="all, delete-orphan"
    )


class DifficultyEvent(Base):
    """One step of a difficulty's history: who moved it where, with the document or the answer."""

    __tablename__ = "difficulty_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    difficulty_id: Mapped[int] = mapped_column(ForeignKey("difficulties.id", ondelete="CASCADE"), index=True)
    status: Mapped[DifficultyStatus] = mapped_column(Enum(DifficultyStatus, native_enum=False, length=20))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    forwarded_to: Mapped[str | None] = mapped_column(String(200))
    document_number: Mapped[str | None] = mapped_column(String(100))
    document_date: Mapped[dt.date | None]
    answer: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)

    difficulty: Mapped[Difficulty] = relationship(back_populates="events")


class DifficultyInput(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    enterprise_id: int = Field(gt=0)
    category: str
    description: str = Field(min_length=3, max_length=4000)
    proposal: str | None = Field(default=None, max_length=4000)
    recipient: str
    recipient_detail: str | None = Field(default=None, max_length=200)
    visit_id: int | None = None

    @field_validator("description", "proposal", "recipient_detail", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        return nfc(value) if isinstance(value, str) else value


class StatusChange(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    status: DifficultyStatus
    forwarded_to: str | None = Field(default=None, max_length=200)
    document_number: str | None = Field(default=None, max_length=100)
    document_date: dt.date | None = None
    answer: str | None = Field(default=None, max_length=4000)
    reason: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _what_each_status_needs(self) -> StatusChange:
        if self.status is DifficultyStatus.forwarded and not (self.forwarded_to and self.document_number):
            raise ValueError("Khi chuyển đi cần ghi nơi nhận và số văn bản")
        if self.status is DifficultyStatus.answered and not self.answer:
            raise ValueError("Cần ghi nội dung trả lời")
        if self.status is DifficultyStatus.declined and not self.reason:
            raise ValueError("Cần ghi lý do không có cơ sở giải quyết")
        return self


def parse_status_change(data: dict[str, Any]) -> StatusChange:
    try:
        return StatusChange.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None


def report_difficulty(session: Session, data: DifficultyInput, *, reporter: Member, rules: Rules,
                      now: dt.datetime | None = None) -> Difficulty:
    """`now` from the caller's clock: the age of an open item (and its reminders) counts from it."""
    require_role(reporter, Role.member)
    if data.category not in {c.code for c in rules.difficulty_categories}:
        raise InvalidInput("Lĩnh vực không có trong danh mục.", field="category")
    if data.recipient not in {c.code for c in rules.difficulty_recipients}:
        raise InvalidInput("Nơi nhận không có trong danh mục.", field="recipient")
    enterprise = get_enterprise(session, data.enterprise_id)
    difficulty = Difficulty(
        enterprise=enterprise, reported_by_id=reporter.id, category=data.category, description=data.description,
        proposal=data.proposal, recipient=data.recipient, recipient_detail=data.recipient_detail,
        visit_id=data.visit_id, status=DifficultyStatus.open,
    )
    now = now or session_time(session)
    difficulty.created_at = difficulty.updated_at = now
    difficulty.events.append(DifficultyEvent(status=DifficultyStatus.open, by_id=reporter.id, at=now))
    session.add(difficulty)
    session.flush()
    record_audit(session, actor=reporter.actor, action="difficulty.report", entity="difficulty",
                 entity_id=difficulty.id, details={"enterprise_id": enterprise.id})
    return difficulty


def get_difficulty(session: Session, difficulty_id: int) -> Difficulty:
    difficulty = session.get(Difficulty, difficulty_id)
    if difficulty is None:
        raise NotFound("Không tìm thấy khó khăn, kiến nghị này.")
    return difficulty


def change_difficulty_status(
    session: Session, difficulty_id: int, change: StatusChange, *, by: Member, now: dt.datetime | None = None
) -> Difficulty:
    require_role(by, Role.coordinator)
    difficulty = get_difficulty(session, difficulty_id)
    if change.status not in ALLOWED_TRANSITIONS[difficulty.status]:
        raise InvalidTransition("Không thể chuyển khó khăn này sang trạng thái đó (đã kết thúc hoặc không hợp lệ).")
    now = now or session_time(session)
    difficulty.status = change.status
    difficulty.updated_at = now
    if change.status.is_closed:
        difficulty.closed_at = now
    difficulty.events.append(DifficultyEvent(
        status=change.status, at=now, by_id=by.id, forwarded_to=change.forwarded_to,
        document_number=change.document_number, document_date=change.document_date, answer=change.answer,
        reason=change.reason,
    ))
    session.flush()
    record_audit(session, actor=by.actor, action="difficulty.status", entity="difficulty", entity_id=difficulty.id,
                 details={"status": change.status.value})
    return difficulty


def open_difficulties(session: Session) -> list[Difficulty]:
    closed = (DifficultyStatus.resolved, DifficultyStatus.declined)
    return list(session.scalars(
        select(Difficulty).where(Difficulty.status.not_in(closed)).order_by(Difficulty.created_at)
    ))


def open_difficulty_count(session: Session, enterprise_id: int | None = None) -> int:
    from sqlalchemy import func

    query = select(func.count(Difficulty.id)).where(Difficulty.status.not_in(
        (DifficultyStatus.resolved, DifficultyStatus.declined)))
    if enterprise_id is not None:
        query = query.where(Difficulty.enterprise_id == enterprise_id)
    return session.scalar(query) or 0
