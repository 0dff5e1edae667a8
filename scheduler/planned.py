"""A push the tick has decided on, and putting it into the outbox under its unique key."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.deliveries import Delivery, enqueue_delivery
from models.people import ChatPurpose, bound_chat
from scheduler.occurrences import Occurrence

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Planned:
    """One push: to a bound chat (`purpose`) or to a member's private chat (`chat_id` with `member_id`).

    `text` may be a function: what is costly to word (the digest's counts) is worded only when the key is new.
    """

    key: str
    kind: str
    text: str | Callable[[], str]
    occurrence: Occurrence
    purpose: ChatPurpose | None = None
    chat_id: str | None = None
    member_id: int | None = None
    payload: dict[str, Any] | None = None


@dataclass
class EnqueueReport:
    added: Counter[str]       # by kind
    existing: int             # already in the outbox: an earlier tick (or another process) enqueued them
    without_chat: Counter[str]  # the chat is not bound yet: tried again on the next tick

    @property
    def total_added(self) -> int:
        return sum(self.added.values())


def enqueue_planned(session: Session, planned: Iterable[Planned], now: dt.datetime) -> EnqueueReport:
    report = EnqueueReport(Counter(), 0, Counter())
    chats: dict[ChatPurpose, str | None] = {}
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
        added = enqueue_delivery(
            session, key=item.key, kind=item.kind, chat_id=chat_id, text=text,
            due_at=item.occurrence.fires_at, expires_at=item.occurrence.expires_at, payload=item.payload,
            member_id=item.member_id, respect_quiet_hours=True,
        )
        if added:
            report.added[item.kind] += 1
        else:
            report.existing += 1
    if report.without_chat:
        log.warning("scheduler: no chat bound for %s", dict(report.without_chat))
    return report


def _existing_keys(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(session.scalars(select(Delivery.key).where(Delivery.key.in_(keys[start:start + 500]))))
    return found
