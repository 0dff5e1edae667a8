"""Starting and stopping the whole sandbox together: the demo database, the shared clock, the emulators (Telegram
and Zalo) and their worlds, the real bot on both, the time control and the page's server — everything on
127.0.0.1."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.settings import Settings, load_settings
from emulator import Emulator
from emulator.zalo import ZaloEmulator
from models.clock import ShiftedClock
from models.db import Database
from sandbox import demo_data
from sandbox.bot_runner import SandboxBot
from sandbox.membership import current_roles
from sandbox.province_map import map_data
from sandbox.seed import (
    DEFAULT_DATABASE_PATH,
    DEFAULT_PLAN_FILE,
    SeedReport,
    bind_demo_chats,
    describe_kept,
    forget_earlier_emulator_updates,
    open_sandbox_database,
    seed_demo,
)
from sandbox.time_travel import TimeTravel, saved_time
from sandbox.web import SandboxPage, build_web_app
from sandbox.world import SandboxWorld, build_world
from sandbox.zalo_side import ZALO_TOKEN, ZaloSide, build_zalo_side, link_zalo_accounts

log = logging.getLogger(__name__)
HOST = "127.0.0.1"


@dataclass(frozen=True)
class SandboxOptions:
    port: int = 8080                      # the page; 0 picks a free port
    database_path: Path = DEFAULT_DATABASE_PATH
    keep: bool = False                    # reuse the database (and its time) from the last run
    plan_file: Path = DEFAULT_PLAN_FILE
    start_local: dt.datetime = demo_data.SANDBOX_START_LOCAL
    timezone: str = "Asia/Ho_Chi_Minh"

    @property
    def time_file(self) -> Path:
        return self.database_path.with_name(self.database_path.stem + ".time.json")


@dataclass
class Sandbox:
    options: SandboxOptions = field(default_factory=SandboxOptions)
    url: str = ""
    seed_report: SeedReport | None = None
    database: Database | None = None
    clock: ShiftedClock | None = None
    emulator: Emulator | None = None
    world: SandboxWorld | None = None
    bot: SandboxBot | None = None
    time_travel: TimeTravel | None = None
    settings: Settings | None = None
    zalo_emulator: ZaloEmulator | None = None
    zalo: ZaloSide | None = None
    _web_runner: web.AppRunner | None = None

    async def start(self) -> Sandbox:
        try:
            await self._start()
        except BaseException:
            await self.stop()   # what did start (the emulator, the bot) stops again
            raise
        return self

    async def _start(self) -> None:
        options = self.options
        database, self.seed_report = await asyncio.to_thread(self._prepare_database)
        self.database = database
        self.clock = ShiftedClock(self._start_time(), options.timezone)
        clock = self.clock
        self.emulator = Emulator(host=HOST, port=0, clock=lambda: clock.now().timestamp())
        await self.emulator.start()
        self.world = build_world(self.emulator)
        self.zalo_emulator = ZaloEmulator(host=HOST, port=0, clock=lambda: clock.now().timestamp())
        await self.zalo_emulator.start()
        self.zalo = build_zalo_side(self.zalo_emulator)
        await asyncio.to_thread(bind_demo_chats, database, group_chat_id=self.world.group.id,
                                coordinators_chat_id=self.world.coordinators.id)
        await asyncio.to_thread(link_zalo_accounts, database)
        self.settings = self._settings()
        self.bot = SandboxBot(self.settings, database, self.clock)
        await self.bot.start()
        self.time_travel = TimeTravel(self.clock, database, self.bot.tick,
                                      send_at=self.bot.scheduler_config.send_at, announce=self._announce_time,
                                      saved_to=options.time_file)
        self.time_travel.save()
        page = SandboxPage(self.world, self.time_travel,
                           partial(map_data, database, checkin_radius_m=self.settings.checkin_radius_m),
                           partial(current_roles, database), zalo=self.zalo)
        self._web_runner = web.AppRunner(build_web_app(page), access_log=None, shutdown_timeout=0.5)
        await self._web_runner.setup()
        site = web.TCPSite(self._web_runner, HOST, options.port)
        await site.start()
        server = site._server
        port = server.sockets[0].getsockname()[1] if isinstance(server, asyncio.Server) else options.port
        self.url = f"http://{HOST}:{port}"

    def _prepare_database(self) -> tuple[Database, SeedReport]:
        database, fresh = open_sandbox_database(self.options.database_path, keep=self.options.keep)
        if fresh:
            return database, seed_demo(database, plan_file=self.options.plan_file)
        forget_earlier_emulator_updates(database)
        return database, describe_kept(database)

    def _start_time(self) -> dt.datetime:
        if self.options.keep and self.seed_report is not None and not self.seed_report.fresh:
            kept = saved_time(self.options.time_file)
            if kept is not None:
                return kept
        start = self.options.start_local
        if start.tzinfo is None:
            start = start.replace(tzinfo=ZoneInfo(self.options.timezone))
        return start.astimezone(dt.UTC)

    def _settings(self) -> Settings:
        assert self.emulator is not None and self.zalo_emulator is not None and self.database is not None
        # Explicit values, and no .env: a real token or database there must not leak into the sandbox.
        return load_settings(
            telegram_bot_token=demo_data.SANDBOX_BOT_TOKEN, telegram_base_url=self.emulator.base_url,
            telegram_base_file_url=self.emulator.base_file_url, database_url=self.database.url,
            zalo_bot_token=ZALO_TOKEN, zalo_base_url=self.zalo_emulator.base_url, zalo_monthly_message_quota=0,
            timezone=self.options.timezone, bootstrap_admin_ids=[str(demo_data.admin().user_id)], _env_file=None)

    def _announce_time(self, state: dict) -> None:
        if self.emulator is not None:
            self.emulator.events.publish("sandbox_clock", clock=state)

    async def stop(self) -> None:
        if self._web_runner is not None:
            await self._web_runner.cleanup()
            self._web_runner = None
        if self.time_travel is not None:
            self.time_travel.save()
        if self.bot is not None:
            await self.bot.stop()
            self.bot = None
        if self.emulator is not None:
            await self.emulator.stop()
            self.emulator = None
        if self.zalo_emulator is not None:
            await self.zalo_emulator.stop()
            self.zalo_emulator = None
        if self.database is not None:
            self.database.dispose()
            self.database = None

    async def __aenter__(self) -> Sandbox:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()


async def serve_until_stopped(options: SandboxOptions, on_ready=None) -> None:
    """Run the sandbox until Ctrl+C (SIGINT) or SIGTERM."""
    from bot.runner import stop_on_signals

    stop = asyncio.Event()
    stop_on_signals(stop)
    async with Sandbox(options) as sandbox:
        if on_ready is not None:
            on_ready(sandbox)
        await stop.wait()
