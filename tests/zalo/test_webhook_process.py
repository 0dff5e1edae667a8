"""`delegation-bot run --webhook …` in a process of its own: with only ZALO_BOT_TOKEN (Zalo's webhook, its secret,
/health and the reports' download links on one server), and with both tokens (Telegram's webhook; Zalo polls
beside it, its reports' links served on Telegram's webhook server)."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys

import httpx
import pytest

from emulator import Emulator
from emulator.testing import free_port
from emulator.zalo import ZaloEmulator
from tests.conftest import eventually
from tests.zalo.test_process import ADMIN, TELEGRAM_TOKEN, ZALO_TOKEN, BotProcess

pytestmark = pytest.mark.slow
SECRET = "zalo-webhook-secret-123"
LINK = re.compile(r"http://127\.0\.0\.1:\d+/files/[A-Za-z0-9_-]+")


class WebhookProcess(BotProcess):
    def __init__(self, workdir, env, args) -> None:
        super().__init__(workdir, env)
        self.args = args

    def start(self) -> None:
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "bot", "run", *self.args], cwd=self.workdir,
                                            env=self.env, stdout=log, stderr=subprocess.STDOUT)


async def healthy(port: int, process: BotProcess) -> None:
    async with httpx.AsyncClient() as client:
        async def probe() -> bool:
            try:
                return (await client.get(f"http://127.0.0.1:{port}/health")).status_code == 200
            except httpx.TransportError:
                return False

        for _ in range(600):
            if await probe():
                return
            assert process.process is not None and process.process.poll() is None, process.log()
            await asyncio.sleep(0.1)
    raise AssertionError(f"the webhook server never answered /health:\n{process.log()}")


async def links_in_report(emu, user, chat, process) -> list[str]:
    await user.send("/baocao 2021")
    await eventually(lambda: any(LINK.search(m.text or "") for m in emu.bot_messages(chat)), "the report's links",
                     timeout=120)
    message = next(m for m in emu.bot_messages(chat) if LINK.search(m.text or ""))
    return LINK.findall(message.text)


async def test_zalo_alone_in_webhook_mode(tmp_path):
    port = free_port()
    async with ZaloEmulator() as emu:
        emu.add_bot(ZALO_TOKEN, "Đoàn công tác")
        admin = emu.add_user("Trần Văn Hùng", id=ADMIN)
        url = f"http://127.0.0.1:{port}/zalo"
        process = WebhookProcess(tmp_path, {"ZALO_BOT_TOKEN": ZALO_TOKEN, "ZALO_BASE_URL": emu.base_url,
                                            "ZALO_WEBHOOK_SECRET": SECRET, "BOOTSTRAP_ADMIN_IDS": f"zalo:{ADMIN}"},
                                 ["--webhook", url, "--port", str(port)])
        process.start()
        try:
            await healthy(port, process)
            chat = admin.private_chat()
            await admin.send("/start")
            welcome = await emu.wait_for_message(chat, timeout=30)
            assert "Trần Văn Hùng" in welcome.text, process.log()
            forged = {"event_name": "message.text.received", "message": {
                "from": {"id": ADMIN, "display_name": "X"}, "chat": {"id": ADMIN, "chat_type": "PRIVATE"},
                "message_id": "f0f0", "date": 1, "text": "/trogiup"}}
            async with httpx.AsyncClient() as client:
                for headers in ({}, {"X-Bot-Api-Secret-Token": "wrong-secret-1234"}):
                    answer = await client.post(url, content=json.dumps(forged), headers=headers)
                    assert answer.status_code == 403
                urls = await links_in_report(emu, admin, chat, process)
                assert len(urls) == 2 and all(u.startswith(f"http://127.0.0.1:{port}/files/") for u in urls)
                first = await client.get(urls[0])
                assert first.status_code == 200 and first.content[:2] == b"PK"
                assert (await client.get(urls[0])).status_code == 410
            assert len([m for m in emu.bot_messages(chat) if "Các việc" in (m.text or "")]) == 0   # forgery ignored
            emu.assert_no_invalid_calls()
        finally:
            await asyncio.to_thread(process.stop)


async def test_both_channels_with_telegram_on_a_webhook(tmp_path):
    port = free_port()
    async with ZaloEmulator() as zalo, Emulator() as telegram:
        zalo.add_bot(ZALO_TOKEN, "Đoàn công tác")
        telegram.add_bot(token=TELEGRAM_TOKEN, username="doan_bot")
        zalo_admin = zalo.add_user("Trần Văn Hùng", id=ADMIN)
        telegram_admin = telegram.add_user("Hùng", "Trần", language_code="vi", id=9001)
        process = WebhookProcess(tmp_path, {
            "ZALO_BOT_TOKEN": ZALO_TOKEN, "ZALO_BASE_URL": zalo.base_url,
            "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_BASE_URL": telegram.base_url,
            "TELEGRAM_BASE_FILE_URL": telegram.base_file_url,
            "BOOTSTRAP_ADMIN_IDS": f"zalo:{ADMIN},telegram:9001"},
            ["--webhook", f"http://127.0.0.1:{port}/telegram", "--port", str(port)])
        process.start()
        try:
            await healthy(port, process)
            await telegram_admin.send("/start")
            on_telegram = await telegram.wait_for_message(telegram_admin.private_chat(), timeout=30)
            assert "quản trị viên" in on_telegram.text, process.log()
            chat = zalo_admin.private_chat()
            await zalo_admin.send("/start")                          # Zalo polls beside Telegram's webhook
            on_zalo = await zalo.wait_for_message(chat, timeout=30)
            assert "Trần Văn Hùng" in on_zalo.text, process.log()
            urls = await links_in_report(zalo, zalo_admin, chat, process)
            async with httpx.AsyncClient() as client:
                assert (await client.get(urls[1])).status_code == 200   # on Telegram's webhook server
            zalo.assert_no_invalid_calls()
            telegram.assert_no_invalid_calls()
        finally:
            await asyncio.to_thread(process.stop)
