"""Time in the sandbox: one ShiftedClock shared by the bot, the scheduler's tick and the emulator, started inside
the plan (2021), and moved forward on request — a day, a week, or to the plan's next deadline.

Moving stops at every day's send time on the way and runs the scheduler's tick there, so reminders, digests and
nudges arrive one day after another, as they would have, rather than bundled as if the bot had been down.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from models.clock import ShiftedClock
from models.db import Database
from models.plan import Milestone, MilestoneKind

log = logging.getLogger(__name__)

AFTER_SEND_TIME = dt.timedelta(minutes=1)   # stop just after the scheduler's send time: what is due is due
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


class Step(str, enum.Enum):
    day = "day"
    week = "week"
    next_deadline = "next_deadline"


@dataclass(frozen=True)
class Deadline:
    code: str
    title: str
    due_on: dt.date

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "title": self.title, "due_on": self.due_on.isoformat(),
                "label": self.due_on.strftime("%d/%m/%Y")}


@dataclass(frozen=True)
class Moved:
    before: dt.datetime
    after: dt.datetime
    ticks: int
    messages_sent: int


def local_label(moment: dt.datetime) -> str:
    """"Thứ Tư, 15/09/2021 09:00" """
    return f"{WEEKDAYS[moment.weekday()]}, {moment:%d/%m/%Y %H:%M}"


class TimeTravel:
    """Moves the shared clock; `tick` runs the scheduler once and returns how many messages it sent;
    `announce` tells the page the time changed."""

    def __init__(self, clock: ShiftedClock, database: Database, tick: Callable[[], Awaitable[int]], *,
                 send_at: dt.time = dt.time(8, 0), announce: Callable[[dict[str, Any]], None] | None = None,
                 saved_to: Path | None = None) -> None:
        self.clock = clock
        self.database = database
        self.tick = tick
        self.send_at = send_at
        self.announce = announce or (lambda _state: None)
        self.saved_to = saved_to
        self.moving = False

    # ------------------------------------------------------------------ reading

    async def next_deadline(self) -> Deadline | None:
        """The plan's next dated item not yet done whose send time is still ahead."""
        now = self.clock.now()
        today = now.astimezone(self.clock.tz).date()

        def find(session) -> Deadline | None:
            milestones = session.scalars(
                select(Milestone).where(Milestone.done_at.is_(None), Milestone.kind != MilestoneKind.continuous,
                                        Milestone.due_on.is_not(None), Milestone.due_on >= today)
                .order_by(Milestone.due_on, Milestone.position))
            for milestone in milestones:
                if milestone.open_on(milestone.due_on) and self._stop_on(milestone.due_on) > now:
                    return Deadline(milestone.code, milestone.title, milestone.due_on)
            return None

        return await self.database.run(find)

    async def state(self) -> dict[str, Any]:
        deadline = await self.next_deadline()
        now = self.clock.now()
        local = now.astimezone(self.clock.tz)
        return {
            "now": now.isoformat(),
            "epoch_ms": int(now.timestamp() * 1000),
            "label": local_label(local),
            "date": local.date().isoformat(),
            "next_deadline": deadline.to_json() if deadline else None,
            "moving": self.moving,
        }

    # ------------------------------------------------------------------ moving

    async def advance(self, step: Step) -> Moved:
        if self.moving:
            raise RuntimeError("Thời gian đang được chuyển, hãy đợi một chút.")
        self.moving = True
        before = self.clock.now()
        ticks = sent = 0
        try:
            target = await self._target(step)
            for moment in self._stops(before, target):
                self.clock.advance(moment - self.clock.now())
                self.announce(await self.state())
                sent += await self.tick()
                ticks += 1
        finally:
            self.moving = False
            self.save()
            self.announce(await self.state())
        log.info("sandbox time moved from %s to %s (%d ticks, %d messages)", before, self.clock.now(), ticks, sent)
        return Moved(before=before, after=self.clock.now(), ticks=ticks, messages_sent=sent)

    async def _target(self, step: Step) -> dt.datetime:
        now = self.clock.now()
        if step is Step.day:
            return now + dt.timedelta(days=1)
        if step is Step.week:
            return now + dt.timedelta(days=7)
        deadline = await self.next_deadline()
        if deadline is None:
            raise LookupError("Kế hoạch không còn mục nào có hạn phía trước.")
        return self._stop_on(deadline.due_on)

    def _stop_on(self, day: dt.date) -> dt.datetime:
        local = dt.datetime.combine(day, self.send_at, tzinfo=self.clock.tz) + AFTER_SEND_TIME
        return local.astimezone(dt.UTC)

    def _stops(self, start: dt.datetime, target: dt.datetime) -> list[dt.datetime]:
        """Each day's send time strictly between `start` and `target`, then `target`."""
        stops = []
        day = start.astimezone(self.clock.tz).date()
        last_day = target.astimezone(self.clock.tz).date()
        while day <= last_day:
            moment = self._stop_on(day)
            if start < moment < target:
                stops.append(moment)
            day += dt.timedelta(days=1)
        stops.append(target)
        return stops

    # ------------------------------------------------------------------ keeping the time between runs

    def save(self) -> None:
        if self.saved_to is not None:
            self.saved_to.write_text(json.dumps({"sandbox_now": self.clock.now().isoformat()}), encoding="utf-8")


def saved_time(path: Path) -> dt.datetime | None:
    """The sandbox time a kept database was left at, if recorded."""
    try:
        return dt.datetime.fromisoformat(json.loads(path.read_text(encoding="utf-8"))["sandbox_now"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
