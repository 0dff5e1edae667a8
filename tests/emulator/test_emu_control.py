"""The JSON control API and the standalone process (``python -m emulator``)."""

from __future__ import annotations

import asyncio
import base64
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from emulator.testing import SAMPLE_PNG, free_port

REPO = Path(__file__).resolve().parents[2]


async def test_drive_the_world_over_http(emu, ptb_bot):
    async with httpx.AsyncClient(base_url=f"{emu.url}/_emulator") as control:
        lan = (await control.post("/users", json={"first_name": "Lan", "language_code": "vi"})).json()["result"]
        minh = (await control.post("/users", json={"first_name": "Minh"})).json()["result"]
        group = (await control.post("/groups", json={
            "title": "Đoàn", "member_ids": [lan["id"], minh["id"]], "bots": ["doan_bot"]})).json()["result"]
        assert group["type"] == "supergroup"

        sent = (await control.post(f"/users/{lan['id']}/send", json={"text": "/start"})).json()["result"]
        assert sent["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
        await control.post(f"/users/{lan['id']}/location", json={"latitude": 20.4, "longitude": 106.1})
        photo = base64.b64encode(SAMPLE_PNG).decode()
        await control.post(f"/users/{lan['id']}/photo", json={"data_base64": photo, "caption": "ảnh"})
        await control.post(f"/users/{lan['id']}/document", files={"document": ("a.csv", b"1;2")},
                           data={"caption": "tệp"})
        await control.post(f"/users/{minh['id']}/send", json={"text": "/help@doan_bot", "chat_id": group["id"]})

        updates = await ptb_bot.get_updates()
        assert [bool(u.message.location) for u in updates] == [False, True, False, False, False]
        assert updates[2].message.photo[-1].width == 1 and updates[3].message.document.file_name == "a.csv"
        assert updates[4].message.chat.id == group["id"]

        await ptb_bot.send_message(lan["id"], "Chọn", reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Lưu", callback_data="save")]]))
        messages = (await control.get(f"/chats/{lan['id']}/messages")).json()["result"]
        assert messages[-1]["from_bot"] and messages[-1]["buttons"] == [[["Lưu", "save"]]]
        pressed = (await control.post(f"/users/{lan['id']}/press", json={
            "message_id": messages[-1]["message_id"], "text": "Lưu"})).json()["result"]
        assert pressed["callback_query"]["data"] == "save"
        queries = (await control.get("/callback_queries")).json()["result"]
        assert queries[0]["answered"] is False

        await control.post(f"/users/{lan['id']}/block", json={})
        state = (await control.get("/state")).json()["result"]
        assert state["private_chats"][0]["blocked"] is True

        await control.put("/limits", json={"enabled": True, "per_chat_burst": 5})
        assert emu.limits.enabled and emu.limits.per_chat_burst == 5
        faults = (await control.put("/faults", json={"fraction": 0.5, "kind": "slow", "delay": 0.1, "seed": 3})).json()
        assert faults["result"]["rules"][0]["kind"] == "slow"
        await control.delete("/faults")
        assert emu.faults.rules == []

        with pytest.raises(BadRequest):  # an invalid call, on purpose
            await ptb_bot._post("sendMessage", {"chat_id": minh["id"]})  # noqa: SLF001
    async with httpx.AsyncClient(base_url=f"{emu.url}/_emulator") as control:
        invalid = (await control.get("/invalid_calls")).json()["result"]
        assert invalid[0]["description"] == "Bad Request: message text is empty"
        missing = await control.post("/users/1/send", json={"text": "x"})
        assert missing.status_code == 404 and missing.json()["ok"] is False


async def test_event_stream_reports_what_happens(emu, bot, lan, ptb_bot):
    await lan.send("/start")
    async with httpx.AsyncClient(timeout=5) as http:
        kinds = "user_message,message,edit,delete,chat_action"
        async with http.stream("GET", f"{emu.url}/_emulator/events", params={"since": 0, "kinds": kinds}) as stream:
            lines = stream.aiter_lines()

            async def next_event():
                data = None
                async for line in lines:
                    if line.startswith("data: "):
                        data = json.loads(line[len("data: "):])
                    elif line == "" and data is not None:
                        return data

            assert (await next_event())["kind"] == "user_message"
            sent = await ptb_bot.send_message(lan.id, "một")
            await ptb_bot.send_chat_action(lan.id, "typing")
            await ptb_bot.edit_message_text("hai", chat_id=lan.id, message_id=sent.message_id)
            await ptb_bot.delete_message(lan.id, sent.message_id)
            kinds = [(await asyncio.wait_for(next_event(), 5))["kind"] for _ in range(4)]
    assert kinds == ["message", "chat_action", "edit", "delete"]


@pytest.mark.slow
async def test_standalone_process_serves_a_bot(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "--port", str(port), "--token", "123:ABC", "--username", "doan_bot"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        banner = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), 15)
        assert f"127.0.0.1:{port}" in banner
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            me = (await http.get("/bot123:ABC/getMe")).json()["result"]
            assert me["username"] == "doan_bot"
            user = (await http.post("/_emulator/users", json={"first_name": "Lan"})).json()["result"]
            await http.post(f"/_emulator/users/{user['id']}/send", json={"text": "xin chào"})
            updates = (await http.post("/bot123:ABC/getUpdates")).json()["result"]
            assert updates[0]["message"]["text"] == "xin chào"
    finally:
        process.terminate()
        process.wait(10)
    assert process.returncode == 0
