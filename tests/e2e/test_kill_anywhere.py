"""kill -9 at many random points of a conversation with the real bot process (`delegation-bot run` against the
emulator): every question is answered, none twice, and every stored update is handled exactly once.

The member writes in bursts; the bot answers one chat about once a second (its rate limiter), so a kill lands
anywhere: before an update is stored, while it is handled, and — most often — after the turn's commit while its
reply waits to be sent. That reply is kept with the update (`handlers.turns`) and said by the next process."""

from __future__ import annotations

import asyncio
import random
import re

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import _empty_all, eventually
from tests.e2e.conftest import ADMIN_ID, STARTUP_TIMEOUT, BotProcess

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
QUERY = re.compile(r"«tim (q\d+)»")
RESENT = re.compile(r"saying the \d+ replies to update (\d+) ")
KILLS = 12


async def _kill_anywhere(emu, process: BotProcess, database_url: str, seed: int) -> None:
    rng = random.Random(seed)
    admin = emu.add_user("Hùng", "Trần", language_code="vi", id=ADMIN_ID)
    chat = admin.private_chat()
    sent: list[str] = []

    def answered() -> list[str]:
        return [match.group(1) for message in emu.bot_messages(chat) if message.text
                for match in [QUERY.search(message.text)] if match]

    process.start()
    await admin.send("/start")
    await emu.wait_for_message(chat, timeout=STARTUP_TIMEOUT)
    kill_delays = []
    for _ in range(KILLS):
        for _ in range(rng.randint(1, 4)):   # a burst: replies queue behind the chat's rate limit
            sent.append(f"q{len(sent)}")
            await admin.send(f"tim {sent[-1]}")
        delay = rng.uniform(0.0, 1.5)
        kill_delays.append(delay)
        await asyncio.sleep(delay)
        await asyncio.to_thread(process.kill)
        sent.append(f"q{len(sent)}")           # written while no process runs: stored by Telegram, polled later
        await admin.send(f"tim {sent[-1]}")
        process.start()
        # The next kill only once this process is up (it answered something new), else kills pile up at start-up.
        before = len(answered())

        def answered_again(before: int = before) -> bool:
            return len(answered()) > before or len(set(answered())) == len(sent)

        try:
            await eventually(answered_again, "the restarted process to answer", timeout=STARTUP_TIMEOUT)
        except BaseException:
            print(process.log()[-6000:])
            raise
    await eventually(lambda: set(answered()) == set(sent), "every question answered", timeout=90)
    await asyncio.sleep(1.5)   # would a repeat still arrive?
    process.stop()

    replies = answered()
    twice = sorted({query for query in replies if replies.count(query) > 1})
    missing = sorted(set(sent) - set(replies), key=lambda q: int(q[1:]))
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT update_key, handled_at, replies FROM inbox_updates")).all()
    engine.dispose()
    unhandled = [key for key, handled, _ in rows if handled is None]
    unsaid = [key for key, _, kept in rows if kept is not None]
    # The emulator numbers updates in the order they were written: the first is /start, then each question.
    query_of = dict(zip(sorted((key for key, _, _ in rows), key=int)[1:], sent, strict=True))
    resent = {query_of[key] for key in RESENT.findall(process.log())}
    # A reply said twice is one the next process said again because the kill came after it was sent and before
    # that was recorded (at-least-once). Any other would be an update handled twice.
    handled_twice = [query for query in twice if query not in resent]
    print(f"\nkill -9 anywhere ({database_url.split(':')[0]}, seed {seed}): {KILLS} kills at "
          f"{', '.join(f'{d:.2f}' for d in kill_delays)} s after a burst; {len(sent)} questions, "
          f"{len(replies)} answers; replies lost: {len(missing)} {missing}; updates handled twice: "
          f"{len(handled_twice)}; updates stored {len(rows)}, never handled {len(unhandled)}, replies left unsaid "
          f"{len(unsaid)}; turns whose replies the next process said: {len(resent)}, of them said twice (killed "
          f"between the send and its record): {len(twice)} {twice}")
    assert missing == [], missing
    assert handled_twice == [], (twice, resent)
    assert unhandled == [] and unsaid == [] and len(rows) == len(sent) + 1


async def test_kill_9_at_random_points_loses_no_reply_and_handles_no_update_twice(emu, bot_process):
    await _kill_anywhere(emu, bot_process, bot_process.env["DATABASE_URL"], seed=16)


async def test_kill_9_at_random_points_on_postgresql(emu, bot_process, postgres_database):
    _empty_all(postgres_database)
    bot_process.env["DATABASE_URL"] = postgres_database.url
    await _kill_anywhere(emu, bot_process, postgres_database.url, seed=1602)
