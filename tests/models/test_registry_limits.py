"""The registry import refuses an oversized file or a decompression bomb before parsing it, with a Vietnamese
message, and stays within a modest amount of memory doing so."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile

import openpyxl
import pytest

import models.registry_io as registry_io
from models.errors import InvalidInput
from models.registry_io import read_table

BOMB_UNPACKED = 300 * 2**20   # the audit's bomb: 300 MB of one cell, about 300 KB on disk
MEMORY_CEILING_MB = 250

# Runs the real command in a fresh interpreter and reports its own peak memory (the test process's would include
# whatever earlier tests left behind). VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking process
# into the child, so a test process past the ceiling made the child look as big.
CHILD = """
import json, sys
from cli import main
sys.argv = ["delegation-bot", "enterprises", "import", sys.argv[1], "--quiet"]
try:
    main()
    code = 0
except SystemExit as exit:
    code = exit.code
with open("/proc/self/status") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"exit": code, "peak_mb": peak_kb / 1024}))
"""


def write_bomb(path, unpacked: int, chunk: int = 2**20):
    """An .xlsx whose sheet holds one huge inline string, written in chunks (this process never holds it)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Tên doanh nghiệp", "Mã số thuế"])
    sheet.append(["Công ty A", "0600000001"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                out.writestr(item, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with out.open(item.filename, "w", force_zip64=True) as entry:
                entry.write(head + b'<row r="3"><c r="A3" t="inlineStr"><is><t>')
                for start in range(0, unpacked, chunk):
                    entry.write(b"A" * min(chunk, unpacked - start))
                entry.write(b'</t></is></c><c r="B3" t="inlineStr"><is><t>0600000002</t></is></c></row>'
                            b"</sheetData>" + tail)
    return path


def run_import_in_a_child(path, tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'child.sqlite3'}"}
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300)
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def test_a_decompression_bomb_is_refused_before_it_is_unpacked_within_the_memory_ceiling(tmp_path):
    path = write_bomb(tmp_path / "danh-sach.xlsx", BOMB_UNPACKED)
    assert path.stat().st_size < 2**20   # small on disk
    outcome, message = run_import_in_a_child(path, tmp_path)
    print(f"bomb: {path.stat().st_size} bytes on disk, {BOMB_UNPACKED // 2**20} MB unpacked; "
          f"the import's peak memory {outcome['peak_mb']:.0f} MB")
    assert outcome["exit"] == 2
    assert "Tệp «danh-sach.xlsx» có phần nén bất thường (giải nén ra gấp 1.0" in message
    assert "nên không mở" in message
    assert outcome["peak_mb"] < MEMORY_CEILING_MB


def test_a_workbook_unpacking_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    rows = [["Tên doanh nghiệp", "Mã số thuế", "Địa chỉ"]]
    rows += [[f"Công ty {n}", f"06{n:08d}", f"Lô {n}, Đường Trần Hưng Đạo, KCN Hòa Xá"] for n in range(20_000)]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "dn.xlsx")
    monkeypatch.setattr(registry_io, "MAX_UNPACKED_MB", 1)   # this ordinary workbook unpacks to about 2 MB
    with pytest.raises(InvalidInput, match=r"^Tệp «dn\.xlsx» giải nén ra \d+,\d MB, quá giới hạn 1 MB"):
        read_table(tmp_path / "dn.xlsx")


def test_a_zip_of_too_many_parts_is_refused(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Tên doanh nghiệp", "Mã số thuế"])
    book.save(tmp_path / "dn.xlsx")
    with zipfile.ZipFile(tmp_path / "dn.xlsx", "a") as archive:
        for number in range(registry_io.MAX_ZIP_ENTRIES):
            archive.writestr(f"xl/media/image{number}.png", b"")
    with pytest.raises(InvalidInput, match=r"gồm 1\.0\d\d phần nén, nhiều bất thường"):
        read_table(tmp_path / "dn.xlsx")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_file_larger_than_the_limit_is_refused_unread(tmp_path, suffix):
    path = tmp_path / f"dn{suffix}"
    with path.open("wb") as file:   # sparse: large by its size, nothing on disk
        file.truncate(registry_io.MAX_FILE_MB * 2**20 + 1)
    with pytest.raises(InvalidInput, match=rf"^Tệp «dn\{suffix}» nặng 10,0 MB, quá giới hạn 10 MB của một lần nhập"):
        read_table(path)


def test_more_rows_than_one_import_takes_are_refused_naming_the_row(tmp_path, monkeypatch):
    monkeypatch.setattr(registry_io, "MAX_ROWS", 3)
    path = tmp_path / "dn.csv"
    path.write_text("Tên doanh nghiệp,Mã số thuế\n" + "".join(f"Công ty {n},06{n:08d}\n" for n in range(4)),
                    encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"^Tệp «dn\.csv» có hơn 3 doanh nghiệp \(dòng 5\); mỗi lần nhập tối đa 3"):
        read_table(path)
    path.write_text("Tên doanh nghiệp,Mã số thuế\n" + "".join(f"Công ty {n},06{n:08d}\n" for n in range(3)),
                    encoding="utf-8")
    assert len(read_table(path).rows) == 3
