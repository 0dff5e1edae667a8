"""Every implemented Bot API method, called through the real python-telegram-bot."""

from __future__ import annotations

import pytest
from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    ChatFullInfo,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from emulator.testing import SAMPLE_JPEG, SAMPLE_PNG, assert_conforms

KEYBOARD = InlineKeyboardMarkup([
    [InlineKeyboardButton("Lưu", callback_data="save"), InlineKeyboardButton("Bỏ qua", callback_data="skip")],
    [InlineKeyboardButton("Trang web", url="https://example.vn")],
])


@pytest.fixture
async def chat(lan, bot):
    await lan.send("/start")
    return lan.private_chat(bot)


async def test_get_me_close_log_out(ptb_bot, no_invalid_calls):
    me = await ptb_bot.get_me()
    assert (me.id, me.username, me.is_bot, me.can_read_all_group_messages) == (123456, "doan_bot", True, False)
    assert await ptb_bot.close() is True
    assert await ptb_bot.log_out() is True


async def test_send_message_html_with_keyboard_returns_a_complete_message(emu, ptb_bot, chat, no_invalid_calls):
    sent = await ptb_bot.send_message(chat.id, "<b>Đoàn</b> công tác 😀 <i>Hòa Xá</i>", parse_mode=ParseMode.HTML,
                                      reply_markup=KEYBOARD)
    assert sent.text == "Đoàn công tác 😀 Hòa Xá"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bold", 0, 4), ("italic", 17, 6)]
    assert sent.reply_markup == KEYBOARD
    assert sent.from_user.username == "doan_bot" and sent.chat.id == chat.id
    stored = emu.last_message(chat)
    assert stored.from_bot and stored.text == sent.text
    assert stored.buttons == [[("Lưu", "save"), ("Bỏ qua", "skip")], [("Trang web", "https://example.vn")]]
    assert_conforms(stored.data, "Message")


async def test_send_message_markdown_v2_and_reply(emu, ptb_bot, chat, lan, no_invalid_calls):
    question = await lan.send("Khi nào họp?")
    sent = await ptb_bot.send_message(chat.id, r"*Thứ hai* lúc 8\:00\.", parse_mode=ParseMode.MARKDOWN_V2,
                                      reply_to_message_id=question.message_id)
    assert sent.text == "Thứ hai lúc 8:00."
    assert sent.entities[0].type == "bold"
    assert sent.reply_to_message.message_id == question.message_id
    assert emu.last_message(chat).reply_to_message_id == question.message_id


async def test_parse_errors_surface_as_bad_request(ptb_bot, chat, emu):
    with pytest.raises(BadRequest, match="Can't parse entities: unsupported start tag \"x\" at byte offset 0"):
        await ptb_bot.send_message(chat.id, "<x>", parse_mode=ParseMode.HTML)
    assert len(emu.invalid_calls) == 1


async def test_edit_message_text_and_reply_markup_keep_history(emu, ptb_bot, chat, no_invalid_calls):
    sent = await ptb_bot.send_message(chat.id, "Bản nháp", reply_markup=KEYBOARD)
    edited = await ptb_bot.edit_message_text("Bản cuối", chat_id=chat.id, message_id=sent.message_id,
                                             reply_markup=KEYBOARD)
    assert edited.text == "Bản cuối" and edited.edit_date is not None
    smaller = InlineKeyboardMarkup([[InlineKeyboardButton("OK", callback_data="ok")]])
    await ptb_bot.edit_message_reply_markup(chat_id=chat.id, message_id=sent.message_id, reply_markup=smaller)
    stored = emu.last_message(chat)
    assert stored.text == "Bản cuối" and stored.buttons == [[("OK", "ok")]]
    assert [version["text"] for version in stored.edits] == ["Bản nháp", "Bản cuối"]
    # editing the text without reply_markup removes the keyboard, as on Telegram
    await ptb_bot.edit_message_text("Không nút", chat_id=chat.id, message_id=sent.message_id)
    assert stored.buttons == []


async def test_edit_errors(emu, ptb_bot, chat, lan):
    sent = await ptb_bot.send_message(chat.id, "Giống nhau", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="Message is not modified: specified new message content and reply markup are "
                                         "exactly the same"):
        await ptb_bot.edit_message_text("Giống nhau", chat_id=chat.id, message_id=sent.message_id,
                                        reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await ptb_bot.edit_message_text("x", chat_id=chat.id, message_id=999)
    mine = await lan.send("của tôi")
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await ptb_bot.edit_message_text("x", chat_id=chat.id, message_id=mine.message_id)
    photo = await ptb_bot.send_photo(chat.id, SAMPLE_PNG)
    with pytest.raises(BadRequest, match="There is no text in the message to edit"):
        await ptb_bot.edit_message_text("x", chat_id=chat.id, message_id=photo.message_id)
    assert len(emu.invalid_calls) == 4


async def test_delete_message(emu, ptb_bot, chat, no_invalid_calls):
    sent = await ptb_bot.send_message(chat.id, "Xoá tôi")
    assert await ptb_bot.delete_message(chat.id, sent.message_id) is True
    assert sent.message_id not in [m.message_id for m in emu.messages(chat)]
    assert emu.messages(chat, include_deleted=True)[-1].deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await ptb_bot.delete_message(chat.id, sent.message_id)
    emu.clear_invalid_calls()


async def test_send_chat_action(emu, ptb_bot, chat, no_invalid_calls):
    assert await ptb_bot.send_chat_action(chat.id, ChatAction.TYPING) is True
    assert emu.chat_actions(chat) == ["typing"]
    with pytest.raises(BadRequest, match="Wrong parameter action in request"):
        await ptb_bot.send_chat_action(chat.id, "dancing")
    emu.clear_invalid_calls()


async def test_send_location_and_user_location(emu, ptb_bot, chat, lan, no_invalid_calls):
    sent = await ptb_bot.send_location(chat.id, 20.42, 106.16)
    assert (sent.location.latitude, sent.location.longitude) == (20.42, 106.16)
    shared = await lan.share_location(20.43, 106.17)
    assert shared.location == {"latitude": 20.43, "longitude": 106.17}
    assert emu.last_message(chat).location["latitude"] == 20.43


async def test_photo_and_document_upload_download_round_trip(emu, ptb_bot, chat, no_invalid_calls, tmp_path):
    photo_message = await ptb_bot.send_photo(chat.id, SAMPLE_JPEG, caption="<b>Ảnh</b>", parse_mode="HTML")
    sizes = photo_message.photo
    assert [(size.width, size.height) for size in sizes] == [(90, 68), (320, 240), (640, 480)]
    assert photo_message.caption == "Ảnh" and photo_message.caption_entities[0].type == "bold"
    downloaded = await (await ptb_bot.get_file(sizes[-1].file_id)).download_as_bytearray()
    assert bytes(downloaded) == SAMPLE_JPEG

    document_message = await ptb_bot.send_document(chat.id, b"STT;Ten\n1;Lan\n", filename="danh_sach.csv")
    document = document_message.document
    assert (document.file_name, document.mime_type, document.file_size) == ("danh_sach.csv", "text/csv", 14)
    target = tmp_path / "copy.csv"
    await (await ptb_bot.get_file(document.file_id)).download_to_drive(target)
    assert target.read_bytes() == b"STT;Ten\n1;Lan\n"

    # sending again by file_id reuses the stored file
    again = await ptb_bot.send_document(chat.id, document.file_id)
    assert again.document.file_unique_id == document.file_unique_id
    assert emu.last_message(chat).document["file_name"] == "danh_sach.csv"


async def test_file_errors(emu, ptb_bot, chat):
    with pytest.raises(BadRequest, match="Wrong file identifier/http url specified"):
        await ptb_bot.send_photo(chat.id, "AgACnotafileid")
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await ptb_bot.send_photo(chat.id, b"not an image")
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await ptb_bot.get_file("nope")
    assert len(emu.invalid_calls) == 3


async def test_user_photo_and_document_can_be_downloaded_by_the_bot(emu, bot, lan, started, no_invalid_calls):
    received = {}

    async def on_photo(update, context):
        file = await update.message.photo[-1].get_file()
        received["photo"] = bytes(await file.download_as_bytearray())
        received["caption"] = update.message.caption

    async def on_document(update, context):
        file = await update.message.document.get_file()
        received["document"] = bytes(await file.download_as_bytearray())
        await update.message.reply_text("Đã nhận")

    async with started(MessageHandler(filters.PHOTO, on_photo), MessageHandler(filters.Document.ALL, on_document)):
        await lan.send_photo(SAMPLE_PNG, caption="Ảnh hiện trường")
        await lan.send_document(b"%PDF-1.4 fake", "bien_ban.pdf")
        await emu.wait_for_message(lan.private_chat(bot))
    assert received == {"photo": SAMPLE_PNG, "caption": "Ảnh hiện trường", "document": b"%PDF-1.4 fake"}


async def test_commands_with_scope_and_language(emu, ptb_bot, bot, lan, no_invalid_calls):
    group = emu.add_supergroup("Đoàn công tác", [lan], [bot])
    await ptb_bot.set_my_commands([BotCommand("start", "Bắt đầu"), BotCommand("help", "Trợ giúp")], language_code="vi")
    await ptb_bot.set_my_commands([BotCommand("report", "Báo cáo")], scope=BotCommandScopeChat(group.id))
    await ptb_bot.set_my_commands([BotCommand("start", "Start")])
    assert [c.command for c in await ptb_bot.get_my_commands(language_code="vi")] == ["start", "help"]
    assert [c.command for c in await ptb_bot.get_my_commands(scope=BotCommandScopeChat(group.id))] == ["report"]
    assert await ptb_bot.get_my_commands(scope=BotCommandScopeAllGroupChats()) == ()
    assert emu.commands(bot, language_code="vi")[0] == {"command": "start", "description": "Bắt đầu"}
    assert emu.commands(bot, scope=f"chat:{group.id}")[0]["command"] == "report"
    assert await ptb_bot.delete_my_commands(language_code="vi")
    assert await ptb_bot.get_my_commands(language_code="vi") == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await ptb_bot.set_my_commands([BotCommand("Bad-Command", "x")])
    emu.clear_invalid_calls()


async def test_get_chat_and_get_chat_member(emu, ptb_bot, bot, lan, minh, chat, no_invalid_calls):
    info = await ptb_bot.get_chat(chat.id)
    assert isinstance(info, ChatFullInfo) and info.first_name == "Lan" and info.type == "private"
    group = emu.add_supergroup("Đoàn công tác", [lan, minh], [bot], admins=[minh])
    group_info = await ptb_bot.get_chat(group.id)
    assert group_info.title == "Đoàn công tác" and group_info.type == "supergroup"
    assert (await ptb_bot.get_chat_member(group.id, lan.id)).status == "creator"
    assert (await ptb_bot.get_chat_member(group.id, minh.id)).status == "administrator"
    assert (await ptb_bot.get_chat_member(group.id, bot.id)).status == "member"
    outsider = emu.add_user("Hùng")
    assert (await ptb_bot.get_chat_member(group.id, outsider.id)).status == "left"
    assert (await ptb_bot.get_chat_member(chat.id, lan.id)).status == "member"
    with pytest.raises(BadRequest, match="User not found"):
        await ptb_bot.get_chat_member(group.id, 999)
    with pytest.raises(BadRequest, match="Chat not found"):
        await ptb_bot.get_chat(-100777)
    emu.clear_invalid_calls()


async def test_ban_and_unban_chat_member_remove_someone_who_may_come_back(emu, ptb_bot, bot, lan, minh, chat):
    """banChatMember takes the user out (a service message) and bans them; unbanChatMember with only_if_banned
    lifts the ban, leaving them out; both need the right to restrict members and spare the owner and admins."""
    hoa = emu.add_user("Hoa", "Lê")
    group = emu.add_supergroup("Điều phối", [lan, minh, hoa], [bot], admins=[minh])
    with pytest.raises(BadRequest, match="(?i)not enough rights to restrict/unrestrict chat member"):
        await ptb_bot.ban_chat_member(group.id, hoa.id)          # a plain member of the group may not
    group.members[bot.id].status = "administrator"
    with pytest.raises(BadRequest, match="(?i)can't remove chat owner"):
        await ptb_bot.ban_chat_member(group.id, lan.id)
    with pytest.raises(BadRequest, match="(?i)user is an administrator of the chat"):
        await ptb_bot.ban_chat_member(group.id, minh.id)
    assert await ptb_bot.ban_chat_member(group.id, hoa.id) is True
    assert (await ptb_bot.get_chat_member(group.id, hoa.id)).status == "kicked"
    left = emu.last_message(group)
    assert left.data["left_chat_member"]["id"] == hoa.id and left.data["from"]["id"] == bot.id
    assert await ptb_bot.unban_chat_member(group.id, hoa.id, only_if_banned=True) is True
    assert (await ptb_bot.get_chat_member(group.id, hoa.id)).status == "left"   # out, and free to come back
    emu.add_member(group, hoa)
    assert await ptb_bot.unban_chat_member(group.id, hoa.id, only_if_banned=True) is True   # not banned: stays
    assert (await ptb_bot.get_chat_member(group.id, hoa.id)).status == "member"
    assert await ptb_bot.unban_chat_member(group.id, hoa.id) is True                         # without: removed
    assert (await ptb_bot.get_chat_member(group.id, hoa.id)).status == "left"
    basic = emu.add_group("Nhóm thường", [lan, hoa], [bot], admins=[bot])
    assert await ptb_bot.ban_chat_member(basic.id, hoa.id) is True
    with pytest.raises(BadRequest, match="(?i)method is available for supergroup and channel chats only"):
        await ptb_bot.unban_chat_member(basic.id, hoa.id, only_if_banned=True)
    with pytest.raises(BadRequest, match="(?i)can't be changed in private chats"):
        await ptb_bot.ban_chat_member(chat.id, lan.id)
    emu.clear_invalid_calls()


async def test_conversation_with_buttons_through_an_application(emu, bot, lan, started, no_invalid_calls):
    async def start(update, context):
        await update.message.reply_text(f"Xin chào, mã {context.args[0]}", reply_markup=KEYBOARD)

    async def pressed(update, context):
        await update.callback_query.answer("Đã lưu", show_alert=True)
        await update.callback_query.edit_message_text(f"Bạn chọn {update.callback_query.data}")

    async with started(CommandHandler("start", start), CallbackQueryHandler(pressed)):
        await lan.send("/start abc123")
        reply = await emu.wait_for_message(lan.private_chat(bot))
        assert reply.text == "Xin chào, mã abc123"
        query = await lan.press(reply, "Lưu")
        answer = await emu.wait_for_callback_answer(query)
        await emu.wait_for_edit(reply)
    assert answer == {"text": "Đã lưu", "show_alert": True}
    assert query.answered and reply.text == "Bạn chọn save" and reply.buttons == []
    unanswered = [q for q in emu.callback_queries if not q.answered]
    assert unanswered == []


async def test_reply_keyboard_button_press_sends_its_text(emu, bot, lan, started, no_invalid_calls):
    async def start(update, context):
        await update.message.reply_text("Chọn",
                                        reply_markup=ReplyKeyboardMarkup([["Có", "Không"]], one_time_keyboard=True))

    async def answer(update, context):
        await update.message.reply_text(f"Bạn nói: {update.message.text}")

    async with started(CommandHandler("start", start), MessageHandler(filters.TEXT & ~filters.COMMAND, answer)):
        await lan.send("/start")
        menu = await emu.wait_for_message(lan.private_chat(bot))
        assert menu.keyboard == [["Có", "Không"]] and "reply_markup" not in menu.data
        await lan.press(menu, "Có")
        reply = await emu.wait_for_message(lan.private_chat(bot))
    assert reply.text == "Bạn nói: Có"


async def test_answer_callback_query_twice_is_rejected(emu, bot, lan, ptb_bot, chat):
    sent = await ptb_bot.send_message(chat.id, "?", reply_markup=KEYBOARD)
    query = await lan.press(emu.last_message(chat), callback_data="skip")
    assert query.data == "skip"
    assert await ptb_bot.answer_callback_query(query.id)
    with pytest.raises(BadRequest, match="Query is too old and response timeout expired or query id is invalid"):
        await ptb_bot.answer_callback_query(query.id)
    assert sent.message_id == query.message.message_id


async def test_forbidden_and_invalid_token(emu, ptb_bot, lan):
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await ptb_bot.send_message(lan.id, "xin chào")
    from telegram import Bot as PtbBot  # noqa: PLC0415

    with pytest.raises(InvalidToken, match="was rejected by the server"):
        async with PtbBot("42:unknown", base_url=emu.base_url):
            pass
