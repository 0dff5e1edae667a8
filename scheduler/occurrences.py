"""When a scheduled push falls due, and until when it is still worth sending.

Each source asks for "the latest occurrence at or before now"; a tick enqueues it under a key naming the
occurrence, so re-running a tick (or two processes running it) adds nothing, and a tick after downtime
enqueues only what is still current: an earlier reminder superseded by a later one is never sent late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo


def at_local(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The aware UTC moment of `time` on `day` in the delegation's time zone."""
    return dt.datetime.combine(day, time, tzinfo=tz).astimezone(dt.timezone.utc)


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


def before_date(target: dt.date, offsets_days: tuple[int, ...], now: dt.datetime, send_at: dt.time,
                tz: ZoneInfo, *, grace_days: int = 1) -> Occurrence | None:
    """Of the pushes `offsets_days` before `target`, the latest one due by now and not yet superseded.

    Each expires when the next one fires; the last (usually the day itself) `grace_days` after `target`.
    """
    fires = sorted(((target - dt.timedelta(days=offset), offset) for offset in set(offsets_days)))
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


def latest_matching_day(now: dt.datetime, send_at: dt.time, tz: ZoneInfo, matches: Callable[[dt.date], bool],
                        *, look_back_days: int = 40) -> dt.date | None:
    """The latest local day (whose send time has come) that `matches`, looking back a bounded number of days."""
    today = now.astimezone(tz).date()
    day = today if at_local(today, send_at, tz) <= now else today - dt.timedelta(days=1)
    for _ in range(look_back_days):
        if matches(day):
            return day
        day -= dt.timedelta(days=1)
    return None


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


def weekly(now: dt.datetime, send_at: dt.time, tz: ZoneInfo, weekday: int, *, keep_days: int = 3) -> Occurrence | None:
    day = latest_matching_day(now, send_at, tz, lambda d: d.weekday() == weekday, look_back_days=8)
    if day is None:
        return None
    fires = at_local(day, send_at, tz)
    occurrence = Occurrence(day.isoformat(), day, fires, fires + dt.timedelta(days=keep_days))
    return occurrence if occurrence.live(now) else None


def overdue(due_on: dt.date, now: dt.datetime, send_at: dt.time, tz: ZoneInfo, *, daily_for_days: int,
            weekday: int) -> Occurrence | None:
    """Daily escalation for `daily_for_days` after the due date, then weekly on `weekday`, for ever.

    A daily one is worth sending only on its own day (tomorrow brings a fresh one); a weekly one for a week.
    """
    daily_until = due_on + dt.timedelta(days=daily_for_days)

    def fires_on(day: dt.date) -> bool:
        return due_on < day <= daily_until or (day > daily_until and day.weekday() == weekday)

    day = latest_matching_day(now, send_at, tz, fires_on, look_back_days=8)
    if day is None:
        return None
    fires = at_local(day, send_at, tz)
    expires = start_of(day + dt.timedelta(days=1), tz) if day <= daily_until else fires + dt.timedelta(days=7)
    occurrence = Occurrence(day.isoformat(), day, fires, expires)
    return occurrence if occurrence.live(now) else None


def every_n_days(start: dt.date, n: int, now: dt.datetime, send_at: dt.time, tz: ZoneInfo) -> tuple[int, Occurrence] | None:
    """Pushes at start + n, start + 2n, …: the latest due, as (days since start, occurrence)."""
    if n <= 0:
        return None
    today = now.astimezone(tz).date()
    periods = (today - start).days // n
    while periods >= 1:
        day = start + dt.timedelta(days=periods * n)
        fires = at_local(day, send_at, tz)
        if fires <= now:
            expires = at_local(day + dt.timedelta(days=n), send_at, tz)
            occurrence = Occurrence(f"{periods * n}d", day, fires, expires)
            return (periods * n, occurrence) if occurrence.live(now) else None
        periods -= 1
    return None
