"""The Zalo client over real HTTP against the Zalo emulator: answers, idle polls, and every failure in the
scheduler's terms, the token never in an error text or a log line."""

from __future__ import annotations

import logging

import pytest
from aiohttp import web

from channels.zalo.client import QuotaSpent, ZaloClient, seconds_until_next_month
from emulator.testing import free_port
from emulator.zalo import ZaloEmulator
from scheduler.outbound import PermanentFailure, RecipientBlocked, RetryLater, TemporaryFailure

TOKEN = "1234567890123:Zalo-client_SECRETvalue"
SECRET = TOKEN.split(":")[1]


@pytest.fixture
async def zalo():
    async with ZaloEmulator() as emu:
        emu.add_bot(TOKEN, "Đoàn công tác")
        yield emu


@pytest.fixture
async def client(zalo):
    async with ZaloClient(TOKEN, zalo.base_url) as client:
        yield client


async def test_methods_round_trip(zalo, client):
    me = await client.get_me()
    assert me["id"] == "1234567890123" and client.bot_id == "1234567890123"
    assert await client.get_update(timeout=0) is None   # Zalo's 408: nothing yet, not an error

    lan = zalo.add_user("Nguyễn Thị Lan")
    await lan.send("Xin chào")
    update = await client.get_update(timeout=1)
    assert update["message"]["text"] == "Xin chào" and update["event_name"] == "message.text.received"

    message_id = await client.send_message(lan.id, "Chào đồng chí")
    chat = lan.private_chat()
    assert zalo.bot_messages(chat)[-1].message_id == message_id
    await client.send_photo(lan.id, "https://example.org/x.jpg", "ảnh")
    await client.send_chat_action(lan.id)
    assert zalo.chat_actions(chat) == ["typing"] and zalo.bot_messages(chat)[-1].caption == "ảnh"
    # getUpdates carries its timeout as a string, as Zalo's reference sends it
    assert zalo.calls_to("getUpdates")[0].params == {"timeout": "0"}
    zalo.assert_no_invalid_calls()


async def test_webhook_methods(zalo, client):
    assert (await client.get_webhook_info())["url"] == ""
    await client.set_webhook("https://bot.example.vn/zalo", "a-secret-of-enough-length")
    assert (await client.get_webhook_info())["url"] == "https://bot.example.vn/zalo"
    await client.delete_webhook()
    assert (await client.get_webhook_info())["url"] == ""
    zalo.assert_no_invalid_calls()


async def test_a_text_zalo_would_refuse_is_never_sent(zalo, client):
    lan = zalo.add_user("Lan")
    await lan.send("hi")
    for text in ("", "  ", "x" * 2001):
        with pytest.raises(PermanentFailure):
            await client.send_message(lan.id, text)
    assert zalo.calls_to("sendMessage") == []


async def test_failures_in_the_schedulers_terms(zalo, client):
    lan, minh = zalo.add_user("Lan"), zalo.add_user("Minh")
    await lan.send("hi")
    with pytest.raises(PermanentFailure) as unknown:
        await client.send_message(minh.id, "x")            # Minh never wrote: no such chat for the bot
    assert unknown.value.error_code == 400
    lan.block()
    with pytest.raises(RecipientBlocked):
        await client.send_message(lan.id, "x")
    lan.unblock()

    zalo.quota.set(monthly=5, used=5)
    with pytest.raises(QuotaSpent) as spent:
        await client.send_message(lan.id, "x")
    assert isinstance(spent.value, RetryLater) and 0 < spent.value.seconds <= 31 * 24 * 3600
    zalo.quota.set(monthly=None)

    zalo.faults.set(1.0, "5xx", methods=["sendMessage"])
    with pytest.raises(TemporaryFailure) as bad_gateway:
        await client.send_message(lan.id, "x")
    assert bad_gateway.value.outcome_unknown
    zalo.faults.set(1.0, "drop", methods=["sendMessage"], after_processing=True)
    with pytest.raises(TemporaryFailure) as dropped:
        await client.send_message(lan.id, "đã tới nơi")
    assert dropped.value.outcome_unknown and zalo.bot_messages(lan.private_chat())[-1].text == "đã tới nơi"
    zalo.faults.clear()
    assert [call.method for call in zalo.invalid_calls] == ["sendMessage"]   # only the made-up chat


async def test_no_server_is_a_temporary_failure_that_surely_did_not_happen():
    async with ZaloClient(TOKEN, f"http://127.0.0.1:{free_port()}") as client:
        with pytest.raises(TemporaryFailure) as refused:
            await client.get_me()
    assert refused.value.outcome_unknown is False


async def test_the_token_is_in_no_error_text_log_or_repr(zalo, caplog):
    caplog.set_level(logging.DEBUG)
    captured: list[str] = []

    async def not_zalo(request: web.Request) -> web.Response:
        if request.path.endswith("getMe"):
            raise web.HTTPFound(f"https://elsewhere.example/collect?u={request.path}")
        return web.Response(text="<html>proxy error</html>", status=200, content_type="text/html")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", not_zalo)
    runner = web.AppRunner(app, access_log=None)   # this stand-in's own log is not the bot's
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with ZaloClient(TOKEN, f"http://127.0.0.1:{port}") as client:
            captured.append(repr(client))
            with pytest.raises(PermanentFailure) as redirected:   # a redirect is not followed with the token
                await client.get_me()
            captured.append(str(redirected.value))
            with pytest.raises(TemporaryFailure) as html:
                await client.send_message("abc", "x")
            captured.append(str(html.value))
        async with ZaloClient(TOKEN, "http://[::1") as broken:   # an address aiohttp cannot even parse
            with pytest.raises((TemporaryFailure, PermanentFailure, ValueError)) as invalid:
                await broken.get_me()
            captured.append(str(invalid.value))
        async with ZaloClient(TOKEN, zalo.base_url) as client:
            zalo.faults.set(1.0, "drop", methods=["getUpdates"])
            with pytest.raises(TemporaryFailure) as lost:
                await client.get_update(timeout=0)
            captured.append(str(lost.value))
    finally:
        await runner.cleanup()
    captured.append(caplog.text)
    for text in captured:
        assert SECRET not in text and TOKEN not in text, text


def test_seconds_until_the_month_turns_in_vietnam():
    import datetime as dt

    # 31 January 20:00 UTC is already 1 February 03:00 in Vietnam: the month turned there
    turned = dt.datetime(2026, 1, 31, 20, 0, tzinfo=dt.UTC)
    assert seconds_until_next_month(turned) == pytest.approx((28 * 24 - 3) * 3600)
    late_december = dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.UTC)   # 23:00 in Vietnam
    assert seconds_until_next_month(late_december) == pytest.approx(3600)
