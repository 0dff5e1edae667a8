"""`delegation-bot doctor`: check the installation (the checks live in `bot.doctor`)."""

from __future__ import annotations

import asyncio

import typer


def doctor() -> None:
    """Check settings, the database, each channel's token and webhook, the time zone; say what to fix."""
    from bot.doctor import diagnose, report

    output, code = report(asyncio.run(diagnose()))
    typer.echo(output)
    raise typer.Exit(code)
