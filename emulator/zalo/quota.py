"""The plan's monthly message quota (the free tier: 3,000 a month): spent, every send answers HTTP 429.

Zalo counts the messages a bot sends in a calendar month (Vietnam's time, UTC+7); `monthly=None` means no quota.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import EllipsisType
from typing import Any

from emulator.zalo.world import zalo_error

VIETNAM = dt.timezone(dt.timedelta(hours=7))
COUNTED_METHODS = frozenset({"sendMessage", "sendPhoto", "sendSticker"})
QUOTA_EXCEEDED = "Too Many Requests: the monthly message quota is used up"


class Quota:
    def __init__(self, clock: Callable[[], float], monthly: int | None = None) -> None:
        self._clock = clock
        self.monthly = monthly
        self._used: dict[str, int] = {}
        self.rejected = 0

    def month(self) -> str:
        return dt.datetime.fromtimestamp(self._clock(), VIETNAM).strftime("%Y-%m")

    @property
    def used(self) -> int:
        """Messages sent this month."""
        return self._used.get(self.month(), 0)

    def set(self, *, monthly: int | None | EllipsisType = ..., used: int | None = None) -> None:  # ...: unchanged
        if monthly is not ...:
            self.monthly = monthly
        if used is not None:
            self._used[self.month()] = used

    def check(self, method: str) -> None:
        """Raise 429 if this send would go over the quota (nothing is counted then)."""
        if method not in COUNTED_METHODS or self.monthly is None:
            return
        if self.used >= self.monthly:
            self.rejected += 1
            raise zalo_error(429, QUOTA_EXCEEDED)

    def count(self, method: str) -> None:
        if method in COUNTED_METHODS:
            month = self.month()
            self._used[month] = self._used.get(month, 0) + 1

    def to_json(self) -> dict[str, Any]:
        return {"monthly": self.monthly, "used": self.used, "month": self.month(), "rejected": self.rejected}
