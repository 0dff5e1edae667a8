"""The Telegram channel: Updates in as `Incoming`, `Reply` out as Bot API calls, one unit of work per update."""

from __future__ import annotations

import asyncio
import logging
import traceback
import uuid
import warnings
from collections.abc import Sequence
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.constants import MessageLimit
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import (
    Application, CallbackContext, CallbackQueryHandler, CommandHandler, ExtBot, MessageHandler, filters,
)
from telegram.warnings import PTBUserWarning

from handlers.conversation import Incoming, InputKind, Reply, Services, Turn
from handlers.routing import ButtonRoute, Command, Router, run_button, run_command
from models.conversation import claim_for_handling
from models.deliveries import enqueue_delivery
from models.errors import DomainError
from models.people import (
    ChatPurpose, Identity, Role, bound_chat, identity_of, private_chats_by_role, register_bootstrap_admin,
)
from texts import common as t

log = logging.getLogger(__name__)
PLATFORM = "telegram"
# Replies go out through do_api_request on purpose (see _call); the library would suggest its own methods.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.(send_message|edit_message_text)'",
                        category=PTBUserWarning)


class BotContext(CallbackContext[ExtBot, dict, dict, dict]):
    """Gives every callback typed access to the shared services."""

    @property
    def services(self) -> Services:
        return self.bot_data["services"]


def platform_id(raw_id: int) -> str:
    return f"{PLATFORM}:{raw_id}"


def raw_chat_id(chat_id: str) -> int:
    platform, _, raw = chat_id.partition(":")
    if platform != PLATFORM:
        raise ValueError(f"not a Telegram chat: {chat_id}")
    return int(raw)


def inbox_source(bot: ExtBot) -> str:
    return f"{PLATFORM}:{bot.token.split(':', 1)[0]}"


def to_incoming(update: Update) -> Incoming | None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return None
    common = dict(platform=PLATFORM, user_id=platform_id(user.id), chat_id=platform_id(chat.id),
                  is_private=chat.type == chat.PRIVATE, user_name=user.full_name,
                  language=(user.language_code or "vi")[:2], update_id=update.update_id)
    query = update.callback_query
    if query is not None:
        message_id = query.message.message_id if query.message is not None else None
        return Incoming(kind=InputKind.button, button_data=query.data or "", message_id=message_id, **common)
    message = update.message
    if message is None:
        return None   # edits and everything else that is not a new message
    if message.location is not None:
        return Incoming(kind=InputKind.location, latitude=message.location.latitude,
                        longitude=message.location.longitude, **common)
    if message.photo:
        return Incoming(kind=InputKind.photo, photo_ref=f"{PLATFORM}:{message.photo[-1].file_id}",
                        text=message.caption or "", **common)
    text = message.text or ""
    if text.startswith("/"):
        head, _, args = text.partition(" ")
        command = head[1:].split("@", 1)[0].lower()
        return Incoming(kind=InputKind.command, text=text, command=command, args=args.strip(), **common)
    if message.text is not None:
        return Incoming(kind=InputKind.text, text=text, **common)
    return Incoming(kind=InputKind.other, **common)


def recognise(turn: Turn, identity: Identity | None, bootstrap_ids: Sequence[str]) -> None:
    """Bootstrap admins, the private chat to push to, and reachability once the person writes again."""
    incoming = turn.incoming
    if identity is None:
        turn.member = register_bootstrap_admin(turn.session, incoming.user_id, incoming.user_name,
                                               incoming.chat_id if incoming.is_private else None,
                                               list(bootstrap_ids))
        if turn.member is not None and incoming.is_private:
            turn.menus_to_refresh.append((incoming.chat_id, Role.admin))
        return
    member = identity.member
    if incoming.is_private:
        if identity.private_chat_id != incoming.chat_id:
            identity.private_chat_id = incoming.chat_id
        if not member.reachable:
            member.reachable = True


async def run_turn(update: Update, context: BotContext, action) -> None:  # type: ignore[no-untyped-def]
    """Handle one update: recognise the person, act inside one transaction, then send what it said."""
    services = context.services
    incoming = to_incoming(update)
    if incoming is None:
        return
    source = inbox_source(context.bot)
    now = services.clock.now()

    def begin(session) -> Turn:  # type: ignore[no-untyped-def]
        identity = identity_of(session, incoming.user_id)
        turn = Turn(session=session, services=services, incoming=incoming,
                    member=identity.member if identity else None, now=now)
        recognise(turn, identity, services.config.bootstrap_admin_ids)
        return turn

    def work(session) -> Turn | None:  # type: ignore[no-untyped-def]
        if not claim_for_handling(session, source, update.update_id, now):
            return None   # handled before a restart: do not do it twice
        turn = begin(session)
        try:
            action(turn)
        except DomainError as error:
            # Refused: undo everything the action wrote (no half-written record) and handle the update
            # again as only a refusal. Rare, so the common path goes without a savepoint.
            kept_edits = [r for r in turn.replies if r.edit_message_id is not None]
            session.rollback()   # the claim's lock goes too: another worker may have handled it meanwhile
            if not claim_for_handling(session, source, update.update_id, now):
                return None
            turn = begin(session)
            turn.replies = kept_edits
            if incoming.kind is InputKind.button:
                turn.answer_text = error.message[:190]
            turn.say(f"⚠️ {error.message}")
        return turn

    turn = await services.database.run(work)
    query = update.callback_query
    if turn is None:
        if query is not None:
            await _answer_quietly(query)
        return
    if query is not None:
        # The button's answer and the replies do not depend on each other: one round trip instead of two.
        await asyncio.gather(_answer_quietly(query, turn.answer_text), deliver(context.bot, turn.replies))
    else:
        await deliver(context.bot, turn.replies)
    for chat_id, role in turn.menus_to_refresh:
        await set_chat_menu(context.bot, services, chat_id, role)
    if turn.pushed and services.outbox is not None:
        services.outbox.kick()


async def _answer_quietly(query, text: str | None = None) -> None:  # type: ignore[no-untyped-def]
    try:
        await query.answer(text[:200] if text else None)
    except TelegramError as error:
        # Too old to answer (Telegram allows about 15 minutes) or a network hiccup: the work is done anyway.
        log.info("callback answer failed: %s", error)


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


async def _call(bot: ExtBot, endpoint: str, **arguments: Any) -> None:
    """A Bot API call whose answer is not needed: PTB's send_message would parse the returned Message into
    objects, which cost more than the rest of sending a reply (`delegation-bot bench chat`)."""
    await bot.do_api_request(endpoint, api_kwargs={k: v for k, v in arguments.items() if v is not None})


def split_long_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Never cut a message: split at line breaks (inside a line only when it alone is too long), in order."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        while len(line) > limit:
            parts.append(line[:limit])
            line = line[limit:]
        current = line
    if current:
        parts.append(current)
    return [part for part in parts if part.strip()]


async def deliver(bot: ExtBot, replies: Sequence[Reply]) -> None:
    """Send what a turn said. The turn is committed already: a failed send is logged and the rest still goes,
    rather than an apology that would make the person do it all again."""
    for reply in replies:
        try:
            await _deliver_one(bot, reply)
        except TelegramError as error:
            log.warning("reply to %s not delivered: %s", reply.chat_id, error)


async def _deliver_one(bot: ExtBot, reply: Reply) -> None:
    chat_id = raw_chat_id(reply.chat_id)
    markup = _markup(reply)
    if reply.document_path:
        with open(reply.document_path, "rb") as handle:
            await bot.send_document(chat_id, handle, filename=reply.document_name, caption=reply.text[:1024] or None)
        return
    if reply.edit_message_id is not None:
        inline = markup if markup is None or "inline_keyboard" in markup else None
        try:
            await _call(bot, "edit_message_text", chat_id=chat_id, message_id=reply.edit_message_id,
                        text=reply.text[:MessageLimit.MAX_TEXT_LENGTH], reply_markup=inline)
            return
        except NetworkError as error:   # BadRequest and TimedOut included
            if "not modified" in str(error).lower():
                return
            # The message is gone or too old to edit, or the edit did not get through: say it as a new message
            # instead, since an edit may carry the next question (a repeat beats a form that stops asking).
    pieces = split_long_text(reply.text)
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        try:
            await _call(bot, "send_message", chat_id=chat_id, text=piece, reply_markup=markup if last else None)
        except Forbidden:
            log.info("chat %s blocked the bot; reply dropped", chat_id)
            break


def command_callback(command: Command):  # type: ignore[no-untyped-def]
    async def callback(update: Update, context: BotContext) -> None:
        await run_turn(update, context, lambda turn: run_command(turn, command))
    return callback


def button_callback(route: ButtonRoute):  # type: ignore[no-untyped-def]
    async def callback(update: Update, context: BotContext) -> None:
        await run_turn(update, context, lambda turn: run_button(turn, route))
    return callback


def install(app: Application, router: Router) -> None:
    """Register a feature's commands and buttons with the Application (and in the menu and /trogiup)."""
    services: Services = app.bot_data["services"]
    services.commands.extend(router.commands)
    for command in router.commands:
        app.add_handler(CommandHandler(list(command.names), command_callback(command)))
    for route in router.buttons:
        app.add_handler(CallbackQueryHandler(button_callback(route), pattern=f"^{route.prefix}:"))


def _menu_for(services: Services, role: Role) -> tuple[list[BotCommand], list[BotCommand]]:
    commands = [c for c in services.commands if c.in_menu and (c.min_role is None or role.at_least(c.min_role))]
    vietnamese = [BotCommand(c.name, c.description_vi) for c in commands]
    english = [BotCommand(c.names[-1], c.description_en or c.description_vi) for c in commands]
    return vietnamese, english


async def set_command_menu(app: Application) -> None:
    """The menu in Vietnamese, and in English for users whose Telegram speaks English; coordinators and
    admins get their own commands in their private chats."""
    services: Services = app.bot_data["services"]
    vietnamese, english = _menu_for(services, Role.member)
    await app.bot.set_my_commands(vietnamese, scope=BotCommandScopeDefault())
    await app.bot.set_my_commands(english, scope=BotCommandScopeDefault(), language_code="en")
    chats = await services.database.run(lambda session: private_chats_by_role(session, Role.coordinator))
    for chat_id, role in chats:
        await set_chat_menu(app.bot, services, chat_id, role)


async def set_chat_menu(bot: ExtBot, services: Services, chat_id: str, role: Role) -> None:
    vietnamese, english = _menu_for(services, role)
    scope = BotCommandScopeChat(raw_chat_id(chat_id))
    try:
        await bot.set_my_commands(vietnamese, scope=scope)
        await bot.set_my_commands(english, scope=scope, language_code="en")
    except (BadRequest, Forbidden):
        log.info("could not set the menu of chat %s", chat_id)


def _where_it_failed(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)[-8:]
    lines = [f"{frame.filename.rsplit('/', 2)[-1]}:{frame.lineno} in {frame.name}" for frame in frames]
    return "\n".join(["Traceback (vị trí, không kèm dữ liệu):", *lines, type(error).__name__])


async def on_error(update: object, context: BotContext) -> None:
    """The person gets an apology with an id; the coordinators' chat gets the id and the trace."""
    error_id = uuid.uuid4().hex[:8].upper()
    error = context.error
    log.error("error %s", error_id, exc_info=error)
    if not isinstance(update, Update):
        return
    services = context.services
    incoming = to_incoming(update)
    # The coordinators' chat is a group: send where it failed, never the exception's text or the SQL parameters,
    # which may carry a nominee's personal data. The full trace stays in the server's log.
    trace = _where_it_failed(error) if error else ""
    who = incoming.user_id if incoming else "?"
    now = services.clock.now()

    def record(session) -> bool:  # type: ignore[no-untyped-def]
        # Mark the update handled so a restart does not fail on it again, and report it.
        claim_for_handling(session, inbox_source(context.bot), update.update_id, now)
        coordinators = bound_chat(session, ChatPurpose.coordinators)
        if coordinators is None:
            return False
        text = t.ERROR_REPORT.format(error_id=error_id, who=who, trace=trace[-3000:])
        return enqueue_delivery(session, key=f"error:{error_id}", kind="error", chat_id=coordinators,
                                text=text, due_at=now)

    try:
        if await services.database.run(record) and services.outbox is not None:
            services.outbox.kick()
    except Exception:  # the database itself may be what failed
        log.exception("could not record error %s", error_id)
    if update.callback_query is not None:
        await _answer_quietly(update.callback_query)
    chat = update.effective_chat
    if chat is not None:
        try:
            await context.bot.send_message(chat.id, t.ERROR_APOLOGY.format(error_id=error_id))
        except Exception:
            log.exception("could not apologise for error %s", error_id)


def fallback_handlers(on_input, on_unknown_command):  # type: ignore[no-untyped-def]
    """Free input (answers, searches, locations, photos) and commands no router knows."""

    async def input_callback(update: Update, context: BotContext) -> None:
        await run_turn(update, context, on_input)

    async def unknown_callback(update: Update, context: BotContext) -> None:
        await run_turn(update, context, on_unknown_command)

    private_input = filters.ChatType.PRIVATE & (
        (filters.TEXT & ~filters.COMMAND) | filters.LOCATION | filters.PHOTO | filters.Sticker.ALL
        | filters.VOICE | filters.Document.ALL | filters.CONTACT)
    return [
        CallbackQueryHandler(input_callback),                      # form buttons and anything left over
        MessageHandler(private_input, input_callback),
        MessageHandler(filters.COMMAND, unknown_callback),
    ]

