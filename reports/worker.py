"""Building a report in a child process for the running bot: `python -c "from reports.worker import main; main()"`.

A build keeps a CPU busy for seconds; in a thread of the bot's own process it would hold the interpreter lock
for much of that time and slow every other user's answer. A child process runs on its own CPU and lock, and
takes matplotlib, python-docx and openpyxl (and the memory they use) away with it when it exits. It is a
plain interpreter started for the one job, so nothing of the bot (its entry point, its threads) is copied.

The job goes in on stdin and the result comes back on stdout, both pickled: parent and child are the same
program, nothing else writes to these pipes. The child imports this module by its name rather than running it as
`__main__` (`python -m`): what it pickles (`WorkerFailed`) must be found under the same name by the parent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import pickle
import signal
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

log = logging.getLogger(__name__)
CHILD = "from reports.worker import main; main()"


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
    counts_only: bool = False   # the variant for a group: no names, no person met, no difficulty's text


class WorkerFailed(RuntimeError):
    """The report could not be built for a reason that is no one's input: the build failed unexpectedly, or the
    child process died without an answer (killed, out of memory, a broken install).

    The message says what kind of error and where (file, line, function), never the error's own text or a
    traceback's values: those may quote what members typed (names, difficulties) and the message is shown to
    people (the coordinators' report of the failure).
    """


_PROJECT = Path(__file__).resolve().parents[1]


def _where(error: BaseException) -> str:
    """'OperationalError at default.py:942 do_execute, from figures.py:120 compute_figures ← build.py:49 …': the
    line that raised, then the project's own lines that led there, innermost first."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return type(error).__name__

    def shown(frame: traceback.FrameSummary) -> str:
        return f"{Path(frame.filename).name}:{frame.lineno} {frame.name}"

    ours = [frame for frame in frames
            if Path(frame.filename).is_relative_to(_PROJECT) and "site-packages" not in frame.filename]
    text = f"{type(error).__name__} at {shown(frames[-1])}"
    path = [shown(frame) for frame in reversed(ours[-4:]) if frame is not frames[-1]]
    return f"{text}, from {' ← '.join(path)}" if path else text


def _exit_reason(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        try:
            return f"was stopped by {signal.Signals(-returncode).name}"
        except ValueError:
            pass
    return f"exited with code {returncode} without an answer"


async def build_in_child_process(database: Database, period: Period, heading: ReportHeading, out_dir: Path, *,
                                 rules: Rules, tz: ZoneInfo, now: dt.datetime,
                                 named_by: int | None = None, counts_only: bool = False) -> ReportFiles:
    """`reports.build.build_report` in a fresh child process; its own errors (a refused named
    export, a period with no plan…) are raised here as they were raised there."""
    job = BuildJob(database.url, period, heading, out_dir, rules, tz, now, named_by, counts_only)
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    try:
        answer, errors = await child.communicate(pickle.dumps(job))
    except asyncio.CancelledError:
        if child.returncode is None:
            child.kill()
            await child.wait()
        raise
    if child.returncode != 0 or not answer:
        # What the interpreter printed (an import error, a crash) is for the server's log, not for the message.
        log.error("report worker: %s", errors.decode(errors="replace")[-2000:])
        raise WorkerFailed(f"the report worker {_exit_reason(child.returncode)}")
    try:
        outcome = pickle.loads(answer)  # noqa: S301 — our own child's answer
    except Exception as error:
        raise WorkerFailed(f"the report worker's answer could not be read: {_where(error)}") from None
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def run(job: BuildJob) -> ReportFiles:
    from reports.build import build_report

    database = Database(job.database_url)
    try:
        return build_report(database, job.period, job.heading, job.out_dir, rules=job.rules, tz=job.tz, now=job.now,
                            named_by=job.named_by, counts_only=job.counts_only)
    finally:
        database.dispose()


def main() -> None:
    job = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 — written by the parent, the same program
    try:
        outcome: object = run(job)
    except DomainError as error:   # said to the coordinator as it is, as if raised in the bot's own process
        outcome = error
    except Exception as error:
        outcome = WorkerFailed(f"the report could not be built: {_where(error)}")
    sys.stdout.buffer.write(pickle.dumps(outcome))
    sys.stdout.buffer.flush()
