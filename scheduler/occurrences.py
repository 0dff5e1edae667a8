"""When a scheduled push falls due, and until when it is still worth sending.

Each source asks for "the latest occurrence at or before now"; a tick enqueues it under a key naming the
occurrence, so re-running a tick (or two processes running it) adds nothing, and a tick after downtime
enqueues only what is still current: an earlier reminder superseded by a later one is never sent late.

Working days (`is_working_day`: weekends and the rules' holidays excluded): a push whose day is not one moves,
never disappears. A reminder *before* a date moves back to the working day before (after the date it would
come too late to act on); everything else (a window's opening, the digest, escalations) moves forward.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo


def at_local(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The aware UTC moment of `time` on `day` in the delegation's time zone."""
    return dt.datetime.combine(day, time, tzinfo=tz).astimezone(dt.UTC)


def start_of(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    return at_local(day, dt.time(0, 0), tz)


@dataclass(frozen=True)
class Occurrence:
    label: str            # part of the delivery key: "7d", "2021-12-31", …
    on: dt.date           # the local day it fires
    fires_at: dt.datetime
    expires_at: dt.datetime

    def live(self, now: dt.datetime) -> bool:
        return self.fires_at <= now < self.expires_at


WorkingDay = Callable[[dt.date], bool]
_SEARCH_DAYS = 60   # no run of days off is longer than this


def working_day_on_or_before(day: dt.date, is_working_day: WorkingDay) -> dt.date:
    for _ in range(_SEARCH_DAYS):
        if is_working_day(day):
            return day
        day -= dt.timedelta(days=1)
    return day


def working_day_on_or_after(day: dt.date, is_working_day: WorkingDay) -> dt.date:
    for _ in range(_SEARCH_DAYS):
        if is_working_day(day):
            return day
        day += dt.timedelta(days=1)
    return day


def _every_day(_day: dt.date) -> bool:
    return True


def before_date(target: dt.date, offsets_days: tuple[int, ...], now: dt.datetime, send_at: dt.time,
                tz: ZoneInfo, *, grace_days: int = 1, is_working_day: WorkingDay = _every_day) -> Occurrence | None:
    """Of the pushes `offsets_days` before `target`, the latest one due by now and not yet superseded.

    A push whose day is not a working day comes on the working day before; two that land on the same day are
    one (the nearer to the date). Each expires when the next one fires; the last `grace_days` after `target`.
    """
    by_day: dict[dt.date, int] = {}
    for offset in sorted(set(offsets_days), reverse=True):
        by_day[working_day_on_or_before(target - dt.timedelta(days=offset), is_working_day)] = offset
    fires = sorted(by_day.items())
    chosen = None
    for index, (day, _) in enumerate(fires):
        if at_local(day, send_at, tz) <= now:
            chosen = index
    if chosen is None:
        return None
    day, offset = fires[chosen]
    if chosen + 1 < len(fires):
        expires = at_local(fires[chosen + 1][0], send_at, tz)
    else:
        expires = start_of(target + dt.timedelta(days=grace_days + 1), tz)
    occurrence = Occurrence(f"{offset}d", day, at_local(day, send_at, tz), expires)
    return occurrence if occurrence.live(now) else None


def first_working_day(year: int, month: int, is_working_day: Callable[[dt.date], bool]) -> dt.date:
    day = dt.date(year, month, 1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def monthly_on_first_working_day(now: dt.datetime, send_at: dt.time, tz: ZoneInfo,
                                 is_working_day: Callable[[dt.date], bool], *,
                                 keep_days: int = 7) -> Occurrence | None:
    today = now.astimezone(tz).date()
    for year, month in ((today.year, today.month), _previous_month(today.year, today.month)):
        day = first_working_day(year, month, is_working_day)
        fires = at_local(day, send_at, tz)
        if fires <= now:
            occurrence = Occurrence(f"{year:04d}-{month:02d}", day, fires, fires + dt.timedelta(days=keep_days))
            return occurrence if occurrence.live(now) else None
    return None


def _previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def on_or_after(day: dt.date, now: dt.datetime, send_at: dt.time, tz: ZoneInfo, *,
                is_working_day: WorkingDay = _every_day, keep_days: int = 0) -> Occurrence | None:
    """A single push on `day`, or on the first working day after it; live until the end of that day (and
    `keep_days` more). Labelled by `day` itself, so moving it makes no second push."""
    fire_day = working_day_on_or_after(day, is_working_day)
    occurrence = Occurrence(day.isoformat(), fire_day, at_local(fire_day, send_at, tz),
                            start_of(fire_day + dt.timedelta(days=1 + keep_days), tz))
    return occurrence if occurrence.live(now) else None


def weekly_day(any_day: dt.date, weekday: int, is_working_day: WorkingDay = _every_day) -> dt.date | None:
    """The week's (Monday to Sunday) push day: `weekday`, or the first working day after it that week."""
    nominal = any_day - dt.timedelta(days=any_day.weekday() - weekday)
    day = working_day_on_or_after(nominal, is_working_day)
    return day if (day - nominal).days < 7 - weekday else None


def weekly(now: dt.datetime, send_at: dt.time, tz: ZoneInfo, weekday: int, *, keep_days: int = 3,
           is_working_day: WorkingDay = _every_day) -> Occurrence | None:
    """This week's push (labelled by its nominal day: a move to a later working day makes no second one)."""
    today = now.astimezone(tz).date()
    for week_of in (today, today - dt.timedelta(days=7)):
        nominal = week_of - dt.timedelta(days=week_of.weekday() - weekday)
        day = weekly_day(week_of, weekday, is_working_day)
        if day is None:
            continue
        fires = at_local(day, send_at, tz)
        if fires <= now:
            occurrence = Occurrence(nominal.isoformat(), day, fires, fires + dt.timedelta(days=keep_days))
            return occurrence if occurrence.live(now) else None
    return None


def escalation_days(due_on: dt.date, *, daily_for_days: int, weekday: int,
                    is_working_day: WorkingDay = _every_day) -> Iterator[dt.date]:
    """Every working day for `daily_for_days` after `due_on`, then one a week (`weekly_day`), without end."""
    day = due_on + dt.timedelta(days=1)
    while True:
        if is_working_day(day) and ((day - due_on).days <= daily_for_days
                                    or day == weekly_day(day, weekday, is_working_day)):
            yield day
        day += dt.timedelta(days=1)


@dataclass(frozen=True)
class Escalation:
    number: int               # 1 for the first escalation
    occurrence: Occurrence


def escalation(due_on: dt.date, now: dt.datetime, send_at: dt.time, tz: ZoneInfo, *, daily_for_days: int,
               weekday: int, last_day: dt.date, max_count: int | None,
               is_working_day: WorkingDay = _every_day) -> Escalation | None:
    """The escalation due now, if any: none after `last_day` (the plan's end) or beyond `max_count`.

    A daily one is worth sending only on its own day (the next working day brings a fresh one); a weekly one
    until the next.
    """
    today = now.astimezone(tz).date()
    if at_local(today, send_at, tz) > now:
        today -= dt.timedelta(days=1)
    latest: tuple[int, dt.date] | None = None
    for number, day in enumerate(escalation_days(due_on, daily_for_days=daily_for_days, weekday=weekday,
                                                 is_working_day=is_working_day), start=1):
        if day > today or day > last_day or (max_count is not None and number > max_count):
            break
        latest = (number, day)
    if latest is None:
        return None
    number, day = latest
    fires = at_local(day, send_at, tz)
    daily = (day - due_on).days <= daily_for_days
    expires = start_of(day + dt.timedelta(days=1), tz) if daily else fires + dt.timedelta(days=7)
    occurrence = Occurrence(day.isoformat(), day, fires, expires)
    return Escalation(number, occurrence) if occurrence.live(now) else None


def escalations_before(due_on: dt.date, day: dt.date, *, daily_for_days: int, weekday: int, limit: int,
                       is_working_day: WorkingDay = _every_day) -> int:
    """How many escalations came before `day` (counting stops at `limit`)."""
    count = 0
    for escalation_day in escalation_days(due_on, daily_for_days=daily_for_days, weekday=weekday,
                                          is_working_day=is_working_day):
        if escalation_day >= day or count >= limit:
            break
        count += 1
    return count


def every_n_days(start: dt.date, n: int, now: dt.datetime, send_at: dt.time, tz: ZoneInfo, *,
                 is_working_day: WorkingDay = _every_day) -> tuple[int, Occurrence] | None:
    """Pushes at start + n, start + 2n, … (each on the next working day): the latest due, as (days since start,
    occurrence)."""
    if n <= 0:
        return None
    today = now.astimezone(tz).date()
    periods = (today - start).days // n
    while periods >= 1:
        day = working_day_on_or_after(start + dt.timedelta(days=periods * n), is_working_day)
        fires = at_local(day, send_at, tz)
        if fires <= now:
            expires = at_local(day + dt.timedelta(days=n), send_at, tz)
            occurrence = Occurrence(f"{periods * n}d", day, fires, expires)
            return (periods * n, occurrence) if occurrence.live(now) else None
        periods -= 1
    return None
