"""Shared fixtures: a database on SQLite always, and on PostgreSQL too when TEST_DATABASE_URL is set."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil

# python-telegram-bot 22 warns when it builds RetryAfter with an integer; the suite turns its warnings into errors.
os.environ.setdefault("PTB_TIMEDELTA", "true")
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session

import models
from bot.database import upgrade
from models.db import Database
from models.people import Identity, Member, Role
from models.rules import Rules, load_rules

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
ENGINES = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


async def eventually(condition: Callable[[], bool], what: str, *, timeout: float = 30.0,
                     interval: float = 0.005) -> None:
    """Polls until `condition()` holds. The timeout is an upper bound for a slow machine, not a timing assertion:
    a regression fails the test, naming `what`, instead of hanging the run."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            pytest.fail(f"not within {timeout:.0f} s: {what}")
        await asyncio.sleep(interval)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file brought to the head by the real migrations, once per run (per worker); tests get copies."""
    path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    database.dispose()   # the last connection to close writes the WAL back into the file
    assert not path.with_name(path.name + "-wal").exists(), "the template's WAL was not written back"
    return path


@pytest.fixture(scope="session")
def sqlite_database_at(migrated_sqlite: Path) -> Callable[[Path], Database]:
    """Makes a migrated SQLite database at a path, in an existing folder: a copy of the run's template, private
    to its owner as the bot makes them (an upgrade costs ~0.1 s)."""

    def copy(path: Path) -> Database:
        shutil.copy(migrated_sqlite, path)
        return Database(f"sqlite:///{path}")

    return copy


def _database_of_this_worker(url: str) -> str:
    """Under pytest-xdist every worker has a database of its own, named after the one given (`test_gw0`, ...) and
    made on the same server when missing: each worker empties its tables between tests."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    given = make_url(url)
    own = given.set(database=f"{given.database}_{worker}")
    server = create_engine(given, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            found = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database})
            if found is None:
                connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    finally:
        server.dispose()
    return own.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[Database]:
    if not POSTGRES_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    database = Database(_database_of_this_worker(POSTGRES_URL))
    with database.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    upgrade(database)  # the real migrations, so CI proves them on PostgreSQL
    yield database
    database.dispose()


def _empty_all(database: Database) -> None:
    """Every table emptied and every sequence restarted. DELETE, children first: on a test's few rows it takes
    milliseconds, where TRUNCATE makes new files for all tables and their indexes (0.2-0.8 s a test)."""
    with database.engine.begin() as connection:
        for table in reversed(models.metadata.sorted_tables):
            if table.name == "audit_log":   # append-only: DELETE of recent entries is refused, TRUNCATE is not
                connection.execute(text("TRUNCATE audit_log"))
            else:
                connection.execute(table.delete())
        connection.execute(text("SELECT setval(sequence.oid, 1, false) FROM pg_class sequence "
                                "JOIN pg_namespace space ON space.oid = sequence.relnamespace "
                                "WHERE sequence.relkind = 'S' AND space.nspname = current_schema()"))


@pytest.fixture(params=ENGINES)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A clean database per test, on each engine."""
    if request.param == "postgresql":
        database = request.getfixturevalue("postgres_database")
        _empty_all(database)
        yield database
        return
    database = request.getfixturevalue("sqlite_database_at")(tmp_path / "test.sqlite3")
    yield database
    database.dispose()


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.session() as session:
        yield session


@pytest.fixture
def rules() -> Rules:
    return load_rules()


@pytest.fixture
def now() -> dt.datetime:
    return dt.datetime(2021, 10, 15, 3, 0, tzinfo=dt.UTC)


def make_member(session: Session, name: str, role: Role = Role.member, platform_id: str | None = None) -> Member:
    member = Member(full_name=name, role=role)
    member.identities.append(Identity(platform_id=platform_id or f"test:{name}", private_chat_id=None))
    session.add(member)
    session.flush()
    return member


@pytest.fixture
def admin(session: Session) -> Member:
    return make_member(session, "Quản trị", Role.admin)


@pytest.fixture
def coordinator(session: Session) -> Member:
    return make_member(session, "Điều phối", Role.coordinator)


@pytest.fixture
def member(session: Session) -> Member:
    return make_member(session, "Thành viên", Role.member)
