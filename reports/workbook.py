"""The report's Excel workbook: one sheet per subject, each a real Excel table with a frozen header row.

Dates are dates, counts are numbers, shares are numbers formatted as percentages, tax codes are text (their
leading zero and branch suffix survive). Names of nominees and transferred members appear only in a named
export, which the caller fetched through the audited `list_nominees`.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from models.cells import sheet_cell
from models.difficulties import DifficultyStatus
from models.nominees import Stage
from models.organisations import OrgKind
from models.rules import Rules
from reports.figures import FILE_IN_PROGRESS, FUNNEL, ReportFigures
from texts import reports as t

DATE_FORMAT = "DD/MM/YYYY"
SHARE_FORMAT = "0%"
TEXT_FORMAT = "@"
MIN_WIDTH, MAX_WIDTH = 6, 60
WRAPPED_WIDTH = 50      # long free text wraps at this width instead of stretching the column
TABLE_STYLE = "TableStyleMedium2"
TITLE_FONT, NOTE_FONT, HEADER_FONT = Font(bold=True, size=12), Font(italic=True), Font(bold=True)
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")


@dataclass(frozen=True)
class NomineeName:
    """One line of the named list (personal data: only in a coordinator's named export)."""

    id: int
    full_name: str | None          # None once erased on request
    date_of_birth: dt.date | None
    enterprise: str
    position: str | None
    stage: Stage
    nominated_on: dt.date
    certificate_date: dt.date | None
    admitted_on: dt.date | None
    probation_ends_on: dt.date | None
    official_on: dt.date | None


@dataclass(frozen=True)
class NamedLists:
    nominees: list[NomineeName]
    transfer_names: dict[int, str]  # transfer id → the member's name, where the transfer was recorded by name


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"   # text | number | date | share | long (wrapped text) | code (text that looks like a
    #                      number: tax codes)
    width: int | None = None


def write_workbook(figures: ReportFigures, path: Path, rules: Rules, *, named: NamedLists | None = None,
                   counts_only: bool = False) -> Path:
    """`counts_only`: the variant a group may see — without the visits' sheet (members, the person met), the
    difficulties' sheet (their full texts), the nominees per enterprise and the transfers one by one (a member
    moving into a named workplace on a date); their totals stay in the summary. Never with names."""
    assert not (counts_only and named is not None)
    workbook = Workbook(write_only=True)
    workbook.properties.title = t.SUMMARY_TITLE.format(phrase=figures.period.phrase)
    workbook.properties.language = "vi-VN"
    _summary(workbook, figures)
    _enterprises(workbook, figures, counts_only=counts_only)
    _waves(workbook, figures)
    if not counts_only:
        _visits(workbook, figures)
        _difficulties(workbook, figures, rules)
    _admissions(workbook, figures)
    if not counts_only:
        _nominees_by_enterprise(workbook, figures)
    if named is not None:
        _nominee_names(workbook, named)
    if not counts_only:
        _transfers(workbook, figures, named)
    _foundings(workbook, figures)
    _milestones(workbook, figures)
    _targets(workbook, figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


# --------------------------------------------------------------------------- one sheet, one table

def _table_sheet(workbook: Workbook, key: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *,
                 preface: Sequence[str] = (), freeze_columns: int = 0, empty: str | None = None) -> None:
    """A sheet holding one Excel table; `preface` lines go above it (a title, a warning); `empty` says why, when
    there are no rows.

    The workbook streams (write-only): widths, panes and print settings are set before the first row.
    """
    rows = [list(row) for row in rows]
    if not rows and empty:
        preface = [*preface, empty]
    sheet = workbook.create_sheet(t.SHEET[key])
    header_row = len(preface) + 2 if preface else 1
    last_row = header_row + max(len(rows), 1)   # Excel wants at least one data row in a table
    for index, column in enumerate(columns, start=1):
        shown = max([len(column.header) // 2 + 1, *(_shown_length(row[index - 1], column) for row in rows)])
        limit = WRAPPED_WIDTH if column.kind == "long" else MAX_WIDTH
        sheet.column_dimensions[get_column_letter(index)].width = column.width or max(MIN_WIDTH, min(shown + 2, limit))
    sheet.freeze_panes = f"{get_column_letter(freeze_columns + 1)}{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    for number, line in enumerate(preface):
        sheet.append([sheet_cell(sheet, line, font=TITLE_FONT if number == 0 else NOTE_FONT)])
    if preface:
        sheet.append([None])
    sheet.append([sheet_cell(sheet, column.header, font=HEADER_FONT, alignment=HEADER_ALIGNMENT)
                  for column in columns])
    styles = [_column_style(column) for column in columns]
    for row in rows or [[None] * len(columns)]:
        sheet.append([_cell(sheet, value, column, style)
                      for value, column, style in zip(row, columns, styles, strict=True)])
    # Table names are workbook-wide identifiers: ASCII, no spaces.
    name = "".join(part.capitalize() for part in key.split("_"))
    ref = f"A{header_row}:{get_column_letter(len(columns))}{last_row}"
    table = Table(displayName=f"Bang{name}", ref=ref, autoFilter=AutoFilter(ref=ref),
                  tableStyleInfo=TableStyleInfo(name=TABLE_STYLE, showRowStripes=True))
    # A streamed sheet cannot be read back for the headings: name the table's columns here.
    table.tableColumns = [TableColumn(id=index, name=column.header) for index, column in enumerate(columns, start=1)]
    with warnings.catch_warnings():
        # openpyxl warns on every table in a streamed sheet; its columns were named just above.
        warnings.filterwarnings("ignore", message="In write-only mode you must add table columns manually")
        sheet.add_table(table)


def _cell(sheet: Any, value: Any, column: Column, style: tuple[str | None, Alignment | None] | None) -> Any:
    if value is None:
        return None
    if column.kind in ("code", "text", "long"):
        value = str(value)   # a tax code stays text: its leading zero and branch suffix survive
    number_format, alignment = style or (None, None)
    # Text as typed stays text, never a formula, and cannot break the file.
    return sheet_cell(sheet, value, number_format=number_format, alignment=alignment)


def _shown_length(value: Any, column: Column) -> int:
    if value is None:
        return 0
    if column.kind == "date":
        return 10
    if column.kind == "share":
        return 5
    return len(str(value))


# Counts and years show as they are in Excel's General format; only these need a format of their own.
_STYLES = {
    "date": (DATE_FORMAT, None),
    "share": (SHARE_FORMAT, None),
    "code": (TEXT_FORMAT, None),
    "long": (None, Alignment(wrap_text=True, vertical="top")),
}


def _column_style(column: Column) -> tuple[str | None, Alignment | None] | None:
    return _STYLES.get(column.kind)


def _empty(key: str, f: ReportFigures | None) -> str:
    return t.EMPTY_SHEET[key].format(as_of=t.day(f.as_of) if f is not None else "")


def _yes(flag: bool) -> str:
    return t.YES if flag else t.NO


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --------------------------------------------------------------------------- the sheets

def _summary(workbook: Workbook, f: ReportFigures) -> None:
    resolved = f.closed_in_period(DifficultyStatus.resolved)
    founded = f.foundings_by_kind()
    values = {
        "enterprises": f.enterprises_total,
        "without_party_org": len(f.without_party_org),
        "with_party_org": f.with_party_org,
        "visits": f.visit_count,
        "visited": f.visited_enterprises,
        "visited_without_party_org": f.visited_without_party_org,
        "received": len(f.received),
        "resolved": resolved,
        "open": len(f.open_difficulties),
        "overdue": len(f.overdue_difficulties),
        "nominated": f.funnel[Stage.nominated],
        "class_registered": f.funnel[Stage.class_registered],
        "admitted": f.funnel[Stage.admitted],
        "official": f.funnel[Stage.official],
        "transfers": len(f.transfers),
        "members_transferred": f.members_transferred,
        "party_orgs_founded": founded[OrgKind.party_org],
        "mass_orgs_founded": sum(count for kind, count in founded.items() if kind is not OrgKind.party_org),
        "directive_sent": sum(d.sent for d in f.directives),
        "directive_reports": sum(d.reports_received for d in f.directives),
        "directive_reviews": sum(d.member_reviews_received for d in f.directives),
        "eligible_party_org": len(f.eligible_party_org),
        "overdue_milestones": len(f.overdue_milestones),
    }
    generated = f.generated_at
    preface = [t.SUMMARY_TITLE.format(phrase=f.period.phrase),
               t.SUMMARY_INFO.format(as_of=t.day(f.as_of), generated=f"{generated:%d/%m/%Y %H:%M}",
                                     days=f.unanswered_days)]
    columns = (Column(t.SUMMARY_HEADERS[0], width=62), Column(t.SUMMARY_HEADERS[1], "number", width=12))
    _table_sheet(workbook, "summary", columns, [(t.SUMMARY_ROWS[key], value) for key, value in values.items()],
                 preface=preface)


# The enterprises' sheet's column of nominees, left out of the counts-only variant: a handful of nominees at one
# workplace is near enough a name for whoever knows the place.
NOMINEES_COLUMN = t.ENTERPRISE_HEADERS.index(t.NOMINEES_HEADER)


def _enterprises(workbook: Workbook, f: ReportFigures, *, counts_only: bool = False) -> None:
    h = t.ENTERPRISE_HEADERS
    kinds = ("number", "text", "code", "text", "text", "text", "number", "number", "number", "text", "date",
             "text", "text", "text", "number", "date", "number", "number", "text")
    columns = [Column(header, kind) for header, kind in zip(h, kinds, strict=True)]
    rows = [[number, e.name, e.tax_code, e.zone, t.OWNERSHIP[e.ownership], e.country, e.employees,
             e.official_members, e.probationary_members, t.PARTY_STATUS[e.party_status.value], e.party_founded_on,
             _yes(e.has_trade_union), _yes(e.has_youth_union), _yes(e.has_veterans), e.visits_in_period,
             e.last_visit, e.open_difficulties, e.nominees, _yes(e.may_found_party_org)]
            for number, e in enumerate(f.enterprises, start=1)]
    if counts_only:
        del columns[NOMINEES_COLUMN]
        for row in rows:
            del row[NOMINEES_COLUMN]
    _table_sheet(workbook, "enterprises", columns, rows, freeze_columns=2, empty=_empty("enterprises", f))


def _waves(workbook: Workbook, f: ReportFigures) -> None:
    kinds = ("text", "date", "date", "number", "number", "number", "share", "number", "number", "long")
    columns = [Column(header, kind) for header, kind in zip(t.WAVE_HEADERS, kinds, strict=True)]
    rows = ((w.name, w.starts_on, w.ends_on, w.assigned, w.aimed_at, w.covered, _share(w.covered, w.aimed_at),
             w.visited, w.visits, "; ".join(w.unvisited)) for w in f.waves)
    _table_sheet(workbook, "waves", columns, rows, freeze_columns=1, empty=_empty("waves", f))


def _visits(workbook: Workbook, f: ReportFigures) -> None:
    kinds = ("date", "text", "text", "code", "text", "text", "text", "text", "number", "number", "number", "number",
             "text", "long", "date", "text")
    columns = [Column(header, kind) for header, kind in zip(t.VISIT_HEADERS, kinds, strict=True)]
    rows = ((v.visited_on, v.wave, v.enterprise, v.tax_code, v.zone, v.members, v.met_name, v.met_position,
             v.official_found, v.probationary_found, v.workers, v.outstanding_workers, _yes(v.difficulties_raised),
             v.next_step, v.next_step_due, _yes(v.checkin_verified)) for v in f.visits)
    _table_sheet(workbook, "visits", columns, rows, freeze_columns=3, empty=_empty("visits", f))


def _difficulties(workbook: Workbook, f: ReportFigures, rules: Rules) -> None:
    kinds = ("number", "date", "text", "code", "text", "long", "long", "text", "text", "date", "number", "text",
             "text")
    columns = [Column(header, kind) for header, kind in zip(t.DIFFICULTY_HEADERS, kinds, strict=True)]

    def recipient(code: str, detail: str | None) -> str:
        label = rules.recipient_label(code)
        return f"{label}: {detail}" if detail else label

    rows = ((d.id, d.received_on, d.enterprise, d.tax_code, rules.category_label(d.category), d.description,
             d.proposal, recipient(d.recipient, d.recipient_detail), t.DIFFICULTY_STATUS[d.status.value], d.closed_on,
             d.age_days, _yes(d.received_in_period), _yes(d.open_on_as_of and d.age_days > f.unanswered_days))
            for d in f.difficulties)
    _table_sheet(workbook, "difficulties", columns, rows, freeze_columns=3, empty=_empty("difficulties", f))


def _admissions(workbook: Workbook, f: ReportFigures) -> None:
    columns = (Column(t.NOMINEE_STAGE_HEADERS[0], width=34), Column(t.NOMINEE_STAGE_HEADERS[1], "number"),
               Column(t.NOMINEE_STAGE_HEADERS[2], "number"))
    stages = (*FUNNEL[:3], Stage.introducers_named, *FUNNEL[3:], Stage.stopped)
    in_period = {**f.funnel, Stage.stopped: f.stopped_in_period}
    rows = ((t.STAGE[stage.value], in_period.get(stage), f.pipeline_now[stage]) for stage in stages)
    _table_sheet(workbook, "admissions", columns, rows)


def _nominees_by_enterprise(workbook: Workbook, f: ReportFigures) -> None:
    groups = ((Stage.nominated,), (Stage.class_registered,), (Stage.class_completed,), FILE_IN_PROGRESS,
              (Stage.decided,), (Stage.admitted,), (Stage.official,), (Stage.stopped,))
    headers = t.NOMINEE_ENTERPRISE_HEADERS
    columns = [Column(headers[0]), Column(headers[1], "code"), *(Column(h, "number") for h in headers[2:])]
    by_id = {e.id: e for e in f.enterprises}
    rows = []
    for enterprise_id, counts in sorted(f.nominees_by_enterprise.items(),
                                        key=lambda item: by_id[item[0]].name if item[0] in by_id else ""):
        enterprise = by_id.get(enterprise_id)
        if enterprise is None:
            continue
        rows.append((enterprise.name, enterprise.tax_code, *(sum(counts[s] for s in group) for group in groups),
                     sum(counts.values())))
    _table_sheet(workbook, "nominee_enterprises", columns, rows, freeze_columns=1,
                 empty=_empty("nominee_enterprises", f))


def _nominee_names(workbook: Workbook, named: NamedLists) -> None:
    kinds = ("number", "text", "date", "text", "text", "text", "date", "date", "date", "date", "date")
    columns = [Column(header, kind) for header, kind in zip(t.NOMINEE_NAME_HEADERS, kinds, strict=True)]
    rows = ((n.id, n.full_name or t.ERASED, n.date_of_birth, n.enterprise, n.position, t.STAGE[n.stage.value],
             n.nominated_on, n.certificate_date, n.admitted_on, n.probation_ends_on, n.official_on)
            for n in named.nominees)
    _table_sheet(workbook, "nominee_names", columns, rows, preface=[t.NOMINEE_NAMES_NOTE], freeze_columns=2,
                 empty=_empty("nominee_names", None))


def _transfers(workbook: Workbook, f: ReportFigures, named: NamedLists | None) -> None:
    kinds = ("date", "text", "code", "number", "text", "text", "date", "date", "date", "date", "text", "date")
    columns = [Column(header, kind) for header, kind in zip(t.TRANSFER_HEADERS, kinds, strict=True)]
    if named is not None:
        columns.append(Column(t.TRANSFER_NAME_HEADER))
    rows = []
    for r in f.transfers:
        row: list[Any] = [r.moved_on, r.enterprise, r.tax_code, r.member_count, r.from_org, r.to_org, r.begin_by,
                          r.letter_issued_on, r.letter_due_on, r.completed_on, _yes(r.overdue), r.temporary_until]
        if named is not None:
            row.append(named.transfer_names.get(r.id))
        rows.append(row)
    _table_sheet(workbook, "transfers", columns, rows, freeze_columns=2, empty=_empty("transfers", f))


def _foundings(workbook: Workbook, f: ReportFigures) -> None:
    kinds = ("date", "text", "code", "text", "text", "number")
    columns = [Column(header, kind) for header, kind in zip(t.FOUNDING_HEADERS, kinds, strict=True)]
    rows = ((r.decided_on, r.enterprise, r.tax_code, t.ORG_KIND[r.kind.value], r.decision_number,
             r.members_at_founding) for r in f.foundings)
    _table_sheet(workbook, "foundings", columns, rows, freeze_columns=2, empty=_empty("foundings", f))


def _milestones(workbook: Workbook, f: ReportFigures) -> None:
    kinds = ("text", "long", "text", "text", "date", "date", "text", "text", "date", "text")
    columns = [Column(header, kind) for header, kind in zip(t.MILESTONE_HEADERS, kinds, strict=True)]
    rows = ((m.code, m.title, t.MILESTONE_KIND[m.kind.value], m.when_text, m.starts_on, m.due_on, m.lead,
             t.MILESTONE_STATUS[m.status.value], m.done_on, t.YES if m.is_review else None) for m in f.milestones)
    _table_sheet(workbook, "milestones", columns, rows, freeze_columns=1, empty=_empty("milestones", f))


def _targets(workbook: Workbook, f: ReportFigures) -> None:
    kinds = ("number", "text", "number", "number", "share")
    columns = [Column(header, kind) for header, kind in zip(t.TARGET_HEADERS, kinds, strict=True)]
    rows = ((r.year, t.TARGET_KIND[r.kind.value], r.target, r.achieved,
             _share(r.achieved, r.target) if r.target else None) for r in f.targets)
    _table_sheet(workbook, "targets", columns, rows, empty=_empty("targets", f))
