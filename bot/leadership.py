"""One leader among the bot's processes, chosen through the database: the leader long-polls (Telegram answers a
second poller with 409 Conflict; Zalo hands each update to whichever poller asks) and runs the scheduler's tick;
the others stand by and take over within seconds of its death.

PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) held on a connection of its own. Chosen over a
lease row renewed every few seconds because the lock lives exactly as long as the leader's session: a leader
killed with SIGKILL closes its socket, PostgreSQL ends the session and frees the lock at once, and a standby
asking every `RETRY_SECONDS` has it within that — where a lease must first run out (its length is the takeover
time) and is judged by clocks. The lock writes nothing (no row updated every few seconds on the only server) and
needs no table. The leader checks its lock every `HEARTBEAT_SECONDS` on the same connection; when the check fails
(the database restarted, the network went) it stops polling and ticking at once and stands by. Server-side TCP
keepalives and `tcp_user_timeout` bound how long PostgreSQL keeps the lock of a leader whose machine vanished
without closing its socket. (Advisory locks are per session: a pooler in transaction mode, such as PgBouncer's,
between the bot and PostgreSQL would break this; the bot connects directly.)

SQLite: one process, which is always the leader (`SoleProcess`).

Correctness never rests on the election: two leaders at once (a partition, for a few seconds) cost a few 409s,
backed off, and a tick run twice, whose every push is claimed under its key — never a message sent twice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRY_SECONDS = 2.0       # a standby asks for the lock this often: the takeover time after a leader's death
# The leader checks that it still holds the lock this often: a leader cut off from the database (its session
# ended, the lock free for a standby) polls on at most this long beside the new one.
HEARTBEAT_SECONDS = 1.0
CALL_SECONDS = 5.0        # a lock call not answered by then counts as a failure (the network went)
LEFT_BEHIND_AGE = dt.timedelta(minutes=1)   # an update unhandled this long is the leader's to replay
LEFT_BEHIND_CHECK_SECONDS = 60.0
# One leader per database (advisory locks are per database): a fixed 63-bit key, found in pg_locks as
# classid = key >> 32, objid = key & 0xFFFFFFFF, objsubid = 1.
LEADER_LOCK_KEY = int.from_bytes(hashlib.sha256(b"delegation-bot:leader").digest()[:8], "big") & (2**63 - 1)


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Elector(Protocol):
    """How a process becomes and stays the leader."""

    async def try_acquire(self) -> bool: ...

    async def still_held(self) -> bool: ...

    async def release(self) -> None: ...


class SoleProcess:
    """SQLite: one process, the leader from its start; nothing to elect."""

    async def try_acquire(self) -> bool:
        return True

    async def still_held(self) -> bool:
        return True

    async def release(self) -> None:
        return None


class AdvisoryLock:
    """The PostgreSQL session-level advisory lock `key`, on a connection of its own (autocommit, outside the
    pool: a pool would hand the connection, and the lock with it, to other work, or silently replace it)."""

    def __init__(self, url: str, *, key: int = LEADER_LOCK_KEY, name: str | None = None,
                 call_seconds: float = CALL_SECONDS) -> None:
        self.key = key
        self.call_seconds = call_seconds
        self.engine = create_engine(
            url, poolclass=NullPool, isolation_level="AUTOCOMMIT", hide_parameters=True,
            connect_args={
                "connect_timeout": max(1, int(call_seconds)),
                "application_name": f"delegation-bot leader {name or process_name()}"[:63],
                # Our side notices a dead server (a silent network) within about ten seconds.
                "keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 3,
                "tcp_user_timeout": 10_000,
            })
        self._connection: Connection | None = None
        self._thread = self._new_thread()

    @staticmethod
    def _new_thread() -> ThreadPoolExecutor:
        # A thread of its own: the database's workers may all be busy with turns when the lock must be checked.
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="leadership")

    async def _call(self, work: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(self._thread, work), self.call_seconds)
        except TimeoutError:
            # The call hangs on a dead network: leave that thread and its connection behind (PostgreSQL drops
            # the session, and the lock, once its keepalives fail), start over on a new connection.
            self._thread.shutdown(wait=False)
            self._thread = self._new_thread()
            self._connection = None
            raise

    def _connect(self) -> Connection:
        if self._connection is None:
            connection = self.engine.connect()
            # PostgreSQL's side: a leader whose machine vanished (no FIN, no RST) loses the lock within ~10 s.
            for setting in ("tcp_keepalives_idle = 5", "tcp_keepalives_interval = 2", "tcp_keepalives_count = 3",
                            "tcp_user_timeout = 10000"):
                try:
                    connection.execute(text(f"SET {setting}"))
                except Exception:   # an older server without the setting; the default keepalives remain
                    log.debug("leadership: SET %s refused", setting)
            self._connection = connection
        return self._connection

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:
                pass

    def _acquire_sync(self) -> bool:
        try:
            return bool(self._connect().execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}).scalar())
        except Exception:
            self._drop()
            raise

    def _check_sync(self) -> bool:
        try:
            return bool(self._connect().execute(text(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
                "AND granted AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = :key)"),
                {"key": self.key}).scalar())
        except Exception:
            self._drop()
            raise

    def _release_sync(self) -> None:
        if self._connection is None:
            return
        try:
            # Every level of it (a session's advisory locks stack), before the session ends: closing alone
            # frees it only once the server has noticed, a moment later.
            self._connection.execute(text("SELECT pg_advisory_unlock_all()"))
        finally:
            self._drop()   # closing the session frees the lock in any case

    async def try_acquire(self) -> bool:
        return await self._call(self._acquire_sync)

    async def still_held(self) -> bool:
        return await self._call(self._check_sync)

    async def release(self) -> None:
        try:
            await self._call(self._release_sync)
        except Exception:
            self._connection = None   # the session is gone or going, and the lock with it
        finally:
            self._thread.shutdown(wait=False)
            self._thread = self._new_thread()

    def dispose(self) -> None:
        self._thread.shutdown(wait=False)
        self.engine.dispose()


def elector_for(database_url: str) -> Elector:
    if database_url.startswith("postgresql"):
        return AdvisoryLock(database_url)
    return SoleProcess()


class Leadership:
    """Runs the leader's duties while this process leads, and stops them the moment it no longer does.

    A duty is a coroutine factory (a poller, the replay of what others left unhandled) started at election and
    cancelled at the loss of it. A duty that fails ends `run()` with its error: a refused token is no reason
    to stand by, and the process exits saying why. `is_leader` is what the scheduler's tick asks.
    """

    def __init__(self, elector: Elector, *, retry_seconds: float = RETRY_SECONDS,
                 heartbeat_seconds: float = HEARTBEAT_SECONDS) -> None:
        self.elector = elector
        self.retry_seconds, self.heartbeat_seconds = retry_seconds, heartbeat_seconds
        self.is_leader = False
        self.elections = 0   # times this process became the leader
        self._duties: list[tuple[str, Callable[[], Awaitable[Any]]]] = []
        self._running: dict[asyncio.Task[Any], str] = {}
        self._unreachable = False

    def while_leader(self, name: str, duty: Callable[[], Awaitable[Any]]) -> None:
        """Run `duty()` while this process leads (it is started at each election, cancelled at each loss)."""
        self._duties.append((name, duty))
        if self.is_leader:
            self._start(name, duty)

    def dispose(self) -> None:
        dispose = getattr(self.elector, "dispose", None)
        if dispose is not None:
            dispose()

    @property
    def role(self) -> str:
        return "leader" if self.is_leader else "standby"

    async def run(self) -> None:
        """Elect, lead, stand by, for as long as the process runs; cancelled, it lets go of the lock at once."""
        said_standby = False
        try:
            while True:
                if not self.is_leader:
                    if await self._ask(self.elector.try_acquire):
                        await self._take_office()
                        said_standby = False
                    else:
                        if not said_standby and not self._unreachable:
                            log.info("leadership: another process leads; this one (%s) stands by and takes over "
                                     "if it stops", process_name())
                            said_standby = True
                        await asyncio.sleep(self.retry_seconds)
                    continue
                if not self._running:
                    await asyncio.sleep(self.heartbeat_seconds)
                    finished: set[asyncio.Task[Any]] = set()
                else:
                    finished, _ = await asyncio.wait(set(self._running), timeout=self.heartbeat_seconds,
                                                     return_when=asyncio.FIRST_COMPLETED)
                for task in finished:
                    name = self._running.pop(task)
                    if task.cancelled():
                        continue
                    error = task.exception()
                    if error is not None:
                        raise error   # a refused token: say why and stop, whatever the role
                    log.warning("leadership: duty %s ended; starting it again", name)
                    self._start(name, dict(self._duties)[name])
                if not await self._ask(self.elector.still_held):
                    log.warning("leadership: lost the leader's lock (database unreachable); polling and the "
                                "scheduler's tick stop here, another process takes over")
                    await self._leave_office()
        finally:
            await self._leave_office()

    async def _ask(self, question: Callable[[], Awaitable[bool]]) -> bool:
        try:
            answer = await question()
        except Exception as error:
            if not self._unreachable:   # once per outage, not every few seconds
                log.warning("leadership: the database does not answer (%s); trying every %.0f s",
                            type(error).__name__, self.retry_seconds)
            self._unreachable = True
            return False
        if self._unreachable:
            log.info("leadership: the database answers again")
            self._unreachable = False
        return answer

    async def _take_office(self) -> None:
        self.is_leader = True
        self.elections += 1
        log.info("leadership: this process (%s) is the leader: it polls and runs the scheduler's tick",
                 process_name())
        for name, duty in self._duties:
            self._start(name, duty)

    def _start(self, name: str, duty: Callable[[], Awaitable[Any]]) -> None:
        task = asyncio.ensure_future(duty())
        task.set_name(f"leader: {name}")
        self._running[task] = name

    async def _leave_office(self) -> None:
        tasks = list(self._running)
        self._running.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self.is_leader:
            self.is_leader = False
            await asyncio.shield(self.elector.release())


Replay = Callable[[dt.datetime | None], Awaitable[int]]


class LeftBehind:
    """The leader's duty to updates stored and never handled: at election, all of them (what the previous
    leader stored and died with); then every minute, those that have waited over a minute (what a webhook
    process took in and died with). A copy of an update still being handled elsewhere costs nothing: the turn
    claims the update, and the second copy finds it handled."""

    def __init__(self, *, age: dt.timedelta = LEFT_BEHIND_AGE, every_seconds: float = LEFT_BEHIND_CHECK_SECONDS,
                 now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)) -> None:
        # The machine's time: an update's `received_at` is stamped with it (not with a sandbox's shifted clock).
        self.now, self.age, self.every_seconds = now, age, every_seconds
        self.replays: list[tuple[str, Replay]] = []

    def add(self, channel: str, replay: Replay) -> None:
        self.replays.append((channel, replay))

    async def run(self) -> None:
        await self.replay_all(None)
        while True:
            await asyncio.sleep(self.every_seconds)
            await self.replay_all(self.now() - self.age)

    async def replay_all(self, received_before: dt.datetime | None) -> int:
        total = 0
        for channel, replay in self.replays:
            try:
                replayed = await replay(received_before)
            except Exception:
                log.exception("leadership: could not replay %s updates; trying again in a minute", channel)
                continue
            if replayed:
                log.info("replaying %d %s updates stored and not handled%s", replayed, channel,
                         "" if received_before is None else " for over a minute")
            total += replayed
        return total
