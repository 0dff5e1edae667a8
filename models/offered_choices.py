"""What a channel without buttons last offered in a chat: the numbered options and the typed words, so that a
typed "2" means the same after a restart, and a number typed after the list was replaced is recognised as late.

One row per chat, replaced by each new list. `superseded` is set when the conversation moved on with a message
that offered nothing (a question to answer by typing): the numbers are then no longer current.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base


class OfferedChoices(Base):
    __tablename__ = "offered_choices"

    chat_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    # {"options": [{"label", "data"}], "words": [{"nav", "label", "data"}], "multi": bool, "paged": bool}
    choices: Mapped[dict[str, Any]] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(String(4000))     # the message that offered them, to show it again
    offered_at: Mapped[dt.datetime] = mapped_column(index=True)
    superseded: Mapped[bool] = mapped_column(default=False)


def offer_choices(session: Session, chat_id: str, choices: dict[str, Any], text: str, now: dt.datetime) -> None:
    row = session.get(OfferedChoices, chat_id)
    if row is None:
        session.add(OfferedChoices(chat_id=chat_id, choices=choices, text=text[:4000], offered_at=now))
        return
    row.choices, row.text, row.offered_at, row.superseded = choices, text[:4000], now, False


def supersede_choices(session: Session, chat_id: str) -> None:
    row = session.get(OfferedChoices, chat_id)
    if row is not None and not row.superseded:
        row.superseded = True


def offered_choices(session: Session, chat_id: str) -> OfferedChoices | None:
    return session.scalars(select(OfferedChoices).where(OfferedChoices.chat_id == chat_id)).one_or_none()
