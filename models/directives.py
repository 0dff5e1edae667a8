"""The zones board's directive to enterprises without a party organisation (plan items 1.1, 1.2, 2.2, III.3),
and each enterprise's answer to it: sent, its written report received, its review of party members received.

The directive asks each enterprise for a written report (situation, difficulties, proposals) and a review of
the party members it employs; the delegation follows these up enterprise by enterprise.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models.audit import record_audit
from models.base import Base, utcnow
from models.errors import Conflict, InvalidInput, NotFound, from_validation_error
from models.people import Member, Role, require_role
from models.registry import Enterprise, PartyOrgStatus, get_enterprise
from models.text import nfc

WITHOUT_PARTY_ORG = (PartyOrgStatus.none, PartyOrgStatus.members_elsewhere)


class Directive(Base):
    __tablename__ = "directives"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(100))          # "125/BQL-QLDN"
    issued_on: Mapped[dt.date] = mapped_column(index=True)
    issuer: Mapped[str] = mapped_column(String(300))          # the body as named on its date
    summary: Mapped[str] = mapped_column(Text)                # trích yếu
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    replies: Mapped[list[DirectiveReply]] = relationship(back_populates="directive", cascade="all, delete-orphan",
                                                         order_by="DirectiveReply.id")


class DirectiveReply(Base):
    """One enterprise and the directive: when it was sent, when its report and its member review came back."""

    __tablename__ = "directive_replies"
    __table_args__ = (UniqueConstraint("directive_id", "enterprise_id", name="uq_directive_replies_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    sent_on: Mapped[dt.date | None]
    report_received_on: Mapped[dt.date | None]          # báo cáo tình hình, khó khăn, đề xuất
    member_review_received_on: Mapped[dt.date | None]   # báo cáo rà soát đảng viên
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    directive: Mapped[Directive] = relationship(back_populates="replies")
    enterprise: Mapped[Enterprise] = relationship(lazy="joined")


class ReplyKind(str, enum.Enum):
    sent = "sent"
    report = "report"
    member_review = "member_review"


_COLUMN = {ReplyKind.sent: "sent_on", ReplyKind.report: "report_received_on",
           ReplyKind.member_review: "member_review_received_on"}


class DirectiveInput(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    number: str = Field(min_length=1, max_length=100)
    issued_on: dt.date
    issuer: str = Field(min_length=3, max_length=300)
    summary: str = Field(min_length=3, max_length=2000)

    @field_validator("number", "issuer", "summary", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        return nfc(value) if isinstance(value, str) else value


def parse_directive(data: dict[str, Any]) -> DirectiveInput:
    try:
        return DirectiveInput.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None


def record_directive(session: Session, data: DirectiveInput, *, by: Member) -> Directive:
    require_role(by, Role.coordinator)
    if session.scalar(select(Directive.id).where(Directive.number == data.number,
                                                 Directive.issued_on == data.issued_on)) is not None:
        raise Conflict(f"Đã ghi văn bản số {data.number} ngày {data.issued_on:%d/%m/%Y}.")
    directive = Directive(number=data.number, issued_on=data.issued_on, issuer=data.issuer, summary=data.summary,
                          recorded_by_id=by.id)
    session.add(directive)
    session.flush()
    record_audit(session, actor=by.actor, action="directive.create", entity="directive", entity_id=directive.id)
    return directive


def get_directive(session: Session, directive_id: int) -> Directive:
    directive = session.get(Directive, directive_id)
    if directive is None:
        raise NotFound("Không tìm thấy văn bản chỉ đạo này.")
    return directive


def directives(session: Session) -> list[Directive]:
    """Every directive, the latest first."""
    return list(session.scalars(select(Directive).order_by(Directive.issued_on.desc(), Directive.id.desc())))


def _reply(session: Session, directive: Directive, enterprise: Enterprise) -> DirectiveReply:
    reply = session.scalar(select(DirectiveReply).where(DirectiveReply.directive_id == directive.id,
                                                        DirectiveReply.enterprise_id == enterprise.id))
    if reply is None:
        reply = DirectiveReply(directive=directive, enterprise=enterprise)
        session.add(reply)
    return reply


def record_reply(session: Session, directive_id: int, enterprise_id: int, kind: ReplyKind, on: dt.date, *,
                 by: Member) -> DirectiveReply:
    """The directive was sent to the enterprise, or its report or its member review came back, on `on`."""
    require_role(by, Role.member)
    directive = get_directive(session, directive_id)
    if on < directive.issued_on:
        raise InvalidInput(f"Ngày này trước ngày ban hành văn bản ({directive.issued_on:%d/%m/%Y}).")
    reply = _reply(session, directive, get_enterprise(session, enterprise_id))
    if kind is not ReplyKind.sent and reply.sent_on is not None and on < reply.sent_on:
        raise InvalidInput(f"Ngày nhận báo cáo trước ngày gửi văn bản ({reply.sent_on:%d/%m/%Y}).")
    setattr(reply, _COLUMN[kind], on)
    session.flush()
    record_audit(session, actor=by.actor, action=f"directive.{kind.value}", entity="directive",
                 entity_id=directive.id, details={"enterprise_id": enterprise_id})
    return reply


def send_to_all_without_party_org(session: Session, directive_id: int, on: dt.date, *, by: Member) -> int:
    """The directive went to every enterprise without a party organisation; returns how many newly marked sent."""
    require_role(by, Role.coordinator)
    directive = get_directive(session, directive_id)
    if on < directive.issued_on:
        raise InvalidInput(f"Ngày gửi trước ngày ban hành văn bản ({directive.issued_on:%d/%m/%Y}).")
    marked = 0
    for enterprise in session.scalars(select(Enterprise).where(Enterprise.party_org_status.in_(WITHOUT_PARTY_ORG))
                                      .order_by(Enterprise.id)):
        reply = _reply(session, directive, enterprise)
        if reply.sent_on is None:
            reply.sent_on = on
            marked += 1
    session.flush()
    record_audit(session, actor=by.actor, action="directive.sent_all", entity="directive", entity_id=directive.id,
                 details={"count": marked})
    return marked


def replies_of(session: Session, enterprise_id: int) -> list[DirectiveReply]:
    """The enterprise's status under each directive, the latest directive first (the enterprise card)."""
    return list(session.scalars(select(DirectiveReply).join(Directive)
                                .where(DirectiveReply.enterprise_id == enterprise_id)
                                .order_by(Directive.issued_on.desc(), Directive.id.desc())))


@dataclass(frozen=True)
class DirectiveFigures:
    """How one directive stands on a day: to how many enterprises it went and how many answered."""

    id: int
    number: str
    issued_on: dt.date
    issuer: str
    summary: str
    sent: int
    reports_received: int
    member_reviews_received: int
    both_received: int
    without_party_org: int                 # enterprises without a party organisation today
    not_sent_without_party_org: int        # of those, not sent the directive (by the day)
    awaiting: list[str]                    # names of enterprises sent it and not yet answered both

    @property
    def reports_share(self) -> int | None:
        return round(100 * self.reports_received / self.sent) if self.sent else None


def directive_figures(session: Session, as_of: dt.date, *, start: dt.date | None = None) -> list[DirectiveFigures]:
    """Each directive issued by `as_of` (from `start` when given), counted as it stood on `as_of`."""
    query = select(Directive).where(Directive.issued_on <= as_of).order_by(Directive.issued_on, Directive.id)
    if start is not None:
        query = query.where(Directive.issued_on >= start)
    without = {row.id: row.name for row in session.execute(
        select(Enterprise.id, Enterprise.name).where(Enterprise.party_org_status.in_(WITHOUT_PARTY_ORG)))}
    found = []
    for directive in session.scalars(query):
        def by(day: dt.date | None) -> bool:
            return day is not None and day <= as_of

        replies = directive.replies
        sent = [r for r in replies if by(r.sent_on)]
        found.append(DirectiveFigures(
            id=directive.id, number=directive.number, issued_on=directive.issued_on, issuer=directive.issuer,
            summary=directive.summary, sent=len(sent),
            reports_received=sum(1 for r in replies if by(r.report_received_on)),
            member_reviews_received=sum(1 for r in replies if by(r.member_review_received_on)),
            both_received=sum(1 for r in replies if by(r.report_received_on) and by(r.member_review_received_on)),
            without_party_org=len(without),
            not_sent_without_party_org=len(set(without) - {r.enterprise_id for r in sent}),
            awaiting=sorted(r.enterprise.name for r in sent
                            if not (by(r.report_received_on) and by(r.member_review_received_on)))))
    return found


def reply_counts(session: Session, enterprise_ids: Iterable[int]) -> dict[int, tuple[int, int, int]]:
    """Per enterprise: (directives sent, reports received, member reviews received)."""
    ids = list(enterprise_ids)
    if not ids:
        return {}
    rows = session.execute(select(DirectiveReply.enterprise_id, func.count(DirectiveReply.sent_on),
                                  func.count(DirectiveReply.report_received_on),
                                  func.count(DirectiveReply.member_review_received_on))
                           .where(DirectiveReply.enterprise_id.in_(ids)).group_by(DirectiveReply.enterprise_id))
    return {enterprise_id: (sent, reports, reviews) for enterprise_id, sent, reports, reviews in rows}
