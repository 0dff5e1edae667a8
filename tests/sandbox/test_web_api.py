"""The sandbox's JSON API answers its own page only: not a DNS-rebound name, not another site's page, not a form.

A page from elsewhere open in the same browser can reach 127.0.0.1; these are the checks that keep it from driving
the sandbox (a `text/plain` or form POST needs no preflight) or reading it through a rebound host name.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from urllib.parse import urlsplit

import aiohttp
import pytest
from PIL import Image

from sandbox import demo_data

MEMBER = next(p for p in demo_data.PEOPLE if p.role is not None and p.role.value == "member")


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 200)).save(out, "JPEG")
    return out.getvalue()


async def _private_chat_key(http: aiohttp.ClientSession, url: str) -> str:
    async with http.get(f"{url}/api/state") as response:
        state = await response.json()
    return next(p["private_chat_key"] for p in state["result"]["people"] if p["id"] == MEMBER.user_id)


def _messages_in(sandbox, chat_key: str) -> int:
    return len(sandbox.world.chat_by_key(chat_key).messages)


async def test_the_page_and_the_api_answer_by_127_0_0_1_and_localhost(sandbox):
    port = urlsplit(sandbox.url).port
    async with aiohttp.ClientSession() as http:
        for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
            for path in ("/", "/api/state", "/static/app.js"):
                async with http.get(f"{sandbox.url}{path}", headers={"Host": host}) as response:
                    assert response.status == 200, (host, path)


@pytest.mark.parametrize("host", ["attacker.example:{port}", "127.0.0.1.attacker.example:{port}", "127.0.0.1:1",
                                  "localhost", "[::1]:{port}"])
async def test_another_host_name_is_refused_however_it_reached_the_server(sandbox, host):
    # A DNS-rebound name reaches 127.0.0.1 but still sends its own name as Host.
    port = urlsplit(sandbox.url).port
    async with aiohttp.ClientSession() as http:
        chat_key = await _private_chat_key(http, sandbox.url)
        before = _messages_in(sandbox, chat_key)
        headers = {"Host": host.format(port=port)}
        for path in ("/", "/api/state", "/api/people"):
            async with http.get(f"{sandbox.url}{path}", headers=headers) as response:
                assert response.status == 403, path
                assert "127.0.0.1" in (await response.json())["error"]
        async with http.post(f"{sandbox.url}/api/send", headers=headers,
                             json={"user_id": MEMBER.user_id, "chat_key": chat_key, "text": "/start"}) as response:
            assert response.status == 403
    assert _messages_in(sandbox, chat_key) == before


@pytest.mark.parametrize("content_type, body", [
    ("text/plain", '{{"user_id": {user}, "chat_key": "{chat}", "text": "/start"}}'),   # a no-preflight fetch
    ("application/x-www-form-urlencoded", "user_id={user}&chat_key={chat}&text=%2Fstart"),  # a cross-site form
    ("multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="text"\r\n\r\n/start\r\n--x--'),
    (None, '{{"user_id": {user}, "chat_key": "{chat}", "text": "/start"}}'),
])
async def test_a_post_that_is_not_json_is_refused_and_does_nothing(sandbox, content_type, body):
    started = sandbox.clock.now()
    async with aiohttp.ClientSession() as http:
        chat_key = await _private_chat_key(http, sandbox.url)
        data = body.format(user=MEMBER.user_id, chat=chat_key).encode()
        headers = {"Content-Type": content_type} if content_type else {}
        skip = () if content_type else ("Content-Type",)
        for path in ("/api/send", "/api/clock", "/api/photo"):
            async with http.post(f"{sandbox.url}{path}", data=data, headers=headers,
                                 skip_auto_headers=skip) as response:
                assert response.status == 415, path
                assert "application/json" in (await response.json())["error"]
    assert _messages_in(sandbox, chat_key) == 0
    assert sandbox.clock.now() - started < dt.timedelta(hours=1)  # «+1 ngày» was not pressed


@pytest.mark.parametrize("origin", ["http://attacker.example", "null", "http://127.0.0.1:1", "https://127.0.0.1:{port}",
                                    "http://localhost.attacker.example:{port}"])
async def test_a_request_from_another_sites_page_is_refused(sandbox, origin):
    port = urlsplit(sandbox.url).port
    async with aiohttp.ClientSession() as http:
        chat_key = await _private_chat_key(http, sandbox.url)
        headers = {"Origin": origin.format(port=port)}
        async with http.post(f"{sandbox.url}/api/send", headers=headers,
                             json={"user_id": MEMBER.user_id, "chat_key": chat_key, "text": "/start"}) as response:
            assert response.status == 403
            assert "trang" in (await response.json())["error"]
        async with http.get(f"{sandbox.url}/api/state", headers=headers) as response:
            assert response.status == 403
    assert _messages_in(sandbox, chat_key) == 0


async def test_the_pages_own_json_requests_are_served(sandbox):
    port = urlsplit(sandbox.url).port
    async with aiohttp.ClientSession() as http:
        chat_key = await _private_chat_key(http, sandbox.url)
        for origin in (f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
            host = urlsplit(origin).netloc
            message = {"user_id": MEMBER.user_id, "chat_key": chat_key, "text": "Xin chào"}
            async with http.post(f"{sandbox.url}/api/send", headers={"Origin": origin, "Host": host},
                                 json=message) as response:
                assert response.status == 200 and (await response.json())["ok"]
        photo = base64.b64encode(_jpeg()).decode()
        async with http.post(f"{sandbox.url}/api/photo", json={"user_id": MEMBER.user_id, "chat_key": chat_key,
                                                               "photo_base64": photo}) as response:
            assert response.status == 200
            assert (await response.json())["result"]["photo"]
        for broken in ("not base64!", ""):
            async with http.post(f"{sandbox.url}/api/photo", json={"user_id": MEMBER.user_id, "chat_key": chat_key,
                                                                   "photo_base64": broken}) as response:
                assert response.status == 400
                assert (await response.json())["error"] in ("Ảnh gửi lên bị hỏng.", "Chưa chọn ảnh.")
