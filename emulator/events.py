"""The log of everything that happens in the emulated world, and waiting on it.

Every bot message, edit, deletion, chat action, callback answer, user action and
rejected call becomes an ``Event`` with an increasing sequence number. Tests wait
on the log (event-driven, no polling) and the control API streams it as
server-sent events.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HISTORY_LIMIT = 100_000


@dataclass
class Event:
    seq: int
    kind: str
    time: float
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind, "time": self.time, **self.data}


class EventBus:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._seq = itertools.count(1)
        self.history: deque[Event] = deque(maxlen=HISTORY_LIMIT)
        self._changed = asyncio.Event()
        self._subscribers: set[asyncio.Queue[Event]] = set()
        self.last_seq = 0

    def publish(self, kind: str, **data: Any) -> Event:
        event = Event(next(self._seq), kind, self._clock(), data)
        self.last_seq = event.seq
        self.history.append(event)
        for queue in self._subscribers:
            queue.put_nowait(event)
        # Wake every waiter, then arm a fresh Event for the next round.
        self._changed.set()
        self._changed = asyncio.Event()
        return event

    def subscribe(self) -> asyncio.Queue[Event]:
        queue: asyncio.Queue[Event] = asyncio.Queue()
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Event]) -> None:
        self._subscribers.discard(queue)

    def find(self, predicate: Callable[[Event], bool], after_seq: int = 0) -> Event | None:
        for event in self.history:
            if event.seq > after_seq and predicate(event):
                return event
        return None

    async def wait_for(
        self,
        predicate: Callable[[Event], bool],
        *,
        after_seq: int = 0,
        timeout: float = 5.0,
        description: str = "event",
    ) -> Event:
        """The first event after ``after_seq`` matching ``predicate``; waits if none yet."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = self.find(predicate, after_seq)
            if found is not None:
                return found
            after_seq = max(after_seq, self._seq_before_wait())
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise asyncio.TimeoutError(f"no {description} within {timeout:.1f}s")
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except asyncio.TimeoutError:
                raise asyncio.TimeoutError(f"no {description} within {timeout:.1f}s") from None

    def _seq_before_wait(self) -> int:
        # Nothing up to the current last event matched; only look at newer ones.
        return self.last_seq
