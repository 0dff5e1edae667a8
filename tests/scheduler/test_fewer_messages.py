"""A scheduler that respects the people it writes to: one message per chat and day, escalation that ends,
nothing on days off, nothing empty, «Đã xong» from the deadline day on — and each push still exactly once."""

import asyncio
import datetime as dt
import textwrap

import pytest
from sqlalchemy import select

from models.actions import milestone_done_data
from models.deliveries import DeliveryStatus
from models.plan import (
    Closure,
    Milestone,
    close_milestone,
    close_plan,
    find_milestone,
    import_plan,
    mark_milestone_done,
    parse_plan,
    set_review_date,
)
from models.visits import Visit
from models.waves import find_wave
from scheduler.config import SchedulerConfig
from scheduler.dispatcher import Dispatcher
from scheduler.pacing import Pacing
from scheduler.tick import run_tick
from tests.scheduler.conftest import (
    COORDINATORS,
    GROUP,
    TZ,
    add_member,
    bind_chats,
    deliveries,
    import_real_plan,
    local,
    parts,
)

PLAN = "01-KH/ĐUK-BQLCKCN"


@pytest.fixture
def ready(database):
    import_real_plan(database)
    bind_chats(database)
    return database


@pytest.fixture
def dispatcher(ready, outbound, clock):
    return Dispatcher(ready, outbound, clock, Pacing.unlimited(), lane_backoff_seconds=0)


async def tick_at(database, dispatcher, clock, config, *moment):
    clock.set(local(*moment).astimezone(dt.UTC))
    return await run_tick(database, dispatcher, clock, config)


async def live(database, dispatcher, clock, config, first: dt.date, last: dt.date):
    """Each day's send time (+1 minute) from `first` to `last`, as the bot would."""
    day = first
    while day <= last:
        await tick_at(database, dispatcher, clock, config, day.year, day.month, day.day, 8, 1)
        day += dt.timedelta(days=1)


def ids(database, *codes):
    with database.session() as session:
        return [find_milestone(session, code).id for code in codes]


def sent_on(outbound, chat):
    return [(text, payload) for to, text, payload in outbound.sent if to == chat]


async def test_items_due_or_overdue_the_same_day_go_as_one_message_per_chat(ready, dispatcher, outbound, clock,
                                                                            config):
    # Friday 31/12/2021: 1.2 and 1.4 end the same day.
    await tick_at(ready, dispatcher, clock, config, 2021, 12, 31, 8, 0)
    (group,) = outbound.texts_to(GROUP)
    assert group.startswith("🗂 Hôm nay có 2 việc của kế hoạch cần lưu ý:")
    assert "1) ⏰ Hôm nay là ngày cuối\nMục 1.2" in group and "2) ⏰ Hôm nay là ngày cuối\nMục 1.4" in group
    ((coordinators, payload),) = sent_on(outbound, COORDINATORS)
    one_two, one_four = ids(ready, "1.2", "1.4")
    assert payload["buttons"] == [[{"text": "✅ Đã xong (1.2)", "data": milestone_done_data(one_two)}],
                                  [{"text": "✅ Đã xong (1.4)", "data": milestone_done_data(one_four)}]]
    assert coordinators.endswith("Việc nào đã xong, đồng chí chọn «Đã xong» kèm mã mục bên dưới để dừng nhắc.")
    # Each push keeps its own row and key, carried by the message's row.
    rows = deliveries(ready)
    carriers = {row.id: row for row in rows if row.kind == "bundle"}
    carried = [row for row in rows if row.status is DeliveryStatus.bundled]
    assert len(carriers) == 2 and {row.bundle_id for row in carried} == set(carriers)
    assert all(row.status is DeliveryStatus.sent for row in carriers.values())
    assert sorted(row.kind for row in carried) == ["milestone_due", "milestone_due", "milestone_reminder",
                                                   "milestone_reminder"]
    await tick_at(ready, dispatcher, clock, config, 2021, 12, 31, 15, 0)   # again: nothing new
    assert len(outbound.sent) == 2 and len(deliveries(ready)) == len(rows)

    # The first working day of 2022 (the 3rd is a holiday): all that is overdue, in one message.
    await tick_at(ready, dispatcher, clock, config, 2022, 1, 4, 8, 0)
    ((overdue, payload),) = sent_on(outbound, COORDINATORS)[1:]
    assert [row[0]["text"] for row in payload["buttons"]] == ["✅ Đã xong (1.2)", "✅ Đã xong (1.4)",
                                                              "✅ Đã xong (1.1)"]
    # 1.1 (due 30/09/2021) had its eight escalations in October: it is in the month's summary now.
    # The January reminder to set the year's targets goes in the same message.
    assert [part.split("\n")[0] for part in parts([overdue])] == [
        "⚠️ Quá hạn 4 ngày, chưa được đánh dấu hoàn thành (lần nhắc thứ 1)",
        "⚠️ Quá hạn 4 ngày, chưa được đánh dấu hoàn thành (lần nhắc thứ 1)",
        "🗓 Vẫn chưa hoàn thành, quá hạn 96 ngày (nhắc hằng tháng)",
        "🎯 Đầu năm 2022: đề nghị các đồng chí điều phối đặt chỉ tiêu năm 2022 (phát triển đảng viên, thành lập tổ "
        "chức cơ sở đảng, thành lập tổ chức đoàn thể…) bằng lệnh /datchitieu."]
    # The group: the windows opening on Saturday the 1st and the monthly nudge, together; the digest apart.
    digest, bundle = outbound.texts_to(GROUP)[1:]
    assert [part.split("\n")[0] for part in parts([bundle])] == [
        "📅 Đã bắt đầu từ thứ Bảy, 01/01/2022", "🔁 Việc thường xuyên tháng 1/2022"]
    assert digest.startswith("📊 Tổng hợp tuần 27/12/2021 – 02/01/2022")


async def test_a_long_day_is_split_into_messages_under_the_length_limit(database, outbound, clock, config):
    items = "\n".join(
        f'  - {{code: "{n}", title: "{"Việc cần làm rất dài " * 12}số {n}", kind: deadline, due_on: 2026-03-31}}'
        for n in range(1, 31))
    with database.session() as session:
        import_plan(session, parse_plan(textwrap.dedent("""
            code: "02-KH"
            title: "Kế hoạch thử"
            starts_on: 2026-01-01
            ends_on: 2026-12-31
            milestones:
            """) + items))
    bind_chats(database)
    dispatcher = Dispatcher(database, outbound, clock, Pacing.unlimited(), lane_backoff_seconds=0)
    await tick_at(database, dispatcher, clock, config, 2026, 3, 31, 8, 0)
    group = outbound.texts_to(GROUP)
    assert len(group) >= 2 and all(len(text) < 4096 for text in group)
    assert len(parts(group)) == 30
    assert all(row.status is DeliveryStatus.bundled for row in deliveries(database, kind="milestone_reminder"))


async def test_escalation_stops_after_its_number_then_a_monthly_summary(ready, dispatcher, outbound, clock):
    config = SchedulerConfig(overdue_daily_for_days=7, overdue_max_escalations=4)
    with ready.session() as session:   # only 1.1 is left to escalate
        for code in ("1.2", "1.4"):
            mark_milestone_done(session, find_milestone(session, code).id, None, clock.now())
    await live(ready, dispatcher, clock, config, dt.date(2021, 10, 1), dt.date(2021, 12, 10))
    escalations = [text for text in parts(outbound.texts_to(COORDINATORS)) if "Mục 1.1" in text]
    heads = [text.split("\n")[0] for text in escalations]
    assert heads == ["⚠️ Quá hạn 1 ngày, chưa được đánh dấu hoàn thành (lần nhắc thứ 1)",   # Fri 1/10
                     "⚠️ Quá hạn 4 ngày, chưa được đánh dấu hoàn thành (lần nhắc thứ 2)",   # Mon 4/10
                     "⚠️ Quá hạn 5 ngày, chưa được đánh dấu hoàn thành (lần nhắc thứ 3)",
                     "⚠️ Quá hạn 6 ngày, chưa được đánh dấu hoàn thành (lần nhắc thứ 4)",
                     "🗓 Vẫn chưa hoàn thành, quá hạn 32 ngày (nhắc hằng tháng)",           # Mon 1/11
                     "🗓 Vẫn chưa hoàn thành, quá hạn 62 ngày (nhắc hằng tháng)"]           # Wed 1/12
    assert "Đây là lần nhắc cuối" in escalations[3]
    without = SchedulerConfig(overdue_max_escalations=4, overdue_monthly_summary=False)
    await live(ready, dispatcher, clock, without, dt.date(2022, 1, 1), dt.date(2022, 1, 10))
    assert not any("Mục 1.1" in text for text in parts(outbound.texts_to(COORDINATORS)[len(escalations):]))


async def test_nothing_is_pushed_about_a_plan_after_its_end(ready, dispatcher, outbound, clock, config):
    await live(ready, dispatcher, clock, config, dt.date(2025, 12, 1), dt.date(2026, 2, 28))
    days = sent_days(ready)
    assert days and max(days) <= dt.date(2025, 12, 31)
    assert dt.date(2025, 12, 1) in days   # the last month's summary of what is still overdue


def sent_days(database):
    """The local days messages went out (a bundle's rows count on their carrier's day)."""
    return sorted({row.sent_at.replace(tzinfo=dt.UTC).astimezone(TZ).date() if row.sent_at.tzinfo is None
                   else row.sent_at.astimezone(TZ).date()
                   for row in deliveries(database) if row.status is DeliveryStatus.sent})


async def test_a_plan_ended_early_or_an_item_cancelled_goes_quiet_from_that_day(ready, dispatcher, outbound, clock,
                                                                               config):
    with ready.session() as session:
        two_two = find_milestone(session, "2.2")
        close_milestone(session, two_two.id, Closure.cancelled, reason="Gộp đợt 2 vào đợt 1", on=dt.date(2022, 3, 1),
                        by=None, today=dt.date(2022, 2, 20))
    await live(ready, dispatcher, clock, config, dt.date(2022, 3, 21), dt.date(2022, 4, 15))
    assert not any("Mục 2.2" in text for _, text, _ in outbound.sent)

    with ready.session() as session:
        close_plan(session, PLAN, Closure.ended, reason="Hợp nhất tỉnh", on=dt.date(2022, 7, 1), by=None,
                   today=dt.date(2022, 6, 20))
    before = len(outbound.sent)
    await live(ready, dispatcher, clock, config, dt.date(2022, 6, 27), dt.date(2022, 6, 30))
    assert len(outbound.sent) > before           # still running until 30/06
    before = len(outbound.sent)
    await live(ready, dispatcher, clock, config, dt.date(2022, 7, 1), dt.date(2022, 8, 5))
    assert outbound.sent[before:] == []          # no escalation, no nudge, no digest, no reminder


async def test_a_deadline_on_a_saturday_is_reminded_on_the_friday_and_escalated_on_the_next_working_day(
        ready, dispatcher, outbound, clock, config):
    # 2.7 ends on Saturday 31/12/2022; Monday 2/1/2023 is the New Year holiday.
    with ready.session() as session:
        for milestone in session.scalars(select(Milestone).where(Milestone.due_on < dt.date(2023, 1, 10),
                                                                 Milestone.code != "2.7")):
            mark_milestone_done(session, milestone.id, None, clock.now())
        set_review_date(session, find_milestone(session, "2.7").id, dt.date(2022, 12, 28), by=None)   # not asked
    await live(ready, dispatcher, clock, config, dt.date(2022, 12, 14), dt.date(2023, 1, 3))
    assert sent_days(ready) == [dt.date(2022, 12, 16), dt.date(2022, 12, 23), dt.date(2022, 12, 30),
                                dt.date(2023, 1, 3)]
    reminders = [t.split("\n")[0] for t in parts(outbound.texts_to(GROUP)) if "Mục 2.7" in t]
    assert reminders == ["⏰ Còn 15 ngày là kết thúc", "⏰ Còn 8 ngày là kết thúc", "⏰ Ngày mai là ngày cuối"]
    coordinators = parts(outbound.texts_to(COORDINATORS))
    assert coordinators[0].startswith("⏰ Hạn thứ Bảy, 31/12/2022 rơi vào ngày nghỉ; hôm nay là ngày làm việc cuối "
                                      "trước hạn\nMục 2.7")
    assert coordinators[1].startswith("⚠️ Quá hạn 3 ngày, chưa được đánh dấu hoàn thành (lần nhắc thứ 1)\nMục 2.7")


async def test_marked_done_on_the_deadline_day_no_escalation_follows(ready, dispatcher, outbound, clock, config):
    await tick_at(ready, dispatcher, clock, config, 2021, 9, 30, 8, 0)
    ((text, payload),) = sent_on(outbound, COORDINATORS)
    assert text.startswith("⏰ Hôm nay là hạn\nMục 1.1") and payload["buttons"][0][0]["text"] == "✅ Đã xong"
    with ready.session() as session:
        mark_milestone_done(session, ids(ready, "1.1")[0], None, clock.now())
    await live(ready, dispatcher, clock, config, dt.date(2021, 10, 1), dt.date(2021, 10, 29))
    assert not any("Mục 1.1" in text for text in parts(outbound.texts_to(COORDINATORS)[1:]))


async def test_an_empty_weekly_digest_is_not_sent_and_a_week_with_work_is(ready, dispatcher, outbound, clock, config):
    from models.registry import create_enterprise, parse_enterprise

    lan = add_member(ready, "Nguyễn Thị Lan", "telegram:201")
    with ready.session() as session:
        company = create_enterprise(session, parse_enterprise({"name": "Công ty Dệt 1", "tax_code": "0600000001"}),
                                    actor="test")
        session.add(Visit(enterprise_id=company.id, reported_by_id=lan, visited_on=dt.date(2021, 9, 24)))
    await tick_at(ready, dispatcher, clock, config, 2021, 9, 27, 8, 0)
    (digest,) = [text for text in outbound.texts_to(GROUP) if text.startswith("📊")]
    assert digest.startswith("📊 Tổng hợp tuần 20/09 – 26/09/2021\n• Làm việc với doanh nghiệp: 1 buổi")

    # April 2022: no wave runs, nobody visited, nothing is open: nothing to say.
    await tick_at(ready, dispatcher, clock, config, 2022, 4, 4, 8, 0)
    assert len([text for text in outbound.texts_to(GROUP) if text.startswith("📊")]) == 1
    skipped = deliveries(ready, key="digest:2022-04-04")[0]
    assert skipped.status is DeliveryStatus.skipped and skipped.last_error == "nothing to report"
    await tick_at(ready, dispatcher, clock, config, 2022, 4, 4, 9, 0)
    assert len(deliveries(ready, kind="weekly_digest")) == 2        # decided once, not every minute


async def test_a_digest_on_a_tet_monday_comes_on_the_first_working_day_after(ready, dispatcher, outbound, clock,
                                                                             config):
    with ready.session() as session:
        wave = find_wave(session, "dot-2")
        wave.ends_on = dt.date(2024, 3, 31)   # a wave running makes the digest worth sending
    await live(ready, dispatcher, clock, config, dt.date(2024, 2, 8), dt.date(2024, 2, 16))
    digests = [row for row in deliveries(ready, kind="weekly_digest")]
    assert [(row.key, row.due_at.astimezone(local(2000, 1, 1).tzinfo).date()) for row in digests] == [
        ("digest:2024-02-12", dt.date(2024, 2, 15))]
    assert outbound.texts_to(GROUP)[-1].startswith("📊 Tổng hợp tuần 05/02 – 11/02/2024")


async def test_two_processes_ticking_at_once_send_each_push_once_in_one_message(ready, outbound, clock, config):
    clock.set(local(2022, 1, 4, 8, 0).astimezone(dt.UTC))
    one = Dispatcher(ready, outbound, clock, Pacing.unlimited(), lane_backoff_seconds=0, worker_id="one")
    two = Dispatcher(ready, outbound, clock, Pacing.unlimited(), lane_backoff_seconds=0, worker_id="two")
    await asyncio.gather(run_tick(ready, one, clock, config), run_tick(ready, two, clock, config))
    await asyncio.gather(run_tick(ready, one, clock, config), run_tick(ready, two, clock, config))
    assert len(outbound.texts_to(COORDINATORS)) == 1 and len(outbound.texts_to(GROUP)) == 2   # with the digest
    rows = deliveries(ready)
    assert len({row.key for row in rows}) == len(rows)
    assert {row.status for row in rows} <= {DeliveryStatus.sent, DeliveryStatus.bundled, DeliveryStatus.skipped}
    assert len(parts(outbound.texts_to(COORDINATORS))) == 4   # three items and the January targets reminder


async def test_a_review_without_a_conference_date_asks_the_coordinators_to_set_it(ready, dispatcher, outbound, clock,
                                                                                  config):
    """2.7 (December 2022): asked when its time begins and a week before, unless a date was set meanwhile."""
    await live(ready, dispatcher, clock, config, dt.date(2022, 11, 28), dt.date(2022, 12, 2))
    asks = [text for text, _ in sent_on(outbound, COORDINATORS) if "Chưa đặt ngày hội nghị sơ kết" in text]
    assert len(asks) == 1 and "Mục 2.7" in asks[0] and "/hoinghi" in asks[0], asks
    assert "trước ngày hội nghị 7 ngày" in asks[0]
    assert not [text for text, _ in sent_on(outbound, GROUP) if "Chưa đặt ngày hội nghị" in text]
    await live(ready, dispatcher, clock, config, dt.date(2022, 12, 3), dt.date(2022, 12, 31))
    asks = [text for text in parts([text for text, _ in sent_on(outbound, COORDINATORS)])
            if "Chưa đặt ngày hội nghị sơ kết" in text]
    # A week before Saturday 31/12 is a Saturday too: the Friday before.
    assert len(asks) == 2 and "Hạn: 31/12/2022 (trong tháng 12/2022), còn 8 ngày." in asks[1], asks

    # 3.2 (December 2023): a date set before its time begins, nothing asked.
    (three_two,) = ids(ready, "3.2")
    with ready.session() as session:
        set_review_date(session, three_two, dt.date(2023, 12, 20), by=None)
    await live(ready, dispatcher, clock, config, dt.date(2023, 11, 28), dt.date(2023, 12, 31))
    assert not [text for text, _ in sent_on(outbound, COORDINATORS) if "Mục 3.2" in text and "Chưa đặt" in text]


async def test_the_plan_closes_with_one_word_to_the_group_and_the_open_items_to_the_coordinators(
        ready, dispatcher, outbound, clock, config):
    # Wednesday 31/12/2025, the plan's last day; nothing after it.
    await live(ready, dispatcher, clock, config, dt.date(2025, 12, 29), dt.date(2026, 1, 9))
    group = [text for text, _ in sent_on(outbound, GROUP) if "🏁" in text]
    coordinators = [text for text, _ in sent_on(outbound, COORDINATORS) if "🏁" in text]
    assert len(group) == 1 and len(coordinators) == 1
    assert "Hôm nay là ngày cuối của Kế hoạch số 01-KH/ĐUK-BQLCKCN (24/09/2021 – 31/12/2025)" in group[0]
    assert "Các mục chưa đánh dấu hoàn thành:" not in group[0]
    assert "Các mục chưa đánh dấu hoàn thành: 1.1, 1.2, 1.4, 2.2, 2.5, 2.7, 3.2, 4.2, 4.3." in coordinators[0]
    assert "/baocao plan" in coordinators[0]
    assert max(sent_days(ready)) == dt.date(2025, 12, 31)


async def test_a_plan_closed_early_says_why_on_its_last_day(ready, dispatcher, outbound, clock, config):
    with ready.session() as session:
        close_plan(session, PLAN, Closure.superseded, reason="Sắp xếp tổ chức bộ máy", on=dt.date(2025, 7, 1), by=None,
                   today=dt.date(2025, 6, 20), replaced_by="02-KH/ĐU")
    await live(ready, dispatcher, clock, config, dt.date(2025, 6, 27), dt.date(2025, 7, 8))
    (closing,) = [text for text, _ in sent_on(outbound, GROUP) if "🏁" in text]
    assert closing.startswith("🏁 Kế hoạch số 01-KH/ĐUK-BQLCKCN đã được thay thế từ 01/07/2025: Sắp xếp tổ chức bộ "
                              "máy (thay bằng 02-KH/ĐU)\nTừ ngày 01/07/2025, bot không còn nhắc"), closing


async def test_a_plan_closed_from_today_is_announced_at_the_next_tick(ready, dispatcher, outbound, clock, config):
    """Closed from the chat in the afternoon, from that very day: its last day was yesterday, the word goes now."""
    await tick_at(ready, dispatcher, clock, config, 2024, 3, 5, 8, 1)
    with ready.session() as session:
        close_plan(session, PLAN, Closure.ended, reason="Hợp nhất tỉnh", on=dt.date(2024, 3, 5), by=None,
                   today=dt.date(2024, 3, 5))
    await tick_at(ready, dispatcher, clock, config, 2024, 3, 5, 15, 0)
    (closing,) = [text for text in parts(outbound.texts_to(GROUP)) if "🏁" in text]
    assert closing == ("🏁 Kế hoạch số 01-KH/ĐUK-BQLCKCN đã kết thúc từ 05/03/2024: Hợp nhất tỉnh\n"
                       "Từ ngày 05/03/2024, bot không còn nhắc việc, tổng hợp tuần theo kế hoạch này.\n"
                       "Cảm ơn các đồng chí đã tham gia thực hiện kế hoạch."), closing
    await live(ready, dispatcher, clock, config, dt.date(2024, 3, 6), dt.date(2024, 3, 20))
    assert len([text for text in parts(outbound.texts_to(GROUP)) if "🏁" in text]) == 1
