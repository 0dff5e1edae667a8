"""The sender over a scripted channel: exactly once, and each failure handled as documented."""

import asyncio
import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select

from models.deliveries import DeliveryStatus, claim_deliveries, enqueue_delivery
from models.people import ChatBinding, ChatPurpose, Member
from scheduler.dispatcher import Dispatcher
from scheduler.outbound import ChatMoved, PermanentFailure, RecipientBlocked, RetryLater, TemporaryFailure
from scheduler.pacing import Pacing
from tests.conftest import eventually
from tests.scheduler.conftest import COORDINATORS, GROUP, add_member, bind_chats, deliveries, local


def make_dispatcher(database, outbound, clock, **options):
    options.setdefault("lane_backoff_seconds", 0)
    return Dispatcher(database, outbound, clock, options.pop("pacing", Pacing.unlimited()), **options)


def enqueue(database, clock, count, chats, *, kind="alert", member_ids=None, **extra):
    with database.session() as session:
        for n in range(count):
            chat = chats[n % len(chats)]
            enqueue_delivery(session, key=f"{kind}:{n}", kind=kind, chat_id=chat, text=f"Thông báo {n}",
                             due_at=clock.now(), member_id=(member_ids or {}).get(chat), **extra)


def statuses(database):
    return Counter(d.status for d in deliveries(database))


async def test_every_row_goes_out_once_in_order_per_chat(database, outbound, clock):
    chats = [f"telegram:{n}" for n in range(1, 11)]
    enqueue(database, clock, 50, chats)
    stats = await make_dispatcher(database, outbound, clock).dispatch_due()
    assert stats.rows_sent == 50 and len(outbound.sent) == 50
    assert Counter(text for _, text, _ in outbound.sent) == Counter(f"Thông báo {n}" for n in range(50))
    assert outbound.texts_to("telegram:1") == [f"Thông báo {n}" for n in range(0, 50, 10)]
    assert statuses(database) == {DeliveryStatus.sent: 50}
    assert (await make_dispatcher(database, outbound, clock).dispatch_due()).messages == 0


async def test_a_429_holds_only_that_chat(database, outbound, clock):
    enqueue(database, clock, 4, ["telegram:1", "telegram:2"])
    outbound.fail("telegram:1", RetryLater(0.05))
    stats = await make_dispatcher(database, outbound, clock).dispatch_due()
    assert stats.rate_limited == 1 and stats.rows_sent == 4
    order = [chat for chat, _, _ in outbound.sent]
    assert order[:2] == ["telegram:2", "telegram:2"]  # the other chat did not wait
    assert outbound.texts_to("telegram:1") == ["Thông báo 0", "Thông báo 2"]


async def test_a_long_429_sends_the_row_back_for_later(database, outbound, clock):
    enqueue(database, clock, 1, ["telegram:1"])
    outbound.fail("telegram:1", RetryLater(600))
    await make_dispatcher(database, outbound, clock).dispatch_due()
    (row,) = deliveries(database)
    assert row.status is DeliveryStatus.pending and row.next_attempt_at == clock.now() + dt.timedelta(seconds=600)
    clock.advance(dt.timedelta(seconds=601))
    await make_dispatcher(database, outbound, clock).dispatch_due()
    assert outbound.texts_to("telegram:1") == ["Thông báo 0"]


async def test_server_errors_are_retried_with_backoff(database, outbound, clock):
    enqueue(database, clock, 2, ["telegram:1", "telegram:2"])
    outbound.fail("telegram:1", TemporaryFailure("502"), TemporaryFailure("timed out", outcome_unknown=True))
    outbound.always["telegram:2"] = TemporaryFailure("502")
    dispatcher = make_dispatcher(database, outbound, clock)
    stats = await dispatcher.dispatch_due()
    assert outbound.texts_to("telegram:1") == ["Thông báo 0"]
    waiting = deliveries(database, chat_id="telegram:2")[0]
    assert waiting.status is DeliveryStatus.pending and waiting.next_attempt_at > clock.now()
    assert stats.temporary_failures == 2 + 4  # two before success; the lane's first try and three retries
    del outbound.always["telegram:2"]
    clock.advance(dt.timedelta(minutes=2))
    await dispatcher.dispatch_due()
    assert outbound.texts_to("telegram:2") == ["Thông báo 1"] and deliveries(database)[1].attempts == 2


async def test_repeated_failures_end_in_failed_and_tell_the_coordinators(database, outbound, clock):
    bind_chats(database)
    enqueue(database, clock, 1, ["telegram:7"], kind="wave_nudge")
    outbound.always["telegram:7"] = TemporaryFailure("502")
    dispatcher = make_dispatcher(database, outbound, clock, max_attempts=2)
    for _ in range(3):
        await dispatcher.dispatch_due()
        clock.advance(dt.timedelta(hours=2))
    assert deliveries(database, chat_id="telegram:7")[0].status is DeliveryStatus.failed
    assert outbound.texts_to(COORDINATORS) == [
        "⚠️ Không gửi được một thông báo (nhắc việc cá nhân) tới telegram:7: gave up after repeated failures"]


async def test_a_blocked_member_becomes_unreachable_and_coordinators_hear_once(database, outbound, clock):
    bind_chats(database)
    lan = add_member(database, "Nguyễn Thị Lan", "telegram:201")
    enqueue(database, clock, 3, ["telegram:201"], member_ids={"telegram:201": lan})
    outbound.always["telegram:201"] = RecipientBlocked("Forbidden: bot was blocked by the user")
    await make_dispatcher(database, outbound, clock).dispatch_due()
    assert outbound.calls["telegram:201"] == 1  # the rest of the lane failed without asking again
    assert statuses(database)[DeliveryStatus.failed] == 3
    with database.session() as session:
        assert session.get(Member, lan).reachable is False
    assert outbound.texts_to(COORDINATORS) == [
        "🚫 Không nhắn riêng được cho Nguyễn Thị Lan: người này đã chặn bot. Bot sẽ không nhắn riêng nữa cho đến "
        "khi họ nhắn lại cho bot; xin liên hệ trực tiếp."]
    with database.session() as session:
        enqueue_delivery(session, key="later", kind="alert", chat_id="telegram:201", text="Sau", due_at=clock.now(),
                         member_id=lan)
    await make_dispatcher(database, outbound, clock).dispatch_due()
    assert deliveries(database, key="later")[0].status is DeliveryStatus.skipped
    assert outbound.calls["telegram:201"] == 1 and len(outbound.texts_to(COORDINATORS)) == 1


async def test_a_group_that_removed_the_bot_is_reported(database, outbound, clock):
    bind_chats(database)
    enqueue(database, clock, 1, [GROUP])
    outbound.always[GROUP] = RecipientBlocked("Forbidden: bot was kicked from the group chat")
    await make_dispatcher(database, outbound, clock).dispatch_due()
    assert outbound.texts_to(COORDINATORS)[0].startswith("🚫 Bot không gửi được vào nhóm Đoàn công tác «group»")


async def test_a_migrated_group_is_followed(database, outbound, clock):
    bind_chats(database, group="telegram:-5")
    enqueue(database, clock, 3, ["telegram:-5"])
    outbound.always["telegram:-5"] = ChatMoved("telegram:-1005")
    await make_dispatcher(database, outbound, clock).dispatch_due()
    assert outbound.texts_to("telegram:-1005") == ["Thông báo 0", "Thông báo 1", "Thông báo 2"]
    assert outbound.calls["telegram:-5"] == 1
    with database.session() as session:
        assert session.scalar(select(ChatBinding.chat_id).where(ChatBinding.purpose == ChatPurpose.group)) \
            == "telegram:-1005"
    assert {d.chat_id for d in deliveries(database)} == {"telegram:-1005"}


async def test_a_refused_message_fails_and_is_reported(database, outbound, clock):
    bind_chats(database)
    enqueue(database, clock, 1, [GROUP], kind="weekly_digest")
    outbound.fail(GROUP, PermanentFailure("Bad Request: message is too long"))
    await make_dispatcher(database, outbound, clock).dispatch_due()
    assert deliveries(database, chat_id=GROUP)[0].status is DeliveryStatus.failed
    assert outbound.texts_to(COORDINATORS) == [
        "⚠️ Không gửi được một thông báo (tổng hợp tuần) tới nhóm Đoàn công tác «group»: "
        "Bad Request: message is too long"]


async def test_a_crashed_senders_claims_are_taken_over_after_the_lease(database, outbound, clock):
    enqueue(database, clock, 3, ["telegram:1"])
    with database.session() as session:
        claim_deliveries(session, worker="crashed", now=clock.now(), lease=dt.timedelta(minutes=5), limit=10,
                         per_chat_limit=10)
    await make_dispatcher(database, outbound, clock).dispatch_due()
    assert outbound.sent == []
    clock.advance(dt.timedelta(minutes=5, seconds=1))
    await make_dispatcher(database, outbound, clock).dispatch_due()
    assert outbound.texts_to("telegram:1") == ["Thông báo 0", "Thông báo 1", "Thông báo 2"]


async def test_cancelling_mid_run_loses_nothing_and_sends_nothing_twice(database, outbound, clock):
    chats = [f"telegram:{n}" for n in range(1, 6)]
    enqueue(database, clock, 40, chats)
    outbound.delay = 0.01
    slow = Pacing(overall_per_second=1000, per_chat_interval=0.02, margin=0)
    first = make_dispatcher(database, outbound, clock, pacing=slow)
    task = asyncio.create_task(first.dispatch_due())
    await eventually(lambda: len(outbound.sent) >= 8, "eight messages sent before the cancel")
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert 8 <= len(outbound.sent) < 40
    # Handed back at once: a new sender does not wait for the lease.
    assert statuses(database)[DeliveryStatus.claimed] == 0
    await make_dispatcher(database, outbound, clock).dispatch_due()
    assert sorted(text for _, text, _ in outbound.sent) == sorted(f"Thông báo {n}" for n in range(40))


async def test_two_senders_on_one_database_never_send_a_row_twice(database, outbound, clock):
    chats = [f"telegram:{n}" for n in range(1, 41)]
    enqueue(database, clock, 400, chats)
    outbound.delay = 0.001
    one = make_dispatcher(database, outbound, clock, batch_size=40, worker_id="one")
    two = make_dispatcher(database, outbound, clock, batch_size=40, worker_id="two")
    first, second = await asyncio.gather(one.dispatch_due(), two.dispatch_due())
    assert first.rows_sent + second.rows_sent == 400
    assert first.rows_sent > 0 and second.rows_sent > 0
    assert Counter(text for _, text, _ in outbound.sent) == Counter(f"Thông báo {n}" for n in range(400))


async def test_stale_rows_for_one_chat_are_bundled_with_labelled_buttons(database, outbound, clock):
    with database.session() as session:
        for n, ref in enumerate(("1.1", "1.4")):
            enqueue_delivery(session, key=f"overdue:{n}", kind="milestone_overdue", chat_id=COORDINATORS,
                             text=f"⚠️ Quá hạn mục {ref}", due_at=clock.now() - dt.timedelta(hours=2),
                             payload={"buttons": [[{"text": "✅ Đã xong", "data": f"ms:done:{n}"}]], "ref": ref})
        enqueue_delivery(session, key="report", kind="report", chat_id=COORDINATORS, text="Báo cáo",
                         due_at=clock.now() - dt.timedelta(hours=2), payload={"document": "/tmp/report.xlsx"})
    stats = await make_dispatcher(database, outbound, clock).dispatch_due()
    assert stats.messages == 2 and stats.bundles == 1 and stats.rows_sent == 3
    (chat, text, payload), (_, report, document) = outbound.sent
    assert text == ("🗂 2 thông báo đến hạn trong lúc bot tạm ngừng hoặc ngoài giờ gửi:\n\n"
                    "1) ⚠️ Quá hạn mục 1.1\n\n2) ⚠️ Quá hạn mục 1.4")
    assert payload == {"buttons": [[{"text": "✅ Đã xong (1.1)", "data": "ms:done:0"}],
                                   [{"text": "✅ Đã xong (1.4)", "data": "ms:done:1"}]]}
    assert report == "Báo cáo" and document == {"document": "/tmp/report.xlsx"}


async def test_kick_sends_an_alert_without_waiting_for_the_tick(database, outbound, clock):
    dispatcher = make_dispatcher(database, outbound, clock)
    enqueue(database, clock, 1, [COORDINATORS])
    dispatcher.kick()
    for _ in range(200):
        if outbound.sent:
            break
        await asyncio.sleep(0.01)
    assert outbound.texts_to(COORDINATORS) == ["Thông báo 0"]
    await dispatcher.aclose()


async def test_rows_wait_out_quiet_hours_unless_they_are_alerts(database, outbound, clock):
    clock.set(local(2021, 10, 1, 23, 0).astimezone(dt.UTC))
    enqueue(database, clock, 1, ["telegram:1"], kind="reminder", respect_quiet_hours=True)
    enqueue(database, clock, 1, ["telegram:2"], kind="alert")
    await make_dispatcher(database, outbound, clock).dispatch_due()
    assert [chat for chat, _, _ in outbound.sent] == ["telegram:2"]
    clock.set(local(2021, 10, 2, 7, 0).astimezone(dt.UTC))
    await make_dispatcher(database, outbound, clock).dispatch_due()
    assert [chat for chat, _, _ in outbound.sent] == ["telegram:2", "telegram:1"]


async def test_a_batch_of_unsendable_rows_does_not_end_the_pass(database, outbound, clock):
    gone = add_member(database, "Đã chặn bot", "telegram:301")
    with database.session() as session:
        session.get(Member, gone).reachable = False
    enqueue(database, clock, 25, ["telegram:301"], member_ids={"telegram:301": gone})
    enqueue(database, clock, 1, ["telegram:302"], kind="later")
    stats = await make_dispatcher(database, outbound, clock, batch_size=10).dispatch_due()
    assert stats.skipped == 25 and outbound.texts_to("telegram:302") == ["Thông báo 0"]


async def test_error_texts_are_stored_and_quoted_without_the_bots_token(database, outbound, clock):
    """An exception the channel did not translate (a library's, quoting the URL with the token in it) and a
    refusal's text both reach `last_error` and the coordinators' notice only through the redaction wired in."""
    from bot.app import error_redactor
    from bot.settings import load_settings

    token = "123456:SECRET-TOKEN-VALUE"
    bind_chats(database)
    enqueue(database, clock, 2, ["telegram:1", "telegram:2"])
    url = f"http://127.0.0.1:18099/bot{token}/sendMessage"
    outbound.always["telegram:1"] = RuntimeError(f"TooManyRedirects: 0, message='', url='{url}'")
    outbound.fail("telegram:2", PermanentFailure(f"Bad Request: chat not found ({url})"))
    redact = error_redactor(load_settings(_env_file=None, telegram_bot_token=token))
    await make_dispatcher(database, outbound, clock, redact=redact).dispatch_due()
    retried, refused = deliveries(database, chat_id="telegram:1")[0], deliveries(database, chat_id="telegram:2")[0]
    assert retried.status is DeliveryStatus.pending and refused.status is DeliveryStatus.failed
    assert "TooManyRedirects" in retried.last_error and "/bot<token>/sendMessage" in retried.last_error
    assert "chat not found" in refused.last_error
    (notice,) = outbound.texts_to(COORDINATORS)
    for text in (retried.last_error, refused.last_error, notice):
        assert "SECRET-TOKEN-VALUE" not in text and "123456:" not in text


async def test_actions_are_recorded_never_bundled_and_a_refused_removal_asks_the_admins(database, outbound, clock):
    """Deleting a message and removing someone from a chat go through the outbox like a push, one by one; what
    came of each stays in its row. A platform that cannot do them refuses them (Zalo); a refused removal asks
    the admins privately, never the coordinators' chat (the person is in it)."""
    from models.deliveries import enqueue_deletion, enqueue_removal
    from models.people import Role
    from texts import members as tm

    bind_chats(database, coordinators="zalo:coordinators")
    add_member(database, "Quản trị", "telegram:900", role=Role.admin)
    gone = add_member(database, "Người đi", "zalo:gone", role=Role.coordinator, platform_id="zalo:gone")
    due = clock.now() - dt.timedelta(hours=2)   # fell due long ago: plain pushes would be bundled
    with database.session() as session:
        for n in range(3):
            enqueue_deletion(session, key=f"delete:{n}", chat_id="telegram:5", message_id=str(40 + n), now=due)
        enqueue_removal(session, chat_id="zalo:coordinators", platform_user_id="zalo:gone", member_id=gone, now=due)
    outbound.fail("zalo:coordinators", PermanentFailure("Zalo cannot remove a member or delete a sent message"))
    await make_dispatcher(database, outbound, clock).dispatch_due()
    assert [payload for chat, _, payload in outbound.sent if chat == "telegram:5"] == [
        {"delete_message": "40"}, {"delete_message": "41"}, {"delete_message": "42"}]   # one by one
    removal = deliveries(database, kind="remove_member")[0]
    assert removal.status is DeliveryStatus.failed and "Zalo cannot" in removal.last_error
    assert outbound.texts_to("telegram:900") == [tm.REMOVE_FROM_COORDINATORS.format(name="Người đi",
                                                                                   why=tm.WHY_PLATFORM)]
    assert deliveries(database, kind="delivery_failed") == []
