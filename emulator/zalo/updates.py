"""A Zalo bot's updates: getUpdates hands out one at a time and forgets it; a webhook gets them POSTed.

* getUpdates has no offset: the update in the answer is gone from the queue the moment it is handed out, even
  if the answer never reaches the bot (a dropped connection). A poll that finds nothing within its timeout is
  answered HTTP 408. getUpdates while a webhook is set is refused.
* With a webhook, a delivery task POSTs updates in order to the URL with `X-Bot-Api-Secret-Token`, the body
  wrapped as `{ok, result}` or bare (`Shapes.webhook_body`), retrying a failed delivery.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

MAX_LONG_POLL_TIMEOUT = 50
SECRET_HEADER = "X-Bot-Api-Secret-Token"


@dataclass
class ZaloWebhook:
    url: str
    secret_token: str
    updated_at: int                 # milliseconds
    last_error: str | None = None
    delivered: int = 0


class ZaloUpdateQueue:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._updates: deque[dict[str, Any]] = deque()
        self._arrived = asyncio.Event()
        self._waiters: deque[asyncio.Future[None]] = deque()
        self.webhook: ZaloWebhook | None = None
        self.webhook_updated_at = 0
        self._delivery_task: asyncio.Task[None] | None = None
        self.webhook_retry_delays: tuple[float, ...] = (0.05, 0.1, 0.2, 0.5, 1.0)
        self.handed_out = 0
        self._closing = False
        # Set once the bot listens: its first getUpdates arrived or a webhook was set.
        self.listening = asyncio.Event()
        # Called with each update the moment it becomes available to the bot; a harness measures from here.
        self.on_available: Callable[[dict[str, Any]], None] | None = None
        # Shapes of the webhook's body, set by the world ("wrapped" or "bare").
        self.body_shape: Callable[[], str] = lambda: "wrapped"

    # ---------------------------------------------------------------- producing

    def put(self, update: dict[str, Any]) -> None:
        self._updates.append(update)
        if self.on_available is not None and self.webhook is None:
            self.on_available(update)
        self._wake_one()
        self._arrived.set()

    def _wake_one(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    @property
    def pending_count(self) -> int:
        return len(self._updates)

    def pending(self) -> list[dict[str, Any]]:
        return list(self._updates)

    # ---------------------------------------------------------------- getUpdates

    async def get_update(self, timeout: float) -> dict[str, Any] | None:
        """The next update (gone from the queue once returned), or None when none came within `timeout`."""
        self.listening.set()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(max(timeout, 0.0), MAX_LONG_POLL_TIMEOUT)
        while not self._updates and not self._closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.append(waiter)
            try:
                await asyncio.wait_for(waiter, remaining)
            except TimeoutError:
                pass
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
        if not self._updates:
            return None
        self.handed_out += 1
        return self._updates.popleft()

    def release_pollers(self) -> None:
        """Answer every waiting poll now (on shutdown)."""
        self._closing = True
        for waiter in list(self._waiters):
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    # ---------------------------------------------------------------- webhooks

    def set_webhook(self, url: str, secret_token: str, now_ms: int) -> ZaloWebhook:
        self.webhook = ZaloWebhook(url=url, secret_token=secret_token, updated_at=now_ms)
        self.webhook_updated_at = now_ms
        self.listening.set()
        self.release_pollers()
        self._closing = False
        self._restart_delivery()
        return self.webhook

    def delete_webhook(self, now_ms: int) -> None:
        self.webhook = None
        self.webhook_updated_at = now_ms
        self._stop_delivery()

    def webhook_info(self) -> dict[str, Any]:
        return {"url": self.webhook.url if self.webhook else "", "updated_at": self.webhook_updated_at}

    def _restart_delivery(self) -> None:
        self._stop_delivery()
        if self._updates:
            self._arrived.set()
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
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            while self.webhook is not None:
                if not self._updates:
                    self._arrived.clear()
                    await self._arrived.wait()
                    continue
                webhook = self.webhook
                update = self._updates[0]
                if failures == 0 and self.on_available is not None:
                    self.on_available(update)
                error = await self._post(session, webhook, update)
                if error is None:
                    failures = 0
                    webhook.delivered += 1
                    webhook.last_error = None
                    if self._updates and self._updates[0] is update:
                        self._updates.popleft()
                    continue
                failures += 1
                webhook.last_error = error
                await asyncio.sleep(self.webhook_retry_delays[min(failures, len(self.webhook_retry_delays)) - 1])

    async def _post(self, session: aiohttp.ClientSession, webhook: ZaloWebhook, update: dict[str, Any]) -> str | None:
        body = {"ok": True, "result": update} if self.body_shape() == "wrapped" else update
        headers = {"Content-Type": "application/json", SECRET_HEADER: webhook.secret_token}
        try:
            async with session.post(webhook.url, data=json.dumps(body, ensure_ascii=False),
                                    headers=headers) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return None
                return f"webhook answered {response.status}"
        except TimeoutError:
            return "webhook timed out"
        except aiohttp.ClientError as error:
            return f"webhook unreachable: {error.__class__.__name__}"

