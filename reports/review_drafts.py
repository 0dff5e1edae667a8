"""Before each review (sơ kết) of the plan, the coordinators receive the draft report for its period, once.

A week before a review milestone's date (08:00, the delegation's time), its report is built and put into the
outbox as two deliveries to the coordinators' chat — the Word draft and the Excel figures, kind
`review_draft`, payload `{"document": path}` — which the scheduler's dispatcher sends like any other push.
Keys start with the milestone's prefix (`milestone:<id>:review-draft:<due date>:docx|xlsx`): built once per
review date whoever runs this, however often; marking the review done drops an unsent draft; a changed date
is a new review and gets a new draft.

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
from models.plan import Milestone, milestone_key_prefix
from models.rules import Rules
from reports.drafting import report_kind
from reports.figures import ReportFigures, compute_figures
from reports.heading import ReportHeading
from reports.periods import Period, review_period
from texts import reports as t

if TYPE_CHECKING:
    from reports.build import ReportFiles

KIND = "review_draft"
LEAD_DAYS = 7
SEND_AT = dt.time(8, 0)


@dataclass(frozen=True)
class DueDraft:
    milestone_id: int
    code: str
    title: str
    due_on: dt.date
    period: Period               # what the review reports on (`reports.periods.review_period`)
    fires_at: dt.datetime
    expires_at: dt.datetime

    @property
    def key_prefix(self) -> str:
        return f"{milestone_key_prefix(self.milestone_id)}review-draft:{self.due_on.isoformat()}"

    def out_dir(self, drafts_dir: Path) -> Path:
        return drafts_dir / f"milestone-{self.milestone_id}"


def _at_local(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=tz).astimezone(dt.timezone.utc)


def due_drafts(session: Session, now: dt.datetime, tz: ZoneInfo, *, lead_days: int = LEAD_DAYS,
               send_at: dt.time = SEND_AT) -> list[DueDraft]:
    """Reviews not yet done whose draft is due (from `lead_days` before until the end of the review's date)
    and not yet in the outbox; none while no coordinators' chat is bound (a later run sends it, while it is
    still before the review)."""
    if bound_chat(session, ChatPurpose.coordinators) is None:
        return []
    due = []
    for milestone in session.scalars(select(Milestone).where(
            Milestone.is_review.is_(True), Milestone.done_at.is_(None), Milestone.due_on.is_not(None))
            .order_by(Milestone.due_on)):
        assert milestone.due_on is not None
        fires_at = _at_local(milestone.due_on - dt.timedelta(days=lead_days), send_at, tz)
        expires_at = _at_local(milestone.due_on + dt.timedelta(days=1), dt.time(0), tz)
        if not fires_at <= now < expires_at:
            continue
        draft = DueDraft(milestone.id, milestone.code, milestone.title, milestone.due_on,
                         review_period(session, milestone), fires_at, expires_at)
        if not _enqueued(session, draft):
            due.append(draft)
    return due


def _enqueued(session: Session, draft: DueDraft) -> bool:
    return session.scalar(select(Delivery.id).where(Delivery.key == f"{draft.key_prefix}:docx")) is not None


def enqueue_review_drafts(database: Database, now: dt.datetime, *, tz: ZoneInfo, heading: ReportHeading,
                          rules: Rules, out_dir: Path, lead_days: int = LEAD_DAYS,
                          send_at: dt.time = SEND_AT) -> list[str]:
    """Build (in this process) and enqueue every draft that is due; returns the keys added.

    For a caller without an event loop (the command line, the scheduler's tick in a thread). The running bot
    builds each draft in a child process instead (`handlers.reports`), with `due_drafts` and `enqueue_draft`.
    """
    today = now.astimezone(tz).date()
    work: list[tuple[DueDraft, ReportFigures]] = []
    with database.read_session() as session:
        for draft in due_drafts(session, now, tz, lead_days=lead_days, send_at=send_at):
            work.append((draft, compute_figures(session, draft.period, today=today, rules=rules, tz=tz, now=now)))
    if not work:
        return []
    from reports.build import write_report   # matplotlib and friends load only when a draft is due

    built = [(draft, write_report(figures, heading, rules, draft.out_dir(out_dir), dated=today))
             for draft, figures in work]
    with database.session() as session:
        return [key for draft, files in built for key in enqueue_draft(session, draft, files, now)]


def enqueue_draft(session: Session, draft: DueDraft, files: ReportFiles, now: dt.datetime) -> list[str]:
    """The draft's two files into the outbox for the coordinators' chat; the keys added (none if already in)."""
    chat_id = bound_chat(session, ChatPurpose.coordinators)
    if chat_id is None:
        return []
    review = t.REVIEW_NAME.format(code=draft.code, title=draft.title)
    what = t.REPORT_NAME[report_kind(files.period)]
    messages = (
        ("docx", files.docx, t.REVIEW_DRAFT_DOCX.format(review=review, due=t.day(draft.due_on), what=what,
                                                         phrase=files.period.phrase, as_of=t.day(files.as_of))),
        ("xlsx", files.xlsx, t.REVIEW_DRAFT_XLSX.format(review=review)),
    )
    added = []
    for suffix, path, caption in messages:
        key = f"{draft.key_prefix}:{suffix}"
        if enqueue_delivery(session, key=key, kind=KIND, chat_id=chat_id, text=caption,
                            due_at=now, payload={"document": str(path)},
                            respect_quiet_hours=True, expires_at=draft.expires_at):
            added.append(key)
    return added
