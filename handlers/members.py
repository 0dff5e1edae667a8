"""Invites and roles: admins invite by a one-time link, list members, change roles, deactivate, bind chats."""

from __future__ import annotations

import datetime as dt

from handlers.conversation import Button, InputKind, Nav, Turn
from handlers.forms import ENGINE
from handlers.routing import Router, button_args, page_buttons, paged
from models.deliveries import enqueue_removal
from models.people import (
    ChatPurpose,
    Member,
    Position,
    Role,
    active_admins,
    bind_chat,
    bound_chat,
    bound_chats,
    change_role,
    create_invite,
    create_link_code,
    deactivate_member,
    delegation_heads,
    get_member,
    list_members,
    set_position,
    unbind_chat,
)
from texts import common as tc, members as t

router = Router("members")
PER_PAGE = 10
LINK_CODE_TTL = dt.timedelta(minutes=30)


@router.command("moi", "invite", role=Role.admin, private_only=True)
def invite(turn: Turn) -> None:
    turn.say(t.INVITE_CHOOSE_ROLE, [[Button.option(t.INVITE_MEMBER, "inv:member"),
                                     Button.option(t.INVITE_COORDINATOR, "inv:coordinator")]])


@router.button("inv", role=Role.admin)
def invite_for_role(turn: Turn) -> None:
    (role,) = button_args(turn, Role)
    assert turn.member is not None
    config = turn.services.config
    # A coordinator's invite opens every nominee's name to whoever opens it first: it lives a day at most.
    ttl = config.invite_ttl if role is Role.member else config.coordinator_invite_ttl
    created = create_invite(turn.session, role=role, created_by=turn.member, now=turn.now, ttl=ttl)
    payload = f"inv_{created.code}"
    link = turn.channel.private_link(payload)
    expires = created.expires_at.astimezone(turn.services.clock.tz).strftime("%H:%M %d/%m/%Y")
    if link is None:   # a channel without links that open the bot: the code is sent to it as a message
        turn.edit(t.INVITE_CREATED_CODE.format(role=tc.ROLE_NAMES[role.value], expires=expires, code=payload))
        return
    turn.edit(t.INVITE_CREATED.format(role=tc.ROLE_NAMES[role.value], expires=expires, link=link, code=payload))


@router.command("lienket", "link", role=Role.member, private_only=True)
def link_account(turn: Turn) -> None:
    """A one-time code that, sent to the bot from the other app, adds that account to this member: then pushes go
    to whichever app the member last wrote from."""
    assert turn.member is not None
    code = create_link_code(turn.session, member=turn.member, now=turn.now, ttl=LINK_CODE_TTL)
    payload = f"inv_{code.code}"
    expires = code.expires_at.astimezone(turn.services.clock.tz).strftime("%H:%M %d/%m/%Y")
    lines = [t.LINK_CODE.format(code=payload, expires=expires)]
    links = {platform: template.format(payload=payload) for platform, template in turn.services.private_links.items()
             if platform != turn.channel.platform}
    if "telegram" in links:
        lines.append(t.LINK_CODE_TELEGRAM.format(link=links["telegram"]))
    lines.append(t.LINK_CODE_AFTER)
    turn.say("\n\n".join(lines))


@router.command("thanhvien", "members", role=Role.admin, private_only=True)
def members(turn: Turn) -> None:
    _show_list(turn, 0, edit=False)


@router.button("ml", role=Role.admin)
def members_page(turn: Turn) -> None:
    (page,) = button_args(turn, int)
    _show_list(turn, page, edit=True)


def _show_list(turn: Turn, page: int, *, edit: bool) -> None:
    everyone = list_members(turn.session, include_inactive=True)
    lines = [_member_line(turn, i, m) for i, m in enumerate(everyone, 1)]
    shown, page, pages = paged(lines, page, PER_PAGE)
    people = everyone[page * PER_PAGE:(page + 1) * PER_PAGE]
    rows = [[Button.option(m.full_name[:40], f"mb:{m.id}:{page}")] for m in people]
    rows += page_buttons("ml", page, pages)
    text = "\n".join([t.MEMBERS_TITLE.format(count=len(everyone)), *shown])
    (turn.edit if edit else turn.say)(text, rows)


def _member_line(turn: Turn, index: int, person: Member) -> str:
    fields = {"index": index, "name": person.full_name, "role": tc.ROLE_NAMES[person.role.value],
              "inactive": "" if person.active else t.INACTIVE}
    if person.position is None:
        return t.MEMBER_LINE.format(**fields)
    return t.MEMBER_LINE_POSITION.format(position=_position_text(turn, person), **fields)


def _position_text(turn: Turn, person: Member) -> str:
    """«Trưởng đoàn — Đảng ủy Khối»: the side by the short name its body has today."""
    if person.position is None:
        return t.POSITION_UNSET
    position = t.POSITION_NAMES[person.position.value]
    if person.side is None or person.side not in turn.services.config.bodies.roles:
        return position
    return t.POSITION_WITH_SIDE.format(position=position, side=turn.services.config.bodies.short(person.side,
                                                                                                 turn.today))


def delegation_sides(turn: Turn) -> list[str]:
    """The bodies a member may come from: those that set the delegation up (the bodies file's default issuers)."""
    return turn.services.config.bodies.default_issuers


@router.button("mb", role=Role.admin)
def member_detail(turn: Turn) -> None:
    member_id, page = button_args(turn, int, int)
    _show_member(turn, member_id, page)


def _show_member(turn: Turn, member_id: int, page: int) -> None:
    person = get_member(turn.session, member_id)
    status = t.STATUS_INACTIVE if not person.active else (t.STATUS_ACTIVE if person.reachable
                                                            else t.STATUS_UNREACHABLE)
    rows = []
    if person.active and person.id != (turn.member.id if turn.member else None):
        for role, label in ((Role.member, t.MAKE_MEMBER), (Role.coordinator, t.MAKE_COORDINATOR),
                            (Role.admin, t.MAKE_ADMIN)):
            if person.role is not role:
                rows.append([Button.option(label, f"mr:{person.id}:{role.value}:{page}")])
    if person.active:
        rows.append([Button.option(t.SET_POSITION, f"mp:{person.id}:{page}")])
    if person.active and person.id != (turn.member.id if turn.member else None):
        rows.append([Button.option(t.DEACTIVATE, f"md:{person.id}:{page}")])
    rows.append([Button.navigation(t.BACK_TO_LIST, f"ml:{page}", Nav.to_list)])
    turn.edit(t.MEMBER_DETAIL.format(name=person.full_name, role=tc.ROLE_NAMES[person.role.value],
                                     position=_position_text(turn, person), status=status), rows)


@router.button("mp", role=Role.admin)
def member_position(turn: Turn) -> None:
    member_id, page = button_args(turn, int, int)
    person = get_member(turn.session, member_id)
    rows = [[Button.option(t.POSITION_NAMES[position.value], f"mq:{person.id}:{position.value}:{page}")]
            for position in Position]
    if person.position is not None:
        rows.append([Button.option(t.CLEAR_POSITION, f"mq:{person.id}:-:{page}")])
    rows.append([Button.navigation(t.BACK_TO_LIST, f"ml:{page}", Nav.to_list)])
    turn.edit(t.CHOOSE_POSITION.format(name=person.full_name), rows)


def _position_or_none(value: str) -> Position | None:
    return None if value == "-" else Position(value)


@router.button("mq", role=Role.admin)
def member_position_chosen(turn: Turn) -> None:
    member_id, position, page = button_args(turn, int, _position_or_none, int)
    assert turn.member is not None
    person = get_member(turn.session, member_id)
    if position is None:
        set_position(turn.session, member_id=person.id, position=None, side=None, sides=delegation_sides(turn),
                     by=turn.member)
        turn.notify(t.POSITION_CLEARED.format(name=person.full_name))
        _show_member(turn, person.id, page)
        return
    bodies = turn.services.config.bodies
    rows = [[Button.option(bodies.short(side, turn.today), f"mx:{person.id}:{position.value}:{side}:{page}")]
            for side in delegation_sides(turn)]
    rows.append([Button.navigation(t.BACK_TO_LIST, f"ml:{page}", Nav.to_list)])
    turn.edit(t.CHOOSE_SIDE.format(name=person.full_name, position=t.POSITION_NAMES[position.value]), rows)


@router.button("mx", role=Role.admin)
def member_side_chosen(turn: Turn) -> None:
    member_id, position, side, page = button_args(turn, int, Position, str, int)
    assert turn.member is not None
    person = set_position(turn.session, member_id=member_id, position=position, side=side,
                          sides=delegation_sides(turn), by=turn.member)
    turn.notify(t.POSITION_SET.format(name=person.full_name, position=_position_text(turn, person)))
    others = ([m.full_name for m in delegation_heads(turn.session) if m.id != person.id]
              if position is Position.head else [])
    if others:   # the review names the first Trưởng đoàn only: the admin hears there are now two
        turn.say(t.ANOTHER_HEAD.format(names=", ".join(others)))
    _show_member(turn, person.id, page)


@router.button("mr", role=Role.admin)
def member_role(turn: Turn) -> None:
    member_id, role, page = button_args(turn, int, Role, int)
    assert turn.member is not None
    before = get_member(turn.session, member_id).role
    person = change_role(turn.session, member_id=member_id, role=role, by=turn.member)
    ENGINE.drop_draft_beyond_role(turn, person)   # a coordinator's half-filled form goes on demotion
    if role is not Role.member and not before.at_least(role):
        # Someone now sees what only coordinators (or admins) see: every admin hears of it.
        text = t.BECAME_BY_ADMIN.format(name=person.full_name, admin=turn.member.full_name,
                                        role=tc.ROLE_NAMES[role.value])
        for admin in active_admins(turn.session):
            if admin.id not in (turn.member.id, person.id):
                turn.push_to_member(admin, f"role:{person.id}:{role.value}:{turn.now.isoformat()}:told:{admin.id}",
                                    text, kind="notice")
    turn.notify(t.ROLE_CHANGED.format(name=person.full_name, role=tc.ROLE_NAMES[role.value]))
    turn.push_to_member(person, f"role:{person.id}:{role.value}:{turn.now.isoformat()}",
                        t.NOTICE_ROLE_CHANGED.format(role=tc.ROLE_NAMES[role.value]))
    turn.menus_to_refresh.extend((i.private_chat_id, role) for i in person.identities if i.private_chat_id)
    _show_member(turn, person.id, page)


@router.button("md", role=Role.admin)
def member_deactivate(turn: Turn) -> None:
    member_id, page = button_args(turn, int, int)
    assert turn.member is not None
    person = deactivate_member(turn.session, member_id=member_id, by=turn.member)
    turn.notify(t.DEACTIVATED.format(name=person.full_name))
    _out_of_coordinators_chat(turn, person)
    _show_member(turn, person.id, page)


def _out_of_coordinators_chat(turn: Turn, person: Member) -> None:
    """The coordinators' chat keeps receiving alerts with details: a deactivated person is taken out of it where
    the platform lets the bot (the outbox tries; the admins hear whether it worked, or are asked to do it)."""
    chat_id = bound_chat(turn.session, ChatPurpose.coordinators)
    if chat_id is None:
        return
    platform = chat_id.partition(":")[0]
    for identity in person.identities:
        if identity.platform_id.startswith(f"{platform}:"):
            turn.pushed += int(enqueue_removal(turn.session, chat_id=chat_id, platform_user_id=identity.platform_id,
                                               member_id=person.id, now=turn.now))


@router.command("ganhom", "bindgroup", role=Role.admin, in_menu=False)
def bind_group(turn: Turn) -> None:
    _bind(turn, ChatPurpose.group, t.BOUND_GROUP)


@router.command("gandieuphoi", "bindcoordinators", role=Role.admin, in_menu=False)
def bind_coordinators(turn: Turn) -> None:
    _bind(turn, ChatPurpose.coordinators, t.BOUND_COORDINATORS)


def _bind(turn: Turn, purpose: ChatPurpose, done: str) -> None:
    if turn.incoming.is_private:
        turn.say(t.BIND_NEEDS_GROUP)
        return
    assert turn.member is not None
    # The chat's name as the platform gives it (Telegram does), so the welcome can name the group.
    bind_chat(turn.session, purpose=purpose, chat_id=turn.incoming.chat_id, title=turn.incoming.chat_title or None,
              by=turn.member)
    turn.say(done)


def answer_mention(turn: Turn) -> None:
    """Someone mentioned the bot in a group without a command: what the bot does there, and how to bind it (no
    personal data, whoever asks)."""
    purposes = [purpose for purpose, chat_id in bound_chats(turn.session).items() if chat_id == turn.incoming.chat_id]
    tail = (t.GROUP_MENTION_BOUND.format(purpose=", ".join(t.PURPOSE_NAMES[p.value] for p in purposes)) if purposes
            else t.GROUP_MENTION_UNBOUND)
    turn.say(f"{t.GROUP_MENTION}\n{tail}")


@router.event(InputKind.bot_added)
def bot_added(turn: Turn) -> None:
    """Someone added the bot to a group: the admins hear of it, and how to bind it if it is the delegation's."""
    incoming = turn.incoming
    _tell_admins(turn, t.BOT_ADDED.format(title=incoming.chat_title or incoming.chat_id,
                                          who=incoming.user_name or incoming.user_id))


@router.event(InputKind.bot_removed)
def bot_removed(turn: Turn) -> None:
    """The bot was removed from a group (or it was deleted): it is bound for nothing any more, and the admins
    hear which chat to bind instead."""
    incoming = turn.incoming
    purposes = unbind_chat(turn.session, incoming.chat_id)
    text = t.BOT_REMOVED.format(title=incoming.chat_title or incoming.chat_id)
    if purposes:
        text += "\n" + t.BOT_REMOVED_UNBOUND.format(purposes=", ".join(t.PURPOSE_NAMES[p.value] for p in purposes))
    _tell_admins(turn, text)


def _tell_admins(turn: Turn, text: str) -> None:
    event = turn.incoming.update_key or turn.now.isoformat()
    for admin in active_admins(turn.session):
        turn.push_to_member(admin, f"bot-membership:{turn.incoming.chat_id}:{event}:{admin.id}", text,
                            kind="notice")
