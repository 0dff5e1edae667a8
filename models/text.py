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
    """Letters (any script, with diacritics, but one script), spaces and . ' - only: 'Nguyễn Thị Mai', not
    '<b>Mai</b>', 'Mai 2' or 'Nguyễn Thị Mаi' with a Cyrillic «а»."""
    return (any(ch.isalpha() for ch in text) and all(ch.isalpha() or ch in _NAME_PUNCTUATION for ch in text)
            and not mixes_scripts(text))


def mixes_scripts(text: str) -> bool:
    """Letters of more than one script in one name: a look-alike (Cyrillic «а», Greek «ο» among Latin letters)
    passes for a name already on record, or for a coordinator's."""
    scripts = {unicodedata.name(ch, "?").split(" ", 1)[0] for ch in unicodedata.normalize("NFD", text)
               if ch.isalpha()}
    return len(scripts) > 1


# Line breaks as other programs write them (Windows, old Macs, Word's manual break, form feed, NEL).
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85]")
# C0 and C1 control characters but tab and newline: nothing typed means them, and XLSX and DOCX cannot hold most.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# What XML 1.0 (so XLSX and DOCX) cannot hold at all: a file holding one fails to save or to open.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    """Typed or imported text as it is meant: every kind of line break a newline, other control characters gone
    ('lương\\x0bthấp' → 'lương\\nthấp', 'Công ty\\x01 ABC' → 'Công ty ABC'); tabs and newlines stay."""
    return _CONTROL_CHARACTERS.sub("", _LINE_BREAKS.sub("\n", text))


def xml_safe(text: str) -> str:
    """The last line of defence of the file writers: text without the characters an XML file cannot hold."""
    return _NOT_XML.sub("", text)
