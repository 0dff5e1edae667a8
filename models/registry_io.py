"""The enterprise registry as a spreadsheet: import from .xlsx or .csv, export to .xlsx.

Import upserts by tax code and never half-imports: every row is checked first; when any row is rejected nothing is
written unless `partial` is asked for, and the writing happens in the caller's one transaction. An empty cell leaves
the stored value as it is, so a sheet with a few columns filled in cannot wipe out the rest of the registry.
Row numbers are the ones the user sees in Excel (the header row of a sheet starting at row 1 is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError
from pydantic_core import InitErrorDetails
from sqlalchemy import bindparam, insert, select, text as sql_text, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from models.audit import AuditEntry, record_audit
from models.base import table_of, utcnow
from models.cells import sheet_cell
from models.errors import FIELD_LABELS, InvalidInput, from_validation_error
from models.member_counts import CountChange, CountSource
from models.registry import (
    Enterprise,
    EnterpriseInput,
    IndustrialZone,
    Ownership,
    PartyOrgStatus,
    assigned_values,
    get_or_create_zone,
    normalise_tax_code,
)
from models.text import fold, nfc, without_control_characters

# A title such as "DANH SÁCH DOANH NGHIỆP KCN HÒA XÁ" often sits above the header row.
HEADER_SEARCH_ROWS = 20

# What a file may be, checked before it is parsed (the rows as they are read), so a huge or booby-trapped file is
# refused at once and an import stays within a modest amount of memory: 10,000 enterprises with every column filled
# are about 3 MB as .csv and 1 MB as .xlsx, which unpacks to about 10 MB, 9 times its packed size (a decompression
# bomb: a thousand times); importing 20,000 of them peaks at about 180 MB, a refused bomb at the interpreter's 80 MB.
MAX_FILE_MB = 10
MAX_UNPACKED_MB = 50
MAX_PACKING_RATIO = 100
MAX_ZIP_ENTRIES = 1000
MAX_ROWS = 20_000
_RATIO_CHECKED_FROM = 1024 * 1024   # small parts (styles, properties) pack unevenly and are harmless


@dataclass(frozen=True)
class Column:
    """One registry column: the header export writes, the other headers import accepts, and the kind of value."""

    field: str
    header: str
    kind: str  # a key of _PARSERS
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("name", "Tên doanh nghiệp", "text",
           ("Tên", "Tên công ty", "Tên DN", "Doanh nghiệp", "Company", "Company name", "Enterprise")),
    Column("tax_code", "Mã số thuế", "tax_code", ("MST", "Mã số doanh nghiệp", "Mã số DN", "Tax ID")),
    Column("zone", "Khu công nghiệp", "text", ("KCN", "Industrial zone")),
    Column("address", "Địa chỉ", "text"),
    Column("employees", "Số lao động", "integer", ("Lao động", "Số công nhân", "Workers")),
    Column("ownership", "Loại hình", "ownership", ("Sở hữu", "Loại hình sở hữu", "Loại hình doanh nghiệp")),
    Column("country", "Quốc gia", "text", ("Nước đầu tư",)),
    Column("latitude", "Vĩ độ", "number", ("Lat",)),
    Column("longitude", "Kinh độ", "number", ("Lng", "Lon", "Long")),
    Column("official_members", "Số đảng viên chính thức", "integer", ("Đảng viên chính thức",)),
    Column("probationary_members", "Số đảng viên dự bị", "integer", ("Đảng viên dự bị",)),
    Column("party_org_status", "Tổ chức đảng", "party_org", ("Party organisation",)),
    Column("has_trade_union", "Công đoàn", "yes_no", ("Có công đoàn", "Trade union")),
    Column("trade_union_founded_on", "Ngày thành lập Công đoàn", "date"),
    Column("has_youth_union", "Đoàn thanh niên", "yes_no", ("Có Đoàn thanh niên", "Youth union")),
    Column("youth_union_founded_on", "Ngày thành lập Đoàn thanh niên", "date"),
    Column("has_veterans", "Hội CCB", "yes_no", ("Hội Cựu chiến binh", "Cựu chiến binh", "CCB", "Veterans")),
    Column("veterans_founded_on", "Ngày thành lập Hội CCB", "date", ("Ngày thành lập Hội Cựu chiến binh",)),
)

# Folded header -> column; the field name itself ("tax_code" folds to "tax code") is the English header.
_COLUMN_BY_HEADER: dict[str, Column] = {
    fold(text): column
    for column in COLUMNS
    for text in (column.header, column.field, *column.aliases)
}

OWNERSHIP_LABELS = {Ownership.domestic: "Trong nước", Ownership.foreign: "Nước ngoài"}
PARTY_ORG_LABELS = {
    PartyOrgStatus.none: "Chưa có",
    PartyOrgStatus.members_elsewhere: "Sinh hoạt ghép",
    PartyOrgStatus.chi_bo: "Chi bộ cơ sở",
    PartyOrgStatus.dang_bo: "Đảng bộ cơ sở",
    PartyOrgStatus.chi_bo_truc_thuoc: "Chi bộ trực thuộc đảng ủy cơ sở",
}
YES, NO = "Có", "Không"

_OWNERSHIP_WORDS = {
    **{fold(label): value for value, label in OWNERSHIP_LABELS.items()},
    **{value.value: value for value in Ownership},
    "viet nam": Ownership.domestic, "noi dia": Ownership.domestic, "dn trong nuoc": Ownership.domestic,
    "fdi": Ownership.foreign, "von nuoc ngoai": Ownership.foreign, "co von nuoc ngoai": Ownership.foreign,
    "100 von nuoc ngoai": Ownership.foreign, "lien doanh": Ownership.foreign, "dn fdi": Ownership.foreign,
}
_PARTY_ORG_WORDS = {
    **{fold(label): value for value, label in PARTY_ORG_LABELS.items()},
    **{fold(value.value): value for value in PartyOrgStatus},
    "khong": PartyOrgStatus.none, "chua": PartyOrgStatus.none, "sinh hoat ghep": PartyOrgStatus.members_elsewhere,
    "sinh hoat noi khac": PartyOrgStatus.members_elsewhere,
    "chi bo": PartyOrgStatus.chi_bo, "dang bo": PartyOrgStatus.dang_bo,
    "chi bo truc thuoc": PartyOrgStatus.chi_bo_truc_thuoc,
}
_YES_WORDS = {"co", "x", "yes", "true", "1", "da co", "da thanh lap", "roi"}
_NO_WORDS = {"khong", "chua", "chua co", "chua thanh lap", "no", "false", "0"}
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")
_THOUSANDS = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")


class CellError(ValueError):
    """A cell that cannot be read as its column's kind; the message is the Vietnamese reason."""


def _parse_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Registry values are one line: a line break inside a cell (Alt+Enter) becomes a space, control characters go.
    return nfc(" ".join(without_control_characters(str(value)).split()))


def _parse_tax_code(value: object) -> object:
    # A CSV saved from Excel holds the number Excel showed: 9 or 12 digits, the leading zero gone.
    if isinstance(value, str) and re.fullmatch(r"\d{9}|\d{12}", value.strip(), re.ASCII):
        return int(value.strip())
    return value


def _parse_integer(value: object) -> int:
    if isinstance(value, bool):
        raise CellError("phải là một số nguyên")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if _THOUSANDS.match(text):  # "1.200" and "1,200" are both one thousand two hundred
        text = re.sub(r"[.,\s]", "", text)
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    raise CellError(f"'{value}' phải là một số nguyên")


def _parse_number(value: object) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    if text.count(",") == 1 and "." not in text:  # Vietnamese decimal comma: 20,4167
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise CellError(f"'{value}' phải là một số") from None


def _parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2_958_466:
        # A date cell formatted as a number still holds Excel's day count.
        counted: dt.datetime = from_excel(value)
        return counted.date()
    text = str(value).strip()
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(f"'{value}' không phải là ngày hợp lệ (ví dụ 25/12/2021)")


# The words of the yes/no, ownership and party organisation columns repeat on every row: folded once each.
_folded_word = functools.lru_cache(maxsize=1024)(fold)


def _parse_yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    word = _folded_word(str(value)) or str(value).strip()
    if word in _YES_WORDS:
        return True
    if word in _NO_WORDS or word == "-":
        return False
    raise CellError(f"'{value}' phải là «{YES}» hoặc «{NO}»")


def _parse_ownership(value: object) -> Ownership:
    try:
        return _OWNERSHIP_WORDS[_folded_word(str(value))]
    except KeyError:
        raise CellError(f"'{value}' phải là «Trong nước» hoặc «Nước ngoài» (FDI)") from None


def _parse_party_org(value: object) -> PartyOrgStatus:
    try:
        return _PARTY_ORG_WORDS[_folded_word(str(value))]
    except KeyError:
        choices = ", ".join(f"«{label}»" for label in PARTY_ORG_LABELS.values())
        raise CellError(f"'{value}' phải là một trong: {choices}") from None


_PARSERS: dict[str, Callable[[object], object]] = {
    "text": _parse_text,
    "tax_code": _parse_tax_code,
    "integer": _parse_integer,
    "number": _parse_number,
    "date": _parse_date,
    "yes_no": _parse_yes_no,
    "ownership": _parse_ownership,
    "party_org": _parse_party_org,
}


@dataclass(frozen=True)
class RowIn:
    """One data row as read: its row number in the sheet and the non-empty cells of recognised columns."""

    row: int
    values: dict[str, object]


@dataclass(frozen=True)
class RegistryTable:
    """What `read_table` found in a file."""

    source: str                 # file name, and sheet name for a workbook
    header_row: int
    columns: dict[str, str]     # field -> header as written in the file
    ignored_columns: list[str]  # headers that name no registry column
    rows: list[RowIn]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None  # header as written in the file; None when the problem spans the row
    reason: str

    @property
    def message(self) -> str:
        where = f"Dòng {self.row}, cột «{self.column}»" if self.column else f"Dòng {self.row}"
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    rows: int                    # data rows read
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False        # False when rejected rows stopped the import
    rejected: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({error.row for error in self.rejected})

    @property
    def summary(self) -> str:
        if self.written:
            text = (f"Tạo mới {self.created}, cập nhật {self.updated}, không đổi {self.unchanged}, "
                    f"bị từ chối {self.rejected_rows} dòng.")
        else:
            text = (f"Đọc {self.rows} dòng: {self.rows - self.rejected_rows} dòng hợp lệ, "
                    f"{self.rejected_rows} dòng bị từ chối. Chưa ghi gì vào cơ sở dữ liệu.")
        if self.ignored_columns:
            text += " Bỏ qua các cột không nhận ra: " + ", ".join(f"«{name}»" for name in self.ignored_columns) + "."
        return text


# ---- reading ---------------------------------------------------------------------------------------------------

RawRow = tuple[int, tuple[object, ...]]  # (row number as Excel shows it, cell values)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class _Header:
    row: int
    columns: dict[int, Column]   # cell index -> column
    written: dict[str, str]      # field -> header text in the file
    ignored: list[str]
    problem: str | None = None   # why this row cannot be the header although it looks like one


def _read_header(row: int, cells: tuple[object, ...]) -> _Header:
    columns: dict[int, Column] = {}
    written: dict[str, str] = {}
    ignored: list[str] = []
    problem = None
    for index, cell in enumerate(cells):
        if _is_blank(cell):
            continue
        text = nfc(str(cell))
        column = _COLUMN_BY_HEADER.get(fold(text))
        if column is None:
            ignored.append(text)
            continue
        if column.field in written:
            if problem is None:
                first = get_column_letter(next(i for i, c in columns.items() if c.field == column.field) + 1)
                problem = (f"Dòng tiêu đề (dòng {row}) có hai cột cùng là «{column.header}»: cột {first} "
                           f"(«{written[column.field]}») và cột {get_column_letter(index + 1)} («{text}»). "
                           "Hãy xóa hoặc đổi tên một cột.")
            continue
        columns[index] = column
        written[column.field] = text
    return _Header(row, columns, written, ignored, problem)


def _find_header(rows: Iterable[RawRow]) -> tuple[_Header | None, _Header | None, bool]:
    """Scan the first rows for one naming both the enterprise and the tax code.

    Returns (header, best partial header, whether any cell was filled at all).
    """
    best: _Header | None = None
    anything = False
    for row, cells in itertools.islice(rows, HEADER_SEARCH_ROWS):
        if all(_is_blank(cell) for cell in cells):
            continue
        anything = True
        header = _read_header(row, cells)
        if {"name", "tax_code"} <= header.written.keys():
            if header.problem:
                raise InvalidInput(header.problem)
            return header, header, True
        if best is None or len(header.written) > len(best.written):
            best = header
    return None, best, anything


def _no_header_message(where: str, best: _Header | None) -> str:
    required = "«Tên doanh nghiệp» và «Mã số thuế»"
    if best is not None and len(best.written) >= 2:
        missing = [c.header for c in COLUMNS if c.field in ("name", "tax_code") and c.field not in best.written]
        return f"Dòng tiêu đề của {where} (dòng {best.row}) thiếu cột «{missing[0]}». Cần ít nhất hai cột {required}."
    return (f"Không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu của {where}. "
            f"Cần ít nhất hai cột {required} (hoặc name và tax_code).")


def _table_from(source: str, header: _Header, rows: Iterable[RawRow]) -> RegistryTable:
    data: list[RowIn] = []
    for row, cells in rows:
        if row <= header.row:
            continue
        values = {
            column.field: cells[index]
            for index, column in header.columns.items()
            if index < len(cells) and not _is_blank(cells[index])
        }
        if values:  # blank lines, and lines with only a running number, are not rows
            if len(data) == MAX_ROWS:
                raise InvalidInput(f"{source} có hơn {_number(MAX_ROWS)} doanh nghiệp (dòng {row}); mỗi lần nhập "
                                   f"tối đa {_number(MAX_ROWS)}. Hãy chia danh sách thành nhiều tệp.")
            data.append(RowIn(row, values))
    if not data:
        raise InvalidInput(f"{source} chỉ có dòng tiêu đề (dòng {header.row}), không có doanh nghiệp nào để nhập.")
    return RegistryTable(source, header.row, header.written, header.ignored, data)


def _decode(raw: bytes, name: str, encoding: str | None) -> str:
    if encoding:
        try:
            return raw.decode(encoding)
        except LookupError:
            raise InvalidInput(f"Không biết bảng mã «{encoding}».") from None
        except UnicodeDecodeError:
            raise InvalidInput(f"Tệp «{name}» không đọc được bằng bảng mã «{encoding}».") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16 with a byte order mark
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"Tệp «{name}» không phải văn bản UTF-8 (có lẽ là Windows-1258 hoặc TCVN3 của Excel cũ), "
            "nên tiếng Việt sẽ bị lỗi font. Hãy mở tệp trong Excel, chọn «Lưu thành» → «CSV UTF-8», "
            "hoặc gửi thẳng tệp .xlsx."
        ) from None


def _csv_rows(text: str, delimiter: str) -> Iterator[RawRow]:
    # Excel shows one row per record, also when a quoted cell spans several lines.
    for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        yield number, tuple(record)


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")   # 1.032, as Vietnamese writes it


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f}".replace(".", ",") + " MB"   # 35,2 MB


def _check_file_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_MB * 2**20:
        raise InvalidInput(f"Tệp «{path.name}» nặng {_megabytes(size)}, quá giới hạn {MAX_FILE_MB} MB của một lần "
                           "nhập. Hãy bỏ các trang tính, hình ảnh không cần thiết, hoặc chia danh sách thành "
                           "nhiều tệp.")


def _check_packed_size(path: Path) -> None:
    """An .xlsx file is a zip: what it unpacks to is in the zip's directory, read before anything is unpacked.

    The sizes the directory declares are the ones unpacking keeps to (zipfile stops there and checks the CRC).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: the workbook reader says the file is broken
    ratio = max((entry.file_size / max(entry.compress_size, 1) for entry in entries
                 if entry.file_size >= _RATIO_CHECKED_FROM), default=0)
    resave = "Hãy mở tệp gốc bằng Excel và lưu thành một tệp .xlsx mới."
    if ratio > MAX_PACKING_RATIO:
        raise InvalidInput(f"Tệp «{path.name}» có phần nén bất thường (giải nén ra gấp {_number(int(ratio))} lần), "
                           f"thường là tệp hỏng hoặc tệp cố ý làm treo máy, nên không mở. {resave}")
    if len(entries) > MAX_ZIP_ENTRIES:
        raise InvalidInput(f"Tệp «{path.name}» gồm {_number(len(entries))} phần nén, nhiều bất thường đối với một "
                           f"bảng tính, nên không mở. {resave}")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_MB * 2**20:
        raise InvalidInput(f"Tệp «{path.name}» giải nén ra {_megabytes(unpacked)}, quá giới hạn {MAX_UNPACKED_MB} MB "
                           "của một lần nhập. Hãy bỏ các trang tính không cần thiết hoặc chia danh sách thành "
                           "nhiều tệp.")


def _read_csv(path: Path, encoding: str | None) -> RegistryTable:
    _check_file_size(path)
    text = _decode(path.read_bytes(), path.name, encoding)
    source = f"Tệp «{path.name}»"
    if not text.strip():
        raise InvalidInput(f"{source} trống.")
    try:
        # The right separator is the one under which the header cells come apart.
        best = None
        for delimiter in (",", ";", "\t"):
            header, partial, _ = _find_header(_csv_rows(text, delimiter))
            if header is not None:
                return _table_from(source, header, _csv_rows(text, delimiter))
            if partial is not None and (best is None or len(partial.written) > len(best.written)):
                best = partial
    except csv.Error as exc:
        raise InvalidInput(f"{source} không phải CSV hợp lệ: {exc}.") from None
    raise InvalidInput(_no_header_message(f"tệp «{path.name}»", best))


# A read-only workbook's sheet: openpyxl's stubs give its iter_rows to the writable Worksheet only, hence Any.
def _sheet_rows(worksheet: Any) -> Iterator[RawRow]:
    worksheet.reset_dimensions()  # some programs write a wrong sheet size; read what is there
    # Read-only sheets yield empty rows for the gaps, so counting gives the row numbers Excel shows.
    yield from enumerate(worksheet.iter_rows(values_only=True), start=1)


def _read_xlsx(path: Path, sheet: str | None) -> RegistryTable:
    _check_file_size(path)
    _check_packed_size(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise InvalidInput(f"Không mở được tệp Excel «{path.name}»: tệp hỏng hoặc không phải .xlsx.") from None
    try:
        names = workbook.sheetnames
        if sheet is not None:
            chosen = [n for n in names if n == sheet] or [n for n in names if fold(n) == fold(sheet)]
            if not chosen:
                listed = ", ".join(f"«{n}»" for n in names)
                raise InvalidInput(f"Tệp «{path.name}» không có trang tính «{sheet}». Các trang tính có: {listed}.")
            candidates = chosen[:1]
        else:
            # The sheet open when the file was saved first, then the others in order.
            active = workbook.active.title if workbook.active is not None else names[0]
            candidates = [active] + [n for n in names if n != active]
        best, anything = None, False
        for name in candidates:
            header, partial, filled = _find_header(_sheet_rows(workbook[name]))
            anything = anything or filled
            if header is not None:
                return _table_from(f"Trang tính «{name}» của tệp «{path.name}»", header, _sheet_rows(workbook[name]))
            if partial is not None and (best is None or len(partial.written) > len(best.written)):
                best = partial
        if not anything:
            raise InvalidInput(f"Tệp «{path.name}» trống." if sheet is None else f"Trang tính «{sheet}» trống.")
        where = f"trang tính «{candidates[0]}»" if sheet is not None else f"tệp «{path.name}» (mọi trang tính)"
        raise InvalidInput(_no_header_message(where, best))
    finally:
        workbook.close()


def read_table(path: str | Path, *, sheet: str | None = None, encoding: str | None = None) -> RegistryTable:
    """Read an .xlsx workbook or a .csv file into rows; raise InvalidInput (Vietnamese) when the file is unusable.

    CSV: UTF-8 with or without BOM, or UTF-16 with BOM; separated by commas, semicolons or tabs.
    Another encoding (e.g. "cp1258") is read only when named. `sheet` picks a workbook's sheet by name.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"Không tìm thấy tệp «{path}».")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    if suffix in (".csv", ".txt"):
        if sheet is not None:
            raise InvalidInput(f"Tệp CSV «{path.name}» không có trang tính; chỉ chọn trang tính với tệp .xlsx.")
        return _read_csv(path, encoding)
    if suffix == ".xls":
        raise InvalidInput(f"Tệp «{path.name}» là định dạng Excel cũ (.xls). Hãy mở bằng Excel và lưu thành .xlsx.")
    raise InvalidInput(f"Chỉ nhập được tệp .xlsx hoặc .csv, không nhận «{path.name}».")


# ---- checking and writing --------------------------------------------------------------------------------------

def _validation_errors(row: int, exc: ValidationError, columns: dict[str, str], *, skip: set[str]) -> list[RowError]:
    errors = []
    for detail in exc.errors():
        field_name = next((str(p) for p in reversed(detail["loc"]) if not isinstance(p, int)), None)
        if field_name in skip:
            continue  # already reported from the cell itself
        # One error at a time so each gets its own column; the shared translator gives the Vietnamese reason.
        alone: InitErrorDetails = {"type": detail["type"], "loc": detail["loc"], "input": detail["input"]}
        if "ctx" in detail:
            alone["ctx"] = detail["ctx"]
        message = from_validation_error(ValidationError.from_exception_data(exc.title, [alone])).message
        label = FIELD_LABELS.get(field_name or "", field_name or "")
        reason = message.removeprefix(f"{label}: ")
        column = columns.get(field_name or "") or next((c.header for c in COLUMNS if c.field == field_name), None)
        errors.append(RowError(row, column, reason))
    return errors


_KIND_OF = {column.field: column.kind for column in COLUMNS}


def _check_row(row: RowIn, columns: dict[str, str]) -> EnterpriseInput | list[RowError]:
    data: dict[str, object] = {}
    errors: list[RowError] = []
    unreadable: set[str] = set()
    for field_name, raw in row.values.items():
        try:
            data[field_name] = _PARSERS[_KIND_OF[field_name]](raw)
        except CellError as exc:
            errors.append(RowError(row.row, columns[field_name], str(exc)))
            unreadable.add(field_name)
    try:
        checked = EnterpriseInput.model_validate(data)
    except ValidationError as exc:
        return errors + _validation_errors(row.row, exc, columns, skip=unreadable)
    return errors or checked


def _duplicate_errors(table: RegistryTable) -> list[RowError]:
    rows_by_code: dict[str, list[int]] = {}
    for row in table.rows:
        try:
            code = normalise_tax_code(_parse_tax_code(row.values.get("tax_code")))
        except ValueError:
            continue  # reported by the row check
        rows_by_code.setdefault(code, []).append(row.row)
    errors = []
    column = table.columns.get("tax_code")
    for code, rows in rows_by_code.items():
        if len(rows) < 2:
            continue
        for line in rows:
            others = ", ".join(str(r) for r in rows if r != line)
            reason = f"mã số thuế {code} trùng với dòng {others}; mỗi doanh nghiệp chỉ một dòng"
            errors.append(RowError(line, column, reason))
    return errors


# The registry is written in chunks of plain statements rather than one ORM object per row (about 30 s for 10,000
# rows). Not `INSERT … ON CONFLICT DO UPDATE`: an empty cell keeps the stored value, a founding date implies the
# organisation, unchanged rows keep their stamp and get no audit entry, and the report counts created, updated and
# unchanged rows — all of which need the stored row in Python anyway. Reading each chunk's stored rows and then
# inserting and updating with executemany does the same on SQLite and PostgreSQL, in the caller's one transaction.
CHUNK_ROWS = 500

_ENTERPRISES = table_of(Enterprise)
_AUDIT_LOG = table_of(AuditEntry)
_COUNT_CHANGES = table_of(CountChange)
_COUNTS = ("official_members", "probationary_members")
_KEPT_ON_UPDATE = ("id", "created_at", "updated_at")
_WRITTEN = [column.key for column in _ENTERPRISES.columns if column.key not in _KEPT_ON_UPDATE]
# A new enterprise starts from the columns' own defaults (0 members, domestic, no organisations).
_NEW_ENTERPRISE = {
    column.key: column.default.arg if isinstance(column.default, ScalarElementColumnDefault) else None
    for column in _ENTERPRISES.columns if column.key in _WRITTEN
}
_OF_CODES = _ENTERPRISES.c.tax_code.in_(bindparam("codes", expanding=True))
_STORED = select(_ENTERPRISES).where(_OF_CODES)
# New rows' ids are asked afterwards rather than RETURNING-ed: with RETURNING, SQLAlchemy sends psycopg one statement
# of 500 rows' parameters that psycopg parses anew every time (2–3 times slower on PostgreSQL); a plain executemany
# is parsed once.
_INSERT = insert(_ENTERPRISES)
_CREATED = select(_ENTERPRISES.c.id, _ENTERPRISES.c.tax_code).where(_OF_CODES)
_UPDATE = (update(_ENTERPRISES).where(_ENTERPRISES.c.id == bindparam("stored_id"))
           .values({key: bindparam(key) for key in (*_WRITTEN, "updated_at")}))


def _lock_registry(session: Session) -> None:
    """Hold off other writers between reading the stored rows and writing them back.

    SQLite: the transaction already holds the database's write lock (BEGIN IMMEDIATE, see models.db). PostgreSQL:
    a lock that lets readers (the bot's searches) go on and makes a visit that updates a count wait a moment,
    instead of being overwritten with what was read before it.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sql_text("LOCK TABLE enterprises IN SHARE ROW EXCLUSIVE MODE"))


def _zone_ids(session: Session, accepted: list[EnterpriseInput]) -> dict[str, int]:
    names = {data.zone for data in accepted if data.zone}
    return {name: get_or_create_zone(session, name).id for name in sorted(names)}


def _write_chunk(session: Session, chunk: list[EnterpriseInput], zone_ids: dict[str, int], actor: str,
                 now: dt.datetime) -> dict[str, int]:
    stored = {row.tax_code: row._asdict() for row in session.execute(_STORED, {"codes": [d.tax_code for d in chunk]})}
    inserts: list[dict[str, object]] = []
    updates: list[dict[str, object]] = []
    audits: list[dict[str, object]] = []
    counted: list[dict[str, object]] = []   # each change of the member counts, with its source (the import)
    unchanged = 0
    for data in chunk:
        old = stored.get(data.tax_code)
        fields_set = data.model_fields_set if old is not None else data.model_fields_set | {"zone"}
        values = {**(old if old is not None else _NEW_ENTERPRISE), **assigned_values(data, fields_set),
                  "tax_code": data.tax_code}
        if "zone" in fields_set:
            values["zone_id"] = zone_ids[data.zone] if data.zone else None
        if old is None:
            inserts.append({**{key: values[key] for key in _WRITTEN}, "created_at": now, "updated_at": now})
        elif any(values[key] != old[key] for key in _WRITTEN):
            updates.append({**{key: values[key] for key in _WRITTEN}, "stored_id": old["id"], "updated_at": now})
            audits.append(_audit_row(actor, "enterprise.update", old["id"], now,
                                     {"fields": sorted(data.model_fields_set)}))
            if any(values[key] != old[key] for key in _COUNTS):
                counted.append(_count_row(old["id"], values, now.date(), now))
        else:
            unchanged += 1
    if inserts:
        session.execute(_INSERT, inserts)
        by_code = {row["tax_code"]: row for row in inserts}
        for created in session.execute(_CREATED, {"codes": list(by_code)}):
            audits.append(_audit_row(actor, "enterprise.create", created.id, now, None))
            new = by_code[created.tax_code]
            if any(new[key] for key in _COUNTS):
                # The counts it starts with, before anything else happened to it.
                counted.append(_count_row(created.id, new, dt.date.min, now))
    if counted:
        session.execute(insert(_COUNT_CHANGES), counted)
    if updates:
        session.execute(_UPDATE, updates)
    if audits:
        session.execute(insert(_AUDIT_LOG), audits)
    return {"created": len(inserts), "updated": len(updates), "unchanged": unchanged}


def _count_row(enterprise_id: int, values: dict[str, object], on: dt.date, at: dt.datetime) -> dict[str, object]:
    # What `member_counts.set_counts` records: the counts as the import states them.
    return {"enterprise_id": enterprise_id, "effective_on": on, "source": CountSource.imported.name, "sets": True,
            "official": values["official_members"] or 0, "probationary": values["probationary_members"] or 0,
            "source_id": None, "withdrawn_at": None, "by_id": None, "recorded_at": at, "note": None}


def _audit_row(actor: str, action: str, entity_id: int, at: dt.datetime,
               details: dict[str, Any] | None) -> dict[str, object]:
    # The entries `create_enterprise` and `update_enterprise` record, one per enterprise written.
    return {"at": at, "actor": actor, "action": action, "entity": "enterprise", "entity_id": entity_id,
            "details": details}


def _write_all(session: Session, accepted: list[EnterpriseInput], actor: str,
               progress: Callable[[int], object] | None) -> dict[str, int]:
    session.flush()  # what the caller changed through the ORM is in the database before it is read back
    _lock_registry(session)
    zone_ids = _zone_ids(session, accepted)
    now = utcnow()   # one stamp: the search index sees the registry's new version once the import commits
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for start in range(0, len(accepted), CHUNK_ROWS):
        chunk = accepted[start:start + CHUNK_ROWS]
        for key, count in _write_chunk(session, chunk, zone_ids, actor, now).items():
            counts[key] += count
        if progress is not None:
            progress(len(chunk))
    # Enterprises and zones the session holds were written behind its back: read them again when next used.
    for instance in list(session.identity_map.values()):
        if isinstance(instance, (Enterprise, IndustrialZone)):
            session.expire(instance)
    return counts


def import_rows(
    session: Session,
    table: RegistryTable,
    *,
    partial: bool = False,
    actor: str = "cli",
    progress: Callable[[int], object] | None = None,
) -> ImportReport:
    """Check every row, then write all of them, or none when some were rejected and `partial` is False.

    `progress(n)` is told as rows are written; the caller's session is the one transaction.
    """
    report = ImportReport(rows=len(table.rows), ignored_columns=list(table.ignored_columns))
    duplicates = _duplicate_errors(table)
    duplicated_rows = {error.row for error in duplicates}
    accepted: list[EnterpriseInput] = []
    for row in table.rows:
        checked = _check_row(row, table.columns)
        if isinstance(checked, list):
            report.rejected.extend(checked)
        elif row.row not in duplicated_rows:
            accepted.append(checked)
    report.rejected.extend(duplicates)
    # In the order the user reads the sheet: by row, then left to right.
    column_order = {header: index for index, header in enumerate(table.columns.values())}
    report.rejected.sort(key=lambda error: (error.row, column_order.get(error.column or "", len(column_order))))
    if report.rejected and not partial:
        return report
    counts = _write_all(session, accepted, actor, progress)
    report.created, report.updated, report.unchanged = counts["created"], counts["updated"], counts["unchanged"]
    report.written = True
    record_audit(session, actor=actor, action="enterprise.import", entity="enterprise",
                 details={**counts, "rejected_rows": report.rejected_rows})
    return report


def import_enterprises(
    session: Session,
    path: str | Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    partial: bool = False,
    actor: str = "cli",
    progress: Callable[[int], object] | None = None,
) -> ImportReport:
    """Read a file and import it; see `read_table` and `import_rows`."""
    return import_rows(session, read_table(path, sheet=sheet, encoding=encoding),
                       partial=partial, actor=actor, progress=progress)


# ---- export ----------------------------------------------------------------------------------------------------

_NUMBER_FORMATS = {"tax_code": "@", "date": "DD/MM/YYYY", "integer": "#,##0", "number": "0.000000"}


def _cell(enterprise: Enterprise, column: Column) -> object:
    if column.field == "zone":
        return enterprise.zone.name if enterprise.zone is not None else None
    value = getattr(enterprise, column.field)
    if column.kind == "yes_no":
        return YES if value else NO
    if column.kind == "ownership":
        return OWNERSHIP_LABELS[value]
    if column.kind == "party_org":
        return PARTY_ORG_LABELS[value]
    return value


def export_enterprises(session: Session, path: str | Path) -> int:
    """Write every enterprise to an .xlsx file that `import_enterprises` reads back unchanged; returns the count."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InvalidInput(f"Chỉ xuất ra tệp .xlsx, không xuất được «{path.name}».")
    enterprises = sorted(
        session.scalars(select(Enterprise)).all(),
        key=lambda e: (e.zone is None, e.zone.name_folded if e.zone else "", e.name_folded, e.id),
    )
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook has one sheet
    sheet.title = "Doanh nghiệp"
    sheet.append([column.header for column in COLUMNS])
    for enterprise in enterprises:
        sheet.append([sheet_cell(sheet, _cell(enterprise, column)) for column in COLUMNS])  # text stays text
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        number_format = _NUMBER_FORMATS.get(column.kind)
        longest = len(column.header)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if number_format:
                cell.number_format = number_format  # "@" keeps tax codes text when someone edits them in Excel
            if cell.value is not None:
                longest = max(longest, 10 if column.kind == "date" else len(str(cell.value)))
        sheet.column_dimensions[letter].width = min(max(longest + 2, 10), 60)
    last = max(len(enterprises) + 1, 2)  # an Excel table needs a data row, even an empty one
    table = Table(displayName="DoanhNghiep", ref=f"A1:{get_column_letter(len(COLUMNS))}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
    sheet.freeze_panes = "A2"
    workbook.save(path)
    return len(enterprises)
