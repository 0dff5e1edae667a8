"""Messages a channel sent each month, against a plan's monthly quota (Zalo's free tier counts them): when the
admins were warned that most of it is used, and when they were told it is spent, each once a month."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base
from models.db import rows_affected


class ChannelUsage(Base):
    __tablename__ = "channel_usage"

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)      # "2026-12", in the bot's time zone
    messages: Mapped[int] = mapped_column(default=0)
    warned_at: Mapped[dt.datetime | None]      # the admins were told most of the quota is used
    spent_at: Mapped[dt.datetime | None]       # the platform refused a message: the quota is spent


def count_sent(session: Session, platform: str, month: str, count: int = 1) -> int:
    """Add `count` messages to the month; return the month's total."""
    row = session.get(ChannelUsage, (platform, month), with_for_update=True)
    if row is None:
        row = ChannelUsage(platform=platform, month=month, messages=0)
        session.add(row)
    row.messages += count
    session.flush()
    return row.messages


def mark_once(session: Session, platform: str, month: str, what: str, now: dt.datetime) -> bool:
    """Set `warned_at` or `spent_at` for the month unless set already; True when this call set it (say it once)."""
    column = {"warned": ChannelUsage.warned_at, "spent": ChannelUsage.spent_at}[what]
    if session.get(ChannelUsage, (platform, month)) is None:
        session.add(ChannelUsage(platform=platform, month=month, messages=0))
        session.flush()
    result = session.execute(update(ChannelUsage)
                             .where(ChannelUsage.platform == platform, ChannelUsage.month == month, column.is_(None))
                             .values({column.key: now}))
    return bool(rows_affected(result))
