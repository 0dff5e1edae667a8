"""The operator's database tools: backup, restore, and copying every row to another database.

- SQLite: backup and restore use SQLite's online backup API (a consistent copy while the bot runs; the copy is
  written beside the target and renamed into place, readable by its owner only).
- PostgreSQL: `pg_dump` / `pg_restore` in custom format; the binaries must be installed and at least as new
  as the server (PostgreSQL's own rule).
- Copy (`copy_database`): the way from SQLite to PostgreSQL when one file is outgrown, or back. The target is
  migrated to the latest revision, every table copied in dependency order in one transaction, PostgreSQL's
  sequences moved past the copied ids, and each table's row count compared with the source's.

Failures raise `DatabaseToolError` with a Vietnamese message saying what to do (the CLI prints it).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.engine import make_url

import models
from bot.database import current_revision, head_revision, upgrade
from models.db import Database
from texts import operator as texts

COPY_CHUNK = 1000   # rows read and inserted at a time: memory stays flat whatever a table's size
SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseToolError(Exception):
    """The tool could not do what was asked; the message (Vietnamese) says why and what to do."""


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise DatabaseToolError(texts.SQLITE_IN_MEMORY)
    return Path(database)


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as pg_dump and pg_restore take it (no "+psycopg" driver name, the password kept)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def with_driver(url: str) -> str:
    """postgres:// and postgresql:// as the installed driver (psycopg 3) takes them; other URLs as they are."""
    scheme, separator, rest = url.partition("://")
    if separator and scheme in ("postgres", "postgresql"):
        return f"postgresql+psycopg://{rest}"
    return url


# ----------------------------------------------------------------------------------------------- backup

def backup(database: Database, target: Path) -> None:
    """A consistent copy of the whole database in `target` (overwritten), readable by its owner only."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial_file = target.with_name(target.name + ".partial")
    partial_file.unlink(missing_ok=True)
    try:
        _private_file(partial_file)
        if database.dialect == "sqlite":
            _sqlite_copy(sqlite_path(database.url), partial_file)
        else:
            _pg_binary("pg_dump", database)
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial_file}",
                  f"--dbname={libpq_url(database.url)}"], texts.PG_DUMP_FAILED)
        os.replace(partial_file, target)
    finally:
        partial_file.unlink(missing_ok=True)


def _private_file(path: Path) -> None:
    path.touch(mode=0o600)
    path.chmod(0o600)


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.exists():
        raise DatabaseToolError(texts.sqlite_missing(source))
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()


# ----------------------------------------------------------------------------------------------- restore

def restore(database: Database, source: Path) -> Path | None:
    """Replace the whole database with the backup in `source`, then bring it to the latest revision.

    On SQLite the database as it was is kept first beside it (`….before-restore-<time>`); that path is
    returned. The bot must be stopped meanwhile: a running bot would go on from what it had in memory.
    """
    if not source.is_file():
        raise DatabaseToolError(texts.backup_missing(source))
    kept = None
    if database.dialect == "sqlite":
        _check_sqlite_backup(source)
        path = sqlite_path(database.url)
        if path.exists():
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = path.with_name(f"{path.name}.before-restore-{stamp}")
            _private_file(kept)
            _sqlite_copy(path, kept)
        database.engine.dispose()
        with sqlite3.connect(source) as origin, sqlite3.connect(path) as current:
            origin.backup(current)
        origin.close()
        current.close()
    else:
        _pg_binary("pg_restore", database)
        with source.open("rb") as file:
            if file.read(5) != b"PGDMP":
                raise DatabaseToolError(texts.not_a_pg_backup(source))
        database.engine.dispose()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={libpq_url(database.url)}", str(source)], texts.PG_RESTORE_FAILED)
    upgrade(database)
    return kept


def _check_sqlite_backup(source: Path) -> None:
    with source.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise DatabaseToolError(texts.not_a_sqlite_backup(source))
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as connection:
        ok = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ours = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
    connection.close()
    if not ok:
        raise DatabaseToolError(texts.damaged_backup(source))
    if not ours:
        raise DatabaseToolError(texts.not_our_backup(source))


# ----------------------------------------------------------------------------------------------- pg binaries

def _pg_binary(name: str, database: Database) -> None:
    """The binary exists and is at least the server's major version (an older pg_dump refuses a newer server)."""
    binary = shutil.which(name)
    if binary is None:
        raise DatabaseToolError(texts.pg_binary_missing(name))
    output = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"(\d+)(?:\.(\d+))?", output)
    with database.engine.connect() as connection:
        server = int(connection.execute(text("SHOW server_version_num")).scalar_one()) // 10000
    if found is None or int(found.group(1)) < server:
        raise DatabaseToolError(texts.pg_binary_too_old(name, output.strip(), server))


def _run(command: list[str], failure: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        # The command line holds the password (in the URL): quote only what the tool said.
        raise DatabaseToolError(f"{failure}\n{result.stderr.strip()}")


# ----------------------------------------------------------------------------------------------- copy

@dataclass
class CopyReport:
    revision: str | None = None
    rows: dict[str, int] = field(default_factory=dict)   # table → rows copied (equal in source and target)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def copy_database(source: Database, target_url: str, *, replace: bool = False,
                  progress: Callable[[str, int], None] | None = None) -> CopyReport:
    """Copy every row of `source` into the database at `target_url`, which is migrated to the latest revision.

    A target that holds any row is refused unless `replace`, which empties it first. One transaction on the
    target: a failure leaves it as it was. The source is read in one consistent snapshot.
    """
    target_url = with_driver(target_url)
    if make_url(target_url) == make_url(source.url):
        raise DatabaseToolError(texts.COPY_ONTO_ITSELF)
    if current_revision(source) != head_revision():
        upgrade(source)
    target = Database(target_url)
    try:
        upgrade(target)
        tables = models.metadata.sorted_tables
        report = CopyReport(revision=current_revision(target))
        with _snapshot(source) as reader, target.engine.begin() as writer:
            filled = {table.name: count for table in tables if (count := _count(writer, table))}
            if filled and not replace:
                raise DatabaseToolError(texts.target_not_empty(filled))
            _empty_tables(writer, tables)
            for table in tables:
                copied = _copy_table(reader, writer, table)
                expected, landed = _count(reader, table), _count(writer, table)
                if not (copied == expected == landed):
                    raise DatabaseToolError(texts.count_mismatch(table.name, expected, landed))
                report.rows[table.name] = landed
                if progress is not None:
                    progress(table.name, landed)
            if target.dialect == "postgresql":
                _move_sequences(writer, tables)
        return report
    finally:
        target.dispose()


def _empty_tables(writer: Connection, tables: list[Table]) -> None:
    """Children first. The audit log refuses DELETE of its recent entries (migration 0024_audit_append_only):
    replacing a whole database is the operator's act, so on PostgreSQL it is TRUNCATEd (no row trigger fires),
    on SQLite its triggers are dropped and made again, as they were, inside this transaction."""
    triggers: list[str] = []
    for table in reversed(tables):
        if table.name != "audit_log":
            writer.execute(table.delete())
        elif writer.dialect.name == "postgresql":
            writer.execute(text("TRUNCATE audit_log"))
        else:
            found = writer.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                        "AND tbl_name = 'audit_log'")).all()
            for name, _ in found:
                writer.execute(text(f'DROP TRIGGER "{name}"'))
            writer.execute(table.delete())
            triggers = [sql for _, sql in found]
    for sql in triggers:
        writer.execute(text(sql))


def _snapshot(database: Database):
    """A read-only connection seeing one moment of the database."""
    from models.db import READ_ONLY

    engine = database.engine.execution_options(**{READ_ONLY: True})
    if database.dialect == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    return engine.begin()


def _count(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _copy_table(reader: Connection, writer: Connection, table: Table) -> int:
    copied = 0
    order = list(table.primary_key.columns) or list(table.columns)
    result = reader.execution_options(yield_per=COPY_CHUNK).execute(select(table).order_by(*order))
    for chunk in result.mappings().partitions(COPY_CHUNK):
        writer.execute(table.insert(), [dict(row) for row in chunk])
        copied += len(chunk)
    return copied


def _move_sequences(writer: Connection, tables: list[Table]) -> None:
    """Ids were copied as they were: each serial column's sequence must continue after the largest."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = writer.execute(text("SELECT pg_get_serial_sequence(:table, :column)"),
                                      {"table": table.name, "column": column.name}).scalar()
            if sequence is None:
                continue
            writer.execute(text(
                f'SELECT setval(:sequence, COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, false)'),
                {"sequence": sequence})
