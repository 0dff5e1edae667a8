"""`delegation-bot enterprises ...`: the enterprise registry (import, export, search)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, help="The enterprise registry.")
