"""The emulated world: bots, users, chats, their messages, and users acting in it.

Everything a test can observe lives here. Bot API methods (``methods.py``) change
the world on behalf of a bot; the ``User`` methods change it on behalf of a person
and turn what they do into updates for the bots that may see it.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from emulator import errors
from emulator.errors import bad_request, forbidden
from emulator.events import EventBus
from emulator.files import FileStore, StoredFile, document_dict, guess_mime_type, photo_size_dict
from emulator.formatting import find_auto_entities
from emulator.updates import UpdateQueue

MEMBER_STATUSES = ("creator", "administrator", "member", "restricted")


class Button(NamedTuple):
    """An inline keyboard button as a test sees it: its label and its callback data or URL."""

    text: str
    data: str | None


@dataclass(eq=False)
class Bot:
    id: int
    token: str
    username: str
    first_name: str
    can_read_all_group_messages: bool
    can_join_groups: bool
    updates: UpdateQueue
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    logged_out: bool = False

    def user_dict(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    def get_me(self) -> dict[str, Any]:
        return {
            **self.user_dict(),
            "can_join_groups": self.can_join_groups,
            "can_read_all_group_messages": self.can_read_all_group_messages,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def __repr__(self) -> str:
        return f"<Bot @{self.username} id={self.id}>"


@dataclass(eq=False)
class Member:
    """A user or bot in a group, with a ChatMember status."""

    account: User | Bot
    status: str  # creator / administrator / member / restricted / left / kicked

    @property
    def is_present(self) -> bool:
        return self.status in MEMBER_STATUSES


@dataclass(eq=False)
class Chat:
    id: int
    type: str  # private / group / supergroup
    title: str | None = None
    username: str | None = None
    user: User | None = None  # private chats: the person
    bot: Bot | None = None  # private chats: the bot
    started: bool = False  # private chats: the person has written to the bot
    blocked: bool = False  # private chats: the person blocked the bot
    members: dict[int, Member] = field(default_factory=dict)
    migrated_to: Chat | None = None
    migrated_from: Chat | None = None
    messages: dict[int, ChatMessage] = field(default_factory=dict)
    actions: list[dict[str, Any]] = field(default_factory=list)
    next_message_id: int = 1

    @property
    def key(self) -> str:
        """Unique across the world: private chats of two bots share the user's id."""
        if self.type == "private":
            assert self.bot is not None and self.user is not None
            return f"private:{self.bot.id}:{self.user.id}"
        return str(self.id)

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup")

    def chat_dict(self) -> dict[str, Any]:
        if self.type == "private":
            assert self.user is not None
            chat = {"id": self.id, "type": "private", "first_name": self.user.first_name}
            if self.user.last_name:
                chat["last_name"] = self.user.last_name
            if self.user.username:
                chat["username"] = self.user.username
            return chat
        chat = {"id": self.id, "type": self.type, "title": self.title}
        if self.username:
            chat["username"] = self.username
        return chat

    def full_info(self) -> dict[str, Any]:
        """ChatFullInfo, with the fields Telegram always sends."""
        info = {
            **self.chat_dict(),
            "accent_color_id": self.id % 7 if self.id > 0 else 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
        return info

    def member(self, account_id: int) -> Member | None:
        return self.members.get(account_id)

    def visible_messages(self) -> list[ChatMessage]:
        return [message for message in self.messages.values() if not message.deleted]

    def __repr__(self) -> str:
        return f"<Chat {self.type} {self.id} {self.title or (self.user and self.user.first_name)!r}>"


@dataclass(eq=False)
class ChatMessage:
    """A message in a chat, as the bots last saw it (edits applied in place)."""

    chat: Chat
    message_id: int
    sender: User | Bot
    data: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False
    # A reply keyboard (or its removal / force reply) sent with the message: the
    # client shows it, but Telegram does not echo it in the Message object.
    keyboard_markup: dict[str, Any] | None = None

    @property
    def from_bot(self) -> bool:
        return isinstance(self.sender, Bot)

    @property
    def text(self) -> str | None:
        return self.data.get("text")

    @property
    def caption(self) -> str | None:
        return self.data.get("caption")

    @property
    def entities(self) -> list[dict[str, Any]]:
        return list(self.data.get("entities") or self.data.get("caption_entities") or [])

    @property
    def date(self) -> int:
        return self.data["date"]

    @property
    def edit_date(self) -> int | None:
        return self.data.get("edit_date")

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        return self.data.get("reply_markup")

    @property
    def buttons(self) -> list[list[Button]]:
        """Inline keyboard rows of (text, callback_data or url)."""
        markup = self.data.get("reply_markup") or {}
        return [
            [Button(button["text"], button.get("callback_data", button.get("url"))) for button in row]
            for row in markup.get("inline_keyboard", [])
        ]

    @property
    def button_texts(self) -> list[str]:
        return [button.text for row in self.buttons for button in row]

    @property
    def keyboard(self) -> list[list[str]]:
        """A reply keyboard sent with this message, as rows of button labels."""
        markup = self.keyboard_markup or {}
        return [
            [button if isinstance(button, str) else button["text"] for button in row]
            for row in markup.get("keyboard", [])
        ]

    @property
    def photo(self) -> list[dict[str, Any]] | None:
        return self.data.get("photo")

    @property
    def document(self) -> dict[str, Any] | None:
        return self.data.get("document")

    @property
    def location(self) -> dict[str, Any] | None:
        return self.data.get("location")

    @property
    def reply_to_message_id(self) -> int | None:
        reply = self.data.get("reply_to_message")
        return reply["message_id"] if reply else None

    @property
    def edits(self) -> list[dict[str, Any]]:
        """Earlier versions, oldest first."""
        return list(self.history)

    def __repr__(self) -> str:
        who = f"@{self.sender.username}" if self.from_bot else self.sender.first_name
        body = self.text if self.text is not None else (self.caption or next(
            (kind for kind in ("photo", "document", "location") if kind in self.data), "service"
        ))
        flags = " deleted" if self.deleted else ""
        return f"<Message {self.message_id} in {self.chat.id} from {who}{flags}: {body!r}>"


@dataclass(eq=False)
class CallbackQueryRecord:
    id: str
    user: User
    bot: Bot
    message: ChatMessage
    data: str
    answered: bool = False
    answer: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "user_id": self.user.id,
            "bot": self.bot.username,
            "chat_id": self.message.chat.id,
            "message_id": self.message.message_id,
            "data": self.data,
            "answered": self.answered,
            "answer": self.answer,
        }


@dataclass(eq=False)
class User:
    """A person in the world. Its coroutines act as the person would in a client."""

    id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str | None
    world: World

    def user_dict(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def private_chat(self, bot: Bot | None = None) -> Chat:
        return self.world.private_chat(self, self.world.single_bot(bot))

    async def send(
        self,
        text: str,
        *,
        chat: Chat | None = None,
        bot: Bot | None = None,
        reply_to: ChatMessage | int | None = None,
    ) -> ChatMessage:
        """Send text (commands get their ``bot_command`` entities automatically)."""
        return self.world.user_message(self, self._chat(chat, bot), text=text, reply_to=reply_to)

    async def reply(self, message: ChatMessage, text: str) -> ChatMessage:
        return await self.send(text, chat=message.chat, reply_to=message)

    async def press(
        self,
        message: ChatMessage,
        text: str | None = None,
        *,
        callback_data: str | None = None,
    ) -> CallbackQueryRecord | ChatMessage:
        """Press an inline button (by label or callback data) or a reply-keyboard button."""
        return self.world.press_button(self, message, text=text, callback_data=callback_data)

    async def share_location(
        self,
        latitude: float,
        longitude: float,
        *,
        chat: Chat | None = None,
        bot: Bot | None = None,
        reply_to: ChatMessage | int | None = None,
    ) -> ChatMessage:
        return self.world.user_message(
            self,
            self._chat(chat, bot),
            location={"latitude": float(latitude), "longitude": float(longitude)},
            reply_to=reply_to,
        )

    async def send_photo(
        self,
        data: bytes,
        caption: str | None = None,
        *,
        chat: Chat | None = None,
        bot: Bot | None = None,
        reply_to: ChatMessage | int | None = None,
    ) -> ChatMessage:
        sizes = self.world.files.store_photo(data)
        return self.world.user_message(
            self, self._chat(chat, bot), photo=sizes, caption=caption, reply_to=reply_to
        )

    async def send_document(
        self,
        data: bytes,
        file_name: str,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        chat: Chat | None = None,
        bot: Bot | None = None,
        reply_to: ChatMessage | int | None = None,
    ) -> ChatMessage:
        stored = self.world.files.store(
            data, "document", file_name=file_name, mime_type=guess_mime_type(file_name, mime_type)
        )
        return self.world.user_message(
            self, self._chat(chat, bot), document=stored, caption=caption, reply_to=reply_to
        )

    async def edit(self, message: ChatMessage, text: str) -> ChatMessage:
        """Edit one of this user's text messages (bots receive ``edited_message``)."""
        return self.world.user_edit(self, message, text)

    def block(self, bot: Bot | None = None) -> None:
        self.world.set_blocked(self, self.world.single_bot(bot), True)

    def unblock(self, bot: Bot | None = None) -> None:
        self.world.set_blocked(self, self.world.single_bot(bot), False)

    def _chat(self, chat: Chat | None, bot: Bot | None) -> Chat:
        return chat if chat is not None else self.private_chat(bot)

    def __repr__(self) -> str:
        return f"<User {self.first_name} id={self.id}>"


class World:
    def __init__(self, clock: Callable[[], float], events: EventBus) -> None:
        self.clock = clock
        self.events = events
        self.files = FileStore()
        self.bots: dict[int, Bot] = {}
        self.bots_by_token: dict[str, Bot] = {}
        self.users: dict[int, User] = {}
        self.groups: dict[int, Chat] = {}
        self.private_chats: dict[tuple[int, int], Chat] = {}
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        self._user_ids = itertools.count(100_000_001)
        self._group_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._random = random.Random(0)
        # The event sequence number at the last action of a person in each chat:
        # waiting for "the next bot message" starts from there.
        self.last_user_action: dict[str, int] = {}

    def now(self) -> int:
        return int(self.clock())

    # ------------------------------------------------------------------ creation

    def add_bot(
        self,
        token: str | None = None,
        username: str | None = None,
        *,
        first_name: str | None = None,
        can_read_all_group_messages: bool = False,
        can_join_groups: bool = True,
    ) -> Bot:
        number = len(self.bots) + 1
        if token is None:
            token = f"{7_000_000_000 + number}:AA{self._random.getrandbits(160):040x}"[:46]
        bot_id_text, _, secret = token.partition(":")
        if not bot_id_text.isdigit() or not secret:
            raise ValueError(f"a bot token looks like '<bot id>:<secret>', not {token!r}")
        if token in self.bots_by_token:
            raise ValueError(f"a bot with token {token!r} already exists")
        bot_id = int(bot_id_text)
        username = username or f"emulated{number}_bot"
        bot = Bot(
            id=bot_id,
            token=token,
            username=username,
            first_name=(first_name or username.removesuffix("_bot").removesuffix("bot").replace("_", " ").title()
                        or username),
            can_read_all_group_messages=can_read_all_group_messages,
            can_join_groups=can_join_groups,
            updates=UpdateQueue(self.clock),
        )
        self.bots[bot_id] = bot
        self.bots_by_token[token] = bot
        return bot

    def add_user(
        self,
        first_name: str,
        last_name: str | None = None,
        *,
        username: str | None = None,
        language_code: str | None = None,
        id: int | None = None,
    ) -> User:
        user_id = id if id is not None else next(self._user_ids)
        if user_id in self.users:
            raise ValueError(f"user {user_id} already exists")
        user = User(user_id, first_name, last_name, username, language_code, self)
        self.users[user_id] = user
        return user

    def add_group(
        self,
        title: str,
        *,
        members: Iterable[User] = (),
        bots: Iterable[Bot] = (),
        admins: Iterable[User | Bot] = (),
        supergroup: bool = False,
        username: str | None = None,
    ) -> Chat:
        number = next(self._group_ids)
        chat_id = -(1_000_000_000_000 + 2_000_000_000 + number) if supergroup else -(4_000_000_000 + number)
        chat = Chat(
            id=chat_id,
            type="supergroup" if supergroup else "group",
            title=title,
            username=username if supergroup else None,
        )
        admin_ids = {account.id for account in admins}
        members = list(members)
        for index, user in enumerate(members):
            status = "creator" if index == 0 else ("administrator" if user.id in admin_ids else "member")
            chat.members[user.id] = Member(user, status)
        for bot in bots:
            chat.members[bot.id] = Member(bot, "administrator" if bot.id in admin_ids else "member")
        self.groups[chat_id] = chat
        return chat

    def private_chat(self, user: User, bot: Bot) -> Chat:
        chat = self.private_chats.get((bot.id, user.id))
        if chat is None:
            chat = Chat(id=user.id, type="private", user=user, bot=bot)
            self.private_chats[(bot.id, user.id)] = chat
        return chat

    def single_bot(self, bot: Bot | None) -> Bot:
        if bot is not None:
            return bot
        if len(self.bots) != 1:
            raise ValueError(
                f"there are {len(self.bots)} bots; say which one (bot=...) or pass chat=..."
            )
        return next(iter(self.bots.values()))

    def find_chat(self, chat_id: int, bot: Bot | None = None) -> Chat | None:
        """A chat by its Bot API id; private chats need the bot when several exist."""
        if chat_id < 0:
            return self.groups.get(chat_id)
        if bot is not None:
            return self.private_chats.get((bot.id, chat_id))
        matches = [chat for (_, user_id), chat in self.private_chats.items() if user_id == chat_id]
        return matches[0] if len(matches) == 1 else None

    # ------------------------------------------------------------------ bot side

    def chat_for_bot(self, bot: Bot, chat_id: int | str, *, sending: bool = True) -> Chat:
        """Resolve a ``chat_id`` parameter as Telegram would for this bot."""
        if isinstance(chat_id, str):
            text = chat_id.strip()
            if text.startswith("@"):
                name = text[1:].lower()
                for chat in self.groups.values():
                    if chat.username and chat.username.lower() == name:
                        return self._check_group_access(bot, chat)
                raise bad_request(errors.CHAT_NOT_FOUND)
            try:
                chat_id = int(text)
            except ValueError:
                raise bad_request(errors.CHAT_NOT_FOUND) from None
        if chat_id > 0:
            if chat_id not in self.users:
                raise bad_request(errors.CHAT_NOT_FOUND)
            private = self.private_chats.get((bot.id, chat_id))
            if private is None or not private.started:
                if sending:
                    raise forbidden(errors.CANT_INITIATE)
                raise bad_request(errors.CHAT_NOT_FOUND)
            if private.blocked and sending:
                raise forbidden(errors.BOT_BLOCKED)
            return private
        group = self.groups.get(chat_id)
        if group is None:
            raise bad_request(errors.CHAT_NOT_FOUND)
        return self._check_group_access(bot, group)

    @staticmethod
    def _check_group_access(bot: Bot, chat: Chat) -> Chat:
        if chat.migrated_to is not None:
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to.id},
            )
        member = chat.member(bot.id)
        kind = "supergroup chat" if chat.type == "supergroup" else "group chat"
        if member is not None and member.status == "kicked":
            raise forbidden(f"bot was kicked from the {kind}")
        if member is None or not member.is_present:
            raise forbidden(f"bot is not a member of the {kind}")
        return chat

    def add_bot_message(self, bot: Bot, chat: Chat, content: dict[str, Any]) -> ChatMessage:
        """Store a message a bot sent and announce it."""
        message = self._new_message(chat, bot, content)
        self.events.publish(
            "message",
            chat_id=chat.id,
            chat_key=chat.key,
            message_id=message.message_id,
            bot=bot.username,
            message=message.data,
        )
        return message

    def apply_edit(self, message: ChatMessage, changes: dict[str, Any], removed: Iterable[str]) -> None:
        message.history.append(dict(message.data))
        for key in removed:
            message.data.pop(key, None)
        message.data.update(changes)
        message.data["edit_date"] = self.now()
        self.events.publish(
            "edit",
            chat_id=message.chat.id,
            chat_key=message.chat.key,
            message_id=message.message_id,
            message=message.data,
            version=len(message.history),
        )

    def delete_message(self, message: ChatMessage, by: str) -> None:
        message.deleted = True
        self.events.publish(
            "delete",
            chat_id=message.chat.id,
            chat_key=message.chat.key,
            message_id=message.message_id,
            by=by,
        )

    # ------------------------------------------------------------------ people

    def user_message(
        self,
        user: User,
        chat: Chat,
        *,
        text: str | None = None,
        caption: str | None = None,
        photo: list[StoredFile] | None = None,
        document: StoredFile | None = None,
        location: dict[str, float] | None = None,
        reply_to: ChatMessage | int | None = None,
    ) -> ChatMessage:
        self._check_can_write(user, chat)
        content: dict[str, Any] = {}
        if text is not None:
            if not text.strip():
                raise ValueError("a message needs some text")
            content["text"] = text
            entities = find_auto_entities(text)
            if entities:
                content["entities"] = entities
        if photo is not None:
            content["photo"] = [photo_size_dict(size) for size in photo]
        if document is not None:
            content["document"] = document_dict(document)
        if location is not None:
            content["location"] = location
        if caption:
            content["caption"] = caption
            caption_entities = find_auto_entities(caption)
            if caption_entities:
                content["caption_entities"] = caption_entities
        if reply_to is not None:
            replied = reply_to if isinstance(reply_to, ChatMessage) else chat.messages.get(reply_to)
            if replied is None or replied.chat is not chat:
                raise ValueError("can only reply to a message of the same chat")
            content["reply_to_message"] = _without_reply(replied.data)
        if chat.type == "private":
            chat.started = True
        message = self._new_message(chat, user, content)
        self._announce_user_action("user_message", user, chat, message)
        self._deliver_to_bots(chat, "message", message)
        return message

    def user_edit(self, user: User, message: ChatMessage, text: str) -> ChatMessage:
        if message.sender is not user or message.text is None:
            raise ValueError("a user can only edit their own text messages")
        changes: dict[str, Any] = {"text": text}
        entities = find_auto_entities(text)
        if entities:
            changes["entities"] = entities
        self.apply_edit(message, changes, removed=("entities",))
        self._announce_user_action("user_edit", user, message.chat, message)
        self._deliver_to_bots(message.chat, "edited_message", message)
        return message

    def press_button(
        self,
        user: User,
        message: ChatMessage,
        *,
        text: str | None,
        callback_data: str | None,
    ) -> CallbackQueryRecord | ChatMessage:
        if message.deleted:
            raise ValueError(f"{message!r} was deleted")
        if message.keyboard and not message.buttons:
            labels = [label for row in message.keyboard for label in row]
            if text not in labels:
                raise ValueError(f"no keyboard button {text!r}; the keyboard has {labels}")
            return self.user_message(user, message.chat, text=text)
        if not isinstance(message.sender, Bot):
            raise ValueError("only bot messages have inline buttons")
        chosen = None
        for row in (message.reply_markup or {}).get("inline_keyboard", []):
            for button in row:
                if (text is not None and button["text"] == text) or (
                    callback_data is not None and button.get("callback_data") == callback_data
                ):
                    chosen = button
                    break
            if chosen:
                break
        if chosen is None:
            raise ValueError(
                f"no button {text or callback_data!r} on {message!r}; buttons: {message.buttons}"
            )
        if "callback_data" not in chosen:
            raise ValueError(f"button {chosen['text']!r} is not a callback button: {chosen}")
        bot = message.sender
        self._check_can_write(user, message.chat)
        query = CallbackQueryRecord(
            id=str(4_000_000_000_000_000 + next(self._callback_ids) * 7919 + user.id % 1000),
            user=user,
            bot=bot,
            message=message,
            data=chosen["callback_data"],
        )
        self.callback_queries[query.id] = query
        body = {
            "id": query.id,
            "from": user.user_dict(),
            "message": dict(message.data),
            "chat_instance": str(abs(hash((message.chat.key, bot.id))) % 10**18),
            "data": query.data,
        }
        self._announce_user_action(
            "callback_query", user, message.chat, message, callback_query_id=query.id, data=query.data
        )
        bot.updates.put("callback_query", body)
        return query

    def set_blocked(self, user: User, bot: Bot, blocked: bool) -> None:
        chat = self.private_chat(user, bot)
        if chat.blocked == blocked:
            return
        chat.blocked = blocked
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        if chat.started:
            bot.updates.put("my_chat_member", self._chat_member_updated(chat, user, bot, old, new))
        self.events.publish(
            "blocked" if blocked else "unblocked", chat_id=chat.id, chat_key=chat.key,
            user_id=user.id, bot=bot.username,
        )

    def add_member(self, chat: Chat, account: User | Bot, *, by: User | None = None) -> ChatMessage:
        if not chat.is_group:
            raise ValueError("members are for groups")
        chat.members[account.id] = Member(account, "member")
        actor = by or (account if isinstance(account, User) else self._any_member(chat))
        if isinstance(account, Bot):
            account.updates.put(
                "my_chat_member", self._chat_member_updated(chat, actor, account, "left", "member")
            )
        return self._service_message(chat, actor, {"new_chat_members": [account.user_dict()]})

    def remove_member(self, chat: Chat, account: User | Bot, *, by: User | None = None) -> ChatMessage:
        member = chat.member(account.id)
        if member is None or not member.is_present:
            raise ValueError(f"{account!r} is not in {chat!r}")
        member.status = "left" if by is None else "kicked"
        actor = by or (account if isinstance(account, User) else self._any_member(chat))
        message = self._service_message(chat, actor, {"left_chat_member": account.user_dict()})
        if isinstance(account, Bot):
            account.updates.put(
                "my_chat_member",
                self._chat_member_updated(chat, actor, account, "member", member.status),
            )
        return message

    def ban_member(self, chat: Chat, account: User | Bot, *, by: User | Bot) -> None:
        """`banChatMember`: the account is out (a service message if it was in) and banned from coming back."""
        member = chat.member(account.id)
        was_present = member is not None and member.is_present
        if member is None:
            member = chat.members[account.id] = Member(account, "kicked")
        member.status = "kicked"
        if was_present:
            self._service_message(chat, by, {"left_chat_member": account.user_dict()})

    def unban_member(self, chat: Chat, account: User | Bot, *, by: User | Bot, only_if_banned: bool) -> None:
        """`unbanChatMember`: a ban is lifted (the account may come back by itself); without `only_if_banned`
        an account still in the chat is removed too, as Telegram guarantees it is not a member afterwards."""
        member = chat.member(account.id)
        if member is None:
            return
        if member.status == "kicked":
            member.status = "left"
        elif member.is_present and not only_if_banned:
            member.status = "left"
            self._service_message(chat, by, {"left_chat_member": account.user_dict()})

    def migrate_to_supergroup(self, group: Chat, *, by: User | None = None) -> Chat:
        if group.type != "group" or group.migrated_to is not None:
            raise ValueError("only a basic group that was not migrated yet can be migrated")
        actor = by or self._any_member(group)
        supergroup = self.add_group(group.title or "", supergroup=True)
        supergroup.members = {
            account_id: Member(member.account, member.status) for account_id, member in group.members.items()
        }
        supergroup.migrated_from = group
        # Telegram first posts the service message in the old group, then in the new one.
        self._service_message(group, actor, {"migrate_to_chat_id": supergroup.id})
        group.migrated_to = supergroup
        self._service_message(
            supergroup, actor, {"migrate_from_chat_id": group.id}, sender_chat=group
        )
        return supergroup

    # ------------------------------------------------------------------ internals

    def _any_member(self, chat: Chat) -> User:
        for member in chat.members.values():
            if isinstance(member.account, User) and member.is_present:
                return member.account
        raise ValueError(f"{chat!r} has no person who could do that")

    def _check_can_write(self, user: User, chat: Chat) -> None:
        if chat.type == "private":
            if chat.user is not user:
                raise ValueError(f"{user!r} is not in {chat!r}")
            if chat.blocked:
                raise ValueError(f"{user!r} blocked {chat.bot!r}; unblock() first")
            return
        if chat.migrated_to is not None:
            raise ValueError(f"{chat!r} was migrated to {chat.migrated_to!r}")
        member = chat.member(user.id)
        if member is None or not member.is_present:
            raise ValueError(f"{user!r} is not a member of {chat!r}")

    def _new_message(self, chat: Chat, sender: User | Bot, content: dict[str, Any]) -> ChatMessage:
        message_id = chat.next_message_id
        chat.next_message_id += 1
        data: dict[str, Any] = {
            "message_id": message_id,
            "from": sender.user_dict(),
            "chat": chat.chat_dict(),
            "date": self.now(),
            **content,
        }
        message = ChatMessage(chat=chat, message_id=message_id, sender=sender, data=data)
        chat.messages[message_id] = message
        return message

    def _service_message(
        self,
        chat: Chat,
        actor: User | Bot,
        content: dict[str, Any],
        *,
        sender_chat: Chat | None = None,
    ) -> ChatMessage:
        message = self._new_message(chat, actor, content)
        if sender_chat is not None:
            message.data["sender_chat"] = sender_chat.chat_dict()
        self._announce_user_action("service_message", actor, chat, message)
        self._deliver_to_bots(chat, "message", message)
        return message

    def _announce_user_action(
        self, kind: str, user: User | Bot, chat: Chat, message: ChatMessage, **extra: Any
    ) -> None:
        event = self.events.publish(
            kind,
            chat_id=chat.id,
            chat_key=chat.key,
            user_id=user.id,
            message_id=message.message_id,
            message=message.data,
            **extra,
        )
        self.last_user_action[chat.key] = event.seq

    def _deliver_to_bots(self, chat: Chat, update_type: str, message: ChatMessage) -> None:
        if chat.type == "private":
            assert chat.bot is not None
            chat.bot.updates.put(update_type, dict(message.data))
            return
        for member in chat.members.values():
            bot = member.account
            if not isinstance(bot, Bot) or not member.is_present:
                continue
            if bot.can_read_all_group_messages or member.status == "administrator":
                bot.updates.put(update_type, dict(message.data))
            elif _privacy_mode_lets_through(bot, message):
                bot.updates.put(update_type, dict(message.data))

    def _chat_member_updated(
        self, chat: Chat, actor: User, account: User | Bot, old: str, new: str
    ) -> dict[str, Any]:
        def member(status: str) -> dict[str, Any]:
            body: dict[str, Any] = {"status": status, "user": account.user_dict()}
            if status == "kicked":
                body["until_date"] = 0
            return body

        return {
            "chat": chat.chat_dict(),
            "from": actor.user_dict(),
            "date": self.now(),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }


_SERVICE_KEYS = {
    "new_chat_members", "left_chat_member", "new_chat_title", "new_chat_photo",
    "delete_chat_photo", "group_chat_created", "supergroup_chat_created",
    "migrate_to_chat_id", "migrate_from_chat_id", "pinned_message",
}


def _privacy_mode_lets_through(bot: Bot, message: ChatMessage) -> bool:
    """What a bot in privacy mode sees in a group (core.telegram.org/bots/features#privacy-mode)."""
    data = message.data
    if _SERVICE_KEYS & data.keys():
        return True
    reply = data.get("reply_to_message")
    if reply and reply.get("from", {}).get("id") == bot.id:
        return True
    text = data.get("text") or data.get("caption") or ""
    entities = data.get("entities") or data.get("caption_entities") or []
    for entity in entities:
        fragment = _utf16_slice(text, entity["offset"], entity["length"])
        if entity["type"] == "bot_command":
            _, _, addressee = fragment.partition("@")
            if not addressee or addressee.lower() == bot.username.lower():
                return True
        elif entity["type"] == "mention" and fragment[1:].lower() == bot.username.lower():
            return True
        elif entity["type"] == "text_mention" and entity.get("user", {}).get("id") == bot.id:
            return True
    return False


def _utf16_slice(text: str, offset: int, length: int) -> str:
    encoded = text.encode("utf-16-le")
    return encoded[offset * 2:(offset + length) * 2].decode("utf-16-le", "replace")


def _without_reply(data: dict[str, Any]) -> dict[str, Any]:
    """Telegram nests one level of reply_to_message only."""
    return {key: value for key, value in data.items() if key != "reply_to_message"}
