"""Time as a dependency: the bot, the scheduler and the sandbox ask a clock, so tests and demos can move it."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo


class Clock:
    """The real clock. `now()` is aware UTC; `local_now()` is in the delegation's time zone."""

    def __init__(self, tz: ZoneInfo | str = "Asia/Ho_Chi_Minh") -> None:
        self.tz = ZoneInfo(tz) if isinstance(tz, str) else tz

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def local_now(self) -> dt.datetime:
        return self.now().astimezone(self.tz)

    def today(self) -> dt.date:
        return self.local_now().date()


class ShiftedClock(Clock):
    """Real time moved by an offset that can grow: the sandbox starts in 2021 and jumps forward on request."""

    def __init__(self, start: dt.datetime, tz: ZoneInfo | str = "Asia/Ho_Chi_Minh") -> None:
        super().__init__(tz)
        self._lock = threading.Lock()
        self._offset = start - dt.datetime.now(dt.UTC)

    def now(self) -> dt.datetime:
        with self._lock:
            return dt.datetime.now(dt.UTC) + self._offset

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        with self._lock:
            self._offset += delta
        return self.now()


class ManualClock(Clock):
    """Stands still until told to move: for tests."""

    def __init__(self, start: dt.datetime, tz: ZoneInfo | str = "Asia/Ho_Chi_Minh") -> None:
        super().__init__(tz)
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start

    def now(self) -> dt.datetime:
        return self._now

    def set(self, moment: dt.datetime) -> None:
        self._now = moment

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        self._now += delta
        return self._now
