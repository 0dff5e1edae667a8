"""Conversation state that must survive restarts: form drafts, and the inbox of received updates."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, bindparam, delete, func, insert, null, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.dml import ReturningInsert

from models.base import Base, session_time, table_of, utcnow
from models.db import rows_affected


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
    # Per-question working data: the choices offered (buttons carry their index), a search's matches, …
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Bumped whenever a question is asked; buttons carry it, so a button of an older question is recognised.
    nonce: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class InboxUpdate(Base):
    """Every update from the platform, stored before the platform forgets it and marked when handled.

    Polling confirms an update as soon as the next batch is asked for, before it has been handled; keeping
    it here first means a bot killed at any moment neither loses an update nor handles one twice. An update is
    known by its key within its source, as text: Telegram's update_id, or whatever another platform gives (Zalo
    gives none: its channel makes one). Stored updates are replayed in the order they arrived.
    """

    __tablename__ = "inbox_updates"
    __table_args__ = (UniqueConstraint("source", "update_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)   # the order of arrival
    source: Mapped[str] = mapped_column(String(40))      # "telegram:<bot id>"
    update_key: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    handled_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    # What the turn that handled it decided to say, written in the same transaction as its claim and cleared once
    # the channel has said it (`journal_replies`): a process killed between the two leaves it here for another
    # to say. `replies_until`: while a live process is saying it (it renews this), nobody else takes it.
    replies: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))   # SQL NULL, not JSON null
    replies_until: Mapped[dt.datetime | None] = mapped_column(index=True)


@dataclass
class Draft:
    """A form draft as plain data, read and written with statements built once: it is read and written on every
    answer, and the ORM's loading and unit of work cost more than the rest of a form's turn together.

    Change it freely, in place or by assigning: `save_draft` compares it with the copy taken when it was read
    and writes only what differs from its row (an unchanged draft keeps its age, which the purge of abandoned
    drafts goes by)."""

    member_id: int
    chat_id: str
    form: str
    step: str
    answers: dict[str, Any] = field(default_factory=dict)
    trail: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    nonce: int = 0
    id: int | None = None       # None until first saved
    discarded: bool = field(default=False, compare=False)   # deleted in this unit of work: not to be written again
    # The written fields as its row holds them, as JSON (a copy that in-place changes cannot reach, and exact:
    # True is not 1 there); None for a draft never written.
    snapshot: str | None = field(default=None, compare=False, repr=False)

    def written_values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _WRITTEN_FIELDS}


_WRITTEN_FIELDS = ("chat_id", "step", "answers", "trail", "context", "nonce")


_drafts = table_of(FormDraft)
_DRAFT_COLUMNS = ("id", "member_id", "form", *_WRITTEN_FIELDS)
_LOAD_DRAFT = select(*(_drafts.c[name] for name in _DRAFT_COLUMNS)).where(
    _drafts.c.member_id == bindparam("draft_member_id"))
_INSERT_DRAFT = insert(_drafts).returning(_drafts.c.id)
_UPDATE_DRAFT = update(_drafts).where(_drafts.c.id == bindparam("draft_id")).values(
    chat_id=bindparam("chat_id"), step=bindparam("step"), answers=bindparam("answers", type_=_drafts.c.answers.type),
    trail=bindparam("trail", type_=_drafts.c.trail.type), context=bindparam("context", type_=_drafts.c.context.type),
    nonce=bindparam("nonce"), updated_at=bindparam("updated_at", type_=_drafts.c.updated_at.type))


def load_draft(session: Session, member_id: int) -> Draft | None:
    row = session.execute(_LOAD_DRAFT, {"draft_member_id": member_id}).first()
    if row is None:
        return None
    draft = Draft(**row._mapping)
    draft.snapshot = json.dumps(draft.written_values())
    return draft


def save_draft(session: Session, draft: Draft, now: dt.datetime | None = None) -> None:
    """Write the draft as it stands: the first time a new row, afterwards its row if it differs from the copy
    taken when it was last read or written (nothing once discarded)."""
    if draft.discarded:
        return
    values = draft.written_values()
    snapshot = json.dumps(values)
    if draft.id is not None and snapshot == draft.snapshot:
        return
    now = now or session_time(session)
    if draft.id is None:
        draft.id = session.execute(_INSERT_DRAFT, {**values, "member_id": draft.member_id, "form": draft.form,
                                                   "created_at": now, "updated_at": now}).scalar_one()
    else:
        session.execute(_UPDATE_DRAFT, {**values, "draft_id": draft.id, "updated_at": now})
    draft.snapshot = snapshot


def discard_draft(session: Session, draft: Draft) -> None:
    delete_draft(session, draft.member_id)
    draft.discarded = True


def delete_draft(session: Session, member_id: int) -> None:
    session.execute(delete(FormDraft).where(FormDraft.member_id == member_id))


def store_received(session: Session, source: str, updates: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Keep new updates, given as (key, payload); returns the keys that were new (a re-sent update is stored once).

    One Core statement per batch: it runs for every batch polled, and an update already stored (re-sent after
    a restart or a webhook retry) is skipped by the primary key rather than looked up first."""
    if not updates:
        return []
    rows = [{"source": source, "update_key": key, "payload": payload} for key, payload in updates]
    # Executed with a list of parameter sets (not .values(list)): SQLAlchemy caches the compiled statement.
    return list(session.execute(_store_statement(session.get_bind().dialect.name), rows).scalars())


@cache
def _store_statement(dialect: str) -> ReturningInsert[Any]:
    insert_new = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = table_of(InboxUpdate)
    return (insert_new(table).on_conflict_do_nothing(index_elements=[table.c.source, table.c.update_key])
            .returning(table.c.update_key))


_inbox = table_of(InboxUpdate)
# Built once: a Core statement by primary key skips the ORM's bulk-update bookkeeping, which is asked on
# every update and cost more than the rest of the turn's queries together.
# The payload goes when the update is handled, in the same statement: only a replay needs it, and it holds
# whatever the person typed (a nominee's name) and, for a pressed button, the message it sat on. What keeps the
# update exactly-once — its source, its key and when it was handled — stays.
_CLAIM = (
    update(_inbox)
    .where(_inbox.c.source == bindparam("claim_source"), _inbox.c.update_key == bindparam("claim_update_key"),
           _inbox.c.handled_at.is_(None))
    .values(handled_at=bindparam("claimed_at", type_=_inbox.c.handled_at.type), payload={})
)


def claim_for_handling(session: Session, source: str, update_key: str, now: dt.datetime) -> bool:
    """Mark an update handled inside the handling transaction, and forget what it said; False if it was handled
    before."""
    claimed = session.connection().execute(
        _CLAIM, {"claim_source": source, "claim_update_key": update_key, "claimed_at": now})
    if claimed.rowcount == 1:
        return True
    exists = session.scalar(select(InboxUpdate.id).where(
        InboxUpdate.source == source, InboxUpdate.update_key == update_key))
    if exists is None:
        # Not stored first (e.g. a test feeding updates directly): store it as handled now.
        session.add(InboxUpdate(source=source, update_key=update_key, payload={}, handled_at=now))
        return True
    return False


def unhandled_updates(session: Session, source: str,
                      received_before: dt.datetime | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(key, payload) of what was stored but not handled (and, given `received_before`, has waited since then),
    in the order it arrived."""
    query = (select(InboxUpdate.update_key, InboxUpdate.payload)
             .where(InboxUpdate.source == source, InboxUpdate.handled_at.is_(None)))
    if received_before is not None:
        query = query.where(InboxUpdate.received_at < received_before)
    rows = session.execute(query.order_by(InboxUpdate.id))
    return [(key, payload) for key, payload in rows]


def purge_stale_drafts(session: Session, older_than: dt.datetime) -> int:
    """Drafts nobody touched for long: a nominee's draft holds personal data that must not linger."""
    result = session.execute(delete(FormDraft).where(FormDraft.updated_at < older_than))
    return rows_affected(result)


def prune_handled(session: Session, older_than: dt.datetime) -> int:
    result = session.execute(delete(InboxUpdate).where(InboxUpdate.handled_at < older_than))
    return rows_affected(result)


# ---------------------------------------------------------------- replies decided and not yet said

_JOURNAL = (update(_inbox)
            .where(_inbox.c.source == bindparam("j_source"), _inbox.c.update_key == bindparam("j_key"))
            .values(replies=bindparam("j_replies", type_=_inbox.c.replies.type),
                    replies_until=bindparam("j_until", type_=_inbox.c.replies_until.type)))
_RENEW = (update(_inbox)
          .where(_inbox.c.source == bindparam("j_source"), _inbox.c.update_key == bindparam("j_key"),
                 _inbox.c.replies.is_not(None))
          .values(replies_until=bindparam("j_until", type_=_inbox.c.replies_until.type)))
_FORGET = (update(_inbox)
           .where(_inbox.c.source == bindparam("j_source"), _inbox.c.update_key == bindparam("j_key"))
           .values(replies=null(), replies_until=None))


def journal_replies(session: Session, source: str, update_key: str, said: dict[str, Any],
                    until: dt.datetime) -> None:
    """Keep what the turn handling the update decided to say, in its transaction: sent after the commit by this
    process (which holds it until `until`, renewing) or, if this one dies first, by another (`take_unsaid`)."""
    session.connection().execute(_JOURNAL, {"j_source": source, "j_key": update_key, "j_replies": said,
                                            "j_until": until})


def renew_replies(session: Session, source: str, update_key: str, until: dt.datetime) -> None:
    session.connection().execute(_RENEW, {"j_source": source, "j_key": update_key, "j_until": until})


def forget_replies(session: Session, said: list[tuple[str, str]]) -> None:
    """Said, for each (source, key): nothing to keep (what was said is personal, as the update was)."""
    session.connection().execute(_FORGET, [{"j_source": source, "j_key": key} for source, key in said])


def take_unsaid(session: Session, now: dt.datetime, until: dt.datetime, *, any_holder: bool = False,
                limit: int = 100) -> list[tuple[str, str, dict[str, Any]]]:
    """(source, key, what to say) of replies whose holder stopped renewing them (died) before they were said —
    every one, with `any_holder` (a process that is alone on its database) — now held by the caller until
    `until`. In the order the updates arrived."""
    query = select(_inbox.c.id, _inbox.c.source, _inbox.c.update_key, _inbox.c.replies).where(
        _inbox.c.replies.is_not(None))
    if not any_holder:
        query = query.where(_inbox.c.replies_until < now)
    rows = session.execute(query.order_by(_inbox.c.id).limit(limit).with_for_update(skip_locked=True)).all()
    if rows:
        session.execute(update(_inbox).where(_inbox.c.id.in_([row.id for row in rows])).values(replies_until=until))
    return [(row.source, row.update_key, row.replies) for row in rows]


def unsaid_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(_inbox).where(_inbox.c.replies.is_not(None))) or 0
