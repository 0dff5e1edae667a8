"""Scheduled deliveries: every push the bot makes, claimed under a unique key so it goes out exactly once.

The life of a row: `pending` → `claimed` (a sender holds a lease) → `sent` | `failed` | `skipped`, or back to
`pending` with `next_attempt_at` when a send must be retried later. Claiming is one atomic UPDATE guarded by
`status`, so two senders — two processes on one PostgreSQL included — never hold the same row; a lease that
runs out (a sender that crashed) makes the row claimable again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, ColumnElement, Enum, ForeignKey, String, Text, and_, false, func, null, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, session_time, utcnow
from models.db import rows_affected


class DeliveryStatus(str, enum.Enum):
    pending = "pending"    # waiting for its time (or for the end of quiet hours)
    claimed = "claimed"    # a sender holds it until `lease_until`
    sent = "sent"
    failed = "failed"      # gave up (unreachable chat); the reason is in last_error
    skipped = "skipped"    # superseded (milestone done), expired, or its recipient is unreachable
    bundled = "bundled"    # goes out inside another row's message (`bundle_id`): one message per chat and day


class Delivery(Base):
    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # e.g. "milestone:12:due-7d:2021-09-30"
    kind: Mapped[str] = mapped_column(String(50), index=True)
    chat_id: Mapped[str | None] = mapped_column(String(120), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # buttons, parse_mode, document path
    due_at: Mapped[dt.datetime] = mapped_column(index=True)
    # Scheduled pushes wait out the night; alerts that a user's own action triggered do not.
    respect_quiet_hours: Mapped[bool] = mapped_column(default=False, server_default=false())
    # After this moment the push is worthless (a reminder for a date long past): skipped, not sent.
    expires_at: Mapped[dt.datetime | None]
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
    # The row whose message carries this one (status `bundled`); its own key still keeps it from being sent twice.
    bundle_id: Mapped[int | None] = mapped_column(ForeignKey("deliveries.id", ondelete="SET NULL"), index=True)


class ChatPace(Base):
    """When a chat may next get a message, shared by every sending process (each also paces itself in memory)."""

    __tablename__ = "chat_pacing"

    chat_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    # Wall-clock seconds (time.time()): the processes of one deployment share a clock, not a monotonic one.
    next_send_at: Mapped[float]


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
    respect_quiet_hours: bool = False,
    expires_at: dt.datetime | None = None,
) -> bool:
    """Add a delivery unless one with this key exists; True when added. Safe against a concurrent twin.

    `respect_quiet_hours=False` (the default) suits alerts a user's own action triggers: they go out at once.
    The scheduler passes True for reminders and digests, which are then held through the night.
    """
    values = dict(key=key, kind=kind, chat_id=chat_id, text=text, due_at=due_at, payload=payload,
                  member_id=member_id, status=DeliveryStatus.pending, attempts=0,
                  created_at=session_time(session), respect_quiet_hours=respect_quiet_hours, expires_at=expires_at)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(Delivery).values(**values).on_conflict_do_nothing(index_elements=["key"]).returning(Delivery.id)
    return session.execute(statement).scalar() is not None


# Rows that are not messages but things to do in a chat (`scheduler.actions` says what follows them).
DELETE_MESSAGE = "delete_message"   # payload {"delete_message": "<message id>"}
REMOVE_MEMBER = "remove_member"     # payload {"remove_user": "<platform user id>", "member_id": <id>}
ACTION_KINDS = frozenset({DELETE_MESSAGE, REMOVE_MEMBER})
# Payload key: how many leading parts of a text too long for one message the chat already has (`record_parts_sent`).
PARTS_SENT = "parts_sent"


def enqueue_removal(session: Session, *, chat_id: str, platform_user_id: str, member_id: int,
                    now: dt.datetime) -> bool:
    """Take this account out of the group `chat_id` (where the platform lets the bot)."""
    return enqueue_delivery(session, key=f"remove:{member_id}:{platform_user_id}:{chat_id}:{now.isoformat()}",
                            kind=REMOVE_MEMBER, chat_id=chat_id, text="", due_at=now,
                            payload={"remove_user": platform_user_id, "member_id": member_id})


def enqueue_deletion(session: Session, *, key: str, chat_id: str, message_id: str, now: dt.datetime) -> bool:
    """Delete a message the bot sent in `chat_id` (where the platform lets the bot)."""
    return enqueue_delivery(session, key=key, kind=DELETE_MESSAGE, chat_id=chat_id, text="", due_at=now,
                            payload={"delete_message": message_id})


@dataclass(frozen=True)
class ClaimedDelivery:
    """A claimed row, detached from its session so a sender can hold it across awaits."""

    id: int
    key: str
    kind: str
    chat_id: str | None
    member_id: int | None
    text: str
    payload: dict[str, Any] | None
    due_at: dt.datetime
    attempts: int


def _claimable(now: dt.datetime, *, in_quiet_hours: bool) -> ColumnElement[bool]:
    ready = or_(
        and_(Delivery.status == DeliveryStatus.pending,
             or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now)),
        # A sender that crashed (or lost its database) left a claim behind: take it over.
        and_(Delivery.status == DeliveryStatus.claimed, Delivery.lease_until < now),
    )
    condition = and_(ready, Delivery.due_at <= now, or_(Delivery.expires_at.is_(None), Delivery.expires_at > now))
    if in_quiet_hours:
        condition = and_(condition, Delivery.respect_quiet_hours.is_(False))
    return condition


def skip_expired(session: Session, now: dt.datetime) -> int:
    """Pending rows whose moment has passed are recorded as skipped, never sent late."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.status.in_((DeliveryStatus.pending, DeliveryStatus.claimed)),
               Delivery.expires_at.is_not(None), Delivery.expires_at <= now,
               or_(Delivery.status == DeliveryStatus.pending, Delivery.lease_until < now))
        .values(status=DeliveryStatus.skipped, last_error="expired", claimed_by=None, lease_until=None)
    )
    return rows_affected(result)


def claim_deliveries(
    session: Session,
    *,
    worker: str,
    now: dt.datetime,
    lease: dt.timedelta,
    limit: int,
    per_chat_limit: int,
    queued_per_chat: dict[str, int] | None = None,
    in_quiet_hours: bool = False,
) -> list[ClaimedDelivery]:
    """Claim up to `limit` due rows, at most `per_chat_limit` per chat counting what the sender still has queued.

    The oldest come first. Candidates are read FOR UPDATE SKIP LOCKED (PostgreSQL: a second sender passes over
    rows the first is claiming instead of waiting for them), then claimed by one UPDATE … WHERE <still
    claimable>, so a row is never held by two senders whatever the isolation level.
    """
    queued = dict(queued_per_chat or {})
    full = sorted(chat for chat, count in queued.items() if count >= per_chat_limit)
    query = select(Delivery.id, Delivery.chat_id).where(_claimable(now, in_quiet_hours=in_quiet_hours))
    if full:
        query = query.where(or_(Delivery.chat_id.is_(None), Delivery.chat_id.not_in(full)))
    # Locking the candidates (PostgreSQL) makes a concurrent sender skip them and take the next ones, instead
    # of picking the same ids and finding them gone; lock no more than we mean to claim, or the other sender
    # finds everything locked. SQLite serialises writers anyway.
    candidates = session.execute(
        query.order_by(Delivery.due_at, Delivery.id).limit(limit).with_for_update(skip_locked=True)
    ).all()
    picked: list[int] = []
    for delivery_id, chat_id in candidates:
        chat_key = chat_id or ""
        if queued.get(chat_key, 0) >= per_chat_limit:
            continue
        queued[chat_key] = queued.get(chat_key, 0) + 1
        picked.append(delivery_id)
        if len(picked) >= limit:
            break
    if not picked:
        return []
    rows = session.execute(
        update(Delivery)
        .where(Delivery.id.in_(picked), _claimable(now, in_quiet_hours=in_quiet_hours))
        .values(status=DeliveryStatus.claimed, claimed_by=worker, lease_until=now + lease,
                attempts=Delivery.attempts + 1)
        .returning(Delivery.id, Delivery.key, Delivery.kind, Delivery.chat_id, Delivery.member_id, Delivery.text,
                   Delivery.payload, Delivery.due_at, Delivery.attempts)
        .execution_options(synchronize_session=False)
    ).all()
    claimed = [ClaimedDelivery(*row) for row in rows]
    claimed.sort(key=lambda d: (d.due_at, d.id))
    return claimed


def _held_by(delivery_id: int, worker: str) -> ColumnElement[bool]:
    return and_(Delivery.id == delivery_id, Delivery.status == DeliveryStatus.claimed, Delivery.claimed_by == worker)


def record_sent(session: Session, delivery_id: int, *, worker: str, now: dt.datetime,
                platform_message_id: str | None) -> bool:
    """Mark a claimed row sent; False if this worker no longer held it (its lease ran out and another took it)."""
    result = session.execute(
        update(Delivery).where(_held_by(delivery_id, worker))
        .values(status=DeliveryStatus.sent, sent_at=now, platform_message_id=platform_message_id,
                lease_until=None, next_attempt_at=None, last_error=None)
    )
    return bool(rows_affected(result))


def record_failed(session: Session, delivery_id: int, *, worker: str, error: str,
                  status: DeliveryStatus = DeliveryStatus.failed) -> bool:
    """Give up on a claimed row (`failed`), or drop it as `skipped`; the reason stays in last_error."""
    result = session.execute(
        update(Delivery).where(_held_by(delivery_id, worker))
        .values(status=status, lease_until=None, last_error=error[:2000])
    )
    return bool(rows_affected(result))


def release_for_retry(session: Session, delivery_id: int, *, worker: str, retry_at: dt.datetime | None,
                      error: str | None = None, keep: bool = False) -> bool:
    """Hand a claimed row back as pending (e.g. the chat asked us to wait, or the sender is stopping); `keep`: it
    no longer expires (the platform made it wait past its time: it goes out late rather than never)."""
    values: dict[str, Any] = dict(status=DeliveryStatus.pending, claimed_by=None, lease_until=None,
                                  next_attempt_at=retry_at)
    if keep:
        values["expires_at"] = None
    if error is not None:
        values["last_error"] = error[:2000]
    result = session.execute(update(Delivery).where(_held_by(delivery_id, worker)).values(**values))
    return bool(rows_affected(result))


def record_parts_sent(session: Session, delivery_id: int, *, worker: str, parts_sent: int) -> bool:
    """A long text went out in part: note on the row how many of its leading parts the chat has, so that the next
    try (in this process or another, after a restart) sends the rest, not the whole again."""
    row = session.scalar(select(Delivery).where(_held_by(delivery_id, worker)))
    if row is None:
        return False
    row.payload = {**(row.payload or {}), PARTS_SENT: parts_sent}
    return True


def renew_leases(session: Session, ids: list[int], *, worker: str, now: dt.datetime,
                 lease: dt.timedelta) -> set[int]:
    """Extend this worker's lease on those of `ids` it still holds, and return them.

    A row no longer held was taken over by another sender after our lease ran out (and perhaps already sent):
    the caller must not send it. A lease that ran out but whose row nobody took is still ours — claiming is
    what changes `claimed_by` — so it is renewed, not given up.
    """
    if not ids:
        return set()
    held = session.scalars(
        update(Delivery)
        .where(Delivery.id.in_(ids), Delivery.status == DeliveryStatus.claimed, Delivery.claimed_by == worker)
        .values(lease_until=now + lease)
        .returning(Delivery.id)
        .execution_options(synchronize_session=False)
    )
    return set(held)


def _upsert_pace(session: Session, chat_id: str, next_send_at: Any, first: float) -> float:
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(ChatPace).values(chat_id=chat_id, next_send_at=first)
    statement = statement.on_conflict_do_update(index_elements=["chat_id"], set_={"next_send_at": next_send_at})
    return float(session.execute(statement.returning(ChatPace.next_send_at)).scalar_one())


def _later(dialect: str, *values: Any) -> Any:
    return func.greatest(*values) if dialect == "postgresql" else func.max(*values)


def reserve_send_slot(session: Session, chat_id: str, *, now: float, spacing: float, burst: int = 1) -> float:
    """Take this chat's next turn to be sent a message, shared by every process; seconds to wait for it.

    The generic cell rate algorithm: `next_send_at` is the moment the chat's budget is spent until — each message
    adds `spacing` seconds to it — and a message may go as long as that stays within `burst` messages' worth
    of the present. So a group may get 20 at once and then one every 3 s, as Telegram allows. `now` is
    wall-clock seconds.
    """
    dialect = session.get_bind().dialect.name
    after = _upsert_pace(session, chat_id, _later(dialect, ChatPace.next_send_at, now) + spacing, now + spacing)
    return max(0.0, after - spacing * burst - now)


def hold_chat(session: Session, chat_id: str, *, until: float, spacing: float = 0.0, burst: int = 1) -> None:
    """The platform asked to leave this chat alone until `until` (wall-clock seconds): every process waits."""
    dialect = session.get_bind().dialect.name
    spent_until = until + spacing * (burst - 1)
    _upsert_pace(session, chat_id, _later(dialect, ChatPace.next_send_at, spent_until), spent_until)


def follow_members(session: Session, rows: list[ClaimedDelivery],
                   chat_of: dict[int, str | None]) -> list[ClaimedDelivery]:
    """Claimed rows to members sent where each member now wants pushes (`chat_of`: the app they last used), unless
    the row is pinned to its chat (`payload["pinned_chat"]`: a notice that the other app cannot carry)."""
    followed = []
    for row in rows:
        wanted = chat_of.get(row.member_id) if row.member_id is not None else None
        if wanted and wanted != row.chat_id and not (row.payload or {}).get("pinned_chat"):
            session.execute(update(Delivery).where(Delivery.id == row.id).values(chat_id=wanted))
            row = dataclasses.replace(row, chat_id=wanted)
        followed.append(row)
    return followed


def redirect_chat(session: Session, old_chat_id: str, new_chat_id: str) -> int:
    """A chat changed its id (a group became a supergroup): unsent rows follow it."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.chat_id == old_chat_id,
               Delivery.status.in_((DeliveryStatus.pending, DeliveryStatus.claimed)))
        .values(chat_id=new_chat_id)
    )
    return rows_affected(result)


def bundle_into(session: Session, carrier_id: int, delivery_ids: list[int]) -> int:
    """Pending rows whose content now travels in `carrier_id`'s message: they are never sent on their own."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.id.in_(delivery_ids), Delivery.status == DeliveryStatus.pending)
        .values(status=DeliveryStatus.bundled, bundle_id=carrier_id)
    )
    return rows_affected(result)


def sent_messages_of(session: Session, *, key_prefix: str) -> list[tuple[str, str, dict[str, Any]]]:
    """The messages already sent for the rows whose key starts with `key_prefix` (a record's alerts, updates and
    reminders, alone or inside a day's bundle): (chat, the platform's message id, the payload it was sent with).
    A message the dispatcher folded several rows into is left out: its buttons were not stored as sent."""
    escaped = key_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = list(session.scalars(select(Delivery).where(
        Delivery.key.like(f"{escaped}%", escape="\\"),
        Delivery.status.in_((DeliveryStatus.sent, DeliveryStatus.bundled)))))
    carriers = {row.bundle_id for row in rows if row.status is DeliveryStatus.bundled and row.bundle_id}
    messages = [row for row in rows if row.status is DeliveryStatus.sent]
    messages += list(session.scalars(select(Delivery).where(Delivery.id.in_(carriers),
                                                            Delivery.status == DeliveryStatus.sent)))
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for row in messages:
        if row.chat_id is None or row.platform_message_id is None:
            continue
        sharing = session.scalar(select(func.count()).select_from(Delivery).where(
            Delivery.chat_id == row.chat_id, Delivery.platform_message_id == row.platform_message_id))
        if sharing == 1:
            found[(row.chat_id, row.platform_message_id)] = row.payload or {}
    return [(chat_id, message_id, payload) for (chat_id, message_id), payload in found.items()]


def skip_pending(session: Session, *, key_prefix: str, reason: str) -> int:
    """Drop unsent rows whose key starts with `key_prefix` (e.g. a milestone's reminders once it is done)."""
    escaped = key_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    result = session.execute(
        update(Delivery)
        .where(Delivery.key.like(f"{escaped}%", escape="\\"), Delivery.status == DeliveryStatus.pending)
        .values(status=DeliveryStatus.skipped, last_error=reason)
    )
    return rows_affected(result)


# Finished rows; a bundled one went out (or not) with its carrier.
_DONE = (DeliveryStatus.sent, DeliveryStatus.failed, DeliveryStatus.skipped, DeliveryStatus.bundled)


def prune_texts(session: Session, before: dt.datetime) -> int:
    """Forget what finished rows said (alert texts carry names and difficulties) once they are older than
    `before`. The row stays, keyed, so the same push is never queued again."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.status.in_(_DONE), func.coalesce(Delivery.sent_at, Delivery.created_at) < before,
               or_(Delivery.text != "", Delivery.payload.is_not(None)))
        .values(text="", payload=null())   # SQL NULL: None would store JSON null
        .execution_options(synchronize_session=False)
    )
    return rows_affected(result)


def documents_waiting(session: Session) -> set[str]:
    """The files that unsent rows will attach (review drafts): not to be deleted yet."""
    rows = session.scalars(select(Delivery.payload).where(
        Delivery.status.in_((DeliveryStatus.pending, DeliveryStatus.claimed)), Delivery.payload.is_not(None)))
    return {str(payload["document"]) for payload in rows if payload and payload.get("document")}
