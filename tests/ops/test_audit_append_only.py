"""The audit log is append-only for the application (the review's L8): the database refuses to change an entry
and to delete one younger than a year — the shortest retention the settings allow — on SQLite and PostgreSQL,
while retention still prunes the older ones."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from bot.retention import apply_retention
from bot.settings import SettingsError, load_settings
from models.audit import AuditEntry, prune_audit_log, record_audit


def _entry(database, age: dt.timedelta, action: str = "nominee.read") -> int:
    with database.session() as session:
        entry = record_audit(session, actor="member:1", action=action, entity="nominee", entity_id=1)
        entry.at = dt.datetime.now(dt.UTC) - age   # set before the INSERT: an entry is written once
        session.flush()
        return entry.id


def _actions(database) -> list[str]:
    with database.session() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_no_entry_can_be_changed_however_old(database):
    young = _entry(database, dt.timedelta(minutes=1))
    old = _entry(database, dt.timedelta(days=365 * 3))
    for entry_id in (young, old):
        with pytest.raises(DBAPIError, match="append-only"), database.session() as session:
            session.execute(update(AuditEntry).where(AuditEntry.id == entry_id).values(action="nothing.happened"))
        with pytest.raises(DBAPIError, match="append-only"), database.session() as session:
            session.get(AuditEntry, entry_id).details = {"forged": True}
    with pytest.raises(DBAPIError, match="append-only"), database.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET actor = 'someone else'"))
    with database.session() as session:
        assert [(e.action, e.actor, e.details) for e in session.scalars(select(AuditEntry))] == [
            ("nominee.read", "member:1", None)] * 2


def test_an_entry_younger_than_a_year_cannot_be_deleted(database):
    _entry(database, dt.timedelta(minutes=1), "fresh")
    _entry(database, dt.timedelta(days=360), "almost.a.year")
    for age_days in (360, 0):
        with pytest.raises(DBAPIError, match="younger than a year"), database.session() as session:
            prune_audit_log(session, dt.datetime.now(dt.UTC) - dt.timedelta(days=age_days) + dt.timedelta(hours=1))
    with pytest.raises(DBAPIError, match="younger than a year"), database.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log"))
    with pytest.raises(DBAPIError, match="younger than a year"), database.session() as session:
        session.execute(delete(AuditEntry).where(AuditEntry.action == "fresh"))
    assert _actions(database) == ["fresh", "almost.a.year"]


def test_retention_still_prunes_what_is_older_than_it_keeps(database, tmp_path):
    _entry(database, dt.timedelta(days=365 * 6), "six.years")
    _entry(database, dt.timedelta(days=400), "over.a.year")
    _entry(database, dt.timedelta(days=300), "under.a.year")
    settings = load_settings(database_url=database.url, audit_retention_years=5, _env_file=None)
    assert apply_retention(database, settings, dt.datetime.now(dt.UTC), drafts_dir=tmp_path).audit_entries == 1
    assert _actions(database) == ["over.a.year", "under.a.year"]
    settings = load_settings(database_url=database.url, audit_retention_years=1, _env_file=None)
    assert apply_retention(database, settings, dt.datetime.now(dt.UTC), drafts_dir=tmp_path).audit_entries == 1
    assert _actions(database) == ["under.a.year"]


@pytest.mark.parametrize("years", [0, -1])
def test_the_audit_retention_setting_refuses_less_than_a_year(years):
    with pytest.raises(SettingsError, match="AUDIT_RETENTION_YEARS"):
        load_settings(audit_retention_years=years, _env_file=None)
