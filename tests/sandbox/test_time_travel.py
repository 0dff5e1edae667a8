"""Moving the sandbox's clock: it stops at each day's send time on the way and ticks the scheduler there."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from models.clock import ShiftedClock
from sandbox.seed import open_sandbox_database, seed_demo
from sandbox.time_travel import Step, TimeTravel, saved_time

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2021, 9, 15, 9, 0, tzinfo=VIETNAM)   # a Wednesday, before item 1.1's deadline (30/09)


class RecordingTick:
    """Stands in for the scheduler: remembers the local minute of each tick."""

    def __init__(self, clock: ShiftedClock) -> None:
        self.clock = clock
        self.moments: list[dt.datetime] = []

    async def __call__(self) -> int:
        self.moments.append(self.clock.local_now().replace(second=0, microsecond=0))
        return 1


@pytest.fixture
def travel(tmp_path):
    database, _ = open_sandbox_database(tmp_path / "sandbox.sqlite3", keep=False)
    seed_demo(database)
    clock = ShiftedClock(START.astimezone(dt.UTC))
    tick = RecordingTick(clock)
    announced: list[dict] = []
    yield TimeTravel(clock, database, tick, announce=announced.append, saved_to=tmp_path / "time.json"), tick, announced
    database.dispose()


def local(day: int, month: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2021, month, day, hour, minute, tzinfo=VIETNAM)


async def test_a_day_stops_at_the_next_mornings_send_time_then_at_the_same_hour(travel):
    time_travel, tick, _ = travel
    moved = await time_travel.advance(Step.day)
    assert tick.moments == [local(16, 9, 8, 1), local(16, 9, 9, 0)]
    assert (moved.ticks, moved.messages_sent) == (2, 2)


async def test_a_week_ticks_every_morning_on_the_way(travel):
    time_travel, tick, _ = travel
    await time_travel.advance(Step.week)
    assert [m.day for m in tick.moments] == [16, 17, 18, 19, 20, 21, 22, 22]
    assert tick.moments[-1] == local(22, 9, 9, 0)


async def test_the_next_deadline_is_item_1_1_then_the_end_of_wave_one(travel):
    time_travel, tick, announced = travel
    assert (await time_travel.next_deadline()).code == "1.1"
    await time_travel.advance(Step.next_deadline)
    assert tick.moments[0] == local(16, 9, 8, 1) and tick.moments[-1] == local(30, 9, 8, 1)
    assert len(tick.moments) == 15   # one morning each, 16/09 … 30/09
    after = await time_travel.state()
    assert after["label"].startswith("Thứ Năm, 30/09/2021 08:0")
    assert after["next_deadline"]["code"] == "1.2" and after["next_deadline"]["due_on"] == "2021-12-31"
    assert announced[-1]["date"] == "2021-09-30" and not announced[-1]["moving"]


async def test_the_time_is_saved_for_keep_and_a_second_move_waits_for_the_first(travel, tmp_path):
    time_travel, tick, _ = travel
    release = asyncio.Event()
    original = tick.__call__

    async def slow_tick() -> int:
        await release.wait()
        return await original()

    time_travel.tick = slow_tick
    first = asyncio.create_task(time_travel.advance(Step.day))
    await asyncio.sleep(0)
    with pytest.raises(RuntimeError):
        await time_travel.advance(Step.day)
    release.set()
    await first
    assert saved_time(tmp_path / "time.json").astimezone(VIETNAM).date() == dt.date(2021, 9, 16)
