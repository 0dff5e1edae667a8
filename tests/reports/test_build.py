"""Building from the database: the figures are read without the write lock (SQLite), so other users' updates go
on while a report builds; both files are written; the named export needs a coordinator."""

import sqlite3

import pytest
from docx import Document
from openpyxl import load_workbook

from models.errors import PermissionDenied
from models.people import Member
from reports.build import build_report
from reports.periods import half_year_period, parse_period
from tests.reports.conftest import HEADING, NOW, TODAY, TZ, build_scenario


def test_both_files_from_the_database(database, rules, tmp_path):
    with database.session() as session:
        scenario = build_scenario(session, rules)
        coordinator_id = scenario.coordinator.id
        member_id = scenario.member.id
    files = build_report(database, half_year_period(2022, 1), HEADING, tmp_path / "plain", rules=rules, tz=TZ,
                         now=NOW)
    assert files.docx.name == "bao-cao-ket-qua-2022-H1.docx" and files.xlsx.name == "bao-cao-ket-qua-2022-H1.xlsx"
    assert not files.named and files.as_of.isoformat() == "2022-06-30"
    text = "\n".join(p.text for p in Document(str(files.docx)).paragraphs)
    assert "đã có 4 buổi làm việc với 3 doanh nghiệp" in text
    assert load_workbook(files.xlsx)["Làm việc"].max_row == 5
    named = build_report(database, half_year_period(2022, 1), HEADING, tmp_path / "named", rules=rules, tz=TZ,
                         now=NOW, named_by=coordinator_id)
    assert named.named and named.xlsx.name.endswith("-co-ten.xlsx")
    with pytest.raises(PermissionDenied):
        build_report(database, half_year_period(2022, 1), HEADING, tmp_path / "refused", rules=rules, tz=TZ,
                     now=NOW, named_by=member_id)


def test_the_counts_only_variant_names_nobody_and_quotes_no_difficulty(database, rules, tmp_path):
    """For a group: no member's or worker's name, no person met, no difficulty's text — in either file."""
    with database.session() as session:
        scenario = build_scenario(session, rules)
        coordinator_id = scenario.coordinator.id
    with database.read_session() as session:
        period = parse_period(session, "2022-H1", today=TODAY)
    full = build_report(database, period, HEADING, tmp_path / "full", rules=rules, tz=TZ, now=NOW)
    counts = build_report(database, period, HEADING, tmp_path / "counts", rules=rules, tz=TZ, now=NOW,
                          counts_only=True)
    assert counts.counts_only and counts.docx.name.endswith("-so-lieu.docx")

    def everything(files) -> str:
        document = Document(str(files.docx))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        workbook = load_workbook(files.xlsx)
        parts += [str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value]
        return "\n".join(parts)

    secret = [scenario.member.full_name, *scenario.nominee_names, scenario.transferred_name,
              scenario.overdue_difficulty, "Thiếu công nhân may"]
    full_text, counts_text = everything(full), everything(counts)
    assert scenario.overdue_difficulty in full_text and scenario.member.full_name in full_text   # the full one has them
    assert not [value for value in secret if value in counts_text]
    assert set(load_workbook(counts.xlsx).sheetnames) == set(load_workbook(full.xlsx).sheetnames) - {
        "Làm việc", "Khó khăn, kiến nghị", "QCƯT theo doanh nghiệp", "Chuyển sinh hoạt đảng"}
    # No nominees counted per enterprise (a small count at a named workplace points at a person): the totals are
    # in the summary.
    headers = [cell.value for cell in next(load_workbook(counts.xlsx)["Doanh nghiệp"].iter_rows(min_row=1, max_row=1))]
    assert "Quần chúng ưu tú" not in headers and "Tên doanh nghiệp" in headers
    # Section IV says how many recommendations wait, by field, without quoting them.
    assert "Quan tâm chỉ đạo giải quyết 3 kiến nghị của doanh nghiệp" in counts_text
    with pytest.raises(ValueError):
        build_report(database, period, HEADING, tmp_path / "both", rules=rules, tz=TZ, now=NOW,
                     named_by=coordinator_id, counts_only=True)


def test_a_read_session_leaves_the_write_lock_to_writers(tmp_path, sqlite_database_at):
    database = sqlite_database_at(tmp_path / "locks.sqlite3")

    def writer_can_begin() -> bool:
        other = sqlite3.connect(tmp_path / "locks.sqlite3", timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:   # "database is locked"
            return False
        finally:
            other.close()

    with database.read_session() as session:
        session.query(Member).count()
        assert writer_can_begin()
    with database.session() as session:      # an ordinary unit of work does hold it: the check can fail
        session.query(Member).count()
        assert not writer_can_begin()
    with database.read_session() as session:  # and what a reader writes is not kept
        session.add(Member(full_name="Không lưu"))
        session.flush()
    with database.read_session() as session:
        assert session.query(Member).count() == 0
    database.dispose()
