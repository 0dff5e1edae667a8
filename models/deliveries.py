"""Scheduled deliveries: every push the bot makes, claimed under a unique key so it goes out exactly once."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

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
