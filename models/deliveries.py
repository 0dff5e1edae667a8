"""Scheduled deliveries: every push the bot makes, claimed under a unique key so it goes out exactly once."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow


class DeliveryStatus(str, enum.Enum):
    pending = "pending"    # waiting for its time (or for the end of quiet hours)
    claimed = "claimed"    # a sender holds it until `lease_until`
    sent = "sent"
    failed = "failed"      # gave up (unreachable chat); the reason is in last_error
    skipped = "skipped"    # superseded, e.g. folded into a catch-up summary


class Delivery(Base):
    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # e.g. "milestone:12:due-7d:telegram:-100…"
    kind: Mapped[str] = mapped_column(String(50), index=True)
    chat_id: Mapped[str | None] = mapped_column(String(120), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # buttons, document path, …
    due_at: Mapped[dt.datetime] = mapped_column(index=True)
    status: Mapped[DeliveryStatus] = mapped_column(
        Enum(DeliveryStatus, native_enum=False, length=20), default=DeliveryStatus.pending, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[dt.datetime | None]
    next_attempt_at: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None]
    platform_message_id: Mapped[str | None] = mapped_column(String(60))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


def enqueue_delivery(
    session: Session,
    *,
    key: str,
    kind: str,
    chat_id: str | None,
    text: str,
    due_at: dt.datetime,
    payload: dict[str, Any] | None = None,
    member_id: int | None = None,
) -> bool:
    """Add a delivery unless one with this key exists; True when added. Safe against a concurrent twin."""
    values = dict(key=key, kind=kind, chat_id=chat_id, text=text, due_at=due_at, payload=payload,
                  member_id=member_id, status=DeliveryStatus.pending, attempts=0, created_at=utcnow())
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(Delivery).values(**values).on_conflict_do_nothing(index_elements=["key"]).returning(Delivery.id)
    return session.execute(statement).scalar() is not None
