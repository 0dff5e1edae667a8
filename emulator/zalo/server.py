"""The Zalo Bot API over HTTP: `POST /bot<token>/<method>` with a JSON body, answered `{ok, result}` or
`{ok: false, error_code, description}` with the code as the HTTP status.

Each method takes exactly the parameters of Zalo's reference and nothing else: a `reply_markup` or a `parse_mode`
is an invalid call (400), recorded so that a test or a benchmark can count it. The steps: authenticate the
token, find the method, maybe suffer an injected fault, validate, check the monthly quota, act, answer.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from emulator.errors import ApiError
from emulator.zalo.maplinks import SHORT_LINKS_PREFIX
from emulator.zalo.media import MEDIA_PREFIX
from emulator.zalo.world import ZaloBot, ZaloWorld, bad_request, zalo_error

if TYPE_CHECKING:
    from emulator.zalo.emulator import ZaloEmulator

MAX_TEXT_LENGTH = 2000
DEFAULT_POLL_TIMEOUT = 30
SECRET_TOKEN_LENGTH = (8, 256)
CHAT_ACTIONS = frozenset({"typing", "upload_photo"})
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
ZALO_EMULATOR_KEY: web.AppKey[ZaloEmulator] = web.AppKey("zalo_emulator")


class DroppedConnection(Exception):
    """Raised to close the connection without any response."""


@dataclass
class MethodCall:
    world: ZaloWorld
    bot: ZaloBot
    params: dict[str, Any]


class NoResult:
    """An answer of `{ok: true}` alone (sendChatAction's)."""


Handler = Callable[[MethodCall], Awaitable[Any]]
# Each method: its handler, its required and its optional parameters (anything else is refused).
METHODS: dict[str, tuple[Handler, frozenset[str], frozenset[str]]] = {}


def method(name: str, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()):
    def register(handler: Handler) -> Handler:
        METHODS[name] = (handler, frozenset(required), frozenset(optional))
        return handler

    return register


def _string(params: dict[str, Any], name: str) -> str:
    value = params.get(name)
    if not isinstance(value, str):
        raise bad_request(f"{name} must be a string")
    return value


def _text(value: str, name: str) -> str:
    if not value.strip():
        raise bad_request(f"{name} is empty")
    if len(value) > MAX_TEXT_LENGTH:
        raise bad_request(f"{name} is longer than {MAX_TEXT_LENGTH} characters")
    return value


def _sent(message: Any) -> dict[str, Any]:
    return {"message_id": message.message_id, "date": message.date}


@method("getMe")
async def get_me(call: MethodCall) -> Any:
    return call.bot.get_me()


@method("getUpdates", optional=("timeout",))
async def get_updates(call: MethodCall) -> Any:
    raw = call.params.get("timeout", str(DEFAULT_POLL_TIMEOUT))
    if isinstance(raw, bool) or not isinstance(raw, (str, int)) or not str(raw).strip().isdigit():
        raise bad_request("timeout must be a number of seconds")
    if call.bot.updates.webhook is not None:
        raise bad_request("getUpdates is not available while a webhook is set; call deleteWebhook first")
    update = await call.bot.updates.get_update(float(str(raw).strip()))
    if update is None:
        # Not an error: nothing came within the timeout. Not an invalid call either.
        raise zalo_error(408, "Request timeout", invalid=False)
    return update


@method("setWebhook", required=("url", "secret_token"))
async def set_webhook(call: MethodCall) -> Any:
    url = _string(call.params, "url")
    secret = _string(call.params, "secret_token")
    if not url.startswith(("https://", "http://")):   # Zalo wants public HTTPS; the emulator takes local http too
        raise bad_request("url must be an HTTPS address")
    low, high = SECRET_TOKEN_LENGTH
    if not low <= len(secret) <= high:
        raise bad_request(f"secret_token must be {low} to {high} characters")
    webhook = call.bot.updates.set_webhook(url, secret, call.world.now_ms())
    return {"url": webhook.url, "updated_at": webhook.updated_at}


@method("deleteWebhook")
async def delete_webhook(call: MethodCall) -> Any:
    call.bot.updates.delete_webhook(call.world.now_ms())
    return call.bot.updates.webhook_info()


@method("getWebhookInfo")
async def get_webhook_info(call: MethodCall) -> Any:
    return call.bot.updates.webhook_info()


@method("sendMessage", required=("chat_id", "text"))
async def send_message(call: MethodCall) -> Any:
    text = _text(_string(call.params, "text"), "text")
    chat = call.world.chat_for_bot(call.bot, call.params["chat_id"])
    return _sent(call.world.add_bot_message(call.bot, chat, text=text))


@method("sendPhoto", required=("chat_id", "photo"), optional=("caption",))
async def send_photo(call: MethodCall) -> Any:
    photo = _string(call.params, "photo")
    if not photo.startswith(("https://", "http://")):
        raise bad_request("photo must be the URL of an image")
    caption = call.params.get("caption")
    if caption is not None:
        caption = _text(_string(call.params, "caption"), "caption")
    chat = call.world.chat_for_bot(call.bot, call.params["chat_id"])
    return _sent(call.world.add_bot_message(call.bot, chat, photo_url=photo, caption=caption))


@method("sendSticker", required=("chat_id", "sticker"))
async def send_sticker(call: MethodCall) -> Any:
    sticker = _string(call.params, "sticker")
    chat = call.world.chat_for_bot(call.bot, call.params["chat_id"])
    return _sent(call.world.add_bot_message(call.bot, chat, sticker=sticker))


@method("sendChatAction", required=("chat_id", "action"))
async def send_chat_action(call: MethodCall) -> Any:
    action = _string(call.params, "action")
    if action not in CHAT_ACTIONS:
        raise bad_request(f"action must be one of {', '.join(sorted(CHAT_ACTIONS))}")
    chat = call.world.chat_for_bot(call.bot, call.params["chat_id"])
    call.world.add_chat_action(call.bot, chat, action)
    return NoResult()


# ------------------------------------------------------------------------------------------------ HTTP


def build_app(emulator: ZaloEmulator) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024, middlewares=[_drop_middleware])
    app[ZALO_EMULATOR_KEY] = emulator
    app.router.add_route("*", r"/bot{token}/{method}", handle_bot_api)
    app.router.add_get(MEDIA_PREFIX + "/{name}", handle_media)
    app.router.add_get(SHORT_LINKS_PREFIX + "/{host}/{path:.*}", handle_short_link)
    return app


def json_response(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.Response(text=json.dumps(body, ensure_ascii=False), status=status, content_type="application/json")


@web.middleware
async def _drop_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    try:
        return await handler(request)
    except DroppedConnection:
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError() from None


async def handle_bot_api(request: web.Request) -> web.StreamResponse:
    emulator = request.app[ZALO_EMULATOR_KEY]
    token, name = request.match_info["token"], request.match_info["method"]
    started = time.monotonic()
    bot = emulator.world.bots_by_token.get(token) if _TOKEN.match(token) else None
    if bot is None:
        return json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
    params: dict[str, Any] = {}
    fault = None
    try:
        params = await _read_parameters(request)
        if name not in METHODS:
            raise zalo_error(404, f"Not Found: no method {name}")
        fault = emulator.faults.decide(name)
        if fault is not None and fault.kind == "slow":
            await asyncio.sleep(fault.delay)
            fault = None
        if fault is not None and not fault.after_processing:
            emulator.record_call(bot, name, params, 502, started, fault=fault.kind)
            return _fault_response(fault.kind)
        handler, required, optional = METHODS[name]
        unknown = sorted(set(params) - required - optional)
        if unknown:
            raise bad_request(f"unknown parameter {unknown[0]} (not in Zalo's Bot API)")
        missing = sorted(required - set(params))
        if missing:
            raise bad_request(f"missing parameter {missing[0]}")
        emulator.quota.check(name)
        result = await handler(MethodCall(emulator.world, bot, params))
        emulator.quota.count(name)
    except ApiError as error:
        emulator.record_call(bot, name, params, error.status, started, error=error)
        return json_response(error.to_json(), error.status)
    emulator.record_call(bot, name, params, 200, started)
    if fault is not None:   # the call took effect (a getUpdates' update is gone), but its answer is lost
        return _fault_response(fault.kind)
    if isinstance(result, NoResult):
        return json_response({"ok": True})
    return json_response({"ok": True, "result": result})


def _fault_response(kind: str) -> web.Response:
    if kind == "drop":
        raise DroppedConnection()
    return json_response({"ok": False, "error_code": 502, "description": "Bad Gateway"}, 502)


async def _read_parameters(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if not request.can_read_body:
        return params
    raw = await request.read()
    if not raw.strip():
        return params
    if request.content_type != "application/json":
        raise bad_request("the body must be JSON (Content-Type: application/json)")
    try:
        body = json.loads(raw)
    except ValueError:
        raise bad_request("the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise bad_request("the JSON body must be an object")
    params.update(body)
    return params


async def handle_short_link(request: web.Request) -> web.StreamResponse:
    target = request.app[ZALO_EMULATOR_KEY].short_links.target(request.match_info["host"],
                                                               "/" + request.match_info["path"])
    if target is None:
        return web.Response(status=404, text="Dynamic Link Not Found")
    raise web.HTTPFound(target)


async def handle_media(request: web.Request) -> web.StreamResponse:
    stored = request.app[ZALO_EMULATOR_KEY].media.get(request.match_info["name"])
    if stored is None:
        return web.Response(status=404, text="this link has expired")
    return web.Response(body=stored.data, content_type=stored.mime_type)
