"""Retention: personal data is kept only as long as it serves. The bot applies it itself once a day (its
scheduler's tick, on the leader: `DailyRetention`); `delegation-bot db prune` does the same on demand or from
a timer (deploy/delegation-bot-prune.timer), for a bot that is not running.

- What finished outbox rows said (alerts carry names and difficulty texts): blanked after OUTBOX_RETENTION_DAYS.
- Review drafts' files (`data/reports/…`, contact names and difficulty texts): deleted after
  REVIEW_DRAFT_RETENTION_DAYS, unless an unsent row is still to attach them.
- The audit log: kept AUDIT_RETENTION_YEARS (default five, at least one), then deleted. The database itself
  refuses to delete an entry younger than a year, or to change one (migration 0024_audit_append_only).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from bot.settings import Settings
from models.audit import prune_audit_log
from models.clock import Clock
from models.db import Database
from models.deliveries import documents_waiting, prune_texts

log = logging.getLogger(__name__)
RETENTION_EVERY = dt.timedelta(days=1)
RETRY_AFTER_FAILURE = dt.timedelta(hours=1)
REVIEW_DRAFTS_DIR = Path("data") / "reports"   # where handlers/reports.py writes them
# The database refuses to delete audit entries younger than a year by its own clock: retention asks for none
# younger than a year and a day, so a bot whose clock runs ahead of the database's does not fail every prune.
AUDIT_CLOCK_MARGIN = dt.timedelta(days=1)


@dataclass(frozen=True)
class RetentionReport:
    outbox_texts: int
    draft_files: int
    audit_entries: int


def prune_review_drafts(folder: Path, before: dt.datetime, keep: set[str]) -> int:
    """Delete the files under `folder` last written before `before`, except those in `keep`; then empty folders."""
    if not folder.is_dir():
        return 0
    kept = {str(Path(path).resolve()) for path in keep}
    deleted = 0
    for path in sorted(folder.rglob("*"), reverse=True):   # files before their folders
        if path.is_file():
            written = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
            if written < before and str(path.resolve()) not in kept:
                path.unlink()
                deleted += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return deleted


def _audit_cutoff(now: dt.datetime, years: int) -> dt.datetime:
    if now.month == 2 and now.day == 29:
        cutoff = now.replace(day=28, year=now.year - years)
    else:
        cutoff = now.replace(year=now.year - years)
    return min(cutoff, now - dt.timedelta(days=366) - AUDIT_CLOCK_MARGIN)


def prune_records(session: Session, settings: Settings, now: dt.datetime) -> tuple[int, int, set[str]]:
    """The database's part: (outbox texts blanked, audit entries deleted, files unsent rows still attach)."""
    texts = prune_texts(session, now - dt.timedelta(days=settings.outbox_retention_days))
    audit = prune_audit_log(session, _audit_cutoff(now, settings.audit_retention_years))
    return texts, audit, documents_waiting(session)


def apply_retention(database: Database, settings: Settings, now: dt.datetime, *,
                    drafts_dir: Path = REVIEW_DRAFTS_DIR) -> RetentionReport:
    with database.session() as session:
        texts, audit, waiting = prune_records(session, settings, now)
    files = prune_review_drafts(drafts_dir, now - dt.timedelta(days=settings.review_draft_retention_days), waiting)
    return RetentionReport(texts, files, audit)


class DailyRetention:
    """Retention inside the running bot: at its first scheduler tick, then once a day. Only the leader ticks, so
    one process of a deployment does it; a restart runs it again (it is idempotent and takes milliseconds)."""

    def __init__(self, database: Database, settings: Settings, clock: Clock, *,
                 drafts_dir: Path = REVIEW_DRAFTS_DIR, every: dt.timedelta = RETENTION_EVERY) -> None:
        self.database, self.settings, self.clock = database, settings, clock
        self.drafts_dir, self.every = drafts_dir, every
        self.next_at: dt.datetime | None = None

    async def run_if_due(self, drafts_dir: Path | None = None) -> RetentionReport | None:
        """Apply retention if a day has passed since the last time; `drafts_dir` is where the report runner
        writes review drafts (its own setting wins over the default)."""
        now = self.clock.now()
        if self.next_at is not None and now < self.next_at:
            return None
        try:
            texts, audit, waiting = await self.database.run(
                lambda session: prune_records(session, self.settings, now))
            # Files carry the wall clock's times: compared with the wall clock, so a clock run ahead (the
            # sandbox's time travel) never deletes a draft younger than the period.
            before = dt.datetime.now(dt.UTC) - dt.timedelta(days=self.settings.review_draft_retention_days)
            files = await asyncio.to_thread(prune_review_drafts, drafts_dir or self.drafts_dir, before, waiting)
        except Exception:
            self.next_at = now + RETRY_AFTER_FAILURE   # not every minute: the tick's log line says why
            raise
        self.next_at = now + self.every
        report = RetentionReport(texts, files, audit)
        if texts or files or audit:
            log.info("retention: %d sent alerts' texts blanked, %d review draft files deleted, %d audit entries "
                     "deleted", texts, files, audit)
        return report
