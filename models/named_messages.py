"""Messages the bot sent that show someone's personal data, so that erasing the data deletes them too.

A card, a list or a file naming a nominee or a moving party member stays in the chat it went to after the
record is erased. Each such message is recorded here by the records it names (`nominee:5`, `transfer:3`; a
named report lists every one of its kind: `nominee:*`). Erasing a record queues the deletion of every message
that named it through the outbox (`models.deliveries.enqueue_deletion`), where the platform allows one (Telegram:
within 48 hours; Zalo deletes nothing), and forgets them here. A file handed over for a Zalo chat is recorded
before it has a message: still waiting in the outbox it is not sent, sent it is deleted, and its one-time
download link stops working.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import String, delete, or_, select, tuple_, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow
from models.db import erased
from models.deliveries import Delivery, DeliveryStatus, enqueue_deletion
from models.download_links import DownloadLink


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


# Not a message id yet: a file waiting in the outbox (its row's key), or behind a one-time download link (the
# start of its token's digest, which the link's row is found by).
OUTBOX, DOWNLOAD = "outbox:", "download:"


def outbox_message(key: str) -> str:
    return f"{OUTBOX}{key}"


def download_message(token_digest: str) -> str:
    return f"{DOWNLOAD}{token_digest[:48]}"


def typed_subject(chat_id: str) -> str:
    """What a person typed in `chat_id` that will name a record once a form saves it."""
    return f"typed:{chat_id}"[:60]


def adopt_typed(session: Session, typed: str, name: str) -> None:
    """The messages typed for a record (`typed_subject`) now name it (a form's answers, saved)."""
    session.execute(update(NamedMessage).where(NamedMessage.subject == typed).values(subject=name)
                    .execution_options(synchronize_session=False))


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
        if message_id.startswith(OUTBOX):
            _unsend(session, message_id.removeprefix(OUTBOX), names[0], now)
        elif message_id.startswith(DOWNLOAD):
            # The link stops working now; its file goes with the next sweep of expired links.
            session.execute(update(DownloadLink).where(
                DownloadLink.token_digest.startswith(message_id.removeprefix(DOWNLOAD)),
                DownloadLink.expires_at > now).values(expires_at=now).execution_options(synchronize_session=False))
        else:
            enqueue_deletion(session, key=f"erase:{names[0]}:{chat_id}:{message_id}", chat_id=chat_id,
                             message_id=message_id, now=now)
    if found:
        session.execute(delete(NamedMessage).where(or_(
            NamedMessage.subject.in_(names),
            tuple_(NamedMessage.chat_id, NamedMessage.message_id).in_(found)))
            .execution_options(synchronize_session=False))
    return len(found)


def _unsend(session: Session, key: str, name: str, now: dt.datetime) -> None:
    """A file that went through the outbox: not sent yet, it will not be; sent, its message is deleted."""
    row = session.scalar(select(Delivery).where(Delivery.key == key))
    if row is None:
        return
    if row.status is DeliveryStatus.pending:
        row.status, row.last_error = DeliveryStatus.skipped, "erased before it was sent"
    elif row.platform_message_id is not None and row.chat_id is not None:
        enqueue_deletion(session, key=f"erase:{name}:{row.chat_id}:{row.platform_message_id}", chat_id=row.chat_id,
                         message_id=row.platform_message_id, now=now)
