"""The report worker (a child process): its unexpected failures reach the bot as a readable error that quotes
nothing anyone typed."""

from __future__ import annotations

import asyncio

import pytest

from models.db import Database
from reports.periods import half_year_period, parse_period
from reports.worker import WorkerFailed, build_in_child_process
from tests.reports.conftest import HEADING, NOW, TODAY, TZ


def test_an_unexpected_failure_in_the_report_worker_reaches_the_bot_readable_and_quotes_nothing(
        tmp_path, rules, sqlite_database_at):
    good = sqlite_database_at(tmp_path / "good.sqlite3")
    with good.read_session() as session:
        period = parse_period(session, half_year_period(2022, 1).code, today=TODAY)
    good.dispose()
    # A database the child opens but cannot read (no tables): the build fails in a way nobody's input explains.
    broken = Database(f"sqlite:///{tmp_path / 'broken.sqlite3'}")

    async def run():
        return await build_in_child_process(broken, period, HEADING, tmp_path / "out", rules=rules, tz=TZ, now=NOW)

    with pytest.raises(WorkerFailed) as caught:
        asyncio.run(run())
    broken.dispose()
    message = str(caught.value)
    assert message.startswith("the report could not be built: OperationalError at ")
    assert "build.py" in message and "\n" not in message
    assert "no such table" not in message and "SELECT" not in message   # the error's own text stays out


def test_the_worker_builds_the_counts_only_variant(tmp_path, rules, sqlite_database_at):
    from openpyxl import load_workbook

    from tests.reports.conftest import build_scenario

    database = sqlite_database_at(tmp_path / "scenario.sqlite3")
    with database.session() as session:
        build_scenario(session, rules)
    with database.read_session() as session:
        period = parse_period(session, "2022-H1", today=TODAY)

    async def run():
        return await build_in_child_process(database, period, HEADING, tmp_path / "out", rules=rules, tz=TZ,
                                            now=NOW, counts_only=True)

    files = asyncio.run(run())
    database.dispose()
    assert files.counts_only and "Làm việc" not in load_workbook(files.xlsx).sheetnames
