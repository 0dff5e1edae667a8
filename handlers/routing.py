"""Routers: each feature module declares its commands and button prefixes; one dispatcher applies the rules
common to all of them (registration, roles, private-only) before calling the feature."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from handlers.button_ids import LARGEST_ID
from handlers.conversation import Button, InputKind, Nav, Turn
from handlers.form_buttons import FormButton
from models.bodies import PROVINCE
from models.errors import InvalidInput
from models.people import Role, may_tell_stranger
from texts import common as t
from texts.commands import COMMANDS

if TYPE_CHECKING:
    from handlers.forms import Form

Action = Callable[[Turn], None]
FormT = TypeVar("FormT", bound="Form[Any]")
STRANGER_TOLD_EVERY = dt.timedelta(hours=1)


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
    events: dict[InputKind, Action] = field(default_factory=dict)
    forms: list[Form[Any]] = field(default_factory=list)

    def command(self, *names: str, role: Role | None = Role.member, private_only: bool = False,
                in_menu: bool = True) -> Callable[[Action], Action]:
        """The command's description (menu, /trogiup) is the catalogue's: `texts.commands.COMMANDS[names[0]]`
        (tests/test_texts_home.py checks that every installed command has one)."""
        vi, en = COMMANDS.get(names[0], ("", ""))

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

    def form(self, form: FormT) -> FormT:
        """A form of this feature: the form engine continues its drafts while the router is installed."""
        self.forms.append(form)
        return form

    def event(self, kind: InputKind) -> Callable[[Action], Action]:
        """Something that happened to the bot rather than a message to it (added to a group, removed)."""
        def decorate(action: Action) -> Action:
            self.events[kind] = action
            return action
        return decorate


@dataclass(frozen=True)
class Routes:
    """The installed routers as one table: what `handlers.turns.dispatch` matches an update against."""

    commands: dict[str, Command]       # every name and alias
    buttons: dict[str, ButtonRoute]    # by the prefix before the first ':'
    events: dict[InputKind, Action]
    on_input: Action                   # free input and buttons no route claims: a form's answer, a search, …
    on_unknown_command: Action
    menu: tuple[Command, ...]          # each command once, in the routers' order (menus, /trogiup)
    forms: dict[str, Form[Any]] = field(default_factory=dict)   # by name: what a saved draft says it belongs to


def install(routers: Sequence[Router], *, on_input: Action, on_unknown_command: Action) -> Routes:
    """One table from the routers, in their order; a name or prefix claimed twice is a mistake caught here."""
    commands: dict[str, Command] = {}
    buttons: dict[str, ButtonRoute] = {}
    events: dict[InputKind, Action] = {}
    menu: list[Command] = []
    forms: dict[str, Form[Any]] = {}
    for router in routers:
        for command in router.commands:
            for name in command.names:
                if name in commands:
                    raise ValueError(f"command /{name} of {router.name} is claimed twice")
                commands[name] = command
            menu.append(command)
        for route in router.buttons:
            # A prefix like 'f12' would read as a form button's nonce (`handlers.form_buttons`).
            if route.prefix in buttons or ":" in route.prefix or FormButton.parse(route.prefix) is not None:
                raise ValueError(f"button prefix {route.prefix!r} of {router.name} is taken or ambiguous")
            buttons[route.prefix] = route
        for kind, action in router.events.items():
            if kind in events:
                raise ValueError(f"event {kind.value} of {router.name} is claimed twice")
            events[kind] = action
        for form in router.forms:
            if form.name in forms:
                raise ValueError(f"form {form.name!r} of {router.name} is claimed twice")
            forms[form.name] = form
    return Routes(commands=commands, buttons=buttons, events=events, on_input=on_input,
                  on_unknown_command=on_unknown_command, menu=tuple(menu), forms=forms)


def how_to_join(turn: Turn, *, always: bool = False) -> None:
    """Tell someone who is not a member how to join: `always` (to /start, an invite), else at most once an hour
    however much they write."""
    if always or may_tell_stranger(turn.session, turn.incoming.user_id, turn.now, STRANGER_TOLD_EVERY):
        wording = t.UNREGISTERED if turn.channel.deep_link else t.UNREGISTERED_BY_CODE
        turn.say(wording.format(province=turn.body(PROVINCE)))


def refuse_if_not_allowed(turn: Turn, min_role: Role | None) -> bool:
    """True (and the reason said) when this person may not do it."""
    if min_role is None:
        return False
    member = turn.member
    if member is None or not member.active:
        if turn.pressed and turn.channel.button_notice:
            # On the button: a group must not read it.
            turn.toast(t.UNREGISTERED.format(province=turn.body(PROVINCE)))
        else:
            how_to_join(turn)
        return True
    if not member.role.at_least(min_role):
        turn.notify(t.NO_PERMISSION.format(role=t.ROLE_NEEDED[min_role.value]))
        return True
    return False


def open_private_chat(turn: Turn, text: str, payload: str) -> None:
    """Say `text` with a button that opens the private chat and runs `payload` there (where the channel has
    such links; elsewhere the text alone: the person writes to the bot privately)."""
    link = turn.channel.private_link(payload)
    label = t.OPEN_PRIVATE
    turn.say(text, [[Button.link(label, link)]] if link else [])


def run_command(turn: Turn, command: Command) -> None:
    if refuse_if_not_allowed(turn, command.min_role):
        return
    if command.private_only and not turn.incoming.is_private:
        payload = command.deep_link or "private"
        # The text points to the button below only where there is one (a link that opens the private chat).
        text = t.CONTINUE_IN_PRIVATE if turn.channel.private_link(payload) else t.CONTINUE_IN_PRIVATE_NO_LINK
        open_private_chat(turn, text, payload)
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
        row.append(Button.navigation("◀️", f"{prefix}:{page - 1}", Nav.previous_page))
    row.append(Button.navigation(t.PAGE.format(page=page + 1, pages=pages), f"{prefix}:{page}", Nav.this_page))
    if page < pages - 1:
        row.append(Button.navigation("▶️", f"{prefix}:{page + 1}", Nav.next_page))
    return [row]
