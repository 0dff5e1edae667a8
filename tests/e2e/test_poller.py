"""The durable poller stops, saying why, when Telegram refuses the token after start-up."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from telegram.error import EndPointNotFound, InvalidToken

from channels.telegram.inbox import DurablePoller


class RefusingBot:
    async def do_api_request(self, endpoint, api_kwargs=None, **_timeouts):
        # What python-telegram-bot raises for a 401/404 once the bot is initialised.
        raise EndPointNotFound(f"Endpoint '{endpoint}' not found in Bot API")


async def test_a_token_refused_after_start_up_stops_polling_as_an_invalid_token():
    app = SimpleNamespace(bot=RefusingBot())
    poller = DurablePoller(app, inbox=None, allowed_updates=["message"])
    with pytest.raises(InvalidToken, match="token"):
        await poller.run()


async def test_a_409_is_waited_out_longer_each_time_and_polling_goes_on(tmp_path, sqlite_database_at):
    """Another client polling the same bot (Telegram answers the older request with 409 Conflict): the poller
    neither exits nor asks again at once; once the other stops, updates flow again."""
    import asyncio
    import datetime as dt

    import httpx

    from bot.runtime import build_runtime
    from bot.settings import load_settings
    from emulator import Emulator
    from models.clock import ManualClock
    from tests.conftest import eventually

    token = "424244:CONFLICTTEST"
    waits: list[float] = []

    async def recorded(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(0.05)

    async with Emulator() as emu:
        emu.add_bot(token=token, username="doan_bot")
        user = emu.add_user("Hùng", "Trần", id=9001)
        database = sqlite_database_at(tmp_path / "bot.sqlite3")
        settings = load_settings(telegram_bot_token=token, telegram_base_url=emu.base_url,
                                 database_url=database.url, _env_file=None)
        runtime = build_runtime(settings, database, clock=ManualClock(dt.datetime(2026, 12, 5, tzinfo=dt.UTC)))
        assert runtime.telegram is not None
        app = runtime.telegram.app
        await app.initialize()
        poller = DurablePoller(app, runtime.telegram.inbox, ["message"], timeout=1, sleep=recorded)
        task = asyncio.create_task(poller.run())
        try:
            async with httpx.AsyncClient(timeout=10) as other:
                for _ in range(300):   # each of its requests that finds ours waiting ends it with a 409
                    if poller.conflicts >= 4:
                        break
                    await other.post(f"{emu.base_url}{token}/getUpdates", json={"timeout": 0})
                    await asyncio.sleep(0.1)
            assert not task.done(), task
            assert poller.conflicts >= 4
            assert waits[:4] == [5.0, 10.0, 20.0, 40.0] and max(waits) <= 60.0
            await user.send("/start")
            await eventually(lambda: app.update_queue.qsize() > 0, "the update after the conflicts")
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await app.shutdown()
            database.dispose()
