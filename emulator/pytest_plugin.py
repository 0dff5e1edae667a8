"""Pytest fixtures for tests that drive a bot against the emulator.

Use from a ``conftest.py``::

    from emulator.pytest_plugin import emulator, no_invalid_calls  # noqa: F401

``emulator`` is a started ``Emulator`` (limits off, no faults) stopped after the
test. ``no_invalid_calls`` additionally fails the test if the bot made any call
Telegram would reject as malformed. ``zalo_emulator`` is a started Zalo emulator
(``emulator.zalo``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import pytest_asyncio

from emulator.emulator import Emulator

if TYPE_CHECKING:
    from emulator.zalo import ZaloEmulator


@pytest_asyncio.fixture
async def emulator() -> AsyncIterator[Emulator]:
    async with Emulator() as emu:
        yield emu


@pytest_asyncio.fixture
async def no_invalid_calls(emulator: Emulator) -> AsyncIterator[Emulator]:
    yield emulator
    emulator.assert_no_invalid_calls()


@pytest_asyncio.fixture
async def zalo_emulator() -> AsyncIterator[ZaloEmulator]:
    """A started Zalo emulator (no quota, no faults), stopped after the test."""
    from emulator.zalo import ZaloEmulator

    async with ZaloEmulator() as emu:
        yield emu
