"""Buttons where a platform has none (Zalo): options as a numbered list, moves as typed words, and a typed answer
read back into the button it stands for.

`render` turns a message's buttons into lines under its text and the choices to remember for the chat (stored by
`models.offered_choices`, so a restart keeps them). `interpret` reads what the person then typed against those
choices: a press (or several: "1 3" on a list that takes several), a mistake to explain with the list again, or
plain text for the core (a name, a date, a number that answers a number question — a question that offers no
numbered options never turns a number into a press).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from handlers.conversation import Button
from handlers.form_buttons import FormAction, FormButton
from models.text import fold
from texts import channels as t

NUMBERS = re.compile(r"\s*\d{1,3}(?:\s*[,;\s]\s*\d{1,3})*\s*[.)]?\s*")
_LEAD = re.compile(r"\s*([^\d]*?)\s*(\d.*)", re.DOTALL)
CHOSEN_MARK = "☑️"


def button_dicts(rows: Iterable[Iterable[Button | dict[str, Any]]]) -> list[dict[str, Any]]:
    """Buttons from a `Reply` or from an outbox payload (`Button.as_payload`), flattened, as plain dicts."""
    flat = []
    for row in rows:
        for button in row:
            flat.append(button.as_payload() if isinstance(button, Button) else dict(button))
    return flat


@dataclass
class Rendered:
    text: str
    choices: dict[str, Any] | None     # None: the message offered nothing to pick


def render(text: str, buttons: Sequence[dict[str, Any]], *, in_group: bool = False) -> Rendered:
    """`in_group`: the bot sees a group's message only when it is mentioned, so the hint says to mention it."""
    options = [b for b in buttons if b.get("role", "option") == "option" and b.get("data")]
    words = [b for b in buttons if b.get("role") == "navigation" and b.get("data") and b.get("nav")]
    links = [b for b in buttons if b.get("url")]
    navs = {b["nav"] for b in words}
    multi = bool(options) and "done" in navs
    paged = bool(navs & {"next_page", "previous_page"})
    lines = [text]
    if options:
        lines.append("")
        lines += [f"{number}. {option['text']}" for number, option in enumerate(options, 1)]
    lines += [t.LINK_LINE.format(label=link["text"], url=link["url"]) for link in links]
    hints = []
    if options:
        hints.append(t.HINT_PICK_IN_GROUP if in_group else t.HINT_TOGGLE if multi and paged else t.HINT_PICK_MANY
                     if multi else t.HINT_PICK_ONE)
    for nav in _ordered(navs):
        if nav in t.NAV_WORDS and not (nav == "done" and multi and not paged):
            hints.append(t.HINT_WORD.format(word=t.NAV_WORDS[nav]))
        elif nav in t.NAV_COMMANDS:
            hints.append(t.NAV_COMMANDS[nav])
    if hints:
        lines.append(t.HINT_LEAD + t.HINT_SEPARATOR.join(hints))
    if not options and not words:
        return Rendered("\n".join(lines), None)
    choices = {
        "options": [{"label": o["text"], "data": o["data"]} for o in options],
        "words": [{"nav": w["nav"], "label": w["text"], "data": w["data"]} for w in words],
        "multi": multi,
        "paged": paged,
    }
    return Rendered("\n".join(lines), choices)


def _ordered(navs: set[str]) -> list[str]:
    order = ["previous_page", "next_page", "done", "save", "edit", "more", "search_again", "to_list", "resume",
             "back", "skip", "cancel"]
    return [nav for nav in order if nav in navs]


@dataclass
class Reading:
    """What a typed message means against the offered choices."""

    presses: list[str] = field(default_factory=list)   # button data to press, in order
    mistake: str | None = None                          # say this, then the list again
    text: bool = False                                  # plain text for the core


def interpret(typed: str, choices: dict[str, Any] | None) -> Reading:
    if not choices:
        return Reading(text=True)
    folded = fold(typed).strip().rstrip(".!")
    for word in choices.get("words", []):
        if folded in {fold(synonym) for synonym in t.NAV_SYNONYMS.get(word["nav"], ())}:
            return Reading(presses=[word["data"]])
    options = choices.get("options") or []
    picked = _numbers_typed(typed)
    if options and picked is None and not choices.get("multi"):
        # A form's answer typed in its own words instead of its number («có», «hôm qua», a full name): never an
        # action's («Xóa», «Dừng»), which takes its number.
        named = [o["data"] for o in options if folded and folded in _names_of(o["label"]) and _answers_a_form(o)]
        if len(named) == 1:
            return Reading(presses=named)
    if not options or picked is None:
        return Reading(text=True)   # a name, a date, an answer to a number question: the core reads it
    numbers = list(dict.fromkeys(int(n) for n in re.findall(r"\d+", picked)))
    wrong = [n for n in numbers if not 1 <= n <= len(options)]
    if wrong:
        return Reading(mistake=t.NOT_AN_OPTION.format(numbers=", ".join(str(n) for n in wrong), count=len(options)))
    if not choices.get("multi"):
        if len(numbers) > 1:
            return Reading(mistake=t.ONLY_ONE.format(count=len(options)))
        return Reading(presses=[options[numbers[0] - 1]["data"]])
    if choices.get("paged"):
        return Reading(presses=[options[n - 1]["data"] for n in numbers])   # toggles; «xong» finishes
    # Several on one list: exactly these chosen (toggling what differs), then done — one message, not one per number.
    wanted = {n - 1 for n in numbers}
    chosen = {index for index, option in enumerate(options) if option["label"].startswith(CHOSEN_MARK)}
    presses = [options[index]["data"] for index in sorted(wanted ^ chosen)]
    done = next(word["data"] for word in choices["words"] if word["nav"] == "done")
    return Reading(presses=[*presses, done])


def _answers_a_form(option: dict[str, Any]) -> bool:
    button = FormButton.parse(option["data"])
    return button is not None and button.action is FormAction.choose


def _names_of(label: str) -> set[str]:
    """What typing an option's label looks like, folded: all of it, or what comes before its « — » detail
    («Công ty TNHH Dệt may Nam Định — KCN Hòa Xá»)."""
    return {fold(label), fold(label.split(" — ", 1)[0])} - {""}


def _numbers_typed(typed: str) -> str | None:
    """The numbers of "2", "1 3", "1,3", or the same after a word people put first ("số 2", "chọn 1", "#2"); None
    when the text is something else."""
    found = _LEAD.fullmatch(typed)
    if found is None:
        return None
    lead, numbers = found.groups()
    if lead and lead != "#" and fold(lead) not in {fold(word) for word in t.PICK_WORDS}:
        return None
    return numbers if NUMBERS.fullmatch(numbers) else None


def looks_like_a_pick(typed: str) -> bool:
    """A number or list of numbers (maybe after «số», «chọn»): what someone answering a numbered list types."""
    return _numbers_typed(typed) is not None
