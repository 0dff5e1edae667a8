"""`delegation-bot`: the command line. Each command group lives in a module of its own."""

from __future__ import annotations

import importlib
import sys

import typer

from texts.bodies import HELP as BODIES_HELP
from texts.reports import CLI_HELP as REPORT_HELP

# name → (module, help): each module has a typer `app`, imported only when its group is run. Its help is here, so
# `delegation-bot --help` lists the groups without importing them (SQLAlchemy, openpyxl, the reports, …).
COMMAND_GROUPS: dict[str, tuple[str, str]] = {
    "db": ("cli.db", "Database: schema (Alembic migrations), backup, restore, copy."),
    "enterprises": ("cli.enterprises", "The enterprise registry."),
    "plan": ("cli.plan", "Kế hoạch: nhập tệp kế hoạch, xem tiến độ, phân công và độ phủ các đợt."),
    "bench": ("cli.bench", "Benchmarks (each compares with a yardstick in the same run)."),
    "sandbox": ("cli.sandbox",
                "Sandbox: dùng thử bot trong trình duyệt, không cần Telegram (mọi thứ chạy trên 127.0.0.1)."),
    "report": ("cli.report", REPORT_HELP),
    "audit": ("cli.audit", "The audit log: who read or changed personal records."),
    "bodies": ("cli.bodies", BODIES_HELP),
    "members": ("cli.members", "Members: invites from the command line."),
}
HELP = "Bot của Đoàn công tác — command line."


def build_app(argv: list[str]) -> typer.Typer:
    """Only the group being run is imported; the others stand as empty groups with their help, enough to list
    them. The long-running `run` thus loads only what running needs."""
    from cli.doctor import doctor
    from cli.run import run

    app = typer.Typer(no_args_is_help=True, add_completion=False, help=HELP)
    app.callback()(lambda: None)   # a group even when only `run` is loaded
    app.command("run")(run)
    app.command("doctor")(doctor)
    wanted = argv[0] if argv else None
    for name, (module, group_help) in COMMAND_GROUPS.items():
        group = importlib.import_module(module).app if name == wanted else typer.Typer()
        app.add_typer(group, name=name, help=group_help)
    return app


def main() -> None:
    try:
        build_app(sys.argv[1:])()
    except Exception as exc:
        from bot.settings import SettingsError  # loaded already if that is what was raised

        if not isinstance(exc, SettingsError):
            raise
        # One clear line naming the setting, not a traceback.
        print(f"Configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
