"""Leases under a live lane (the audit's M6, turned around): a row that waits in a lane past its lease is never
sent twice, a live sender keeps its leases, and pacing holds across senders that share the database."""

import asyncio
import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select

from models.deliveries import ChatPace, DeliveryStatus, claim_deliveries, hold_chat, renew_leases, reserve_send_slot
from scheduler.outbound import RetryLater
from scheduler.pacing import Pacing
from tests.conftest import eventually
from tests.scheduler.conftest import deliveries
from tests.scheduler.test_dispatcher import enqueue, make_dispatcher

GROUP_CHAT = "telegram:-1009"


async def test_a_row_kept_in_a_lane_past_its_lease_goes_out_once(database, outbound, clock):
    enqueue(database, clock, 3, [GROUP_CHAT])
    outbound.fail(GROUP_CHAT, RetryLater(1.0))          # ≤ max_lane_wait_seconds (60): the lane waits it out
    first = make_dispatcher(database, outbound, clock, worker_id="A")
    second = make_dispatcher(database, outbound, clock, worker_id="B")
    running = asyncio.create_task(first.dispatch_due())
    await eventually(lambda: outbound.calls[GROUP_CHAT] >= 1, "the lane's first try", interval=0.01)
    clock.advance(dt.timedelta(minutes=5, seconds=1))   # A's lease (5 min) runs out while its lane still waits
    taken = await second.dispatch_due()
    done = await running
    copies = Counter(text for chat, text, _ in outbound.sent if chat == GROUP_CHAT)
    print("B sent", taken.rows_sent, "rows; A sent", done.messages, "messages, taken over:", done.taken_over)
    assert copies == {"Thông báo 0": 1, "Thông báo 1": 1, "Thông báo 2": 1}
    assert taken.rows_sent == 3 and done.messages == 0 and done.taken_over == 3 and done.lost_leases == 0
    assert {row.status for row in deliveries(database)} == {DeliveryStatus.sent}


async def test_a_waiting_lane_renews_its_leases(database, outbound, clock):
    """Before each send the lease is renewed, so a second sender finds nothing to take over."""
    enqueue(database, clock, 2, [GROUP_CHAT])
    outbound.fail(GROUP_CHAT, RetryLater(0.3))
    first = make_dispatcher(database, outbound, clock, worker_id="A")
    running = asyncio.create_task(first.dispatch_due())
    await eventually(lambda: outbound.calls[GROUP_CHAT] >= 1, "the lane's first try", interval=0.01)
    clock.advance(dt.timedelta(minutes=4))
    # the lane's next try renewed the leases (now + 5 min)
    await eventually(lambda: outbound.calls[GROUP_CHAT] >= 2, "the lane's second try", interval=0.01)
    await running
    assert [row.status for row in deliveries(database)] == [DeliveryStatus.sent, DeliveryStatus.sent]


def test_renewing_keeps_only_what_the_sender_still_holds(database, clock):
    enqueue(database, clock, 3, ["telegram:1"])
    lease = dt.timedelta(minutes=5)
    with database.session() as session:
        mine = [row.id for row in claim_deliveries(session, worker="A", now=clock.now(), lease=lease, limit=3,
                                                   per_chat_limit=3)]
    later = clock.now() + dt.timedelta(minutes=6)
    with database.session() as session:
        # A's leases ran out; B takes one row over, the other two nobody took: still A's.
        taken = claim_deliveries(session, worker="B", now=later, lease=lease, limit=1, per_chat_limit=1)
        assert [row.id for row in taken] == mine[:1]
        assert renew_leases(session, mine, worker="A", now=later, lease=lease) == set(mine[1:])
    assert [row.lease_until for row in deliveries(database)][1:] == [later + lease] * 2


WALL = 1_000_000.0   # a frozen wall clock: each turn taken shows in the shared table, whatever real time does
PRIVATE_CHAT = "telegram:9"
SPACED = Pacing(overall_per_second=1000, per_chat_interval=0.1, margin=0)


def next_turn(database, chat_id=PRIVATE_CHAT):
    with database.session() as session:
        return session.scalar(select(ChatPace.next_send_at).where(ChatPace.chat_id == chat_id))


async def test_two_senders_take_turns_into_one_chat(database, outbound, clock):
    """Two senders (as two processes), each with its own in-memory pacer: every send takes the chat's next turn
    in the database, so together they pace the chat as one sender would."""
    enqueue(database, clock, 6, [PRIVATE_CHAT])
    # Slow sends keep A's first three in flight long enough for B's claim, even on a loaded machine (without
    # them A could finish its batch and claim the rest before B's claim reached PostgreSQL).
    outbound.delay = 0.25
    senders = [make_dispatcher(database, outbound, clock, worker_id=name, pacing=SPACED, per_chat_batch=3,
                               wall_clock=lambda: WALL, shared_pacing=True) for name in ("A", "B")]
    first = asyncio.create_task(senders[0].dispatch_due())
    while outbound.calls[PRIVATE_CHAT] < 1:            # A holds its per-chat claim, B takes the rest
        await asyncio.sleep(0.005)
    results = [await senders[1].dispatch_due(), await first]
    assert sum(result.rows_sent for result in results) == 6 and all(result.rows_sent for result in results)
    assert next_turn(database) == pytest.approx(WALL + 6 * 0.1)   # six turns, one after another, across both
    assert len(outbound.texts_to(PRIVATE_CHAT)) == 6


async def test_a_429_holds_the_chat_for_every_sender(database, outbound, clock):
    enqueue(database, clock, 1, [PRIVATE_CHAT])
    outbound.fail(PRIVATE_CHAT, RetryLater(0.3))
    await make_dispatcher(database, outbound, clock, pacing=SPACED, wall_clock=lambda: WALL,
                          shared_pacing=True).dispatch_due()
    # The 429 pushed the chat's turn to WALL + 0.3 for everyone; the retry took the turn after it.
    assert next_turn(database) == pytest.approx(WALL + 0.3 + 0.1)
    with database.session() as session:   # another sender now waits for the turn after that
        assert reserve_send_slot(session, PRIVATE_CHAT, now=WALL, spacing=0.1) == pytest.approx(0.3 + 0.1)


def test_turns_are_handed_out_in_order_and_a_hold_pushes_them_back(database):
    with database.session() as session:
        assert [reserve_send_slot(session, "telegram:5", now=WALL, spacing=1.0) for _ in range(3)] == [0, 1, 2]
        assert reserve_send_slot(session, "telegram:6", now=WALL, spacing=1.0) == 0     # another chat: its own
        assert reserve_send_slot(session, "telegram:5", now=WALL + 10, spacing=1.0) == 0  # long idle: no wait
        hold_chat(session, "telegram:5", until=WALL + 60)
        assert reserve_send_slot(session, "telegram:5", now=WALL + 20, spacing=1.0) == 40
        hold_chat(session, "telegram:5", until=WALL + 30)                                  # never pulls it forward
        assert reserve_send_slot(session, "telegram:5", now=WALL + 20, spacing=1.0) == 41


def test_a_group_takes_a_burst_then_one_turn_every_three_seconds(database):
    spacing, burst = Pacing().turns(GROUP_CHAT)
    assert (spacing, burst) == (3.0, 20)                  # Telegram: 20 a minute into a group
    with database.session() as session:
        waits = [reserve_send_slot(session, GROUP_CHAT, now=WALL, spacing=spacing, burst=burst) for _ in range(22)]
        assert waits == [0.0] * 20 + [3.0, 6.0]
        hold_chat(session, GROUP_CHAT, until=WALL + 50, spacing=spacing, burst=burst)
        assert reserve_send_slot(session, GROUP_CHAT, now=WALL, spacing=spacing, burst=burst) == 50


def test_a_chat_is_claimed_no_faster_than_it_can_be_sent_within_the_lease(database, outbound, clock):
    slow = Pacing(group_per_minute=20)
    dispatcher = make_dispatcher(database, outbound, clock, pacing=slow, lease=dt.timedelta(minutes=1))
    assert dispatcher.per_chat_batch == 10        # 20 a minute into a group, within half a minute's lease
    assert make_dispatcher(database, outbound, clock, pacing=slow).per_chat_batch == 20   # 5 min: as asked


def test_turns_are_shared_in_the_database_only_where_processes_can_share_it(database, outbound, clock):
    """PostgreSQL: any number of processes; SQLite: one (DESIGN.md), whose own pacer is enough."""
    assert make_dispatcher(database, outbound, clock).shared_pacing is (database.dialect == "postgresql")
