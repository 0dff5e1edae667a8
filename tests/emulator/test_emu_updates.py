"""getUpdates and webhooks with Telegram's semantics, driven by python-telegram-bot."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from telegram.error import Conflict
from telegram.ext import MessageHandler, filters

from emulator.testing import free_port


async def test_offset_confirms_and_negative_offset_keeps_the_tail(emu, bot, lan, ptb_bot):
    for text in ("một", "hai", "ba", "bốn"):
        await lan.send(text)
    first = await ptb_bot.get_updates()
    assert [u.message.text for u in first] == ["một", "hai", "ba", "bốn"]
    ids = [u.update_id for u in first]
    assert ids == sorted(ids) and len(set(ids)) == 4
    # unconfirmed updates come again
    assert [u.update_id for u in await ptb_bot.get_updates()] == ids
    # an offset past an update confirms it and everything before
    assert [u.message.text for u in await ptb_bot.get_updates(offset=ids[2])] == ["ba", "bốn"]
    assert [u.message.text for u in await ptb_bot.get_updates()] == ["ba", "bốn"]
    # a negative offset keeps only the last -offset updates
    assert [u.message.text for u in await ptb_bot.get_updates(offset=-1)] == ["bốn"]
    assert [u.message.text for u in await ptb_bot.get_updates(limit=5)] == ["bốn"]
    await lan.send("năm")
    assert [u.message.text for u in await ptb_bot.get_updates(limit=1)] == ["bốn"]
    assert [u.update_id for u in await ptb_bot.get_updates(offset=ids[3] + 1)][0] > ids[3]


async def test_long_poll_returns_as_soon_as_an_update_arrives(emu, bot, lan, ptb_bot):
    poll = asyncio.create_task(ptb_bot.get_updates(timeout=10))
    await until_polling(bot)
    started = asyncio.get_running_loop().time()
    await lan.send("Có ai không?")
    updates = await asyncio.wait_for(poll, 5)
    assert [u.message.text for u in updates] == ["Có ai không?"]
    assert asyncio.get_running_loop().time() - started < 2


async def test_an_update_resumes_the_waiting_long_poll_on_the_next_pass_of_the_loop(emu, bot, lan):
    # The harness measures latency from put(); the wake-up path must not add loop passes (or tasks).
    poll = asyncio.create_task(bot.updates.get_updates(None, None, 10, None))
    await until_polling(bot)
    await lan.send("Nhanh")
    await asyncio.sleep(0)
    assert poll.done()
    assert [update["message"]["text"] for update in poll.result()] == ["Nhanh"]
    assert not bot.updates.has_waiting_poll


async def test_a_long_poll_with_nothing_to_answer_ends_at_its_timeout(emu, bot):
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.updates.get_updates(None, None, 1, None) == []
    assert 0.9 <= loop.time() - started < 2
    assert not bot.updates.has_waiting_poll


async def until_polling(bot) -> None:
    for _ in range(500):
        if bot.updates.has_waiting_poll:
            return
        await asyncio.sleep(0.005)
    raise AssertionError("the long poll never reached the emulator")


async def test_a_second_long_poll_terminates_the_first_with_409(emu, bot, ptb_bot):
    async with httpx.AsyncClient(base_url=emu.url, timeout=10) as http:
        first = asyncio.create_task(http.post(f"/bot{bot.token}/getUpdates", json={"timeout": 5}))
        await until_polling(bot)
        second = asyncio.create_task(http.post(f"/bot{bot.token}/getUpdates", json={"timeout": 0}))
        first_response, second_response = await asyncio.gather(first, second)
    assert first_response.status_code == 409
    assert first_response.json()["description"] == (
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
    )
    assert second_response.json() == {"ok": True, "result": []}
    assert emu.invalid_calls == []


async def test_stopping_answers_a_waiting_long_poll_rather_than_cutting_it_off(emu, bot):
    # A poller cancelled on the client's side leaves its request waiting in the emulator; stopping must not wait
    # for it to time out (each bot test's teardown did, half a second) nor drop the connection.
    async with httpx.AsyncClient(base_url=emu.url, timeout=30) as http:
        poll = asyncio.create_task(http.post(f"/bot{bot.token}/getUpdates", json={"timeout": 20}))
        await until_polling(bot)
        await emu.stop()
        response = await poll
    assert response.json() == {"ok": True, "result": []}


async def test_waits_for_messages_walk_on_from_a_cursor_that_a_wait_of_ones_own_can_move(emu, bot, lan, ptb_bot):
    chat = lan.private_chat(bot)
    await lan.send("/start")
    for text in ("một", "hai", "ba"):
        await ptb_bot.send_message(chat.id, text)
    assert (await emu.wait_for_message(chat)).text == "một"
    second = await emu.events.wait_for(lambda event: event.kind == "message", after_seq=emu.message_cursor(chat))
    assert chat.messages[second.data["message_id"]].text == "hai"
    emu.move_message_cursor(chat, second.seq)
    assert emu.message_cursor(chat) == second.seq
    assert (await emu.wait_for_message(chat)).text == "ba"
    await lan.send("tiếp")                       # a person's action: what the bot sent before it is behind
    await ptb_bot.send_message(chat.id, "bốn")
    assert (await emu.wait_for_message(chat)).text == "bốn"


async def test_get_updates_while_a_webhook_is_set_is_a_conflict(emu, bot, ptb_bot):
    await ptb_bot.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
        await ptb_bot.get_updates()
    await ptb_bot.delete_webhook()
    assert await ptb_bot.get_updates() == ()


async def test_allowed_updates_is_remembered_and_applies_to_new_updates(emu, bot, lan, ptb_bot, chat_with_button):
    await ptb_bot.get_updates(allowed_updates=["callback_query"])
    await lan.send("bị lọc")
    await lan.press(chat_with_button, "Lưu")
    updates = await ptb_bot.get_updates()  # no allowed_updates: the previous setting holds
    assert [bool(u.callback_query) for u in updates] == [True]
    await ptb_bot.get_updates(offset=updates[-1].update_id + 1, allowed_updates=[])
    await lan.send("qua được")
    assert [u.message.text for u in await ptb_bot.get_updates()] == ["qua được"]


@pytest.fixture
async def chat_with_button(emu, bot, lan, ptb_bot):
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup  # noqa: PLC0415

    await lan.send("/start")
    await ptb_bot.send_message(lan.id, "?",
                               reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Lưu", callback_data="s")]]))
    await ptb_bot.get_updates(offset=-1)
    await ptb_bot.get_updates(offset=(await ptb_bot.get_updates())[-1].update_id + 1)
    return emu.last_message(lan.private_chat(bot))


async def test_restart_loses_nothing_and_repeats_nothing(emu, bot, lan, started):
    """A second Application against the same emulator state picks up where the first stopped."""
    seen: list[str] = []

    async def record(update, context):
        seen.append(update.message.text)
        await update.message.reply_text(f"ok {update.message.text}")

    handler = MessageHandler(filters.TEXT, record)
    async with started(handler):
        await lan.send("trước 1")
        await emu.wait_for_message(lan.private_chat(bot))
        await lan.send("trước 2")
        await emu.wait_for_message(lan.private_chat(bot))
    # while no instance runs, people keep writing
    await lan.send("giữa 1")
    await lan.send("giữa 2")
    async with started(handler):
        await emu.wait_for_message(lan.private_chat(bot), predicate=lambda m: m.text == "ok giữa 2")
        await lan.send("sau")
        await emu.wait_for_message(lan.private_chat(bot), predicate=lambda m: m.text == "ok sau")
    assert seen == ["trước 1", "trước 2", "giữa 1", "giữa 2", "sau"]
    assert bot.updates.pending_count == 0


async def test_drop_pending_updates_on_start(emu, bot, lan, started):
    await lan.send("cũ")
    seen = []

    async def record(update, context):
        seen.append(update.message.text)
        await update.message.reply_text("ok")

    async with started(MessageHandler(filters.TEXT, record), drop_pending_updates=True):
        await lan.send("mới")
        await emu.wait_for_message(lan.private_chat(bot))
    assert seen == ["mới"]


# ------------------------------------------------------------------ webhooks

async def test_webhook_delivery_retries_and_reports_errors(emu, bot, lan, ptb_bot):
    from aiohttp import web  # noqa: PLC0415

    received: list[dict] = []
    failures_left = [2]
    delivered = asyncio.Event()

    async def hook(request: web.Request) -> web.Response:
        if failures_left[0] > 0:
            failures_left[0] -= 1
            return web.Response(status=500)
        received.append(await request.json())
        assert request.headers["X-Telegram-Bot-Api-Secret-Token"] == "abc"
        delivered.set()
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    bot.updates.webhook_retry_delays = (0.01,)
    try:
        await ptb_bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="abc")
        await lan.send("thử lại")
        await asyncio.wait_for(delivered.wait(), 5)
        info = await ptb_bot.get_webhook_info()
        assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
        assert info.pending_update_count == 0
        assert received[0]["message"]["text"] == "thử lại"
        # a webhook that does not answer keeps updates pending
        await runner.cleanup()
        await lan.send("không ai nghe")
        await emu.wait_for_event("user_message", after_seq=0)
        info = await ptb_bot.get_webhook_info()
        assert info.pending_update_count == 1
        assert await ptb_bot.delete_webhook(drop_pending_updates=True)
        assert (await ptb_bot.get_webhook_info()).pending_update_count == 0
    finally:
        await runner.cleanup()
