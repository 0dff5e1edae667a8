"""Record ids in callback data: a positive integer the database can hold, else the button is forged or old."""

from __future__ import annotations

LARGEST_ID = 2**31 - 1   # PostgreSQL's INTEGER; SQLite would overflow on far larger ones


def record_id(text: str) -> int:
    """A converter for `button_args`: ValueError (→ «Nút này đã cũ») for anything that is not a plausible id."""
    if not text.isdigit() or len(text) > 10:
        raise ValueError(text)
    value = int(text)
    if not 1 <= value <= LARGEST_ID:
        raise ValueError(text)
    return value


def page_number(text: str) -> int:
    if not text.isdigit() or len(text) > 6:
        raise ValueError(text)
    return int(text)
