"""`db backup`, `db restore` and `db copy` on each engine: what comes back is what was there, row for row."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

import models
from bot.database import head_revision
from bot.dbtools import DatabaseToolError, backup, copy_database, restore
from models.audit import record_audit
from models.db import Database
from models.people import Member, Role
from sandbox.seed import seed_demo
from tests.conftest import POSTGRES_URL


def row_counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as connection:
        return {table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in models.metadata.sorted_tables}


def member_names(database: Database) -> list[str]:
    with database.session() as session:
        return list(session.scalars(select(Member.full_name).order_by(Member.id)))


@pytest.fixture
def seeded_sqlite(tmp_path, sqlite_database_at) -> Iterator[Database]:
    database = sqlite_database_at(tmp_path / "source.sqlite3")
    seed_demo(database)
    yield database
    database.dispose()


def test_a_sqlite_backup_comes_back_whole_and_private(seeded_sqlite, tmp_path):
    before = row_counts(seeded_sqlite)
    target = tmp_path / "backups" / "bot.sqlite3"
    backup(seeded_sqlite, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with seeded_sqlite.session() as session:
        session.add(Member(full_name="Thêm sau sao lưu", role=Role.member))
    kept = restore(seeded_sqlite, target)
    assert row_counts(seeded_sqlite) == before and "Thêm sau sao lưu" not in member_names(seeded_sqlite)
    assert kept is not None and "Thêm sau sao lưu" in member_names(Database(f"sqlite:///{kept}"))
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_restore_refuses_what_is_not_a_backup_of_this_bot(seeded_sqlite, tmp_path):
    before = row_counts(seeded_sqlite)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("không phải cơ sở dữ liệu")
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    for path, says in ((text_file, "không phải bản sao lưu SQLite"), (other, "không phải của bot này"),
                       (tmp_path / "missing.sqlite3", "Không thấy tệp sao lưu")):
        with pytest.raises(DatabaseToolError, match=says):
            restore(seeded_sqlite, path)
    assert row_counts(seeded_sqlite) == before


def test_copy_moves_every_row_and_ids_continue(seeded_sqlite, database):
    """From a SQLite file into each engine (the empty, migrated test database): counts equal, and the target's
    next new row gets a fresh id (PostgreSQL's sequences were moved past the copied ids)."""
    report = copy_database(seeded_sqlite, database.url)
    expected = row_counts(seeded_sqlite)
    assert report.rows == expected and row_counts(database) == expected and report.total > 50
    assert report.revision == head_revision()
    assert member_names(database) == member_names(seeded_sqlite)
    with database.session() as session:
        session.add(Member(full_name="Thành viên mới", role=Role.member))
    assert member_names(database)[-1] == "Thành viên mới"


def test_copy_refuses_a_target_with_rows_unless_told(seeded_sqlite, database):
    with database.session() as session:
        session.add(Member(full_name="Đã có ở đích", role=Role.member))
    with pytest.raises(DatabaseToolError, match=r"members \(1 dòng\).*--replace"):
        copy_database(seeded_sqlite, database.url)
    assert member_names(database) == ["Đã có ở đích"]
    copy_database(seeded_sqlite, database.url, replace=True)
    assert member_names(database) == member_names(seeded_sqlite)


def test_copy_out_of_each_engine(database, tmp_path):
    seed_demo(database)
    target = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    report = copy_database(database, target)
    copied = Database(target)
    assert row_counts(copied) == row_counts(database) == report.rows
    copied.dispose()


def audit_log_refuses_changes(database: Database) -> bool:
    try:
        with database.engine.begin() as connection:
            connection.execute(text("UPDATE audit_log SET actor = 'forged'"))
    except DBAPIError as error:
        return "append-only" in str(error)
    return False


def test_the_audit_log_stays_append_only_through_copy_and_restore(seeded_sqlite, database, tmp_path):
    # Replacing a whole database empties the target's audit log, recent entries too (the operator's act), and
    # leaves its triggers in place; a restored SQLite file keeps them as well.
    with database.session() as session:
        record_audit(session, actor="cli", action="enterprise.import", entity="enterprise")
    copy_database(seeded_sqlite, database.url, replace=True)
    assert row_counts(database)["audit_log"] == row_counts(seeded_sqlite)["audit_log"] > 0
    assert audit_log_refuses_changes(database)
    backup(seeded_sqlite, tmp_path / "bot.backup")
    restore(seeded_sqlite, tmp_path / "bot.backup")
    assert audit_log_refuses_changes(seeded_sqlite)


def test_copy_refuses_to_copy_onto_itself(seeded_sqlite):
    with pytest.raises(DatabaseToolError, match="trùng"):
        copy_database(seeded_sqlite, seeded_sqlite.url)


# ----------------------------------------------------------------------------------------------- the command line

def cli(*args: str, database_url: str, cwd: Path, path: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    if path is not None:
        env["PATH"] = path
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.mark.slow
def test_the_commands_on_sqlite(seeded_sqlite, tmp_path):
    url = seeded_sqlite.url
    made = cli("db", "backup", "nightly.sqlite3", database_url=url, cwd=tmp_path)
    assert made.returncode == 0 and "Đã sao lưu vào «nightly.sqlite3»" in made.stdout
    refused = cli("db", "restore", "nightly.sqlite3", database_url=url, cwd=tmp_path)   # no "y" on stdin
    assert refused.returncode == 1 and "Đã hủy" in refused.stdout
    restored = cli("db", "restore", "--yes", "nightly.sqlite3", database_url=url, cwd=tmp_path)
    assert restored.returncode == 0 and f"phiên bản {head_revision()}" in restored.stdout
    wrong = cli("db", "restore", "--yes", "missing.dump", database_url=url, cwd=tmp_path)
    assert wrong.returncode == 1 and "Không thấy tệp sao lưu «missing.dump»" in wrong.stderr


@pytest.mark.slow
@pytest.mark.skipif(not POSTGRES_URL, reason="TEST_DATABASE_URL is not set")
def test_the_commands_on_postgresql(postgres_database, tmp_path):
    database = postgres_database   # this run's (this worker's) database, migrated
    url = database.url
    with database.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(t.name for t in models.metadata.sorted_tables)} CASCADE"))
    seed_demo(database)
    before = row_counts(database)
    made = cli("db", "backup", "nightly.dump", database_url=url, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "nightly.dump").read_bytes()[:5] == b"PGDMP"
    assert stat.S_IMODE((tmp_path / "nightly.dump").stat().st_mode) == 0o600
    with database.engine.begin() as connection:
        connection.execute(text("DELETE FROM assignments"))
    restored = cli("db", "restore", "--yes", "nightly.dump", database_url=url, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    database.engine.dispose()
    assert row_counts(database) == before
    assert audit_log_refuses_changes(database)   # the triggers come back with the dump
    # Where the PostgreSQL client programs are not installed, the operator is told what to install.
    bare = cli("db", "backup", "again.dump", database_url=url, cwd=tmp_path,
               path=str(Path(sys.executable).parent))
    assert bare.returncode == 1 and "Không tìm thấy chương trình «pg_dump»" in bare.stderr
    assert "postgresql-client" in bare.stderr and not (tmp_path / "again.dump").exists()
