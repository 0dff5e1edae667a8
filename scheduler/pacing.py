"""Sending at a pace the platform accepts: overall, per group, per chat — and a chat that said "wait" waits alone.

Telegram's published limits: about 30 messages a second overall, 20 a minute into one group, about one a
second into one chat. The platform counts messages by when they *arrive*, over a sliding window. We cannot
see arrival times, but we know each lies between the moment we started the send and the moment its answer
came back. So every limit here is a sliding window in which a send occupies its slot from its start until
its answer, and a slot is free again `period` seconds after the answer: a new send then starts at least
`period` after any earlier one arrived, whatever the network's jitter. (A token bucket counted on start
times would need ~8 % of the throughput as a safety margin and still trip on a slow first connection; this
costs one round trip per slot per window instead.)

A 429 for one chat (`hold`) delays that chat only, unlike the library's AIORateLimiter, which pauses every
request on RetryAfter.

Time is `time.monotonic` (the platform's limits run on real time even when the scheduler's clock is a test's
manual one); the time source and the sleep can be replaced to test the arithmetic without waiting.
"""

from __future__ import annotations

import asyncio
import bisect
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

WAIT_FOR_ANSWER = 0.005  # seconds between looks when every slot is taken by a send still on the wire


def telegram_like_group(chat_id: str) -> bool:
    """Negative ids are groups and supergroups on Telegram; the default guess for any platform."""
    return chat_id.partition(":")[2].startswith("-")


@dataclass(frozen=True)
class Pacing:
    overall_per_second: int = 30
    per_chat_interval: float = 1.0   # seconds between two messages to one chat
    per_chat_burst: int = 1
    group_per_minute: int = 20
    margin: float = 0.02             # seconds added to each window, for clocks that are not quite ours
    is_group: Callable[[str], bool] = field(default=telegram_like_group)

    def turns(self, chat_id: str) -> tuple[float, int]:
        """How processes that share a chat take turns: (seconds between messages on average, burst allowed)."""
        if self.is_group(chat_id):
            return 60.0 / max(1, self.group_per_minute), max(1, self.group_per_minute)
        burst = max(1, self.per_chat_burst)
        return self.per_chat_interval / burst, burst

    def slowest_rate(self) -> float:
        """Messages a second into the slowest kind of chat (a group under Telegram's limits)."""
        return min(max(1, self.per_chat_burst) / max(self.per_chat_interval, 1e-9), self.group_per_minute / 60.0)

    @classmethod
    def unlimited(cls) -> Pacing:
        """No pacing at all: for tests that provoke the platform's 429s on purpose."""
        return cls(overall_per_second=10**9, per_chat_interval=0.0, per_chat_burst=10**9,
                   group_per_minute=10**9, margin=0.0)


class SlidingWindow:
    """At most `limit` sends in any `period`, a send counting from its start until `period` after its answer."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit, self.period = limit, period
        self.in_flight = 0
        self._answered: list[float] = []  # answer times, sorted (answers come back out of order)

    def wait(self, now: float) -> float:
        """Seconds until a slot frees; WAIT_FOR_ANSWER when only an answer still on its way can free one."""
        cut = bisect.bisect_right(self._answered, now - self.period)
        del self._answered[:cut]
        if len(self._answered) + self.in_flight < self.limit:
            return 0.0
        if self._answered:
            return max(self._answered[0] + self.period - now, 1e-6)
        return WAIT_FOR_ANSWER

    def start(self) -> None:
        self.in_flight += 1

    def answered(self, now: float) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        bisect.insort(self._answered, now)

    @property
    def idle_since(self) -> float | None:
        """When the last answer came, if nothing is on the wire; None while busy."""
        if self.in_flight:
            return None
        return self._answered[-1] if self._answered else float("-inf")


class Pacer:
    """Hands out permission to send one message to a chat, waiting as long as the limits need.

    Use: `await pacer.acquire(chat)` right before the send, then `pacer.answered(chat)` when its answer (or
    error) came back — in a `finally`, so a failed send frees its slot too.
    """

    _PRUNE_ABOVE = 5_000  # chats remembered before forgetting the idle ones

    def __init__(self, pacing: Pacing, *, monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.pacing = pacing
        self._now, self._sleep = monotonic, sleep
        self._overall = SlidingWindow(pacing.overall_per_second, 1.0 + pacing.margin)
        self._chats: dict[str, SlidingWindow] = {}
        self._groups: dict[str, SlidingWindow] = {}
        self._held_until: dict[str, float] = {}
        self._overall_turn = asyncio.Lock()  # FIFO: chats that are ready take overall slots in order

    def hold(self, chat_id: str, seconds: float) -> None:
        """The platform asked us to leave this chat alone for a while."""
        until = self._now() + seconds
        self._held_until[chat_id] = max(self._held_until.get(chat_id, 0.0), until)

    def held_for(self, chat_id: str) -> float:
        """Seconds this chat is still held for (0 when it is not)."""
        return max(0.0, self._held_until.get(chat_id, 0.0) - self._now())

    def _windows(self, chat_id: str) -> list[SlidingWindow]:
        pacing = self.pacing
        chat = self._chats.get(chat_id)
        if chat is None:
            if len(self._chats) > self._PRUNE_ABOVE:
                self._prune()
            burst = max(1, pacing.per_chat_burst)
            chat = self._chats[chat_id] = SlidingWindow(burst, pacing.per_chat_interval * burst + pacing.margin)
        windows = [chat]
        if pacing.is_group(chat_id):
            group = self._groups.get(chat_id)
            if group is None:
                group = self._groups[chat_id] = SlidingWindow(pacing.group_per_minute, 60.0 + pacing.margin)
            windows.append(group)
        return windows

    def _chat_wait(self, chat_id: str, now: float) -> float:
        wait = max(0.0, self._held_until.get(chat_id, 0.0) - now)
        for window in self._windows(chat_id):
            wait = max(wait, window.wait(now))
        return wait

    async def acquire(self, chat_id: str) -> None:
        """Return when one message to `chat_id` may leave now; it then occupies a slot until `answered`."""
        while True:
            # Wait for this chat's own limits outside the shared turn, so a slow chat holds up nobody.
            while (wait := self._chat_wait(chat_id, self._now())) > 0:
                await self._sleep(wait)
            async with self._overall_turn:
                while (wait := self._overall.wait(self._now())) > 0:
                    await self._sleep(wait)
                if self._chat_wait(chat_id, self._now()) > 0:
                    continue  # held (429) while we queued for the turn: give the slot to the next chat
                self._overall.start()
                for window in self._windows(chat_id):
                    window.start()
                return

    def answered(self, chat_id: str) -> None:
        now = self._now()
        self._overall.answered(now)
        for window in self._windows(chat_id):
            window.answered(now)

    def _prune(self) -> None:
        forget_before = self._now() - 60.0 - self.pacing.margin
        for windows in (self._chats, self._groups):
            for chat_id in [chat for chat, window in windows.items()
                            if (idle := window.idle_since) is not None and idle < forget_before]:
                del windows[chat_id]
        self._held_until = {chat: until for chat, until in self._held_until.items() if until > self._now()}
