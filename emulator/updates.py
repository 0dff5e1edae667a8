"""A bot's update queue with Telegram's getUpdates and webhook semantics.

* ``update_id`` increases monotonically per bot; updates are kept 24 hours.
* getUpdates ``offset`` confirms: every update with an id below the offset is
  forgotten. A negative offset keeps only the last ``-offset`` updates.
* Only one getUpdates may wait at a time: a newer one terminates the older with
  409 Conflict. getUpdates while a webhook is set is a 409 too.
* ``allowed_updates`` is remembered until changed and applies to updates created
  after it was set.
* With a webhook, a delivery task POSTs updates in order and retries failures.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from emulator import errors

RETENTION_SECONDS = 24 * 3600
MAX_LONG_POLL_TIMEOUT = 50
# Update types sent when allowed_updates is empty or was never given.
NOT_SENT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


@dataclass
class WebhookConfig:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    has_custom_certificate: bool = False
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class _StoredUpdate:
    update_id: int
    created_at: float
    payload: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"update_id": self.update_id, **self.payload}


@dataclass
class _Poller:
    """The one waiting getUpdates; ``wake()`` resumes it directly (no helper task)."""

    terminated: bool = False   # a newer request or a webhook took over: answered with a conflict
    released: bool = False     # the emulator is stopping: answered at once with what there is
    waiting: asyncio.Future[None] | None = None

    def wake(self) -> None:
        if self.waiting is not None and not self.waiting.done():
            self.waiting.set_result(None)

    async def sleep(self, seconds: float) -> None:
        """Until woken or ``seconds`` pass, whichever is first."""
        loop = asyncio.get_running_loop()
        self.waiting = loop.create_future()
        timer = loop.call_later(seconds, self.wake)
        try:
            await self.waiting
        finally:
            timer.cancel()
            self.waiting = None


class UpdateQueue:
    def __init__(self, clock: Callable[[], float], first_update_id: int = 100_000_001) -> None:
        self._clock = clock
        self._updates: deque[_StoredUpdate] = deque()
        self._next_update_id = first_update_id
        self.allowed_updates: list[str] | None = None
        self.webhook: WebhookConfig | None = None
        self._poller: _Poller | None = None
        self._arrived = asyncio.Event()
        self._delivery_task: asyncio.Task[None] | None = None
        self.webhook_retry_delays: tuple[float, ...] = (0.05, 0.1, 0.2, 0.5, 1.0)
        self.delivered_count = 0
        # Set once the bot listens: its first getUpdates arrived or a webhook was set.
        self.listening = asyncio.Event()
        # Called with each update the moment it becomes available to the bot (queued
        # for getUpdates, or handed to the webhook); the harness measures from here.
        self.on_available: Callable[[dict[str, Any]], None] | None = None

    # ---------------------------------------------------------------- producing

    def accepts(self, update_type: str) -> bool:
        if not self.allowed_updates:
            return update_type not in NOT_SENT_BY_DEFAULT
        return update_type in self.allowed_updates

    def put(self, update_type: str, body: dict[str, Any]) -> dict[str, Any] | None:
        """Queue an update; None if the bot's allowed_updates filters it out."""
        if not self.accepts(update_type):
            return None
        stored = _StoredUpdate(self._next_update_id, self._clock(), {update_type: body})
        self._next_update_id += 1
        self._updates.append(stored)
        self._arrived.set()
        if self._poller is not None:
            self._poller.wake()
        update = stored.to_json()
        if self.on_available is not None and self.webhook is None:
            self.on_available(update)
        return update

    @property
    def pending_count(self) -> int:
        self._expire()
        return len(self._updates)

    def pending(self) -> list[dict[str, Any]]:
        self._expire()
        return [stored.to_json() for stored in self._updates]

    def drop_pending(self) -> None:
        self._updates.clear()

    def _expire(self) -> None:
        horizon = self._clock() - RETENTION_SECONDS
        while self._updates and self._updates[0].created_at < horizon:
            self._updates.popleft()

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            while self._updates and self._updates[0].update_id < offset:
                self._updates.popleft()
        elif offset < 0:
            keep = -offset
            while len(self._updates) > keep:
                self._updates.popleft()

    # ---------------------------------------------------------------- getUpdates

    async def get_updates(
        self,
        offset: int | None,
        limit: int | None,
        timeout: int | None,
        allowed_updates: list[str] | None,
    ) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise errors.conflict(errors.WEBHOOK_ACTIVE_CONFLICT)
        self.listening.set()
        # A newer request takes over; the waiting one is answered with a conflict.
        if self._poller is not None:
            self._poller.terminated = True
            self._poller.wake()
        poller = _Poller()
        self._poller = poller
        try:
            if allowed_updates is not None:
                self.allowed_updates = list(allowed_updates)
            limit = 100 if limit is None else min(max(limit, 1), 100)
            timeout = 0 if timeout is None else min(max(timeout, 0), MAX_LONG_POLL_TIMEOUT)
            self._confirm(offset or 0)
            self._expire()
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            while not self._updates and not poller.terminated and not poller.released:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    break
                # put() resumes the request directly (on the loop's next pass); so do a
                # newer request, a webhook being set and the timeout.
                await poller.sleep(remaining)
            if poller.terminated:
                raise errors.conflict(errors.GETUPDATES_CONFLICT)
            return [stored.to_json() for stored in list(self._updates)[:limit]]
        finally:
            if self._poller is poller:
                self._poller = None

    @property
    def has_waiting_poll(self) -> bool:
        return self._poller is not None

    def release_pollers(self) -> None:
        """Answer a waiting long poll now (used on shutdown, which otherwise waits for it to time out)."""
        if self._poller is not None:
            self._poller.released = True
            self._poller.wake()

    # ---------------------------------------------------------------- webhooks

    def set_webhook(
        self,
        config: WebhookConfig,
        allowed_updates: list[str] | None,
        drop_pending_updates: bool,
    ) -> None:
        if allowed_updates is not None:
            self.allowed_updates = list(allowed_updates)
        if drop_pending_updates:
            self.drop_pending()
        self.webhook = config
        self.listening.set()
        if self._poller is not None:
            # Telegram ends a running long poll when a webhook is set.
            self._poller.terminated = True
            self._poller.wake()
        self._restart_delivery()

    def delete_webhook(self, drop_pending_updates: bool) -> bool:
        was_set = self.webhook is not None
        self.webhook = None
        if drop_pending_updates:
            self.drop_pending()
        self._stop_delivery()
        return was_set

    def webhook_info(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook.url if self.webhook else "",
            "has_custom_certificate": bool(self.webhook and self.webhook.has_custom_certificate),
            "pending_update_count": self.pending_count,
        }
        if self.webhook is not None:
            info["max_connections"] = self.webhook.max_connections
            if self.webhook.ip_address:
                info["ip_address"] = self.webhook.ip_address
            if self.webhook.last_error_date is not None:
                info["last_error_date"] = self.webhook.last_error_date
                info["last_error_message"] = self.webhook.last_error_message
        if self.allowed_updates:
            info["allowed_updates"] = list(self.allowed_updates)
        return info

    def _restart_delivery(self) -> None:
        self._stop_delivery()
        self._delivery_task = asyncio.get_running_loop().create_task(self._deliver_forever())

    def _stop_delivery(self) -> None:
        if self._delivery_task is not None:
            self._delivery_task.cancel()
            self._delivery_task = None

    async def close(self) -> None:
        self.release_pollers()
        task, self._delivery_task = self._delivery_task, None
        if task is not None:
            task.cancel()
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass

    async def _deliver_forever(self) -> None:
        failures = 0
        timeout = aiohttp.ClientTimeout(total=10)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while self.webhook is not None:
                self._expire()
                if not self._updates:
                    self._arrived.clear()
                    await self._arrived.wait()
                    continue
                webhook = self.webhook
                stored = self._updates[0]
                update = stored.to_json()
                if failures == 0 and self.on_available is not None:
                    self.on_available(update)
                error = await self._post(session, webhook, update)
                if error is None:
                    failures = 0
                    self.delivered_count += 1
                    if self._updates and self._updates[0] is stored:
                        self._updates.popleft()
                    continue
                failures += 1
                webhook.last_error_date = int(self._clock())
                webhook.last_error_message = error
                delay = self.webhook_retry_delays[
                    min(failures - 1, len(self.webhook_retry_delays) - 1)
                ]
                await asyncio.sleep(delay)

    @staticmethod
    async def _post(
        session: aiohttp.ClientSession, webhook: WebhookConfig, update: dict[str, Any]
    ) -> str | None:
        headers = {"Content-Type": "application/json"}
        if webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secret_token
        try:
            async with session.post(
                webhook.url, data=json.dumps(update, ensure_ascii=False), headers=headers
            ) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return None
                return f"Wrong response from the webhook: {response.status} {response.reason}"
        except TimeoutError:
            return "Read timeout expired"
        except aiohttp.ClientConnectorError:
            return "Connection refused"
        except aiohttp.ClientError as error:
            return f"Connection error: {error.__class__.__name__}"
