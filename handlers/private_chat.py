"""Moving a button pressed in a group to the presser's private chat.

Coordinators act on alerts in their group chat, but the details they type (a document number, an answer) and
the named records they open belong in the private chat: a bot in privacy mode does not even see plain
messages in a group, and personal data never goes there.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from handlers.conversation import Turn
from handlers.forms import ENGINE, AnyForm
from handlers.routing import open_private_chat
from texts import forms as tf


def private_chat_of(turn: Turn) -> str | None:
    """The presser's private chat on this platform, or None if they never wrote to the bot privately."""
    if turn.incoming.is_private:
        return turn.incoming.chat_id
    member = turn.member
    if member is None:
        return None
    prefix = f"{turn.incoming.platform}:"
    return next((i.private_chat_id for i in member.identities
                 if i.private_chat_id and i.platform_id.startswith(prefix)), None)


def in_private(turn: Turn) -> Turn | None:
    """A turn that speaks in the presser's private chat (the same one when already there); replies are shared.

    None (and the person told how to open the private chat) when the bot cannot write to them privately.
    """
    if turn.incoming.is_private:
        return turn
    chat_id = private_chat_of(turn)
    if chat_id is None:
        open_private_chat(turn, tf.PRIVATE_ONLY, "private")
        turn.toast(tf.PRIVATE_ONLY)
        return None
    incoming = dataclasses.replace(turn.incoming, chat_id=chat_id, is_private=True, message_id=None)
    return Turn(session=turn.session, services=turn.services, incoming=incoming, member=turn.member, now=turn.now,
                channel=turn.channel, replies=turn.replies, later=turn.later)


def start_form_privately(turn: Turn, form: AnyForm, initial: dict[str, Any], *, preface: str | None = None,
                         moved_notice: str = tf.CONTINUED_PRIVATELY, names: tuple[str, ...] = ()) -> None:
    """Start a form in the presser's private chat; `preface` (what the form is about) is said first. Pressed in a
    group, the button's notice says where the form went (it points to no button: there is none)."""
    private = in_private(turn)
    if private is None:
        return
    if preface and not ENGINE.has_draft(private):
        private.say(preface, names=names)   # the records it shows, if it names someone (Reply.names)
    ENGINE.start(private, form, initial)
    if private is not turn:
        turn.pushed += private.pushed
        turn.toast(moved_notice)
