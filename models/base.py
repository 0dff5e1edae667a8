"""Declarative base, naming convention and an aware-UTC timestamp type shared by every table."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from sqlalchemy import DateTime, MetaData, Table, TypeDecorator, event, inspect
from sqlalchemy.orm import DeclarativeBase, Mapper, Session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


SESSION_TIME = "clock_now"


def utcnow() -> dt.datetime:
    """The machine's time: only for work that has no clock of its own (the command line, a migration)."""
    return dt.datetime.now(dt.UTC)


def use_time(session: Session, now: dt.datetime) -> None:
    """Every record this unit of work writes takes its time from `now` (a turn's, a scheduler tick's): the
    clock the caller goes by, the sandbox's shifted clock included, rather than the machine's."""
    session.info[SESSION_TIME] = now


def session_time(session: Session) -> dt.datetime:
    """The unit of work's time (`use_time`), or the machine's where none was given."""
    return session.info.get(SESSION_TIME) or utcnow()


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores aware datetimes as UTC; SQLite hands back naive values, so re-attach UTC on load."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a timezone-aware column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}


# Columns declared `default=utcnow` (created_at, at, …) and `onupdate=utcnow` (updated_at) are stamped with the unit
# of work's time when it has one: a record made in a turn carries the turn's time, whatever the machine's says.

def _is_utcnow(default: Any) -> bool:
    function = getattr(default, "arg", None)
    return function is utcnow or getattr(function, "__wrapped__", None) is utcnow


@cache
def _stamped(mapper: Mapper[Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(attributes stamped when a row is made, attributes stamped when it changes) of a mapped class."""
    on_insert: list[str] = []
    on_update: list[str] = []
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if _is_utcnow(column.default):
            on_insert.append(prop.key)
        if _is_utcnow(column.onupdate):
            on_update.append(prop.key)
    return tuple(on_insert), tuple(on_update)


@event.listens_for(Session, "before_flush")
def _stamp_with_session_time(session: Session, _context: Any, _instances: Any) -> None:
    now = session.info.get(SESSION_TIME)
    if now is None:
        return
    for instance in session.new:
        for key in _stamped(inspect(instance).mapper)[0]:
            if getattr(instance, key) is None:
                setattr(instance, key, now)
    for instance in session.dirty:
        keys = _stamped(inspect(instance).mapper)[1]
        if not keys or not session.is_modified(instance, include_collections=False):
            continue
        state = inspect(instance)
        for key in keys:
            if not state.attrs[key].history.has_changes():   # a time the code set itself stays
                setattr(instance, key, now)


def table_of(model: type[Base]) -> Table:
    """A mapped class's table, for Core statements: `__table__` is typed as any FromClause, and is a Table here."""
    table = model.__table__
    assert isinstance(table, Table)
    return table
