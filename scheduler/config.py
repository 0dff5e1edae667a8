"""What the scheduler's timing is made of: send time, reminder offsets, quiet hours. Defaults suit the delegation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.rules import Rules, load_rules


@dataclass(frozen=True)
class QuietHours:
    """Nothing scheduled is pushed between `start` and `end` local time (across midnight when start > end)."""

    start: dt.time = dt.time(21, 0)
    end: dt.time = dt.time(7, 0)

    def contains(self, local: dt.datetime) -> bool:
        moment = local.timetz().replace(tzinfo=None)
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


class SchedulerConfig(BaseModel):
    """Everything the tick needs besides the database and the clock; every field has a sensible default."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    send_at: dt.time = dt.time(8, 0)                      # local time of every scheduled push
    reminder_offsets_days: tuple[int, ...] = (7, 1, 0)   # before a milestone's due date, to the group
    review_offsets_days: tuple[int, ...] = (14, 7, 1, 0)  # reviews (sơ kết) need a report: warn earlier
    # Escalation of an overdue plan item, to the coordinators: every working day for this many days after the
    # date, then weekly (on `digest_weekday`, or the first working day after it), `overdue_max_escalations` in
    # all (None: until done or the plan's end); then, if `overdue_monthly_summary`, once a month in a summary.
    overdue_daily_for_days: int = Field(default=7, ge=1)
    overdue_max_escalations: int | None = Field(default=8, ge=0)
    overdue_monthly_summary: bool = True
    digest_weekday: int = Field(default=0, ge=0, le=6)   # Monday = 0
    wave_nudge_days: tuple[int, ...] = (14, 3)           # before a wave ends, to members with unvisited work
    certificate_warn_days: tuple[int, ...] = (30, 0)     # before an admission-class certificate expires
    probation_warn_days: tuple[int, ...] = (7, 0)        # before a probationary member may be made official
    ceremony_warn_days: tuple[int, ...] = (7, 0)         # before the admission ceremony's due date
    recognition_warn_days: tuple[int, ...] = (7, 0)      # before the chi bộ's recognition meeting is due
    transfer_warn_days: tuple[int, ...] = (7, 0)         # before a transfer's begin-by and letter dates
    upcoming_horizon_days: int = Field(default=30, ge=1)  # how far ahead "coming deadlines" look
    quiet_hours: QuietHours = QuietHours()
    rules: Rules = Field(default_factory=load_rules)

    @field_validator("reminder_offsets_days", "review_offsets_days", "wave_nudge_days", "certificate_warn_days",
                     "probation_warn_days", "ceremony_warn_days", "recognition_warn_days", "transfer_warn_days")
    @classmethod
    def _offsets(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value or any(day < 0 for day in value):
            raise ValueError("offsets are whole days before the date, 0 or more")
        return tuple(sorted(set(value), reverse=True))
