"""Shared fixtures: a database on SQLite always, and on PostgreSQL too when TEST_DATABASE_URL is set."""

from __future__ import annotations

import datetime as dt
import os

# python-telegram-bot 22 warns when it builds RetryAfter with an integer; the suite turns its warnings into errors.
os.environ.setdefault("PTB_TIMEDELTA", "true")
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

import models
from bot.database import upgrade
from models.db import Database
from models.people import Identity, Member, Role
from models.rules import Rules, load_rules

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
ENGINES = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[Database]:
    if not POSTGRES_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    database = Database(POSTGRES_URL)
    with database.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    upgrade(database)  # the real migrations, so CI proves them on PostgreSQL
    yield database
    database.dispose()


def _truncate_all(database: Database) -> None:
    tables = ", ".join(f'"{t.name}"' for t in models.metadata.sorted_tables)
    with database.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=ENGINES)
def database(request: pytest.FixtureRequest, tmp_path) -> Iterator[Database]:
    """A clean database per test, on each engine."""
    if request.param == "postgresql":
        database = request.getfixturevalue("postgres_database")
        _truncate_all(database)
        yield database
        return
    database = Database(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    upgrade(database)
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
    return dt.datetime(2021, 10, 15, 3, 0, tzinfo=dt.timezone.utc)


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
