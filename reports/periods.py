"""The period a report covers: a wave, a half-year, a year, the whole plan, or any range of dates.

Written as codes on the command line and in button data:
    2022            the year                     2022-H1, 2022-H2   a half-year
    wave:1          the plan's first wave        wave:dot-1         a wave by its code
    plan            the running plan             plan:01-KH/…       a plan by its code
    review:2.7      what the plan's review (item 2.7) reports on: its year, its half-year or the whole plan,
                    from the plan's start for the first review of its length
    2022-01-01..2022-03-31   any range (also 01/01/2022..31/03/2022)

A period names itself (`phrase`, `button`, `next_phrase`) with the wording in `texts.reports`.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.errors import InvalidInput, NotFound
from models.plan import Milestone, Plan, ReviewKind, find_milestone, get_plan
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
    # A review of the plan (a milestone with is_review): its period is a half-year, a year or the plan, whose
    # start may reach back to the plan's start (the first review of its length covers what came before it).
    review_id: int | None = None
    review_code: str | None = None
    review_kind: ReviewKind | None = None

    @property
    def code(self) -> str:
        """The period as the command line writes it."""
        if self.review_code is not None:
            return f"review:{self.review_code}"
        if self.kind is PeriodKind.year:
            return str(self.end.year)
        if self.kind is PeriodKind.half_year:
            return f"{self.end.year}-H{self.half}"
        if self.kind is PeriodKind.wave:
            return f"wave:{self.wave_code}"
        if self.kind is PeriodKind.plan:
            return f"plan:{self.plan_code}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def token(self) -> str:
        """Short, opaque button data for this period (ids rather than codes, to stay under 64 bytes)."""
        if self.review_id is not None:
            return f"r{self.review_id}"
        if self.kind is PeriodKind.wave:
            return f"w{self.wave_id}"
        if self.kind is PeriodKind.plan:
            return f"p{self.plan_id}"
        if self.kind is PeriodKind.custom:
            return f"c{self.start:%Y%m%d}{self.end:%Y%m%d}"
        return self.code

    @property
    def file_stem(self) -> str:
        """A file name part without slashes or spaces: "2022-H1", "dot-1", "toan-ke-hoach"."""
        if self.kind is PeriodKind.wave:
            return _safe(self.wave_code or f"dot{self.wave_id}")
        if self.kind is PeriodKind.plan:
            return "toan-ke-hoach"
        if self.kind is PeriodKind.custom:
            return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"
        return f"{self.end.year}-H{self.half}" if self.kind is PeriodKind.half_year else str(self.end.year)

    @property
    def half(self) -> int | None:
        return (1 if self.end.month <= 6 else 2) if self.kind is PeriodKind.half_year else None

    @property
    def reaches_back(self) -> bool:
        """A year or a half-year whose report starts before it (a first review, from the plan's start)."""
        natural = {PeriodKind.year: dt.date(self.end.year, 1, 1),
                   PeriodKind.half_year: dt.date(self.end.year, 1 if self.half == 1 else 7, 1)}.get(self.kind)
        return natural is not None and self.start < natural

    def days(self) -> int:
        return (self.end - self.start).days + 1

    # ------------------------------------------------------------ how the period is named

    def _label(self) -> tuple[str, dict[str, object]]:
        """The one place a period's kind picks its wording: the key into `texts.reports`' tables and the fields."""
        key = self.kind.value if self.kind is not PeriodKind.half_year else f"half_year_{self.half}"
        fields: dict[str, object] = dict(
            year=self.end.year, next_year=self.end.year + 1, first_year=self.start.year,
            years=self.end.year - self.start.year + 1, wave=self.wave_name or "", start=t.day(self.start),
            end=t.day(self.end), start_month=f"{self.start:%m/%Y}", end_month=f"{self.end:%m/%Y}")
        return key, fields

    @property
    def phrase(self) -> str:
        """The period inside a sentence: "6 tháng đầu năm 2022", "năm 2022 (tính từ ngày 24/09/2021)"."""
        key, fields = self._label()
        phrase = t.PERIOD_PHRASE[key].format(**fields)
        return phrase + t.PERIOD_SINCE.format(**fields) if self.reaches_back else phrase

    @property
    def button(self) -> str:
        """The period on a button or in a list: "6 tháng đầu 2022", "Đánh giá 6 tháng đầu 2022 (mục 2.5)"."""
        key, fields = self._label()
        label = t.PERIOD_BUTTON[key].format(**fields)
        if self.review_kind is None:
            return label
        return t.REVIEW_BUTTON.format(review=t.REVIEW_LABEL[self.review_kind.value], period=label,
                                      code=self.review_code)

    @property
    def next_phrase(self) -> str:
        """The period after it, that section III looks to: "6 tháng cuối năm 2022", "năm 2023", "thời gian tới"."""
        key, fields = self._label()
        return t.NEXT_PERIOD.get(key, t.NEXT_PERIOD_ANY).format(**fields)


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
    if lowered.startswith(t.REVIEW_PERIOD_PREFIXES):
        return _parse_review(session, raw.split(":", 1)[1].strip(), today, plan_code)
    if lowered.startswith(t.WAVE_PERIOD_PREFIXES):
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


def _parse_review(session: Session, ref: str, today: dt.date, plan_code: str | None) -> Period:
    if not ref:
        raise InvalidInput(t.BAD_PERIOD.format(text="review:"))
    plan = _plan_for(session, today, plan_code)
    milestone = find_milestone(session, ref, plan_code=plan_code or (plan.code if plan is not None else None))
    if not milestone.is_review:
        raise InvalidInput(t.NOT_A_REVIEW.format(code=milestone.code))
    return review_period(session, milestone)


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
    if token.startswith("r") and token[1:].isdigit():
        milestone = session.get(Milestone, int(token[1:]))
        if milestone is None or not milestone.is_review:
            raise ValueError(token)
        return review_period(session, milestone)
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


REVIEW_OFFERED_DAYS = 31   # a review is offered from a month before its own time begins (a draft is prepared early)


def review_choices(session: Session, plan: Plan | None, today: dt.date) -> list[Period]:
    """The plan's reviews whose time has come (or comes within a month), each as the period its report covers."""
    if plan is None:
        return []
    reviews = session.scalars(select(Milestone).where(Milestone.plan_id == plan.id, Milestone.is_review.is_(True),
                                                      Milestone.due_on.is_not(None)).order_by(Milestone.due_on))
    soon = today + dt.timedelta(days=REVIEW_OFFERED_DAYS)
    return [review_period(session, milestone) for milestone in reviews
            if (opens := milestone.starts_on or milestone.due_on) is not None and opens <= soon]


_LENGTH = {PeriodKind.half_year: 1, PeriodKind.year: 2, PeriodKind.plan: 3}


def _review_basis(plan: Plan, milestone: Milestone, last: bool) -> Period:
    """What a review covers by its date alone: the whole plan for the last review; its calendar year for a review
    due in December; else the half-year it falls in (the June review: the first half-year)."""
    if milestone.due_on is None or last:
        return plan_period(plan)
    if milestone.due_on.month == 12:
        return year_period(milestone.due_on.year, plan)
    return half_year_period(milestone.due_on.year, 1 if milestone.due_on.month <= 6 else 2, plan)


def review_period(session: Session, milestone: Milestone) -> Period:
    """The period a review (đánh giá, sơ kết) reports on.

    By its date (`_review_basis`), reaching back to the plan's start when no earlier review of the same length or
    longer covered the time before it: the plan's first reviews (6/2022 and 12/2022) include 2021's items and
    wave 1. A review's `review_covers_from` in the plan file sets the start instead.
    """
    plan = milestone.plan
    reviews = list(session.scalars(select(Milestone).where(
        Milestone.plan_id == plan.id, Milestone.is_review.is_(True), Milestone.due_on.is_not(None))
        .order_by(Milestone.due_on, Milestone.position)))
    later = [m for m in reviews
             if milestone.due_on is not None and m.due_on is not None and m.due_on > milestone.due_on]
    basis = _review_basis(plan, milestone, last=not later)
    start = basis.start
    if milestone.review_covers_from is not None:
        start = milestone.review_covers_from
    elif basis.kind is not PeriodKind.plan and plan.starts_on < basis.start:
        earlier = [m for m in reviews if m.due_on is not None and milestone.due_on is not None
                   and m.due_on < milestone.due_on]
        covered = any(_LENGTH[_review_basis(plan, m, last=False).kind] >= _LENGTH[basis.kind] for m in earlier)
        if not covered:
            start = plan.starts_on
    return Period(basis.kind, start, basis.end, plan.id, plan.code, review_id=milestone.id,
                  review_code=milestone.code, review_kind=milestone.review_kind or ReviewKind.interim)
