"""The audit log: who read or changed what, and when. Personal data never goes into `details`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, String, delete, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow
from models.db import rows_affected


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))          # "member:12", "cli", "scheduler"
    action: Mapped[str] = mapped_column(String(100), index=True)
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(index=True)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)


def record_audit(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(actor=actor, action=action, entity=entity, entity_id=entity_id, details=details)
    session.add(entry)
    return entry


def record_list_read(session: Session, *, actor: str, action: str, entity: str, ids: list[int],
                     details: dict[str, Any] | None = None) -> AuditEntry:
    """A list of named records was shown: which ones, so "who saw record N" can be answered (`who_saw`)."""
    return record_audit(session, actor=actor, action=action, entity=entity,
                        entity_id=ids[0] if len(ids) == 1 else None,
                        details={**(details or {}), "count": len(ids), "ids": list(ids)})


def who_saw(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    """Every entry naming this record, read or change, oldest first: its own and the lists that showed it."""
    entries = []
    query = (select(AuditEntry)
             .where(AuditEntry.entity == entity,
                    or_(AuditEntry.entity_id == entity_id, AuditEntry.entity_id.is_(None)))
             .order_by(AuditEntry.at, AuditEntry.id)
             .execution_options(yield_per=1000))
    for entry in session.scalars(query):
        if entry.entity_id == entity_id or entity_id in ((entry.details or {}).get("ids") or ()):
            entries.append(entry)
    return entries


def prune_audit_log(session: Session, before: dt.datetime) -> int:
    """Entries older than the retention period (default five years) are deleted."""
    return rows_affected(session.execute(delete(AuditEntry).where(AuditEntry.at < before)))
