"""Joining (/start with an invite), help, the navigation every form shares, free input, and what happens to the
bot itself (added to a group, removed from one).

`on_input` and `on_unknown_command` are the fallbacks: they get what no feature's route claimed.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from handlers.conversation import InputKind, Turn
from handlers.forms import ENGINE
from handlers.queries import show_search_results
from handlers.routing import Router, how_to_join, run_command
from models.errors import DomainError
from models.people import (
    ChatBinding,
    ChatPurpose,
    Member,
    Redemption,
    Role,
    active_admins,
    get_member,
    name_doubts,
    redeem,
)
from texts import common as t, forms as tf, members as tm

router = Router("common")
INVITE_CODE = re.compile(r"inv_[A-Za-z0-9_-]{8,64}")


@router.command("start", role=None, in_menu=False)
def start(turn: Turn) -> None:
    payload = turn.incoming.args
    if payload.startswith("inv_") and turn.incoming.is_private:
        _join(turn, payload.removeprefix("inv_"))
        return
    if turn.member is None or not turn.member.active:
        how_to_join(turn, always=True)
        return
    if payload.startswith("go_"):
        wanted = payload.removeprefix("go_")
        command = next((c for c in turn.services.commands if c.deep_link == payload or c.name == wanted), None)
        if command is not None:
            run_command(turn, command)
            return
    template = t.WELCOME_ADMIN if turn.member.role is Role.admin else t.WELCOME_BACK
    turn.say(template.format(name=turn.member.full_name))
    if ENGINE.has_draft(turn):
        ENGINE.resume(turn)


def _join(turn: Turn, code: str) -> None:
    incoming = turn.incoming
    try:
        redemption = redeem(turn.session, code=code, platform_id=incoming.user_id, full_name=incoming.user_name,
                            private_chat_id=incoming.chat_id, now=turn.now)
    except DomainError as error:
        turn.say(f"⚠️ {error.message}")
        return
    member = turn.member = redemption.member
    if redemption.fresh:
        _tell_admins_who_joined(turn, redemption)
    if redemption.linked:   # a second app's account, linked
        turn.say(tm.LINKED.format(name=member.full_name))
    else:
        turn.say(t.WELCOME_NEW.format(name=member.full_name, role=t.ROLE_NAMES[member.role.value]) + "\n\n"
                 + _about_the_group(turn))
    if member.role is not Role.member:
        turn.menus_to_refresh.append((incoming.chat_id, member.role))


def _tell_admins_who_joined(turn: Turn, redemption: Redemption) -> None:
    """The admin who made the invite hears who used it (an invite is a link: whoever opens it first joins); when
    it gave a role that sees names, every other admin hears of it too."""
    invite, member = redemption.invite, redemption.member
    role = t.ROLE_NAMES[invite.role.value]
    doubts = _name_doubts(turn, member)
    inviter = get_member(turn.session, invite.created_by_id) if invite.created_by_id else None
    if inviter is not None and inviter.has_role(Role.admin):
        created = invite.created_at.astimezone(turn.services.clock.tz).strftime("%H:%M %d/%m/%Y")
        text = tm.INVITE_USED.format(role=role, created=created, name=member.full_name)
        if invite.role is not Role.member:
            text += tm.INVITE_USED_CHECK
        text += doubts
        turn.push_to_member(inviter, f"invite:{invite.id}:used:{inviter.id}", text, kind="notice")
    if invite.role is Role.member:
        return
    text = tm.BECAME_BY_INVITE.format(name=member.full_name, role=role,
                                      inviter=inviter.full_name if inviter is not None else tm.INVITER_OPERATOR)
    text += doubts
    for admin in active_admins(turn.session):
        if admin.id not in (member.id, inviter.id if inviter is not None else None):
            turn.push_to_member(admin, f"invite:{invite.id}:granted:{admin.id}", text, kind="notice")


def _name_doubts(turn: Turn, member: Member) -> str:
    """What the admins should know of a newcomer's name, which comes from their chat profile ("" if nothing)."""
    same, mixed = name_doubts(turn.session, member)
    doubts = []
    if same:
        doubts.append(tm.NAME_SAME_AS.format(names=", ".join(f"{other.full_name} (#{other.id})" for other in same)))
    if mixed:
        doubts.append(tm.NAME_MIXED_SCRIPTS)
    return "".join(f"\n⚠️ {doubt}" for doubt in doubts)


def _about_the_group(turn: Turn) -> str:
    """A new member hears of the delegation's group (where the plan's deadlines and news go) and that the records
    are made here, privately."""
    binding = turn.session.scalar(select(ChatBinding).where(ChatBinding.purpose == ChatPurpose.group))
    if binding is None:
        return t.WELCOME_NO_GROUP
    return t.WELCOME_GROUP.format(title=f" «{binding.title}»" if binding.title else "")


@router.command("trogiup", "help", role=None)
def help_(turn: Turn) -> None:
    member = turn.member
    if member is None or not member.active:
        how_to_join(turn)
        return
    lines = [t.HELP_TITLE.format(role=t.ROLE_NAMES[member.role.value])]
    for command in turn.services.commands:
        if command.min_role is None or not member.role.at_least(command.min_role) or not command.description_vi:
            continue
        if command.name == "start":
            continue
        lines.append(f"/{command.name} — {command.description_vi}")
    lines.append("")
    lines.append(t.HELP_FOOTER)
    turn.say("\n".join(lines))


@router.command("tieptuc", "resume", private_only=True)
def resume(turn: Turn) -> None:
    ENGINE.resume(turn)


@router.command("huy", "cancel", private_only=True)
def cancel(turn: Turn) -> None:
    ENGINE.cancel(turn)


@router.command("quaylai", "back", private_only=True, in_menu=False)
def back(turn: Turn) -> None:
    ENGINE.back(turn)


@router.command("boqua", "skip", private_only=True, in_menu=False)
def skip(turn: Turn) -> None:
    ENGINE.skip(turn)


def on_input(turn: Turn) -> None:
    """Text, location, photo or a button nobody else claimed: a form's answer, else a search."""
    incoming = turn.incoming
    member = turn.member
    if member is None or not member.active:
        if incoming.kind is InputKind.button:
            turn.notify(t.STALE_ACTION)
        elif incoming.kind is InputKind.text and INVITE_CODE.fullmatch(incoming.text.strip()):
            _join(turn, incoming.text.strip().removeprefix("inv_"))   # a code sent where links do not open the bot
        else:
            how_to_join(turn)
        return
    if ENGINE.handle(turn):
        return
    if incoming.kind is InputKind.button:
        turn.notify(tf.STALE_BUTTON)
        return
    if incoming.kind is InputKind.text and incoming.is_private:
        show_search_results(turn, incoming.text.strip()[:200])
        return
    turn.say(t.NOT_UNDERSTOOD)


def on_unknown_command(turn: Turn) -> None:
    if turn.member is None or not turn.member.active:
        if turn.incoming.is_private:
            how_to_join(turn)
        return
    if turn.incoming.is_private:
        turn.say(t.UNKNOWN_COMMAND)

