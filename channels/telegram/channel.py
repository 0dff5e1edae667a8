"""The Telegram channel: an Update in as `Incoming` for the neutral turn runner, `Reply`s out as Bot API calls.

One PTB handler takes every update (`TelegramChannel.on_update`); routing, the unit of work and error reports
are the core's (`handlers.turns`). What stays here is what only Telegram has: the update's shape, inline
keyboards, edits in place, the notice on a pressed button, the command menu, deep links.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session
from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, ChatMember, MessageEntity, Update
from telegram.constants import ChatAction, MessageLimit
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import Application, CallbackContext, ExtBot, TypeHandler

from channels.text import split_long_text
from handlers.conversation import Activity, Button, Capabilities, Incoming, InputKind, Outcome, Reply
from handlers.errors import report_error
from handlers.routing import Action
from handlers.turns import TurnRunner
from models.named_messages import record_named
from models.people import Role, private_chats_by_role
from texts import common as t

log = logging.getLogger(__name__)
PLATFORM = "telegram"
CAPTION_LIMIT = 1024
ACTIVITIES = {Activity.typing: ChatAction.TYPING, Activity.uploading_document: ChatAction.UPLOAD_DOCUMENT}


def telegram_capabilities(username: str | None = None) -> Capabilities:
    """Telegram can do everything the core asks; the deep link needs the bot's username (known after getMe)."""
    return Capabilities(
        platform=PLATFORM, max_text=MessageLimit.MAX_TEXT_LENGTH, buttons=True, edit=True, button_notice=True,
        location=True, photos_in=True, photos_out=True, documents=True, command_menu=True,
        deep_link=f"https://t.me/{username}?start={{payload}}" if username else None, max_button_data=64)


def platform_id(raw_id: int) -> str:
    return f"{PLATFORM}:{raw_id}"


def raw_chat_id(chat_id: str) -> int:
    platform, _, raw = chat_id.partition(":")
    if platform != PLATFORM:
        raise ValueError(f"not a Telegram chat: {chat_id}")
    return int(raw)


def inbox_source(bot: ExtBot) -> str:
    return f"{PLATFORM}:{bot.token.split(':', 1)[0]}"


def to_incoming(update: Update, *, source: str = "", username: str = "") -> Incoming | None:
    """The update as the core sees it; None for what is neither a message, a button nor the bot joining or
    leaving a group (an edited message, a poll, a channel post): the runner marks those handled."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return None
    common: dict[str, Any] = dict(
        platform=PLATFORM, user_id=platform_id(user.id), chat_id=platform_id(chat.id),
        is_private=chat.type == chat.PRIVATE, user_name=user.full_name, language=(user.language_code or "vi")[:2],
        chat_title=chat.title or "", source=source, update_key=str(update.update_id))
    membership = update.my_chat_member
    if membership is not None:
        if chat.type == chat.PRIVATE:
            return None   # the person stopped or restarted the bot: a failed send says so when it matters
        was_in, is_in = _inside(membership.old_chat_member), _inside(membership.new_chat_member)
        if was_in == is_in:
            return None   # a change of rights, not of presence
        return Incoming(kind=InputKind.bot_added if is_in else InputKind.bot_removed, **common)
    query = update.callback_query
    if query is not None:
        message_id = str(query.message.message_id) if query.message is not None else None
        return Incoming(kind=InputKind.button, button_data=query.data or "", button_ref=query.id,
                        message_id=message_id, message_buttons=_buttons_of(query.message), **common)
    message = update.message
    if message is None:
        return None
    if message.location is not None:
        return Incoming(kind=InputKind.location, latitude=message.location.latitude,
                        longitude=message.location.longitude, **common)
    if message.photo:
        return Incoming(kind=InputKind.photo, photo_ref=f"{PLATFORM}:{message.photo[-1].file_id}",
                        text=message.caption or "", **common)
    text = message.text or ""
    entity = message.entities[0] if message.entities else None
    if entity is not None and entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
        head, args = text[:entity.length], text[entity.length:].strip()
        name, _, addressee = head[1:].partition("@")
        if addressee and username and addressee.lower() != username.lower():
            return Incoming(kind=InputKind.other, **common)   # another bot's command in a group
        return Incoming(kind=InputKind.command, text=text, command=name.lower(), args=args, **common)
    if message.text is not None:
        return Incoming(kind=InputKind.text, text=text, typed_message_id=str(message.message_id), **common)
    return Incoming(kind=InputKind.other, **common)


def _buttons_of(message: Any) -> tuple[tuple[Button, ...], ...] | None:
    """The inline keyboard of the message whose button was pressed (None when Telegram no longer shows it)."""
    markup = getattr(message, "reply_markup", None)
    if markup is None:
        return None
    return tuple(tuple(Button.link(b.text, b.url) if b.url else Button.option(b.text, b.callback_data or "")
                       for b in row) for row in markup.inline_keyboard)


def _inside(member: ChatMember) -> bool:
    if member.status in (ChatMember.OWNER, ChatMember.ADMINISTRATOR, ChatMember.MEMBER):
        return True
    return member.status == ChatMember.RESTRICTED and bool(getattr(member, "is_member", False))


class TelegramChannel:
    """`handlers.conversation.Channel` on a python-telegram-bot `Application`."""

    def __init__(self, bot: ExtBot, runner: TurnRunner) -> None:
        self.bot = bot
        self.runner = runner
        self.services = runner.services
        self.source = inbox_source(bot)
        self.username = ""
        self.capabilities = telegram_capabilities()

    def started(self, username: str) -> None:
        """getMe answered: the deep links can be built."""
        self.username = username
        self.capabilities = telegram_capabilities(username)

    def install(self, app: Application) -> None:
        """One handler for every update, and the error handler for what fails outside a turn."""
        app.add_handler(TypeHandler(Update, self.on_update))
        app.add_error_handler(self.on_error)

    async def on_update(self, update: Update, _context: object = None, action: Action | None = None
                        ) -> None:
        incoming = to_incoming(update, source=self.source, username=self.username)
        if incoming is None:
            await self.runner.mark_handled(self.source, str(update.update_id))
            return
        await self.runner.handle(self, incoming, action)

    async def respond(self, incoming: Incoming, outcome: Outcome) -> None:
        if incoming.button_ref is not None:
            # The button's answer and the replies do not depend on each other: one round trip instead of two.
            await asyncio.gather(self._answer_button(incoming.button_ref, outcome.notice),
                                 self.deliver(outcome.replies))
        else:
            await self.deliver(outcome.replies)
        for chat_id, role in outcome.menus_to_refresh:
            await self.set_chat_menu(chat_id, role)

    async def deliver(self, replies: Sequence[Reply]) -> None:
        """Send what a turn said. The turn is committed already: a failed send is logged and the rest still goes,
        rather than an apology that would make the person do it all again."""
        named: list[tuple[Reply, str]] = []
        for reply in replies:
            try:
                shown = await self._deliver_one(reply)
            except TelegramError as error:
                log.warning("reply to %s not delivered: %s", reply.chat_id, error)
                continue
            if reply.names:
                named += [(reply, message_id) for message_id in shown]
        if named:
            await self._remember_named(named)

    async def _remember_named(self, named: Sequence[tuple[Reply, str]]) -> None:
        """The messages that show someone's data, kept so that erasing it deletes them (a message the bot could
        not note is only one that stays: never worth losing the rest of the turn over)."""
        now = self.services.clock.now()

        def remember(session: Session) -> None:
            for reply, message_id in named:
                record_named(session, reply.names, chat_id=reply.chat_id, message_id=message_id, now=now)

        try:
            await self.services.database.run(remember)
        except Exception:
            log.exception("messages naming %s not noted", sorted({n for reply, _ in named for n in reply.names}))

    async def show_activity(self, chat_id: str, activity: Activity) -> None:
        try:
            await self.bot.send_chat_action(raw_chat_id(chat_id), ACTIVITIES[activity])
        except TelegramError:
            log.debug("chat action to %s failed", chat_id)   # a nicety: never worth failing what it shows

    async def on_error(self, update: object, context: CallbackContext) -> None:
        """What failed outside a turn (the runner reports its own): the person gets an apology with an id."""
        error = context.error
        if not isinstance(update, Update) or error is None:
            log.error("error outside an update", exc_info=error)
            return
        user = update.effective_user
        error_id = await report_error(self.services, error, who=platform_id(user.id) if user else "?",
                                      source=self.source, update_key=str(update.update_id))
        if update.callback_query is not None:
            await self._answer_button(update.callback_query.id, None)
        chat = update.effective_chat
        if chat is not None:
            await self.deliver([Reply(platform_id(chat.id), t.ERROR_APOLOGY.format(error_id=error_id))])

    async def _answer_button(self, query_id: str, text: str | None) -> None:
        try:
            await self.bot.answer_callback_query(query_id, text[:200] if text else None)
        except TelegramError as error:
            # Too old to answer (Telegram allows about 15 minutes) or a network hiccup: the work is done anyway.
            log.info("callback answer failed: %s", error)

    async def _deliver_one(self, reply: Reply) -> list[str]:
        """Send or edit; the ids of the messages that now show the reply."""
        chat_id = raw_chat_id(reply.chat_id)
        markup = _markup(reply)
        protect = True if reply.names else None   # a message naming someone is not to be forwarded or saved
        if reply.document_path:
            with open(reply.document_path, "rb") as handle:
                sent = await self.bot.send_document(chat_id, handle, filename=reply.document_name,
                                                    caption=reply.text[:CAPTION_LIMIT] or None,
                                                    protect_content=protect)
            return [str(sent.message_id)]
        if reply.buttons_only and reply.edit_message_id is not None:
            try:   # the text stays as it is; only the keyboard changes
                await _call(self.bot, "edit_message_reply_markup", chat_id=chat_id,
                            message_id=int(reply.edit_message_id),
                            reply_markup=markup or {"inline_keyboard": []})
            except NetworkError as error:
                log.info("buttons of message %s not changed: %s", reply.edit_message_id, error)
            return []
        if reply.edit_message_id is not None:
            inline = markup if markup is None or "inline_keyboard" in markup else None
            try:
                await _call(self.bot, "edit_message_text", chat_id=chat_id, message_id=int(reply.edit_message_id),
                            text=reply.text[:MessageLimit.MAX_TEXT_LENGTH], reply_markup=inline)
                return [reply.edit_message_id]
            except NetworkError as error:   # BadRequest and TimedOut included
                if "not modified" in str(error).lower():
                    return [reply.edit_message_id]
                # The message is gone or too old to edit, or the edit did not get through: say it as a new
                # message instead, since an edit may carry the next question (a repeat beats a form that stops).
        pieces = split_long_text(reply.text, MessageLimit.MAX_TEXT_LENGTH)
        shown = []
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            try:
                sent = await _call(self.bot, "send_message", chat_id=chat_id, text=piece,
                                   reply_markup=markup if last else None, protect_content=protect)
            except Forbidden:
                log.info("chat %s blocked the bot; reply dropped", chat_id)
                break
            if isinstance(sent, dict) and "message_id" in sent:
                shown.append(str(sent["message_id"]))
        return shown

    # -- the command menu

    def _menu_for(self, role: Role) -> tuple[list[BotCommand], list[BotCommand]]:
        commands = [c for c in self.services.commands
                    if c.in_menu and (c.min_role is None or role.at_least(c.min_role))]
        vietnamese = [BotCommand(c.name, c.description_vi) for c in commands]
        english = [BotCommand(c.names[-1], c.description_en or c.description_vi) for c in commands]
        return vietnamese, english

    async def set_command_menu(self) -> None:
        """The menu in Vietnamese, and in English for users whose Telegram speaks English; coordinators and
        admins get their own commands in their private chats."""
        vietnamese, english = self._menu_for(Role.member)
        await self.bot.set_my_commands(vietnamese, scope=BotCommandScopeDefault())
        await self.bot.set_my_commands(english, scope=BotCommandScopeDefault(), language_code="en")
        chats = await self.services.database.run(lambda session: private_chats_by_role(session, Role.coordinator))
        for chat_id, role in chats:
            if chat_id.startswith(f"{PLATFORM}:"):
                await self.set_chat_menu(chat_id, role)

    async def set_chat_menu(self, chat_id: str, role: Role) -> None:
        if not chat_id.startswith(f"{PLATFORM}:"):
            return   # another channel's chat
        vietnamese, english = self._menu_for(role)
        scope = BotCommandScopeChat(raw_chat_id(chat_id))
        try:
            await self.bot.set_my_commands(vietnamese, scope=scope)
            await self.bot.set_my_commands(english, scope=scope, language_code="en")
        except (BadRequest, Forbidden):
            log.info("could not set the menu of chat %s", chat_id)


def _markup(reply: Reply) -> dict[str, Any] | None:
    """The reply's keyboard as the Bot API's JSON (InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove)."""
    if reply.buttons:
        return {"inline_keyboard": [
            [{"text": b.text, "url": b.url} if b.url else {"text": b.text, "callback_data": b.data} for b in row]
            for row in reply.buttons
        ]}
    if reply.request_location:
        from texts.forms import SHARE_LOCATION

        return {"keyboard": [[{"text": SHARE_LOCATION, "request_location": True}]], "resize_keyboard": True,
                "one_time_keyboard": True}
    if reply.remove_keyboard:
        return {"remove_keyboard": True}
    return None


async def _call(bot: ExtBot, endpoint: str, **arguments: Any) -> Any:
    """A Bot API call answered as raw JSON: PTB's send_message would parse the returned Message into objects,
    which cost more than the rest of sending a reply (`delegation-bot bench chat`)."""
    return await bot.do_api_request(endpoint, api_kwargs={k: v for k, v in arguments.items() if v is not None})
