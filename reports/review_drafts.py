"""Before each review (sơ kết) of the plan, the coordinators receive the draft report for its period, once.

When the review's time begins (its window's first working day), or — once a coordinator has set the
conference's date — a week before that date (08:00, the delegation's time, on a working day), its report is
built and put into the outbox as two deliveries to the coordinators' chat — the Word draft and the Excel
figures, kind `review_draft`, payload `{"document": path}` — which the scheduler's dispatcher sends like any
other push. Keys start with the milestone's prefix (`milestone:<id>:review-draft:<review date>:docx|xlsx`, the
due date while no date is set): built once per review date whoever runs this, however often; marking the
review done drops an unsent draft; a date set or changed is a new draft. A draft never expires: built after the
review's date (the bot was down, or the sandbox's clock ran ahead of the build), it goes out marked late. A
draft not built by `LATE_DAYS` after the review's date is no longer built (a bot started long after a review
does not send its stale draft), nor once the review is done, cancelled, or its plan over.

Three steps, so that the slow one holds no transaction: find what is due (a read), build the files (their own
read, then no database; in the running bot, in a child process), enqueue (a short write that skips keys
someone enqueued meanwhile).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import Database
from models.deliveries import Delivery, enqueue_delivery
from models.people import ChatPurpose, bound_chat
from models.plan import REVIEW_DRAFT_LEAD_DAYS, Milestone, milestone_key_prefix
from models.rules import Rules, load_rules
from reports.drafting import report_kind
from reports.figures import ReportFigures, compute_figures
from reports.heading import ReportHeading
from reports.periods import Period, review_period
from texts import reports as t

if TYPE_CHECKING:
    from reports.build import ReportFiles

KIND = "review_draft"
LEAD_DAYS = REVIEW_DRAFT_LEAD_DAYS
LATE_DAYS = 31   # a draft not built by then is not worth building any more
SEND_AT = dt.time(8, 0)


@dataclass(frozen=True)
class DueDraft:
    milestone_id: int
    code: str
    title: str
    due_on: dt.date
    period: Period               # what the review reports on (`reports.periods.review_period`)
    fires_at: dt.datetime
    review_on: dt.date           # the conference's date once set, else the review's due date
    late_from: dt.datetime       # enqueued from this moment on (the day after `review_on`), it is marked late

    @property
    def key_prefix(self) -> str:
        return f"{milestone_key_prefix(self.milestone_id)}review-draft:{self.review_on.isoformat()}"

    def out_dir(self, drafts_dir: Path) -> Path:
        return drafts_dir / f"milestone-{self.milestone_id}"


def _at_local(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=tz).astimezone(dt.UTC)


def draft_day(milestone: Milestone, rules: Rules, *, lead_days: int = LEAD_DAYS) -> dt.date:
    """The working day a review's draft is due: `lead_days` before the conference's date once it is set (or
    before the due date when the item has no start), else the first working day of the review's time."""
    assert milestone.due_on is not None
    if milestone.review_on is None and milestone.starts_on is not None:
        return _working_day(milestone.starts_on, rules, step=1)
    return _working_day((milestone.review_on or milestone.due_on) - dt.timedelta(days=lead_days), rules, step=-1)


def _working_day(day: dt.date, rules: Rules, *, step: int) -> dt.date:
    for _ in range(60):
        if rules.is_working_day(day):
            break
        day += dt.timedelta(days=step)
    return day


def due_drafts(session: Session, now: dt.datetime, tz: ZoneInfo, *, lead_days: int = LEAD_DAYS,
               send_at: dt.time = SEND_AT, rules: Rules | None = None) -> list[DueDraft]:
    """Reviews not yet done whose draft is due (`draft_day`; then on any working day until `LATE_DAYS` after the
    review) and not yet in the outbox; none while no coordinators' chat is bound (a later run sends it)."""
    rules = rules or load_rules()
    today = now.astimezone(tz).date()
    if not rules.is_working_day(today) or bound_chat(session, ChatPurpose.coordinators) is None:
        return []
    due = []
    for milestone in session.scalars(select(Milestone).where(
            Milestone.is_review.is_(True), Milestone.done_at.is_(None), Milestone.due_on.is_not(None))
            .order_by(Milestone.due_on)):
        assert milestone.due_on is not None
        fires_at = _at_local(draft_day(milestone, rules, lead_days=lead_days), send_at, tz)
        review_on = milestone.review_on or milestone.due_on
        if fires_at > now or today > review_on + dt.timedelta(days=LATE_DAYS) or not milestone.open_on(today):
            continue
        draft = DueDraft(milestone.id, milestone.code, milestone.title, milestone.due_on,
                         review_period(session, milestone), fires_at, review_on,
                         _at_local(review_on + dt.timedelta(days=1), dt.time(0), tz))
        if not _enqueued(session, draft):
            due.append(draft)
    return due


def _enqueued(session: Session, draft: DueDraft) -> bool:
    return session.scalar(select(Delivery.id).where(Delivery.key == f"{draft.key_prefix}:docx")) is not None


def enqueue_review_drafts(database: Database, now: dt.datetime, *, tz: ZoneInfo, heading: ReportHeading,
                          rules: Rules, out_dir: Path, lead_days: int = LEAD_DAYS,
                          send_at: dt.time = SEND_AT, ready_at: dt.datetime | None = None) -> list[str]:
    """Build (in this process) and enqueue every draft that is due; returns the keys added. `ready_at`: when the
    files are ready, if not `now` (a caller whose clock moved during the build).

    For a caller without an event loop (the command line, the scheduler's tick in a thread). The running bot
    builds each draft in a child process instead (`handlers.reports`), with `due_drafts` and `enqueue_draft`.
    """
    today = now.astimezone(tz).date()
    work: list[tuple[DueDraft, ReportFigures]] = []
    with database.read_session() as session:
        for draft in due_drafts(session, now, tz, lead_days=lead_days, send_at=send_at, rules=rules):
            work.append((draft, compute_figures(session, draft.period, today=today, rules=rules, tz=tz, now=now)))
    if not work:
        return []
    from reports.build import write_report  # matplotlib and friends load only when a draft is due

    built = [(draft, write_report(figures, heading, rules, draft.out_dir(out_dir), dated=today))
             for draft, figures in work]
    with database.session() as session:
        return [key for draft, files in built for key in enqueue_draft(session, draft, files, ready_at or now)]


def enqueue_draft(session: Session, draft: DueDraft, files: ReportFiles, now: dt.datetime) -> list[str]:
    """The draft's two files into the outbox for the coordinators' chat; the keys added (none if already in).

    `now` is when the files are ready: after the review's date the caption says the draft comes late."""
    chat_id = bound_chat(session, ChatPurpose.coordinators)
    if chat_id is None:
        return []
    review = t.REVIEW_NAME.format(code=draft.code, title=draft.title)
    what = t.REPORT_NAME[report_kind(files.period)]
    late = t.REVIEW_DRAFT_LATE.format(review_on=t.day(draft.review_on)) if now >= draft.late_from else ""
    messages = (
        ("docx", files.docx, late + t.REVIEW_DRAFT_DOCX.format(review=review, due=t.day(draft.due_on), what=what,
                                                                phrase=files.period.phrase,
                                                                as_of=t.day(files.as_of))),
        ("xlsx", files.xlsx, late + t.REVIEW_DRAFT_XLSX.format(review=review)),
    )
    added = []
    for suffix, path, caption in messages:
        key = f"{draft.key_prefix}:{suffix}"
        if enqueue_delivery(session, key=key, kind=KIND, chat_id=chat_id, text=caption,
                            due_at=now, payload={"document": str(path)}, respect_quiet_hours=True):
            added.append(key)
    return added
