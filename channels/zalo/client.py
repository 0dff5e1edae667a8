"""A thin async client for Zalo's Bot API (`POST {base_url}/bot{token}/{method}` with JSON) on aiohttp.

It sends exactly the parameters of Zalo's reference and nothing else (no `reply_markup`, no `parse_mode`): a
method here takes only what Zalo's takes. It reads `ok` in the answer, not the HTTP status, and reports every
failure in the scheduler's typed terms (`scheduler.outbound`), so the outbox's dispatcher handles Zalo as it
handles Telegram:

| Zalo answers | raised |
|---|---|
| 408 on getUpdates (nothing within the timeout) | nothing: `get_update` returns None — poll again |
| 429 (the plan's monthly message quota is spent) | `QuotaSpent` (a `RetryLater` until the month turns) |
| 403 (blocked, not in the group) | `RecipientBlocked` |
| 400, 401, 404 (a bad call, a refused token, an unknown chat) | `PermanentFailure` |
| 5xx, a timeout, a reset connection, an unreadable answer | `TemporaryFailure` (`outcome_unknown` once sent) |

The token sits in every URL: no error text, log line or repr here carries it (`redact`), and redirects are not
followed (a proxy pointing elsewhere would take the token with it).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

import aiohttp

from channels.redaction import redact
from scheduler.outbound import PermanentFailure, RecipientBlocked, RetryLater, SendError, TemporaryFailure

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
MAX_TEXT = 2000
DEFAULT_POLL_SECONDS = 30
CALL_TIMEOUT_SECONDS = 15.0
VIETNAM = dt.timezone(dt.timedelta(hours=7))


class QuotaSpent(RetryLater):
    """HTTP 429 from Zalo: the plan's messages for this month are used up; nothing goes out until the month
    turns (in Vietnam's time). `seconds` is the wait until then."""

    def __init__(self, seconds: float, description: str = "") -> None:
        super().__init__(seconds)
        self.description = description

    def __str__(self) -> str:
        return self.description or super().__str__()


def seconds_until_next_month(now: dt.datetime) -> float:
    local = now.astimezone(VIETNAM)
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return max(1.0, (following - local).total_seconds())


class ZaloClient:
    """`async with ZaloClient(token, base_url) as zalo: await zalo.send_message(chat_id, text)`."""

    def __init__(self, token: str, base_url: str = DEFAULT_BASE_URL, *, timeout: float = CALL_TIMEOUT_SECONDS,
                 connections: int = 16) -> None:
        if not token:
            raise ValueError("a Zalo bot token is needed")
        self._token = token
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None

    def __repr__(self) -> str:
        return f"<ZaloClient {self.base_url}>"   # never the token

    @property
    def bot_id(self) -> str:
        """The number before the token's colon: public, safe to log and to key an inbox with."""
        return self._token.split(":", 1)[0]

    async def start(self) -> ZaloClient:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self._connections))
        return self

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def __aenter__(self) -> ZaloClient:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # ------------------------------------------------------------------ the methods

    async def get_me(self) -> dict[str, Any]:
        """`{id, account_name, account_type, can_join_groups}`."""
        return await self.call("getMe")

    async def get_update(self, timeout: int = DEFAULT_POLL_SECONDS) -> dict[str, Any] | None:
        """One update, or None when nothing came within `timeout` seconds (Zalo's 408: poll again).

        There is no offset: the update returned is gone from Zalo, so store it before doing anything else."""
        try:
            return await self.call("getUpdates", {"timeout": str(timeout)}, timeout=timeout + self.timeout,
                                   idle_is_none=True)
        except TemporaryFailure as failure:
            # A poll that may have reached Zalo and lost its answer may have lost an update with it: say so.
            if failure.outcome_unknown:
                log.warning("Zalo getUpdates: the answer was lost (%s); an update may be lost with it", failure)
            raise

    async def set_webhook(self, url: str, secret_token: str) -> dict[str, Any]:
        return await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> dict[str, Any]:
        return await self.call("deleteWebhook")

    async def get_webhook_info(self) -> dict[str, Any]:
        """`{url, updated_at}`; an empty url means no webhook (long polling)."""
        return await self.call("getWebhookInfo")

    async def send_message(self, chat_id: str, text: str) -> str:
        """Send a text of 1–2,000 characters; return its message id."""
        if not text.strip() or len(text) > MAX_TEXT:
            raise PermanentFailure(f"Zalo sendMessage: a text of {len(text)} characters (1–{MAX_TEXT} allowed)")
        result = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return str(result.get("message_id", "")) if isinstance(result, dict) else ""

    async def send_photo(self, chat_id: str, photo_url: str, caption: str | None = None) -> str:
        """Send a photo by its URL (Zalo fetches it); return the message id."""
        params: dict[str, Any] = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            params["caption"] = caption[:MAX_TEXT]
        result = await self.call("sendPhoto", params)
        return str(result.get("message_id", "")) if isinstance(result, dict) else ""

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    # ------------------------------------------------------------------ one call

    async def call(self, method: str, params: dict[str, Any] | None = None, *, timeout: float | None = None,
                   idle_is_none: bool = False) -> Any:
        """POST one method; its `result`, or a `SendError`. With `idle_is_none`, Zalo's 408 returns None."""
        if self._session is None or self._session.closed:
            raise RuntimeError("ZaloClient.start() first")
        url = f"{self.base_url}/bot{self._token}/{method}"
        body = json.dumps(params or {}, ensure_ascii=False).encode()
        limit = aiohttp.ClientTimeout(total=timeout or self.timeout, sock_connect=self.timeout)
        try:
            async with self._session.post(url, data=body, headers={"Content-Type": "application/json"},
                                          timeout=limit, allow_redirects=False) as response:
                status = response.status
                raw = await response.read()
        except aiohttp.ClientConnectorError as error:
            # Refused or unresolvable before anything was sent: the call surely did not happen.
            raise TemporaryFailure(self._why(method, f"cannot connect ({error.__class__.__name__})")) from None
        except TimeoutError:
            raise TemporaryFailure(self._why(method, "timed out"), outcome_unknown=True) from None
        except aiohttp.ClientError as error:
            raise TemporaryFailure(self._why(method, f"{error.__class__.__name__}: {error}"),
                                   outcome_unknown=True) from None
        answer = self._parse(method, status, raw)
        if answer.get("ok") is True:
            return answer.get("result", True)
        given = answer.get("error_code")
        code = given if isinstance(given, int) else status
        description = str(answer.get("description") or f"HTTP {status}")
        if code == 408 and idle_is_none:
            return None
        raise self._error(method, code, description)

    def _parse(self, method: str, status: int, raw: bytes) -> dict[str, Any]:
        try:
            answer = json.loads(raw)
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            failure = TemporaryFailure if status >= 500 or status == 200 else PermanentFailure
            raise failure(self._why(method, f"HTTP {status} with an answer that is not Zalo's JSON"),
                          **({"outcome_unknown": True} if failure is TemporaryFailure else {}))
        return answer

    def _error(self, method: str, code: int, description: str) -> SendError:
        why = self._why(method, f"{code} {description}")
        error: SendError
        if code == 429:
            error = QuotaSpent(seconds_until_next_month(dt.datetime.now(dt.UTC)), why)
        elif code == 403:
            error = RecipientBlocked(why)
        elif code >= 500 or code == 408:
            error = TemporaryFailure(why, outcome_unknown=True)
        else:
            error = PermanentFailure(why)
        error.error_code = code  # Zalo's code, for who needs more than the kind
        return error

    def _why(self, method: str, text: str) -> str:
        return redact(f"Zalo {method}: {text}", (self._token,))
