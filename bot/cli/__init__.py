"""`delegation-bot`: the command line. Each command group lives in a module of its own."""

from __future__ import annotations

import sys

import typer

from bot.cli import bench, db, enterprises
from bot.cli.run import run
from bot.settings import SettingsError

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Bot của Đoàn công tác — command line.")
app.add_typer(db.app, name="db")
app.add_typer(enterprises.app, name="enterprises")
app.add_typer(bench.app, name="bench")
app.command("run")(run)


def main() -> None:
    try:
        app()
    except SettingsError as exc:
        # One clear line naming the setting, not a traceback.
        print(f"Configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
