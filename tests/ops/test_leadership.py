"""Leader election through the database: PostgreSQL's advisory lock between real connections, the leader's
duties started at election and stopped the moment the lock is lost, SQLite's single process, the tick gate."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest
from sqlalchemy import create_engine, text

from bot.leadership import LEADER_LOCK_KEY, AdvisoryLock, Leadership, LeftBehind, SoleProcess, elector_for
from models.clock import ManualClock
from tests.conftest import eventually

QUICK = dict(retry_seconds=0.05, heartbeat_seconds=0.05)


def lock_holders(url: str) -> list[str]:
    """The application names of the sessions holding the leader's lock, as an operator would look it up."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.scalars(text(
                "SELECT activity.application_name FROM pg_locks lock JOIN pg_stat_activity activity "
                "USING (pid) WHERE lock.locktype = 'advisory' AND lock.granted AND lock.objsubid = 1 "
                "AND lock.classid::bigint = :high AND lock.objid::bigint = :low "
                # Advisory locks are per database: another xdist worker's database holds a lock of the same key.
                "AND lock.database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
                {"high": LEADER_LOCK_KEY >> 32, "low": LEADER_LOCK_KEY & 0xFFFFFFFF}))
    finally:
        engine.dispose()


async def test_one_process_of_two_holds_the_lock_and_the_other_gets_it_once_it_is_let_go(postgres_database):
    first, second = AdvisoryLock(postgres_database.url, name="first"), AdvisoryLock(postgres_database.url,
                                                                                   name="second")
    try:
        assert await first.try_acquire() and not await second.try_acquire()
        assert await first.still_held() and not await second.still_held()
        assert lock_holders(postgres_database.url) == ["delegation-bot leader first"]
        assert await first.try_acquire()   # asking again while holding it changes nothing
        await first.release()
        assert await second.try_acquire() and not await first.try_acquire()
        assert lock_holders(postgres_database.url) == ["delegation-bot leader second"]
    finally:
        for elector in (first, second):
            await elector.release()
            elector.dispose()


async def test_a_leader_that_loses_its_connection_stops_its_duties_and_never_two_poll(postgres_database):
    url = postgres_database.url
    running: dict[str, int] = {"A": 0, "B": 0}
    stopped: dict[str, int] = {"A": 0, "B": 0}
    most_at_once = 0

    def duty(name: str):
        async def poll() -> None:
            nonlocal most_at_once
            running[name] += 1
            most_at_once = max(most_at_once, sum(running.values()))
            try:
                await asyncio.Event().wait()
            finally:
                running[name] -= 1
                stopped[name] += 1
        return poll

    leaders = {name: Leadership(AdvisoryLock(url, name=name), **QUICK) for name in ("A", "B")}
    for name, leadership in leaders.items():
        leadership.while_leader("poller", duty(name))
    tasks = {"A": asyncio.create_task(leaders["A"].run())}
    await eventually(lambda: leaders["A"].is_leader, "A leads")
    tasks["B"] = asyncio.create_task(leaders["B"].run())
    try:
        await asyncio.sleep(0.3)   # B asks a few times and stands by
        assert not leaders["B"].is_leader and running == {"A": 1, "B": 0}
        # A's session ends under it (PostgreSQL restarted, the network cut): A must stop polling at once. Then
        # whichever asks first leads — A again on a new connection, or B.
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE application_name = 'delegation-bot leader A'"))
        engine.dispose()
        await eventually(lambda: stopped["A"] == 1, "A's poller stopped")
        await eventually(lambda: sum(running.values()) == 1, "one poller again")
        leader = "A" if leaders["A"].is_leader else "B"
        other = "B" if leader == "A" else "A"
        assert running[leader] == 1 and not leaders[other].is_leader
        tasks[leader].cancel()   # the leader stops (SIGTERM): it lets go of the lock, and the other leads
        await asyncio.gather(tasks[leader], return_exceptions=True)
        await eventually(lambda: leaders[other].is_leader and running[other] == 1, f"{other} takes over")
        # Two at once only between A's session ending and A noticing (one heartbeat): Telegram answers the older
        # poll with a 409 then, which is waited out; the claims keep every update handled once.
        assert running[leader] == 0 and most_at_once <= 2
    finally:
        for task in tasks.values():
            task.cancel()
        await asyncio.gather(*tasks.values(), return_exceptions=True)
        for leadership in leaders.values():
            leadership.dispose()


async def test_a_duty_that_fails_for_good_ends_the_process_and_frees_the_lock(postgres_database):
    async def refused() -> None:
        raise PermissionError("the bot token was refused")

    leadership = Leadership(AdvisoryLock(postgres_database.url, name="refused"), **QUICK)
    leadership.while_leader("poller", refused)
    with pytest.raises(PermissionError):
        await asyncio.wait_for(leadership.run(), 10)
    assert lock_holders(postgres_database.url) == [] and not leadership.is_leader
    leadership.dispose()


async def test_sqlite_has_one_process_which_leads_from_its_start(tmp_path):
    assert isinstance(elector_for(f"sqlite:///{tmp_path / 'bot.sqlite3'}"), SoleProcess)
    assert isinstance(elector_for("postgresql+psycopg://bot@/delegation"), AdvisoryLock)
    started = asyncio.Event()

    async def poll() -> None:
        started.set()
        await asyncio.Event().wait()

    leadership = Leadership(SoleProcess(), **QUICK)
    leadership.while_leader("poller", poll)
    task = asyncio.create_task(leadership.run())
    await asyncio.wait_for(started.wait(), 10)
    assert leadership.is_leader and leadership.role == "leader"
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert not leadership.is_leader


async def test_the_leader_replays_what_was_left_unhandled_at_election_then_only_what_waited(tmp_path):
    clock = ManualClock(dt.datetime(2026, 12, 5, 3, 0, tzinfo=dt.UTC))
    asked: list[dt.datetime | None] = []

    async def replay(received_before: dt.datetime | None) -> int:
        asked.append(received_before)
        return 0

    left_behind = LeftBehind(every_seconds=0.01, now=clock.now)
    left_behind.add("Telegram", replay)
    task = asyncio.create_task(left_behind.run())
    await eventually(lambda: len(asked) >= 2, "two replays")
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert asked[0] is None and asked[1] == clock.now() - dt.timedelta(minutes=1)


class Elector:
    """An election decided by the test."""

    def __init__(self) -> None:
        self.leader = False

    async def try_acquire(self) -> bool:
        return self.leader

    async def still_held(self) -> bool:
        return self.leader

    async def release(self) -> None:
        return None


async def test_only_the_leader_polls_and_ticks(tmp_path, sqlite_database_at):
    """The bot on the emulator as a standby: no getUpdates, no tick; elected, it polls (the update that waited is
    answered) and ticks (the reminder that waited goes out)."""
    from bot.runtime import build_runtime, running_bot
    from bot.settings import load_settings
    from emulator import Emulator

    token = "424245:STANDBYTEST"
    async with Emulator() as emu:
        emu.add_bot(token=token, username="doan_bot")
        admin = emu.add_user("Hùng", "Trần", language_code="vi", id=9001)
        chat = admin.private_chat()
        database = sqlite_database_at(tmp_path / "bot.sqlite3")
        settings = load_settings(telegram_bot_token=token, telegram_base_url=emu.base_url, database_url=database.url,
                                 bootstrap_admin_ids=["9001"], _env_file=None)
        elector = Elector()
        leadership = Leadership(elector, **QUICK)
        try:
            runtime = build_runtime(settings, database)
            ticks = []
            real_tick = runtime.tick

            async def counted_tick():
                ticks.append(time.monotonic())
                return await real_tick()

            runtime.tick = counted_tick
            async with running_bot(runtime, poll_timeout=1, tick_every=0.2, leadership=leadership):
                await admin.send("/start")
                await asyncio.sleep(1.5)   # a standby's second and a half: it would have polled and ticked
                assert emu.calls_to("getUpdates") == [] and ticks == []
                elector.leader = True
                welcome = await emu.wait_for_message(chat, timeout=30)
                assert "quản trị viên" in welcome.text
                await eventually(lambda: len(ticks) >= 2, "the leader ticks")
                assert leadership.is_leader and leadership.elections == 1
        finally:
            database.dispose()
