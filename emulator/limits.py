"""Telegram's flood limits for sending messages, switchable and counted.

From core.telegram.org/bots/faq: in a single chat avoid more than about one
message per second (short bursts are tolerated), in a group no more than 20
messages per minute, and no more than about 30 messages per second overall.
Exceeding one is answered with 429 "Too Many Requests: retry after N" and
``parameters.retry_after`` in whole seconds.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from emulator.errors import too_many_requests

# Methods that post a new message into a chat: the ones the flood limits count.
SENDING_METHODS = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "sendLocation", "sendAudio", "sendVideo",
    "sendAnimation", "sendVoice", "sendVideoNote", "sendMediaGroup", "sendVenue",
    "sendContact", "sendPoll", "sendDice", "sendSticker", "copyMessage", "forwardMessage",
})


@dataclass
class Limits:
    enabled: bool = False
    per_chat_per_second: float = 1.0
    per_chat_burst: int = 3
    per_group_per_minute: int = 20
    global_per_second: int = 30
    now: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.rejected = 0
        self.rejected_by_method: Counter[str] = Counter()
        self.rejected_by_chat: Counter[str] = Counter()
        self._chat_tokens: dict[tuple[int, str], tuple[float, float]] = {}
        self._group_sent: dict[tuple[int, str], deque[float]] = defaultdict(deque)
        self._bot_sent: dict[int, deque[float]] = defaultdict(deque)

    def enable(self, **settings: Any) -> Limits:
        """Turn the limits on, optionally changing any of the numbers."""
        self.configure(**settings)
        self.enabled = True
        return self

    def disable(self) -> Limits:
        self.enabled = False
        return self

    def configure(self, **settings: Any) -> None:
        known = {f.name for f in fields(self)} - {"now"}
        for name, value in settings.items():
            if name not in known:
                raise ValueError(f"unknown limit {name!r}; known: {sorted(known)}")
            setattr(self, name, value)

    def reset_counters(self) -> None:
        self.rejected = 0
        self.rejected_by_method.clear()
        self.rejected_by_chat.clear()

    def to_json(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "per_chat_per_second": self.per_chat_per_second,
            "per_chat_burst": self.per_chat_burst,
            "per_group_per_minute": self.per_group_per_minute,
            "global_per_second": self.global_per_second,
            "rejected": self.rejected,
            "rejected_by_method": dict(self.rejected_by_method),
        }

    def check_send(self, bot_id: int, chat_key: str, is_group: bool, method: str) -> None:
        """Count one message; raise 429 if it would break a limit (nothing is counted then)."""
        if not self.enabled or method not in SENDING_METHODS:
            return
        now = self.now()
        retry_after = self._global_wait(bot_id, now)
        if is_group:
            retry_after = max(retry_after, self._group_wait(bot_id, chat_key, now))
        else:
            retry_after = max(retry_after, self._chat_wait(bot_id, chat_key, now))
        if retry_after > 0:
            self.rejected += 1
            self.rejected_by_method[method] += 1
            self.rejected_by_chat[chat_key] += 1
            raise too_many_requests(max(1, math.ceil(retry_after)))
        self._bot_sent[bot_id].append(now)
        if is_group:
            self._group_sent[(bot_id, chat_key)].append(now)
        else:
            tokens, _ = self._refilled(bot_id, chat_key, now)
            self._chat_tokens[(bot_id, chat_key)] = (tokens - 1, now)

    def _global_wait(self, bot_id: int, now: float) -> float:
        window = self._bot_sent[bot_id]
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= self.global_per_second:
            return window[0] + 1.0 - now
        return 0.0

    def _group_wait(self, bot_id: int, chat_key: str, now: float) -> float:
        window = self._group_sent[(bot_id, chat_key)]
        while window and window[0] <= now - 60.0:
            window.popleft()
        if len(window) >= self.per_group_per_minute:
            return window[0] + 60.0 - now
        return 0.0

    def _refilled(self, bot_id: int, chat_key: str, now: float) -> tuple[float, float]:
        tokens, last = self._chat_tokens.get((bot_id, chat_key), (float(self.per_chat_burst), now))
        tokens = min(float(self.per_chat_burst), tokens + (now - last) * self.per_chat_per_second)
        return tokens, now

    def _chat_wait(self, bot_id: int, chat_key: str, now: float) -> float:
        tokens, _ = self._refilled(bot_id, chat_key, now)
        if tokens >= 1.0:
            return 0.0
        return (1.0 - tokens) / self.per_chat_per_second
