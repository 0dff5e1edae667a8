"""Delivery end to end: the dispatcher, `TelegramOutbound` and a real `telegram.Bot` over the Bot API emulator,
with Telegram's flood limits on and faults injected."""

import asyncio
import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select
from telegram import Bot
from telegram.request import HTTPXRequest

from channels.telegram.outbound import TELEGRAM_PACING, TelegramOutbound
from emulator import Emulator, Limits
from models.actions import milestone_done_data
from models.deliveries import DeliveryStatus, enqueue_delivery
from models.people import ChatBinding, ChatPurpose, Identity, Member
from models.plan import find_milestone
from scheduler.dispatcher import Dispatcher
from scheduler.pacing import Pacing
from scheduler.tick import run_tick
from tests.conftest import eventually
from tests.scheduler.conftest import add_member, bind_chats, deliveries, import_real_plan, local


@pytest.fixture
async def emu():
    async with Emulator(limits=Limits(enabled=True)) as emulator:
        yield emulator
        emulator.assert_no_invalid_calls()


@pytest.fixture
async def account(emu):
    return emu.add_bot(username="doan_test_bot")


@pytest.fixture
async def bot(emu, account):
    async with Bot(account.token, base_url=emu.base_url, request=HTTPXRequest(connection_pool_size=32)) as client:
        yield client


def telegram_id(chat) -> str:
    return f"telegram:{chat.id}"


async def members_with_private_chats(emu, account, database, count):
    chats = []
    for n in range(count):
        user = emu.add_user(f"Người {n}")
        await user.send("/start")
        chat = user.private_chat(account)
        add_member(database, f"Người {n}", telegram_id(chat), platform_id=f"telegram:{user.id}")
        chats.append(chat)
    return chats


def enqueue_to(database, clock, chats, *, per_chat=1, prefix="nhắc"):
    with database.session() as session:
        for chat in chats:
            member_id = session.scalar(select(Identity.member_id).where(Identity.private_chat_id == telegram_id(chat)))
            for n in range(per_chat):
                enqueue_delivery(session, key=f"{prefix}:{chat.id}:{n}", kind="wave_nudge", chat_id=telegram_id(chat),
                                 text=f"Lời nhắc {n}", due_at=clock.now(), member_id=member_id)


def counts(emu, chats):
    return Counter(len(emu.bot_messages(chat)) for chat in chats)


def dispatcher_for(database, bot, clock, pacing=TELEGRAM_PACING, **options):
    options.setdefault("lane_backoff_seconds", 0.05)
    return Dispatcher(database, TelegramOutbound(bot), clock, pacing, **options)


async def test_the_tick_reaches_the_groups_grouped_with_a_done_button(database, emu, account, bot, clock, config):
    lan = emu.add_user("Lan")
    group = emu.add_supergroup("Đoàn công tác", members=[lan], bots=[account])
    coordinators = emu.add_supergroup("Điều phối", members=[lan], bots=[account])
    import_real_plan(database)
    bind_chats(database, group=telegram_id(group), coordinators=telegram_id(coordinators))
    clock.set(local(2021, 10, 1, 9, 0).astimezone(dt.UTC))  # the bot was down since 28/9

    await run_tick(database, dispatcher_for(database, bot, clock), clock, config)

    (grouped,) = emu.bot_messages(group)
    assert grouped.text.startswith("🗂 Hôm nay có 2 việc của kế hoạch cần lưu ý:")
    (escalation,) = emu.bot_messages(coordinators)
    with database.session() as session:
        done = milestone_done_data(find_milestone(session, "1.1").id)
    assert escalation.text.startswith("⚠️ Quá hạn 1 ngày") and [[b.data for b in row] for row in escalation.buttons] \
        == [[done]]
    await run_tick(database, dispatcher_for(database, bot, clock), clock, config)
    assert len(emu.bot_messages(group)) == 1 and len(emu.bot_messages(coordinators)) == 1


async def test_two_senders_concurrently_deliver_each_once(database, emu, account, bot, clock):
    chats = await members_with_private_chats(emu, account, database, 60)
    enqueue_to(database, clock, chats)
    one = dispatcher_for(database, bot, clock, worker_id="one", batch_size=20)
    two = dispatcher_for(database, bot, clock, worker_id="two", batch_size=20)
    first, second = await asyncio.gather(one.dispatch_due(), two.dispatch_due())
    assert first.rows_sent > 0 and second.rows_sent > 0
    assert counts(emu, chats) == {1: 60}
    assert Counter(d.status for d in deliveries(database)) == {DeliveryStatus.sent: 60}


async def test_a_sender_killed_mid_run_and_restarted_loses_nothing(database, emu, account, bot, clock):
    chats = await members_with_private_chats(emu, account, database, 60)
    enqueue_to(database, clock, chats)
    paced = Pacing(overall_per_second=20)
    task = asyncio.create_task(dispatcher_for(database, bot, clock, paced).dispatch_due())
    await eventually(lambda: sum(len(emu.bot_messages(chat)) for chat in chats) >= 15,
                     "fifteen messages delivered before the cancel", interval=0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    delivered = sum(len(emu.bot_messages(chat)) for chat in chats)
    assert 15 <= delivered < 60
    await dispatcher_for(database, bot, clock).dispatch_due()
    assert counts(emu, chats) == {1: 60}


async def test_429s_are_honoured(database, emu, account, bot, clock):
    (chat,) = await members_with_private_chats(emu, account, database, 1)
    enqueue_to(database, clock, [chat], per_chat=5)
    stats = await dispatcher_for(database, bot, clock, Pacing.unlimited()).dispatch_due()
    assert stats.rate_limited >= 1 and emu.limits.rejected == stats.rate_limited
    assert [m.text for m in emu.bot_messages(chat)] == [f"Lời nhắc {n}" for n in range(5)]


async def test_server_errors_are_retried_until_delivered(database, emu, account, bot, clock):
    chats = await members_with_private_chats(emu, account, database, 20)
    enqueue_to(database, clock, chats)
    emu.faults.set(0.3, "5xx", methods={"sendMessage"}, seed=7)
    stats = await dispatcher_for(database, bot, clock).dispatch_due()
    assert emu.faults.injected["5xx"] > 0 and stats.temporary_failures == emu.faults.injected["5xx"]
    assert counts(emu, chats) == {1: 20}


async def test_an_answer_lost_after_sending_means_at_least_once(database, emu, account, bot, clock):
    # The documented choice: a send whose outcome is unknown is sent again, so no reminder is lost; the
    # price is one duplicate per lost answer, and only then.
    chats = await members_with_private_chats(emu, account, database, 20)
    enqueue_to(database, clock, chats)
    emu.faults.set(0.2, "5xx", methods={"sendMessage"}, seed=3, after_processing=True)
    await dispatcher_for(database, bot, clock).dispatch_due()
    received = [len(emu.bot_messages(chat)) for chat in chats]
    assert min(received) >= 1
    assert sum(received) - len(chats) == emu.faults.injected["5xx"] > 0


async def test_a_member_who_blocked_the_bot_is_marked_and_reported_once(database, emu, account, bot, clock):
    boss = emu.add_user("Điều phối")
    coordinators = emu.add_supergroup("Điều phối", members=[boss], bots=[account])
    bind_chats(database, group=None, coordinators=telegram_id(coordinators))
    blocker, other = await members_with_private_chats(emu, account, database, 2)
    blocker.user.block(account)
    enqueue_to(database, clock, [blocker, other], per_chat=2)
    await dispatcher_for(database, bot, clock).dispatch_due()
    with database.session() as session:
        reachable = dict(session.execute(select(Member.full_name, Member.reachable)).all())
    assert reachable == {"Người 0": False, "Người 1": True}
    assert len(emu.bot_messages(other)) == 2
    (notice,) = emu.bot_messages(coordinators)
    assert notice.text.startswith("🚫 Không nhắn riêng được cho Người 0")


async def test_a_group_that_became_a_supergroup_is_followed(database, emu, account, bot, clock):
    lan = emu.add_user("Lan")
    old = emu.add_group("Đoàn công tác", members=[lan], bots=[account])
    bind_chats(database, group=telegram_id(old), coordinators=None)
    new = emu.migrate_to_supergroup(old)
    with database.session() as session:
        enqueue_delivery(session, key="digest:1", kind="weekly_digest", chat_id=telegram_id(old), text="📊 Tổng hợp",
                         due_at=clock.now())
    await dispatcher_for(database, bot, clock).dispatch_due()
    assert [m.text for m in emu.bot_messages(new)] == ["📊 Tổng hợp"]
    # The emulator files "group chat was upgraded" (400) under invalid calls; it is the world changing, not a
    # malformed call. Expected here, once; anything else still fails the test.
    assert [c.description for c in emu.invalid_calls] == ["Bad Request: group chat was upgraded to a supergroup chat"]
    emu.clear_invalid_calls()
    with database.session() as session:
        assert session.scalar(select(ChatBinding.chat_id).where(ChatBinding.purpose == ChatPurpose.group)) \
            == telegram_id(new)


async def test_quiet_hours_over_telegram(database, emu, account, bot, clock):
    (chat,) = await members_with_private_chats(emu, account, database, 1)
    clock.set(local(2021, 10, 1, 21, 30).astimezone(dt.UTC))
    with database.session() as session:
        enqueue_delivery(session, key="reminder", kind="wave_nudge", chat_id=telegram_id(chat), text="Nhắc việc",
                         due_at=clock.now(), respect_quiet_hours=True)
    await dispatcher_for(database, bot, clock).dispatch_due()
    assert emu.bot_messages(chat) == []
    clock.set(local(2021, 10, 2, 7, 0).astimezone(dt.UTC))
    await dispatcher_for(database, bot, clock).dispatch_due()
    assert [m.text for m in emu.bot_messages(chat)] == ["Nhắc việc"]
