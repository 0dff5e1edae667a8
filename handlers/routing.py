"""Routers: each feature module declares its commands and button prefixes; one dispatcher applies the rules
common to all of them (registration, roles, private-only) before calling the feature."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from dataclasses import dataclass, field

from handlers.conversation import Button, Turn
from handlers.button_ids import LARGEST_ID
from models.errors import InvalidInput
from models.people import Role
from texts import common as t

Action = Callable[[Turn], None]


@dataclass(frozen=True)
class Command:
    names: tuple[str, ...]           # Vietnamese first (a–z, 0–9, _), then English aliases
    action: Action
    min_role: Role | None            # None: anyone, registered or not
    private_only: bool
    description_vi: str
    description_en: str
    in_menu: bool = True
    deep_link: str | None = None     # /start payload that runs it in the private chat

    @property
    def name(self) -> str:
        return self.names[0]


@dataclass(frozen=True)
class ButtonRoute:
    prefix: str
    action: Action
    min_role: Role


@dataclass
class Router:
    name: str
    commands: list[Command] = field(default_factory=list)
    buttons: list[ButtonRoute] = field(default_factory=list)

    def command(self, *names: str, role: Role | None = Role.member, private_only: bool = False, vi: str = "",
                en: str = "", in_menu: bool = True) -> Callable[[Action], Action]:
        def decorate(action: Action) -> Action:
            self.commands.append(Command(
                names=names, action=action, min_role=role, private_only=private_only, description_vi=vi,
                description_en=en, in_menu=in_menu, deep_link=f"go_{names[0]}" if private_only else None))
            return action
        return decorate

    def button(self, prefix: str, role: Role = Role.member) -> Callable[[Action], Action]:
        """Callback data of the form '<prefix>:…'; the action re-checks what the button points at."""
        def decorate(action: Action) -> Action:
            self.buttons.append(ButtonRoute(prefix=prefix, action=action, min_role=role))
            return action
        return decorate


def refuse_if_not_allowed(turn: Turn, min_role: Role | None) -> bool:
    """True (and the reason said) when this person may not do it."""
    if min_role is None:
        return False
    member = turn.member
    if member is None or not member.active:
        message = t.UNREGISTERED.format(province=turn.services.config.province_name)
        if turn.incoming.button_data:
            turn.answer_text = message[:190]   # on the button: a group must not read it
        else:
            turn.say(message)
        return True
    if not member.role.at_least(min_role):
        message = t.NO_PERMISSION.format(role=t.ROLE_NEEDED[min_role.value])
        if turn.incoming.button_data:
            turn.answer_text = message
        else:
            turn.say(message)
        return True
    return False


def run_command(turn: Turn, command: Command) -> None:
    if refuse_if_not_allowed(turn, command.min_role):
        return
    if command.private_only and not turn.incoming.is_private:
        link = f"https://t.me/{turn.services.config.bot_username}?start={command.deep_link}"
        turn.say(t.CONTINUE_IN_PRIVATE, [[Button(t.OPEN_PRIVATE, url=link)]])
        return
    command.action(turn)


def run_button(turn: Turn, route: ButtonRoute) -> None:
    if refuse_if_not_allowed(turn, route.min_role):
        return
    route.action(turn)


def button_args(turn: Turn, *converters: Callable[[str], Any]) -> list[Any]:
    """The parts after the prefix of a button's data, converted; forged or old data is refused politely."""
    parts = turn.incoming.button_data.split(":")[1:]
    if len(parts) != len(converters):
        raise InvalidInput(t.STALE_ACTION)
    try:
        values = [convert(part) for convert, part in zip(converters, parts, strict=True)]
    except (ValueError, KeyError):
        raise InvalidInput(t.STALE_ACTION) from None
    if any(isinstance(v, int) and not 0 <= v <= LARGEST_ID for v in values):
        raise InvalidInput(t.STALE_ACTION)   # no record has such an id, and SQLite would overflow on it
    return values


def paged(items: list[str], page: int, per_page: int) -> tuple[list[str], int, int]:
    """One page of lines; returns (lines, page, pages) with the page clamped into range."""
    pages = max(1, (len(items) + per_page - 1) // per_page)
    page = max(0, min(page, pages - 1))
    return items[page * per_page:(page + 1) * per_page], page, pages


def page_buttons(prefix: str, page: int, pages: int) -> list[list[Button]]:
    if pages <= 1:
        return []
    row = []
    if page > 0:
        row.append(Button("◀️", f"{prefix}:{page - 1}"))
    row.append(Button(t.PAGE.format(page=page + 1, pages=pages), f"{prefix}:{page}"))
    if page < pages - 1:
        row.append(Button("▶️", f"{prefix}:{page + 1}"))
    return [row]
