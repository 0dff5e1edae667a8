"""`delegation-bot`: the command line. Each command group lives in a module of its own."""

from __future__ import annotations

import importlib
import sys

import typer

from bot.settings import SettingsError

# (name, module): each module has a typer `app`; imported only when the command line needs it.
COMMAND_GROUPS = (("db", "cli.db"), ("enterprises", "cli.enterprises"), ("plan", "cli.plan"),
                  ("bench", "cli.bench"), ("sandbox", "cli.sandbox"),
                  ("report", "cli.report"), ("audit", "cli.audit"), ("bodies", "cli.bodies"),
                  ("members", "cli.members"))
HELP = "Bot của Đoàn công tác — command line."


def build_app(argv: list[str]) -> typer.Typer:
    """The long-running `run` loads only what running needs: the other groups pull in openpyxl, reports, …"""
    from cli.doctor import doctor
    from cli.run import run

    app = typer.Typer(no_args_is_help=True, add_completion=False, help=HELP)
    app.callback()(lambda: None)   # a group even when only `run` is loaded
    app.command("run")(run)
    app.command("doctor")(doctor)
    wanted = argv[0] if argv else None
    for name, module in COMMAND_GROUPS:
        if wanted in (None, name) or wanted.startswith("-"):
            app.add_typer(importlib.import_module(module).app, name=name)
    return app


def main() -> None:
    try:
        build_app(sys.argv[1:])()
    except SettingsError as exc:
        # One clear line naming the setting, not a traceback.
        print(f"Configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
