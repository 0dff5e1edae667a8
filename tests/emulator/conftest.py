"""Fixtures for the emulator's own tests: a started emulator, a bot, people, and
real python-telegram-bot objects pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import pytest_asyncio
from telegram import Bot as PtbBot
from telegram.ext import ApplicationBuilder

from emulator import Bot, Emulator, User
from emulator.pytest_plugin import emulator, no_invalid_calls  # noqa: F401  (fixtures)
from emulator.testing import application_builder, polling

TOKEN = "123456:ABC-emulator_token"

@pytest.fixture
def emu(emulator: Emulator) -> Emulator:  # noqa: F811  (the fixture, by name)
    return emulator


@pytest.fixture
def bot(emu: Emulator) -> Bot:
    return emu.add_bot(token=TOKEN, username="doan_bot", first_name="Đoàn công tác")


@pytest.fixture
def lan(emu: Emulator) -> User:
    return emu.add_user("Lan", "Nguyễn", username="lan_nguyen", language_code="vi")


@pytest.fixture
def minh(emu: Emulator) -> User:
    return emu.add_user("Minh", "Trần", language_code="vi")


@pytest_asyncio.fixture
async def ptb_bot(emu: Emulator, bot: Bot) -> AsyncIterator[PtbBot]:
    """A plain ``telegram.Bot`` talking to the emulator."""
    async with PtbBot(bot.token, base_url=emu.base_url, base_file_url=emu.base_file_url) as client:
        yield client


@pytest.fixture
def started(emu: Emulator, bot: Bot) -> Callable[..., Any]:
    """Factory: ``async with started(*handlers) as app`` runs a polling Application."""

    def start(*handlers: Any, builder: ApplicationBuilder | None = None, **polling_kwargs: Any):
        app = (builder or application_builder(emu, bot)).build()
        for handler in handlers:
            app.add_handler(handler)
        return polling(app, **polling_kwargs)

    return start


