"""One person on Telegram and on Zalo: a code from one app sent in the other links the accounts; pushes go to the
app the member last wrote from, never to both; `members invite` prints the code and the Telegram link."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from cli import build_app
from emulator import Emulator
from emulator.zalo import ZaloEmulator
from models.clock import ManualClock
from models.deliveries import Delivery, enqueue_delivery
from models.errors import Conflict
from models.people import Identity, Invite, Member, Role, create_link_code, push_chat_of, redeem_invite
from scheduler import Dispatcher
from scheduler.pacing import Pacing
from tests.conftest import eventually
from tests.zalo.test_process import ADMIN, TELEGRAM_TOKEN, ZALO_TOKEN, BotProcess

CODE = re.compile(r"inv_[A-Za-z0-9_-]{8,64}")
NOW = dt.datetime(2021, 10, 15, 2, 0, tzinfo=dt.UTC)


def test_a_link_code_adds_the_other_account_once(sqlite_database_at, tmp_path):
    database = sqlite_database_at(tmp_path / "bot.sqlite3")
    with database.session() as session:
        lan = Member(full_name="Nguyễn Thị Lan", role=Role.coordinator)
        lan.identities.append(Identity(platform_id="zalo:aa11", private_chat_id="zalo:aa11"))
        other = Member(full_name="Lê Văn Minh", role=Role.member)
        other.identities.append(Identity(platform_id="telegram:7", private_chat_id="telegram:7"))
        session.add_all([lan, other])
        session.flush()
        code = create_link_code(session, member=lan, now=NOW, ttl=dt.timedelta(minutes=30)).code
        expired = create_link_code(session, member=lan, now=NOW - dt.timedelta(hours=1),
                                   ttl=dt.timedelta(minutes=30)).code
        with pytest.raises(Conflict):   # an account that is someone else's is not taken over
            redeem_invite(session, code=code, platform_id="telegram:7", full_name="x", private_chat_id="telegram:7",
                          now=NOW)
        with pytest.raises(Conflict):
            redeem_invite(session, code=expired, platform_id="telegram:5", full_name="x",
                          private_chat_id="telegram:5", now=NOW)
        linked = redeem_invite(session, code=code, platform_id="telegram:5", full_name="Lan TG",
                               private_chat_id="telegram:5", now=NOW)
        assert linked.id == lan.id and linked.role is Role.coordinator and linked.full_name == "Nguyễn Thị Lan"
        assert push_chat_of(lan) == "telegram:5"            # the app just used
        again = redeem_invite(session, code=code, platform_id="telegram:5", full_name="Lan TG",
                              private_chat_id="telegram:5", now=NOW)
        assert again.id == lan.id                           # the same code sent twice: nothing new
        with pytest.raises(Conflict):                       # but it is used: no third account
            redeem_invite(session, code=code, platform_id="telegram:6", full_name="x", private_chat_id="telegram:6",
                          now=NOW)
        lan.push_via = "zalo:aa11"
        assert push_chat_of(lan) == "zalo:aa11"
        assert sorted(i.platform_id for i in lan.identities) == ["telegram:5", "zalo:aa11"]


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, chat_id, text, payload=None):
        self.sent.append((chat_id, text))
        return str(len(self.sent))


async def test_a_queued_push_follows_the_member_to_the_app_used_since(sqlite_database_at, tmp_path):
    database = sqlite_database_at(tmp_path / "bot.sqlite3")
    with database.session() as session:
        lan = Member(full_name="Nguyễn Thị Lan", role=Role.member, push_via="telegram:5")
        lan.identities += [Identity(platform_id="telegram:5", private_chat_id="telegram:5"),
                           Identity(platform_id="zalo:aa11", private_chat_id="zalo:aa11")]
        session.add(lan)
        session.flush()
        enqueue_delivery(session, key="k1", kind="alert", chat_id=push_chat_of(lan), text="Nhắc việc", due_at=NOW,
                         member_id=lan.id)
        enqueue_delivery(session, key="k2", kind="alert", chat_id="telegram:5", text="Chỉ trên Telegram",
                         due_at=NOW, member_id=lan.id, payload={"pinned_chat": True})
        lan.push_via = "zalo:aa11"   # she wrote from Zalo before the outbox sent it
    recorder = Recorder()
    dispatcher = Dispatcher(database, recorder, ManualClock(NOW), Pacing(overall_per_second=1000,
                            per_chat_interval=0, per_chat_burst=10, group_per_minute=1000,
                            is_group=lambda _chat: False), quiet_hours=None)
    try:
        await dispatcher.dispatch_due()
    finally:
        await dispatcher.aclose()
    assert sorted(recorder.sent) == [("telegram:5", "Chỉ trên Telegram"), ("zalo:aa11", "Nhắc việc")]
    with database.session() as session:
        assert session.scalar(select(Delivery.chat_id).where(Delivery.key == "k1")) == "zalo:aa11"


def test_members_invite_prints_the_code_on_its_own_line_and_the_telegram_link(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "doan_bot")
    runner = CliRunner()
    result = runner.invoke(build_app(["members"]), ["members", "invite", "--role", "admin", "--name", "Đỗ Văn Quang"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    code = next(line for line in lines if CODE.fullmatch(line))
    assert f"https://t.me/doan_bot?start={code}" in lines
    monkeypatch.delenv("TELEGRAM_BOT_USERNAME")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    alone = runner.invoke(build_app(["members"]), ["members", "invite", "--role", "member"])
    assert alone.exit_code == 0, alone.output
    assert any(CODE.fullmatch(line) for line in alone.output.splitlines()) and "t.me" not in alone.output
    from models.db import Database

    database = Database(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    with database.session() as session:
        invite = session.scalar(select(Invite).where(Invite.code == code.removeprefix("inv_")))
        assert invite.role is Role.admin and invite.full_name == "Đỗ Văn Quang"
        member = redeem_invite(session, code=invite.code, platform_id="zalo:99", full_name="Quang Zalo",
                               private_chat_id="zalo:99", now=invite.created_at)
        assert member.full_name == "Đỗ Văn Quang" and member.role is Role.admin
    database.dispose()


@pytest.mark.slow
async def test_a_member_on_both_apps_gets_each_push_once_on_the_app_last_used(tmp_path):
    async with ZaloEmulator() as zalo, Emulator() as telegram:
        zalo.add_bot(ZALO_TOKEN, "Đoàn công tác")
        bot = telegram.add_bot(token=TELEGRAM_TOKEN, username="doan_bot")
        on_zalo = zalo.add_user("Trần Văn Hùng", id=ADMIN)
        on_telegram = telegram.add_user("Hùng", "Trần", language_code="vi", id=9001)
        someone = telegram.add_user("Bình", "Phạm", language_code="vi", id=9002)
        process = BotProcess(tmp_path, {
            "ZALO_BOT_TOKEN": ZALO_TOKEN, "ZALO_BASE_URL": zalo.base_url,
            "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_BASE_URL": telegram.base_url,
            "TELEGRAM_BASE_FILE_URL": telegram.base_file_url, "BOOTSTRAP_ADMIN_IDS": f"zalo:{ADMIN}"})
        process.start()
        zalo_chat, telegram_chat = on_zalo.private_chat(), on_telegram.private_chat()
        try:
            await on_zalo.send("/lienket")
            offer = await zalo.wait_for_message(zalo_chat, timeout=30)
            code = CODE.search(offer.text).group(0)
            assert f"https://t.me/doan_bot?start={code}" in offer.text, offer.text
            assert "Zalo" in offer.text and "nhắn" in offer.text   # says in the chat how
            await on_telegram.send(f"/start {code}")
            linked = await telegram.wait_for_message(telegram_chat, timeout=30)
            assert "Đã liên kết" in linked.text and "Trần Văn Hùng" in linked.text, process.log()

            def notices(emu, chat, title):
                return [m for m in emu.bot_messages(chat) if title in (m.text or "")]

            first = telegram.add_group("Chi bộ Dệt may", [someone])
            telegram.world.add_member(first, bot, by=someone)     # the admins hear of it: on Telegram, last used
            await eventually(lambda: notices(telegram, telegram_chat, "Chi bộ Dệt may"), "the notice on Telegram")
            await on_zalo.send("/trogiup")                        # now Zalo is the app last used
            await zalo.wait_for_message(zalo_chat, timeout=30)
            second = telegram.add_group("Chi bộ Cơ khí", [someone])
            telegram.world.add_member(second, bot, by=someone)
            await eventually(lambda: notices(zalo, zalo_chat, "Chi bộ Cơ khí"), "the notice on Zalo")
            await asyncio.sleep(1.0)   # would a copy still arrive on the other app?
            assert not notices(zalo, zalo_chat, "Chi bộ Dệt may")
            assert not notices(telegram, telegram_chat, "Chi bộ Cơ khí")
            zalo.assert_no_invalid_calls()
            telegram.assert_no_invalid_calls()
        finally:
            await asyncio.to_thread(process.stop)
