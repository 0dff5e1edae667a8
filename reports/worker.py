"""Building a report in a child process, for the running bot: `python -m reports.worker`.

A build keeps a CPU busy for seconds; in a thread of the bot's own process it would hold the interpreter lock
for much of that time and slow every other user's answer. A child process runs on its own CPU and lock, and
takes matplotlib, python-docx and openpyxl (and the memory they use) away with it when it exits. It is a
plain interpreter started for the one job, so nothing of the bot (its entry point, its threads) is copied.

The job goes in on stdin and the result comes back on stdout, both pickled: parent and child are the same
program, nothing else writes to these pipes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import pickle
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from models.db import Database
from models.errors import DomainError
from models.rules import Rules
from reports.heading import ReportHeading
from reports.periods import Period

if TYPE_CHECKING:
    from reports.build import ReportFiles


@dataclass(frozen=True)
class BuildJob:
    database_url: str
    period: Period
    heading: ReportHeading
    out_dir: Path
    rules: Rules
    tz: ZoneInfo
    now: dt.datetime
    named_by: int | None


class WorkerFailed(RuntimeError):
    """The child process died without an answer (killed, out of memory, a broken install)."""


async def build_in_child_process(database: Database, period: Period, heading: ReportHeading, out_dir: Path, *,
                                 rules: Rules, tz: ZoneInfo, now: dt.datetime,
                                 named_by: int | None = None) -> ReportFiles:
    """`reports.build.build_report` in a fresh `python -m reports.worker`; its own errors (a refused named
    export, a period with no plan…) are raised here as they were raised there."""
    job = BuildJob(database.url, period, heading, out_dir, rules, tz, now, named_by)
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "reports.worker", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    try:
        answer, errors = await child.communicate(pickle.dumps(job))
    except asyncio.CancelledError:
        if child.returncode is None:
            child.kill()
            await child.wait()
        raise
    if child.returncode != 0 or not answer:
        raise WorkerFailed(f"report worker exited with {child.returncode}: {errors.decode(errors='replace')[-2000:]}")
    outcome = pickle.loads(answer)  # noqa: S301 — our own child's answer
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def run(job: BuildJob) -> ReportFiles:
    from reports.build import build_report

    database = Database(job.database_url)
    try:
        return build_report(database, job.period, job.heading, job.out_dir, rules=job.rules, tz=job.tz, now=job.now,
                            named_by=job.named_by)
    finally:
        database.dispose()


def main() -> None:
    job = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 — written by the parent, the same program
    try:
        outcome: object = run(job)
    except DomainError as error:   # said to the coordinator as it is, as if raised in the bot's own process
        outcome = error
    except Exception:
        outcome = WorkerFailed(traceback.format_exc())
    sys.stdout.buffer.write(pickle.dumps(outcome))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
