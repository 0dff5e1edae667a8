"""`delegation-bot report ...`: the review report (Word and Excel) for a period, as the chat's /baocao builds it.

    delegation-bot report --period 2022-H1 --out reports-out
    delegation-bot report --from 2022-01-01 --to 2022-03-31 --out reports-out
    delegation-bot report --period review:2.7 --out reports-out
    delegation-bot report --period plan --out reports-out --names --as telegram:123456
    delegation-bot report --period 2022 --out reports-out --counts-only
    delegation-bot report periods
    delegation-bot report recommendations --out reports-out
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import typer

from bot.settings import Settings
from cli.common import open_database
from models.bodies import load_bodies
from models.clock import Clock
from models.errors import DomainError
from models.people import member_by_platform_id
from models.plan import get_plan
from models.rules import load_rules
from reports.heading import ReportHeading
from reports.periods import (
    custom_period,
    parse_date,
    parse_period,
    period_choices,
    plan_of,
    review_choices,
    running_plan,
)
from texts import reports as t

app = typer.Typer(invoke_without_command=True)   # its help: cli.COMMAND_GROUPS


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(2)


def heading_from(settings: Settings) -> ReportHeading:
    return ReportHeading(bodies=load_bodies(settings.bodies_file))


def _now(settings: Settings, clock: Clock, today: str | None) -> dt.datetime:
    if not today:
        return clock.now()
    return dt.datetime.combine(parse_date(today), dt.time(12, 0), tzinfo=settings.tz).astimezone(dt.UTC)


@app.callback()
def report(
    context: typer.Context,
    period: str | None = typer.Option(None, "--period", "-p", help=t.CLI_PERIOD_HELP),
    start: str | None = typer.Option(None, "--from", help=t.CLI_FROM_HELP),
    end: str | None = typer.Option(None, "--to", help=t.CLI_TO_HELP),
    out: Path = typer.Option(Path("reports-out"), "--out", "-o", help=t.CLI_OUT_HELP),
    plan: str | None = typer.Option(None, "--plan", help=t.CLI_PLAN_HELP),
    names: bool = typer.Option(False, "--names", help=t.CLI_NAMES_HELP),
    account: str | None = typer.Option(None, "--as", help=t.CLI_AS_HELP),
    today: str | None = typer.Option(None, "--today", help=t.CLI_TODAY_HELP),
    counts_only: bool = typer.Option(False, "--counts-only", help=t.CLI_COUNTS_ONLY_HELP),
) -> None:
    """Build the report for a period (see `report periods` for what can be chosen)."""
    if context.invoked_subcommand is not None:
        return
    if not period and not (start and end):
        raise _fail(t.CLI_NEED_PERIOD)
    if names and not account:
        raise _fail(t.CLI_NAMES_NEED_AS)
    if names and counts_only:
        raise _fail(t.CLI_NAMES_OR_COUNTS)
    settings, database = open_database()
    clock = Clock(settings.tz)
    try:
        now = _now(settings, clock, today)
        local_today = now.astimezone(settings.tz).date()
        with database.read_session() as session:
            if period:
                chosen = parse_period(session, period, today=local_today, plan_code=plan)
            else:
                assert start is not None and end is not None
                first, last = parse_date(start), parse_date(end)
                chosen = custom_period(first, last, plan_of(session, first, last, plan))
            named_by = None
            if names:
                assert account is not None
                member = member_by_platform_id(session, _platform_id(account))
                if member is None:
                    raise _fail(t.CLI_UNKNOWN_ACCOUNT.format(account=account))
                named_by = member.id
        from reports.build import build_report  # the heavy libraries load only for this command

        started = time.perf_counter()
        files = build_report(database, chosen, heading_from(settings), out, rules=load_rules(settings.rules_file),
                             tz=settings.tz, now=now, named_by=named_by, counts_only=counts_only)
    except DomainError as error:
        raise _fail(error.message) from None
    finally:
        database.dispose()
    typer.echo(t.CLI_WROTE.format(phrase=files.period.phrase, as_of=t.day(files.as_of),
                                  seconds=time.perf_counter() - started))
    for path in (files.docx, files.xlsx):
        typer.echo(t.CLI_FILE.format(path=path))


def _platform_id(account: str) -> str:
    """A bare number is a Telegram account, as in the settings."""
    return f"telegram:{account}" if account.lstrip("-").isdigit() else account


@app.command("periods")
def periods(plan: str | None = typer.Option(None, "--plan", help=t.CLI_PLAN_HELP)) -> None:
    """List the periods a report can cover (the plan's waves, half-years, years, the whole plan)."""
    settings, database = open_database()
    try:
        today = Clock(settings.tz).today()
        with database.read_session() as session:
            chosen = get_plan(session, plan) if plan else running_plan(session, today)
            choices = period_choices(session, chosen, today) + review_choices(session, chosen, today)
    except DomainError as error:
        raise _fail(error.message) from None
    finally:
        database.dispose()
    typer.echo(t.CLI_PERIODS_TITLE)
    for choice in choices:
        typer.echo(t.CLI_PERIOD_LINE.format(code=choice.code, label=choice.button))


@app.command("recommendations", help=t.CLI_RECOMMENDATIONS_HELP)
def recommendations(
    out: Path = typer.Option(Path("reports-out"), "--out", "-o", help=t.CLI_OUT_HELP),
    today: str | None = typer.Option(None, "--today", help=t.CLI_TODAY_HELP),
) -> None:
    """The recommendations still waiting, to the provincial committee and government, as one Word document."""
    settings, database = open_database()
    try:
        from reports.recommendations import build_recommendations  # python-docx loads only for this command

        written = build_recommendations(database, heading_from(settings), out, rules=load_rules(settings.rules_file),
                                        tz=settings.tz, now=_now(settings, Clock(settings.tz), today))
    except DomainError as error:
        raise _fail(error.message) from None
    finally:
        database.dispose()
    typer.echo(t.CLI_WROTE_RECOMMENDATIONS.format(count=t.number(written.count), as_of=t.day(written.as_of)))
    typer.echo(t.CLI_FILE.format(path=written.path))
