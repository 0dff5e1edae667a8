"""Fan-out benchmark: one reminder to each of N members' private chats through the dispatcher, over the Bot
API emulator with Telegram's flood limits on.

The yardstick is the bound Telegram's overall limit sets: N messages at 30 a second take N/30 seconds, so
the ratio (measured / bound) says how close the pacing comes to the limit without tripping it. Goal: within
1.1 × the bound, no duplicate, nothing lost.

    python -m bench.fanout [--members 1000] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from telegram import Bot
from telegram.request import HTTPXRequest

from bot.database import upgrade
from channels.telegram.outbound import TELEGRAM_PACING, TelegramOutbound
from emulator import Emulator, Limits
from models.clock import Clock
from models.db import Database
from models.deliveries import enqueue_delivery
from models.people import Identity, Member
from scheduler.dispatcher import Dispatcher

OVERALL_PER_SECOND = 30


def _seed(database: Database, user_ids: list[int], now: dt.datetime) -> None:
    with database.session() as session:
        for number, user_id in enumerate(user_ids, start=1):
            member = Member(full_name=f"Thành viên {number}")
            chat_id = f"telegram:{user_id}"
            member.identities.append(Identity(platform_id=chat_id, private_chat_id=chat_id))
            session.add(member)
            session.flush()
            enqueue_delivery(session, key=f"bench:reminder:{member.id}", kind="wave_nudge", chat_id=chat_id,
                             text=f"👋 Chào {member.full_name}, đợt công tác sắp kết thúc.", due_at=now,
                             member_id=member.id, respect_quiet_hours=True)


async def _run(members: int, workdir: Path) -> dict[str, Any]:
    database = Database(f"sqlite:///{workdir / 'fanout.sqlite3'}")
    upgrade(database)
    clock = Clock()
    async with Emulator(limits=Limits(enabled=True)) as emu:
        account = emu.add_bot(username="doan_bench_bot")
        users = [emu.add_user(f"Thành viên {n}") for n in range(1, members + 1)]
        chats = []
        for user in users:
            chat = user.private_chat(account)
            chat.started = True  # as if each member had pressed Start
            chats.append(chat)
        _seed(database, [user.id for user in users], clock.now())
        request = HTTPXRequest(connection_pool_size=64)
        async with Bot(account.token, base_url=emu.base_url, request=request) as bot:
            # Night-time runs must not wait for the morning: quiet hours off for the benchmark.
            dispatcher = Dispatcher(database, TelegramOutbound(bot), clock, TELEGRAM_PACING, quiet_hours=None,
                                    batch_size=400)
            started = time.perf_counter()
            stats = await dispatcher.dispatch_due()
            seconds = time.perf_counter() - started
        received = [len(emu.bot_messages(chat)) for chat in chats]
        http_429 = emu.limits.rejected
    database.dispose()
    bound = members / OVERALL_PER_SECOND
    return {
        "members": members,
        "seconds": round(seconds, 2),
        "bound_seconds": round(bound, 2),
        "ratio": round(seconds / bound, 3) if bound else None,
        "http_429": http_429,
        "duplicates": sum(count - 1 for count in received if count > 1),
        "lost": sum(1 for count in received if count == 0),
        "rows_sent": stats.rows_sent,
    }


def run_fanout_bench(members: int = 1000, as_json: bool = False) -> dict[str, Any]:
    """Run the benchmark, print the figures (the last line a JSON object with `as_json`), return them."""
    with tempfile.TemporaryDirectory(prefix="fanout-") as workdir:
        result = asyncio.run(_run(members, Path(workdir)))
    print(f"Fan-out: {result['members']} reminders to private chats, emulator limits on")
    print(f"  time {result['seconds']:.2f} s against the 30 msg/s bound of {result['bound_seconds']:.2f} s "
          f"→ ratio {result['ratio']:.3f} (goal ≤ 1.1)")
    print(f"  HTTP 429: {result['http_429']}, duplicates: {result['duplicates']}, lost: {result['lost']}")
    if as_json:
        print(json.dumps({key: result[key] for key in
                          ("members", "seconds", "bound_seconds", "ratio", "http_429", "duplicates", "lost")}))
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fan-out benchmark of the scheduler's dispatcher.")
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    arguments = parser.parse_args(argv)
    run_fanout_bench(arguments.members, arguments.json)


if __name__ == "__main__":
    main()
