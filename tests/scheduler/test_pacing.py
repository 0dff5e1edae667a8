"""The pacer's arithmetic on a fake clock: what it lets through never breaks a limit, and it wastes little."""

import asyncio

from scheduler.pacing import Pacer, Pacing


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)  # let others run, as a real sleep would


LATENCY = 0.03


async def send(gate: Pacer, time: FakeTime, chat_id: str) -> float:
    """One paced send whose answer takes LATENCY; returns when it left."""
    await gate.acquire(chat_id)
    left = time.now
    time.now += LATENCY
    gate.answered(chat_id)
    return left


def pacer(**overrides) -> tuple[Pacer, FakeTime]:
    time = FakeTime()
    return Pacer(Pacing(**overrides), monotonic=time.monotonic, sleep=time.sleep), time


def most_in_any_window(moments: list[float], period: float) -> int:
    return max(sum(1 for m in moments if start <= m < start + period) for start in moments)


async def test_overall_limit_holds_in_every_one_second_window():
    gate, time = pacer()
    # Sends start one after another here; each arrives somewhere within its LATENCY.
    moments = [await send(gate, time, f"telegram:{n}") for n in range(300)]
    for arrival in (0.0, LATENCY):  # the earliest and the latest arrival the platform could see
        assert most_in_any_window([m + arrival for m in moments], 1.0) <= 30
    assert moments[-1] < 300 / 30 * 1.06  # close to the bound, not far under it


async def test_one_chat_gets_one_message_a_second_and_a_group_twenty_a_minute():
    gate, time = pacer()
    private = [await send(gate, time, "telegram:7") for _ in range(5)]
    assert all(later - earlier >= 1.0 + LATENCY for earlier, later in zip(private, private[1:], strict=False))
    group = [await send(gate, time, "telegram:-100") for _ in range(45)]
    assert most_in_any_window(group, 60.0) <= 20 and most_in_any_window(group, 1.0) == 1


async def test_a_held_chat_does_not_hold_up_the_others():
    gate, time = pacer()
    gate.hold("telegram:1", 30)
    assert await send(gate, time, "telegram:2") == 0.0
    assert await send(gate, time, "telegram:1") >= 30.0


async def test_sends_still_on_the_wire_keep_their_slots():
    gate, time = pacer(overall_per_second=3)
    for n in range(3):
        await gate.acquire(f"telegram:{n}")
    waiting = asyncio.ensure_future(gate.acquire("telegram:9"))
    await asyncio.sleep(0)
    time.now += 5.0
    await asyncio.sleep(0)
    assert not waiting.done()  # five seconds on, but no answer has come back: no free slot
    gate.answered("telegram:0")
    time.now += 1.0 + 0.02
    await waiting
