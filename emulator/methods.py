"""The Bot API methods the emulator implements, acting on the world for one bot.

Each handler receives parameters already validated and decoded by ``spec.py`` and
returns the ``result`` of the answer (or an ``Answer`` when Telegram adds a
``description`` to a success), or raises ``ApiError`` with Telegram's wording.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from emulator import errors
from emulator.errors import bad_request
from emulator.files import (
    MAX_DOWNLOAD_SIZE,
    StoredFile,
    UploadedFile,
    document_dict,
    guess_mime_type,
    image_size,
    photo_size_dict,
)
from emulator.formatting import (
    EntityParseError,
    UnsupportedParseMode,
    checked_link,
    merge_auto_entities,
    parse,
    trim,
    utf16_length,
    validate_explicit_entities,
)
from emulator.limits import Limits
from emulator.updates import WebhookConfig
from emulator.world import Bot, Chat, ChatMessage, World

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
DELETE_WINDOW_SECONDS = 48 * 3600

CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})
_INLINE_BUTTON_ACTIONS = (
    "callback_data", "url", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@dataclass
class CallContext:
    world: World
    bot: Bot
    limits: Limits
    method: str


@dataclass
class Answer:
    """A successful answer that also carries a description, like setWebhook's."""

    result: Any
    description: str


Handler = Callable[[CallContext, dict[str, Any]], Awaitable[Any]]
METHODS: dict[str, Handler] = {}


def method(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        METHODS[name] = handler
        return handler

    return register


# --------------------------------------------------------------------- helpers


def prepare_text(
    text: str,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None,
    *,
    caption: bool = False,
) -> tuple[str, list[dict[str, Any]]]:
    """Parse, trim and measure a text or caption as Telegram does."""
    try:
        if parse_mode:
            plain, parsed = parse(text, parse_mode)
        else:
            plain, parsed = text, validate_explicit_entities(text, entities or [])
    except EntityParseError as error:
        raise bad_request(f"can't parse entities: {error}") from None
    except UnsupportedParseMode:
        raise bad_request("unsupported parse_mode") from None
    plain, parsed = trim(plain, parsed)
    if not plain and not caption:
        raise bad_request(errors.MESSAGE_TEXT_EMPTY)
    limit = MAX_CAPTION_LENGTH if caption else MAX_TEXT_LENGTH
    if utf16_length(plain) > limit:
        raise bad_request(errors.CAPTION_TOO_LONG if caption else errors.MESSAGE_TOO_LONG)
    return plain, merge_auto_entities(plain, parsed)


def _text_fields(text: str, entities: list[dict[str, Any]], *, caption: bool = False) -> dict[str, Any]:
    key = "caption" if caption else "text"
    fields: dict[str, Any] = {}
    if text:
        fields[key] = text
        if entities:
            fields["caption_entities" if caption else "entities"] = entities
    return fields


def check_reply_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """Check buttons as Telegram does; return the inline keyboard to store, if any."""
    if markup is None:
        return None
    if "inline_keyboard" in markup:
        for row in markup["inline_keyboard"]:
            for button in row:
                actions = [name for name in _INLINE_BUTTON_ACTIONS if name in button]
                if not actions:
                    raise bad_request(
                        "can't parse inline keyboard button: Text buttons are unallowed in the "
                        "inline keyboard"
                    )
                if "callback_data" in button:
                    size = len(button["callback_data"].encode("utf-8"))
                    if size == 0 or size > MAX_CALLBACK_DATA_BYTES:
                        raise bad_request("BUTTON_DATA_INVALID")
                if "url" in button and checked_link(button["url"]) is None:
                    raise bad_request("BUTTON_URL_INVALID")
        return markup
    return None


def _inline_markup_fields(markup: dict[str, Any] | None) -> dict[str, Any]:
    if markup and markup.get("inline_keyboard"):
        return {"reply_markup": {"inline_keyboard": markup["inline_keyboard"]}}
    return {}


def _reply_fields(ctx: CallContext, chat: Chat, params: dict[str, Any]) -> dict[str, Any]:
    reply = params.get("reply_parameters")
    if not reply:
        return {}
    target_chat = chat
    if reply.get("chat_id") is not None:
        target_chat = ctx.world.chat_for_bot(ctx.bot, reply["chat_id"], sending=False)
    replied = target_chat.messages.get(reply["message_id"])
    if replied is None or replied.deleted:
        if reply.get("allow_sending_without_reply"):
            return {}
        raise bad_request("message to be replied not found")
    return {"reply_to_message": {k: v for k, v in replied.data.items() if k != "reply_to_message"}}


def _send(
    ctx: CallContext, chat: Chat, content: dict[str, Any], params: dict[str, Any]
) -> dict[str, Any]:
    """Common tail of every send* method: limits, reply, markup, storing."""
    markup = params.get("reply_markup")
    check_reply_markup(markup)
    content = {**content, **_reply_fields(ctx, chat, params), **_inline_markup_fields(markup)}
    if params.get("protect_content"):
        content["has_protected_content"] = True
    ctx.limits.check_send(ctx.bot.id, chat.key, chat.is_group, ctx.method)
    message = ctx.world.add_bot_message(ctx.bot, chat, content)
    if markup and "inline_keyboard" not in markup:
        message.keyboard_markup = markup
    return message.data


def _target_message(ctx: CallContext, params: dict[str, Any], *, missing: str) -> ChatMessage:
    if params.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")  # no inline mode in the emulator
    if params.get("chat_id") is None:
        raise bad_request("chat_id is empty")
    if params.get("message_id") is None:
        raise bad_request("message identifier is not specified")
    chat = ctx.world.chat_for_bot(ctx.bot, params["chat_id"])
    message = chat.messages.get(params["message_id"])
    if message is None or message.deleted:
        raise bad_request(missing)
    return message


def _check_editable(ctx: CallContext, message: ChatMessage) -> None:
    if message.sender is not ctx.bot:
        raise bad_request("message can't be edited")


def _same_markup(old: dict[str, Any] | None, new: dict[str, Any] | None) -> bool:
    def normalized(markup: dict[str, Any] | None) -> Any:
        if not markup or not markup.get("inline_keyboard"):
            return None
        return markup["inline_keyboard"]

    return normalized(old) == normalized(new)


def _stored_input_file(
    ctx: CallContext, value: UploadedFile | str, kind: str
) -> list[StoredFile] | StoredFile:
    """An uploaded file, or an earlier file_id; photos come back as all their sizes."""
    files = ctx.world.files
    if isinstance(value, UploadedFile):
        if not value.data:
            raise bad_request("file must be non-empty")
        if kind == "photo":
            if image_size(value.data) is None:
                raise bad_request("IMAGE_PROCESS_FAILED")
            return files.store_photo(value.data)
        name = value.filename or value.name
        return files.store(
            value.data, "document", file_name=name, mime_type=guess_mime_type(name, value.content_type)
        )
    if value.startswith(("http://", "https://")):
        raise bad_request("failed to get HTTP URL content")
    stored = files.get(value.strip())
    if stored is None:
        raise bad_request(errors.WRONG_FILE_ID)
    if stored.kind != kind:
        raise bad_request(f"can't use file of type {stored.kind.capitalize()} as {kind.capitalize()}")
    if kind == "photo":
        sizes = [files.get(file_id) for file_id in stored.extra.get("sizes", [stored.file_id])]
        return [size for size in sizes if size is not None]  # all of them: the sizes are stored with the photo
    return stored


def _scope_key(ctx: CallContext, scope: dict[str, Any] | None) -> str:
    if not scope or scope.get("type") == "default":
        return "default"
    kind = scope["type"]
    if kind in ("all_private_chats", "all_group_chats", "all_chat_administrators"):
        return kind
    chat = ctx.world.chat_for_bot(ctx.bot, scope["chat_id"], sending=False)
    if kind == "chat_member":
        return f"chat_member:{chat.id}:{scope['user_id']}"
    return f"{kind}:{chat.id}"


def _language_key(language_code: str | None) -> str:
    code = language_code or ""
    if code and not re.fullmatch(r"[a-z]{2}", code):
        raise bad_request("LANG_CODE_INVALID")
    return code


def chat_member_dict(account_dict: dict[str, Any], status: str, is_supergroup: bool) -> dict[str, Any]:
    member: dict[str, Any] = {"status": status, "user": account_dict}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(
            can_be_edited=False, is_anonymous=False, can_manage_chat=True,
            can_delete_messages=True, can_manage_video_chats=True, can_restrict_members=True,
            can_promote_members=False, can_change_info=True, can_invite_users=True,
            can_post_stories=True, can_edit_stories=True, can_delete_stories=True,
            can_pin_messages=True,
        )
        if is_supergroup:
            member["can_manage_topics"] = False
    elif status == "kicked":
        member["until_date"] = 0
    return member


# --------------------------------------------------------------------- methods


@method("getMe")
async def get_me(ctx: CallContext, params: dict[str, Any]) -> Any:
    return ctx.bot.get_me()


@method("logOut")
async def log_out(ctx: CallContext, params: dict[str, Any]) -> Any:
    return True


@method("close")
async def close(ctx: CallContext, params: dict[str, Any]) -> Any:
    return True


@method("getUpdates")
async def get_updates(ctx: CallContext, params: dict[str, Any]) -> Any:
    return await ctx.bot.updates.get_updates(
        params.get("offset"), params.get("limit"), params.get("timeout"), params.get("allowed_updates")
    )


@method("setWebhook")
async def set_webhook(ctx: CallContext, params: dict[str, Any]) -> Any:
    queue = ctx.bot.updates
    url = params["url"].strip()
    if not url:
        was_set = queue.delete_webhook(bool(params.get("drop_pending_updates")))
        return Answer(True, "Webhook was deleted" if was_set else "Webhook is already deleted")
    if checked_link(url) is None or not url.lower().startswith(("http://", "https://")):
        raise bad_request("bad webhook: Failed to resolve host: Name or service not known")
    secret = params.get("secret_token")
    if secret is not None and not _SECRET_TOKEN.match(secret):
        raise bad_request("secret token contains unallowed characters")
    unchanged = queue.webhook is not None and queue.webhook.url == url
    queue.set_webhook(
        WebhookConfig(
            url=url,
            secret_token=secret,
            max_connections=min(max(params.get("max_connections", 40), 1), 100),
            ip_address=params.get("ip_address"),
            has_custom_certificate="certificate" in params,
        ),
        params.get("allowed_updates"),
        bool(params.get("drop_pending_updates")),
    )
    return Answer(True, "Webhook is already set" if unchanged else "Webhook was set")


@method("deleteWebhook")
async def delete_webhook(ctx: CallContext, params: dict[str, Any]) -> Any:
    was_set = ctx.bot.updates.delete_webhook(bool(params.get("drop_pending_updates")))
    return Answer(True, "Webhook was deleted" if was_set else "Webhook is already deleted")


@method("getWebhookInfo")
async def get_webhook_info(ctx: CallContext, params: dict[str, Any]) -> Any:
    return ctx.bot.updates.webhook_info()


@method("sendMessage")
async def send_message(ctx: CallContext, params: dict[str, Any]) -> Any:
    chat = ctx.world.chat_for_bot(ctx.bot, params["chat_id"])
    text, entities = prepare_text(params["text"], params.get("parse_mode"), params.get("entities"))
    return _send(ctx, chat, _text_fields(text, entities), params)


@method("sendPhoto")
async def send_photo(ctx: CallContext, params: dict[str, Any]) -> Any:
    chat = ctx.world.chat_for_bot(ctx.bot, params["chat_id"])
    caption, entities = prepare_text(
        params.get("caption", ""), params.get("parse_mode"), params.get("caption_entities"), caption=True
    )
    sizes = _stored_input_file(ctx, params["photo"], "photo")
    assert isinstance(sizes, list)
    content: dict[str, Any] = {"photo": [photo_size_dict(size) for size in sizes]}
    content.update(_text_fields(caption, entities, caption=True))
    if params.get("has_spoiler"):
        content["has_media_spoiler"] = True
    return _send(ctx, chat, content, params)


@method("sendDocument")
async def send_document(ctx: CallContext, params: dict[str, Any]) -> Any:
    chat = ctx.world.chat_for_bot(ctx.bot, params["chat_id"])
    caption, entities = prepare_text(
        params.get("caption", ""), params.get("parse_mode"), params.get("caption_entities"), caption=True
    )
    stored = _stored_input_file(ctx, params["document"], "document")
    assert isinstance(stored, StoredFile)
    content = {"document": document_dict(stored)}
    content.update(_text_fields(caption, entities, caption=True))
    return _send(ctx, chat, content, params)


@method("sendLocation")
async def send_location(ctx: CallContext, params: dict[str, Any]) -> Any:
    chat = ctx.world.chat_for_bot(ctx.bot, params["chat_id"])
    latitude, longitude = params["latitude"], params["longitude"]
    if not -90 <= latitude <= 90 or not -180 <= longitude <= 180:
        raise bad_request("wrong latitude or longitude specified")
    location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
    for optional in ("horizontal_accuracy", "live_period", "heading", "proximity_alert_radius"):
        if params.get(optional) is not None:
            location[optional] = params[optional]
    return _send(ctx, chat, {"location": location}, params)


@method("editMessageText")
async def edit_message_text(ctx: CallContext, params: dict[str, Any]) -> Any:
    if params.get("text") is None:
        raise bad_request(errors.MESSAGE_TEXT_EMPTY)
    message = _target_message(ctx, params, missing=errors.MESSAGE_TO_EDIT_NOT_FOUND)
    _check_editable(ctx, message)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    text, entities = prepare_text(params["text"], params.get("parse_mode"), params.get("entities"))
    markup = params.get("reply_markup")
    check_reply_markup(markup)
    if (
        text == message.text
        and entities == (message.data.get("entities") or [])
        and _same_markup(message.reply_markup, markup)
    ):
        raise bad_request(errors.MESSAGE_NOT_MODIFIED)
    changes = {**_text_fields(text, entities), **_inline_markup_fields(markup)}
    ctx.world.apply_edit(message, changes, removed=("entities", "reply_markup"))
    return message.data


@method("editMessageCaption")
async def edit_message_caption(ctx: CallContext, params: dict[str, Any]) -> Any:
    message = _target_message(ctx, params, missing=errors.MESSAGE_TO_EDIT_NOT_FOUND)
    _check_editable(ctx, message)
    if message.text is not None or "location" in message.data:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = prepare_text(
        params.get("caption", ""), params.get("parse_mode"), params.get("caption_entities"), caption=True
    )
    markup = params.get("reply_markup")
    check_reply_markup(markup)
    if (
        caption == (message.caption or "")
        and entities == (message.data.get("caption_entities") or [])
        and _same_markup(message.reply_markup, markup)
    ):
        raise bad_request(errors.MESSAGE_NOT_MODIFIED)
    changes = {**_text_fields(caption, entities, caption=True), **_inline_markup_fields(markup)}
    ctx.world.apply_edit(message, changes, removed=("caption", "caption_entities", "reply_markup"))
    return message.data


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(ctx: CallContext, params: dict[str, Any]) -> Any:
    message = _target_message(ctx, params, missing=errors.MESSAGE_TO_EDIT_NOT_FOUND)
    _check_editable(ctx, message)
    markup = params.get("reply_markup")
    check_reply_markup(markup)
    if _same_markup(message.reply_markup, markup):
        raise bad_request(errors.MESSAGE_NOT_MODIFIED)
    ctx.world.apply_edit(message, _inline_markup_fields(markup), removed=("reply_markup",))
    return message.data


@method("deleteMessage")
async def delete_message(ctx: CallContext, params: dict[str, Any]) -> Any:
    chat = ctx.world.chat_for_bot(ctx.bot, params["chat_id"], sending=False)
    message = chat.messages.get(params["message_id"])
    if message is None or message.deleted:
        raise bad_request(errors.MESSAGE_TO_DELETE_NOT_FOUND)
    if message.sender is not ctx.bot:
        member = chat.member(ctx.bot.id)
        if chat.is_group and (member is None or member.status not in ("administrator", "creator")):
            raise bad_request("message can't be deleted")
        if ctx.world.now() - message.date > DELETE_WINDOW_SECONDS:
            raise bad_request("message can't be deleted for everyone")
    ctx.world.delete_message(message, by=ctx.bot.username)
    return True


@method("answerCallbackQuery")
async def answer_callback_query(ctx: CallContext, params: dict[str, Any]) -> Any:
    query = ctx.world.callback_queries.get(params["callback_query_id"])
    if query is None or query.bot is not ctx.bot or query.answered:
        raise bad_request(errors.QUERY_TOO_OLD)
    text = params.get("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answered = True
    query.answer = {
        key: params[key] for key in ("text", "show_alert", "url", "cache_time") if key in params
    }
    ctx.world.events.publish(
        "callback_answer",
        callback_query_id=query.id,
        chat_id=query.message.chat.id,
        chat_key=query.message.chat.key,
        message_id=query.message.message_id,
        answer=query.answer,
    )
    return True


@method("sendChatAction")
async def send_chat_action(ctx: CallContext, params: dict[str, Any]) -> Any:
    chat = ctx.world.chat_for_bot(ctx.bot, params["chat_id"])
    action = params["action"]
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    record = {"action": action, "date": ctx.world.now(), "bot": ctx.bot.username}
    chat.actions.append(record)
    ctx.world.events.publish("chat_action", chat_id=chat.id, chat_key=chat.key, **record)
    return True


@method("getFile")
async def get_file(ctx: CallContext, params: dict[str, Any]) -> Any:
    stored = ctx.world.files.get(params["file_id"].strip())
    if stored is None:
        raise bad_request("invalid file_id")
    if stored.size > MAX_DOWNLOAD_SIZE:
        raise bad_request("file is too big")
    return stored.to_file()


@method("setMyCommands")
async def set_my_commands(ctx: CallContext, params: dict[str, Any]) -> Any:
    commands = params["commands"]
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not _COMMAND.match(command["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(command["description"]) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    key = (_scope_key(ctx, params.get("scope")), _language_key(params.get("language_code")))
    stored = [{"command": c["command"], "description": c["description"]} for c in commands]
    if stored:
        ctx.bot.commands[key] = stored
    else:
        ctx.bot.commands.pop(key, None)
    ctx.world.events.publish(
        "commands", bot=ctx.bot.username, scope=key[0], language_code=key[1], commands=stored
    )
    return True


@method("getMyCommands")
async def get_my_commands(ctx: CallContext, params: dict[str, Any]) -> Any:
    key = (_scope_key(ctx, params.get("scope")), _language_key(params.get("language_code")))
    return list(ctx.bot.commands.get(key, []))


@method("deleteMyCommands")
async def delete_my_commands(ctx: CallContext, params: dict[str, Any]) -> Any:
    key = (_scope_key(ctx, params.get("scope")), _language_key(params.get("language_code")))
    ctx.bot.commands.pop(key, None)
    return True


@method("getChat")
async def get_chat(ctx: CallContext, params: dict[str, Any]) -> Any:
    return ctx.world.chat_for_bot(ctx.bot, params["chat_id"], sending=False).full_info()


@method("getChatMember")
async def get_chat_member(ctx: CallContext, params: dict[str, Any]) -> Any:
    chat = ctx.world.chat_for_bot(ctx.bot, params["chat_id"], sending=False)
    user_id = params["user_id"]
    account = ctx.world.users.get(user_id) or ctx.world.bots.get(user_id)
    if account is None or user_id <= 0:
        raise bad_request("user not found")
    if chat.type == "private":
        present = user_id in (ctx.bot.id, chat.id)
        status = "member" if present else "left"
        if present and chat.blocked and user_id == ctx.bot.id:
            status = "kicked"
        return chat_member_dict(account.user_dict(), status, False)
    member = chat.member(user_id)
    status = member.status if member is not None else "left"
    return chat_member_dict(account.user_dict(), status, chat.type == "supergroup")


def _member_to_restrict(ctx: CallContext, params: dict[str, Any]) -> tuple[Chat, Any]:
    """The group and the account of a ban or unban, refused as Telegram refuses them: in a private chat, without
    the right to restrict members, or aimed at the owner or an administrator."""
    chat = ctx.world.chat_for_bot(ctx.bot, params["chat_id"], sending=False)
    if not chat.is_group:
        raise bad_request("chat member status can't be changed in private chats")
    me = chat.member(ctx.bot.id)
    if me is None or me.status not in ("administrator", "creator"):
        raise bad_request("not enough rights to restrict/unrestrict chat member")
    user_id = params["user_id"]
    account = ctx.world.users.get(user_id) or ctx.world.bots.get(user_id)
    if account is None or user_id <= 0:
        raise bad_request("PARTICIPANT_ID_INVALID")
    if user_id == ctx.bot.id:
        raise bad_request("can't restrict self")
    member = chat.member(user_id)
    if member is not None and member.status == "creator":
        raise bad_request("can't remove chat owner")
    if member is not None and member.status == "administrator":
        raise bad_request("user is an administrator of the chat")
    return chat, account


@method("banChatMember")
async def ban_chat_member(ctx: CallContext, params: dict[str, Any]) -> Any:
    chat, account = _member_to_restrict(ctx, params)
    ctx.world.ban_member(chat, account, by=ctx.bot)
    return True


@method("unbanChatMember")
async def unban_chat_member(ctx: CallContext, params: dict[str, Any]) -> Any:
    chat, account = _member_to_restrict(ctx, params)
    if chat.type != "supergroup":
        raise bad_request("method is available for supergroup and channel chats only")
    ctx.world.unban_member(chat, account, by=ctx.bot, only_if_banned=bool(params.get("only_if_banned")))
    return True


IMPLEMENTED_METHODS = frozenset(METHODS)
