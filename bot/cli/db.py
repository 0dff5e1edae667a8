"""`delegation-bot db ...`: the database schema."""

from __future__ import annotations

import typer

from bot.cli.common import open_database
from bot.database import current_revision, upgrade

app = typer.Typer(no_args_is_help=True, help="Database schema (Alembic migrations).")


@app.command("upgrade")
def upgrade_command(revision: str = typer.Argument("head")) -> None:
    """Bring the database schema up to date."""
    _, database = open_database(migrate=False)
    upgrade(database, revision)
    typer.echo(f"Database at revision {current_revision(database)} ({database.dialect}).")


@app.command("current")
def current_command() -> None:
    """Print the schema revision of the database."""
    _, database = open_database(migrate=False)
    typer.echo(current_revision(database) or "empty")
