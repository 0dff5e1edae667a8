"""A running bot (the real Application, polling over HTTP) against the project's Bot API emulator."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest_asyncio

from bot.runtime import BotRuntime, build_runtime, running_bot
from bot.settings import load_settings
from emulator import Emulator
from emulator.world import Bot as EmulatedBot, CallbackQueryRecord, ChatMessage, User
from models.clock import ManualClock
from models.db import Database
from models.people import Role
from models.registry import create_enterprise, parse_enterprise

TOKEN = "777000:TESTTOKEN"
ADMIN_ID = 5001


@dataclass
class World:
    emu: Emulator
    bot: EmulatedBot
    database: Database
    clock: ManualClock
    admin: User
    runtime: BotRuntime

    @property
    def app(self):   # Telegram's Application (a test may add a handler)
        return self.runtime.app

    async def ask(self, user: User, text: str, *, chat=None, timeout: float = 5.0) -> ChatMessage:
        """Send as `user`, return the bot's next message in that chat."""
        target = chat or user.private_chat(self.bot)
        await user.send(text, chat=target)
        return await self.emu.wait_for_message(target, timeout=timeout)

    async def next(self, user: User, *, chat=None, timeout: float = 5.0) -> ChatMessage:
        """The bot's next question or message in the chat: a new message, or the pressed message turned into
        the next question in place (edited with new buttons)."""
        target = chat or user.private_chat(self.bot)
        emu = self.emu
        after = emu.message_cursor(target)

        def shown(event) -> bool:
            if event.data.get("chat_key") != target.key:
                return False
            if event.kind == "message":
                return True
            if event.kind != "edit":
                return False
            message = target.messages.get(event.data["message_id"])
            return message is not None and bool(message.button_texts)

        event = await emu.events.wait_for(shown, after_seq=after, timeout=timeout,
                                          description=f"bot message or question in {target!r}")
        emu.move_message_cursor(target, event.seq)
        return target.messages[event.data["message_id"]]

    async def shown(self, user: User, fragment: str, *, chat=None, timeout: float = 5.0) -> ChatMessage:
        """The first message the bot sent or changed since the person's last action whose text holds
        `fragment` (what was saved may replace the summary in place)."""
        target = chat or user.private_chat(self.bot)
        after = self.emu.world.last_user_action.get(target.key, 0)

        def shows(event) -> bool:
            if event.kind not in ("message", "edit") or event.data.get("chat_key") != target.key:
                return False
            message = target.messages.get(event.data["message_id"])
            return message is not None and fragment in (message.text or "")

        event = await self.emu.events.wait_for(shows, after_seq=after, timeout=timeout,
                                               description=f"{fragment!r} in {target!r}")
        return target.messages[event.data["message_id"]]

    async def press(self, user: User, message: ChatMessage, label: str, *, timeout: float = 5.0) -> None:
        await user.press(message, label)

    async def bind_chats(self, *members: User):
        """The admin binds a delegation group and a coordinators' chat by running the commands inside them."""
        group = self.emu.add_supergroup("Đoàn công tác", members=[self.admin, *members], bots=[self.bot])
        coordinators = self.emu.add_supergroup("Điều phối", members=[self.admin], bots=[self.bot])
        assert "nhóm chung" in ((await self.ask(self.admin, "/ganhom", chat=group)).text or "")
        assert "nhóm điều phối" in ((await self.ask(self.admin, "/gandieuphoi", chat=coordinators)).text or "")
        return group, coordinators

    async def press_forged(self, user: User, host: ChatMessage, data: str) -> str:
        """Press a button whose callback data a modified client made up; returns the answer shown."""
        markup = host.data.setdefault("reply_markup", {})
        markup.setdefault("inline_keyboard", []).append([{"text": f"forged {data[:20]}", "callback_data": data}])
        query = await user.press(host, callback_data=data)
        assert isinstance(query, CallbackQueryRecord)
        answer = await self.emu.wait_for_callback_answer(query)
        return answer.get("text") or ""

    def add_member(self, user: User, role: Role = Role.member) -> None:
        from models.people import Identity, Member

        with self.database.session() as session:
            member = Member(full_name=f"{user.first_name} {user.last_name or ''}".strip(), role=role)
            member.identities.append(Identity(platform_id=f"telegram:{user.id}",
                                              private_chat_id=f"telegram:{user.id}"))
            session.add(member)

    def add_enterprise(self, **fields) -> int:
        with self.database.session() as session:
            return create_enterprise(session, parse_enterprise(fields), actor="test").id


@pytest_asyncio.fixture
async def world(tmp_path, sqlite_database_at) -> AsyncIterator[World]:
    async with Emulator() as emu:
        emulated_bot = emu.add_bot(token=TOKEN, username="doan_bot")
        admin = emu.add_user("Hùng", "Trần", language_code="vi", id=ADMIN_ID)
        database = sqlite_database_at(tmp_path / "bot.sqlite3")
        settings = load_settings(
            telegram_bot_token=TOKEN, telegram_base_url=emu.base_url, telegram_base_file_url=emu.base_file_url,
            database_url=database.url, bootstrap_admin_ids=[str(ADMIN_ID)], _env_file=None)
        clock = ManualClock(dt.datetime(2021, 10, 15, 2, 0, tzinfo=dt.UTC))
        try:
            async with running_bot(build_runtime(settings, database, clock=clock), poll_timeout=1) as runtime:
                yield World(emu=emu, bot=emulated_bot, database=database, clock=clock, admin=admin, runtime=runtime)
            emu.assert_no_invalid_calls()
        finally:
            database.dispose()


