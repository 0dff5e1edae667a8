"""Rules as dated configuration: thresholds, lists and holidays from `rules.yaml` (or a file of the operator's)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, field_validator

DEFAULT_RULES_FILE = Path(__file__).with_name("rules.yaml")


# Keys renamed since; a rules file of the operator's written with the old name still reads.
RENAMED_THRESHOLDS = {
    # It counts every member, probationary ones included (Điều lệ Đảng, Điều 21).
    "dang_bo_min_official_members": "dang_bo_min_members",
}


class DatedValue(BaseModel):
    from_: dt.date = Field(alias="from")
    value: int | str   # a whole number, or a share written "2/3"
    source: str = ""
    note: str = ""          # what is not verified against the document
    local: bool = False     # a convention of the delegation, not a party rule


class Choice(BaseModel):
    code: str
    label: str
    body: str | None = None   # for a recipient: its role in the bodies file


class Rules(BaseModel):
    thresholds: dict[str, list[DatedValue]]
    difficulty_categories: list[Choice]
    difficulty_recipients: list[Choice]
    public_holidays: list[dt.date] = []

    @field_validator("thresholds", mode="before")
    @classmethod
    def _current_names(cls, value: object) -> object:
        if isinstance(value, dict):
            value = {RENAMED_THRESHOLDS.get(name, name): entries for name, entries in value.items()}
        return value

    def entry(self, name: str, on: dt.date | None = None) -> DatedValue:
        """The entry in force on `on` (today if omitted): its value, source and notes."""
        on = on or dt.date.today()
        entries = sorted(self.thresholds[RENAMED_THRESHOLDS.get(name, name)], key=lambda e: e.from_)
        applicable = [e for e in entries if e.from_ <= on] or entries[:1]
        return applicable[-1]

    def value(self, name: str, on: dt.date | None = None) -> int:
        """The threshold in force on `on` (today if omitted)."""
        value = self.entry(name, on).value
        if not isinstance(value, int):
            raise TypeError(f"rule {name} is a share ({value}), read it with share()")
        return value

    def share(self, name: str, on: dt.date | None = None) -> Fraction:
        """A share in force on `on`, such as the 2/3 of official members a chi bộ's resolution needs."""
        return Fraction(str(self.entry(name, on).value))

    def category_label(self, code: str) -> str:
        return next((c.label for c in self.difficulty_categories if c.code == code), code)

    def recipient_label(self, code: str) -> str:
        return next((c.label for c in self.difficulty_recipients if c.code == code), code)

    def recipient_body(self, code: str) -> str | None:
        """The role (bodies file) a recommendation with this recipient goes to."""
        return next((c.body for c in self.difficulty_recipients if c.code == code), None)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self._holidays

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date `days` working days after `start` (weekends and listed holidays skipped)."""
        current = start
        remaining = days
        while remaining > 0:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    @cached_property
    def _holidays(self) -> frozenset[dt.date]:
        return frozenset(self.public_holidays)


@lru_cache(maxsize=8)
def load_rules(path: Path | None = None) -> Rules:
    with open(path or DEFAULT_RULES_FILE, encoding="utf-8") as handle:
        return Rules.model_validate(yaml.safe_load(handle))
