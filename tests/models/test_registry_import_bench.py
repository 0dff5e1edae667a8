"""`delegation-bot bench import` runs end to end on a small workbook: its JSON line, and the rows in the database."""

from __future__ import annotations

import json

import openpyxl
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from cli import build_app
from models.db import Database
from models.registry import Enterprise
from models.registry_io import COLUMNS

pytestmark = pytest.mark.slow


def test_the_import_benchmark_lands_every_row_and_prints_its_figures(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["bench", "import", "--rows", "120", "--repeat", "2", "--json", "--keep", str(tmp_path / "run")]
    result = CliRunner().invoke(build_app(args), args)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [line.split(":")[0].strip() for line in lines if line.strip().startswith("run ")] == ["run 1", "run 2"]
    last = json.loads(lines[-1])
    assert set(last) == {"rows", "seconds", "read_seconds", "ratio"} and last["rows"] == 120
    assert last["seconds"] > 0 and last["read_seconds"] > 0 and last["ratio"] > 0

    sheet = openpyxl.load_workbook(tmp_path / "run" / "registry.xlsx").active
    header = [cell.value for cell in sheet[2]]
    assert header == [column.header for column in COLUMNS]
    in_file = {row[1]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=3, values_only=True)}
    database = Database(f"sqlite:///{tmp_path / 'run' / 'bench.sqlite3'}")
    try:
        with database.read_session() as session:
            stored = {e.tax_code: e for e in session.scalars(select(Enterprise))}
            assert stored.keys() == in_file.keys() and len(stored) == 120
            for code, row in in_file.items():
                enterprise = stored[code]
                assert (enterprise.name, enterprise.employees, enterprise.official_members) == (
                    row["Tên doanh nghiệp"], row["Số lao động"], row["Số đảng viên chính thức"])
                assert enterprise.zone.name == row["Khu công nghiệp"]
                assert enterprise.trade_union_founded_on == row["Ngày thành lập Công đoàn"].date()
    finally:
        database.dispose()
