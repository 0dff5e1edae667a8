"""`delegation-bot bench ...`: benchmarks that print ratios against a yardstick run in the same process."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, help="Benchmarks (each compares with a yardstick in the same run).")
