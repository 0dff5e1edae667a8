"""Why an enterprise's party-member counts are what they are: every change with its source and date.

A visit, an import or a founding states the counts ("set"); an admission, a recognition or a completed transfer
changes them by one or a few ("add"). The enterprise's counts are replayed from these changes in the order of
their dates, so a visit typed in late does not undo an admission recorded meanwhile, and an admission dated
before a later visit is already inside that visit's figures. A withdrawn change (a deleted visit) no longer counts.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow
from models.errors import InvalidInput

if TYPE_CHECKING:   # the registry records its imported counts here: a type only, so no import loop
    from models.registry import Enterprise


class CountSource(str, enum.Enum):
    visit = "visit"
    admission = "admission"        # a nominee's ceremony
    outside_admission = "outside_admission"   # admissions made outside the bot, added by a coordinator
    recognition = "recognition"    # recognised as official, or not recognised
    transfer = "transfer"          # a completed transfer of party activity
    founding = "founding"
    imported = "imported"          # the registry import
    earlier = "earlier"            # counts the enterprise already had before changes were kept


class CountChange(Base):
    __tablename__ = "member_count_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    effective_on: Mapped[dt.date]
    source: Mapped[CountSource] = mapped_column(Enum(CountSource, native_enum=False, length=20))
    source_id: Mapped[int | None]              # the visit, nominee, transfer, founding or outside admission
    sets: Mapped[bool]                         # True: the counts are these; False: they change by these
    official: Mapped[int]
    probationary: Mapped[int]
    withdrawn_at: Mapped[dt.datetime | None]
    by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    note: Mapped[str | None] = mapped_column(String(200))


def _replay(session: Session, enterprise: Enterprise) -> None:
    changes = session.scalars(select(CountChange).where(
        CountChange.enterprise_id == enterprise.id, CountChange.withdrawn_at.is_(None))
        .order_by(CountChange.effective_on, CountChange.id)).all()
    if not changes:
        return
    official = probationary = 0
    for change in changes:
        if change.sets:
            official, probationary = change.official, change.probationary
        else:
            official, probationary = max(0, official + change.official), max(0, probationary + change.probationary)
    enterprise.official_members, enterprise.probationary_members = official, probationary


def _record(session: Session, enterprise: Enterprise, change: CountChange) -> CountChange:
    if enterprise.id is None:
        session.flush()
    if not session.scalar(select(CountChange.id).where(CountChange.enterprise_id == enterprise.id).limit(1)) \
            and (enterprise.official_members or enterprise.probationary_members) and not change.sets:
        # Counts that existed before any change was kept are the starting point of the first change.
        session.add(CountChange(enterprise_id=enterprise.id, effective_on=dt.date.min, source=CountSource.earlier,
                                sets=True, official=enterprise.official_members or 0,
                                probationary=enterprise.probationary_members or 0))
    change.enterprise_id = enterprise.id
    session.add(change)
    session.flush()
    _replay(session, enterprise)
    return change


def set_counts(session: Session, enterprise: Enterprise, *, official: int | None, probationary: int | None,
               on: dt.date, source: CountSource, source_id: int | None = None, by_id: int | None = None,
               note: str | None = None) -> CountChange | None:
    """The counts as stated on `on`; an unknown one (None) keeps what the earlier changes give."""
    for label, value in (("chính thức", official), ("dự bị", probationary)):
        if value is not None and value < 0:
            raise InvalidInput(f"Số đảng viên {label} không thể âm.")
    if official is None and probationary is None:
        return None
    if official is None or probationary is None:
        # Half known: keep the other as it stood on that day.
        known_official, known_probationary = counts_on(session, enterprise, on)
        official = known_official if official is None else official
        probationary = known_probationary if probationary is None else probationary
    return _record(session, enterprise, CountChange(
        effective_on=on, source=source, source_id=source_id, sets=True, official=official,
        probationary=probationary, by_id=by_id, note=note))


def adjust(session: Session, enterprise: Enterprise, *, official: int = 0, probationary: int = 0, on: dt.date,
           source: CountSource, source_id: int | None = None, by_id: int | None = None,
           note: str | None = None) -> CountChange:
    """The counts change by these numbers on `on` (an admission: one more probationary member)."""
    return _record(session, enterprise, CountChange(
        effective_on=on, source=source, source_id=source_id, sets=False, official=official,
        probationary=probationary, by_id=by_id, note=note))


def withdraw(session: Session, enterprise: Enterprise, *, source: CountSource, source_id: int,
             now: dt.datetime) -> None:
    """The record behind these changes was deleted (or is being replaced): they no longer count."""
    for change in session.scalars(select(CountChange).where(
            CountChange.enterprise_id == enterprise.id, CountChange.source == source,
            CountChange.source_id == source_id, CountChange.withdrawn_at.is_(None))):
        change.withdrawn_at = now
    session.flush()
    _replay(session, enterprise)


def counts_on(session: Session, enterprise: Enterprise, on: dt.date) -> tuple[int, int]:
    """(official, probationary) as the changes up to `on` give them (today's counts without any change)."""
    changes = session.scalars(select(CountChange).where(
        CountChange.enterprise_id == enterprise.id, CountChange.withdrawn_at.is_(None),
        CountChange.effective_on <= on).order_by(CountChange.effective_on, CountChange.id)).all()
    if not changes and not session.scalar(select(CountChange.id).where(
            CountChange.enterprise_id == enterprise.id).limit(1)):
        return enterprise.official_members or 0, enterprise.probationary_members or 0
    official = probationary = 0
    for change in changes:
        if change.sets:
            official, probationary = change.official, change.probationary
        else:
            official, probationary = max(0, official + change.official), max(0, probationary + change.probationary)
    return official, probationary


def history(session: Session, enterprise_id: int, *, limit: int = 5) -> list[CountChange]:
    """The latest changes that count, newest first: what the enterprise card shows as 'why'."""
    return list(session.scalars(select(CountChange).where(
        CountChange.enterprise_id == enterprise_id, CountChange.withdrawn_at.is_(None),
        CountChange.source != CountSource.earlier)
        .order_by(CountChange.effective_on.desc(), CountChange.id.desc()).limit(limit)))
