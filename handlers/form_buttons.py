"""What a form's button says, in one place: the draft's nonce, the action, and a small number for the action.

Callback data is short (Telegram allows 64 bytes) and opaque: `f<nonce>:<code>[:<number>]`, e.g. `f12:c:3` —
"choose option 3 of the question asked with nonce 12". The nonce makes a button of an older question stale.
Code names the actions (`FormAction.choose`); only this module knows their one-letter codes.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

PREFIX = "f"
_DATA = re.compile(r"f([0-9]{1,9})(?::([^:]*))?(?::([^:]*))?(?::.*)?", re.DOTALL)
_SMALL_NUMBER = re.compile(r"[0-9]{1,9}")   # not str.isdigit(): "²" is a digit to it


class FormAction(enum.Enum):
    """What pressing a form's button does; the value is its code in callback data."""

    cancel = "x"              # asks first when answers were given
    cancel_confirmed = "X"    # «Hủy, không lưu»: throws the answers away
    resume = "R"              # back to the open question (or the summary)
    back = "b"
    skip = "s"
    choose = "c"              # the option with this index
    toggle = "t"              # a multiple choice: tick or untick the option with this index
    page = "p"                # show this page of the options
    done = "d"                # a multiple choice or the attachments are complete
    search_again = "r"
    save = "S"
    more_details = "D"        # the summary opens the form's detail questions
    edit = "E"                # the summary's «Sửa»: which answer to change
    edit_field = "e"          # change the answer of the visible question with this index
    to_summary = "m"


_BY_CODE = {action.value: action for action in FormAction}


@dataclass(frozen=True)
class FormButton:
    """A form button's data, read (`parse`) or to be sent (`data`)."""

    nonce: int
    action: FormAction | None          # None: a code no button of this version carries (forged, or very old)
    argument: int | None = None        # the option, page or question; None when absent or not a small number

    @property
    def data(self) -> str:
        assert self.action is not None
        suffix = f":{self.argument}" if self.argument is not None else ""
        return f"{PREFIX}{self.nonce}:{self.action.value}{suffix}"

    @classmethod
    def parse(cls, data: str) -> FormButton | None:
        """The button, or None when the data is not a form's (or its nonce is unreadable)."""
        match = _DATA.fullmatch(data)
        if match is None:
            return None
        nonce, code, argument = match.groups()
        number = int(argument) if argument is not None and _SMALL_NUMBER.fullmatch(argument) else None
        return cls(int(nonce), _BY_CODE.get(code or ""), number)


def claimed_by_forms(data: str) -> bool:
    """Data no route claimed that the form engine answers (a forged or broken one as stale)."""
    return data.startswith(PREFIX)
