"""The log of everything that happens in the emulated world, and waiting on it.

Every bot message, edit, deletion, chat action, callback answer, user action and
rejected call becomes an ``Event`` with an increasing sequence number. Tests wait
on the log (event-driven, no polling) and the control API streams it as
server-sent events.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HISTORY_LIMIT = 100_000
_monotonic = time.monotonic  # inside Event, its field `time` hides the module


@dataclass
class Event:
    seq: int
    kind: str
    time: float  # from the emulator's clock, like the dates bots see
    data: dict[str, Any] = field(default_factory=dict)
    monotonic: float = field(default_factory=_monotonic)  # for measuring latency

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind, "time": self.time, **self.data}


class EventBus:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._seq = itertools.count(1)
        # Ordered by seq with no gaps, so an event is found by index, not by scanning.
        self.history: list[Event] = []
        # Waiting predicates, by the (kind, chat_key) their events must have, or under None
        # when any event may match: publishing offers an event only to the waiters that
        # could want it, not to every waiter (one per simulated user in the harness).
        self._waiters: dict[tuple[str, str] | None, list[_Waiter]] = {}
        self._subscribers: set[asyncio.Queue[Event]] = set()
        self.last_seq = 0

    def publish(self, kind: str, **data: Any) -> Event:
        event = Event(next(self._seq), kind, self._clock(), data)
        self.last_seq = event.seq
        self.history.append(event)
        if len(self.history) > 2 * HISTORY_LIMIT:
            del self.history[:HISTORY_LIMIT]
        for queue in self._subscribers:
            queue.put_nowait(event)
        if self._waiters:
            self._hand_over(event, self._waiters.get(None))
            chat_key = data.get("chat_key")
            if chat_key is not None:
                self._hand_over(event, self._waiters.get((kind, chat_key)))
        return event

    def subscribe(self) -> asyncio.Queue[Event]:
        queue: asyncio.Queue[Event] = asyncio.Queue()
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Event]) -> None:
        self._subscribers.discard(queue)

    def find(self, predicate: Callable[[Event], bool], after_seq: int = 0) -> Event | None:
        if not self.history or after_seq >= self.last_seq:
            return None
        start = max(0, after_seq - self.history[0].seq + 1)
        for index in range(start, len(self.history)):
            event = self.history[index]
            if predicate(event):
                return event
        return None

    async def wait_for(
        self,
        predicate: Callable[[Event], bool],
        *,
        after_seq: int = 0,
        timeout: float = 5.0,
        description: str = "event",
        kind: str | None = None,
        chat_key: str | None = None,
    ) -> Event:
        """The first event after ``after_seq`` matching ``predicate``; waits if none yet.

        ``kind`` and ``chat_key``, given together, promise that only events of that kind
        in that chat can match; they only make the wait cheaper for everyone else.
        """
        found = self.find(predicate, after_seq)
        if found is not None:
            return found
        # Nothing so far matched; from now on publish() hands matching events over.
        key = (kind, chat_key) if kind is not None and chat_key is not None else None
        waiter = _Waiter(predicate, asyncio.get_running_loop().create_future())
        self._waiters.setdefault(key, []).append(waiter)
        try:
            return await asyncio.wait_for(waiter.future, timeout)
        except TimeoutError:
            raise TimeoutError(f"no {description} within {timeout:.1f}s") from None
        finally:
            waiters = self._waiters[key]
            waiters.remove(waiter)
            if not waiters:
                del self._waiters[key]

    @staticmethod
    def _hand_over(event: Event, waiters: list[_Waiter] | None) -> None:
        if waiters:
            for waiter in list(waiters):
                if not waiter.future.done() and waiter.predicate(event):
                    waiter.future.set_result(event)


@dataclass(eq=False)
class _Waiter:
    predicate: Callable[[Event], bool]
    future: asyncio.Future[Event]
