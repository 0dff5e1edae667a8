"""Cancelling an open form from a flow test: /huy asks first once answers were given, a second /huy confirms."""

from __future__ import annotations

from typing import Any


async def cancel_form(world: Any, user: Any) -> Any:
    """/huy, confirmed if the bot asks; the bot's last answer (what «Đã hủy …» says)."""
    reply = await world.ask(user, "/huy")
    if (reply.text or "").startswith("Hủy «"):
        reply = await world.ask(user, "/huy")
    return reply
