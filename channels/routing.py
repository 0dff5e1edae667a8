"""One outbox over several channels: each delivery goes to the channel its chat id's platform prefix names
("telegram:…", "zalo:…"), paced by that channel's own limits.

`RoutingOutbound` is the scheduler's `Outbound`; `RoutingPacer` has the `Pacer`'s interface (what the dispatcher
calls) and keeps one `Pacer` per platform, so Telegram's 30 a second and Zalo's one a second per chat each hold.
"""

from __future__ import annotations

from typing import Any

from scheduler.outbound import Outbound, PermanentFailure
from scheduler.pacing import Pacer, Pacing


def platform_of(chat_id: str) -> str:
    return chat_id.partition(":")[0]


class RoutingOutbound:
    def __init__(self, outbounds: dict[str, Outbound]) -> None:
        self.outbounds = dict(outbounds)

    async def send(self, chat_id: str, text: str, payload: dict[str, Any] | None = None) -> str:
        outbound = self.outbounds.get(platform_of(chat_id))
        if outbound is None:
            # A chat of a channel this process does not run (its token is not set): the row fails, visibly.
            raise PermanentFailure(f"no channel runs for {platform_of(chat_id)!r} chats")
        return await outbound.send(chat_id, text, payload)

    def max_text(self, chat_id: str) -> int | None:
        """The longest message of the chat's platform, where its sender says (for the outbox's bundles)."""
        limit = getattr(self.outbounds.get(platform_of(chat_id)), "max_text", None)
        return limit(chat_id) if callable(limit) else None


class RoutingPacing:
    """The `Pacing` questions the dispatcher asks, answered by the chat's platform."""

    def __init__(self, pacings: dict[str, Pacing], fallback: Pacing) -> None:
        self.pacings, self.fallback = pacings, fallback

    def of(self, chat_id: str) -> Pacing:
        return self.pacings.get(platform_of(chat_id), self.fallback)

    def turns(self, chat_id: str) -> tuple[float, int]:
        return self.of(chat_id).turns(chat_id)

    def is_group(self, chat_id: str) -> bool:
        return self.of(chat_id).is_group(chat_id)

    def slowest_rate(self) -> float:
        return min(pacing.slowest_rate() for pacing in [*self.pacings.values(), self.fallback])


class RoutingPacer:
    def __init__(self, pacings: dict[str, Pacing], *, fallback: str | None = None) -> None:
        self.pacers = {platform: Pacer(pacing) for platform, pacing in pacings.items()}
        default = fallback or next(iter(pacings))
        self._fallback = self.pacers[default]
        self.pacing = RoutingPacing(pacings, pacings[default])

    def _of(self, chat_id: str) -> Pacer:
        return self.pacers.get(platform_of(chat_id), self._fallback)

    async def acquire(self, chat_id: str) -> None:
        await self._of(chat_id).acquire(chat_id)

    def answered(self, chat_id: str) -> None:
        self._of(chat_id).answered(chat_id)

    def hold(self, chat_id: str, seconds: float) -> None:
        self._of(chat_id).hold(chat_id, seconds)

    def held_for(self, chat_id: str) -> float:
        return self._of(chat_id).held_for(chat_id)
