"""Conversation state that must survive restarts: form drafts, and which updates were already handled."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class FormDraft(Base):
    """A form in progress: which form, the current step, the answers so far. One per member."""

    __tablename__ = "form_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), unique=True)
    chat_id: Mapped[str] = mapped_column(String(120))
    form: Mapped[str] = mapped_column(String(50))
    step: Mapped[str] = mapped_column(String(50))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    trail: Mapped[list[str]] = mapped_column(JSON, default=list)   # steps answered, for /back
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # e.g. the record being edited
    # Bumped whenever a question is asked; buttons carry it, so a button of an older question is recognised.
    nonce: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ProcessedUpdate(Base):
    """An update already handled; lets a restarted bot skip what it did before it was killed."""

    __tablename__ = "processed_updates"

    source: Mapped[str] = mapped_column(String(40), primary_key=True)  # "telegram:<bot id>"
    update_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    processed_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
