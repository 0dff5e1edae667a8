"""The Excel workbook: real tables, frozen headers, dates as dates, numbers as numbers, tax codes as text; the
figures are the scenario's; names only in a coordinator's named export, which is audited."""

import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models.audit import AuditEntry
from models.errors import PermissionDenied
from reports.build import named_lists
from reports.workbook import write_workbook
from tests.reports.test_figures import figures_for
from texts import reports as t


def sheet_rows(sheet):
    """The table's rows as dicts by header (the table's own header row, wherever it starts)."""
    (table,) = sheet.tables.values()
    rows = list(sheet[table.ref])
    headers = [cell.value for cell in rows[0]]
    return [dict(zip(headers, (cell for cell in row), strict=True)) for row in rows[1:]]


@pytest.fixture(scope="module")
def workbook(rendered):
    return load_workbook(rendered.files.xlsx)


@pytest.fixture(scope="module")
def known(rendered):
    return rendered.scenario


def test_every_sheet_is_one_excel_table_with_its_header_frozen(workbook):
    assert workbook.sheetnames == [t.SHEET[key] for key in (
        "summary", "enterprises", "waves", "visits", "difficulties", "admissions", "nominee_enterprises",
        "transfers", "foundings", "milestones", "targets")]
    names = set()
    for sheet in workbook.worksheets:
        (table,) = sheet.tables.values()
        header_row = int(table.ref.split(":")[0][1:])
        assert sheet.freeze_panes.endswith(str(header_row + 1)), sheet.title
        assert [c.name for c in table.tableColumns] == [cell.value for cell in sheet[header_row]
                                                        if cell.value is not None], sheet.title
        assert all(sheet.column_dimensions[letter].width >= 6 for letter in "AB"), sheet.title
        names.add(table.displayName)
    assert len(names) == len(workbook.worksheets)


def test_values_have_their_types(workbook, known):
    enterprises = {row["Tên doanh nghiệp"].value: row for row in sheet_rows(workbook[t.SHEET["enterprises"]])}
    branch = enterprises[known.founded]["Mã số thuế"]
    assert branch.value == "0600000003-001" and branch.data_type == "s" and branch.number_format == "@"
    assert enterprises["Công ty TNHH Bao bì Rạng Đông"]["Mã số thuế"].value == "0600000004"   # leading zero kept
    assert enterprises[known.eligible]["Số buổi làm việc trong kỳ"].value == 2
    assert enterprises[known.eligible]["Buổi làm việc gần nhất"].value == dt.datetime(2022, 2, 15)
    assert enterprises[known.eligible]["Buổi làm việc gần nhất"].number_format == "DD/MM/YYYY"
    visits = sheet_rows(workbook[t.SHEET["visits"]])
    assert [row["Ngày"].value.date() for row in visits] == [
        dt.date(2022, 1, 10), dt.date(2022, 2, 15), dt.date(2022, 3, 1), dt.date(2022, 5, 5)]
    (wave,) = sheet_rows(workbook[t.SHEET["waves"]])
    assert wave["Tỷ lệ (%)"].value == pytest.approx(2 / 3) and wave["Tỷ lệ (%)"].number_format == "0%"


def test_the_figures_are_the_scenarios(workbook, known):
    summary = {row["Nội dung"].value: row["Số liệu"].value for row in sheet_rows(workbook[t.SHEET["summary"]])}
    assert summary[t.SUMMARY_ROWS["visits"]] == 4
    assert summary[t.SUMMARY_ROWS["received"]] == 4 and summary[t.SUMMARY_ROWS["overdue"]] == 2
    assert summary[t.SUMMARY_ROWS["nominated"]] == 2 and summary[t.SUMMARY_ROWS["admitted"]] == 1
    assert summary[t.SUMMARY_ROWS["members_transferred"]] == 3
    assert summary[t.SUMMARY_ROWS["party_orgs_founded"]] == 1 and summary[t.SUMMARY_ROWS["mass_orgs_founded"]] == 1
    difficulties = sheet_rows(workbook[t.SHEET["difficulties"]])
    assert len(difficulties) == 5            # four received in the period, one carried over still open
    late = {row["Nội dung"].value: row["Số ngày"].value for row in difficulties if row["Quá hạn"].value == t.YES}
    assert late == {"Thủ tục phòng cháy kéo dài": 217, known.overdue_difficulty: 149}
    milestones = {row["Mục"].value: row["Trạng thái"].value for row in sheet_rows(workbook[t.SHEET["milestones"]])}
    assert milestones["2.2"] == t.MILESTONE_STATUS["overdue"] and milestones["2.5"] == t.MILESTONE_STATUS["done"]


def test_no_names_of_nominees_or_transferred_members_without_asking(workbook, known):
    text = " ".join(str(cell.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
                    if cell.value is not None)
    for name in (*known.nominee_names, known.transferred_name):
        assert name not in text
    assert t.SHEET["nominee_names"] not in workbook.sheetnames


def test_a_coordinators_named_export_is_audited(session, rules, scenario, tmp_path):
    figures = figures_for(session, rules)
    named = named_lists(session, figures, scenario.coordinator.id)
    workbook = load_workbook(write_workbook(figures, tmp_path / "named.xlsx", rules, named=named))
    names = [row["Họ và tên"].value for row in sheet_rows(workbook[t.SHEET["nominee_names"]])]
    assert sorted(names) == sorted(scenario.nominee_names)
    transfers = [row[t.TRANSFER_NAME_HEADER].value for row in sheet_rows(workbook[t.SHEET["transfers"]])]
    assert scenario.transferred_name in transfers
    actions = set(session.scalars(select(AuditEntry.action).where(AuditEntry.actor == scenario.coordinator.actor)))
    assert {"nominee.list", "transfer.list"} <= actions
    with pytest.raises(PermissionDenied):
        named_lists(session, figures, scenario.member.id)
