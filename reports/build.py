"""Building a report: the figures in one read-only transaction, then the charts, the document and the workbook
outside it. Blocking work from start to end: callers on the event loop run it in a worker thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.audit import record_list_read
from models.db import Database
from models.nominees import list_nominees
from models.organisations import Transfer
from models.people import get_member
from models.rules import Rules
from reports.charts import render_charts
from reports.document import write_document
from reports.drafting import draft_text, report_kind
from reports.figures import ReportFigures, compute_figures
from reports.heading import ReportHeading
from reports.periods import Period
from reports.workbook import NamedLists, NomineeName, write_workbook
from texts import reports as t


@dataclass(frozen=True)
class ReportFiles:
    period: Period
    as_of: dt.date
    docx: Path
    xlsx: Path
    named: bool          # the workbook carries names (personal data)
    counts_only: bool = False   # the variant for a group: no names, no person met, no difficulty's full text


def build_report(database: Database, period: Period, heading: ReportHeading, out_dir: Path, *, rules: Rules,
                 tz: ZoneInfo, now: dt.datetime, named_by: int | None = None, counts_only: bool = False) -> ReportFiles:
    """Both files of the report for `period` into `out_dir`.

    `named_by`: the id of the coordinator who asked for the names; the named list is read through
    `list_nominees`, which checks the role and audits the read, in the same transaction as the figures.
    `counts_only`: the variant a group may see (never with names).
    """
    if counts_only and named_by is not None:
        raise ValueError("a counts-only report carries no names")
    today = now.astimezone(tz).date()
    with database.read_session() as session:   # no write lock: other users' updates go on meanwhile
        figures = compute_figures(session, period, today=today, rules=rules, tz=tz, now=now)
    named = None
    if named_by is not None:
        with database.session() as session:      # reading names is audited: a write
            named = named_lists(session, figures, named_by)
    return write_report(figures, heading, rules, out_dir, named=named, dated=today, counts_only=counts_only)


def write_report(figures: ReportFigures, heading: ReportHeading, rules: Rules, out_dir: Path, *,
                 named: NamedLists | None = None, dated: dt.date, counts_only: bool = False) -> ReportFiles:
    """Render both files from figures already computed (no database needed), with the names of bodies in force
    on `dated`, the document's date."""
    out_dir.mkdir(parents=True, exist_ok=True)
    letterhead = heading.letterhead(figures.plan, dated)
    charts = render_charts(figures, rules)
    text = draft_text(figures, heading, letterhead, rules, counts_only=counts_only)
    kind, stem = report_kind(figures.period), figures.period.file_stem
    docx = write_document(figures, text, charts, letterhead, rules,
                          out_dir / t.file_name(kind, stem, "docx", counts_only=counts_only))
    xlsx = write_workbook(figures, out_dir / t.file_name(kind, stem, "xlsx", named=named is not None,
                                                         counts_only=counts_only),
                          rules, named=named, counts_only=counts_only)
    return ReportFiles(figures.period, figures.as_of, docx, xlsx, named is not None, counts_only)


def named_lists(session: Session, figures: ReportFigures, member_id: int) -> NamedLists:
    """Nominees' and transferred members' names for a coordinator's export: checked and audited."""
    member = get_member(session, member_id)
    nominees = [
        NomineeName(n.id, n.full_name, n.date_of_birth, n.enterprise.name, n.position, n.stage, n.nominated_on,
                    n.certificate_date, n.admitted_on, n.probation_ends_on, n.official_on)
        for n in list_nominees(session, by=member) if n.nominated_on <= figures.as_of
    ]
    ids = [row.id for row in figures.transfers]
    names: dict[int, str] = {}
    if ids:
        names = {transfer_id: name for transfer_id, name in session.execute(select(Transfer.id, Transfer.member_name)
                 .where(Transfer.id.in_(ids), Transfer.member_name.is_not(None))) if name is not None}
        record_list_read(session, actor=member.actor, action="transfer.list", entity="transfer",
                         ids=sorted(names), details={"period": figures.period.code})
    return NamedLists(nominees, names)
