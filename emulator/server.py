"""HTTP routes of the Bot API: ``/bot<token>/<method>`` and ``/file/bot<token>/<path>``.

Each call goes through the same steps as on Telegram's side: read parameters
(query string, JSON, form or multipart), authenticate the token, find the method,
possibly suffer an injected fault, validate against the specification, act, and
answer ``{"ok": ...}`` with the error code as the HTTP status.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from emulator.errors import ApiError, bad_gateway, bad_request, not_found, unauthorized
from emulator.files import UploadedFile
from emulator.methods import METHODS, Answer, CallContext

if TYPE_CHECKING:
    from emulator.emulator import Emulator

MAX_REQUEST_BYTES = 60 * 1024 * 1024  # uploads up to Telegram's 50 MB, plus form overhead
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
EMULATOR_KEY: web.AppKey[Emulator] = web.AppKey("emulator")


class DroppedConnection(Exception):
    """Raised to close the connection without any response."""


def build_app(emulator: Emulator) -> web.Application:
    app = web.Application(client_max_size=MAX_REQUEST_BYTES, middlewares=[_drop_middleware])
    app[EMULATOR_KEY] = emulator
    app.router.add_route("*", r"/bot{token}/{method}", handle_bot_api)
    app.router.add_get(r"/file/bot{token}/{file_path:.+}", handle_file_download)
    return app


def json_response(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.Response(
        text=json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json",
    )


@web.middleware
async def _drop_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    try:
        return await handler(request)
    except DroppedConnection:
        # Abort the socket: the client sees the connection closed with no response.
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError() from None


async def handle_bot_api(request: web.Request) -> web.StreamResponse:
    emulator = request.app[EMULATOR_KEY]
    token = request.match_info["token"]
    requested_method = request.match_info["method"]
    started = time.monotonic()

    if not _TOKEN.match(token):
        return json_response(not_found().to_json(), 404)
    bot = emulator.world.bots_by_token.get(token)
    if bot is None:
        return json_response(unauthorized().to_json(), 401)

    method_name = emulator.spec.canonical_method(requested_method) or requested_method
    params: dict[str, Any] = {}
    uploads: dict[str, UploadedFile] = {}
    try:
        params, uploads = await read_parameters(request)
        if emulator.spec.canonical_method(requested_method) is None:
            raise not_found()
        fault = emulator.faults.decide(method_name)
        if fault is not None and fault.kind == "slow":
            await asyncio.sleep(fault.delay)
            fault = None
        if fault is not None and not fault.after_processing:
            emulator.record_call(bot, method_name, params, 502, started, fault=fault.kind)
            return _fault_response(fault.kind)
        if method_name not in METHODS:
            raise bad_request(
                f"method {method_name} is not implemented by the Telegram emulator",
            )
        values = emulator.spec.validate(method_name, params, uploads)
        context = CallContext(emulator.world, bot, emulator.limits, method_name)
        outcome = await METHODS[method_name](context, values)
    except ApiError as error:
        emulator.record_call(bot, method_name, params, error.status, started, error=error)
        return json_response(error.to_json(), error.status)

    emulator.record_call(bot, method_name, params, 200, started)
    if fault is not None:  # the call took effect, but its answer is lost
        return _fault_response(fault.kind)
    if isinstance(outcome, Answer):
        return json_response({"ok": True, "result": outcome.result, "description": outcome.description})
    return json_response({"ok": True, "result": outcome})


def _fault_response(kind: str) -> web.Response:
    if kind == "drop":
        raise DroppedConnection()
    return json_response(bad_gateway().to_json(), 502)


async def read_parameters(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Parameters from the query string and the body, whatever its encoding."""
    params: dict[str, Any] = dict(request.query)
    uploads: dict[str, UploadedFile] = {}
    if not request.can_read_body:
        return params, uploads
    content_type = request.content_type
    if content_type == "application/json":
        raw = await request.read()
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError:
                raise bad_request("can't parse JSON encoded request body") from None
            if not isinstance(body, dict):
                raise bad_request("JSON encoded request body must be an object")
            params.update(body)
        return params, uploads
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                upload = UploadedFile(name, value.filename, value.content_type, value.file.read())
                uploads[name] = upload
                params[name] = upload
            else:
                params[name] = value
        return params, uploads
    await request.read()  # other bodies carry nothing Telegram would read
    return params, uploads


async def handle_file_download(request: web.Request) -> web.StreamResponse:
    emulator = request.app[EMULATOR_KEY]
    token = request.match_info["token"]
    if not _TOKEN.match(token) or token not in emulator.world.bots_by_token:
        return json_response(not_found().to_json(), 404)
    stored = emulator.world.files.by_path(request.match_info["file_path"])
    if stored is None:
        return json_response(not_found().to_json(), 404)
    return web.Response(
        body=stored.data,
        content_type=stored.mime_type or "application/octet-stream",
    )
