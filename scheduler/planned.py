"""A push the tick has decided on, and putting it into the outbox under its unique key.

Bundling: what one tick decides for one chat with `bundle=True` (the plan's reminders and escalations, the
monthly nudge, the rules' deadlines) goes out as one message. Each push still gets its own row under its own
key — the record that it was sent once — and the rows then travel inside one carrier row (`bundled`), whose
message numbers them and labels each «Đã xong» button with its item's code. Two processes deciding the same
push meet on the key, so each push is in exactly one message.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.deliveries import Delivery, bundle_into, enqueue_delivery, skip_pending
from models.people import ChatPurpose, bound_chat
from scheduler.occurrences import Occurrence
from texts import scheduler as texts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Planned:
    """One push: to a bound chat (`purpose`) or to a member's private chat (`chat_id` with `member_id`).

    `text` may be a function: what is costly to word (the digest's counts) is worded only when the key is new;
    it returns None when there is nothing worth saying (the push is then recorded as skipped, not sent).
    `bundle`: goes out with the chat's other bundled pushes of this tick as one message, as `part` (default:
    `text`); `payload["ref"]` (an item's code) labels its buttons there.
    """

    key: str
    kind: str
    text: str | Callable[[], str | None]
    occurrence: Occurrence
    purpose: ChatPurpose | None = None
    chat_id: str | None = None
    member_id: int | None = None
    payload: dict[str, Any] | None = None
    bundle: bool = False
    part: str | None = None


@dataclass
class EnqueueReport:
    added: Counter[str]       # by kind
    existing: int             # already in the outbox: an earlier tick (or another process) enqueued them
    without_chat: Counter[str]  # the chat is not bound yet: tried again on the next tick
    bundles: int = 0          # messages carrying several pushes
    nothing_to_say: int = 0   # recorded as skipped (an empty digest)

    @property
    def total_added(self) -> int:
        return sum(self.added.values())


def enqueue_planned(session: Session, planned: Iterable[Planned], now: dt.datetime) -> EnqueueReport:
    report = EnqueueReport(Counter(), 0, Counter())
    chats: dict[ChatPurpose, str | None] = {}
    bundles: dict[str, list[tuple[Planned, str]]] = {}
    live = [item for item in planned if item.occurrence.live(now)]
    known = _existing_keys(session, [item.key for item in live])
    for item in live:
        if item.key in known:
            report.existing += 1
            continue
        chat_id = item.chat_id
        if item.purpose is not None:
            if item.purpose not in chats:
                chats[item.purpose] = bound_chat(session, item.purpose)
            chat_id = chats[item.purpose]
        if chat_id is None:
            # Not consuming the key: once the chat is bound, a later tick still sends it (while it is live).
            report.without_chat[item.kind] += 1
            continue
        text = item.text() if callable(item.text) else item.text
        if text is None:
            if _enqueue(session, item, chat_id, ""):
                skip_pending(session, key_prefix=item.key, reason="nothing to report")
                report.nothing_to_say += 1
            continue
        if item.bundle:
            bundles.setdefault(chat_id, []).append((item, text))
            continue
        if _enqueue(session, item, chat_id, text):
            report.added[item.kind] += 1
        else:
            report.existing += 1
    for chat_id, items in bundles.items():
        _enqueue_bundled(session, chat_id, items, report)
    if report.without_chat:
        log.warning("scheduler: no chat bound for %s", dict(report.without_chat))
    return report


def _enqueue(session: Session, item: Planned, chat_id: str, text: str) -> bool:
    return enqueue_delivery(
        session, key=item.key, kind=item.kind, chat_id=chat_id, text=text,
        due_at=item.occurrence.fires_at, expires_at=item.occurrence.expires_at, payload=item.payload,
        member_id=item.member_id, respect_quiet_hours=True,
    )


MAX_BUNDLE_CHARS = 3800   # under Telegram's 4,096 with the header, the footer and the numbering


def _enqueue_bundled(session: Session, chat_id: str, items: list[tuple[Planned, str]], report: EnqueueReport) -> None:
    """Each push's own row first (its key: once only), then the new ones of this chat in as few messages as the
    length allows; a push alone in its message simply stays its own row."""
    new: list[tuple[Planned, int, str]] = []
    for item, text in items:
        if _enqueue(session, item, chat_id, text):
            report.added[item.kind] += 1
            new.append((item, session.execute(select(Delivery.id).where(Delivery.key == item.key)).scalar_one(),
                        item.part or text))
        else:
            report.existing += 1
    chunk: list[tuple[Planned, int, str]] = []
    size = 0
    for item, row_id, part in new:
        if chunk and size + len(part) + 8 > MAX_BUNDLE_CHARS:
            _carry(session, chat_id, chunk, report)
            chunk, size = [], 0
        chunk.append((item, row_id, part))
        size += len(part) + 8
    _carry(session, chat_id, chunk, report)


def _carry(session: Session, chat_id: str, chunk: list[tuple[Planned, int, str]], report: EnqueueReport) -> None:
    if len(chunk) < 2:
        return
    parts: list[str] = []
    buttons: list[list[dict[str, str]]] = []
    for item, _, part in chunk:
        parts.append(part)
        ref = str((item.payload or {}).get("ref") or len(parts))
        for row in (item.payload or {}).get("buttons", []):
            buttons.append([{**button, "text": texts.bundled_button(button["text"], ref)} for button in row])
    ids = [row_id for _, row_id, _ in chunk]
    first = chunk[0][0]
    carrier_key = f"bundle:{chat_id}:{min(ids)}"
    enqueue_delivery(
        session, key=carrier_key, kind="bundle", chat_id=chat_id, text=texts.day_bundle(parts, bool(buttons)),
        due_at=max(item.occurrence.fires_at for item, _, _ in chunk),
        expires_at=min(item.occurrence.expires_at for item, _, _ in chunk),
        payload={"buttons": buttons} if buttons else None, member_id=first.member_id, respect_quiet_hours=True,
    )
    carrier_id = session.execute(select(Delivery.id).where(Delivery.key == carrier_key)).scalar_one()
    bundle_into(session, carrier_id, ids)
    report.bundles += 1


def _existing_keys(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(session.scalars(select(Delivery.key).where(Delivery.key.in_(keys[start:start + 500]))))
    return found
