"""What the page shows of the emulator's world: chats, messages (with the reply keyboard Telegram does not echo
in the Message but a client shows), and the command menu a person sees in a chat after `setMyCommands`."""

from __future__ import annotations

from typing import Any

from emulator.world import Bot, Chat, ChatMessage, User
from sandbox import demo_data
from sandbox.world import SandboxWorld


def sender_name(account: User | Bot) -> str:
    if isinstance(account, Bot):
        return account.first_name
    return " ".join(part for part in (account.first_name, account.last_name) if part)


def chat_title(world: SandboxWorld, chat: Chat) -> str:
    if chat.type == "private":
        return world.bot.first_name
    return chat.title or str(chat.id)


def chat_short_title(world: SandboxWorld, chat: Chat) -> str:
    """The chat's name on a tab of a phone-sized page, as the guide calls it."""
    if chat.type == "private":
        return "Bot"
    if chat.key == world.coordinators.key:
        return "Nhóm điều phối"
    if chat.key == world.group.key:
        return "Nhóm chung"
    return chat_title(world, chat)


def chat_view(world: SandboxWorld, chat: Chat) -> dict[str, Any]:
    view: dict[str, Any] = {"key": chat.key, "id": chat.id, "type": chat.type, "title": chat_title(world, chat),
                            "short_title": chat_short_title(world, chat)}
    if chat.type == "private":
        view["subtitle"] = f"bot · @{world.bot.username}"
        view["user_id"] = chat.user.id if chat.user else None
    else:
        people = [m for m in chat.members.values() if m.is_present and isinstance(m.account, User)]
        view["subtitle"] = f"{len(people)} thành viên và bot"
        view["member_ids"] = [m.account.id for m in people]
    return view


def _service_text(data: dict[str, Any]) -> str | None:
    if "new_chat_members" in data:
        names = ", ".join(user.get("first_name", "") for user in data["new_chat_members"])
        return f"{names} đã tham gia nhóm"
    if "left_chat_member" in data:
        return f"{data['left_chat_member'].get('first_name', '')} đã rời nhóm"
    if "migrate_to_chat_id" in data or "migrate_from_chat_id" in data:
        return "Nhóm đã được nâng cấp thành siêu nhóm"
    return None


def _largest_photo(sizes: list[dict[str, Any]]) -> dict[str, Any]:
    return max(sizes, key=lambda size: (size.get("width", 0) * size.get("height", 0), size.get("file_size", 0)))


def reply_keyboard_view(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """A reply keyboard as rows of keys, or {"remove": true} when the bot took the keyboard away."""
    if not markup:
        return None
    if markup.get("remove_keyboard"):
        return {"remove": True}
    if "keyboard" not in markup:
        return None   # force_reply: nothing to show
    rows = [[{"text": key if isinstance(key, str) else key["text"],
              "request_location": bool(not isinstance(key, str) and key.get("request_location"))}
             for key in row] for row in markup["keyboard"]]
    return {"rows": rows, "one_time": bool(markup.get("one_time_keyboard")),
            "placeholder": markup.get("input_field_placeholder")}


def message_view(message: ChatMessage) -> dict[str, Any]:
    data = message.data
    view: dict[str, Any] = {
        "message_id": message.message_id,
        "chat_key": message.chat.key,
        "from_bot": message.from_bot,
        "sender": {"id": message.sender.id, "name": sender_name(message.sender)},
        "date": data.get("date"),
        "edit_date": data.get("edit_date"),
        "text": data.get("text") or data.get("caption"),
        "entities": data.get("entities") or data.get("caption_entities") or [],
        "buttons": (data.get("reply_markup") or {}).get("inline_keyboard", []),
        "reply_keyboard": reply_keyboard_view(message.keyboard_markup),
        "deleted": message.deleted,
        "service": _service_text(data),
    }
    if data.get("photo"):
        largest = _largest_photo(data["photo"])
        view["photo"] = {"file_id": largest["file_id"], "width": largest.get("width"),
                         "height": largest.get("height")}
    if data.get("document"):
        document = data["document"]
        view["document"] = {"file_id": document["file_id"], "file_name": document.get("file_name") or "tệp",
                            "mime_type": document.get("mime_type"), "file_size": document.get("file_size")}
    if data.get("location"):
        view["location"] = {"latitude": data["location"]["latitude"], "longitude": data["location"]["longitude"]}
    replied = data.get("reply_to_message")
    if replied:
        view["reply_to"] = {"message_id": replied["message_id"],
                            "sender": replied.get("from", {}).get("first_name", ""),
                            "text": (replied.get("text") or replied.get("caption") or "")[:120]}
    return view


def chat_messages(chat: Chat) -> list[dict[str, Any]]:
    return [message_view(message) for message in chat.messages.values() if not message.deleted]


# ---------------------------------------------------------------------------------------------------- menu


def _scope_keys(chat: Chat, user: User) -> list[str]:
    """The scopes Telegram looks in, narrowest first (core.telegram.org/bots/api#determining-list-of-commands)."""
    if chat.type == "private":
        return [f"chat:{chat.id}", "all_private_chats", "default"]
    member = chat.member(user.id)
    is_admin = member is not None and member.status in ("creator", "administrator")
    keys = [f"chat_member:{chat.id}:{user.id}"]
    if is_admin:
        keys.append(f"chat_administrators:{chat.id}")
    keys.append(f"chat:{chat.id}")
    if is_admin:
        keys.append("all_chat_administrators")
    keys += ["all_group_chats", "default"]
    return keys


def command_menu(bot: Bot, chat: Chat, user: User) -> list[dict[str, str]]:
    """The commands this person sees in this chat's menu, in their language where the bot set one."""
    language = (user.language_code or "")[:2]
    for scope in _scope_keys(chat, user):
        for language_key in ([language, ""] if language else [""]):
            commands = bot.commands.get((scope, language_key))
            if commands:
                return list(commands)
    return []


# ---------------------------------------------------------------------------------------------------- people


def people_view(world: SandboxWorld, roles: dict[int, tuple[str, str]]) -> list[dict[str, Any]]:
    """The people the visitor can be; `roles` (from `sandbox.membership`) says what each is in the delegation now."""
    people = []
    for person in demo_data.PEOPLE:
        user = world.user(person.user_id)
        role, role_label = roles.get(person.user_id, ("guest", ""))
        people.append({
            "id": person.user_id,
            "name": person.full_name,
            "role": role,
            "role_label": role_label,
            "works_at": person.works_at,
            "private_chat_key": user.private_chat(world.bot).key,
            "chat_keys": [chat.key for chat in world.chats_of(user)],
        })
    return people


# ---------------------------------------------------------------------------------------------------- live events

MESSAGE_EVENTS = {"message", "user_message", "service_message"}
EDIT_EVENTS = {"edit", "user_edit"}


def event_view(world: SandboxWorld, kind: str, data: dict[str, Any]) -> dict[str, Any] | None:
    """An emulator event as the page needs it, or None for what the page does not show (calls, updates…)."""
    if kind == "sandbox_clock":
        return {"kind": "clock", "clock": data.get("clock")}
    if kind == "commands":
        return {"kind": "commands"}
    chat_key = data.get("chat_key")
    if chat_key is None:
        return None
    try:
        chat = world.chat_by_key(str(chat_key))
    except LookupError:
        return None
    if kind in MESSAGE_EVENTS | EDIT_EVENTS:
        message = chat.messages.get(data["message_id"])
        if message is None:
            return None
        return {"kind": "message" if kind in MESSAGE_EVENTS else "edit", "chat_key": chat.key,
                "message": message_view(message)}
    if kind == "delete":
        return {"kind": "delete", "chat_key": chat.key, "message_id": data["message_id"]}
    if kind == "chat_action":
        return {"kind": "chat_action", "chat_key": chat.key, "action": data.get("action")}
    if kind == "callback_answer":
        query = world.emulator.world.callback_queries.get(data.get("callback_query_id", ""))
        return {"kind": "callback_answer", "chat_key": chat.key, "message_id": data.get("message_id"),
                "user_id": query.user.id if query else None, "answer": data.get("answer") or {}}
    return None
