"""Messages the bot sent that show someone's personal data, so that erasing the data deletes them too.

A card, a list or a file naming a nominee or a moving party member stays in the chat it went to after the
record is erased. Each such message is recorded here by the records it names (`nominee:5`, `transfer:3`; a
named report lists every one of its kind: `nominee:*`). Erasing a record queues the deletion of every message
that named it through the outbox (`models.deliveries.enqueue_deletion`), where the platform allows one (Telegram:
within 48 hours; Zalo deletes nothing), and forgets them here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import String, delete, or_, select, tuple_
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow
from models.db import erased
from models.deliveries import enqueue_deletion


class NamedMessage(Base):
    __tablename__ = "named_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(60), index=True)   # "nominee:5", "transfer:3", "nominee:*"
    chat_id: Mapped[str] = mapped_column(String(120))
    message_id: Mapped[str] = mapped_column(String(60))
    sent_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


def subject(kind: str, record_id: int | None = None) -> str:
    """The name of a record as messages are tagged with it; without an id, every record of the kind."""
    return f"{kind}:{'*' if record_id is None else record_id}"


def record_named(session: Session, subjects: Iterable[str], *, chat_id: str, message_id: str,
                 now: dt.datetime) -> None:
    """The message `message_id` in `chat_id` shows the personal data of these records."""
    for name in dict.fromkeys(subjects):
        session.add(NamedMessage(subject=name, chat_id=chat_id, message_id=message_id, sent_at=now))


def forget_named(session: Session, *, chat_id: str, message_id: str) -> None:
    """The message no longer shows anyone's data (edited into something else): nothing to delete later."""
    session.execute(delete(NamedMessage).where(NamedMessage.chat_id == chat_id, NamedMessage.message_id == message_id)
                    .execution_options(synchronize_session=False))


def delete_named_messages(session: Session, kind: str, record_id: int, *, now: dt.datetime) -> int:
    """The record's data was erased: every message that showed it is queued for deletion and forgotten (for
    all the records it named: it is gone). Returns how many were queued."""
    erased(session)   # and no old copy left in the database's files
    names = (subject(kind, record_id), subject(kind))
    found = list(dict.fromkeys((chat_id, message_id) for chat_id, message_id in session.execute(
        select(NamedMessage.chat_id, NamedMessage.message_id).where(NamedMessage.subject.in_(names))
        .order_by(NamedMessage.id))))
    for chat_id, message_id in found:
        enqueue_deletion(session, key=f"erase:{names[0]}:{chat_id}:{message_id}", chat_id=chat_id,
                         message_id=message_id, now=now)
    if found:
        session.execute(delete(NamedMessage).where(or_(
            NamedMessage.subject.in_(names),
            tuple_(NamedMessage.chat_id, NamedMessage.message_id).in_(found)))
            .execution_options(synchronize_session=False))
    return len(found)
