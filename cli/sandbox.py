"""`delegation-bot sandbox`: try the whole bot in a browser, with no Telegram token and nothing from outside."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

app = typer.Typer()   # its help: cli.COMMAND_GROUPS


@app.callback(invoke_without_command=True)
def sandbox(
    port: int = typer.Option(8080, min=0, max=65535, help="Cổng của trang web (127.0.0.1); 0 = cổng trống bất kỳ."),
    keep: bool = typer.Option(False, "--keep",
                              help="Dùng lại cơ sở dữ liệu và thời gian của lần chạy trước thay vì tạo mới."),
    database: Path = typer.Option(Path("data") / "sandbox.sqlite3", "--database",
                                  help="Tệp SQLite riêng của sandbox (không đụng tới cơ sở dữ liệu thật)."),
    open_browser: bool = typer.Option(False, "--open", help="Mở trang trong trình duyệt mặc định."),
) -> None:
    """Khởi động emulator Bot API, trang chat, cơ sở dữ liệu mẫu và bot thật trỏ vào emulator."""
    import logging

    from bot.runner import configure_logging  # only what the sandbox needs, when it runs
    from sandbox.session import Sandbox, SandboxOptions, serve_until_stopped

    configure_logging()
    for chatty in ("alembic", "telegram.ext"):   # start-up chatter; warnings still show
        logging.getLogger(chatty).setLevel(logging.WARNING)

    def ready(started: Sandbox) -> None:
        report = started.seed_report
        if report is not None:
            how = "mới tạo" if report.fresh else "dùng lại (--keep)"
            typer.echo(f"Cơ sở dữ liệu mẫu {how}: {database} — {report.members} thành viên, "
                       f"{report.enterprises} doanh nghiệp, {report.milestones} mục kế hoạch.")
        if started.emulator is not None:
            typer.echo(f"Emulator Bot API: {started.emulator.url} (API điều khiển: /_emulator/…)")
        typer.echo(f"\n  Sandbox đang chạy: {started.url}\n  Mở địa chỉ này trong trình duyệt. Ctrl+C để dừng.\n")
        if open_browser:
            import webbrowser

            webbrowser.open(started.url)

    options = SandboxOptions(port=port, database_path=database, keep=keep)
    try:
        asyncio.run(serve_until_stopped(options, on_ready=ready))
    except OSError as error:
        typer.echo(f"Không khởi động được sandbox trên cổng {port}: {error.strerror or error}. "
                   f"Thử cổng khác: delegation-bot sandbox --port 8090", err=True)
        raise typer.Exit(1) from None
