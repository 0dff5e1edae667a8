"""`delegation-bot doctor` against the project's Bot API emulator and real databases."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest
from telegram import Bot

from bot.database import upgrade
from bot.doctor import CHECKS, Finding, Level, diagnose, report
from emulator import Emulator
from models.db import Database
from tests.e2e.conftest import free_port

TOKEN = "424242:DOCTORTESTTOKEN"


@pytest.fixture
async def emu():
    async with Emulator() as emulator:
        emulator.add_bot(token=TOKEN, username="doan_bot")
        yield emulator


@pytest.fixture
def private_dir(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    return data


def migrated(path, revision="head") -> str:
    url = f"sqlite:///{path}"
    database = Database(url)
    upgrade(database, revision)
    database.dispose()
    return url


def settings_for(emu, url, **extra):
    return dict(telegram_bot_token=TOKEN, telegram_base_url=emu.base_url, database_url=url,
                bootstrap_admin_ids=["telegram:1"], **extra)


def by_level(findings, level):
    return [f"{finding.check}: {finding.detail}" for finding in findings if finding.level is level]


async def test_a_ready_installation_passes(emu, private_dir):
    findings = await diagnose(**settings_for(emu, migrated(private_dir / "bot.sqlite3")))
    text, code = report(findings)
    assert code == 0 and by_level(findings, Level.error) == [] and by_level(findings, Level.warning) == []
    assert "token hợp lệ: @doan_bot (id 424242)" in text and "long polling" in text
    assert "lược đồ ở phiên bản mới nhất" in text and "Asia/Ho_Chi_Minh" in text
    assert text.endswith("✅ Mọi thứ sẵn sàng.")


async def test_a_refused_token_an_old_schema_and_open_files_are_errors_with_their_fix(emu, tmp_path):
    path = tmp_path / "bot.sqlite3"
    url = migrated(path, "0001")
    path.chmod(0o644)
    overrides = settings_for(emu, url)
    overrides["telegram_bot_token"] = "999999:NOTAKNOWNTOKEN"
    findings = await diagnose(**overrides)
    text, code = report(findings)
    errors = by_level(findings, Level.error)
    assert code == 1 and len(errors) == 3, text
    assert "Telegram từ chối token" in text and "@BotFather" in text
    assert "lược đồ ở phiên bản 0001" in text and "delegation-bot db upgrade" in text
    assert f"«{path}» có quyền 644" in text and f"chmod 600 {path}" in text
    assert "NOTAKNOWNTOKEN" not in text


async def test_a_webhook_telegram_cannot_reach_is_an_error(emu, private_dir):
    bot = Bot(TOKEN, base_url=emu.base_url)
    async with bot:
        await bot.set_webhook(f"http://127.0.0.1:{free_port()}/hook")   # nobody listens there
    user = emu.add_user("Lan")
    await user.send("/start")
    for _ in range(200):
        findings = await diagnose(**settings_for(emu, migrated(private_dir / "bot.sqlite3"), webhook_secret="s3cret"))
        if by_level(findings, Level.error):
            break
        await asyncio.sleep(0.05)
    text, code = report(findings)
    assert code == 1 and "Telegram không gửi được cập nhật tới webhook" in text and "proxy TLS" in text
    assert "/hook" in text


async def test_no_database_and_an_unusual_time_zone(emu, tmp_path):
    findings = await diagnose(**settings_for(emu, "postgresql+psycopg://nobody@127.0.0.1:1/none",
                                             timezone="Europe/Paris"))
    text, code = report(findings)
    assert code == 1
    assert "Cơ sở dữ liệu: không kết nối được" in text and "PostgreSQL đang chạy" in text
    assert "TIMEZONE là «Europe/Paris»" in text and by_level(findings, Level.warning)
    assert "token hợp lệ" in text   # the other checks still ran


async def test_invalid_settings_stop_the_checks_that_need_them(emu):
    findings = await diagnose(timezone="Sao/Hỏa")
    text, code = report(findings)
    assert code == 1 and "TIMEZONE" in text and "Sửa giá trị đó trong tệp .env" in text
    assert [finding.check for finding in findings] == ["Cấu hình"]


async def test_a_channel_adds_its_check_in_one_place(emu, private_dir):
    async def check_zalo(context):
        assert context.settings is not None   # what earlier checks found is there to use
        return [Finding("Zalo", Level.error, "token bị từ chối.", "Lấy token mới.")]

    findings = await diagnose(CHECKS + (check_zalo,), **settings_for(emu, migrated(private_dir / "bot.sqlite3")))
    text, code = report(findings)
    assert code == 1 and "❌ Zalo: token bị từ chối.\n   → Lấy token mới." in text


@pytest.mark.slow
async def test_the_command_exits_non_zero_when_something_is_wrong(emu, private_dir):
    url = migrated(private_dir / "bot.sqlite3")
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": emu.base_url, "DATABASE_URL": url,
           "BOOTSTRAP_ADMIN_IDS": "1"}
    ok = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "bot", "doctor"], cwd=private_dir,
                                 env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    env["TELEGRAM_BOT_TOKEN"] = "1:WRONGTOKENVALUE"
    wrong = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "bot", "doctor"], cwd=private_dir,
                                    env=env, capture_output=True, text=True)
    assert wrong.returncode == 1 and "Telegram từ chối token" in wrong.stdout
