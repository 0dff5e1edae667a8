"""Reading typed answers — dates, numbers, lists of counts, coordinates — with a Vietnamese reason when they fail."""

from __future__ import annotations

import datetime as dt
import re

from models.text import fold, without_control_characters
from texts import forms as t


class AnswerError(ValueError):
    """The answer was not accepted; the message says why, in Vietnamese."""


_DATE_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})$"),
)
_RELATIVE_DAYS = {"hom nay": 0, "nay": 0, "today": 0, "hom qua": -1, "qua": -1, "yesterday": -1,
                  "hom kia": -2, "ngay mai": 1, "mai": 1, "tomorrow": 1}


def parse_date(text: str, today: dt.date) -> dt.date:
    """'25/10/2021', '25-10-21', '2021-10-25', '25/10' (this year), 'hôm nay', 'hôm qua'."""
    raw = text.strip()
    folded = fold(raw)
    if folded in _RELATIVE_DAYS:
        return today + dt.timedelta(days=_RELATIVE_DAYS[folded])
    compact = raw.replace(" ", "")
    for pattern in _DATE_PATTERNS:
        match = pattern.match(compact)
        if not match:
            continue
        parts = match.groupdict()
        year = int(parts.get("y") or today.year)
        if year < 100:
            year += 2000
        try:
            return dt.date(year, int(parts["m"]), int(parts["d"]))
        except ValueError:
            break
    raise AnswerError(t.NEED_DATE.format(value=shortened(raw)))


def check_date(day: dt.date, today: dt.date, *, past_only: bool = False, future_only: bool = False) -> dt.date:
    if past_only and day > today:
        raise AnswerError(t.DATE_IN_FUTURE)
    if future_only and day < today:
        raise AnswerError(t.DATE_IN_PAST)
    if day.year < 2000:
        raise AnswerError(t.DATE_TOO_OLD)
    if day.year > today.year + 10:
        raise AnswerError(t.DATE_TOO_FAR)
    return day


def parse_int(text: str, *, minimum: int | None = 0, maximum: int | None = None) -> int:
    raw = text.strip().replace(".", "").replace(",", "").replace(" ", "")
    if not re.fullmatch(r"[-+]?\d{1,12}", raw):
        raise AnswerError(t.NEED_NUMBER.format(value=shortened(text.strip())))
    value = int(raw)
    if value < 0 and (minimum is None or minimum >= 0):
        raise AnswerError(t.NUMBER_NEGATIVE)
    if minimum is not None and value < minimum:
        raise AnswerError(t.NUMBER_TOO_SMALL.format(min=minimum))
    if maximum is not None and value > maximum:
        raise AnswerError(t.NUMBER_TOO_LARGE.format(max=maximum))
    return value


def parse_counts(text: str, labels: tuple[str, ...], *, maximum: int = 1_000_000) -> list[int]:
    """'4 1 350 2' → [4, 1, 350, 2]; commas or semicolons also separate."""
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if len(parts) != len(labels):
        raise AnswerError(t.NEED_COUNTS.format(count=len(labels), labels=", ".join(labels)))
    return [parse_int(part, minimum=0, maximum=maximum) for part in parts]


def parse_coordinates(text: str) -> tuple[float, float]:
    match = re.fullmatch(r"\s*(-?\d{1,3}(?:[.]\d+)?)\s*[,; ]\s*(-?\d{1,3}(?:[.]\d+)?)\s*", text)
    if not match:
        raise AnswerError(t.NEED_LOCATION)
    latitude, longitude = float(match.group(1)), float(match.group(2))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise AnswerError(t.LOCATION_OUT_OF_RANGE)
    return latitude, longitude


def clean_text(text: str, *, min_length: int = 1, max_length: int = 1000) -> str:
    """Free text: trimmed, not empty, not only symbols or emoji, not too long. (Shown as plain text, never markup.)

    Control characters go (a pasted vertical tab is a line break; the others mean nothing and no file can hold
    them); one-line text has its spaces collapsed, multi-line text keeps its lines and tabs."""
    text = without_control_characters(text).strip()
    value = " ".join(text.split()) if "\n" not in text else text
    if not value:
        raise AnswerError(t.TEXT_EMPTY)
    if len(value) > max_length:
        raise AnswerError(t.TEXT_TOO_LONG.format(max=max_length, length=len(value)))
    if not any(ch.isalnum() for ch in value):
        raise AnswerError(t.TEXT_NEEDS_LETTERS)
    if len(value) < min_length:
        raise AnswerError(t.TEXT_TOO_SHORT.format(min=min_length))
    return value


def shortened(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
