"""The consolidated recommendations to the provincial committee and government (the plan's first duty: the
enterprises' difficulties and proposals "báo cáo Tỉnh ủy, UBND tỉnh"), as a Word document laid out like the
review reports: every difficulty still waiting on the date, by recipient, and for the provincial government by
department, each with the enterprise, what it meets, what it proposes, when it was received and where it stands.

Recipients are the roles of the bodies file the rules' `difficulty_recipients` point to; their names are those of
the document's date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import Database
from models.difficulties import DifficultyEvent, DifficultyStatus
from models.registry import Enterprise, IndustrialZone
from models.rules import Rules
from reports.document import Layout, new_document, save
from reports.drafting import PROVINCIAL_ROLES, addressed_up, between, cited, reporters, subject_of
from reports.figures import DifficultyRow, load_difficulties
from reports.heading import Letterhead, PlanInfo, ReportHeading
from reports.periods import custom_period, running_plan
from texts import reports as t

WIDTHS = (1.2, 2.8, 1.8, 3.2, 3.0, 2.5, 2.0)   # cm, 16.5 in all: a date and «STT» fit on one line


@dataclass(frozen=True)
class Recommendation:
    row: DifficultyRow
    zone: str | None
    document_number: str | None      # the letter it was forwarded with, if any


@dataclass(frozen=True)
class RecommendationsFile:
    path: Path
    as_of: dt.date
    count: int


def build_recommendations(database: Database, heading: ReportHeading, out_dir: Path, *, rules: Rules, tz: ZoneInfo,
                          now: dt.datetime) -> RecommendationsFile:
    """The document for today (in the delegation's time zone) into `out_dir`."""
    today = now.astimezone(tz).date()
    with database.read_session() as session:
        plan_row = running_plan(session, today)
        plan = PlanInfo.of(plan_row) if plan_row is not None else None
        waiting = waiting_recommendations(session, today, rules, tz)
    letterhead = heading.letterhead(plan, today)
    path = write_recommendations(waiting, plan, heading, letterhead, rules,
                                 out_dir / t.RECOMMENDATIONS_FILE.format(day=today))
    return RecommendationsFile(path, today, sum(len(items) for items in waiting.values()))


def waiting_recommendations(session: Session, as_of: dt.date, rules: Rules,
                            tz: ZoneInfo) -> dict[str, list[Recommendation]]:
    """Difficulties open on `as_of` whose recipient goes up to the provincial committee or government, by role."""
    first = dt.date(2000, 1, 1)
    rows = load_difficulties(session, custom_period(first, as_of), as_of, tz)
    grouped = addressed_up(rows, rules)
    ids = [row.id for items in grouped.values() for row in items]
    numbers: dict[int, str] = {}
    zones: dict[int, str | None] = {}
    if ids:
        for difficulty_id, number in session.execute(
                select(DifficultyEvent.difficulty_id, DifficultyEvent.document_number)
                .where(DifficultyEvent.difficulty_id.in_(ids), DifficultyEvent.status == DifficultyStatus.forwarded,
                       DifficultyEvent.document_number.is_not(None)).order_by(DifficultyEvent.id)):
            if number is not None:
                numbers[difficulty_id] = number      # the latest forwarding wins
        enterprise_ids = {row.enterprise_id for items in grouped.values() for row in items}
        zones = dict(session.execute(select(Enterprise.id, IndustrialZone.name)
                                     .outerjoin(IndustrialZone, IndustrialZone.id == Enterprise.zone_id)
                                     .where(Enterprise.id.in_(enterprise_ids))).all())
    return {role: [Recommendation(row, zones.get(row.enterprise_id), numbers.get(row.id)) for row in items]
            for role, items in grouped.items()}


def write_recommendations(waiting: dict[str, list[Recommendation]], plan: PlanInfo | None, heading: ReportHeading,
                          letterhead: Letterhead, rules: Rules, path: Path) -> Path:
    dated = letterhead.dated
    overrides = plan.bodies if plan is not None else None
    names = {role: heading.bodies.name(role, dated, plan=overrides) for role in PROVINCIAL_ROLES}
    recipients = t.joined(list(names.values()))
    document = new_document(t.REC_DOC_TITLE.format(as_of=t.day(dated)), letterhead)
    layout = Layout(document)
    layout.draft_mark()
    layout.header_block(letterhead)
    layout.title(t.REC_TITLE.format(recipients=recipients))
    if plan is not None:
        layout.body(" ".join(t.REC_INTRO.format(cited=cited(plan), between=between(plan), subject=subject_of(plan),
                                                reporters=reporters(letterhead), as_of=t.day(dated)).split()))
    else:
        layout.body(t.REC_INTRO_NO_PLAN.format(reporters=reporters(letterhead), as_of=t.day(dated)))
    sections = [(role, items) for role, items in waiting.items() if items]
    if not sections:
        layout.body(t.REC_NONE.format(as_of=t.day(dated), recipients=recipients))
    for number, (role, items) in enumerate(sections):
        layout.heading(t.REC_SECTION.format(number=t.ROMAN[number], recipient=names[role].upper()), level=1)
        for index, (group, rows) in enumerate(_by_department(items), start=1):
            if group is not None:
                layout.heading(t.REC_GROUP.format(number=index, department=group), level=2)
            layout.table(group or names[role], t.REC_HEADERS,
                         [_row(n, item, rules) for n, item in enumerate(rows, start=1)], widths=WIDTHS,
                         align_left=(1, 2, 3, 4, 6))
    if sections:
        layout.body(t.REC_CLOSING.format(reporters=reporters(letterhead), recipients=recipients))
    lines = [heading.bodies.fill(line, dated, plan=overrides) for line in t.REC_RECIPIENTS]
    layout.signatures(letterhead, lines)
    return save(document, path)


def _by_department(items: list[Recommendation]) -> list[tuple[str | None, list[Recommendation]]]:
    """For a recipient with departments: its own items first ("Kiến nghị chung"), then each department by name;
    for one without (no item names a department): all of them, ungrouped."""
    if not any(item.row.recipient == "department" for item in items):
        return [(None, items)]
    groups: dict[str, list[Recommendation]] = defaultdict(list)
    for item in items:
        if item.row.recipient == "department":
            groups[item.row.recipient_detail or t.REC_NO_DEPARTMENT].append(item)
        else:
            groups[t.REC_GENERAL].append(item)
    general = [(t.REC_GENERAL, groups.pop(t.REC_GENERAL))] if t.REC_GENERAL in groups else []
    return [*general, *sorted(groups.items(), key=lambda group: group[0])]


def _row(number: int, item: Recommendation, rules: Rules) -> list[str]:
    row = item.row
    enterprise = f"{row.enterprise} ({item.zone})" if item.zone else row.enterprise
    status = t.REC_STATUS.format(status=t.DIFFICULTY_STATUS[row.status.value], document=t.REC_DOCUMENT.format(
        number=item.document_number) if item.document_number else "")
    return [str(number), enterprise, rules.category_label(row.category), row.description, row.proposal or "—",
            t.day(row.received_on), status]
