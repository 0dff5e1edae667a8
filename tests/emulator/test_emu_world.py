"""The small world: groups, privacy mode, blocked users, migration, what objects look like."""

from __future__ import annotations

import asyncio

import pytest
from telegram.error import BadRequest, ChatMigrated, Forbidden
from telegram.ext import CommandHandler, MessageHandler, filters

from emulator.testing import SAMPLE_PNG, assert_conforms


async def test_privacy_mode_lets_only_addressed_messages_through(emu, bot, lan, minh, ptb_bot):
    other = emu.add_bot(token="777:OTHER", username="other_bot")
    group = emu.add_supergroup("Đoàn công tác", [lan, minh], [bot, other])
    bot_message = await ptb_bot.send_message(group.id, "Điểm danh")
    bot_message = emu.last_message(group)

    await lan.send("chuyện phiếm", chat=group)                     # not for the bot
    await lan.send("/report", chat=group)                           # a command
    await lan.send("/report@doan_bot tuần này", chat=group)         # addressed to it
    await lan.send("/report@other_bot", chat=group)                 # addressed to another bot
    await minh.send("có mặt", chat=group, reply_to=bot_message)     # a reply to its message
    await minh.send("hỏi @doan_bot nhé", chat=group)                # a mention
    new_member = emu.add_user("Hùng")
    emu.add_member(group, new_member)                               # a service message

    seen = [u.message for u in await ptb_bot.get_updates()]
    assert [m.text for m in seen] == ["/report", "/report@doan_bot tuần này", "có mặt", "hỏi @doan_bot nhé", None]
    assert seen[-1].new_chat_members[0].first_name == "Hùng"
    assert bot.updates.pending_count == 5


async def test_privacy_mode_off_sees_everything(emu, lan, ptb_bot):
    reader = emu.add_bot(token="555:READER", username="reader_bot", can_read_all_group_messages=True)
    group = emu.add_group("Chi bộ", [lan], [reader])
    await lan.send("chuyện phiếm", chat=group)
    assert [u["message"]["text"] for u in reader.updates.pending()] == ["chuyện phiếm"]


async def test_command_entities_are_generated_for_user_messages(emu, bot, lan, started):
    args = {}

    async def start(update, context):
        args["start"] = context.args
        await update.message.reply_text("ok")

    async with started(CommandHandler("start", start)):
        sent = await lan.send("/start dang_ky_123")
        await emu.wait_for_message(lan.private_chat(bot))
    assert sent.entities == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert args["start"] == ["dang_ky_123"]


async def test_blocked_user(emu, bot, lan, ptb_bot):
    await lan.send("/start")
    lan.block(bot)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await ptb_bot.send_message(lan.id, "còn đó không?")
    updates = await ptb_bot.get_updates()
    member_update = updates[-1].my_chat_member
    assert (member_update.old_chat_member.status, member_update.new_chat_member.status) == ("member", "kicked")
    with pytest.raises(ValueError, match="unblock"):
        await lan.send("hi")
    lan.unblock(bot)
    assert (await ptb_bot.send_message(lan.id, "chào lại")).text == "chào lại"
    assert emu.invalid_calls == []


async def test_migration_to_supergroup(emu, bot, lan, ptb_bot, started):
    group = emu.add_group("Chi đoàn", [lan], [bot])
    await ptb_bot.send_message(group.id, "trước khi nâng cấp")
    supergroup = emu.migrate_to_supergroup(group)
    assert supergroup.type == "supergroup" and str(supergroup.id).startswith("-100")

    with pytest.raises(ChatMigrated) as raised:
        await ptb_bot.send_message(group.id, "sau khi nâng cấp")
    assert raised.value.new_chat_id == supergroup.id
    assert (await ptb_bot.send_message(supergroup.id, "ở đây")).chat.type == "supergroup"

    updates = await ptb_bot.get_updates()
    service = [u.message for u in updates]
    assert service[0].migrate_to_chat_id == supergroup.id and service[0].chat.id == group.id
    assert service[1].migrate_from_chat_id == group.id and service[1].chat.id == supergroup.id
    assert emu.invalid_calls[-1].description == "Bad Request: group chat was upgraded to a supergroup chat"


async def test_bot_not_in_group_and_unknown_chat(emu, bot, lan, ptb_bot):
    group = emu.add_supergroup("Không có bot", [lan])
    with pytest.raises(Forbidden, match="bot is not a member of the supergroup chat"):
        await ptb_bot.send_message(group.id, "xin chào")
    with pytest.raises(BadRequest, match="Chat not found"):
        await ptb_bot.send_message(-1009999, "xin chào")


async def test_two_bots_have_separate_private_chats(emu, lan):
    first = emu.add_bot(token="1:A", username="first_bot")
    second = emu.add_bot(token="2:B", username="second_bot")
    await lan.send("cho bot 1", bot=first)
    assert [u["message"]["text"] for u in first.updates.pending()] == ["cho bot 1"]
    assert second.updates.pending() == []
    with pytest.raises(ValueError, match="say which one"):
        await lan.send("cho ai?")


async def test_wait_for_message_walks_through_replies(emu, bot, lan, started):
    async def chatty(update, context):
        for number in (1, 2, 3):
            await update.message.reply_text(f"phần {number}")

    async with started(MessageHandler(filters.TEXT, chatty)):
        await lan.send("kể đi")
        replies = await emu.wait_for_messages(lan.private_chat(bot), 3)
    assert [m.text for m in replies] == ["phần 1", "phần 2", "phần 3"]
    with pytest.raises(TimeoutError):
        await emu.wait_for_message(lan.private_chat(bot), timeout=0.05)


async def test_a_published_event_is_offered_only_to_the_waiters_of_its_kind_and_chat(emu):
    offered: list[str] = []

    def seen(name: str, kind: str):
        def predicate(event):
            offered.append(name)
            return event.kind == kind

        return predicate

    bus = emu.events
    waits = {
        name: asyncio.create_task(bus.wait_for(seen(name, kind), kind=kind, chat_key=key, timeout=5))
        for name, kind, key in [("a", "message", "chat-a"), ("b", "message", "chat-b"), ("edit-a", "edit", "chat-a")]
    }
    anything = asyncio.create_task(bus.wait_for(seen("any", "message"), after_seq=bus.last_seq, timeout=5))
    await asyncio.sleep(0)
    bus.publish("message", chat_key="chat-a", message_id=1)
    assert (await waits["a"]).data == {"chat_key": "chat-a", "message_id": 1}
    assert (await anything).data["chat_key"] == "chat-a"
    assert sorted(offered) == ["a", "any"]  # neither chat b's waiter nor the edit waiter was asked
    bus.publish("edit", chat_key="chat-a", message_id=1)
    assert (await waits["edit-a"]).kind == "edit" and not waits["b"].done()
    waits["b"].cancel()
    with pytest.raises(asyncio.CancelledError):
        await waits["b"]
    assert bus._waiters == {}  # finished and cancelled waits leave nothing behind


async def test_objects_conform_to_the_specification(emu, bot, lan, minh, ptb_bot):
    """Every message and update the emulator produced has the fields the spec requires."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup  # noqa: PLC0415

    group = emu.add_supergroup("Đoàn", [lan, minh], [bot], admins=[minh])
    await lan.send("/start")
    await ptb_bot.send_message(lan.id, "<b>chào</b>", parse_mode="HTML",
                               reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]]))
    await lan.press(emu.last_message(lan.private_chat(bot)), "A")
    await lan.send_photo(SAMPLE_PNG, caption="ảnh")
    await lan.send_document(b"abc", "a.txt")
    await lan.share_location(20.4, 106.1)
    await lan.send("/help@doan_bot", chat=group)
    await ptb_bot.send_photo(group.id, SAMPLE_PNG)
    lan.block(bot)
    for chat in (lan.private_chat(bot), group):
        for message in emu.messages(chat):
            assert_conforms(message.data, "Message")
    for update in bot.updates.pending():
        assert_conforms(update, "Update")
    assert_conforms((await ptb_bot.get_chat(group.id)).to_dict(), "ChatFullInfo")
    for user in (lan, minh, bot):
        assert_conforms((await ptb_bot.get_chat_member(group.id, user.id)).to_dict(), "ChatMember")
    assert_conforms((await ptb_bot.get_webhook_info()).to_dict(), "WebhookInfo")
    assert_conforms(bot.get_me(), "User")
