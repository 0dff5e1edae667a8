"""The JSON control API under ``/_emulator/``: drive the world over HTTP.

For tests of a bot running in another process and for a browser sandbox: create
bots, users and groups, act as a user, read chats, inspect invalid calls, switch
limits and faults, and follow everything live on ``/_emulator/events`` (SSE).
Errors answer ``{"ok": false, "error": "..."}`` with 400 or 404.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from emulator.world import Bot, CallbackQueryRecord, Chat, ChatMessage, User

if TYPE_CHECKING:
    from emulator.emulator import Emulator

PREFIX = "/_emulator"
SSE_KEEPALIVE_SECONDS = 15.0


class ControlError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def register_control_routes(app: web.Application, emulator: Emulator) -> None:
    api = ControlApi(emulator)
    routes = [
        ("GET", "/state", api.state),
        ("POST", "/bots", api.create_bot),
        ("POST", "/users", api.create_user),
        ("POST", "/groups", api.create_group),
        ("POST", "/groups/{chat_id}/migrate", api.migrate_group),
        ("POST", "/groups/{chat_id}/members", api.add_member),
        ("DELETE", "/groups/{chat_id}/members/{account_id}", api.remove_member),
        ("POST", "/users/{user_id}/send", api.user_send),
        ("POST", "/users/{user_id}/press", api.user_press),
        ("POST", "/users/{user_id}/location", api.user_location),
        ("POST", "/users/{user_id}/photo", api.user_photo),
        ("POST", "/users/{user_id}/document", api.user_document),
        ("POST", "/users/{user_id}/edit", api.user_edit),
        ("POST", "/users/{user_id}/block", api.user_block),
        ("POST", "/users/{user_id}/unblock", api.user_unblock),
        ("GET", "/chats/{chat_id}/messages", api.chat_messages),
        ("GET", "/files/{file_id}", api.file_content),
        ("GET", "/calls", api.calls),
        ("GET", "/invalid_calls", api.invalid_calls),
        ("DELETE", "/invalid_calls", api.clear_invalid_calls),
        ("GET", "/callback_queries", api.callback_queries),
        ("GET", "/limits", api.get_limits),
        ("PUT", "/limits", api.put_limits),
        ("GET", "/faults", api.get_faults),
        ("PUT", "/faults", api.put_faults),
        ("DELETE", "/faults", api.clear_faults),
        ("GET", "/events", api.events),
    ]
    for http_method, path, handler in routes:
        app.router.add_route(http_method, PREFIX + path, _guarded(handler))


def _guarded(handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
    async def guarded(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except ControlError as error:
            return web.json_response({"ok": False, "error": str(error)}, status=error.status)
        except (ValueError, KeyError, TypeError) as error:
            return web.json_response({"ok": False, "error": str(error)}, status=400)

    return guarded


def ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result}, dumps=lambda o: json.dumps(o, ensure_ascii=False))


def message_json(message: ChatMessage) -> dict[str, Any]:
    return {
        "message_id": message.message_id,
        "chat_id": message.chat.id,
        "from_bot": message.from_bot,
        "sender": message.sender.user_dict(),
        "date": message.date,
        "edit_date": message.edit_date,
        "text": message.text,
        "caption": message.caption,
        "entities": message.entities,
        "buttons": [[list(button) for button in row] for row in message.buttons],
        "keyboard": message.keyboard,
        "photo": message.photo,
        "document": message.document,
        "location": message.location,
        "reply_to_message_id": message.reply_to_message_id,
        "deleted": message.deleted,
        "edits": len(message.history),
        "data": message.data,
    }


def chat_json(chat: Chat) -> dict[str, Any]:
    body: dict[str, Any] = {"id": chat.id, "type": chat.type, "key": chat.key}
    if chat.type == "private":
        assert chat.user is not None and chat.bot is not None
        body.update(user_id=chat.user.id, bot=chat.bot.username, started=chat.started, blocked=chat.blocked)
    else:
        body.update(
            title=chat.title,
            username=chat.username,
            members=[
                {"id": member.account.id, "status": member.status, "is_bot": isinstance(member.account, Bot)}
                for member in chat.members.values()
            ],
            migrated_to=chat.migrated_to.id if chat.migrated_to else None,
        )
    return body


class ControlApi:
    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.world = emulator.world

    # ------------------------------------------------------------------ lookups

    def _user(self, request: web.Request) -> User:
        user = self.world.users.get(int(request.match_info["user_id"]))
        if user is None:
            raise ControlError("no such user", 404)
        return user

    def _bot(self, name: Any) -> Bot | None:
        if name is None:
            return None
        for bot in self.world.bots.values():
            if name in (bot.username, bot.token, bot.id, str(bot.id)):
                return bot
        raise ControlError(f"no such bot {name!r}", 404)

    def _chat(self, chat_id: Any, bot_name: Any = None, user: User | None = None) -> Chat:
        bot = self._bot(bot_name)
        if chat_id is None:
            if user is None:
                raise ControlError("chat_id is required")
            return user.private_chat(bot)
        chat_id = int(chat_id)
        if chat_id > 0:
            owner = self.world.users.get(chat_id)
            if owner is None:
                raise ControlError("no such chat", 404)
            return owner.private_chat(bot)
        chat = self.world.groups.get(chat_id)
        if chat is None:
            raise ControlError("no such chat", 404)
        return chat

    @staticmethod
    async def _body(request: web.Request) -> dict[str, Any]:
        if not request.can_read_body:
            return {}
        body = await request.json()
        if not isinstance(body, dict):
            raise ControlError("the body must be a JSON object")
        return body

    # ------------------------------------------------------------------ world

    async def state(self, request: web.Request) -> web.Response:
        return ok({
            "bots": [
                {**bot.get_me(), "token": bot.token, "webhook": bot.updates.webhook_info()}
                for bot in self.world.bots.values()
            ],
            "users": [user.user_dict() for user in self.world.users.values()],
            "groups": [chat_json(chat) for chat in self.world.groups.values()],
            "private_chats": [chat_json(chat) for chat in self.world.private_chats.values()],
        })

    async def create_bot(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        bot = self.emulator.add_bot(
            body.get("token"),
            body.get("username"),
            first_name=body.get("first_name"),
            can_read_all_group_messages=bool(body.get("can_read_all_group_messages", False)),
        )
        return ok({**bot.get_me(), "token": bot.token})

    async def create_user(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        user = self.emulator.add_user(
            body["first_name"],
            body.get("last_name"),
            username=body.get("username"),
            language_code=body.get("language_code"),
            id=body.get("id"),
        )
        return ok(user.user_dict())

    async def create_group(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        members = [self.world.users[int(user_id)] for user_id in body.get("member_ids", [])]
        bots = [bot for bot in map(self._bot, body.get("bots", [])) if bot is not None]
        admins: list[User | Bot] = [
            admin for account in body.get("admin_ids", [])
            if (admin := self.world.users.get(int(account)) or self._bot(account)) is not None
        ]
        if body.get("supergroup", True):
            chat = self.emulator.add_supergroup(
                body["title"], members, bots, admins=admins, username=body.get("username")
            )
        else:
            chat = self.emulator.add_group(body["title"], members, bots, admins=admins)
        return ok(chat_json(chat))

    async def migrate_group(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        group = self._chat(request.match_info["chat_id"])
        by = self.world.users.get(int(body["by_user_id"])) if body.get("by_user_id") else None
        return ok(chat_json(self.emulator.migrate_to_supergroup(group, by=by)))

    async def add_member(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        chat = self._chat(request.match_info["chat_id"])
        account = self.world.users.get(int(body.get("user_id", 0))) or self._bot(body.get("bot"))
        if account is None:
            raise ControlError("give user_id or bot")
        return ok(message_json(self.emulator.add_member(chat, account)))

    async def remove_member(self, request: web.Request) -> web.Response:
        chat = self._chat(request.match_info["chat_id"])
        account_id = int(request.match_info["account_id"])
        account = self.world.users.get(account_id) or self.world.bots.get(account_id)
        if account is None:
            raise ControlError("no such member", 404)
        return ok(message_json(self.emulator.remove_member(chat, account)))

    # ------------------------------------------------------------------ acting as a user

    async def user_send(self, request: web.Request) -> web.Response:
        user = self._user(request)
        body = await self._body(request)
        chat = self._chat(body.get("chat_id"), body.get("bot"), user)
        message = await user.send(body["text"], chat=chat, reply_to=body.get("reply_to_message_id"))
        return ok(message_json(message))

    async def user_press(self, request: web.Request) -> web.Response:
        user = self._user(request)
        body = await self._body(request)
        chat = self._chat(body.get("chat_id"), body.get("bot"), user)
        message = chat.messages.get(int(body["message_id"]))
        if message is None:
            raise ControlError("no such message", 404)
        outcome = await user.press(message, body.get("text"), callback_data=body.get("callback_data"))
        if isinstance(outcome, CallbackQueryRecord):
            return ok({"callback_query": outcome.to_json()})
        return ok({"message": message_json(outcome)})

    async def user_location(self, request: web.Request) -> web.Response:
        user = self._user(request)
        body = await self._body(request)
        chat = self._chat(body.get("chat_id"), body.get("bot"), user)
        message = await user.share_location(body["latitude"], body["longitude"], chat=chat)
        return ok(message_json(message))

    async def _upload(self, request: web.Request, field: str) -> tuple[bytes, dict[str, Any], str | None]:
        """A file from a multipart part named ``field`` or from JSON ``data_base64``."""
        if request.content_type == "multipart/form-data":
            form = await request.post()
            part = form.get(field)
            if not isinstance(part, web.FileField):
                raise ControlError(f"send the file as the multipart part {field!r}")
            fields = {name: value for name, value in form.items() if isinstance(value, str)}
            return part.file.read(), fields, part.filename
        body = await self._body(request)
        return base64.b64decode(body["data_base64"]), body, body.get("file_name")

    async def user_photo(self, request: web.Request) -> web.Response:
        user = self._user(request)
        data, fields, _ = await self._upload(request, "photo")
        chat = self._chat(fields.get("chat_id"), fields.get("bot"), user)
        message = await user.send_photo(data, fields.get("caption"), chat=chat)
        return ok(message_json(message))

    async def user_document(self, request: web.Request) -> web.Response:
        user = self._user(request)
        data, fields, file_name = await self._upload(request, "document")
        chat = self._chat(fields.get("chat_id"), fields.get("bot"), user)
        message = await user.send_document(
            data,
            fields.get("file_name") or file_name or "document.bin",
            mime_type=fields.get("mime_type"),
            caption=fields.get("caption"),
            chat=chat,
        )
        return ok(message_json(message))

    async def user_edit(self, request: web.Request) -> web.Response:
        user = self._user(request)
        body = await self._body(request)
        chat = self._chat(body.get("chat_id"), body.get("bot"), user)
        message = chat.messages.get(int(body["message_id"]))
        if message is None:
            raise ControlError("no such message", 404)
        return ok(message_json(await user.edit(message, body["text"])))

    async def user_block(self, request: web.Request) -> web.Response:
        user = self._user(request)
        body = await self._body(request)
        user.block(self._bot(body.get("bot")))
        return ok(True)

    async def user_unblock(self, request: web.Request) -> web.Response:
        user = self._user(request)
        body = await self._body(request)
        user.unblock(self._bot(body.get("bot")))
        return ok(True)

    # ------------------------------------------------------------------ reading

    async def chat_messages(self, request: web.Request) -> web.Response:
        chat = self._chat(request.match_info["chat_id"], request.query.get("bot"))
        include_deleted = request.query.get("include_deleted") in ("1", "true")
        return ok([
            message_json(message)
            for message in self.emulator.messages(chat, include_deleted=include_deleted)
        ])

    async def file_content(self, request: web.Request) -> web.Response:
        stored = self.world.files.get(request.match_info["file_id"])
        if stored is None:
            raise ControlError("no such file", 404)
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")

    async def calls(self, request: web.Request) -> web.Response:
        method = request.query.get("method")
        return ok([call.to_json() for call in self.emulator.calls if method in (None, call.method)])

    async def invalid_calls(self, request: web.Request) -> web.Response:
        return ok([call.to_json() for call in self.emulator.invalid_calls])

    async def clear_invalid_calls(self, request: web.Request) -> web.Response:
        self.emulator.clear_invalid_calls()
        return ok(True)

    async def callback_queries(self, request: web.Request) -> web.Response:
        return ok([query.to_json() for query in self.emulator.callback_queries])

    # ------------------------------------------------------------------ limits and faults

    async def get_limits(self, request: web.Request) -> web.Response:
        return ok(self.emulator.limits.to_json())

    async def put_limits(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        enabled = body.pop("enabled", None)
        body.pop("rejected", None)
        body.pop("rejected_by_method", None)
        self.emulator.limits.configure(**body)
        if enabled is not None:
            self.emulator.limits.enabled = bool(enabled)
        return ok(self.emulator.limits.to_json())

    async def get_faults(self, request: web.Request) -> web.Response:
        return ok(self.emulator.faults.to_json())

    async def put_faults(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        faults = self.emulator.faults
        rules = body.get("rules", [body] if "kind" in body or "fraction" in body else [])
        faults.clear()
        if body.get("seed") is not None:
            faults.seed(int(body["seed"]))
        for rule in rules:
            faults.add(
                float(rule.get("fraction", 1.0)),
                rule.get("kind", "5xx"),
                methods=rule.get("methods"),
                delay=float(rule.get("delay", 1.0)),
                after_processing=bool(rule.get("after_processing", False)),
            )
        return ok(faults.to_json())

    async def clear_faults(self, request: web.Request) -> web.Response:
        self.emulator.faults.clear()
        return ok(self.emulator.faults.to_json())

    # ------------------------------------------------------------------ live events

    async def events(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: the history after ``?since=N``, then live ones."""
        since = int(request.query.get("since", self.emulator.events.last_seq))
        kinds = set(filter(None, request.query.get("kinds", "").split(",")))
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        queue = self.emulator.events.subscribe()
        try:
            backlog = [event for event in self.emulator.events.history if event.seq > since]
            sent = since
            for event in backlog:
                if not kinds or event.kind in kinds:
                    await response.write(_sse(event))
                sent = event.seq
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), SSE_KEEPALIVE_SECONDS)
                except TimeoutError:
                    await response.write(b": keep-alive\n\n")
                    continue
                if event.seq <= sent or (kinds and event.kind not in kinds):
                    continue
                await response.write(_sse(event))
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.emulator.events.unsubscribe(queue)
        return response


def _sse(event: Any) -> bytes:
    payload = json.dumps(event.to_json(), ensure_ascii=False, default=str)
    return f"id: {event.seq}\nevent: {event.kind}\ndata: {payload}\n\n".encode()
