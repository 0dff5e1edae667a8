"""Importing and exporting the enterprise registry as .xlsx and .csv files, and the CLI commands around them."""

from __future__ import annotations

import datetime as dt
import unicodedata

import openpyxl
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from cli import build_app
from models.audit import AuditEntry
from models.errors import InvalidInput
from models.registry import Enterprise, Ownership, PartyOrgStatus, find_by_tax_code, parse_enterprise, upsert_enterprise
from models.registry_io import COLUMNS, export_enterprises, import_enterprises, read_table

HEADERS = ["Tên doanh nghiệp", "Mã số thuế", "Khu công nghiệp", "Địa chỉ", "Số lao động"]


def write_xlsx(path, rows, title="Danh sách"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text):
    """Windows-1258 as old Excel wrote it: precomposed â ê ô ơ ư đ, tone marks as separate combining characters."""
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in TONE_MARKS)
        out.append(unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS)) + tones)
    return "".join(out).encode("cp1258")


def count_enterprises(session):
    return session.scalar(select(func.count(Enterprise.id)))


def rejected_messages(report):
    return [error.message for error in report.rejected]


# ---- reading ------------------------------------------------------------------------------------------------------

def test_xlsx_with_title_row_imports_and_keeps_tax_codes_as_text(session, tmp_path):
    path = write_xlsx(tmp_path / "dn.xlsx", [
        ["DANH SÁCH DOANH NGHIỆP CHƯA CÓ TỔ CHỨC ĐẢNG"],
        [],
        ["STT", *HEADERS, "Loại hình", "Quốc gia"],
        [1, "Công ty TNHH May Hòa Phát", "0600123456", "KCN Hòa Xá", "Lô A1, đường N2", 350, "Trong nước", None],
        [2, "Công ty TNHH Dong Yang Electronics Việt Nam", 600123457, "Bảo Minh", None, "1.200", "FDI", "Hàn Quốc"],
    ])
    report = import_enterprises(session, path)
    assert (report.created, report.updated, report.unchanged, report.rejected) == (2, 0, 0, [])
    assert report.written and report.ignored_columns == ["STT"]
    garment = find_by_tax_code(session, "0600123456")
    assert garment.zone.name == "KCN Hòa Xá" and garment.employees == 350 and garment.address == "Lô A1, đường N2"
    foreign = find_by_tax_code(session, "0600123457")
    assert foreign.ownership is Ownership.foreign and foreign.country == "Hàn Quốc" and foreign.employees == 1200


@pytest.mark.parametrize("raw, expected", [
    (600123456, "0600123456"),
    (600123456.0, "0600123456"),
    (600123456001, "0600123456-001"),     # 13-digit branch code Excel stored as a number
    ("0600123456001", "0600123456-001"),
    ("0600123456-001", "0600123456-001"),
    (2700123456, "2700123456"),
])
def test_tax_codes_excel_stored_as_numbers(session, tmp_path, raw, expected):
    path = write_xlsx(tmp_path / "dn.xlsx", [HEADERS[:2], ["Công ty TNHH May Hòa Phát", raw]])
    report = import_enterprises(session, path)
    assert report.created == 1, rejected_messages(report)
    assert find_by_tax_code(session, expected) is not None


def test_csv_saved_from_excel_lost_the_leading_zero(session, tmp_path):
    path = write_csv(tmp_path / "dn.csv", "Tên doanh nghiệp,Mã số thuế\nCông ty TNHH May Hòa Phát,600123456\n")
    import_enterprises(session, path)
    assert find_by_tax_code(session, "0600123456") is not None


@pytest.mark.parametrize("header", ["Mã số thuế", "MÃ SỐ THUẾ", "ma so thue", "  Mã  số   thuế ", "Mã số thuế (*)",
                                    "tax_code", "Tax code", "MST"])
def test_headers_match_whatever_diacritics_case_and_spacing(tmp_path, header):
    path = write_csv(tmp_path / "dn.csv", f"Tên doanh nghiệp,{header}\nCông ty A,0600123456\n")
    table = read_table(path)
    assert table.columns["tax_code"] == header.strip() and table.rows[0].values["tax_code"] == "0600123456"


def test_nfd_headers_and_text_are_read_and_stored_nfc(session, tmp_path):
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    path = write_csv(tmp_path / "dn.csv", f"{nfd('Tên doanh nghiệp')},{nfd('Mã số thuế')},{nfd('Khu công nghiệp')}\n"
                                          f"{nfd('Công ty Cổ phần Dệt may Nam Định')},0600123456,{nfd('Hòa Xá')}\n")
    report = import_enterprises(session, path)
    assert report.created == 1, rejected_messages(report)
    enterprise = find_by_tax_code(session, "0600123456")
    assert enterprise.name == "Công ty Cổ phần Dệt may Nam Định"
    assert unicodedata.is_normalized("NFC", enterprise.name) and unicodedata.is_normalized("NFC", enterprise.zone.name)


def test_english_headers(session, tmp_path):
    path = write_csv(tmp_path / "dn.csv", "name,tax_code,zone,address,employees,ownership,country,latitude,longitude\n"
                                          "Shinwon Vina,0600123456,My Trung,Lot C5,900,foreign,Korea,20.38,106.12\n")
    report = import_enterprises(session, path)
    assert report.created == 1, rejected_messages(report)
    enterprise = find_by_tax_code(session, "0600123456")
    assert (enterprise.ownership, enterprise.latitude, enterprise.longitude) == (Ownership.foreign, 20.38, 106.12)


def test_csv_with_bom_is_read(session, tmp_path):
    path = write_csv(tmp_path / "dn.csv", "Tên doanh nghiệp,Mã số thuế\r\nCông ty A,0600123456\r\n", "utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert import_enterprises(session, path).created == 1


def test_semicolon_csv_with_commas_in_addresses(session, tmp_path):
    path = write_csv(tmp_path / "dn.csv",
                     "Tên doanh nghiệp;Mã số thuế;Địa chỉ;Vĩ độ;Kinh độ\n"
                     "Công ty A;0600123456;Lô A1, đường N2, KCN Hòa Xá, TP Nam Định;20,41;106,17\n")
    report = import_enterprises(session, path)
    assert report.created == 1, rejected_messages(report)
    enterprise = find_by_tax_code(session, "0600123456")
    assert enterprise.address == "Lô A1, đường N2, KCN Hòa Xá, TP Nam Định"
    assert (enterprise.latitude, enterprise.longitude) == (20.41, 106.17)


def test_non_utf8_csv_is_refused_with_a_clear_message_unless_the_encoding_is_named(session, tmp_path):
    path = tmp_path / "dn.csv"
    path.write_bytes(cp1258("Tên doanh nghiệp,Mã số thuế\nCông ty Dệt may Nam Định,0600123456\n"))
    with pytest.raises(InvalidInput) as info:
        read_table(path)
    assert "không phải văn bản UTF-8" in info.value.message and "CSV UTF-8" in info.value.message
    report = import_enterprises(session, path, encoding="cp1258")
    assert report.created == 1
    assert find_by_tax_code(session, "0600123456").name == "Công ty Dệt may Nam Định"


@pytest.mark.parametrize("content, expected", [
    ("", "trống"),
    ("  \n\n", "trống"),
    ("Tên doanh nghiệp,Mã số thuế\n", "chỉ có dòng tiêu đề"),
    ("Tên doanh nghiệp,Mã số thuế\n,\n , \n", "chỉ có dòng tiêu đề"),
    ("Họ và tên,Ngày sinh\nNguyễn Văn A,1/1/1990\n", "Không tìm thấy dòng tiêu đề"),
    ("Tên doanh nghiệp,Khu công nghiệp,Địa chỉ\nCông ty A,Hòa Xá,Lô 1\n", "thiếu cột «Mã số thuế»"),
    ("Tên doanh nghiệp,Mã số thuế,MST\nCông ty A,0600123456,0600123456\n", "hai cột cùng là «Mã số thuế»"),
])
def test_unusable_csv_files_say_why(tmp_path, content, expected):
    with pytest.raises(InvalidInput) as info:
        read_table(write_csv(tmp_path / "dn.csv", content))
    assert expected in info.value.message


def test_unusable_workbooks_say_why(tmp_path):
    empty = write_xlsx(tmp_path / "empty.xlsx", [])
    with pytest.raises(InvalidInput, match="trống"):
        read_table(empty)
    header_only = write_xlsx(tmp_path / "header.xlsx", [HEADERS])
    with pytest.raises(InvalidInput, match="chỉ có dòng tiêu đề"):
        read_table(header_only)
    no_header = write_xlsx(tmp_path / "other.xlsx", [["Báo cáo quý"], ["Số liệu", 12]])
    with pytest.raises(InvalidInput, match="Không tìm thấy dòng tiêu đề"):
        read_table(no_header)
    with pytest.raises(InvalidInput) as info:
        read_table(header_only, sheet="Tháng 10")
    assert "không có trang tính «Tháng 10»" in info.value.message and "«Danh sách»" in info.value.message
    not_excel = write_csv(tmp_path / "fake.xlsx", "this is not a zip file")
    with pytest.raises(InvalidInput, match="Không mở được tệp Excel"):
        read_table(not_excel)
    with pytest.raises(InvalidInput, match=r"\.xls"):
        read_table(write_csv(tmp_path / "old.xls", "x"))
    with pytest.raises(InvalidInput, match="Không tìm thấy tệp"):
        read_table(tmp_path / "missing.csv")


def test_sheet_is_chosen_by_name_or_found_among_the_sheets(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Ghi chú"
    workbook.active.append(["Tệp này gồm danh sách doanh nghiệp ở trang sau"])
    other = workbook.create_sheet("DN Hòa Xá")
    other.append(HEADERS[:2])
    other.append(["Công ty A", "0600123456"])
    path = tmp_path / "dn.xlsx"
    workbook.save(path)
    assert read_table(path).source.startswith("Trang tính «DN Hòa Xá»")
    assert len(read_table(path, sheet="dn hoa xa").rows) == 1  # sheet names match like headers do
    with pytest.raises(InvalidInput, match="Không tìm thấy dòng tiêu đề"):
        read_table(path, sheet="Ghi chú")


def test_row_numbers_are_the_ones_excel_shows(tmp_path):
    path = write_xlsx(tmp_path / "dn.xlsx", [["Danh sách"], [], HEADERS[:2], ["Công ty A", "0600123456"], [],
                                             ["Công ty B", "0600123457"]])
    assert [row.row for row in read_table(path).rows] == [4, 6]


# ---- checking and writing ------------------------------------------------------------------------------------------

def test_bad_rows_are_listed_with_row_column_and_reason_and_nothing_is_written(session, tmp_path):
    path = write_xlsx(tmp_path / "dn.xlsx", [
        HEADERS + ["Ngày thành lập Công đoàn", "Công đoàn"],
        ["Công ty TNHH May Hòa Phát", "0600123456", "Hòa Xá", None, 350, None, None],
        ["Công ty Dệt may", "123", "Hòa Xá", None, "nhiều", "31/02/2021", "có lẽ"],
        [None, "0600123458", "Hòa Xá", None, -5, None, None],
    ])
    report = import_enterprises(session, path)
    assert not report.written and report.rejected_rows == 2
    assert rejected_messages(report) == [
        "Dòng 3, cột «Mã số thuế»: Mã số thuế '123' không đúng dạng 10 chữ số (hoặc 10 chữ số và -XXX cho chi nhánh)",
        "Dòng 3, cột «Số lao động»: 'nhiều' phải là một số nguyên",
        "Dòng 3, cột «Ngày thành lập Công đoàn»: '31/02/2021' không phải là ngày hợp lệ (ví dụ 25/12/2021)",
        "Dòng 3, cột «Công đoàn»: 'có lẽ' phải là «Có» hoặc «Không»",
        "Dòng 4, cột «Tên doanh nghiệp»: bắt buộc phải có",
        "Dòng 4, cột «Số lao động»: phải lớn hơn hoặc bằng 0",
    ]
    assert "Chưa ghi gì" in report.summary
    assert count_enterprises(session) == 0


def test_problems_of_the_whole_row_name_no_column(session, tmp_path):
    path = write_csv(tmp_path / "dn.csv", "Tên doanh nghiệp,Mã số thuế,Vĩ độ,Kinh độ,Loại hình\n"
                                          "Công ty A,0600123456,20.41,,Trong nước\nCông ty B,0600123457,,,FDI\n")
    assert rejected_messages(import_enterprises(session, path)) == [
        "Dòng 2: Vĩ độ và kinh độ phải có cả hai hoặc không có",
        "Dòng 3: Doanh nghiệp có vốn nước ngoài cần ghi rõ quốc gia",
    ]


def test_partial_writes_the_good_rows_only(session, tmp_path):
    path = write_csv(tmp_path / "dn.csv", "Tên doanh nghiệp,Mã số thuế\nCông ty A,0600123456\nCông ty B,12\n"
                                          "Công ty C,0600123458\n")
    written = []
    report = import_enterprises(session, path, partial=True, progress=written.append)
    assert report.written and (report.created, report.rejected_rows) == (2, 1)
    assert rejected_messages(report)[0].startswith("Dòng 3, cột «Mã số thuế»")
    assert count_enterprises(session) == 2 and find_by_tax_code(session, "0600123458") is not None
    assert sum(written) == 2


def test_duplicate_tax_codes_in_one_file_reject_every_row_naming_the_others(session, tmp_path):
    path = write_xlsx(tmp_path / "dn.xlsx", [
        HEADERS[:2],
        ["Công ty A", "0600123456"],
        ["Công ty B", "0600123457"],
        ["Công ty A (trùng)", 600123456],  # the same code, stored by Excel as a number
    ])
    report = import_enterprises(session, path, partial=True)
    assert rejected_messages(report) == [
        "Dòng 2, cột «Mã số thuế»: mã số thuế 0600123456 trùng với dòng 4; mỗi doanh nghiệp chỉ một dòng",
        "Dòng 4, cột «Mã số thuế»: mã số thuế 0600123456 trùng với dòng 2; mỗi doanh nghiệp chỉ một dòng",
    ]
    assert report.created == 1 and find_by_tax_code(session, "0600123456") is None


def test_known_tax_code_updates_and_empty_cells_keep_what_is_stored(session, tmp_path):
    upsert_enterprise(session, parse_enterprise({"name": "Công ty TNHH May Hòa Phát", "tax_code": "0600123456",
                                                 "zone": "Hòa Xá", "address": "Lô A1", "employees": 300}), actor="test")
    path = write_xlsx(tmp_path / "dn.xlsx",
                      [HEADERS, ["Công ty TNHH May Hòa Phát Nam Định", 600123456, None, None, 420]])
    report = import_enterprises(session, path)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    enterprise = find_by_tax_code(session, "0600123456")
    assert enterprise.name.endswith("Nam Định") and enterprise.employees == 420
    assert enterprise.address == "Lô A1" and enterprise.zone.name == "Hòa Xá"
    assert count_enterprises(session) == 1


def test_importing_the_same_file_twice_changes_nothing_the_second_time(session, tmp_path):
    path = write_xlsx(tmp_path / "dn.xlsx", [HEADERS, ["Công ty A", "0600123456", "Hòa Xá", "Lô 1", 10],
                                             ["Công ty B", "0600123457", "Bảo Minh", None, None]])
    import_enterprises(session, path)
    stamps = dict(session.execute(select(Enterprise.tax_code, Enterprise.updated_at)).all())
    audits = session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action.like("enterprise.%")))
    report = import_enterprises(session, path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert dict(session.execute(select(Enterprise.tax_code, Enterprise.updated_at)).all()) == stamps
    # Only the import's own summary entry, no per-enterprise "update" for rows that did not change.
    assert session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action.like("enterprise.%"))) == audits + 1


def test_vietnamese_values(session, tmp_path):
    path = write_csv(tmp_path / "dn.csv",
                     "Tên doanh nghiệp,Mã số thuế,Sở hữu,Quốc gia,Số đảng viên chính thức,Số đảng viên dự bị,"
                     "Tổ chức đảng,Công đoàn,Ngày thành lập Đoàn thanh niên,Hội CCB\n"
                     "Công ty A,0600123456,nước ngoài,Nhật Bản,\"1.200\",2,Chi bộ cơ sở,x,05/03/2019,Không\n")
    report = import_enterprises(session, path)
    assert report.created == 1, rejected_messages(report)
    enterprise = find_by_tax_code(session, "0600123456")
    assert enterprise.ownership is Ownership.foreign and enterprise.official_members == 1200
    assert enterprise.party_org_status is PartyOrgStatus.chi_bo and enterprise.has_trade_union
    assert enterprise.youth_union_founded_on == dt.date(2019, 3, 5) and enterprise.has_youth_union
    assert not enterprise.has_veterans


def test_a_large_file_upserts_existing_rows_in_chunks_and_records_each_change(session, tmp_path):
    """More rows than one chunk of the bulk writer: new rows created, known ones updated or left alone, each change
    audited as the one-record writes audit it, and the search index's registry version moves."""
    from models.registry_io import CHUNK_ROWS
    from models.search import registry_version

    total = CHUNK_ROWS * 2 + 7
    known = {f"06{n:08d}": n for n in range(0, total, 3)}   # every third row is already in the registry
    for code, n in known.items():
        upsert_enterprise(session, parse_enterprise({"name": f"Công ty số {n}", "tax_code": code, "zone": "Hòa Xá",
                                                     "address": f"Lô {n}", "employees": n}), actor="test")
    session.commit()
    version = registry_version(session)
    stamps = dict(session.execute(select(Enterprise.tax_code, Enterprise.updated_at)).all())
    audits_before = session.scalar(select(func.count(AuditEntry.id)))
    # Known rows with an even number get a new head count; the other known rows come back as they are.
    rows = [[f"Công ty số {n}", f"06{n:08d}", "KCN Hòa Xá" if n % 2 else "Bảo Minh", None,
             n + 1 if n in known.values() and n % 2 == 0 else n] for n in range(total)]
    written = []
    report = import_enterprises(session, write_xlsx(tmp_path / "dn.xlsx", [HEADERS, *rows]), progress=written.append)
    changed = {code for code, n in known.items() if n % 2 == 0}
    assert (report.created, report.updated, report.unchanged) == (total - len(known), len(changed),
                                                                  len(known) - len(changed))
    assert sum(written) == total and len(written) == 3
    session.commit()
    by_code = {e.tax_code: e for e in session.scalars(select(Enterprise))}
    assert len(by_code) == total
    assert by_code["0600000000"].employees == 1 and by_code["0600000000"].zone.name == "Bảo Minh"
    assert by_code["0600000000"].address == "Lô 0"   # an empty cell keeps what is stored
    assert by_code["0600000003"].employees == 3 and by_code["0600000003"].zone.name == "Hòa Xá"   # «KCN Hòa Xá»
    assert by_code["0600000001"].zone.name == "Hòa Xá" and by_code["0600000001"].official_members == 0
    for code in known:
        assert (by_code[code].updated_at > stamps[code]) == (code in changed)
    entries = session.execute(select(AuditEntry.action, AuditEntry.entity_id, AuditEntry.details)
                              .where(AuditEntry.id > audits_before)).all()
    created = {entity_id for action, entity_id, _ in entries if action == "enterprise.create"}
    updated = {entity_id: details for action, entity_id, details in entries if action == "enterprise.update"}
    assert created == {e.id for code, e in by_code.items() if code not in known}
    assert updated == {by_code[code].id: {"fields": ["employees", "name", "tax_code", "zone"]} for code in changed}
    assert [details for action, _, details in entries if action == "enterprise.import"] == [
        {"created": report.created, "updated": report.updated, "unchanged": report.unchanged, "rejected_rows": 0}]
    assert registry_version(session) != version


def test_one_bad_row_leaves_the_registry_as_it_was(session, tmp_path):
    upsert_enterprise(session, parse_enterprise({"name": "Công ty A", "tax_code": "0600123456", "employees": 10}),
                      actor="test")
    session.commit()
    audits = session.scalar(select(func.count(AuditEntry.id)))
    rows = [["Công ty A đổi tên", "0600123456", None, None, 20]]
    rows += [[f"Công ty {n}", f"06{n:08d}", "Hòa Xá", None, n] for n in range(1, 1200)]
    rows[700][4] = "bảy trăm"
    report = import_enterprises(session, write_xlsx(tmp_path / "dn.xlsx", [HEADERS, *rows]))
    assert not report.written and rejected_messages(report) == [
        "Dòng 702, cột «Số lao động»: 'bảy trăm' phải là một số nguyên"]
    session.commit()
    session.expire_all()
    assert count_enterprises(session) == 1
    assert (find_by_tax_code(session, "0600123456").name, find_by_tax_code(session, "0600123456").employees) == (
        "Công ty A", 10)
    assert session.scalar(select(func.count(AuditEntry.id))) == audits


def test_partial_imports_the_good_rows_around_the_bad_ones_and_updates_known_ones(session, tmp_path):
    upsert_enterprise(session, parse_enterprise({"name": "Công ty A", "tax_code": "0600123456", "employees": 10}),
                      actor="test")
    path = write_csv(tmp_path / "dn.csv", "Tên doanh nghiệp,Mã số thuế,Số lao động\nCông ty A,0600123456,25\n"
                                          "Công ty B,0600123457,-3\nCông ty C,0600123458,7\n")
    report = import_enterprises(session, path, partial=True)
    assert report.written and (report.created, report.updated, report.unchanged, report.rejected_rows) == (1, 1, 0, 1)
    assert rejected_messages(report) == ["Dòng 3, cột «Số lao động»: phải lớn hơn hoặc bằng 0"]
    assert find_by_tax_code(session, "0600123456").employees == 25
    assert find_by_tax_code(session, "0600123457") is None and find_by_tax_code(session, "0600123458").employees == 7


# ---- export ------------------------------------------------------------------------------------------------------

def seed_registry(session):
    rows = [
        {"name": "Công ty TNHH May Hòa Phát", "tax_code": "0600123456", "zone": "KCN Hòa Xá", "address": "Lô A1",
         "employees": 350, "latitude": 20.4123, "longitude": 106.1789, "official_members": 2,
         "trade_union_founded_on": dt.date(2020, 5, 1)},
        {"name": "Chi nhánh Công ty TNHH May Hòa Phát", "tax_code": "0600123456-001", "zone": "Bảo Minh"},
        {"name": "Công ty TNHH Dong Yang Electronics Việt Nam", "tax_code": "0600999999", "ownership": "foreign",
         "country": "Hàn Quốc", "party_org_status": "members_elsewhere", "has_youth_union": True,
         "probationary_members": 1},
        {"name": "Công ty Cổ phần Dệt may Nam Định", "tax_code": "0601000001"},
    ]
    for row in rows:
        upsert_enterprise(session, parse_enterprise(row), actor="test")
    session.flush()
    return rows


def test_export_writes_a_table_with_text_tax_codes_numbers_and_dates(session, tmp_path):
    seed_registry(session)
    path = tmp_path / "registry.xlsx"
    assert export_enterprises(session, path) == 4
    sheet = openpyxl.load_workbook(path).active
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
    assert sheet.freeze_panes == "A2" and list(sheet.tables) == ["DoanhNghiep"]
    assert sheet.tables["DoanhNghiep"].ref == f"A1:{openpyxl.utils.get_column_letter(len(COLUMNS))}5"
    by_code = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    branch = by_code["0600123456-001"]
    head = by_code["0600123456"]
    assert head[1].data_type == "s" and head[1].number_format == "@"
    assert head[4].value == 350 and isinstance(head[4].value, int)
    union_date = head[[c.field for c in COLUMNS].index("trade_union_founded_on")]
    assert union_date.is_date and union_date.value.date() == dt.date(2020, 5, 1)
    assert branch[2].value == "Bảo Minh"
    assert sheet.column_dimensions["A"].width > len("Tên doanh nghiệp")


def test_export_then_import_changes_nothing(session, tmp_path):
    seed_registry(session)
    before = {e.tax_code: (e.name, e.zone_id, e.address, e.employees, e.latitude, e.longitude, e.ownership, e.country,
                           e.official_members, e.probationary_members, e.party_org_status, e.has_trade_union,
                           e.trade_union_founded_on, e.has_youth_union, e.has_veterans)
              for e in session.scalars(select(Enterprise))}
    path = tmp_path / "registry.xlsx"
    export_enterprises(session, path)
    report = import_enterprises(session, path)
    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 0, 4, [])
    session.expire_all()
    after = {e.tax_code: (e.name, e.zone_id, e.address, e.employees, e.latitude, e.longitude, e.ownership, e.country,
                          e.official_members, e.probationary_members, e.party_org_status, e.has_trade_union,
                          e.trade_union_founded_on, e.has_youth_union, e.has_veterans)
             for e in session.scalars(select(Enterprise))}
    assert after == before


def test_export_of_an_empty_registry_and_to_a_wrong_suffix(session, tmp_path):
    assert export_enterprises(session, tmp_path / "empty.xlsx") == 0
    with pytest.raises(InvalidInput, match="chỉ có dòng tiêu đề"):
        read_table(tmp_path / "empty.xlsx")
    with pytest.raises(InvalidInput, match=r"\.xlsx"):
        export_enterprises(session, tmp_path / "registry.csv")


# ---- the command line -----------------------------------------------------------------------------------------------

@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no stray .env; the database lives in the test's directory
    runner = CliRunner()
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    return lambda *args: runner.invoke(build_app(list(args)), list(args), env=env)


def test_cli_import_refuses_a_file_with_bad_rows_then_partial_imports(cli, tmp_path):
    path = write_csv(tmp_path / "dn.csv", "Tên doanh nghiệp,Mã số thuế,Khu công nghiệp\n"
                                          "Công ty TNHH May Hòa Phát,0600123456,Hòa Xá\nCông ty B,0600,Hòa Xá\n")
    refused = cli("enterprises", "import", str(path))
    assert refused.exit_code == 1
    assert "Dòng 3, cột «Mã số thuế»: Mã số thuế '0600' không đúng dạng" in refused.output
    assert "Chưa ghi gì" in refused.output and "--partial" in refused.output
    assert "Không tìm thấy" in cli("enterprises", "search", "hoa phat").output

    partial = cli("enterprises", "import", str(path), "--partial", "--quiet")
    assert partial.exit_code == 0
    assert "Tạo mới 1, cập nhật 0, không đổi 0, bị từ chối 1 dòng." in partial.output
    found = cli("enterprises", "search", "hoa phat")
    assert found.exit_code == 0 and found.output.startswith("1. Công ty TNHH May Hòa Phát — MST 0600123456 — Hòa Xá")


def test_cli_file_problems_exit_2_with_the_message(cli, tmp_path):
    missing = cli("enterprises", "import", str(tmp_path / "missing.xlsx"))
    assert missing.exit_code == 2 and "Không tìm thấy tệp" in missing.output
    wrong_sheet = cli("enterprises", "import", str(write_xlsx(tmp_path / "dn.xlsx", [HEADERS])), "--sheet", "Khác")
    assert wrong_sheet.exit_code == 2 and "không có trang tính «Khác»" in wrong_sheet.output
    assert cli("enterprises", "export", str(tmp_path / "out.csv")).exit_code == 2


def test_cli_export_then_import_round_trip(cli, tmp_path):
    source = write_xlsx(tmp_path / "dn.xlsx", [HEADERS, ["Công ty A", 600123456, "Hòa Xá", "Lô 1", 10],
                                               ["Công ty B", "0600123457-001", "Bảo Minh", None, None]])
    assert cli("enterprises", "import", str(source)).exit_code == 0
    exported = cli("enterprises", "export", str(tmp_path / "out.xlsx"))
    assert exported.exit_code == 0 and "Đã xuất 2 doanh nghiệp" in exported.output
    again = cli("enterprises", "import", str(tmp_path / "out.xlsx"))
    assert again.exit_code == 0 and "Tạo mới 0, cập nhật 0, không đổi 2, bị từ chối 0 dòng." in again.output
    by_code = cli("enterprises", "search", "0600123457-001")
    assert by_code.output.startswith("1. Công ty B — MST 0600123457-001 — Bảo Minh (mã số thuế, 100)")
