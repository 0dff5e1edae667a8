"""The bot as Telegram meets it: `delegation-bot run` in a process of its own, the emulator in the test."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from emulator import Emulator

TOKEN = "424242:PROCESSTEST"
ADMIN_ID = 9001
# How long a bot process may take to start answering: `run` migrates in a process of its own, then starts the bot.
# On a two-core machine shared with other jobs (load 16) that took over 30 s. An upper bound, not a timing assertion.
STARTUP_TIMEOUT = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BotProcess:
    """Starts, kills and restarts the real command line, pointed at the emulator."""

    def __init__(self, emu: Emulator, workdir: Path, extra_args: list[str] | None = None) -> None:
        self.emu = emu
        self.workdir = workdir
        self.extra_args = extra_args or []
        self.process: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": emu.base_url,
            "TELEGRAM_BASE_FILE_URL": emu.base_file_url,
            "DATABASE_URL": f"sqlite:///{workdir / 'bot.sqlite3'}",
            "BOOTSTRAP_ADMIN_IDS": str(ADMIN_ID),
        }
        self.log_path = workdir / "bot.log"

    def start(self) -> None:
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", *self.extra_args], cwd=self.workdir, env=self.env,
            stdout=log, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    async def wait_until_healthy(self, port: int) -> httpx.Response:
        """The webhook server's first 200 on /health; fails with the process's log if none comes in time."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STARTUP_TIMEOUT
        async with httpx.AsyncClient() as client:
            while loop.time() < deadline:
                try:
                    health = await client.get(f"http://127.0.0.1:{port}/health")
                    if health.status_code == 200:
                        return health
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        pytest.fail(f"no healthy answer on port {port} within {STARTUP_TIMEOUT:.0f} s; the bot's log:\n{self.log()}")


@pytest_asyncio.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator() as emulator:
        emulator.add_bot(token=TOKEN, username="doan_bot")
        yield emulator
        emulator.assert_no_invalid_calls()


@pytest_asyncio.fixture
async def bot_process(emu, tmp_path) -> AsyncIterator[BotProcess]:
    process = BotProcess(emu, tmp_path)
    yield process
    await asyncio.to_thread(process.stop)
