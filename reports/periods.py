"""The period a report covers: a wave, a half-year, a year, the whole plan, or any range of dates.

Written as codes on the command line and in button data:
    2022            the year                     2022-H1, 2022-H2   a half-year
    wave:1          the plan's first wave        wave:dot-1         a wave by its code
    plan            the running plan             plan:01-KH/…       a plan by its code
    2022-01-01..2022-03-31   any range (also 01/01/2022..31/03/2022)
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.errors import InvalidInput, NotFound
from models.plan import Milestone, Plan, get_plan
from models.text import nfc
from models.visits import Wave
from texts import reports as t

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-?h([12])$", re.IGNORECASE)
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


class PeriodKind(str, enum.Enum):
    wave = "wave"
    half_year = "half_year"
    year = "year"
    plan = "plan"
    custom = "custom"


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: dt.date
    end: dt.date
    plan_id: int | None = None      # the plan the report is written under (its number goes in the heading)
    plan_code: str | None = None
    wave_id: int | None = None
    wave_code: str | None = None
    wave_name: str | None = None

    @property
    def code(self) -> str:
        """The period as the command line writes it."""
        if self.kind is PeriodKind.year:
            return str(self.start.year)
        if self.kind is PeriodKind.half_year:
            return f"{self.start.year}-H{1 if self.start.month <= 6 else 2}"
        if self.kind is PeriodKind.wave:
            return f"wave:{self.wave_code}"
        if self.kind is PeriodKind.plan:
            return f"plan:{self.plan_code}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def token(self) -> str:
        """Short, opaque button data for this period (ids rather than codes, to stay under 64 bytes)."""
        if self.kind is PeriodKind.wave:
            return f"w{self.wave_id}"
        if self.kind is PeriodKind.plan:
            return f"p{self.plan_id}"
        if self.kind is PeriodKind.custom:
            return f"c{self.start:%Y%m%d}{self.end:%Y%m%d}"
        return self.code

    @property
    def file_stem(self) -> str:
        """A file name part without slashes or spaces: "2022-H1", "dot-1", "ke-hoach"."""
        if self.kind is PeriodKind.wave:
            return _safe(self.wave_code or f"dot{self.wave_id}")
        if self.kind is PeriodKind.plan:
            return "toan-ke-hoach"
        if self.kind is PeriodKind.custom:
            return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"
        return self.code

    @property
    def half(self) -> int | None:
        return (1 if self.start.month <= 6 else 2) if self.kind is PeriodKind.half_year else None

    def days(self) -> int:
        return (self.end - self.start).days + 1


def _safe(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]+", "-", text).strip("-") or "dot"


# --------------------------------------------------------------------------- building periods

def year_period(year: int, plan: Plan | None = None) -> Period:
    _check_year(year)
    return Period(PeriodKind.year, dt.date(year, 1, 1), dt.date(year, 12, 31), *_plan_fields(plan))


def half_year_period(year: int, half: int, plan: Plan | None = None) -> Period:
    _check_year(year)
    if half not in (1, 2):
        raise InvalidInput(t.BAD_PERIOD.format(text=f"{year}-H{half}"))
    start, end = (dt.date(year, 1, 1), dt.date(year, 6, 30)) if half == 1 else (dt.date(year, 7, 1),
                                                                                 dt.date(year, 12, 31))
    return Period(PeriodKind.half_year, start, end, *_plan_fields(plan))


def wave_period(wave: Wave, plan: Plan | None = None) -> Period:
    plan_id, plan_code = _plan_fields(plan) if plan is not None else (wave.plan_id, None)
    return Period(PeriodKind.wave, wave.starts_on, wave.ends_on, plan_id, plan_code, wave.id, wave.code, wave.name)


def plan_period(plan: Plan) -> Period:
    return Period(PeriodKind.plan, plan.starts_on, plan.ends_on, plan.id, plan.code)


def custom_period(start: dt.date, end: dt.date, plan: Plan | None = None) -> Period:
    if end < start:
        raise InvalidInput(t.PERIOD_ENDS_BEFORE_START)
    _check_year(start.year)
    _check_year(end.year)
    return Period(PeriodKind.custom, start, end, *_plan_fields(plan))


def _plan_fields(plan: Plan | None) -> tuple[int | None, str | None]:
    return (plan.id, plan.code) if plan is not None else (None, None)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(t.BAD_YEAR.format(year=year))


# --------------------------------------------------------------------------- which plan

def running_plan(session: Session, today: dt.date) -> Plan | None:
    """The plan in force today; else the latest that has begun; else the first one to come."""
    plans = list(session.scalars(select(Plan).order_by(Plan.starts_on)))
    current = [p for p in plans if p.starts_on <= today <= p.ends_on]
    if current:
        return current[-1]
    begun = [p for p in plans if p.starts_on <= today]
    if begun:
        return begun[-1]
    return plans[0] if plans else None


def _plan_for(session: Session, today: dt.date, plan_code: str | None) -> Plan | None:
    return get_plan(session, plan_code) if plan_code else running_plan(session, today)


def plan_of(session: Session, start: dt.date, end: dt.date, plan_code: str | None = None) -> Plan | None:
    """The plan a year, a half-year or a range is reported under: the one named; else the one running at its end
    (the first half of 2026 belongs to the next plan); else one it overlaps; else none (no plan's number)."""
    if plan_code:
        return get_plan(session, plan_code)
    running = session.scalar(select(Plan).where(Plan.starts_on <= end, Plan.ends_on >= end)
                             .order_by(Plan.starts_on.desc()).limit(1))
    return running or session.scalar(select(Plan).where(Plan.starts_on <= end, Plan.ends_on >= start)
                                     .order_by(Plan.starts_on.desc()).limit(1))


# --------------------------------------------------------------------------- parsing

def parse_date(text: str) -> dt.date:
    """2022-03-31 or 31/03/2022."""
    text = text.strip()
    try:
        if match := _DMY.match(text):
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(t.BAD_DATE.format(text=text)) from None


def parse_period(session: Session, text: str, *, today: dt.date, plan_code: str | None = None) -> Period:
    """A period from its code (see the module's docstring); Vietnamese InvalidInput/NotFound when it is not one."""
    raw = nfc(text or "")
    lowered = raw.lower()
    if not raw:
        raise InvalidInput(t.BAD_PERIOD.format(text=raw))
    if match := _YEAR.match(raw):
        year = int(match.group(1))
        return year_period(year, plan_of(session, dt.date(year, 1, 1), dt.date(year, 12, 31), plan_code))
    if match := _HALF.match(raw):
        year, half = int(match.group(1)), int(match.group(2))
        period = half_year_period(year, half)
        return half_year_period(year, half, plan_of(session, period.start, period.end, plan_code))
    if lowered.startswith("wave:") or lowered.startswith("dot:") or lowered.startswith("đợt:"):
        return _parse_wave(session, raw.split(":", 1)[1].strip(), today, plan_code)
    if lowered == "plan" or lowered.startswith("plan:"):
        code = raw.split(":", 1)[1].strip() if ":" in raw else plan_code
        plan = get_plan(session, code) if code else running_plan(session, today)
        if plan is None:
            raise NotFound(t.NO_PLAN)
        return plan_period(plan)
    if ".." in raw:
        first, _, last = raw.partition("..")
        start, end = parse_date(first), parse_date(last)
        return custom_period(start, end, plan_of(session, start, end, plan_code))
    raise InvalidInput(t.BAD_PERIOD.format(text=raw))


def _parse_wave(session: Session, ref: str, today: dt.date, plan_code: str | None) -> Period:
    if not ref:
        raise InvalidInput(t.BAD_PERIOD.format(text="wave:"))
    plan = _plan_for(session, today, plan_code)
    query = select(Wave).where(func.lower(Wave.code) == ref.lower())
    if plan is not None:
        query = query.where(Wave.plan_id == plan.id)
    by_code = list(session.scalars(query))
    if len(by_code) == 1:
        return wave_period(by_code[0], plan)
    if ref.isdigit():
        # "wave:2" is the plan's second wave, whatever the plan file called it.
        ordered = select(Wave).order_by(Wave.starts_on, Wave.id)
        if plan is not None:
            ordered = ordered.where(Wave.plan_id == plan.id)
        waves = list(session.scalars(ordered))
        number = int(ref)
        if 1 <= number <= len(waves):
            return wave_period(waves[number - 1], plan)
    raise NotFound(t.NO_WAVE.format(ref=ref))


def from_token(session: Session, token: str, *, today: dt.date) -> Period:
    """The period a button's data names (see `Period.token`); ValueError for forged or stale data."""
    if token.startswith("w") and token[1:].isdigit():
        wave = session.get(Wave, int(token[1:]))
        if wave is None:
            raise ValueError(token)
        plan = session.get(Plan, wave.plan_id) if wave.plan_id else None
        return wave_period(wave, plan)
    if token.startswith("p") and token[1:].isdigit():
        plan = session.get(Plan, int(token[1:]))
        if plan is None:
            raise ValueError(token)
        return plan_period(plan)
    if token.startswith("c") and len(token) == 17 and token[1:].isdigit():
        start = dt.datetime.strptime(token[1:9], "%Y%m%d").date()
        end = dt.datetime.strptime(token[9:], "%Y%m%d").date()
        return custom_period(start, end, plan_of(session, start, end))
    if _YEAR.match(token) or _HALF.match(token):
        try:
            return parse_period(session, token, today=today)
        except (InvalidInput, NotFound):
            raise ValueError(token) from None
    raise ValueError(token)


# --------------------------------------------------------------------------- what to offer

def period_choices(session: Session, plan: Plan | None, today: dt.date) -> list[Period]:
    """The periods worth offering: the plan's waves, its half-years and years that have begun, the whole plan."""
    if plan is None:
        return [half_year_period(today.year, 1 if today.month <= 6 else 2), year_period(today.year)]
    choices = [wave_period(wave, plan) for wave in session.scalars(
        select(Wave).where(Wave.plan_id == plan.id, Wave.starts_on <= today).order_by(Wave.starts_on, Wave.id))]
    last_year = min(plan.ends_on.year, today.year)
    for year in range(plan.starts_on.year, last_year + 1):
        for half in (1, 2):
            period = half_year_period(year, half, plan)
            if period.start <= today and period.end >= plan.starts_on and period.start <= plan.ends_on:
                choices.append(period)
        choices.append(year_period(year, plan))
    choices.append(plan_period(plan))
    return choices


def review_period(session: Session, milestone: Milestone) -> Period:
    """The period a review (sơ kết) reports on.

    The plan's last review covers the whole plan (the five-year review); a review due in December covers its
    calendar year; any other review covers the half-year it falls in (the June review: the first half-year).
    """
    plan = milestone.plan
    if milestone.due_on is None:
        return plan_period(plan)
    later_reviews = session.scalar(select(func.count(Milestone.id)).where(
        Milestone.plan_id == plan.id, Milestone.is_review.is_(True), Milestone.due_on > milestone.due_on))
    if not later_reviews:
        return plan_period(plan)
    if milestone.due_on.month == 12:
        return year_period(milestone.due_on.year, plan)
    return half_year_period(milestone.due_on.year, 1 if milestone.due_on.month <= 6 else 2, plan)
