"""The Zalo emulator's JSON control API under `/_emulator/`: the same style as the Telegram emulator's.

Create bots, people and groups, act as a person (text, a mention in a group, a photo, a sticker), read what the
bot sent, count invalid calls, set the monthly quota, the update shapes and faults, and follow everything live
on `/_emulator/events` (server-sent events). Errors answer `{"ok": false, "error": "..."}` with 400 or 404.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from emulator.control import PREFIX, ControlApi, ControlError, ok
from emulator.zalo.world import ZaloBot, ZaloChat, ZaloUser

if TYPE_CHECKING:
    from emulator.zalo.emulator import ZaloEmulator


def register_control_routes(app: web.Application, emulator: ZaloEmulator) -> None:
    api = ZaloControlApi(emulator)
    shared = ControlApi(emulator)  # type: ignore[arg-type]  # faults and the event stream are the same
    routes = [
        ("GET", "/state", api.state),
        ("POST", "/bots", api.create_bot),
        ("POST", "/users", api.create_user),
        ("POST", "/groups", api.create_group),
        ("POST", "/groups/{chat_id}/members", api.add_member),
        ("DELETE", "/groups/{chat_id}/members/{account_id}", api.remove_member),
        ("POST", "/users/{user_id}/send", api.user_send),
        ("POST", "/users/{user_id}/mention", api.user_mention),
        ("POST", "/users/{user_id}/photo", api.user_photo),
        ("POST", "/users/{user_id}/sticker", api.user_sticker),
        ("POST", "/users/{user_id}/unsupported", api.user_unsupported),
        ("POST", "/users/{user_id}/block", api.user_block),
        ("POST", "/users/{user_id}/unblock", api.user_unblock),
        ("GET", "/chats/{chat_id}/messages", api.chat_messages),
        ("GET", "/calls", api.calls),
        ("GET", "/invalid_calls", api.invalid_calls),
        ("DELETE", "/invalid_calls", api.clear_invalid_calls),
        ("GET", "/quota", api.get_quota),
        ("PUT", "/quota", api.put_quota),
        ("GET", "/shapes", api.get_shapes),
        ("PUT", "/shapes", api.put_shapes),
        ("POST", "/media/expire", api.expire_media),
        ("GET", "/faults", shared.get_faults),
        ("PUT", "/faults", shared.put_faults),
        ("DELETE", "/faults", shared.clear_faults),
        ("GET", "/events", shared.events),
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


def chat_json(chat: ZaloChat) -> dict[str, Any]:
    body: dict[str, Any] = {"id": chat.id, "chat_type": chat.chat_type, "key": chat.key}
    if chat.is_group:
        body.update(title=chat.title, members=[{"id": account.id, "is_bot": isinstance(account, ZaloBot)}
                                               for account in chat.members.values()])
    else:
        assert chat.user is not None and chat.bot is not None
        body.update(user_id=chat.user.id, bot=chat.bot.id, started=chat.started, blocked=chat.blocked)
    return body


class ZaloControlApi:
    def __init__(self, emulator: ZaloEmulator) -> None:
        self.emulator = emulator
        self.world = emulator.world

    def _user(self, request: web.Request) -> ZaloUser:
        user = self.world.users.get(request.match_info["user_id"])
        if user is None:
            raise ControlError("no such user", 404)
        return user

    def _bot(self, name: Any) -> ZaloBot | None:
        if name is None:
            return None
        for bot in self.world.bots.values():
            if name in (bot.id, bot.token, bot.account_name, bot.display_name):
                return bot
        raise ControlError(f"no such bot {name!r}", 404)

    def _chat(self, chat_id: Any, bot_name: Any = None, user: ZaloUser | None = None) -> ZaloChat:
        bot = self._bot(bot_name)
        if chat_id is None:
            if user is None:
                raise ControlError("chat_id is required")
            return user.private_chat(bot)
        chat_id = str(chat_id)
        if chat_id in self.world.groups:
            return self.world.groups[chat_id]
        owner = self.world.users.get(chat_id)
        if owner is None:
            raise ControlError("no such chat", 404)
        return owner.private_chat(bot)

    @staticmethod
    async def _body(request: web.Request) -> dict[str, Any]:
        if not request.can_read_body:
            return {}
        body = await request.json()
        if not isinstance(body, dict):
            raise ControlError("the body must be a JSON object")
        return body

    # ------------------------------------------------------------------ the world

    async def state(self, request: web.Request) -> web.Response:
        return ok({
            "bots": [{**bot.get_me(), "display_name": bot.display_name, "token": bot.token,
                      "webhook": bot.updates.webhook_info(), "pending_updates": bot.updates.pending_count}
                     for bot in self.world.bots.values()],
            "users": [{"id": user.id, "display_name": user.display_name} for user in self.world.users.values()],
            "groups": [chat_json(chat) for chat in self.world.groups.values()],
            "private_chats": [chat_json(chat) for chat in self.world.private_chats.values()],
            "quota": self.emulator.quota.to_json(),
            "shapes": self.emulator.shapes.to_json(),
        })

    async def create_bot(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        bot = self.emulator.add_bot(body.get("token"), body.get("name"))
        return ok({**bot.get_me(), "display_name": bot.display_name, "token": bot.token})

    async def create_user(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        user = self.emulator.add_user(body["display_name"], id=body.get("id"))
        return ok({"id": user.id, "display_name": user.display_name})

    async def create_group(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        members = [self.world.users[str(user_id)] for user_id in body.get("member_ids", [])]
        bots = [bot for bot in (self._bot(name) for name in body.get("bots", [])) if bot is not None]
        chat = self.emulator.add_group(body["title"], members, bots, id=body.get("id"))
        return ok(chat_json(chat))

    def _group(self, request: web.Request) -> ZaloChat:
        chat = self.world.groups.get(request.match_info["chat_id"])
        if chat is None:
            raise ControlError("no such group", 404)
        return chat

    async def add_member(self, request: web.Request) -> web.Response:
        chat, body = self._group(request), await self._body(request)
        account = self._bot(body["bot"]) if "bot" in body else self.world.users[str(body["user_id"])]
        assert account is not None
        self.world.add_member(chat, account)
        return ok(chat_json(chat))

    async def remove_member(self, request: web.Request) -> web.Response:
        chat = self._group(request)
        account_id = request.match_info["account_id"]
        account = self.world.users.get(account_id) or self.world.bots.get(account_id)
        if account is None:
            raise ControlError("no such account", 404)
        self.world.remove_member(chat, account)
        return ok(chat_json(chat))

    # ------------------------------------------------------------------ acting as a person

    async def user_send(self, request: web.Request) -> web.Response:
        user, body = self._user(request), await self._body(request)
        chat = self._chat(body.get("chat_id"), body.get("bot"), user)
        message = await user.send(str(body["text"]), chat=chat, reply_to=body.get("reply_to_message_id"))
        return ok(message.to_json())

    async def user_mention(self, request: web.Request) -> web.Response:
        user, body = self._user(request), await self._body(request)
        chat = self._chat(body["chat_id"])
        message = await user.mention(chat, str(body.get("text", "")), bot=self._bot(body.get("bot")))
        return ok(message.to_json())

    async def user_photo(self, request: web.Request) -> web.Response:
        user, body = self._user(request), await self._body(request)
        chat = self._chat(body.get("chat_id"), body.get("bot"), user)
        caption = body.get("caption")
        if body.get("url"):
            message = await user.send_photo_url(str(body["url"]), caption, chat=chat)
        else:
            try:
                data = base64.b64decode(str(body.get("data_base64") or ""), validate=True)
            except binascii.Error:
                raise ControlError("data_base64 is not base64") from None
            if not data:
                raise ControlError("a photo needs data_base64 or url")
            message = await user.send_photo(data, caption, chat=chat,
                                            mime_type=str(body.get("mime_type") or "image/jpeg"))
        return ok(message.to_json())

    async def user_sticker(self, request: web.Request) -> web.Response:
        user, body = self._user(request), await self._body(request)
        chat = self._chat(body.get("chat_id"), body.get("bot"), user)
        return ok((await user.send_sticker(str(body.get("sticker", "sticker-1")), chat=chat)).to_json())

    async def user_unsupported(self, request: web.Request) -> web.Response:
        user, body = self._user(request), await self._body(request)
        chat = self._chat(body.get("chat_id"), body.get("bot"), user)
        return ok((await user.send_unsupported(chat=chat)).to_json())

    async def user_block(self, request: web.Request) -> web.Response:
        user, body = self._user(request), await self._body(request)
        user.block(self._bot(body.get("bot")))
        return ok(True)

    async def user_unblock(self, request: web.Request) -> web.Response:
        user, body = self._user(request), await self._body(request)
        user.unblock(self._bot(body.get("bot")))
        return ok(True)

    # ------------------------------------------------------------------ reading

    async def chat_messages(self, request: web.Request) -> web.Response:
        chat = self._chat(request.match_info["chat_id"], request.query.get("bot"))
        return ok([message.to_json() for message in self.emulator.messages(chat)])

    async def calls(self, request: web.Request) -> web.Response:
        method = request.query.get("method")
        return ok([call.to_json() for call in self.emulator.calls if method in (None, call.method)])

    async def invalid_calls(self, request: web.Request) -> web.Response:
        return ok([call.to_json() for call in self.emulator.invalid_calls])

    async def clear_invalid_calls(self, request: web.Request) -> web.Response:
        self.emulator.clear_invalid_calls()
        return ok(True)

    # ------------------------------------------------------------------ quota, shapes, media

    async def get_quota(self, request: web.Request) -> web.Response:
        return ok(self.emulator.quota.to_json())

    async def put_quota(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        changes: dict[str, Any] = {}
        if "monthly" in body:
            changes["monthly"] = None if body["monthly"] is None else int(body["monthly"])
        if "used" in body:
            changes["used"] = int(body["used"])
        self.emulator.quota.set(**changes)
        return ok(self.emulator.quota.to_json())

    async def get_shapes(self, request: web.Request) -> web.Response:
        return ok(self.emulator.shapes.to_json())

    async def put_shapes(self, request: web.Request) -> web.Response:
        self.emulator.set_shapes(**await self._body(request))
        return ok(self.emulator.shapes.to_json())

    async def expire_media(self, request: web.Request) -> web.Response:
        self.emulator.media.expire_all()
        return ok(True)
