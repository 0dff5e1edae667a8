"""`delegation-bot bodies show [--on DATE]`: which body fills each role on a date, as the bodies file says."""

from __future__ import annotations

import typer

from bot.settings import load_settings
from models.bodies import load_bodies
from models.clock import Clock
from models.errors import DomainError
from reports.periods import parse_date
from texts import bodies as t

app = typer.Typer(no_args_is_help=True)   # its help: cli.COMMAND_GROUPS


@app.command("show", help=t.SHOW_HELP)
def show(on: str | None = typer.Option(None, "--on", help=t.ON_HELP),
         zone: str | None = typer.Option(None, "--zone", help=t.ZONE_HELP),
         tax_code: str | None = typer.Option(None, "--tax-code", help=t.TAX_CODE_HELP)) -> None:
    settings = load_settings()
    try:
        day = parse_date(on) if on else Clock(settings.tz).today()
        bodies = load_bodies(settings.bodies_file)
    except DomainError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None
    typer.echo(t.TITLE.format(day=f"{day:%d/%m/%Y}"))
    for role in bodies.roles:
        body = bodies.at(role, day, zone=zone, tax_code=tax_code)
        typer.echo(t.line(role, body.name, body.short, body.since, body.note))
