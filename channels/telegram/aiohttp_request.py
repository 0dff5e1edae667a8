"""python-telegram-bot's networking on aiohttp instead of httpx.

The library lets an application bring its own `BaseRequest`. Measured against the project's emulator,
httpx + httpcore (on anyio) spent about 2–3 ms of CPU per Bot API call, mostly walking its connection pool;
aiohttp's C parser and simple pool cost well under half of that — and a bot whose every tap costs two or three
calls lives on that figure. No maintained package offers this adapter, hence these few lines.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from channels.redaction import redact

JSON_HEADERS = {"Content-Type": "application/json"}


def _given(timeout: Any, default: float | None) -> float | None:
    """The caller's timeout, or ours when it gave none: the library marks "not given" with `DEFAULT_NONE`, and
    its public `BaseRequest` documents the identity check (the `DefaultValue` class is private)."""
    return default if timeout is BaseRequest.DEFAULT_NONE else timeout


class AiohttpRequest(BaseRequest):
    def __init__(self, connection_pool_size: int = 16, *, read_timeout: float | None = 5.0,
                 write_timeout: float | None = 5.0, connect_timeout: float | None = 5.0,
                 pool_timeout: float | None = 1.0, media_write_timeout: float | None = 20.0) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE, write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        fields = request_data.json_parameters if request_data else None
        read = _given(read_timeout, self._read_timeout)
        connect = _given(connect_timeout, self._connect_timeout)
        pool = _given(pool_timeout, self._pool_timeout)
        write = _given(write_timeout, self._media_write_timeout if files else self._write_timeout)
        # aiohttp has no write timeout of its own: the whole exchange is bounded by their sum instead.
        total = None if read is None or write is None else read + write + (connect or 0) + (pool or 0)
        timeout = aiohttp.ClientTimeout(total=total, connect=pool, sock_connect=connect, sock_read=read)
        # Without files the parameters go as one JSON body, which the Bot API takes as well as a form:
        # aiohttp builds a form through its multipart machinery on every call, several times the cost.
        body: aiohttp.FormData | bytes | None = None
        headers = None
        if request_data is not None and fields and not files:
            body, headers = request_data.json_payload, JSON_HEADERS
        if files:
            form = aiohttp.FormData()
            for name, value in (fields or {}).items():
                form.add_field(name, value)
            for name, part in files.items():
                if isinstance(part, tuple):
                    filename, content, *rest = part
                    form.add_field(name, content, filename=filename, content_type=rest[0] if rest else None)
                else:
                    form.add_field(name, part)
            body = form
        try:
            # The Bot API never redirects; following one would send the token wherever a proxy or portal points.
            async with self._session.request(method, url, data=body, headers=headers, timeout=timeout,
                                             allow_redirects=False) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            # aiohttp's texts quote the URL, token included; `from None` keeps the original out of tracebacks.
            raise NetworkError(redact(f"aiohttp.{error.__class__.__name__}: {error}")) from None
