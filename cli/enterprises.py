"""`delegation-bot enterprises ...`: the enterprise registry (import, export, search)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from tqdm import tqdm

from cli.common import open_database
from models.errors import DomainError
from models.registry_io import export_enterprises, import_rows, read_table
from models.search import DEFAULT_LIMIT, MAX_LIMIT, MatchKind, search_enterprises

app = typer.Typer(no_args_is_help=True)   # its help: cli.COMMAND_GROUPS

MATCH_LABELS = {
    MatchKind.tax_code: "mã số thuế",
    MatchKind.words: "khớp đủ từ",
    MatchKind.prefix: "khớp đầu từ",
    MatchKind.typo: "gần đúng",
    MatchKind.some_words: "khớp một phần",
}


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(2)


@app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="Tệp .xlsx hoặc .csv (tiêu đề tiếng Việt hoặc tiếng Anh)."),
    sheet: str | None = typer.Option(None, "--sheet", help="Tên trang tính cần nhập (mặc định: trang có tiêu đề)."),
    partial: bool = typer.Option(False, "--partial", help="Nhập các dòng hợp lệ dù có dòng bị từ chối."),
    encoding: str | None = typer.Option(None, "--encoding", help="Bảng mã của tệp CSV không phải UTF-8, ví dụ cp1258."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Không hiện thanh tiến trình."),
) -> None:
    """Import enterprises (upsert by tax code); nothing is written if a row is rejected, unless --partial."""
    try:
        table = read_table(file, sheet=sheet, encoding=encoding)
    except DomainError as exc:
        raise _fail(exc.message) from None
    _, database = open_database()
    # The bar shows only on a terminal and only once an import takes a moment (large files).
    bar = tqdm(total=len(table.rows), desc="Nhập", unit=" dòng", file=sys.stderr, leave=False, delay=0.5,
               disable=quiet or not sys.stderr.isatty())
    with bar, database.session() as session:
        report = import_rows(session, table, partial=partial, progress=bar.update)
    typer.echo(f"{table.source}: {len(table.rows)} dòng dữ liệu, tiêu đề ở dòng {table.header_row}.")
    for error in report.rejected:
        typer.echo(error.message)
    typer.echo(report.summary)
    if report.rejected and not partial:
        typer.echo("Sửa các dòng trên rồi nhập lại, hoặc thêm --partial để chỉ nhập các dòng hợp lệ.", err=True)
        raise typer.Exit(1)


@app.command("export")
def export_command(
    file: Path = typer.Argument(..., help="Tệp .xlsx sẽ ghi (ghi đè nếu đã có)."),
) -> None:
    """Export every enterprise to an .xlsx file that `import` reads back."""
    _, database = open_database()
    try:
        with database.session() as session:
            count = export_enterprises(session, file)
    except DomainError as exc:
        raise _fail(exc.message) from None
    typer.echo(f"Đã xuất {count} doanh nghiệp ra «{file}».")


@app.command("search")
def search_command(
    text: str = typer.Argument(..., help="Tên (có dấu hay không dấu), một phần tên, KCN hoặc mã số thuế."),
    limit: int = typer.Option(DEFAULT_LIMIT, "--limit", "-n", min=1, max=MAX_LIMIT, help="Số kết quả tối đa."),
) -> None:
    """Find enterprises by name, zone or tax code (diacritics-insensitive, typo-tolerant)."""
    _, database = open_database()
    with database.session() as session:
        hits = search_enterprises(session, text, limit)
    if not hits:
        typer.echo(f"Không tìm thấy doanh nghiệp nào khớp với «{text}».")
        return
    for number, hit in enumerate(hits, start=1):
        zone = f" — {hit.zone}" if hit.zone else ""
        typer.echo(f"{number}. {hit.name} — MST {hit.tax_code}{zone} ({MATCH_LABELS[hit.matched]}, {hit.score:.0f})")
