"""Registry import benchmark: `enterprises import` of a generated 10,000-row workbook into a fresh database,
against openpyxl alone reading the same file (read-only, values only) in the same run.

The yardstick is the floor of any import of that file: the import reads it with the same call, so the ratio is what
checking the rows and writing them adds on top. Run: `delegation-bot bench import [--rows 10000] [--repeat 3] [--json]`.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

import models
from bench.search import generate_registry
from models.db import Database
from models.registry import Enterprise, Ownership
from models.registry_io import COLUMNS, OWNERSHIP_LABELS, ImportReport, import_rows, read_table

COUNTRIES = ("Hàn Quốc", "Nhật Bản", "Trung Quốc", "Đài Loan", "Singapore")
PARTY_ORG = ("Chưa có", "Sinh hoạt nơi khác", "Chi bộ cơ sở", "Đảng bộ cơ sở")
STREETS = ("Đường D1", "Đường N2", "Đường Trần Hưng Đạo", "Đường Lê Đức Thọ", "Đường số 5")


def _sheet_row(row: dict, rng: random.Random) -> list[object]:
    """Every registry column filled, with the kinds of values registries hold (numbers, dates, Có/Không…)."""
    foreign = row["ownership"] is Ownership.foreign
    founded = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(4000))
    values = {
        "name": row["name"],
        "tax_code": row["tax_code"],
        "zone": f"KCN {row['zone']}",
        "address": f"Lô {rng.choice('ABCDEFGH')}{rng.randrange(1, 40)}, {rng.choice(STREETS)}, KCN {row['zone']}",
        "employees": rng.randrange(20, 5000),
        "ownership": OWNERSHIP_LABELS[row["ownership"]],
        "country": rng.choice(COUNTRIES) if foreign else "Việt Nam",
        "latitude": round(20.38 + rng.random() * 0.08, 6),
        "longitude": round(106.12 + rng.random() * 0.1, 6),
        "official_members": rng.randrange(0, 40),
        "probationary_members": rng.randrange(0, 5),
        "party_org_status": rng.choice(PARTY_ORG),
        "has_trade_union": "Có" if rng.random() < 0.8 else "Không",
        "trade_union_founded_on": founded,
        "has_youth_union": "Có" if rng.random() < 0.5 else "Không",
        "youth_union_founded_on": founded + dt.timedelta(days=rng.randrange(400)),
        "has_veterans": "Có" if rng.random() < 0.2 else "Không",
        "veterans_founded_on": None,
    }
    return [values[column.field] for column in COLUMNS]


def write_registry_workbook(path: Path, rows: int, seed: int = 1) -> Path:
    """A sheet as a registry office keeps it: a title line, the header, then one enterprise per row."""
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Doanh nghiệp")
    sheet.append(["DANH SÁCH DOANH NGHIỆP TRONG CÁC KHU CÔNG NGHIỆP"])
    sheet.append([column.header for column in COLUMNS])
    for row in generate_registry(rows, rng):
        sheet.append(_sheet_row(row, rng))
    workbook.save(path)
    return path


def read_with_openpyxl(path: Path) -> int:
    """The yardstick: every cell's value, as the import's reader asks for them."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.active
        assert sheet is not None  # the generated file has its one sheet
        return sum(1 for _ in sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


T = TypeVar("T")


def _timed(run: Callable[[], T]) -> tuple[T, float]:
    gc.collect()
    start = time.perf_counter()
    outcome = run()
    return outcome, time.perf_counter() - start


def _import_once(path: Path, database_path: Path) -> tuple[int, float]:
    """`enterprises import FILE` into a fresh database: read, check, write in one transaction, commit.
    Returns the rows found in the database afterwards and the seconds the import took."""
    database_path.unlink(missing_ok=True)
    database = Database(f"sqlite:///{database_path}")
    try:
        models.metadata.create_all(database.engine)  # the schema the migrations build (tests/models/test_schema.py)

        def import_file() -> ImportReport:
            table = read_table(path)
            with database.session() as session:
                return import_rows(session, table)

        report, seconds = _timed(import_file)
        with database.read_session() as session:
            landed = session.execute(select(func.count(Enterprise.id))).scalar_one()
    finally:
        database.dispose()
    if report.rejected:
        raise RuntimeError(f"the import rejected {report.rejected_rows} generated rows: {report.rejected[0].message}")
    return landed, seconds


def run_import_bench(rows: int = 10_000, as_json: bool = False, directory: Path | None = None,
                     repeat: int = 3) -> dict:
    """Generate the workbook, then `repeat` times: the yardstick, then the import into a fresh SQLite database.

    The two alternate so that a machine busy with something else slows both alike; the figures are the medians
    (the ratio: of each run's own ratio). The last run's database is left in `directory` when one is given.
    """
    with tempfile.TemporaryDirectory() as scratch:
        where = Path(directory or scratch)
        where.mkdir(parents=True, exist_ok=True)
        path = write_registry_workbook(where / "registry.xlsx", rows)
        runs = []
        for _ in range(repeat):
            read_rows, read_seconds = _timed(lambda: read_with_openpyxl(path))
            landed, seconds = _import_once(path, where / "bench.sqlite3")
            if landed != rows or read_rows != rows + 2:  # + the title and the header
                raise RuntimeError(f"the import did not land every row: {landed} of {rows}")
            runs.append((seconds, read_seconds))
    seconds = statistics.median(run[0] for run in runs)
    read_seconds = statistics.median(run[1] for run in runs)
    result = {"rows": landed, "seconds": round(seconds, 3), "read_seconds": round(read_seconds, 3),
              "ratio": round(statistics.median(run[0] / run[1] for run in runs), 2)}
    print(f"Registry import benchmark: {rows} enterprises, {len(COLUMNS)} columns, into a fresh SQLite database")
    for number, (run_seconds, run_read) in enumerate(runs, start=1):
        print(f"  run {number}: openpyxl alone reading the file (read-only) {run_read:.2f} s; enterprises import "
              f"(read, check, write, commit) {run_seconds:.2f} s; ratio {run_seconds / run_read:.2f}")
    print(f"  median: import {seconds:.2f} s, openpyxl alone {read_seconds:.2f} s, ratio {result['ratio']}×")
    if as_json:
        print(json.dumps(result))
    return result
