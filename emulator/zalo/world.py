"""The emulated Zalo world: bots, people, private chats and groups, their messages, and people acting in it.

Zalo's shapes (see `../shared/notes/zalo.md`): every id is a hex string (a bot's id is the number before the
colon of its token), dates are milliseconds, a private chat's id is the person's id, a group's chat_type is
"GROUP". A bot can write into a private chat only once the person has written to it (the chat id exists from
their first message). In a group the bot sees only the messages that mention it or reply to one of its own.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from emulator.errors import ApiError
from emulator.events import EventBus
from emulator.zalo.updates import ZaloUpdateQueue

PRIVATE = "PRIVATE"
GROUP = "GROUP"


def zalo_error(status: int, description: str, *, invalid: bool | None = None) -> ApiError:
    """Zalo answers `{ok: false, error_code, description}` with the code as the HTTP status."""
    return ApiError(status, description, invalid=invalid)


def bad_request(reason: str) -> ApiError:
    return zalo_error(400, f"Bad Request: {reason}")


@dataclass
class Shapes:
    """Which of the update shapes seen in Zalo's reference and in its clients the emulator sends.

    The bot must read them all: `first_name` (the reference's sample) or `display_name` (other clients) for the
    sender's name, `photo_url` or `photo` for an image, `event_name` present or left out, and a webhook body
    wrapped as `{ok, result}` or bare."""

    name_field: str = "display_name"        # or "first_name"
    photo_field: str = "photo_url"          # or "photo"
    event_name: bool = True                 # False: updates come without event_name
    webhook_body: str = "wrapped"           # or "bare"

    def update(self, **changes: Any) -> None:
        unknown = sorted(set(changes) - set(self.__dataclass_fields__))
        if unknown:
            raise ValueError(f"unknown shape {unknown[0]!r}; known: {sorted(self.__dataclass_fields__)}")
        choices = {"name_field": ("display_name", "first_name"), "photo_field": ("photo_url", "photo"),
                   "webhook_body": ("wrapped", "bare"), "event_name": (True, False)}
        for name, value in changes.items():
            if value not in choices[name]:
                raise ValueError(f"{name} must be one of {choices[name]}, not {value!r}")
        for name, value in changes.items():
            setattr(self, name, value)

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(eq=False)
class ZaloBot:
    id: str
    token: str
    account_name: str
    display_name: str
    updates: ZaloUpdateQueue
    can_join_groups: bool = True
    account_type: str = "BASIC"

    def get_me(self) -> dict[str, Any]:
        return {"id": self.id, "account_name": self.account_name, "account_type": self.account_type,
                "can_join_groups": self.can_join_groups}

    def sender_dict(self) -> dict[str, Any]:
        return {"id": self.id, "display_name": self.display_name, "is_bot": True}

    def __repr__(self) -> str:
        return f"<ZaloBot {self.account_name} id={self.id}>"


@dataclass(eq=False)
class ZaloChat:
    id: str
    chat_type: str                       # PRIVATE / GROUP
    title: str | None = None
    user: ZaloUser | None = None       # private chats: the person
    bot: ZaloBot | None = None           # private chats: the bot
    started: bool = False                # private chats: the person has written to the bot
    blocked: bool = False                # private chats: the person blocked the bot
    members: dict[str, ZaloUser | ZaloBot] = field(default_factory=dict)
    messages: dict[str, ZaloMessage] = field(default_factory=dict)
    actions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Unique across the world: the private chats of two bots share the person's id."""
        if self.chat_type == PRIVATE:
            assert self.bot is not None and self.user is not None
            return f"private:{self.bot.id}:{self.user.id}"
        return f"group:{self.id}"

    @property
    def is_group(self) -> bool:
        return self.chat_type == GROUP

    def chat_dict(self) -> dict[str, Any]:
        return {"id": self.id, "chat_type": self.chat_type}

    def __repr__(self) -> str:
        name = self.title or (self.user.display_name if self.user else "")
        return f"<ZaloChat {self.chat_type} {self.id} {name!r}>"


@dataclass(eq=False)
class ZaloMessage:
    """A message in a chat: what the person or the bot sent, as the platform keeps it."""

    chat: ZaloChat
    message_id: str
    sender: ZaloUser | ZaloBot
    date: int                            # milliseconds
    text: str | None = None
    caption: str | None = None
    photo_url: str | None = None
    sticker: str | None = None
    voice_url: str | None = None
    unsupported: bool = False
    reply_to_message_id: str | None = None

    @property
    def from_bot(self) -> bool:
        return isinstance(self.sender, ZaloBot)

    @property
    def event_name(self) -> str:
        if self.photo_url is not None:
            return "message.image.received"
        if self.sticker is not None:
            return "message.sticker.received"
        if self.voice_url is not None:
            return "message.voice.received"
        if self.unsupported:
            return "message.unsupported.received"
        return "message.text.received"

    def to_json(self) -> dict[str, Any]:
        """As the control API and the event log show it (not the update's shape: see `ZaloWorld.update_for`)."""
        return {
            "message_id": self.message_id, "chat_id": self.chat.id, "chat_type": self.chat.chat_type,
            "from_bot": self.from_bot, "sender": {"id": self.sender.id, "name": self.sender.display_name},
            "date": self.date, "text": self.text, "caption": self.caption, "photo_url": self.photo_url,
            "sticker": self.sticker, "voice_url": self.voice_url, "unsupported": self.unsupported,
            "reply_to_message_id": self.reply_to_message_id,
        }

    def __repr__(self) -> str:
        who = "bot" if self.from_bot else self.sender.display_name
        body = self.text if self.text is not None else (self.caption or self.event_name)
        return f"<ZaloMessage {self.message_id[:8]} in {self.chat.id} from {who}: {body!r}>"


@dataclass(eq=False)
class ZaloUser:
    """A person on Zalo. Its coroutines act as the person would in the app."""

    id: str
    display_name: str
    world: ZaloWorld

    def private_chat(self, bot: ZaloBot | None = None) -> ZaloChat:
        return self.world.private_chat(self, self.world.single_bot(bot))

    async def send(self, text: str, *, chat: ZaloChat | None = None, bot: ZaloBot | None = None,
                   reply_to: ZaloMessage | str | None = None) -> ZaloMessage:
        return self.world.user_message(self, self._chat(chat, bot), text=text, reply_to=reply_to)

    async def mention(self, group: ZaloChat, text: str = "", *, bot: ZaloBot | None = None) -> ZaloMessage:
        """Write in a group with "@<bot's name>" in front, the way a person gets the bot's attention there."""
        target = bot or next((m for m in group.members.values() if isinstance(m, ZaloBot)), None)
        if target is None:
            raise ValueError(f"no bot in {group!r}")
        body = f"@{target.display_name} {text}".rstrip()
        return self.world.user_message(self, group, text=body)

    async def send_photo(self, data: bytes, caption: str | None = None, *, chat: ZaloChat | None = None,
                         bot: ZaloBot | None = None, mime_type: str = "image/jpeg") -> ZaloMessage:
        """A photo from the phone: Zalo keeps it on its servers and the bot gets a URL that expires."""
        url = self.world.media.store(data, mime_type)
        return self.world.user_message(self, self._chat(chat, bot), photo_url=url, caption=caption)

    async def send_photo_url(self, url: str, caption: str | None = None, *, chat: ZaloChat | None = None,
                             bot: ZaloBot | None = None) -> ZaloMessage:
        return self.world.user_message(self, self._chat(chat, bot), photo_url=url, caption=caption)

    async def send_sticker(self, sticker: str = "sticker-1", *, chat: ZaloChat | None = None,
                           bot: ZaloBot | None = None) -> ZaloMessage:
        return self.world.user_message(self, self._chat(chat, bot), sticker=sticker)

    async def send_voice(self, url: str = "https://voice.example/1.aac", *, chat: ZaloChat | None = None,
                         bot: ZaloBot | None = None) -> ZaloMessage:
        return self.world.user_message(self, self._chat(chat, bot), voice_url=url)

    async def send_unsupported(self, *, chat: ZaloChat | None = None, bot: ZaloBot | None = None) -> ZaloMessage:
        """Something the Bot API does not pass on (a file, a location, a contact card)."""
        return self.world.user_message(self, self._chat(chat, bot), unsupported=True)

    def block(self, bot: ZaloBot | None = None) -> None:
        self.private_chat(bot).blocked = True

    def unblock(self, bot: ZaloBot | None = None) -> None:
        self.private_chat(bot).blocked = False

    def _chat(self, chat: ZaloChat | None, bot: ZaloBot | None) -> ZaloChat:
        return chat if chat is not None else self.private_chat(bot)

    def __repr__(self) -> str:
        return f"<ZaloUser {self.display_name} id={self.id}>"


class ZaloWorld:
    def __init__(self, clock: Callable[[], float], events: EventBus, media: Any, shapes: Shapes,
                 *, seed: int | None = None) -> None:
        self.clock = clock
        self.events = events
        self.media = media
        self.shapes = shapes
        self.bots: dict[str, ZaloBot] = {}
        self.bots_by_token: dict[str, ZaloBot] = {}
        self.users: dict[str, ZaloUser] = {}
        self.groups: dict[str, ZaloChat] = {}
        self.private_chats: dict[tuple[str, str], ZaloChat] = {}
        # Ids differ between runs unless seeded: a bot that keeps its inbox across an emulator's restart must not
        # take a new message for one it already handled.
        self._random = random.Random(seed)
        # The event sequence number at the last action of a person in each chat: "the next bot message" is after it.
        self.last_user_action: dict[str, int] = {}

    def now_ms(self) -> int:
        return int(self.clock() * 1000)

    def _hex(self, length: int) -> str:
        return f"{self._random.getrandbits(length * 4):0{length}x}"

    # ------------------------------------------------------------------ creation

    def add_bot(self, token: str | None = None, name: str | None = None, *, can_join_groups: bool = True) -> ZaloBot:
        number = len(self.bots) + 1
        if token is None:
            token = f"{2_000_000_000_000_000_000 + number}:{self._hex(40)}"
        bot_id, _, secret = token.partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError(f"a Zalo bot token looks like '<bot id>:<secret>', not {token!r}")
        if token in self.bots_by_token:
            raise ValueError("a bot with this token already exists")
        display_name = name or f"Bot {number}"
        bot = ZaloBot(id=bot_id, token=token, account_name=f"bot.{self._hex(9)}", display_name=display_name,
                      updates=ZaloUpdateQueue(self.clock), can_join_groups=can_join_groups)
        self.bots[bot_id] = bot
        self.bots_by_token[token] = bot
        return bot

    def add_user(self, display_name: str, *, id: str | None = None) -> ZaloUser:
        user_id = id or self._hex(16)
        if user_id in self.users:
            raise ValueError(f"user {user_id} already exists")
        user = ZaloUser(user_id, display_name, self)
        self.users[user_id] = user
        return user

    def add_group(self, title: str, *, members: Iterable[ZaloUser] = (), bots: Iterable[ZaloBot] = (),
                  id: str | None = None) -> ZaloChat:
        chat = ZaloChat(id=id or self._hex(18), chat_type=GROUP, title=title)
        accounts: list[ZaloUser | ZaloBot] = [*members, *bots]
        for account in accounts:
            chat.members[account.id] = account
        self.groups[chat.id] = chat
        return chat

    def add_member(self, chat: ZaloChat, account: ZaloUser | ZaloBot) -> None:
        if not chat.is_group:
            raise ValueError("only groups have members")
        chat.members[account.id] = account

    def remove_member(self, chat: ZaloChat, account: ZaloUser | ZaloBot) -> None:
        chat.members.pop(account.id, None)

    def private_chat(self, user: ZaloUser, bot: ZaloBot) -> ZaloChat:
        chat = self.private_chats.get((bot.id, user.id))
        if chat is None:
            chat = ZaloChat(id=user.id, chat_type=PRIVATE, user=user, bot=bot)
            self.private_chats[(bot.id, user.id)] = chat
        return chat

    def single_bot(self, bot: ZaloBot | None) -> ZaloBot:
        if bot is not None:
            return bot
        if len(self.bots) != 1:
            raise ValueError(f"there are {len(self.bots)} bots; say which one (bot=...) or pass chat=...")
        return next(iter(self.bots.values()))

    def chat_by_id(self, chat_id: str, bot: ZaloBot | None = None) -> ZaloChat | None:
        if chat_id in self.groups:
            return self.groups[chat_id]
        if bot is not None:
            return self.private_chats.get((bot.id, chat_id))
        found = [chat for (_, user_id), chat in self.private_chats.items() if user_id == chat_id]
        return found[0] if len(found) == 1 else None

    # ------------------------------------------------------------------ the bot's side

    def chat_for_bot(self, bot: ZaloBot, chat_id: Any) -> ZaloChat:
        """The chat a bot names in a send, or the error Zalo answers."""
        if not isinstance(chat_id, str) or not chat_id:
            raise bad_request("chat_id must be a non-empty string")
        group = self.groups.get(chat_id)
        if group is not None:
            if bot.id not in group.members:
                raise zalo_error(403, "Forbidden: the bot is not a member of this group")
            return group
        chat = self.private_chats.get((bot.id, chat_id))
        if chat is None or not chat.started:
            # The chat id exists only once the person wrote to the bot: this one was made up or is another bot's.
            raise bad_request("chat not found")
        if chat.blocked:
            raise zalo_error(403, "Forbidden: the user has blocked the bot")
        return chat

    def add_bot_message(self, bot: ZaloBot, chat: ZaloChat, **content: Any) -> ZaloMessage:
        message = self._new_message(chat, bot, **content)
        self.events.publish("message", chat_id=chat.id, chat_key=chat.key, message_id=message.message_id,
                            bot=bot.id, message=message.to_json())
        return message

    def add_chat_action(self, bot: ZaloBot, chat: ZaloChat, action: str) -> None:
        record = {"action": action, "date": self.now_ms(), "bot": bot.id}
        chat.actions.append(record)
        self.events.publish("chat_action", chat_id=chat.id, chat_key=chat.key, action=action, bot=bot.id)

    # ------------------------------------------------------------------ the people's side

    def user_message(self, user: ZaloUser, chat: ZaloChat, *, reply_to: ZaloMessage | str | None = None,
                     **content: Any) -> ZaloMessage:
        if chat.is_group and user.id not in chat.members:
            raise ValueError(f"{user!r} is not in {chat!r}")
        if chat.chat_type == PRIVATE:
            chat.started = True
        reply_id = reply_to.message_id if isinstance(reply_to, ZaloMessage) else reply_to
        message = self._new_message(chat, user, reply_to_message_id=reply_id, **content)
        event = self.events.publish("user_message", chat_id=chat.id, chat_key=chat.key, user_id=user.id,
                                    message_id=message.message_id, message=message.to_json())
        self.last_user_action[chat.key] = event.seq
        for bot in self._bots_that_see(chat, message):
            bot.updates.put(self.update_for(message))
        return message

    def _bots_that_see(self, chat: ZaloChat, message: ZaloMessage) -> list[ZaloBot]:
        if chat.chat_type == PRIVATE:
            assert chat.bot is not None
            return [chat.bot]
        seen = []
        replied = chat.messages.get(message.reply_to_message_id or "")
        for member in chat.members.values():
            if not isinstance(member, ZaloBot):
                continue
            mentioned = f"@{member.display_name}".casefold() in (message.text or message.caption or "").casefold()
            if mentioned or (replied is not None and replied.sender is member):
                seen.append(member)
        return seen

    def update_for(self, message: ZaloMessage) -> dict[str, Any]:
        """The update a bot receives for a person's message, in the shapes currently chosen."""
        sender = message.sender
        body: dict[str, Any] = {
            "from": {"id": sender.id, self.shapes.name_field: sender.display_name, "is_bot": message.from_bot},
            "chat": message.chat.chat_dict(),
            "message_id": message.message_id,
            "date": message.date,
        }
        if message.text is not None:
            body["text"] = message.text
        if message.photo_url is not None:
            body[self.shapes.photo_field] = message.photo_url
            if message.caption is not None:
                body["caption"] = message.caption
        if message.sticker is not None:
            body["sticker"] = message.sticker
        if message.voice_url is not None:
            body["voice_url"] = message.voice_url
        update: dict[str, Any] = {"message": body}
        if self.shapes.event_name:
            update = {"event_name": message.event_name, **update}
        return update

    def _new_message(self, chat: ZaloChat, sender: ZaloUser | ZaloBot, **content: Any) -> ZaloMessage:
        message = ZaloMessage(chat=chat, message_id=self._hex(32), sender=sender, date=self.now_ms(), **content)
        chat.messages[message.message_id] = message
        return message
