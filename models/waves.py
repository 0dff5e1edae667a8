"""Waves of visits: who is assigned which enterprises, and how much of the wave is covered.

An assigned enterprise counts as visited when any member of the delegation recorded a visit to it during the
wave's dates: the delegation works in teams, so a colleague's visit settles it for the whole team.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from models.audit import record_audit
from models.db import rows_affected
from models.errors import InvalidInput, NotFound
from models.people import Identity, Member, Role, get_member, require_role
from models.plan import Plan
from models.registry import Enterprise, PartyOrgStatus, find_by_tax_code, normalise_tax_code
from models.text import fold, nfc
from models.visits import Assignment, Visit, Wave, wave_on


def get_wave(session: Session, wave_id: int) -> Wave:
    wave = session.get(Wave, wave_id)
    if wave is None:
        raise NotFound("Không tìm thấy đợt công tác này.")
    return wave


def find_wave(session: Session, code: str, *, plan_code: str | None = None) -> Wave:
    """A wave by its code ("dot-1"); the plan's code is needed only when two plans use the same wave code."""
    query = select(Wave).where(func.lower(Wave.code) == nfc(code).lower())
    if plan_code:
        query = query.join(Plan, Plan.id == Wave.plan_id).where(Plan.code == nfc(plan_code))
    found = list(session.scalars(query))
    if not found:
        raise NotFound(f"Không có đợt công tác mã '{code}'.")
    if len(found) > 1:
        raise InvalidInput(f"Mã đợt '{code}' có ở nhiều kế hoạch; hãy ghi rõ mã kế hoạch.")
    return found[0]


def current_wave(session: Session, today: dt.date) -> Wave | None:
    """The wave running today (the latest-starting one if they overlap)."""
    return wave_on(session, today)


def _actor(by: Member | None) -> str:
    return by.actor if by is not None else "cli"


def _check_coordinator(by: Member | None) -> None:
    # `None` is the operator at the command line, who already holds the database.
    if by is not None:
        require_role(by, Role.coordinator)


@dataclass(frozen=True)
class AssignResult:
    added: int
    already: int  # the member already had these enterprises in this wave


def assign(session: Session, wave_id: int, enterprise_ids: list[int], member_id: int,
           by: Member | None) -> AssignResult:
    """Give a member enterprises to visit in a wave; assigning twice is harmless."""
    _check_coordinator(by)
    wave = get_wave(session, wave_id)
    member = get_member(session, member_id)
    if not member.active:
        raise InvalidInput(f"{member.full_name} không còn trong Đoàn công tác.")
    wanted = set(enterprise_ids)
    known = set(session.scalars(select(Enterprise.id).where(Enterprise.id.in_(wanted))))
    if missing := wanted - known:
        raise NotFound(f"Không tìm thấy doanh nghiệp (mã nội bộ {', '.join(map(str, sorted(missing)))}).")
    have = set(session.scalars(select(Assignment.enterprise_id).where(
        Assignment.wave_id == wave.id, Assignment.member_id == member.id, Assignment.enterprise_id.in_(wanted))))
    for enterprise_id in sorted(wanted - have):
        session.add(Assignment(wave_id=wave.id, enterprise_id=enterprise_id, member_id=member.id,
                               assigned_by_id=by.id if by is not None else None))
    session.flush()
    if wanted - have:
        record_audit(session, actor=_actor(by), action="assignment.add", entity="wave", entity_id=wave.id,
                     details={"member_id": member.id, "enterprise_ids": sorted(wanted - have)})
    return AssignResult(added=len(wanted - have), already=len(have))


def unassign(session: Session, wave_id: int, enterprise_ids: list[int], member_id: int, by: Member | None) -> int:
    """Take enterprises back from a member; returns how many assignments were removed."""
    _check_coordinator(by)
    wave = get_wave(session, wave_id)
    result = session.execute(delete(Assignment).where(
        Assignment.wave_id == wave.id, Assignment.member_id == member_id,
        Assignment.enterprise_id.in_(set(enterprise_ids))))
    removed = rows_affected(result)
    if removed:
        record_audit(session, actor=_actor(by), action="assignment.remove", entity="wave", entity_id=wave.id,
                     details={"member_id": member_id, "enterprise_ids": sorted(set(enterprise_ids))})
    return removed


def open_wave(session: Session, plan_id: int, starts_on: dt.date, ends_on: dt.date, by: Member, *,
              name: str | None = None) -> Wave:
    """A coordinator opens a wave of visits (after the plan file's: 2022–2025's work goes in waves too); its
    enterprises are then assigned as any wave's. Within the plan's dates, while it runs, overlapping no other
    wave; named "Đợt N" (the next number) unless named."""
    require_role(by, Role.coordinator)
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound("Không tìm thấy kế hoạch này.")
    if ends_on < starts_on:
        raise InvalidInput("Ngày kết thúc đợt phải sau ngày bắt đầu.", field="ends_on")
    if starts_on < plan.starts_on or ends_on > plan.last_day():
        raise InvalidInput(f"Đợt phải nằm trong thời gian của kế hoạch ({plan.starts_on:%d/%m/%Y} – "
                           f"{plan.last_day():%d/%m/%Y}).", field="starts_on")
    waves = list(session.scalars(select(Wave).where(Wave.plan_id == plan.id).order_by(Wave.starts_on)))
    for other in waves:
        if other.starts_on <= ends_on and starts_on <= other.ends_on:
            raise InvalidInput(f"Thời gian trùng với {other.name} ({other.starts_on:%d/%m/%Y} – "
                               f"{other.ends_on:%d/%m/%Y}).", field="starts_on")
    codes = {wave.code for wave in waves}
    number = len(waves) + 1
    while f"dot-{number}" in codes:
        number += 1
    name = nfc(name.strip()) if name and name.strip() else f"Đợt {number}"
    wave = Wave(plan_id=plan.id, code=f"dot-{number}", name=name[:200], starts_on=starts_on, ends_on=ends_on,
                opened_by_id=by.id)
    session.add(wave)
    session.flush()
    record_audit(session, actor=by.actor, action="wave.open", entity="wave", entity_id=wave.id,
                 details={"code": wave.code, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()})
    return wave


# --------------------------------------------------------------------------- CSV import

_HEADERS = {
    "wave": {"dot", "ma dot", "dot cong tac", "wave", "wave code", "wave_code"},
    "tax_code": {"ma so thue", "mst", "tax code", "tax_code", "ma so thue doanh nghiep"},
    "member": {"thanh vien", "can bo", "nguoi phu trach", "member", "member id"},
    "plan": {"ke hoach", "ma ke hoach", "plan", "plan code", "plan_code"},
}


class AssignmentImportError(InvalidInput):
    """Nothing was imported; `errors` says what is wrong on which line."""

    def __init__(self, errors: list[str]) -> None:
        shown = errors[:50]
        more = f"\n… và {len(errors) - len(shown)} lỗi khác." if len(errors) > len(shown) else ""
        super().__init__("Không nhập được bảng phân công (chưa ghi dòng nào):\n"
                         + "\n".join(f"- {e}" for e in shown) + more)
        self.errors = errors


@dataclass
class AssignmentImportReport:
    rows: int
    added: int
    already: int
    per_wave: dict[str, int] = field(default_factory=dict)  # wave code -> rows


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        folded = fold(name)
        for column, aliases in _HEADERS.items():
            if folded in aliases and column not in columns:
                columns[column] = index
    missing = [c for c in ("wave", "tax_code", "member") if c not in columns]
    if missing:
        names = {"wave": "đợt", "tax_code": "mã số thuế", "member": "thành viên"}
        raise AssignmentImportError([
            "Dòng 1: thiếu cột " + ", ".join(names[c] for c in missing)
            + " (cần các cột: đợt, mã số thuế, thành viên — tên hoặc mã tài khoản như telegram:123456)"])
    return columns


def _member_finder(session: Session) -> Callable[[str], Member]:
    members = list(session.scalars(select(Member).where(Member.active.is_(True))))
    by_name: dict[str, list[Member]] = defaultdict(list)
    for member in members:
        by_name[fold(member.full_name)].append(member)

    def find(text: str) -> Member:
        text = nfc(text)
        platform_id = f"telegram:{text}" if text.lstrip("-").isdigit() else text
        if ":" in platform_id:
            member = session.scalar(select(Member).join(Identity).where(Identity.platform_id == platform_id))
            if member is None or not member.active:
                raise ValueError(f"không có thành viên với mã tài khoản '{text}'")
            return member
        found = by_name.get(fold(text), [])
        if not found:
            raise ValueError(f"không có thành viên tên '{text}'")
        if len(found) > 1:
            raise ValueError(f"có {len(found)} thành viên tên '{text}'; hãy ghi mã tài khoản (ví dụ telegram:123456)")
        return found[0]

    return find


def import_assignments(session: Session, csv_text: str, *, by: Member | None) -> AssignmentImportReport:
    """Assign from a table (wave code, tax code, member); all rows or none, with each bad row named."""
    _check_coordinator(by)
    text = csv_text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise AssignmentImportError(["Tệp trống."])
    columns = _columns(rows[0])
    find_member = _member_finder(session)
    waves: dict[tuple[str, str], Wave] = {}
    errors: list[str] = []
    planned: dict[tuple[int, int], set[int]] = defaultdict(set)  # (wave, member) -> enterprises
    per_wave: dict[str, int] = defaultdict(int)
    count = 0
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            return row[columns[name]].strip() if name in columns and columns[name] < len(row) else ""

        problems: list[str] = []
        wave_code, plan_code = cell("wave"), cell("plan")
        wave = None
        if not wave_code:
            problems.append("thiếu mã đợt")
        else:
            try:
                wave = waves.get((wave_code, plan_code)) or find_wave(session, wave_code, plan_code=plan_code or None)
                waves[(wave_code, plan_code)] = wave
            except (NotFound, InvalidInput) as exc:
                problems.append(exc.message.rstrip("."))
        enterprise = None
        try:
            raw = cell("tax_code")
            # A CSV saved from Excel has already dropped the leading zero; read such a cell as Excel's number.
            tax_code = normalise_tax_code(int(raw) if raw.isdigit() and len(raw) in (9, 12) else raw)
            enterprise = find_by_tax_code(session, tax_code)
            if enterprise is None:
                problems.append(f"không có doanh nghiệp mã số thuế {tax_code} trong danh sách")
        except ValueError as exc:
            problems.append(str(exc))
        member = None
        if not cell("member"):
            problems.append("thiếu thành viên")
        else:
            try:
                member = find_member(cell("member"))
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            errors.append(f"Dòng {line}: " + "; ".join(problems) + ".")
            continue
        assert wave is not None and enterprise is not None and member is not None
        planned[(wave.id, member.id)].add(enterprise.id)
        per_wave[wave.code] += 1
        count += 1
    if errors:
        raise AssignmentImportError(errors)
    added = already = 0
    for (wave_id, member_id), enterprise_ids in planned.items():
        result = assign(session, wave_id, sorted(enterprise_ids), member_id, by)
        added, already = added + result.added, already + result.already
    return AssignmentImportReport(rows=count, added=added, already=already, per_wave=dict(per_wave))


# --------------------------------------------------------------------------- lists and coverage

def _visits_during(wave: Wave) -> Select[int, dt.date]:
    return select(Visit.enterprise_id, func.min(Visit.visited_on).label("first_visit")).where(
        Visit.deleted_at.is_(None), Visit.visited_on >= wave.starts_on, Visit.visited_on <= wave.ends_on,
    ).group_by(Visit.enterprise_id)


def visited_during(session: Session, wave: Wave) -> dict[int, dt.date]:
    """Enterprises visited during the wave, with the first visit's date."""
    return {enterprise_id: day for enterprise_id, day in session.execute(_visits_during(wave))}


@dataclass(frozen=True)
class AssignedEnterprise:
    """One line of a member's list for a wave."""

    enterprise_id: int
    name: str
    tax_code: str
    zone: str | None
    visited_on: dt.date | None  # first visit during the wave, by anyone in the delegation

    @property
    def visited(self) -> bool:
        return self.visited_on is not None


def assignments_of(session: Session, member_id: int, wave_id: int) -> list[AssignedEnterprise]:
    """"My list": the member's enterprises in the wave, the ones still to visit first."""
    wave = get_wave(session, wave_id)
    visited = visited_during(session, wave)
    enterprises = session.scalars(
        select(Enterprise).join(Assignment, Assignment.enterprise_id == Enterprise.id)
        .where(Assignment.wave_id == wave.id, Assignment.member_id == member_id)
    ).unique()
    items = [AssignedEnterprise(e.id, e.name, e.tax_code, e.zone.name if e.zone else None, visited.get(e.id))
             for e in enterprises]
    return sorted(items, key=lambda item: (item.visited, fold(item.name)))


@dataclass(frozen=True)
class MemberCoverage:
    member_id: int
    full_name: str
    assigned: int
    visited: int


@dataclass(frozen=True)
class WaveCoverage:
    wave_id: int
    wave_code: str
    wave_name: str
    starts_on: dt.date
    ends_on: dt.date
    assigned: int                 # distinct enterprises assigned in the wave
    assigned_visited: int         # of those, visited during the wave
    visited: int                  # distinct enterprises visited during the wave, assigned or not
    without_party_org: int        # enterprises without a party organisation (today's registry)
    without_party_org_visited: int  # of those, visited during the wave
    members: list[MemberCoverage]


_WITHOUT_PARTY_ORG = (PartyOrgStatus.none, PartyOrgStatus.members_elsewhere)


def wave_coverage(session: Session, wave_id: int) -> WaveCoverage:
    wave = get_wave(session, wave_id)
    visited = set(visited_during(session, wave))
    pairs = session.execute(select(Assignment.member_id, Assignment.enterprise_id).where(
        Assignment.wave_id == wave.id)).all()
    assigned = {enterprise_id for _, enterprise_id in pairs}
    by_member: dict[int, set[int]] = defaultdict(set)
    for member_id, enterprise_id in pairs:
        by_member[member_id].add(enterprise_id)
    names = dict(session.execute(select(Member.id, Member.full_name).where(Member.id.in_(by_member))).all())
    members = sorted(
        (MemberCoverage(member_id, names.get(member_id, "?"), len(ids), len(ids & visited))
         for member_id, ids in by_member.items()),
        key=lambda m: fold(m.full_name))
    without = set(session.scalars(select(Enterprise.id).where(Enterprise.party_org_status.in_(_WITHOUT_PARTY_ORG))))
    return WaveCoverage(
        wave_id=wave.id, wave_code=wave.code, wave_name=wave.name, starts_on=wave.starts_on, ends_on=wave.ends_on,
        assigned=len(assigned), assigned_visited=len(assigned & visited), visited=len(visited),
        without_party_org=len(without), without_party_org_visited=len(without & visited), members=members,
    )


def member_coverage(session: Session, wave_id: int, member_id: int) -> MemberCoverage:
    member = get_member(session, member_id)
    items = assignments_of(session, member_id, wave_id)
    return MemberCoverage(member.id, member.full_name, len(items), sum(1 for item in items if item.visited))


def members_with_unvisited(session: Session, wave_id: int) -> dict[int, list[AssignedEnterprise]]:
    """For nudges: each member with enterprises still to visit in the wave, and which."""
    wave = get_wave(session, wave_id)
    visited = visited_during(session, wave)
    rows = session.execute(
        select(Assignment.member_id, Enterprise)
        .join(Enterprise, Enterprise.id == Assignment.enterprise_id)
        .where(Assignment.wave_id == wave.id)
    ).all()
    pending: dict[int, list[AssignedEnterprise]] = defaultdict(list)
    for member_id, enterprise in rows:
        if enterprise.id not in visited:
            pending[member_id].append(AssignedEnterprise(
                enterprise.id, enterprise.name, enterprise.tax_code,
                enterprise.zone.name if enterprise.zone else None, None))
    return {member_id: sorted(items, key=lambda i: fold(i.name)) for member_id, items in pending.items()}
