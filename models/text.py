"""Folding Vietnamese text for matching: NFC/NFD-equal, diacritics- and case-insensitive."""

from __future__ import annotations

import re
import unicodedata

# đ/Đ is a letter of its own, not d plus a combining mark, so NFD leaves it alone.
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "d"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """'Dệt may Nam Định' -> 'det may nam dinh' (whatever the input's Unicode normal form)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


def tokens(text: str) -> list[str]:
    folded = fold(text)
    return folded.split() if folded else []


def nfc(text: str) -> str:
    """Store text in NFC so one name never exists twice in two forms."""
    return unicodedata.normalize("NFC", text).strip()


_NAME_PUNCTUATION = frozenset(" .'-")


def is_person_name(text: str) -> bool:
    """Letters (any script, with diacritics), spaces and . ' - only: 'Nguyễn Thị Mai', not '<b>Mai</b>' or 'Mai 2'."""
    return any(ch.isalpha() for ch in text) and all(ch.isalpha() or ch in _NAME_PUNCTUATION for ch in text)
