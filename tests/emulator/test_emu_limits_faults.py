"""Flood limits (429 with retry_after) and injected faults (5xx, drops, slowness)."""

from __future__ import annotations

import datetime as dt

import pytest
from telegram import Bot as PtbBot
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter
from telegram.request import HTTPXRequest

from emulator import Limits
from emulator.errors import ApiError
from emulator.testing import application_builder


@pytest.fixture
def timedelta_durations(monkeypatch):
    """PTB 22 warns (an error under this suite's filters) when RetryAfter carries an int;
    opting in to timedeltas is what PTB asks for."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_per_chat_limit_answers_429_with_retry_after(emu, bot, lan, ptb_bot, timedelta_durations):
    await lan.send("/start")
    emu.limits.enable(per_chat_burst=2, per_chat_per_second=1.0)
    await ptb_bot.send_message(lan.id, "1")
    await ptb_bot.send_message(lan.id, "2")
    with pytest.raises(RetryAfter) as raised:
        await ptb_bot.send_message(lan.id, "3")
    assert raised.value.retry_after == dt.timedelta(seconds=1)
    assert emu.limits.rejected == 1 and emu.limits.rejected_by_method["sendMessage"] == 1
    assert [m.text for m in emu.bot_messages(lan.private_chat(bot))] == ["1", "2"]
    assert emu.invalid_calls == []
    emu.limits.disable()
    await ptb_bot.send_message(lan.id, "3")


def test_limit_arithmetic_with_a_fake_clock():
    clock = FakeMonotonic()
    limits = Limits(enabled=True, per_chat_burst=3, now=clock)
    for _ in range(3):
        limits.check_send(1, "private:1:2", False, "sendMessage")
    with pytest.raises(ApiError) as raised:
        limits.check_send(1, "private:1:2", False, "sendMessage")
    assert raised.value.parameters == {"retry_after": 1}
    clock.now += 1.0
    limits.check_send(1, "private:1:2", False, "sendMessage")  # one token refilled
    # 20 per minute in a group
    for _ in range(20):
        limits.check_send(1, "-100", True, "sendPhoto")
    with pytest.raises(ApiError) as raised:
        limits.check_send(1, "-100", True, "sendPhoto")
    assert raised.value.description == "Too Many Requests: retry after 60"
    clock.now += 60.0
    limits.check_send(1, "-100", True, "sendPhoto")
    # 30 per second overall, across chats
    clock.now += 100
    for number in range(30):
        limits.check_send(1, f"private:1:{number}", False, "sendMessage")
    with pytest.raises(ApiError):
        limits.check_send(1, "private:1:99", False, "sendMessage")
    assert limits.rejected == 3
    # edits and chat actions are not counted
    limits.check_send(1, "private:1:99", False, "editMessageText")


async def test_aio_rate_limiter_retries_after_429(emu, bot, lan, timedelta_durations):
    await lan.send("/start")
    emu.limits.enable(per_chat_burst=1, per_chat_per_second=20.0)  # retry_after rounds up to 1 s
    app = application_builder(emu, bot).rate_limiter(AIORateLimiter(max_retries=2)).build()
    async with app:
        first = await app.bot.send_message(lan.id, "một")
        second = await app.bot.send_message(lan.id, "hai")  # 429 first, then retried
    assert (first.text, second.text) == ("một", "hai")
    assert emu.limits.rejected == 1
    assert [m.text for m in emu.bot_messages(lan.private_chat(bot))] == ["một", "hai"]


async def test_5xx_fault_is_a_network_error(emu, bot, lan, ptb_bot):
    await lan.send("/start")
    emu.faults.set(fraction=1.0, kind="5xx", methods={"sendMessage"})
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await ptb_bot.send_message(lan.id, "x")
    assert (await ptb_bot.get_me()).username == "doan_bot"  # other methods unaffected
    assert emu.faults.injected["5xx"] == 1
    assert emu.bot_messages(lan.private_chat(bot)) == []
    emu.faults.clear()
    assert (await ptb_bot.send_message(lan.id, "x")).text == "x"


async def test_dropped_connection_is_a_network_error(emu, bot, lan, ptb_bot):
    await lan.send("/start")
    emu.faults.set(fraction=1.0, kind="drop", methods={"sendMessage"})
    with pytest.raises(NetworkError) as raised:
        await ptb_bot.send_message(lan.id, "x")
    assert not isinstance(raised.value, TimedOut)
    assert emu.bot_messages(lan.private_chat(bot)) == []


async def test_lost_answer_after_processing_leaves_the_message(emu, bot, lan, ptb_bot):
    await lan.send("/start")
    emu.faults.set(fraction=1.0, kind="drop", methods={"sendMessage"}, after_processing=True)
    with pytest.raises(NetworkError):
        await ptb_bot.send_message(lan.id, "đã gửi dù lỗi")
    assert [m.text for m in emu.bot_messages(lan.private_chat(bot))] == ["đã gửi dù lỗi"]


async def test_slow_answer_times_out(emu, bot, lan):
    await lan.send("/start")
    emu.faults.set(fraction=1.0, kind="slow", delay=0.5, methods={"sendMessage"})
    request = HTTPXRequest(read_timeout=0.1)
    async with PtbBot(bot.token, base_url=emu.base_url, request=request) as client:
        with pytest.raises(TimedOut):
            await client.send_message(lan.id, "chậm")
        emu.faults.clear()
        assert (await client.send_message(lan.id, "nhanh")).text == "nhanh"


async def test_fault_fraction_is_reproducible_with_a_seed(emu, bot, ptb_bot):
    def pattern() -> list[bool]:
        emu.faults.set(fraction=0.3, kind="5xx", seed=7)
        return [emu.faults.decide("getMe") is not None for _ in range(50)]

    first, second = pattern(), pattern()
    assert first == second and 5 <= sum(first) <= 25
