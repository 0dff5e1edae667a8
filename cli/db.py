"""`delegation-bot db ...`: the database schema, backups, and copying to another database.

The work is done in `bot.dbtools`; these commands only read the arguments and print the outcome.
"""

from __future__ import annotations

from pathlib import Path

import typer

from bot.database import current_revision, upgrade
from cli.common import open_database

app = typer.Typer(no_args_is_help=True)   # its help: cli.COMMAND_GROUPS


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


def _confirmed(question: str) -> bool:
    try:
        return typer.confirm(question)
    except typer.Abort:   # no answer (end of input): no
        typer.echo()
        return False


def _fail(error: Exception) -> None:
    typer.echo(str(error), err=True)
    raise typer.Exit(1)


@app.command("backup")
def backup_command(file: Path = typer.Argument(..., help="Where to write the backup (overwritten).")) -> None:
    """A consistent backup while the bot runs: SQLite's online backup, or pg_dump in custom format."""
    from bot.dbtools import DatabaseToolError, backup
    from texts import operator as texts

    _, database = open_database(migrate=False)
    try:
        backup(database, file)
    except DatabaseToolError as error:
        _fail(error)
    typer.echo(texts.backup_done(file, file.stat().st_size))


@app.command("restore")
def restore_command(file: Path = typer.Argument(..., help="A backup made by `db backup`."),
                    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation.")) -> None:
    """Replace the whole database with a backup (stop the bot first), then migrate it to the latest revision."""
    from bot.dbtools import DatabaseToolError, restore
    from texts import operator as texts

    _, database = open_database(migrate=False)
    if not yes and not _confirmed(texts.RESTORE_CONFIRM):
        typer.echo(texts.ABORTED)
        raise typer.Exit(1)
    try:
        kept = restore(database, file)
    except DatabaseToolError as error:
        _fail(error)
    typer.echo(texts.restore_done(file, current_revision(database), kept))


@app.command("copy")
def copy_command(to: str = typer.Option(..., "--to", metavar="URL",
                                        help="The target database, e.g. postgresql+psycopg://bot@localhost/bot"),
                 replace: bool = typer.Option(False, "--replace",
                                              help="Empty a target that already holds rows, then copy.")) -> None:
    """Copy every row from the current database (DATABASE_URL) to another one, checking each table's row count."""
    from bot.dbtools import DatabaseToolError, copy_database
    from texts import operator as texts

    _, database = open_database()
    try:
        report = copy_database(database, to, replace=replace,
                               progress=lambda table, rows: typer.echo(texts.copy_table_line(table, rows)))
    except DatabaseToolError as error:
        _fail(error)
    typer.echo(texts.copy_done(report.total, len(report.rows), report.revision))


@app.command("prune")
def prune_command() -> None:
    """Retention, run daily: blank old sent alerts' texts, delete old review drafts, prune the audit log."""
    from bot.retention import apply_retention
    from models.clock import Clock
    from texts import operator as texts

    settings, database = open_database()
    report = apply_retention(database, settings, Clock(settings.tz).now())
    typer.echo(texts.prune_done(report.outbox_texts, report.draft_files, report.audit_entries))
