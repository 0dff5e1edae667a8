"""The bot's Zalo channel running in the test's process against the Zalo emulator, over real HTTP: the real
services, turn runner, inbox, long polling and outbox."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest_asyncio

from bot.app import build_services
from bot.settings import load_settings
from channels.maplinks import ShortLinkExpander
from channels.zalo.channel import ZaloChannel
from channels.zalo.client import ZaloClient
from channels.zalo.inbox import ZaloInbox, ZaloPoller
from channels.zalo.outbound import QuotaWatch, ZaloOutbound, zalo_pacing
from emulator.zalo import ZaloEmulator, ZaloMessage, ZaloUser
from emulator.zalo.world import ZaloBot
from handlers.turns import TurnRunner
from models.clock import ManualClock
from models.db import Database
from models.people import Identity, Member, Role
from models.registry import create_enterprise, parse_enterprise
from scheduler import Dispatcher

TOKEN = "1234567890123:zalo-flow-SECRET"
ADMIN_ID = "a0a0a0a0a0a0a0a0"


@dataclass
class ZaloWorld:
    emu: ZaloEmulator
    bot: ZaloBot
    database: Database
    clock: ManualClock
    admin: ZaloUser
    channel: ZaloChannel
    inbox: ZaloInbox
    dispatcher: Dispatcher
    poller: asyncio.Task

    async def stop_polling(self) -> None:
        """For webhook mode: getUpdates is refused while a webhook is set."""
        self.poller.cancel()
        await asyncio.gather(self.poller, return_exceptions=True)

    async def ask(self, user: ZaloUser, text: str, *, chat=None, timeout: float = 5.0) -> ZaloMessage:
        """Send as `user`; the bot's next message in that chat."""
        target = chat or user.private_chat(self.bot)
        await user.send(text, chat=target)
        return await self.emu.wait_for_message(target, timeout=timeout)

    async def next(self, user: ZaloUser, *, chat=None, timeout: float = 5.0) -> ZaloMessage:
        return await self.emu.wait_for_message(chat or user.private_chat(self.bot), timeout=timeout)

    async def settle(self) -> None:
        """Everything received is handled and what the outbox holds is sent."""
        await self.inbox.drain()
        await self.dispatcher.dispatch_due()

    def add_member(self, user: ZaloUser, role: Role = Role.member) -> None:
        with self.database.session() as session:
            member = Member(full_name=user.display_name, role=role)
            member.identities.append(Identity(platform_id=f"zalo:{user.id}", private_chat_id=f"zalo:{user.id}"))
            session.add(member)

    def add_enterprise(self, **fields) -> int:
        with self.database.session() as session:
            return create_enterprise(session, parse_enterprise(fields), actor="test").id


@pytest_asyncio.fixture
async def zalo_world(tmp_path, sqlite_database_at) -> AsyncIterator[ZaloWorld]:
    async with ZaloEmulator() as emu:
        bot = emu.add_bot(TOKEN, "Đoàn công tác")
        admin = emu.add_user("Trần Văn Hùng", id=ADMIN_ID)
        database = sqlite_database_at(tmp_path / "bot.sqlite3")
        settings = load_settings(zalo_bot_token=TOKEN, zalo_base_url=emu.base_url, database_url=database.url,
                                 bootstrap_admin_ids=[f"zalo:{ADMIN_ID}"], _env_file=None)
        clock = ManualClock(dt.datetime(2021, 10, 15, 2, 0, tzinfo=dt.UTC))
        services = build_services(settings, database, clock)
        runner = TurnRunner(services)
        client = await ZaloClient(TOKEN, emu.base_url).start()
        watch = QuotaWatch(database, clock, settings.zalo_monthly_message_quota)
        channel = ZaloChannel(client, runner, usage=watch,
                              map_links=ShortLinkExpander(emu.short_links.origins()))
        dispatcher = Dispatcher(database, ZaloOutbound(client, database, clock, watch), clock, zalo_pacing(1000),
                                quiet_hours=None)
        services.outbox = dispatcher
        inbox = ZaloInbox(channel)
        poller = asyncio.create_task(ZaloPoller(client, inbox, timeout=1).run())
        try:
            yield ZaloWorld(emu=emu, bot=bot, database=database, clock=clock, admin=admin, channel=channel,
                            inbox=inbox, dispatcher=dispatcher, poller=poller)
            emu.assert_no_invalid_calls()
        finally:
            poller.cancel()
            await asyncio.gather(poller, return_exceptions=True)
            await inbox.aclose()
            await dispatcher.aclose()
            await runner.aclose()
            await channel.aclose()
            await client.close()
            database.dispose()
