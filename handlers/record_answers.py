"""Reading typed answers that identify people and documents: names, dates of birth, document numbers.

Used as `TextField(parse=...)` hooks: each returns the value or raises AnswerError with a Vietnamese reason.
"""

from __future__ import annotations

import datetime as dt
import re

from handlers.answers import AnswerError, parse_date, shortened
from handlers.conversation import Turn
from models.nominees import add_years
from models.text import is_person_name, mixes_scripts
from texts import record_answers as t

_TWO_DIGIT_YEAR = re.compile(r"\D\d{2}$")
_DOCUMENT_NUMBER = re.compile(r"^[\w\s/.\-()]+$")
YOUNGEST_WORKER = 15   # labour law's minimum working age: a younger date of birth is a typing mistake
OLDEST_WORKER = 80     # older is a typing mistake too (a wrong century)


def person_name(turn: Turn, text: str) -> str:
    if mixes_scripts(text):
        raise AnswerError(t.NAME_MIXED_SCRIPTS)
    if any(ch.isdigit() for ch in text) or not is_person_name(text):
        raise AnswerError(t.NOT_A_NAME)
    if len(text.replace(" ", "")) < 2:
        raise AnswerError(t.NAME_TOO_SHORT)
    turn.typed_message_is_personal()   # deleted with the record's erasure
    return " ".join(text.split())


def birth_date(turn: Turn, text: str) -> str:
    """A date of birth: old years allowed, two-digit years read as the past. Past the admission age is not a
    typing mistake (a higher committee may still admit): the nomination says so instead of refusing."""
    today = turn.today
    try:
        day = parse_date(text, today)
    except AnswerError:
        raise AnswerError(t.NEED_BIRTH_DATE.format(value=shortened(text.strip()))) from None   # a plausible example
    if _TWO_DIGIT_YEAR.search(text.strip()) and day > today:
        day = day.replace(year=day.year - 100)
    if day > today:
        raise AnswerError(t.BIRTH_IN_FUTURE)
    if day.year < 1900:
        raise AnswerError(t.BIRTH_TOO_OLD)
    if add_years(day, YOUNGEST_WORKER) > today:
        raise AnswerError(t.TOO_YOUNG.format(age=YOUNGEST_WORKER))
    if add_years(day, OLDEST_WORKER) <= today:
        raise AnswerError(t.TOO_OLD.format(age=OLDEST_WORKER))
    turn.typed_message_is_personal()   # deleted with the record's erasure
    return day.isoformat()


def document_number(_turn: Turn, text: str) -> str:
    """'125/CV-VP', '1234-QĐ/TU': letters, digits and / - . ( ), with at least one digit."""
    value = " ".join(text.split())
    if not any(ch.isdigit() for ch in value) or not _DOCUMENT_NUMBER.match(value):
        raise AnswerError(t.NOT_A_DOCUMENT_NUMBER)
    return value


def show_date(_turn: Turn, value: str) -> str:
    return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
