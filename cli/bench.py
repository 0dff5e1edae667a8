"""`delegation-bot bench ...`: benchmarks that print ratios against a yardstick run in the same process or run.

Each prints its figures; `--json` makes the last line a JSON object for tools.
"""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True)   # its help: cli.COMMAND_GROUPS
JSON_HELP = "Make the last line a JSON object."


@app.command("search")
def search(n: int = typer.Option(10_000, help="Enterprises generated."),
           queries: int = typer.Option(1000, help="Queries timed."),
           json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Enterprise search against rapidfuzz's plain process.extract over the same names."""
    from bench.search import run_search_bench

    run_search_bench(n=n, queries=queries, as_json=json)


@app.command("echo")
def echo(users: int = typer.Option(50, help="Simulated users."),
         messages: int = typer.Option(20, help="Messages per user."),
         json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """A bare python-telegram-bot echo bot on the emulator: the yardstick of the chat benchmarks."""
    from bench.echo import run_echo_bench

    run_echo_bench(users=users, messages_per_user=messages, as_json=json)


@app.command("chat")
def chat(members: int = typer.Option(100, help="Simulated members logging visits at once."),
         visits: int = typer.Option(2, help="Visits each member logs."),
         think: float = typer.Option(2.0, help="Mean seconds between a member's taps in the paced pass."),
         repeat: int = typer.Option(3, help="Saturated runs per bot, alternating; the median counts."),
         json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Members log visits concurrently on SQLite; the echo bot in the same run is the yardstick."""
    from bench.chat import run_chat_bench

    run_chat_bench(members=members, visits=visits, as_json=json, think_s=think, repeat=repeat)


@app.command("fanout")
def fanout(members: int = typer.Option(1000, help="Members who each get one reminder."),
           json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """One reminder to each member with the emulator's limits on, against the bound 30 messages/s sets."""
    from bench.fanout import run_fanout_bench

    run_fanout_bench(members=members, as_json=json)


@app.command("report")
def report(json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """The five-year report on a generated database, and /help's latency from another user meanwhile."""
    from bench.report import run_report_bench

    run_report_bench(as_json=json)


@app.command("fiveyear")
def fiveyear(start: str = typer.Option("2021-09-15", help="First day lived (YYYY-MM-DD)."),
             end: str = typer.Option("2026-03-31", help="Last day lived (YYYY-MM-DD)."),
             drafts: bool = typer.Option(True, "--drafts/--no-drafts", help="Build the review drafts (real files)."),
             json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """The plan lived day by day with nobody acting: what the scheduler sends, per kind, chat and month."""
    import datetime as dt

    from bench.fiveyear import run_fiveyear_bench

    run_fiveyear_bench(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end), drafts=drafts,
                       as_json=json)


@app.command("import")
def import_(rows: int = typer.Option(10_000, help="Enterprises in the generated workbook."),
            json: bool = typer.Option(False, "--json", help=JSON_HELP),
            repeat: int = typer.Option(3, min=1, help="Runs, each yardstick then import, alternating; medians count."),
            keep: Path | None = typer.Option(None, "--keep", help="Leave the workbook and the database in this folder.")
            ) -> None:
    """`enterprises import` of a generated workbook into a fresh database, against openpyxl alone reading it."""
    from bench.registry_import import run_import_bench

    run_import_bench(rows=rows, as_json=json, directory=keep, repeat=repeat)


@app.command("zalo")
def zalo(visits: int = typer.Option(3, help="Visits the member logs on each channel."),
         show: bool = typer.Option(False, "--show", help="Print the first visit as the member reads it on Zalo."),
         json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """bench chat's typical visit on the Zalo emulator (typed numbers and words), Telegram's in the same run."""
    from bench.zalo import run_zalo_bench

    run_zalo_bench(visits=visits, as_json=json, show=show)
