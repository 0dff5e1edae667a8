"""Outbox rows that are not messages: deleting a message the bot sent (a card that named someone whose data was
erased) and removing a deactivated person from the coordinators' chat.

They go through the outbox for what it gives every push — a durable queue that survives a restart, retries, the
chat's own pace, the channel the chat belongs to — and are never bundled. The row records what came of each
(`sent`: done, its `platform_message_id` saying how; `failed`: not possible, `last_error` saying why); a channel
that cannot do it (Zalo deletes nothing and removes nobody) refuses it as a `PermanentFailure`, so that is
recorded too. A failure is not announced in the coordinators' chat (the person being removed is in it); what
must follow — the admins told of a removal, or asked to do it themselves — is queued here, in the unit of work
that records the row.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from models.deliveries import ACTION_KINDS, REMOVE_MEMBER, ClaimedDelivery, enqueue_delivery
from models.people import Member, active_admins, push_chat_of
from texts import members as texts

KINDS = ACTION_KINDS
# What an outbound returns for a removal (stored as the row's platform_message_id).
REMOVED, ABSENT = "removed", "absent"


def settled(session: Session, row: ClaimedDelivery, *, result: str | None, error: str | None,
            now: dt.datetime) -> bool:
    """What follows an action done (`result`) or refused (`error`); True if a message was queued."""
    if row.kind != REMOVE_MEMBER:
        return False
    if result == ABSENT:
        return False   # not in the chat: nothing to do, nothing to say
    member = session.get(Member, int((row.payload or {}).get("member_id") or 0))
    name = member.full_name if member is not None else "?"
    if result == REMOVED:
        text = texts.REMOVED_FROM_COORDINATORS.format(name=name)
    else:
        text = texts.REMOVE_FROM_COORDINATORS.format(name=name, why=_why(error or ""))
    told = False
    for admin in active_admins(session):
        chat_id = push_chat_of(admin)   # the app the admin last used, as every other push to an admin
        if chat_id is not None and admin.reachable:
            told |= enqueue_delivery(session, key=f"{row.key}:told:{admin.id}", kind="notice", chat_id=chat_id,
                                     text=text, due_at=now, member_id=admin.id)
    return told


def _why(error: str) -> str:
    """The platform's refusal, in words an admin can act on (never its raw text)."""
    lowered = error.lower()
    if "not enough rights" in lowered or "admin_required" in lowered or "need administrator" in lowered:
        return texts.WHY_NO_RIGHT
    if "administrator of the chat" in lowered or "owner" in lowered:
        return texts.WHY_CHAT_ADMIN
    if "cannot remove" in lowered:   # the channel's own refusal: its platform has no way to do it
        return texts.WHY_PLATFORM
    if "blocked" in lowered or "kicked" in lowered or "not a member" in lowered:
        return texts.WHY_BOT_GONE
    return texts.WHY_OTHER
