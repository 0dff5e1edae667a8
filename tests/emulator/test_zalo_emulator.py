"""The Zalo emulator itself, over HTTP as a bot and as a test driving the world would use it."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from emulator.testing import SAMPLE_JPEG, free_port
from emulator.zalo import ZaloEmulator

REPO = Path(__file__).resolve().parents[2]
TOKEN = "1234567890123:zalo-secret_ABCdef"


class Clock:
    def __init__(self, when: dt.datetime) -> None:
        self.now = when.timestamp()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def zalo():
    async with ZaloEmulator() as emu:
        yield emu


@pytest.fixture
def bot(zalo):
    return zalo.add_bot(TOKEN, "Đoàn công tác")


@pytest.fixture
async def api(zalo, bot):
    async with httpx.AsyncClient(base_url=f"{zalo.base_url}/bot{bot.token}", timeout=10) as client:
        async def call(method: str, **params):
            response = await client.post(f"/{method}", json=params)
            return response.status_code, response.json()
        yield call


async def test_get_me_and_a_private_exchange(zalo, bot, api):
    status, me = await api("getMe")
    assert status == 200 and me["ok"] is True
    assert me["result"]["id"] == "1234567890123" and me["result"]["account_name"].startswith("bot.")
    assert set(me["result"]) == {"id", "account_name", "account_type", "can_join_groups"}

    lan = zalo.add_user("Nguyễn Thị Lan")
    await lan.send("Xin chào")
    status, update = await api("getUpdates", timeout="1")
    assert status == 200 and update["ok"] is True
    result = update["result"]
    assert result["event_name"] == "message.text.received"
    message = result["message"]
    assert message["text"] == "Xin chào" and message["chat"] == {"id": lan.id, "chat_type": "PRIVATE"}
    assert message["from"] == {"id": lan.id, "display_name": "Nguyễn Thị Lan", "is_bot": False}
    assert isinstance(message["message_id"], str) and int(message["message_id"], 16) >= 0
    assert message["date"] > 10**12   # milliseconds

    status, sent = await api("sendMessage", chat_id=lan.id, text="Chào đồng chí")
    assert status == 200 and set(sent["result"]) == {"message_id", "date"}
    reply = await zalo.wait_for_message(lan.private_chat(bot))
    assert reply.text == "Chào đồng chí" and reply.from_bot
    zalo.assert_no_invalid_calls()


async def test_get_updates_hands_out_one_update_per_call_and_forgets_it(zalo, bot, api):
    lan = zalo.add_user("Lan")
    status, idle = await api("getUpdates", timeout="0")
    assert status == 408 and idle["ok"] is False and idle["error_code"] == 408
    await lan.send("một")
    await lan.send("hai")
    first = (await api("getUpdates", timeout="1"))[1]["result"]["message"]["text"]
    second = (await api("getUpdates", timeout="1"))[1]["result"]["message"]["text"]
    assert (first, second) == ("một", "hai")
    assert (await api("getUpdates", timeout="0"))[0] == 408   # handed out is gone: no offset to ask again
    assert zalo.invalid_calls == []   # an idle poll is not a mistake


async def test_a_waiting_poll_is_answered_as_soon_as_someone_writes(zalo, bot, api):
    lan = zalo.add_user("Lan")
    poll = asyncio.create_task(api("getUpdates", timeout="5"))
    await asyncio.sleep(0.1)   # the poll is waiting
    assert bot.updates.listening.is_set()
    await lan.send("đây")
    status, update = await asyncio.wait_for(poll, 3)
    assert status == 200 and update["result"]["message"]["text"] == "đây"


async def test_a_lost_answer_loses_the_update(zalo, bot, api):
    """No offset: an update whose answer never reached the bot is gone (the bot must store before handling)."""
    lan = zalo.add_user("Lan")
    await lan.send("mất")
    zalo.faults.set(1.0, "drop", methods=["getUpdates"], after_processing=True)
    with pytest.raises(httpx.HTTPError):
        await api("getUpdates", timeout="1")
    zalo.faults.clear()
    assert bot.updates.pending_count == 0
    assert (await api("getUpdates", timeout="0"))[0] == 408


@pytest.mark.parametrize("params, reason", [
    ({"text": "x", "reply_markup": {"inline_keyboard": []}}, "reply_markup"),
    ({"text": "x", "parse_mode": "HTML"}, "parse_mode"),
    ({"text": "x" * 2001}, "2000"),
    ({"text": "   "}, "empty"),
    ({}, "text"),
])
async def test_send_message_refuses_anything_outside_the_reference(zalo, bot, api, params, reason):
    lan = zalo.add_user("Lan")
    await lan.send("hi")
    status, answer = await api("sendMessage", chat_id=lan.id, **params)
    assert status == 400 and answer["ok"] is False and reason in answer["description"]
    assert [call.method for call in zalo.invalid_calls] == ["sendMessage"]
    with pytest.raises(AssertionError):
        zalo.assert_no_invalid_calls()


async def test_two_thousand_characters_are_the_limit(zalo, bot, api):
    lan = zalo.add_user("Lan")
    await lan.send("hi")
    assert (await api("sendMessage", chat_id=lan.id, text="ệ" * 2000))[0] == 200
    assert zalo.invalid_calls == []


async def test_chats_the_bot_may_not_write_to(zalo, bot, api):
    lan, minh = zalo.add_user("Lan"), zalo.add_user("Minh")
    status, answer = await api("sendMessage", chat_id=minh.id, text="x")   # Minh never wrote to the bot
    assert status == 400 and "chat not found" in answer["description"]
    await lan.send("hi")
    lan.block(bot)
    status, answer = await api("sendMessage", chat_id=lan.id, text="x")
    assert status == 403
    assert [call.method for call in zalo.invalid_calls] == ["sendMessage"]   # only the made-up chat


async def test_unknown_token_and_unknown_method(zalo, bot):
    async with httpx.AsyncClient(base_url=zalo.base_url) as client:
        answer = await client.post("/bot999:nope/getMe", json={})
        assert answer.status_code == 401 and answer.json() == {"ok": False, "error_code": 401,
                                                               "description": "Unauthorized"}
        answer = await client.post(f"/bot{bot.token}/editMessageText", json={"chat_id": "1", "text": "x"})
        assert answer.status_code == 404 and answer.json()["ok"] is False


async def test_chat_action_is_typing_or_upload_photo(zalo, bot, api):
    lan = zalo.add_user("Lan")
    await lan.send("hi")
    status, answer = await api("sendChatAction", chat_id=lan.id, action="typing")
    assert status == 200 and answer == {"ok": True}
    assert zalo.chat_actions(lan.private_chat(bot)) == ["typing"]
    assert (await api("sendChatAction", chat_id=lan.id, action="upload_document"))[0] == 400


async def test_monthly_quota_answers_429_until_the_month_turns():
    clock = Clock(dt.datetime(2026, 1, 31, 12, 0, tzinfo=dt.UTC))
    async with ZaloEmulator(clock=clock, monthly_quota=2) as zalo:
        bot = zalo.add_bot(TOKEN)
        lan = zalo.add_user("Lan")
        await lan.send("hi")
        async with httpx.AsyncClient(base_url=f"{zalo.base_url}/bot{bot.token}") as client:
            answers = [await client.post("/sendMessage", json={"chat_id": lan.id, "text": f"{n}"}) for n in range(3)]
            assert [a.status_code for a in answers] == [200, 200, 429]
            assert answers[2].json()["ok"] is False and answers[2].json()["error_code"] == 429
            typing = await client.post("/sendChatAction", json={"chat_id": lan.id, "action": "typing"})
            assert typing.status_code == 200
            clock.now += 12 * 3600   # 1 February in Vietnam
            assert (await client.post("/sendMessage", json={"chat_id": lan.id, "text": "tháng mới"})).status_code == 200
        assert zalo.quota.used == 1 and zalo.quota.rejected == 1
        assert zalo.invalid_calls == []
        assert [e.kind for e in zalo.events.history if e.kind == "quota_exceeded"] == ["quota_exceeded"]


async def test_webhook_delivers_with_the_secret_wrapped_or_bare(zalo, bot, api):
    received: list[tuple[str | None, dict]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Bot-Api-Secret-Token"), await request.json()))
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/zalo", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        assert (await api("setWebhook", url=f"http://127.0.0.1:{port}/zalo", secret_token="short"))[0] == 400
        status, answer = await api("setWebhook", url=f"http://127.0.0.1:{port}/zalo", secret_token="s3cret-token")
        assert status == 200 and answer["result"]["url"].endswith("/zalo") and answer["result"]["updated_at"] > 0
        assert (await api("getWebhookInfo"))[1]["result"]["url"].endswith("/zalo")
        assert (await api("getUpdates", timeout="0"))[0] == 400   # not while a webhook is set

        lan = zalo.add_user("Lan")
        await lan.send("qua webhook")
        for _ in range(100):
            if received:
                break
            await asyncio.sleep(0.02)
        secret, body = received[0]
        assert secret == "s3cret-token"
        assert body["ok"] is True and body["result"]["message"]["text"] == "qua webhook"

        zalo.set_shapes(webhook_body="bare")
        await lan.send("trần")
        for _ in range(100):
            if len(received) == 2:
                break
            await asyncio.sleep(0.02)
        assert received[1][1]["message"]["text"] == "trần" and "ok" not in received[1][1]

        assert (await api("deleteWebhook"))[1]["result"]["url"] == ""
        await lan.send("lại thăm dò")
        assert (await api("getUpdates", timeout="1"))[1]["result"]["message"]["text"] == "lại thăm dò"
    finally:
        await runner.cleanup()


async def test_in_a_group_the_bot_sees_only_what_mentions_it_or_replies_to_it(zalo, bot, api):
    lan, minh = zalo.add_user("Lan"), zalo.add_user("Minh")
    group = zalo.add_group("Đoàn công tác KCN", [lan, minh], [bot])
    await lan.send("chuyện riêng của nhóm", chat=group)
    assert bot.updates.pending_count == 0
    await minh.mention(group, "ganhom")
    update = (await api("getUpdates", timeout="1"))[1]["result"]["message"]
    assert update["chat"] == {"id": group.id, "chat_type": "GROUP"}
    assert update["text"] == "@Đoàn công tác ganhom" and update["from"]["id"] == minh.id

    status, sent = await api("sendMessage", chat_id=group.id, text="Đã gắn nhóm")
    assert status == 200
    await lan.send("trả lời bot", chat=group, reply_to=sent["result"]["message_id"])
    assert (await api("getUpdates", timeout="1"))[1]["result"]["message"]["text"] == "trả lời bot"

    other = zalo.add_group("Nhóm không có bot", [lan])
    status, _ = await api("sendMessage", chat_id=other.id, text="x")
    assert status == 403


async def test_update_shapes_vary_as_zalos_clients_do(zalo, bot, api):
    lan = zalo.add_user("Lan")
    zalo.set_shapes(name_field="first_name", event_name=False, photo_field="photo")
    await lan.send_photo(SAMPLE_JPEG, "cổng công ty")
    update = (await api("getUpdates", timeout="1"))[1]["result"]
    assert "event_name" not in update
    message = update["message"]
    assert message["from"]["first_name"] == "Lan" and "display_name" not in message["from"]
    assert message["caption"] == "cổng công ty" and message["photo"].startswith(zalo.url)
    with pytest.raises(ValueError):
        zalo.set_shapes(name_field="name")


async def test_photos_are_urls_that_expire(zalo, bot, api):
    lan = zalo.add_user("Lan")
    await lan.send_photo(SAMPLE_JPEG)
    update = (await api("getUpdates", timeout="1"))[1]["result"]
    assert update["event_name"] == "message.image.received"
    url = update["message"]["photo_url"]
    async with httpx.AsyncClient() as client:
        first = await client.get(url)
        assert first.status_code == 200 and first.content == SAMPLE_JPEG
        assert first.headers["content-type"] == "image/jpeg"
        zalo.media.expire_all()
        assert (await client.get(url)).status_code == 404


async def test_stickers_voice_and_the_unsupported(zalo, bot, api):
    lan = zalo.add_user("Lan")
    await lan.send_sticker()
    await lan.send_voice()
    await lan.send_unsupported()
    events = [(await api("getUpdates", timeout="1"))[1]["result"]["event_name"] for _ in range(3)]
    assert events == ["message.sticker.received", "message.voice.received", "message.unsupported.received"]


async def test_send_photo_by_url_only(zalo, bot, api):
    lan = zalo.add_user("Lan")
    await lan.send("hi")
    assert (await api("sendPhoto", chat_id=lan.id, photo="https://example.org/a.jpg", caption="ảnh"))[0] == 200
    assert (await api("sendPhoto", chat_id=lan.id, photo="AgACAgIAAx"))[0] == 400
    message = zalo.bot_messages(lan.private_chat(bot))[0]
    assert message.photo_url == "https://example.org/a.jpg" and message.caption == "ảnh"


async def test_drive_the_world_over_the_control_api(zalo, bot, api):
    async with httpx.AsyncClient(base_url=f"{zalo.url}/_emulator") as control:
        lan = (await control.post("/users", json={"display_name": "Lan"})).json()["result"]
        minh = (await control.post("/users", json={"display_name": "Minh", "id": "abc123"})).json()["result"]
        assert minh["id"] == "abc123"
        group = (await control.post("/groups", json={"title": "Đoàn", "member_ids": [lan["id"], minh["id"]],
                                                      "bots": [bot.id]})).json()["result"]
        assert group["chat_type"] == "GROUP"
        await control.post(f"/users/{lan['id']}/send", json={"text": "chào"})
        await control.post(f"/users/{minh['id']}/mention", json={"chat_id": group["id"], "text": "ganhom"})
        photo = base64.b64encode(SAMPLE_JPEG).decode()
        await control.post(f"/users/{lan['id']}/photo", json={"data_base64": photo, "caption": "ảnh"})
        texts = [(await api("getUpdates", timeout="1"))[1]["result"]["message"] for _ in range(3)]
        assert [t.get("text") for t in texts] == ["chào", "@Đoàn công tác ganhom", None]

        await api("sendMessage", chat_id=lan["id"], text="trả lời", parse_mode="HTML")
        await api("sendMessage", chat_id=lan["id"], text="trả lời")
        messages = (await control.get(f"/chats/{lan['id']}/messages")).json()["result"]
        assert [m["text"] for m in messages if m["from_bot"]] == ["trả lời"]
        invalid = (await control.get("/invalid_calls")).json()["result"]
        assert len(invalid) == 1 and invalid[0]["params"]["parse_mode"] == "HTML"
        await control.delete("/invalid_calls")
        assert zalo.invalid_calls == []

        quota = (await control.put("/quota", json={"monthly": 10, "used": 10})).json()["result"]
        assert quota["used"] == 10
        assert (await api("sendMessage", chat_id=lan["id"], text="x"))[0] == 429
        await control.put("/quota", json={"monthly": None})
        shapes = (await control.put("/shapes", json={"webhook_body": "bare"})).json()["result"]
        assert shapes["webhook_body"] == "bare"
        assert (await control.put("/shapes", json={"webhook_body": "odd"})).status_code == 400
        faults = (await control.put("/faults", json={"fraction": 1.0, "kind": "5xx", "methods": ["getMe"]})).json()
        assert faults["ok"] and (await api("getMe"))[0] == 502
        await control.delete("/faults")
        state = (await control.get("/state")).json()["result"]
        assert state["bots"][0]["id"] == bot.id and len(state["private_chats"]) == 1
        assert (await control.post("/users/nobody/send", json={"text": "x"})).status_code == 404


async def test_events_stream_over_sse(zalo, bot, api):
    lan = zalo.add_user("Lan")
    async with httpx.AsyncClient(base_url=f"{zalo.url}/_emulator", timeout=5) as control:
        async with control.stream("GET", "/events", params={"since": 0, "kinds": "user_message"}) as stream:
            await lan.send("sự kiện")
            async for line in stream.aiter_lines():
                if line.startswith("data:"):
                    event = json.loads(line[5:])
                    assert event["kind"] == "user_message" and event["message"]["text"] == "sự kiện"
                    break


def test_standalone_process():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "emulator.zalo", "--port", str(port), "--token", TOKEN,
                                "--name", "Đoàn", "--user", "Lan"], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert "Zalo emulator on" in process.stdout.readline()
        me = httpx.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe", json={}).json()
        assert me["ok"] and me["result"]["id"] == TOKEN.split(":")[0]
        state = httpx.get(f"http://127.0.0.1:{port}/_emulator/state").json()["result"]
        assert [user["display_name"] for user in state["users"]] == ["Lan"]
    finally:
        process.terminate()
        process.wait(10)
