"""`delegation-bot bench zalo`: the typical visit of `bench chat`, on the Zalo emulator and on the Telegram one.

The same real services, turn runner and database; each bot talks HTTP to its emulator on 127.0.0.1. Per visit:
the member's interactions (each message typed or button pressed), the bot's messages (what Zalo's quota counts;
on Telegram, new messages — an edit in place costs none), the longest text sent and the invalid calls. Telegram's
figures are the yardstick measured in the same run.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import tempfile
from functools import partial
from pathlib import Path

from bot.app import build_services
from bot.database import upgrade
from bot.settings import load_settings
from channels.zalo.channel import ZaloChannel
from channels.zalo.client import ZaloClient
from channels.zalo.inbox import ZaloInbox, ZaloPoller
from channels.zalo.outbound import QuotaWatch, ZaloOutbound, zalo_pacing
from emulator import ChatMessage
from emulator.zalo import ZaloEmulator
from handlers.turns import TurnRunner
from models.clock import ManualClock
from models.db import Database
from models.people import Identity, Member, Role
from models.registry import create_enterprise, parse_enterprise
from scheduler import Dispatcher

ZALO_TOKEN = "1234567890123:bench-zalo"
TELEGRAM_TOKEN = "777001:BENCHZALO"
START = dt.datetime(2021, 10, 15, 2, 0, tzinfo=dt.UTC)
# The quick path of `bench chat`'s visit, as typed on Zalo: numbers and words for the buttons.
ZALO_VISIT = ["/tham", "det may nam dinh", "1", "1", "xong", "4 1 350 2", "/boqua", "lưu"]


def _has_button(label: str, message: ChatMessage) -> bool:
    return label in message.button_texts


def _database(folder: Path, name: str) -> Database:
    database = Database(f"sqlite:///{folder / name}")
    upgrade(database)
    with database.session() as session:
        create_enterprise(session, parse_enterprise({
            "name": "Công ty TNHH Dệt may Nam Định", "tax_code": "0600111222", "zone": "KCN Hòa Xá",
            "latitude": 20.42, "longitude": 106.15}), actor="bench")
    return database


async def zalo_visits(folder: Path, visits: int) -> dict:
    async with ZaloEmulator() as emu:
        emu.add_bot(ZALO_TOKEN, "Đoàn công tác")
        person = emu.add_user("Trần Văn Hùng")
        database = _database(folder, "zalo.sqlite3")
        with database.session() as session:
            member = Member(full_name=person.display_name, role=Role.member)
            member.identities.append(Identity(platform_id=f"zalo:{person.id}", private_chat_id=f"zalo:{person.id}"))
            session.add(member)
        settings = load_settings(zalo_bot_token=ZALO_TOKEN, zalo_base_url=emu.base_url, database_url=database.url,
                                 _env_file=None)
        clock = ManualClock(START)
        services = build_services(settings, database, clock)
        runner = TurnRunner(services)
        client = await ZaloClient(ZALO_TOKEN, emu.base_url).start()
        watch = QuotaWatch(database, clock, 0)
        channel = ZaloChannel(client, runner, usage=watch)
        dispatcher = Dispatcher(database, ZaloOutbound(client, database, clock, watch), clock, zalo_pacing(1000),
                                quiet_hours=None)
        services.outbox = dispatcher
        inbox = ZaloInbox(channel)
        poller = asyncio.create_task(ZaloPoller(client, inbox, timeout=1).run())
        chat = person.private_chat()
        interactions = 0
        try:
            for _ in range(visits):
                for text in ZALO_VISIT:
                    interactions += 1
                    await person.send(text)
                    await emu.wait_for_message(chat, timeout=10)
                await inbox.drain()
                await asyncio.sleep(0.05)   # a second message of the last answer, if any, arrives
                emu.move_message_cursor(chat, emu.events.last_seq)
        finally:
            poller.cancel()
            await asyncio.gather(poller, return_exceptions=True)
            await inbox.aclose()
            await dispatcher.aclose()
            await runner.aclose()
            await channel.aclose()
            await client.close()
            database.dispose()
        sent = emu.bot_messages(chat)
        return {"interactions": interactions / visits, "bot_messages": len(sent) / visits,
                "max_text_chars": max(len(m.text or "") for m in sent), "invalid_calls": len(emu.invalid_calls),
                "transcript": [("bot" if m.from_bot else "member", m.text) for m in emu.messages(chat)]}


async def telegram_visits(folder: Path, visits: int) -> dict:
    import random

    from bench.chat import STEPS_PER_VISIT, visit_script
    from bot.runtime import build_runtime, running_bot
    from emulator import Emulator

    async with Emulator() as emu:
        emu.add_bot(token=TELEGRAM_TOKEN, username="doan_bot")
        person = emu.add_user("Hùng", "Trần", language_code="vi")
        database = _database(folder, "telegram.sqlite3")
        with database.session() as session:
            member = Member(full_name="Trần Hùng", role=Role.member)
            member.identities.append(Identity(platform_id=f"telegram:{person.id}",
                                              private_chat_id=f"telegram:{person.id}"))
            session.add(member)
        settings = load_settings(telegram_bot_token=TELEGRAM_TOKEN, telegram_base_url=emu.base_url,
                                 telegram_base_file_url=emu.base_file_url, database_url=database.url, _env_file=None)
        try:
            async with running_bot(build_runtime(settings, database, clock=ManualClock(START)), poll_timeout=1):
                chat = person.private_chat()
                script = visit_script(["det may nam dinh"], visits, random.Random(1))
                steps, last = 0, None
                while (action := script(steps, last)) is not None:
                    steps += 1
                    if isinstance(action, str):
                        await person.send(action)
                        last = await emu.wait_for_message(chat, timeout=10)
                        continue
                    target = last
                    label = action.text
                    if label is not None and (target is None or label not in target.button_texts):
                        # the button is on a later message of the same answer (as bench chat's harness looks for it)
                        target = await emu.wait_for_message(
                            chat, timeout=10, predicate=partial(_has_button, label))
                    assert target is not None, "a press needs the message its button is on"
                    await person.press(target, action.text)
                    if action.expect == "edit":
                        await emu.wait_for_edit(target, timeout=10)
                        last = target
                    else:
                        last = await emu.wait_for_message(chat, timeout=10)
                await asyncio.sleep(0.05)
        finally:
            database.dispose()
        sent = [call for call in emu.calls_to("sendMessage") if call.status == 200]
        return {"interactions": steps / visits, "bot_messages": len(sent) / visits, "steps": STEPS_PER_VISIT}


def run_zalo_bench(visits: int = 3, as_json: bool = False, show: bool = False) -> dict:
    async def both() -> tuple[dict, dict]:
        with tempfile.TemporaryDirectory(prefix="bench-zalo-") as folder:
            zalo = await zalo_visits(Path(folder), visits)
            telegram = await telegram_visits(Path(folder), visits)
            return zalo, telegram

    zalo, telegram = asyncio.run(both())
    figures = {
        "interactions_per_visit": round(zalo["interactions"], 2),
        "bot_messages_per_visit": round(zalo["bot_messages"], 2),
        "telegram_interactions_per_visit": round(telegram["interactions"], 2),
        "telegram_bot_messages_per_visit": round(telegram["bot_messages"], 2),
        "max_text_chars": zalo["max_text_chars"],
        "invalid_calls": zalo["invalid_calls"],
    }
    if show:
        for who, text in zalo["transcript"][:len(ZALO_VISIT) * 2]:
            print(f"[{who}] {text}\n")
    print(f"A typical visit ({visits} visits, the quick path of bench chat):")
    print(f"  Zalo:     {figures['interactions_per_visit']} interactions, {figures['bot_messages_per_visit']} bot "
          f"messages (each counts against the monthly quota), longest text {figures['max_text_chars']} characters "
          f"(limit 2000), {figures['invalid_calls']} invalid calls")
    print(f"  Telegram: {figures['telegram_interactions_per_visit']} interactions, "
          f"{figures['telegram_bot_messages_per_visit']} new messages (the rest are edits in place)")
    goals = (figures["interactions_per_visit"] <= 12 and figures["max_text_chars"] <= 2000
             and figures["invalid_calls"] == 0)
    print(f"  goals (≤ 12 interactions, every text ≤ 2,000, no invalid call): {'met' if goals else 'NOT met'}")
    if as_json:
        print(json.dumps(figures))
    return figures
