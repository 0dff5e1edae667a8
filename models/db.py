"""Engine and sessions. One session per unit of work, never global; blocking work runs off the event loop."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Engine, Result, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")
READ_ONLY = "delegation_read_only"   # an execution option: this unit of work only reads


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            _create_private(Path(path))
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=True,
                               **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # WAL lets readers run beside one writer; foreign keys are off by default in SQLite.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # NORMAL survives a killed process, not a power cut (docs/deploy.md: production runs on PostgreSQL);
            # FULL cost a quarter of the chat's throughput (README, § SQLite durability).
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            # What is deleted or overwritten is overwritten with zeros in the file, not left in a free page: an
            # erased name must not be readable from the file (see `Database.session` for the WAL).
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        # Take the write lock at BEGIN so two writers queue instead of failing on upgrade. A reader
        # (`Database.read_session`) begins deferred: in WAL mode it neither waits for nor holds up a writer.
        @event.listens_for(engine, "begin")
        def _begin_immediate(connection: Any) -> None:
            read_only = connection.get_execution_options().get(READ_ONLY, False)
            # Straight to the driver: this runs for every transaction, and SQLAlchemy's statement path would add
            # about a tenth of a millisecond to each (pysqlite's own transaction handling is off, see below).
            connection.connection.driver_connection.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")

        @event.listens_for(engine, "connect")
        def _no_pysqlite_begin(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None

        return engine
    # Errors must not carry the statement's values into logs or error reports: they may be personal data.
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)


def _create_private(path: Path) -> None:
    """A new SQLite file (and a new folder for it) readable by its owner only: it holds personal data. SQLite
    gives its -wal and -shm files the database file's permissions."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


# A unit of work that erased someone's data sets `session.info[ERASED]` (`models.db.erased`).
ERASED = "erased_personal_data"


def erased(session: Session) -> None:
    """This unit of work erases personal data: once committed, no copy is left in the database's files."""
    session.info[ERASED] = True


class Database:
    """Owns the engine; hands out sessions as context managers."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite takes one writer at a time, and a writer that finds the lock taken sleeps in SQLite's busy
        # handler (up to 100 ms a try): one worker thread hands units of work over without ever contending.
        # PostgreSQL runs several at once.
        self._workers = ThreadPoolExecutor(max_workers=1 if self.dialect == "sqlite" else 8,
                                           thread_name_prefix="database")

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            if session.info.pop(ERASED, False):
                self._forget_old_pages()

    def _forget_old_pages(self) -> None:
        """After an erasure on SQLite: the write-ahead log still holds the pages as they were before, name
        included, until it is checkpointed and emptied. PostgreSQL keeps old row versions until its vacuum;
        there the database's own storage is the operator's (docs/deploy.md)."""
        if self.dialect != "sqlite":
            return
        raw = self.engine.raw_connection()
        try:
            # Outside any transaction (the driver's own are off); a reader still in the log makes it return busy,
            # and the next erasure or checkpoint does it.
            driver = raw.driver_connection
            assert driver is not None, "a live pooled connection has its driver's connection"
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A unit of work that only reads, for long reads such as a report's figures: one consistent snapshot,
        and on SQLite no write lock, so other users' updates go on meanwhile. Anything written is discarded."""
        with Session(self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False) as session:
            try:
                yield session
            finally:
                session.rollback()

    def run_sync(self, work: Callable[[Session], T]) -> T:
        with self.session() as session:
            return work(session)

    async def run(self, work: Callable[[Session], T]) -> T:
        """Run a unit of work in a worker thread so the event loop keeps serving other users."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._workers, self.run_sync, work)

    def dispose(self) -> None:
        self._workers.shutdown(wait=True)
        self.engine.dispose()


def rows_affected(result: Result[Any]) -> int:
    """The rows an UPDATE, DELETE or INSERT changed. `Session.execute` is typed to return a `Result`; for those
    statements it is a `CursorResult`, which counts them."""
    return cast(CursorResult[Any], result).rowcount
