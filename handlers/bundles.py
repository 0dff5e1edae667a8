"""A day's bundle after a press: the message as sent, with the items marked done since shown as done (and their
«Hoàn tác»), the others' «Đã xong» still there — so marking one item done never hides the rest.

The message is found through the outbox (the carrier row that was sent as it), not through the chat platform.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.actions import MILESTONE_DONE, milestone_undo_data, parse_callback
from models.deliveries import Delivery, DeliveryStatus
from models.people import Member
from models.plan import Milestone
from texts import scheduler as texts


@dataclass(frozen=True)
class BundleButton:
    text: str
    data: str


def sent_bundle(session: Session, chat_id: str, message_id: str | None) -> Delivery | None:
    """The bundle sent as this message of this chat, if it was one."""
    if message_id is None:
        return None
    return session.scalar(select(Delivery).where(
        Delivery.chat_id == chat_id, Delivery.platform_message_id == message_id, Delivery.kind == "bundle",
        Delivery.status == DeliveryStatus.sent).limit(1))


def bundle_now(session: Session, carrier: Delivery, tz: ZoneInfo) -> tuple[str, list[list[BundleButton]]]:
    """The bundle's text and buttons as they stand now."""
    lines: list[str] = []
    rows: list[list[BundleButton]] = []
    for row in (carrier.payload or {}).get("buttons", []):
        for button in row:
            parsed = parse_callback(button.get("data", ""))
            milestone = session.get(Milestone, parsed[1]) if parsed and parsed[0] == MILESTONE_DONE else None
            if milestone is None or milestone.done_at is None:
                rows.append([BundleButton(button["text"], button["data"])])
                continue
            by = session.get(Member, milestone.done_by_id) if milestone.done_by_id else None
            when = milestone.done_at.replace(tzinfo=milestone.done_at.tzinfo or dt.UTC).astimezone(tz)
            lines.append(texts.bundle_item_done(milestone.code, by.full_name if by else None, when))
            rows.append([BundleButton(texts.bundled_button(texts.UNDO_BUTTON, milestone.code),
                                      milestone_undo_data(milestone.id))])
    text = carrier.text + ("\n\n" + "\n".join(lines) if lines else "")
    return text, rows
