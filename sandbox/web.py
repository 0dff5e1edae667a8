"""The page's HTTP side: the static chat page, a small JSON API that acts as the chosen person in the emulator,
and `/api/events`, the emulator's event log as server-sent events shaped for the page.

Everything is served from 127.0.0.1 by this process; the page loads nothing from anywhere else. Binding to
127.0.0.1 does not keep out other pages open in the same browser, so every request must name this server as its
Host (a DNS-rebound name does not), a request that carries an Origin must come from this server's page, and every
POST is JSON (a cross-site form cannot send it without asking first, and nothing here answers such a preflight).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web

from emulator.world import User
from sandbox import chat_view
from sandbox.time_travel import Step, TimeTravel
from sandbox.world import SandboxWorld
from sandbox.zalo_side import KEY_PREFIX as ZALO_KEY_PREFIX, ZaloSide

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
KEEPALIVE_SECONDS = 15.0
MAX_PHOTO_BYTES = 10 * 1024 * 1024
# A photo travels inside the JSON as base64: four characters for every three bytes.
MAX_REQUEST_BYTES = MAX_PHOTO_BYTES * 4 // 3 + 64 * 1024
LOCAL_NAMES = ("127.0.0.1", "localhost")
PAGE_EVENT_KINDS = {"message", "user_message", "service_message", "edit", "user_edit", "delete", "chat_action",
                    "callback_answer", "commands", "sandbox_clock"}
SANDBOX_KEY: web.AppKey[SandboxPage] = web.AppKey("sandbox_page")


class SandboxPage:
    """The routes' collaborators: the emulated world, the time control, the map's data and the people's roles."""

    def __init__(self, world: SandboxWorld, time_travel: TimeTravel,
                 map_data: Callable[[], Awaitable[dict[str, Any]]],
                 roles: Callable[[list[int]], Awaitable[dict[int, tuple[str, str]]]],
                 zalo: ZaloSide | None = None) -> None:
        self.world = world
        self.time_travel = time_travel
        self.map_data = map_data
        self.roles = roles
        self.zalo = zalo   # each person's Zalo account beside their Telegram one

    async def _people(self) -> list[dict[str, Any]]:
        roles = await self.roles(list(self.world.users))
        people = chat_view.people_view(self.world, roles)
        if self.zalo is not None:
            for person in people:
                person["zalo_chat_key"] = self.zalo.page_key(self.zalo.chat_of(person["id"]))
        return people

    def _zalo_key(self, key: str) -> bool:
        return self.zalo is not None and key.startswith(ZALO_KEY_PREFIX)

    # ------------------------------------------------------------------ reading

    async def state(self, request: web.Request) -> web.Response:
        world = self.world
        chats = [world.user(person_id).private_chat(world.bot) for person_id in world.users]
        chats += [world.group, world.coordinators]
        views = {chat.key: chat_view.chat_view(world, chat) for chat in chats}
        if self.zalo is not None:
            for person_id in world.users:
                zalo_chat = self.zalo.chat_of(person_id)
                views[self.zalo.page_key(zalo_chat)] = self.zalo.chat_view(zalo_chat)
        return _ok({
            "bot": {"id": world.bot.id, "username": world.bot.username, "name": world.bot.first_name},
            "people": await self._people(),
            "chats": views,
            "clock": await self.time_travel.state(),
            "map": await self.map_data(),
            "group_key": world.group.key,
            "coordinators_key": world.coordinators.key,
            "event_seq": world.emulator.events.last_seq,
            "zalo_event_seq": self.zalo.emulator.events.last_seq if self.zalo is not None else None,
        })

    async def people(self, request: web.Request) -> web.Response:
        return _ok(await self._people())

    async def messages(self, request: web.Request) -> web.Response:
        if self._zalo_key(request.query["chat"]):
            assert self.zalo is not None
            zalo_chat = self.zalo.chat_by_page_key(request.query["chat"])
            return _ok({"chat": self.zalo.chat_view(zalo_chat), "messages": self.zalo.chat_messages(zalo_chat)})
        chat = self.world.chat_by_key(request.query["chat"])
        return _ok({"chat": chat_view.chat_view(self.world, chat), "messages": chat_view.chat_messages(chat)})

    async def menu(self, request: web.Request) -> web.Response:
        if self._zalo_key(request.query["chat"]):
            return _ok({"commands": []})   # Zalo has no command menu
        chat = self.world.chat_by_key(request.query["chat"])
        user = self.world.user(int(request.query["user"]))
        return _ok({"commands": chat_view.command_menu(self.world.bot, chat, user)})

    async def file(self, request: web.Request) -> web.Response:
        stored = self.world.emulator.world.files.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound(text="no such file")
        headers = {}
        if "download" in request.query:
            name = request.query.get("download") or stored.file_name or "tep"
            headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream",
                            headers=headers)

    # ------------------------------------------------------------------ acting as a person

    async def _person_and_chat(self, body: dict[str, Any]) -> tuple[User, Any]:
        user = self.world.user(int(body["user_id"]))
        return user, self.world.chat_by_key(str(body["chat_key"]))

    async def send(self, request: web.Request) -> web.Response:
        body = await request.json()
        text = str(body.get("text", "")).strip()
        if not text:
            raise ValueError("Tin nhắn trống.")
        if self._zalo_key(str(body.get("chat_key", ""))):
            assert self.zalo is not None
            return _ok(await self.zalo.send(str(body["chat_key"]), int(body["user_id"]), text))
        user, chat = await self._person_and_chat(body)
        message = await user.send(text, chat=chat, reply_to=body.get("reply_to_message_id"))
        return _ok(chat_view.message_view(message))

    async def press(self, request: web.Request) -> web.Response:
        body = await request.json()
        user, chat = await self._person_and_chat(body)
        message = chat.messages.get(int(body["message_id"]))
        if message is None:
            raise LookupError("Tin nhắn này không còn.")
        outcome = await user.press(message, callback_data=str(body["callback_data"]))
        return _ok({"callback_query_id": getattr(outcome, "id", None)})

    async def location(self, request: web.Request) -> web.Response:
        body = await request.json()
        user, chat = await self._person_and_chat(body)
        latitude, longitude = float(body["latitude"]), float(body["longitude"])
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError("Tọa độ nằm ngoài phạm vi (vĩ độ −90…90, kinh độ −180…180).")
        message = await user.share_location(latitude, longitude, chat=chat)
        return _ok(chat_view.message_view(message))

    async def photo(self, request: web.Request) -> web.Response:
        body = await request.json()
        try:
            data = base64.b64decode(str(body.get("photo_base64") or ""), validate=True)
        except binascii.Error:
            raise ValueError("Ảnh gửi lên bị hỏng.") from None
        if not data:
            raise ValueError("Chưa chọn ảnh.")
        if len(data) > MAX_PHOTO_BYTES:
            raise ValueError("Ảnh lớn quá 10 MB.")
        user, chat = await self._person_and_chat(body)
        caption = str(body.get("caption") or "").strip() or None
        message = await user.send_photo(data, caption, chat=chat)
        return _ok(chat_view.message_view(message))

    # ------------------------------------------------------------------ time

    async def clock(self, request: web.Request) -> web.Response:
        return _ok(await self.time_travel.state())

    async def move_clock(self, request: web.Request) -> web.Response:
        body = await request.json()
        moved = await self.time_travel.advance(Step(body["step"]))
        return _ok({**await self.time_travel.state(), "messages_sent": moved.messages_sent})

    # ------------------------------------------------------------------ live

    async def events(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events from `?since=` (or the browser's Last-Event-ID on reconnecting), then live."""
        return await self._stream(request, self.world.emulator.events, self._page_view)

    def _page_view(self, kind: str, data: dict[str, Any]) -> dict[str, Any] | None:
        if kind not in PAGE_EVENT_KINDS:
            return None
        return chat_view.event_view(self.world, kind, data)

    async def _stream(self, request: web.Request, bus: Any,
                      view_of: Callable[[str, dict[str, Any]], dict[str, Any] | None]) -> web.StreamResponse:
        since = int(request.headers.get("Last-Event-ID") or request.query.get("since") or bus.last_seq)
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream; charset=utf-8",
                                               "Cache-Control": "no-cache"})
        await response.prepare(request)
        queue = bus.subscribe()
        try:
            sent = since
            for event in [event for event in bus.history if event.seq > since]:
                await self._write_event(response, event, view_of)
                sent = event.seq
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    await response.write(b": keep-alive\n\n")
                    continue
                if event.seq > sent:
                    await self._write_event(response, event, view_of)
                    sent = event.seq
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            bus.unsubscribe(queue)
        return response

    async def zalo_events(self, request: web.Request) -> web.StreamResponse:
        """The Zalo emulator's events for the page, as `events` does for Telegram's."""
        if self.zalo is None:
            raise LookupError("Sandbox này không chạy Zalo.")
        return await self._stream(request, self.zalo.emulator.events, self.zalo.event_view)

    async def _write_event(self, response: web.StreamResponse, event: Any,
                           view_of: Callable[[str, dict[str, Any]], dict[str, Any] | None]) -> None:
        view = view_of(event.kind, event.data)
        if view is None:
            return
        payload = json.dumps({"seq": event.seq, **view}, ensure_ascii=False, default=str)
        await response.write(f"id: {event.seq}\nevent: page\ndata: {payload}\n\n".encode())


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result}, dumps=lambda o: json.dumps(o, ensure_ascii=False))


def _guarded(handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
    """Mistakes (a wrong id, an empty message, a press on a gone message) answer 400 with a reason to show."""

    async def guarded(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except (ValueError, LookupError, RuntimeError, TypeError, json.JSONDecodeError) as error:
            message = error.args[0] if error.args else type(error).__name__
            return web.json_response({"ok": False, "error": str(message)}, status=400,
                                     dumps=lambda o: json.dumps(o, ensure_ascii=False))

    return guarded


def _refused(status: int, reason: str) -> web.Response:
    return web.json_response({"ok": False, "error": reason}, status=status,
                             dumps=lambda o: json.dumps(o, ensure_ascii=False))


@web.middleware
async def only_this_page(request: web.Request,
                         handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
    """Answers this server's own page only: Host names this server, Origin (when sent) is this server, POSTs are
    JSON."""
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    port = sockname[1] if sockname else None
    own = {f"{name}:{port}" for name in LOCAL_NAMES}
    if request.host not in own:
        return _refused(403, "Sandbox chỉ trả lời khi được gọi bằng địa chỉ 127.0.0.1 hoặc localhost của nó.")
    origin = request.headers.get("Origin")
    if origin is not None and origin not in {f"http://{host}" for host in own}:
        return _refused(403, "Sandbox chỉ nhận yêu cầu từ trang của chính nó.")
    if request.method == "POST" and request.content_type != "application/json":
        return _refused(415, "Sandbox chỉ nhận dữ liệu JSON (Content-Type: application/json).")
    return await handler(request)


async def _index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


def build_web_app(page: SandboxPage) -> web.Application:
    app = web.Application(client_max_size=MAX_REQUEST_BYTES, middlewares=[only_this_page])
    app[SANDBOX_KEY] = page
    routes = [
        ("GET", "/api/state", page.state),
        ("GET", "/api/people", page.people),
        ("GET", "/api/messages", page.messages),
        ("GET", "/api/menu", page.menu),
        ("GET", "/api/files/{file_id}", page.file),
        ("POST", "/api/send", page.send),
        ("POST", "/api/press", page.press),
        ("POST", "/api/location", page.location),
        ("POST", "/api/photo", page.photo),
        ("GET", "/api/clock", page.clock),
        ("POST", "/api/clock", page.move_clock),
        ("GET", "/api/events", page.events),
        ("GET", "/api/zalo/events", page.zalo_events),
    ]
    for method, path, handler in routes:
        app.router.add_route(method, path, _guarded(handler))
    app.router.add_get("/", _index)
    app.router.add_static("/static/", STATIC_DIR)
    return app
