"""Zalo's settings and `delegation-bot doctor`'s Zalo check, against the Zalo emulator."""

from __future__ import annotations

import pytest

from bot.doctor import Level, diagnose, report
from bot.settings import SettingsError, load_settings
from emulator.zalo import ZaloEmulator
from tests.ops.test_doctor import by_level, migrated

TOKEN = "1234567890123:Zalo-doctor_SECRETvalue"


@pytest.fixture
async def zalo():
    async with ZaloEmulator() as emu:
        emu.add_bot(TOKEN, "Đoàn công tác")
        yield emu


@pytest.fixture
def database_url(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    return migrated(data / "bot.sqlite3")


def test_zalo_settings_and_their_defaults():
    settings = load_settings(_env_file=None)
    assert not settings.zalo_enabled and settings.zalo_base_url == "https://bot-api.zaloplatforms.com"
    assert settings.zalo_monthly_message_quota == 3000 and settings.zalo_messages_per_second_per_chat == 1.0
    settings = load_settings(_env_file=None, zalo_bot_token=TOKEN, zalo_webhook_secret="",
                             zalo_base_url="http://127.0.0.1:8082/")
    assert settings.require_zalo_token() == TOKEN and settings.zalo_webhook_secret is None
    assert settings.zalo_base_url == "http://127.0.0.1:8082"
    for bad in (dict(zalo_webhook_secret="short"), dict(zalo_monthly_message_quota=-1),
                dict(zalo_base_url="bot-api.zaloplatforms.com"), dict(zalo_messages_per_second_per_chat=0)):
        with pytest.raises(SettingsError) as error:
            load_settings(_env_file=None, **bad)
        assert str(error.value).startswith("ZALO_")
    with pytest.raises(SettingsError, match="ZALO_BOT_TOKEN: invalid"):
        load_settings(_env_file=None, zalo_bot_token="not-a-token").require_zalo_token()


async def test_a_zalo_only_installation_passes(zalo, database_url):
    findings = await diagnose(zalo_bot_token=TOKEN, zalo_base_url=zalo.base_url, database_url=database_url,
                              bootstrap_admin_ids=["zalo:abc"], _env_file=None)
    text, code = report(findings)
    assert code == 0 and by_level(findings, Level.warning) == [], text
    account = zalo.world.bots["1234567890123"].account_name
    assert f"Zalo: token hợp lệ: {account} (id 1234567890123)" in text
    assert "chưa đặt TELEGRAM_BOT_TOKEN: bot chỉ chạy trên Zalo" in text and "long polling" in text


async def test_a_refused_zalo_token_is_an_error_without_the_token(zalo, database_url):
    findings = await diagnose(zalo_bot_token="1234567890123:WRONGsecretVALUE", zalo_base_url=zalo.base_url,
                              database_url=database_url, bootstrap_admin_ids=["zalo:abc"], _env_file=None)
    text, code = report(findings)
    assert code == 1 and "Zalo từ chối token" in text and "Zalo Bot Creator" in text
    assert "WRONGsecretVALUE" not in text


async def test_a_webhook_without_a_fixed_secret_is_a_warning(zalo, database_url):
    bot = zalo.world.bots["1234567890123"]
    bot.updates.set_webhook("https://bot.example.vn/zalo", "generated-secret", 0)
    findings = await diagnose(zalo_bot_token=TOKEN, zalo_base_url=zalo.base_url, database_url=database_url,
                              bootstrap_admin_ids=["zalo:abc"], _env_file=None)
    assert by_level(findings, Level.warning) == [
        "Webhook Zalo: webhook Zalo đang đặt nhưng chưa có ZALO_WEBHOOK_SECRET: bot sẽ tự sinh mỗi lần khởi động."]
    text, _ = report(findings)
    assert "đặt tại https://bot.example.vn/zalo" in text


async def test_zalo_unreachable_is_an_error(database_url):
    from emulator.testing import free_port

    findings = await diagnose(zalo_bot_token=TOKEN, zalo_base_url=f"http://127.0.0.1:{free_port()}",
                              database_url=database_url, bootstrap_admin_ids=["zalo:abc"], _env_file=None)
    errors = by_level(findings, Level.error)
    assert len(errors) == 1 and errors[0].startswith("Zalo: không gọi được Bot API của Zalo")
    assert "Zalo-doctor_SECRETvalue" not in report(findings)[0]
