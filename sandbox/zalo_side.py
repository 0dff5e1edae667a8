"""The sandbox's Zalo side: a Zalo emulator beside the Telegram one, the same bot on it, and each demo person with
a Zalo account too (linked to their membership: one person, two apps), so that a visitor can be any person on
Zalo instead of Telegram. The page shows a Zalo chat as Zalo does: numbered lists and typed words, no buttons,
nothing edited, a composer only. The delegation's groups stay on Telegram in the sandbox.

A Zalo chat's key on the page is "zalo:" + the emulator's key; its messages are numbered in the order they came
(the page orders by number; Zalo's own ids are hex).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from emulator.zalo import ZaloEmulator
from emulator.zalo.world import ZaloBot, ZaloChat, ZaloMessage, ZaloUser
from models.db import Database
from models.people import Identity
from sandbox import demo_data

ZALO_TOKEN = "7000000002:SANDBOX-zalo-local-only"
KEY_PREFIX = "zalo:"
PAGE_EVENT_KINDS = {"message", "user_message", "chat_action"}


def zalo_id(person_id: int) -> str:
    """A demo person's Zalo id: hex, as Zalo's are, the same at every start."""
    return f"{person_id:016x}"


@dataclass
class ZaloSide:
    emulator: ZaloEmulator
    bot: ZaloBot
    users: dict[int, ZaloUser]            # by the demo person's id

    def chat_of(self, person_id: int) -> ZaloChat:
        return self.users[person_id].private_chat(self.bot)

    def page_key(self, chat: ZaloChat) -> str:
        return KEY_PREFIX + chat.key

    def chat_by_page_key(self, key: str) -> ZaloChat:
        for person_id in self.users:
            chat = self.chat_of(person_id)
            if self.page_key(chat) == key:
                return chat
        raise LookupError(f"no Zalo chat {key!r}")

    def person_of(self, chat: ZaloChat) -> int:
        return next(person_id for person_id, user in self.users.items() if chat.user is user)

    def chat_view(self, chat: ZaloChat) -> dict[str, Any]:
        return {"key": self.page_key(chat), "id": chat.id, "type": "private", "platform": "zalo",
                "title": f"{self.bot.display_name} · Zalo", "short_title": "Bot · Zalo",
                "subtitle": "Zalo · chọn bằng cách gõ số, không có nút", "user_id": self.person_of(chat)}

    def message_view(self, chat: ZaloChat, message: ZaloMessage) -> dict[str, Any]:
        number = list(chat.messages).index(message.message_id) + 1
        sender_id = 0 if message.from_bot else self.person_of(chat)
        return {"message_id": number, "chat_key": self.page_key(chat), "from_bot": message.from_bot,
                "sender": {"id": sender_id, "name": message.sender.display_name}, "date": message.date // 1000,
                "edit_date": None, "text": message.text or message.caption or ("🖼 Ảnh" if message.photo_url else ""),
                "entities": [], "buttons": [], "reply_keyboard": None, "deleted": False, "service": None,
                "platform": "zalo"}

    def chat_messages(self, chat: ZaloChat) -> list[dict[str, Any]]:
        return [self.message_view(chat, message) for message in chat.messages.values()]

    async def send(self, key: str, person_id: int, text: str) -> dict[str, Any]:
        chat = self.chat_by_page_key(key)
        if self.person_of(chat) != person_id:
            raise LookupError("Đây không phải tin nhắn Zalo của người đang chọn.")
        message = await self.users[person_id].send(text, bot=self.bot)
        return self.message_view(chat, message)

    def event_view(self, kind: str, data: dict[str, Any]) -> dict[str, Any] | None:
        if kind not in PAGE_EVENT_KINDS or not str(data.get("chat_key", "")).startswith("private:"):
            return None
        try:
            chat = self.chat_by_page_key(KEY_PREFIX + str(data["chat_key"]))
        except LookupError:
            return None
        if kind == "chat_action":
            return {"kind": "chat_action", "chat_key": self.page_key(chat), "action": data.get("action")}
        message = chat.messages.get(str(data.get("message_id")))
        if message is None:
            return None
        return {"kind": "message", "chat_key": self.page_key(chat), "message": self.message_view(chat, message)}


def build_zalo_side(emulator: ZaloEmulator) -> ZaloSide:
    bot = emulator.add_bot(ZALO_TOKEN, demo_data.SANDBOX_BOT_NAME)
    users = {person.user_id: emulator.add_user(person.full_name, id=zalo_id(person.user_id))
             for person in demo_data.PEOPLE}
    for user in users.values():
        user.private_chat(bot)   # the chat exists for the page from the start (Zalo's needs a first message)
    return ZaloSide(emulator=emulator, bot=bot, users=users)


def link_zalo_accounts(database: Database) -> int:
    """Each demo member's Zalo account belongs to their membership (added when missing: a kept database from before
    the Zalo side has none). The private chat is learnt when the person first writes on Zalo."""
    added = 0
    with database.session() as session:
        for person in demo_data.PEOPLE:
            telegram = session.scalar(select(Identity).where(Identity.platform_id == f"telegram:{person.user_id}"))
            zalo = f"zalo:{zalo_id(person.user_id)}"
            if telegram is None or session.scalar(select(Identity.id).where(Identity.platform_id == zalo)):
                continue
            session.add(Identity(member_id=telegram.member_id, platform_id=zalo, private_chat_id=None))
            added += 1
    return added
