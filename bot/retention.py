"""Retention: personal data is kept only as long as it serves. Run daily by `delegation-bot db prune`
(deploy/delegation-bot-prune.timer).

- What finished outbox rows said (alerts carry names and difficulty texts): blanked after OUTBOX_RETENTION_DAYS.
- Review drafts' files (`data/reports/…`, contact names and difficulty texts): deleted after
  REVIEW_DRAFT_RETENTION_DAYS, unless an unsent row is still to attach them.
- The audit log: kept AUDIT_RETENTION_YEARS (default five), then deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from bot.settings import Settings
from models.audit import prune_audit_log
from models.db import Database
from models.deliveries import documents_waiting, prune_texts

REVIEW_DRAFTS_DIR = Path("data") / "reports"   # where handlers/reports.py writes them


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
            written = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
            if written < before and str(path.resolve()) not in kept:
                path.unlink()
                deleted += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return deleted


def apply_retention(database: Database, settings: Settings, now: dt.datetime, *,
                    drafts_dir: Path = REVIEW_DRAFTS_DIR) -> RetentionReport:
    audit_before = now.replace(year=now.year - settings.audit_retention_years) if not (
        now.month == 2 and now.day == 29) else now.replace(day=28, year=now.year - settings.audit_retention_years)
    with database.session() as session:
        texts = prune_texts(session, now - dt.timedelta(days=settings.outbox_retention_days))
        audit = prune_audit_log(session, audit_before)
        waiting = documents_waiting(session)
    files = prune_review_drafts(drafts_dir, now - dt.timedelta(days=settings.review_draft_retention_days), waiting)
    return RetentionReport(texts, files, audit)
