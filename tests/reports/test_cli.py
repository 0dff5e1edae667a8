"""`delegation-bot report`: the same two files from the command line, for a period code or a range of dates."""

from collections.abc import Iterator

import pytest
from docx import Document
from sqlalchemy import select
from typer.testing import CliRunner

from cli import build_app
from models.audit import AuditEntry
from models.db import Database
from models.people import Identity
from models.rules import load_rules
from tests.reports.conftest import build_scenario


@pytest.fixture
def prepared(tmp_path, monkeypatch, sqlite_database_at) -> Iterator[Database]:
    monkeypatch.chdir(tmp_path)                       # no .env of the developer's
    database = sqlite_database_at(tmp_path / "cli.sqlite3")
    with database.session() as session:
        scenario = build_scenario(session, load_rules())
        session.add(Identity(member_id=scenario.coordinator.id, platform_id="telegram:4242"))
    monkeypatch.setenv("DATABASE_URL", database.url)
    yield database
    database.dispose()


def invoke(*args):
    return CliRunner().invoke(build_app(["report"]), ["report", *args])


def test_report_for_a_period_code_and_for_dates(tmp_path, prepared):
    result = invoke("--period", "2022-H1", "--out", str(tmp_path / "out"), "--today", "2022-07-01")
    assert result.exit_code == 0, result.output
    assert "Đã lập báo cáo 6 tháng đầu năm 2022 (số liệu đến 30/06/2022)" in result.output
    docx = tmp_path / "out" / "bao-cao-ket-qua-2022-H1.docx"
    assert docx.exists() and (tmp_path / "out" / "bao-cao-ket-qua-2022-H1.xlsx").exists()
    dated = Document(str(docx)).tables[0].rows[0].cells[1].paragraphs[-1].text
    assert dated == "Nam Định, ngày 01 tháng 7 năm 2022"
    ranged = invoke("--from", "01/01/2022", "--to", "31/03/2022", "--out", str(tmp_path / "out"),
                    "--today", "2022-07-01")
    assert ranged.exit_code == 0, ranged.output
    assert (tmp_path / "out" / "bao-cao-ket-qua-20220101-20220331.docx").exists()


def test_names_need_a_coordinators_account_and_are_audited(tmp_path, prepared):
    assert invoke("--period", "2022", "--names").exit_code == 2
    result = invoke("--period", "2022", "--names", "--as", "4242", "--out", str(tmp_path / "named"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "named" / "bao-cao-so-ket-2022-co-ten.xlsx").exists()
    with prepared.session() as session:
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "nominee.list")) is not None


@pytest.mark.usefixtures("prepared")
def test_wrong_input_is_one_vietnamese_line(tmp_path):
    assert "Cần --period" in invoke("--out", str(tmp_path)).output
    wrong = invoke("--period", "2022-H3")
    assert wrong.exit_code == 2 and "Không hiểu kỳ báo cáo «2022-H3»" in wrong.output
    listed = invoke("periods")
    assert listed.exit_code == 0 and "wave:dot-1" in listed.output and "2022-H1" in listed.output
