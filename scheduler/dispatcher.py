"""The sender: claims due deliveries from the outbox, sends them at a pace the platform accepts, records each.

Reusable by anyone who puts a row in the outbox: the scheduler's tick, and the handlers' alerts (they
`enqueue_delivery(...)` in their own transaction, then call `dispatcher.kick()`).

Exactly once, as far as a chat platform allows:
- a row is claimed (status `claimed`, `claimed_by`, `lease_until`) in one atomic UPDATE before it is sent,
  and recorded `sent` after, only if this sender still holds it; another sender (another process on the
  same PostgreSQL) skips it; a sender that dies leaves a lease that runs out, and the row is claimed again;
- a live sender keeps its leases: they are renewed while rows wait in a lane (every third of the lease), and
  right before each send one statement renews the row's lease and confirms we still hold it — a row that
  another sender took over meanwhile (our lease ran out while we were stalled) is dropped, never sent twice;
  a chat's rows are claimed no faster than they can be sent within the lease;
- pacing holds across processes: before each send a sender takes the chat's next turn in the database
  (`chat_pacing.next_send_at`), and a 429 pushes that turn back for every process;
- cancelling a pass (shutdown) waits briefly for sends already on the wire and records them, and hands the
  rows not yet sent back at once;
- a send whose outcome is unknown (a timeout after the request left, a crash between send and record) is
  sent again: **at-least-once**. The Bot API has no idempotency key, so the only alternative is
  at-most-once, which would silently drop the deadline reminder the bot exists for; a rare duplicate
  notice costs a coordinator a glance.

Failures: 429 holds that chat only (and the row waits in its lane, or goes back with `next_attempt_at` when
the wait is long); 5xx and timeouts retry with backoff, first in the lane, then from the outbox; 403 marks the
member unreachable and tells the coordinators once; a migrated group is followed and the message resent to
the new id; 400 fails the row and tells the coordinators.

Bundling: rows for one chat that fell due more than `bundle_after` ago (the bot was down, or they waited out
quiet hours) go as one message per chat instead of a flood. Too-old rows (`expires_at` passed) are skipped.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import os
import random
import socket
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.clock import Clock
from models.db import Database
from models.deliveries import (
    PARTS_SENT,
    ClaimedDelivery,
    DeliveryStatus,
    claim_deliveries,
    enqueue_delivery,
    follow_members,
    hold_chat,
    record_failed,
    record_parts_sent,
    record_sent,
    redirect_chat,
    release_for_retry,
    renew_leases,
    reserve_send_slot,
    skip_expired,
)
from models.people import (
    ChatBinding,
    ChatPurpose,
    Identity,
    Member,
    active_admins,
    bound_chat,
    follow_chat_migration,
    mark_unreachable,
    push_chat_of,
)
from scheduler import actions
from scheduler.config import QuietHours
from scheduler.outbound import (
    ChatMoved,
    Outbound,
    PermanentFailure,
    RecipientBlocked,
    RetryLater,
    SendError,
    TemporaryFailure,
)
from scheduler.pacing import Pacer, Pacing
from texts import scheduler as texts

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_MESSAGE_CHARS = 4000  # under Telegram's 4096, leaving room for the bundle's numbering
MAX_MOVES = 3             # a chat moving more often than this within one send is a loop, not a migration


@dataclass
class DispatchStats:
    messages: int = 0          # messages that reached the platform
    rows_sent: int = 0         # outbox rows recorded sent (a bundle is one message, several rows)
    bundles: int = 0
    failed: int = 0
    skipped: int = 0           # recipient unreachable
    retried_later: int = 0     # handed back to the outbox with a later attempt time
    rate_limited: int = 0      # 429 answers
    temporary_failures: int = 0
    moved: int = 0
    lost_leases: int = 0       # sent after our lease ran out and another sender took the row: maybe twice
    taken_over: int = 0        # not sent: another sender took the row after our lease ran out

    def add(self, other: DispatchStats) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class _Work:
    """One message to send: a single row, or several rows bundled."""

    chat_id: str
    rows: list[ClaimedDelivery]
    text: str
    payload: dict[str, Any] | None

    @property
    def ids(self) -> list[int]:
        return [row.id for row in self.rows]


@dataclass
class _Lane:
    """Messages for one chat, sent one after another in order."""

    queue: deque[_Work] = field(default_factory=deque)
    task: asyncio.Task[None] | None = None
    blocked: str | None = None  # the chat refused us: the rest of the lane fails without asking again

    @property
    def rows(self) -> int:
        return sum(len(work.rows) for work in self.queue)


class _RecordFailed(Exception):
    """Sent, but the outbox could not be told; the lease will expire and the row be sent again."""


class Dispatcher:
    def __init__(
        self,
        database: Database,
        outbound: Outbound,
        clock: Clock,
        pacing: Pacing | None = None,
        *,
        quiet_hours: QuietHours | None = QuietHours(),
        worker_id: str | None = None,
        lease: dt.timedelta = dt.timedelta(minutes=5),
        batch_size: int = 200,
        per_chat_batch: int = 20,
        max_in_flight: int = 32,
        bundle_after: dt.timedelta = dt.timedelta(minutes=15),
        lane_retries: int = 3,
        lane_backoff_seconds: float = 0.5,
        max_lane_wait_seconds: float = 60.0,
        max_attempts: int = 8,
        retry_base: dt.timedelta = dt.timedelta(seconds=30),
        retry_cap: dt.timedelta = dt.timedelta(hours=1),
        shutdown_grace_seconds: float = 10.0,
        pacer: Pacer | None = None,
        wall_clock: Callable[[], float] = time.time,
        shared_pacing: bool | None = None,
        redact: Callable[[str], str] | None = None,
    ) -> None:
        self.database, self.outbound, self.clock = database, outbound, clock
        self.pacer = pacer or Pacer(pacing or Pacing())
        self.quiet_hours = quiet_hours
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.lease, self.batch_size = lease, batch_size
        # A chat's rows are claimed no faster than they can be sent within half the lease (room for 429 waits).
        within_lease = int(lease.total_seconds() * self.pacer.pacing.slowest_rate() / 2)
        self.per_chat_batch = max(1, min(per_chat_batch, within_lease))
        self.wall_clock = wall_clock  # shared pacing's time: processes share the wall clock, not a monotonic one
        # Turns taken in the database cost a write per send: only where several processes can share the outbox.
        self.shared_pacing = database.dialect == "postgresql" if shared_pacing is None else shared_pacing
        self.max_in_flight, self.bundle_after = max_in_flight, bundle_after
        self.lane_retries, self.lane_backoff_seconds = lane_retries, lane_backoff_seconds
        self.max_lane_wait_seconds, self.max_attempts = max_lane_wait_seconds, max_attempts
        self.retry_base, self.retry_cap = retry_base, retry_cap
        self.shutdown_grace_seconds = shutdown_grace_seconds
        # Error texts are stored (`last_error`) and quoted to the coordinators: whoever wires the dispatcher
        # passes what cuts secrets (bot tokens in URLs) out of them; the scheduler knows none.
        self.redact: Callable[[str], str] = redact or str
        self.totals = DispatchStats()
        self._lock = asyncio.Lock()
        self._again = False
        self._background: asyncio.Task[None] | None = None

    async def dispatch_due(self) -> DispatchStats:
        """Claim and send everything due now, paced; return when the outbox has nothing more to send now."""
        async with self._lock:
            self._again = False
            run = _Run(self)
            try:
                return await run.execute()
            finally:
                self.totals.add(run.stats)

    def kick(self) -> None:
        """Wake the sender now (after enqueueing an alert); returns at once."""
        self._again = True
        if self._lock.locked() or (self._background is not None and not self._background.done()):
            return  # the running pass sees `_again` and claims once more before it ends
        self._background = asyncio.get_running_loop().create_task(self._dispatch_logged(), name="dispatcher-kick")

    async def _dispatch_logged(self) -> None:
        try:
            await self.dispatch_due()
        except Exception:
            log.exception("dispatcher: a kicked pass failed; the next tick tries again")

    async def aclose(self) -> None:
        """Stop a kicked pass (unsent rows go back to the outbox at once)."""
        task, self._background = self._background, None
        if task is not None and not task.done():
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass

    # Called by a pass, kept here so a subclass or a test can see the arithmetic.
    def retry_delay(self, attempts: int) -> dt.timedelta:
        delay = min(self.retry_base * (2 ** max(0, attempts - 1)), self.retry_cap)
        return delay * (1 + random.random() * 0.1)  # spread a crowd of retries


class _Run:
    """One pass of the dispatcher: its lanes, what it holds, and how it lets go when cancelled."""

    def __init__(self, dispatcher: Dispatcher) -> None:
        self.d = dispatcher
        self.stats = DispatchStats()
        self.lanes: dict[str, _Lane] = {}
        self.held: dict[int, ClaimedDelivery] = {}       # claimed by this pass, outcome not yet recorded
        self.leased_until: dict[int, dt.datetime] = {}   # each held row's lease as we last set it
        self.claimed_at: dt.datetime | None = None        # the `now` of the latest claim
        self.sending: dict[asyncio.Future[str], _Work] = {}  # sends on the wire (shielded from cancellation)
        self.claiming: asyncio.Future[tuple[list[ClaimedDelivery], int, int, bool]] | None = None
        self.progress = asyncio.Event()
        self.in_flight = asyncio.Semaphore(dispatcher.max_in_flight)
        self.exhausted = False

    # ----------------------------------------------------------------- the loop

    async def execute(self) -> DispatchStats:
        keeper = asyncio.create_task(self._keep_leases(), name="dispatcher leases")
        try:
            while True:
                claimed: list[ClaimedDelivery] = []
                queued = {chat: lane.rows for chat, lane in self.lanes.items()}
                if self.d._again:
                    self.d._again, self.exhausted = False, False
                taken = 0
                if sum(queued.values()) <= self.d.batch_size // 2 and not self.exhausted:
                    claimed, taken = await self._claim(self.d.batch_size - sum(queued.values()), queued)
                    self.exhausted = taken == 0
                    self._distribute(claimed)
                if not self.lanes:
                    if taken or self.d._again:
                        continue
                    return self.stats
                self.progress.clear()
                await self.progress.wait()
        except BaseException:
            # Cancelled (shutdown), or the database failed under us: stop the lanes, hand back what we hold.
            await self._let_go()
            raise
        finally:
            keeper.cancel()
            await asyncio.gather(keeper, return_exceptions=True)

    async def _keep_leases(self) -> None:
        """Renew the leases of the rows this pass holds, so a live lane's rows are never taken over."""
        period = max(1.0, self.d.lease.total_seconds() / 3)
        while True:
            await asyncio.sleep(period)
            if not self.held:
                continue
            try:
                self._renewed(list(self.held), *await self._db(partial(self._renew_unit, list(self.held))))
            except Exception:
                log.exception("dispatcher: could not renew leases; each row is checked again before it is sent")

    async def _db(self, work: Callable[[Session], T]) -> T:
        return await self.d.database.run(work)

    # ----------------------------------------------------------------- claiming

    async def _claim(self, limit: int, queued: dict[str, int]) -> tuple[list[ClaimedDelivery], int]:
        """The claimed rows worth sending, and how many rows the claim took in all (settled ones included)."""
        # Shielded: a claim committed in its thread must reach us, or its rows would wait for the lease.
        self.claiming = asyncio.ensure_future(self._db(partial(self._claim_unit, limit, queued)))
        claimed, failed, skipped, told = await asyncio.shield(self.claiming)
        self.claiming = None
        self.stats.failed += failed
        self.stats.skipped += skipped
        self.d._again |= told
        return claimed, len(claimed) + failed + skipped

    def _claim_unit(self, limit: int, queued: dict[str, int],
                    session: Session) -> tuple[list[ClaimedDelivery], int, int, bool]:
        """Claim, then settle at once the rows that cannot be sent: (sendable, failed, skipped, coordinators told)."""
        d = self.d
        now = d.clock.now()
        skip_expired(session, now)
        quiet = d.quiet_hours is not None and d.quiet_hours.contains(now.astimezone(d.clock.tz))
        self.claimed_at = now
        rows = claim_deliveries(session, worker=d.worker_id, now=now, lease=d.lease, limit=limit,
                                per_chat_limit=d.per_chat_batch, queued_per_chat=queued, in_quiet_hours=quiet)
        member_ids = {row.member_id for row in rows if row.member_id is not None}
        members = list(session.scalars(select(Member).where(Member.id.in_(member_ids))
                                       .options(selectinload(Member.identities)))) if member_ids else []
        unreachable = {member.id for member in members if not member.reachable}
        # A member on two apps: the push goes to the one they last used, even if they switched since it was queued.
        rows = follow_members(session, rows, {member.id: push_chat_of(member) for member in members})
        sendable = []
        failed = skipped = 0
        told = False
        for row in rows:
            if row.chat_id is None:
                record_failed(session, row.id, worker=d.worker_id, error="no chat to send to")
                failed += 1
            elif row.member_id in unreachable:
                record_failed(session, row.id, worker=d.worker_id, error="recipient unreachable",
                              status=DeliveryStatus.skipped)
                skipped += 1
            elif row.attempts > d.max_attempts:
                record_failed(session, row.id, worker=d.worker_id, error=f"gave up after {d.max_attempts} attempts")
                told |= self._tell_coordinators_failed(session, row, row.chat_id, "gave up after repeated failures")
                told |= self._action_refused(session, row, "gave up after repeated failures")
                failed += 1
            else:
                sendable.append(row)
        return sendable, failed, skipped, told

    def _distribute(self, rows: list[ClaimedDelivery]) -> None:
        if not rows:
            return
        stale_before = self.d.clock.now() - self.d.bundle_after
        by_chat: dict[str, list[ClaimedDelivery]] = {}
        until = (self.claimed_at or self.d.clock.now()) + self.d.lease
        for row in rows:
            self.held[row.id] = row
            self.leased_until[row.id] = until
            by_chat.setdefault(row.chat_id or "", []).append(row)
        for chat_id, chat_rows in by_chat.items():
            stale = [row for row in chat_rows if row.due_at <= stale_before and _bundleable(row)]
            works = _bundles(chat_id, stale, self._max_text(chat_id)) if len(stale) >= 2 else []
            bundled = {row.id for work in works for row in work.rows}
            works += [_Work(chat_id, [row], row.text, row.payload) for row in chat_rows if row.id not in bundled]
            works.sort(key=lambda work: (work.rows[0].due_at, work.rows[0].id))
            lane = self.lanes.get(chat_id)
            if lane is None:
                lane = self.lanes[chat_id] = _Lane()
                lane.task = asyncio.create_task(self._run_lane(chat_id, lane), name=f"lane {chat_id}")
            lane.queue.extend(works)

    def _max_text(self, chat_id: str) -> int:
        limit = getattr(self.d.outbound, "max_text", None)
        return min(MAX_MESSAGE_CHARS, (limit(chat_id) if callable(limit) else None) or MAX_MESSAGE_CHARS)

    # ----------------------------------------------------------------- a lane

    async def _run_lane(self, chat_id: str, lane: _Lane) -> None:
        try:
            while lane.queue:
                await self._deliver(lane, lane.queue[0])
                lane.queue.popleft()
                self.progress.set()
        except Exception:
            # A bug (or the database gone) must not strand the lane's rows: back to the outbox for the next pass,
            # or, if even that fails, their leases run out.
            log.exception("dispatcher: lane %s failed", chat_id)
            try:
                await self._release([row for work in lane.queue for row in work.rows], retry_at=None,
                                    error="dispatcher error")
            except Exception:
                log.exception("dispatcher: could not hand back the rows of lane %s", chat_id)
        finally:
            if self.lanes.get(chat_id) is lane:
                del self.lanes[chat_id]
            self.progress.set()

    async def _deliver(self, lane: _Lane, work: _Work) -> None:
        attempt = moves = 0
        while True:
            if lane.blocked is not None:
                await self._settle(work, partial(self._blocked_unit, work, lane.blocked))
                return
            wait = await self._turn_wait(work.chat_id)
            if wait > self.d.max_lane_wait_seconds:
                await self._put_off(lane, work, wait, "the chat is held")   # e.g. Zalo's monthly quota is spent
                return
            if wait > 0:
                await asyncio.sleep(wait)
            await self.d.pacer.acquire(work.chat_id)
            try:
                ours = await self._still_ours(work)
            except BaseException:
                self.d.pacer.answered(work.chat_id)
                raise
            if ours is None:
                self.d.pacer.answered(work.chat_id)
                return  # every row of it was taken over by another sender
            work = ours
            try:
                await self._send_shielded(work)  # no await in between: the acquired slot is always answered
                return
            except RetryLater as exc:
                self.stats.rate_limited += 1
                self.d.pacer.hold(work.chat_id, exc.seconds)
                await self._db(partial(_hold_chat_unit, work.chat_id, self.d.wall_clock() + exc.seconds,
                                       self.d.pacer.pacing.turns(work.chat_id)))
                if exc.seconds > self.d.max_lane_wait_seconds:
                    await self._put_off(lane, work, exc.seconds, self.d.redact(str(exc)))
                    return
                log.info("dispatcher: %s asks us to wait %s s", work.chat_id, exc.seconds)
            except ChatMoved as exc:
                moves += 1
                self.stats.moved += 1
                if moves > MAX_MOVES:
                    await self._settle(work, partial(self._permanent_unit, work, "chat keeps moving"))
                    return
                old = work.chat_id
                await self._db(partial(_follow_move, old, exc.new_chat_id))
                for queued in lane.queue:
                    if queued.chat_id == old:
                        queued.chat_id = exc.new_chat_id
                work.chat_id = exc.new_chat_id   # `work` may be a rebuilt copy of the lane's first
                log.info("dispatcher: chat %s moved to %s; resending there", old, exc.new_chat_id)
            except RecipientBlocked as exc:
                lane.blocked = self.d.redact(str(exc)) or "recipient blocked the bot"
            except TemporaryFailure as exc:
                attempt += 1
                self.stats.temporary_failures += 1
                if attempt > self.d.lane_retries:
                    attempts = max(row.attempts for row in work.rows)
                    await self._release(work.rows, retry_at=self.d.clock.now() + self.d.retry_delay(attempts),
                                        error=self.d.redact(str(exc)))
                    return
                await asyncio.sleep(self.d.lane_backoff_seconds * 2 ** (attempt - 1))
            except PermanentFailure as exc:
                await self._settle(work, partial(self._permanent_unit, work, self.d.redact(str(exc)) or "refused"))
                return
            except _RecordFailed:
                return  # already logged; the lease brings the rows back

    async def _turn_wait(self, chat_id: str) -> float:
        """Take the chat's next turn shared with other processes: the seconds to wait for it, or for the end of a
        hold the platform asked for (a 429) when that is longer."""
        held = getattr(self.d.pacer, "held_for", None)
        wait = held(chat_id) if held is not None else 0.0
        spacing, burst = self.d.pacer.pacing.turns(chat_id)
        if spacing > 0 and self.d.shared_pacing:
            wait = max(wait, await self._db(partial(self._turn_unit, chat_id, spacing, burst)))
        return wait

    async def _put_off(self, lane: _Lane, work: _Work, seconds: float, error: str) -> None:
        """The chat cannot be sent to for long (Zalo's quota spent until the month turns): this work and everything
        queued behind it go back to the outbox until then, instead of sleeping in the lane. They keep past their
        expiry (they were due while the platform refused them), and when they come due again together the next
        pass folds them into one numbered message per chat (see "Bundling"), not a burst."""
        rows = list(work.rows)
        while len(lane.queue) > 1:   # the lane's first is `work` (or what it was rebuilt from): popped by the lane
            rows.extend(lane.queue.pop().rows)
        retry_at = self.d.clock.now() + dt.timedelta(seconds=seconds)
        await self._db(partial(self._release_unit, rows, retry_at, error, keep=True))
        for row in rows:
            self.held.pop(row.id, None)
        self.stats.retried_later += len(rows)

    async def _still_ours(self, work: _Work) -> _Work | None:
        """Right before the send: renew the rows' leases and drop those another sender took over meanwhile (our
        lease ran out while we waited). The work as it may be sent, or None if nothing of it is left.

        While more than half of each row's lease is left, nobody can have taken it over (claiming needs a lease
        that ran out), so the database is asked only when a row has waited that long."""
        now = self.d.clock.now()
        if all(self.leased_until.get(row.id, now) - now > self.d.lease / 2 for row in work.rows):
            return work
        held, renewed_at = await self._db(partial(self._renew_unit, work.ids))
        self._renewed(work.ids, held, renewed_at)
        if len(held) < len(work.rows):
            lost = [row for row in work.rows if row.id not in held]
            for row in lost:
                self.held.pop(row.id, None)
            self.stats.taken_over += len(lost)
            log.warning("dispatcher: rows %s were taken over by another sender; not sending them",
                        [row.id for row in lost])
            kept = [row for row in work.rows if row.id in held]
            if not kept:
                return None
            work = _bundles(work.chat_id, kept, self._max_text(work.chat_id))[0] if len(kept) > 1 else _Work(
                work.chat_id, kept, kept[0].text, kept[0].payload)
        return work

    async def _send_shielded(self, work: _Work) -> None:
        # Shielded so that cancelling the pass does not cut a send on the wire from its record.
        task = asyncio.ensure_future(self._send_and_record(work))
        self.sending[task] = work
        task.add_done_callback(lambda done: self.sending.pop(done, None))
        await asyncio.shield(task)

    async def _send_and_record(self, work: _Work) -> str:
        chat_id = work.chat_id
        try:
            async with self.in_flight:
                message_id = await self.d.outbound.send(chat_id, work.text, work.payload)
        except SendError as exc:
            if exc.parts_sent and len(work.rows) == 1:   # only a single row's text is long enough to be split
                await self._parts_sent(work, exc.parts_sent)
            raise
        except Exception as exc:  # a channel bug or an unexpected library error: maybe sent, retry later
            log.exception("dispatcher: unexpected error sending to %s", chat_id)
            raise TemporaryFailure(self.d.redact(repr(exc)), outcome_unknown=True) from exc
        finally:
            self.d.pacer.answered(chat_id)  # the slot the lane acquired is free again (counted from now)
        self.stats.messages += 1
        if len(work.rows) > 1:
            self.stats.bundles += 1
        for attempt in range(3):
            try:
                lost = await self._db(partial(self._sent_unit, work, str(message_id)))
                break
            except Exception:
                log.exception("dispatcher: could not record sent rows %s (attempt %d)", work.ids, attempt + 1)
                await asyncio.sleep(0.5 * 2 ** attempt)
        else:
            raise _RecordFailed()
        for row in work.rows:
            self.held.pop(row.id, None)
        self.stats.rows_sent += len(work.rows) - lost
        self.stats.lost_leases += lost
        return str(message_id)

    async def _parts_sent(self, work: _Work, parts_sent: int) -> None:
        """A long text went out in part: the next try, in the lane or after the row went back to the outbox, sends
        only the rest."""
        (row,) = work.rows
        work.payload = {**(work.payload or {}), PARTS_SENT: parts_sent}
        work.rows[0] = dataclasses.replace(row, payload=work.payload)
        try:
            await self._db(partial(self._parts_sent_unit, row.id, parts_sent))
        except Exception:   # the lane still knows; only a later try by another process would repeat the parts
            log.exception("dispatcher: could not record the parts of row %s sent", row.id)

    def _parts_sent_unit(self, row_id: int, parts_sent: int, session: Session) -> None:
        record_parts_sent(session, row_id, worker=self.d.worker_id, parts_sent=parts_sent)

    async def _settle(self, work: _Work, unit: Callable[[Session], bool]) -> None:
        """Record the rows of `work` as failed by `unit`, which says whether it queued a notice to send."""
        told = await self._db(unit)
        for row in work.rows:
            self.held.pop(row.id, None)
        self.stats.failed += len(work.rows)
        self.d._again |= told

    async def _release(self, rows: list[ClaimedDelivery], *, retry_at: dt.datetime | None, error: str | None) -> None:
        if not rows:
            return
        await self._db(partial(self._release_unit, rows, retry_at, error))
        for row in rows:
            self.held.pop(row.id, None)
        self.stats.retried_later += len(rows)

    # ----------------------------------------------------------------- units of work (run in a thread)

    def _turn_unit(self, chat_id: str, spacing: float, burst: int, session: Session) -> float:
        return reserve_send_slot(session, chat_id, now=self.d.wall_clock(), spacing=spacing, burst=burst)

    def _renew_unit(self, ids: list[int], session: Session) -> tuple[set[int], dt.datetime]:
        now = self.d.clock.now()
        return renew_leases(session, ids, worker=self.d.worker_id, now=now, lease=self.d.lease), now

    def _renewed(self, ids: list[int], held: set[int], at: dt.datetime) -> None:
        for row_id in ids:
            if row_id in held:
                self.leased_until[row_id] = at + self.d.lease
            else:
                self.leased_until.pop(row_id, None)

    def _sent_unit(self, work: _Work, message_id: str, session: Session) -> int:
        now = self.d.clock.now()
        lost = 0
        for row in work.rows:
            if not record_sent(session, row.id, worker=self.d.worker_id, now=now, platform_message_id=message_id):
                lost += 1
                log.warning("dispatcher: row %s was sent after our lease ran out; it may go out twice", row.id)
            elif row.kind in actions.KINDS and actions.settled(session, row, result=message_id, error=None, now=now):
                self.d._again = True   # what follows it goes out in this pass
        return lost

    def _release_unit(self, rows: list[ClaimedDelivery], retry_at: dt.datetime | None, error: str | None,
                      session: Session, *, keep: bool = False) -> None:
        for row in rows:
            release_for_retry(session, row.id, worker=self.d.worker_id, retry_at=retry_at, error=error, keep=keep)

    def _blocked_unit(self, work: _Work, error: str, session: Session) -> bool:
        """403: the rows fail; a member who blocked us becomes unreachable and the coordinators hear it once."""
        now = self.d.clock.now()
        told = False
        for row in work.rows:
            record_failed(session, row.id, worker=self.d.worker_id, error=f"recipient blocked: {error}")
            told |= self._action_refused(session, row, f"recipient blocked: {error}")
        coordinators = bound_chat(session, ChatPurpose.coordinators)
        member_ids = {row.member_id for row in work.rows if row.member_id is not None}
        if not member_ids:
            member_ids = set(session.scalars(select(Identity.member_id).where(
                Identity.private_chat_id == work.chat_id)))
        for member_id in sorted(member_ids):
            member = session.get(Member, member_id, with_for_update=True)
            if member is None or not member.reachable:
                continue  # already known: the coordinators were told when it happened
            mark_unreachable(session, member_id)
            if coordinators and coordinators != work.chat_id:
                told |= enqueue_delivery(
                    session, key=f"member:{member_id}:unreachable:{work.rows[0].id}", kind="member_unreachable",
                    chat_id=coordinators, text=texts.member_unreachable(member.full_name), due_at=now,
                    respect_quiet_hours=True)
        if not member_ids and coordinators and coordinators != work.chat_id:
            local_day = now.astimezone(self.d.clock.tz).date().isoformat()
            told |= enqueue_delivery(
                session, key=f"chat:{work.chat_id}:unreachable:{local_day}", kind="chat_unreachable",
                chat_id=coordinators, text=texts.chat_unreachable(_chat_label(session, work.chat_id)), due_at=now,
                respect_quiet_hours=True)
        return told

    def _permanent_unit(self, work: _Work, error: str, session: Session) -> bool:
        told = False
        for row in work.rows:
            record_failed(session, row.id, worker=self.d.worker_id, error=error)
            told |= self._tell_coordinators_failed(session, row, work.chat_id, error)
            told |= self._action_refused(session, row, error)
        return told

    def _action_refused(self, session: Session, row: ClaimedDelivery, error: str) -> bool:
        if row.kind not in actions.KINDS:
            return False
        return actions.settled(session, row, result=None, error=error, now=self.d.clock.now())

    def _tell_coordinators_failed(self, session: Session, row: ClaimedDelivery, chat_id: str | None,
                                  error: str) -> bool:
        """A message that failed for good is announced in the coordinators' chat; one meant for that chat (an
        alert, a report's draft) to each admin privately instead."""
        if row.kind in _NOTICE_KINDS:
            return False  # the notice would fail the same way
        coordinators = bound_chat(session, ChatPurpose.coordinators)
        if coordinators is None:
            return False  # nobody to tell
        where = _chat_label(session, chat_id, row.member_id)
        text = texts.delivery_failed(texts.kind_label(row.kind), where, error[:300])
        now = self.d.clock.now()
        if chat_id != coordinators:
            return enqueue_delivery(session, key=f"delivery:{row.id}:failed", kind="delivery_failed",
                                    chat_id=coordinators, text=text, due_at=now, respect_quiet_hours=True)
        told = False
        for admin in active_admins(session):
            private = push_chat_of(admin)
            if private is None or private == chat_id:
                continue
            told |= enqueue_delivery(session, key=f"delivery:{row.id}:failed:admin:{admin.id}",
                                     kind="delivery_failed", chat_id=private, text=text, due_at=now,
                                     member_id=admin.id)
        return told

    # ----------------------------------------------------------------- cancellation

    async def _let_go(self) -> None:
        """Cancelled: finish what is on the wire (briefly), hand everything else back to the outbox."""
        lanes = list(self.lanes.values())
        for lane in lanes:
            if lane.task is not None:
                lane.task.cancel()
        await asyncio.gather(*(lane.task for lane in lanes if lane.task is not None), return_exceptions=True)
        if self.claiming is not None:
            try:
                claimed, *_ = await self.claiming
                for row in claimed:
                    self.held[row.id] = row
            except Exception:
                pass  # the claim failed: it holds nothing
        in_doubt: set[int] = set()
        if self.sending:
            finished, unfinished = await asyncio.wait(list(self.sending), timeout=self.d.shutdown_grace_seconds)
            for task in finished:
                if not task.cancelled() and task.exception() is not None:
                    log.info("dispatcher: a send failed while stopping: %s", task.exception())
            for task in unfinished:
                # Still on the wire: leave it claimed; if it did go out, its record may yet come, else the lease
                # runs out and it is sent again (at-least-once).
                in_doubt.update(self.sending[task].ids)
        rows = [row for row_id, row in self.held.items() if row_id not in in_doubt]
        if rows:
            try:
                await self.d.database.run(partial(self._release_unit, rows, None, None))
                log.info("dispatcher: stopping; %d unsent rows handed back", len(rows))
            except Exception:
                log.exception("dispatcher: could not hand back %d rows; their leases will run out", len(rows))


# Failures never announced in the coordinators' chat: notices about failures (they would fail alike), and
# actions (what follows them is `scheduler.actions`'s, and a removal's subject is in that chat).
_NOTICE_KINDS = {"member_unreachable", "chat_unreachable", "delivery_failed", *actions.KINDS}


def _hold_chat_unit(chat_id: str, until: float, turns: tuple[float, int], session: Session) -> None:
    spacing, burst = turns
    hold_chat(session, chat_id, until=until, spacing=spacing, burst=burst)


def _follow_move(old: str, new: str, session: Session) -> None:
    follow_chat_migration(session, old, new)
    redirect_chat(session, old, new)


def _chat_label(session: Session, chat_id: str | None, member_id: int | None = None) -> str:
    binding = session.scalar(select(ChatBinding).where(ChatBinding.chat_id == chat_id)) if chat_id else None
    if binding is not None:
        return texts.chat_label_group(binding.purpose is ChatPurpose.group, binding.title)
    member = session.get(Member, member_id) if member_id else None
    if member is None and chat_id:
        member = session.scalar(select(Member).join(Identity).where(Identity.private_chat_id == chat_id))
    if member is not None:
        return texts.CHAT_LABEL_PRIVATE.format(name=member.full_name)
    return chat_id or texts.CHAT_LABEL_NOWHERE


def _bundleable(row: ClaimedDelivery) -> bool:
    payload = row.payload or {}   # a day's bundle (scheduler.planned) already is one
    return (not payload.get("document") and not payload.get("parse_mode") and row.kind != "bundle"
            and row.kind not in actions.KINDS and not payload.get("protect"))


def _bundles(chat_id: str, rows: list[ClaimedDelivery], max_chars: int = MAX_MESSAGE_CHARS) -> list[_Work]:
    """Rows folded into as few messages as the length limit allows, each numbered, buttons labelled by ref."""
    works: list[_Work] = []
    chunk: list[ClaimedDelivery] = []
    size = 0

    def close() -> None:
        if not chunk:
            return
        if len(chunk) == 1:
            works.append(_Work(chat_id, list(chunk), chunk[0].text, chunk[0].payload))
        else:
            parts = [texts.bundle_header(len(chunk))]
            buttons: list[list[dict[str, str]]] = []
            for number, row in enumerate(chunk, start=1):
                parts.append(texts.bundle_part(number, row.text))
                ref = str((row.payload or {}).get("ref") or number)
                for button_row in (row.payload or {}).get("buttons", []):
                    buttons.append([{**button, "text": texts.bundled_button(button["text"], ref)}
                                    for button in button_row])
            works.append(_Work(chat_id, list(chunk), "\n\n".join(parts), {"buttons": buttons} if buttons else None))
        chunk.clear()

    for row in rows:
        length = len(row.text) + 8
        if chunk and size + length > max_chars - 120:
            close()
            size = 0
        chunk.append(row)
        size += length
    close()
    return works
