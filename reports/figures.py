"""The figures of a report for one period, computed by queries: the one place the workbook and the document share.

What is counted by date and what as it stands:
- visits, difficulties received and closed, nominee stages (by the stage's own date), transfers (moved on)
  and foundings (decided on) are counted when their date falls in the period, up to `as_of`;
- the registry (party organisation, member counts, mass organisations) is as it stands today: it has no history;
- a difficulty is open on `as_of` when it was received by then and not closed by then.
`as_of` is the period's end, or today while the period is still running.

Counts only: nobody is named here. A coordinator's named list is fetched apart (`reports.build`), audited.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.difficulties import Difficulty, DifficultyStatus
from models.directives import DirectiveFigures, directive_figures
from models.nominees import BEFORE_DECISION, WITH_CERTIFICATE_BEFORE_DECISION, Nominee, Stage, nominee_counts
from models.organisations import Founding, OrgKind, Transfer
from models.people import Member, delegation_head
from models.plan import MilestoneKind, MilestoneStatus, Plan, milestone_status
from models.registry import Enterprise, IndustrialZone, PartyOrgStatus, eligibility
from models.rules import Rules
from models.targets import TargetKind, progress
from models.text import fold
from models.visits import Assignment, Visit, VisitMember, Wave
from models.waves import visited_during
from reports.heading import PlanInfo
from reports.periods import Period

WITHOUT_PARTY_ORG = (PartyOrgStatus.none, PartyOrgStatus.members_elsewhere)
# The admission funnel, in the order a worker goes through it, each stage counted by its own date.
FUNNEL = (Stage.nominated, Stage.class_registered, Stage.class_completed, Stage.admitted, Stage.official)
# The file's steps between the certificate and the decision, shown together where a table has no room for each.
FILE_IN_PROGRESS = (Stage.application_filed, Stage.background_filed, Stage.introducers_named,
                    Stage.background_verified, Stage.resolution_passed)
# How the report groups a difficulty's status: still being handled, answered, closed either way.
STATUS_GROUPS = {
    "handling": (DifficultyStatus.open, DifficultyStatus.forwarded),
    "answered": (DifficultyStatus.answered,),
    "resolved": (DifficultyStatus.resolved,),
    "declined": (DifficultyStatus.declined,),
}
LOOK_AHEAD_DAYS = 183         # "next steps" look this far past the period at least (a year at most)
PROBATION_LOOK_AHEAD_DAYS = 183   # probations ending and certificates expiring this soon are named as next steps


@dataclass(frozen=True)
class EnterpriseRow:
    id: int
    name: str
    tax_code: str
    zone: str | None
    ownership: str               # models.registry.Ownership value
    country: str | None
    employees: int | None
    official_members: int
    probationary_members: int
    party_status: PartyOrgStatus
    party_founded_on: dt.date | None
    has_trade_union: bool
    has_youth_union: bool
    has_veterans: bool
    visits_in_period: int
    last_visit: dt.date | None   # the latest visit up to as_of, in the period or before
    open_difficulties: int       # open on as_of
    nominees: int                # nominated up to as_of, whatever their stage now
    may_found_party_org: bool
    party_org_kind: str | None   # "chi_bo" | "dang_bo" when it may found one
    official_needed: int
    may_found_trade_union: bool
    may_found_youth_union: bool
    members_should_transfer: bool
    may_found_veterans: bool = False
    owner_stance: str | None = None       # models.registry.OwnerStance value, as the latest visit found it

    @property
    def has_party_org(self) -> bool:
        return self.party_status not in WITHOUT_PARTY_ORG


@dataclass(frozen=True)
class VisitRow:
    visited_on: dt.date
    wave: str | None
    enterprise_id: int
    enterprise: str
    tax_code: str
    zone: str | None
    members: str                 # the delegation's members who went (officials, not personal data)
    met_name: str | None
    met_position: str | None
    official_found: int | None
    probationary_found: int | None
    workers: int | None
    outstanding_workers: int | None
    difficulties_raised: bool
    next_step: str | None
    next_step_due: dt.date | None
    checkin_verified: bool


@dataclass(frozen=True)
class DifficultyRow:
    id: int
    received_on: dt.date
    enterprise_id: int
    enterprise: str
    tax_code: str
    category: str                # code; labels come from the rules
    description: str
    proposal: str | None
    recipient: str               # code
    recipient_detail: str | None
    status: DifficultyStatus     # as it stands today
    closed_on: dt.date | None
    age_days: int                # until it closed, or until as_of while open
    received_in_period: bool     # False: received before the period and still open in it
    open_on_as_of: bool


@dataclass(frozen=True)
class TransferRow:
    id: int
    moved_on: dt.date
    enterprise: str
    tax_code: str
    member_count: int
    from_org: str
    to_org: str
    begin_by: dt.date
    letter_issued_on: dt.date | None
    letter_due_on: dt.date | None
    completed_on: dt.date | None
    overdue: bool                # a deadline passed by as_of without the transfer completing
    temporary_until: dt.date | None = None   # a temporary transfer (chuyển sinh hoạt tạm thời): its period's end


@dataclass(frozen=True)
class FoundingRow:
    decided_on: dt.date
    enterprise: str
    tax_code: str
    kind: OrgKind
    decision_number: str
    members_at_founding: int | None


@dataclass(frozen=True)
class MilestoneRow:
    id: int
    code: str
    title: str
    kind: MilestoneKind
    when_text: str | None
    starts_on: dt.date | None
    due_on: dt.date | None
    lead: str | None
    status: MilestoneStatus      # on as_of
    done_on: dt.date | None
    is_review: bool


@dataclass(frozen=True)
class TargetRow:
    year: int
    kind: TargetKind
    target: int | None
    achieved: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.achieved / self.target) if self.target else None


@dataclass(frozen=True)
class WaveRow:
    id: int
    code: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    assigned: int                # enterprises assigned to members in the wave
    aimed_at: int                # what coverage is measured against: the assigned enterprises, or, when nobody
    #                              was assigned, every enterprise without a party organisation
    covered: int                 # of those, visited during the wave
    visited: int                 # enterprises visited during the wave, aimed at or not
    visits: int
    unvisited: list[str]         # names of those aimed at and not visited

    @property
    def percent(self) -> int | None:
        return round(100 * self.covered / self.aimed_at) if self.aimed_at else None


@dataclass(frozen=True)
class MonthCount:
    month: dt.date               # the first day of the month
    visits: int
    enterprises: int


@dataclass
class ReportFigures:
    period: Period
    plan: PlanInfo | None
    as_of: dt.date
    generated_at: dt.datetime    # in the delegation's time zone
    unanswered_days: int         # the rule: a difficulty without an answer this long is overdue

    enterprises: list[EnterpriseRow]
    visits: list[VisitRow]
    months: list[MonthCount]
    waves: list[WaveRow]
    difficulties: list[DifficultyRow]
    transfers: list[TransferRow]
    foundings: list[FoundingRow]
    milestones: list[MilestoneRow]          # those whose time overlaps the period (status on as_of)
    upcoming: list[MilestoneRow]            # not done, due after the period within the look-ahead
    targets: list[TargetRow]               # every year the period touches, set or not
    coming_targets: list[TargetRow]        # the targets set for the year the next steps aim at

    funnel: dict[Stage, int]                # stage reached within the period
    stopped_in_period: int
    pipeline_now: dict[Stage, int]          # where every nominee stands today
    nominees_by_enterprise: dict[int, dict[Stage, int]] = field(default_factory=dict)
    ready_to_admit: int = 0                 # class completed, the file under way, no decision yet
    probation_ending: int = 0               # admitted, probation ends within the look-ahead
    certificates_expiring: int = 0          # no decision yet, certificate expires within the look-ahead
    awaiting_ceremony: int = 0              # decided, the ceremony still to hold
    ceremonies_overdue: int = 0             # of those, past the rules' working days on as_of
    recognitions_overdue: int = 0           # probation over, the chi bộ's consideration past its due date on as_of
    # The zones board's directive(s) issued by as_of: sent to, reports and member reviews received from how many.
    directives: list[DirectiveFigures] = field(default_factory=list)
    # The Trưởng đoàn as recorded when the figures are read: (full name, side's bodies-file role or None).
    delegation_head: tuple[str, str | None] | None = None

    # ------------------------------------------------------------ derived counts, one definition each

    @property
    def enterprises_total(self) -> int:
        return len(self.enterprises)

    @property
    def in_pipeline(self) -> int:
        """Nominees today on their way to a decision (nominated, at the class, or with the file under way)."""
        return sum(self.pipeline_now.get(stage, 0) for stage in BEFORE_DECISION)

    @property
    def without_party_org(self) -> list[EnterpriseRow]:
        return [e for e in self.enterprises if not e.has_party_org]

    @property
    def with_party_org(self) -> int:
        return sum(1 for e in self.enterprises if e.has_party_org)

    @property
    def visit_count(self) -> int:
        return len(self.visits)

    @property
    def visited_enterprises(self) -> int:
        return sum(1 for e in self.enterprises if e.visits_in_period)

    @property
    def visited_without_party_org(self) -> int:
        return sum(1 for e in self.without_party_org if e.visits_in_period)

    @property
    def members_in_visited(self) -> tuple[int, int]:
        """Official and probationary members working in the visited enterprises without a party organisation."""
        visited = [e for e in self.without_party_org if e.visits_in_period]
        return sum(e.official_members for e in visited), sum(e.probationary_members for e in visited)

    @property
    def unvisited_without_party_org(self) -> list[EnterpriseRow]:
        """Enterprises without a party organisation the delegation has not visited in the period."""
        return [e for e in self.without_party_org if not e.visits_in_period]

    @property
    def received(self) -> list[DifficultyRow]:
        return [d for d in self.difficulties if d.received_in_period]

    @property
    def open_difficulties(self) -> list[DifficultyRow]:
        return [d for d in self.difficulties if d.open_on_as_of]

    @property
    def overdue_difficulties(self) -> list[DifficultyRow]:
        """Open on as_of and older than the rule allows, the oldest first."""
        late = [d for d in self.difficulties if d.open_on_as_of and d.age_days > self.unanswered_days]
        return sorted(late, key=lambda d: -d.age_days)

    @property
    def answered_in_period(self) -> int:
        """Received in the period and answered (not yet resolved) as it stands today."""
        return sum(1 for d in self.received if d.status is DifficultyStatus.answered)

    def closed_in_period(self, status: DifficultyStatus) -> int:
        return sum(1 for d in self.difficulties
                   if d.status is status and d.closed_on is not None
                   and self.period.start <= d.closed_on <= self.as_of)

    def difficulties_by_category(self) -> dict[str, Counter[DifficultyStatus]]:
        """Difficulties received in the period, by category, then by their status today."""
        table: dict[str, Counter[DifficultyStatus]] = defaultdict(Counter)
        for row in self.received:
            table[row.category][row.status] += 1
        return dict(table)

    @property
    def members_transferred(self) -> int:
        return sum(t.member_count for t in self.transfers)

    @property
    def temporary_transfers(self) -> int:
        return sum(1 for t in self.transfers if t.temporary_until is not None)

    @property
    def transfers_completed(self) -> int:
        return sum(1 for t in self.transfers if t.completed_on is not None and t.completed_on <= self.as_of)

    @property
    def overdue_transfers(self) -> list[TransferRow]:
        return [t for t in self.transfers if t.overdue]

    def foundings_by_kind(self) -> dict[OrgKind, int]:
        counts = Counter(f.kind for f in self.foundings)
        return {kind: counts.get(kind, 0) for kind in OrgKind}

    @property
    def overdue_milestones(self) -> list[MilestoneRow]:
        return [m for m in self.milestones if m.status is MilestoneStatus.overdue]

    @property
    def eligible_party_org(self) -> list[EnterpriseRow]:
        return [e for e in self.enterprises if e.may_found_party_org]

    @property
    def eligible_trade_union(self) -> list[EnterpriseRow]:
        return [e for e in self.enterprises if e.may_found_trade_union]

    @property
    def eligible_youth_union(self) -> list[EnterpriseRow]:
        return [e for e in self.enterprises if e.may_found_youth_union]

    @property
    def eligible_veterans(self) -> list[EnterpriseRow]:
        return [e for e in self.enterprises if e.may_found_veterans]

    @property
    def should_transfer(self) -> list[EnterpriseRow]:
        return [e for e in self.enterprises if e.members_should_transfer]

    @property
    def targets_behind(self) -> list[TargetRow]:
        """Targets of years already over (by as_of) that were not reached."""
        return [r for r in self.targets if r.target and r.achieved < r.target and dt.date(r.year, 12, 31) <= self.as_of]


# --------------------------------------------------------------------------- computing

def _local_day(moment: dt.datetime | None, tz: ZoneInfo) -> dt.date | None:
    return moment.astimezone(tz).date() if moment is not None else None


def _end_of_day_utc(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz).astimezone(dt.UTC)


def as_of_date(period: Period, today: dt.date) -> dt.date:
    """The period's end, or today while it runs (never before its start)."""
    return max(period.start, min(period.end, today))


def compute_figures(session: Session, period: Period, *, today: dt.date, rules: Rules, tz: ZoneInfo,
                    now: dt.datetime | None = None) -> ReportFigures:
    as_of = as_of_date(period, today)
    plan = session.get(Plan, period.plan_id) if period.plan_id else None
    visit_rows = _load_visits(session, period.start, as_of)
    per_enterprise_visits = Counter(v.enterprise_id for v in visit_rows)
    last_visit = dict(session.execute(
        select(Visit.enterprise_id, func.max(Visit.visited_on))
        .where(Visit.deleted_at.is_(None), Visit.visited_on <= as_of).group_by(Visit.enterprise_id)).all())

    all_difficulties = load_difficulties(session, period, as_of, tz)
    difficulty_rows = [row for row in all_difficulties if row.received_in_period or row.open_on_as_of]
    open_per_enterprise = Counter(row.enterprise_id for row in all_difficulties if row.open_on_as_of)

    nominees_per_enterprise: dict[int, dict[Stage, int]] = defaultdict(lambda: {stage: 0 for stage in Stage})
    for enterprise_id, stage, count in session.execute(
            select(Nominee.enterprise_id, Nominee.stage, func.count(Nominee.id))
            .where(Nominee.nominated_on <= as_of).group_by(Nominee.enterprise_id, Nominee.stage)):
        nominees_per_enterprise[enterprise_id][stage] = count

    enterprises = [
        _enterprise_row(e, rules, as_of, per_enterprise_visits, last_visit, open_per_enterprise,
                        sum(nominees_per_enterprise[e.id].values()) if e.id in nominees_per_enterprise else 0)
        for e in session.scalars(select(Enterprise).order_by(Enterprise.name_folded, Enterprise.id))
    ]

    milestones, upcoming = _milestones(plan, period, as_of, tz)
    return ReportFigures(
        period=period,
        plan=PlanInfo.of(plan) if plan else None,
        as_of=as_of,
        generated_at=(now or dt.datetime.now(dt.UTC)).astimezone(tz),
        unanswered_days=rules.value("difficulty_unanswered_days", as_of),
        enterprises=enterprises,
        visits=visit_rows,
        months=_months(period.start, as_of, visit_rows),
        waves=_waves(session, period, as_of, enterprises),
        difficulties=difficulty_rows,
        transfers=_transfers(session, period, as_of),
        foundings=_foundings(session, period, as_of),
        milestones=milestones,
        upcoming=upcoming,
        targets=[TargetRow(year, p.kind, p.target, p.achieved)
                 for year in range(period.start.year, as_of.year + 1) for p in progress(session, year)],
        coming_targets=_coming_targets(session, as_of),
        funnel=_funnel(session, period.start, as_of),
        stopped_in_period=session.scalar(select(func.count(Nominee.id)).where(
            Nominee.stopped_on >= period.start, Nominee.stopped_on <= as_of)) or 0,
        pipeline_now=nominee_counts(session),
        nominees_by_enterprise=dict(nominees_per_enterprise),
        ready_to_admit=session.scalar(select(func.count(Nominee.id)).where(
            Nominee.stage.in_(WITH_CERTIFICATE_BEFORE_DECISION))) or 0,
        probation_ending=session.scalar(select(func.count(Nominee.id)).where(
            Nominee.stage == Stage.admitted,
            Nominee.probation_ends_on <= as_of + dt.timedelta(days=PROBATION_LOOK_AHEAD_DAYS))) or 0,
        certificates_expiring=session.scalar(select(func.count(Nominee.id)).where(
            Nominee.stage.in_(WITH_CERTIFICATE_BEFORE_DECISION),
            Nominee.certificate_expires_on <= as_of + dt.timedelta(days=PROBATION_LOOK_AHEAD_DAYS))) or 0,
        awaiting_ceremony=session.scalar(select(func.count(Nominee.id)).where(Nominee.stage == Stage.decided)) or 0,
        ceremonies_overdue=session.scalar(select(func.count(Nominee.id)).where(
            Nominee.stage == Stage.decided, Nominee.ceremony_due_on < as_of)) or 0,
        recognitions_overdue=session.scalar(select(func.count(Nominee.id)).where(
            Nominee.stage == Stage.admitted, Nominee.recognition_due_on < as_of)) or 0,
        directives=directive_figures(session, as_of),
        delegation_head=(head.full_name, head.side) if (head := delegation_head(session)) is not None else None,
    )


def _load_visits(session: Session, start: dt.date, end: dt.date) -> list[VisitRow]:
    """Visits as plain rows (columns, not entities: thousands of them load in a blink), with their teams."""
    in_period = (Visit.deleted_at.is_(None), Visit.visited_on >= start, Visit.visited_on <= end)
    teams: dict[int, list[str]] = defaultdict(list)
    for visit_id, name in session.execute(
            select(VisitMember.visit_id, Member.full_name).join(Member, Member.id == VisitMember.member_id)
            .join(Visit, Visit.id == VisitMember.visit_id).where(*in_period)):
        teams[visit_id].append(name)
    rows = session.execute(
        select(Visit.id, Visit.visited_on, Wave.name, Visit.enterprise_id, Enterprise.name, Enterprise.tax_code,
               IndustrialZone.name, Visit.met_name, Visit.met_position, Visit.official_members_found,
               Visit.probationary_members_found, Visit.workers, Visit.outstanding_workers, Visit.difficulties_raised,
               Visit.next_step, Visit.next_step_due, Visit.checkin_verified)
        .join(Enterprise, Enterprise.id == Visit.enterprise_id)
        .outerjoin(IndustrialZone, IndustrialZone.id == Enterprise.zone_id)
        .outerjoin(Wave, Wave.id == Visit.wave_id)
        .where(*in_period).order_by(Visit.visited_on, Visit.id))
    return [VisitRow(visited_on, wave, enterprise_id, enterprise, tax_code, zone, ", ".join(sorted(teams[visit_id])),
                     met_name, met_position, official, probationary, workers, outstanding, bool(raised), next_step,
                     next_step_due, bool(verified))
            for (visit_id, visited_on, wave, enterprise_id, enterprise, tax_code, zone, met_name, met_position,
                 official, probationary, workers, outstanding, raised, next_step, next_step_due, verified) in rows]


def _enterprise_row(enterprise: Enterprise, rules: Rules, as_of: dt.date, visits: Counter[int],
                    last_visit: dict[int, dt.date], open_difficulties: Counter[int], nominees: int) -> EnterpriseRow:
    result = eligibility(enterprise, rules, as_of)
    return EnterpriseRow(
        id=enterprise.id, name=enterprise.name, tax_code=enterprise.tax_code,
        zone=enterprise.zone.name if enterprise.zone else None, ownership=enterprise.ownership.value,
        country=enterprise.country, employees=enterprise.employees,
        official_members=enterprise.official_members, probationary_members=enterprise.probationary_members,
        party_status=enterprise.party_org_status, party_founded_on=enterprise.party_org_founded_on,
        has_trade_union=enterprise.has_trade_union, has_youth_union=enterprise.has_youth_union,
        has_veterans=enterprise.has_veterans,
        visits_in_period=visits.get(enterprise.id, 0), last_visit=last_visit.get(enterprise.id),
        open_difficulties=open_difficulties.get(enterprise.id, 0), nominees=nominees,
        may_found_party_org=result.may_found_party_org, party_org_kind=result.party_org_kind,
        official_needed=result.official_needed, may_found_trade_union=result.may_found_trade_union,
        may_found_youth_union=result.may_found_youth_union, members_should_transfer=result.members_should_transfer,
        may_found_veterans=result.may_found_veterans,
        owner_stance=enterprise.owner_stance.value if enterprise.owner_stance else None,
    )


def load_difficulties(session: Session, period: Period, as_of: dt.date, tz: ZoneInfo) -> list[DifficultyRow]:
    """Every difficulty received by as_of, as plain rows: each is open or closed on as_of, in the period or not."""
    rows = session.execute(
        select(Difficulty.id, Difficulty.created_at, Difficulty.closed_at, Difficulty.status,
               Difficulty.enterprise_id, Enterprise.name, Enterprise.tax_code, Difficulty.category,
               Difficulty.description, Difficulty.proposal, Difficulty.recipient, Difficulty.recipient_detail)
        .join(Enterprise, Enterprise.id == Difficulty.enterprise_id)
        .where(Difficulty.created_at < _end_of_day_utc(as_of, tz)).order_by(Difficulty.created_at, Difficulty.id))
    result = []
    for (difficulty_id, created_at, closed_at, status, enterprise_id, enterprise, tax_code, category, description,
         proposal, recipient, recipient_detail) in rows:
        received = _local_day(created_at, tz)
        assert received is not None
        closed = _local_day(closed_at, tz) if status.is_closed else None
        open_on_as_of = closed is None or closed > as_of
        age_until = as_of if open_on_as_of or closed is None else closed
        result.append(DifficultyRow(
            id=difficulty_id, received_on=received, enterprise_id=enterprise_id, enterprise=enterprise,
            tax_code=tax_code, category=category, description=description, proposal=proposal, recipient=recipient,
            recipient_detail=recipient_detail, status=status, closed_on=closed,
            age_days=max(0, (age_until - received).days), received_in_period=period.start <= received <= as_of,
            open_on_as_of=open_on_as_of))
    return result


def _months(start: dt.date, as_of: dt.date, visits: list[VisitRow]) -> list[MonthCount]:
    """Every month of the period up to as_of, months without visits included (a chart needs the gaps)."""
    visits_by_month: Counter[dt.date] = Counter()
    enterprises_by_month: dict[dt.date, set[int]] = defaultdict(set)
    for visit in visits:
        month = visit.visited_on.replace(day=1)
        visits_by_month[month] += 1
        enterprises_by_month[month].add(visit.enterprise_id)
    months = []
    month = start.replace(day=1)
    while month <= as_of:
        months.append(MonthCount(month, visits_by_month.get(month, 0), len(enterprises_by_month.get(month, ()))))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _waves(session: Session, period: Period, as_of: dt.date, enterprises: list[EnterpriseRow]) -> list[WaveRow]:
    if period.wave_id is not None:
        query = select(Wave).where(Wave.id == period.wave_id)
    else:
        query = select(Wave).where(Wave.starts_on <= as_of, Wave.ends_on >= period.start).order_by(Wave.starts_on)
        if period.plan_id is not None:
            query = query.where(Wave.plan_id == period.plan_id)
    names = {e.id: e.name for e in enterprises}
    without_party = {e.id for e in enterprises if not e.has_party_org}
    rows = []
    for wave in session.scalars(query):
        visited = set(visited_during(session, wave))
        assigned = set(session.scalars(select(Assignment.enterprise_id).where(Assignment.wave_id == wave.id)))
        aimed_at = assigned or without_party
        visits = session.scalar(select(func.count(Visit.id)).where(
            Visit.deleted_at.is_(None), Visit.visited_on >= wave.starts_on, Visit.visited_on <= wave.ends_on)) or 0
        rows.append(WaveRow(
            id=wave.id, code=wave.code, name=wave.name, starts_on=wave.starts_on, ends_on=wave.ends_on,
            assigned=len(assigned), aimed_at=len(aimed_at), covered=len(aimed_at & visited), visited=len(visited),
            visits=visits, unvisited=sorted((names.get(i, "?") for i in aimed_at - visited), key=fold)))
    return rows


def _transfers(session: Session, period: Period, as_of: dt.date) -> list[TransferRow]:
    rows = []
    for transfer in session.scalars(select(Transfer).where(Transfer.moved_on >= period.start,
                                                           Transfer.moved_on <= as_of).order_by(Transfer.moved_on)):
        done = transfer.completed_on is not None and transfer.completed_on <= as_of
        deadline = transfer.letter_due_on if transfer.letter_issued_on else transfer.begin_by
        rows.append(TransferRow(
            id=transfer.id, moved_on=transfer.moved_on, enterprise=transfer.enterprise.name,
            tax_code=transfer.enterprise.tax_code, member_count=transfer.member_count, from_org=transfer.from_org,
            to_org=transfer.to_org, begin_by=transfer.begin_by, letter_issued_on=transfer.letter_issued_on,
            letter_due_on=transfer.letter_due_on, completed_on=transfer.completed_on,
            overdue=not done and deadline is not None and deadline < as_of,
            temporary_until=transfer.temporary_until if transfer.temporary else None))
    return rows


def _foundings(session: Session, period: Period, as_of: dt.date) -> list[FoundingRow]:
    # A founding not tied to one enterprise (a chi bộ under the zones board's đảng ủy) is named by itself.
    return [FoundingRow(f.decided_on, f.enterprise.name if f.enterprise else (f.org_name or ""),
                        f.enterprise.tax_code if f.enterprise else "", f.kind, f.decision_number,
                        f.members_at_founding)
            for f in session.scalars(select(Founding).where(Founding.decided_on >= period.start,
                                                            Founding.decided_on <= as_of)
                                     .order_by(Founding.decided_on, Founding.id))]


def _milestones(plan: Plan | None, period: Period, as_of: dt.date,
                tz: ZoneInfo) -> tuple[list[MilestoneRow], list[MilestoneRow]]:
    """The plan's items whose time overlaps the period (those not yet begun by as_of included, so a report made
    early in its period counts what it will have to do), and those still to do within the look-ahead."""
    if plan is None:
        return [], []
    horizon = as_of + dt.timedelta(days=min(max(period.days(), LOOK_AHEAD_DAYS), 366))
    within: list[MilestoneRow] = []
    upcoming: list[MilestoneRow] = []
    for milestone in plan.milestones:
        first = milestone.starts_on or milestone.due_on or plan.starts_on
        last = milestone.due_on or plan.ends_on
        row = MilestoneRow(
            id=milestone.id, code=milestone.code, title=milestone.title, kind=milestone.kind,
            when_text=milestone.when_text, starts_on=milestone.starts_on, due_on=milestone.due_on,
            lead=milestone.lead, status=milestone_status(milestone, as_of),
            done_on=_local_day(milestone.done_at, tz), is_review=milestone.is_review)
        if first <= period.end and last >= period.start:
            within.append(row)
        if milestone.done_at is None and last > as_of and first <= horizon:
            upcoming.append(row)
    return within, upcoming


def _coming_targets(session: Session, as_of: dt.date) -> list[TargetRow]:
    """A report written in December looks to next year's targets; any other, to the rest of its own year."""
    year = as_of.year + 1 if as_of.month == 12 else as_of.year
    return [TargetRow(year, p.kind, p.target, p.achieved) for p in progress(session, year) if p.target]


def _funnel(session: Session, start: dt.date, end: dt.date) -> dict[Stage, int]:
    dates = {Stage.nominated: Nominee.nominated_on, Stage.class_registered: Nominee.class_registered_on,
             Stage.class_completed: Nominee.certificate_date, Stage.admitted: Nominee.admitted_on,
             Stage.official: Nominee.official_on}
    return {stage: session.scalar(select(func.count(Nominee.id)).where(column >= start, column <= end)) or 0
            for stage, column in dates.items()}
