"""The tick over the real plan file, on a manual clock: who hears what, when, and only once."""

import datetime as dt

import pytest
from sqlalchemy import select

from models.actions import difficulty_step_data, milestone_done_data, my_wave_list_data
from models.deadlines import coming_deadlines
from models.deliveries import DeliveryStatus, enqueue_delivery
from models.difficulties import Difficulty, DifficultyStatus
from models.nominees import Nominee, Stage
from models.organisations import Transfer
from models.people import Member
from models.plan import find_milestone, mark_milestone_done
from models.registry import create_enterprise, parse_enterprise
from models.visits import Visit
from models.waves import assign, find_wave
from scheduler.dispatcher import Dispatcher
from scheduler.pacing import Pacing
from scheduler.tick import run_tick
from tests.scheduler.conftest import (
    COORDINATORS,
    GROUP,
    add_member,
    bind_chats,
    deliveries,
    import_real_plan,
    local,
    parts,
)
from texts.scheduler import coming_deadlines as format_coming_deadlines, deadline_label


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


def milestone_id(database, code):
    with database.session() as session:
        return find_milestone(session, code).id


async def test_reminders_before_a_deadline_then_escalation_until_done(ready, dispatcher, outbound, clock, config):
    await tick_at(ready, dispatcher, clock, config, 2021, 9, 23, 7, 59)
    assert outbound.sent == []
    await tick_at(ready, dispatcher, clock, config, 2021, 9, 23, 8, 0)
    assert outbound.texts_to(GROUP) == [outbound.texts_to(GROUP)[0]]
    assert outbound.texts_to(GROUP)[0].startswith("⏰ Còn 7 ngày đến hạn\nMục 1.1 — Đoàn công tác tổ chức hội nghị")
    await tick_at(ready, dispatcher, clock, config, 2021, 9, 23, 8, 1)  # re-running changes nothing
    await tick_at(ready, dispatcher, clock, config, 2021, 9, 23, 15, 0)
    assert len(outbound.sent) == 1

    await tick_at(ready, dispatcher, clock, config, 2021, 9, 29, 8, 0)
    await tick_at(ready, dispatcher, clock, config, 2021, 9, 30, 8, 0)
    reminders = [t.split("\n")[0] for t in outbound.texts_to(GROUP) if t.startswith("⏰")]
    assert reminders == ["⏰ Còn 7 ngày đến hạn", "⏰ Ngày mai là hạn chót", "⏰ Hôm nay là hạn chót"]
    # The deadline day, to the coordinators too, with «Đã xong»: done today, no escalation tomorrow.
    done_data = milestone_done_data(milestone_id(ready, "1.1"))
    ((due_text, due_payload),) = [(t, p) for chat, t, p in outbound.sent if chat == COORDINATORS]
    assert due_text.startswith("⏰ Hôm nay là hạn\nMục 1.1") and "chọn «Đã xong»" in due_text
    assert due_payload["buttons"] == [[{"text": "✅ Đã xong", "data": done_data}]]
    await tick_at(ready, dispatcher, clock, config, 2021, 10, 1, 8, 0)
    escalation = [(t, p) for chat, t, p in outbound.sent if chat == COORDINATORS][1:]
    assert len(escalation) == 1 and escalation[0][0].startswith("⚠️ Quá hạn 1 ngày, chưa được đánh dấu hoàn thành "
                                                                 "(lần nhắc thứ 1)")
    assert escalation[0][1]["buttons"] == [[{"text": "✅ Đã xong", "data": done_data}]]
    assert outbound.texts_to(GROUP)[-1].startswith("📅 Hôm nay bắt đầu\nMục 1.2")

    await tick_at(ready, dispatcher, clock, config, 2021, 10, 2, 8, 0)   # Saturday: nothing
    await tick_at(ready, dispatcher, clock, config, 2021, 10, 3, 8, 0)   # Sunday: nothing
    assert len(outbound.texts_to(COORDINATORS)) == 2
    await tick_at(ready, dispatcher, clock, config, 2021, 10, 4, 8, 0)
    assert outbound.texts_to(COORDINATORS)[-1].startswith("⚠️ Quá hạn 4 ngày, chưa được đánh dấu hoàn thành "
                                                          "(lần nhắc thứ 2)")
    with ready.session() as session:
        mark_milestone_done(session, milestone_id(ready, "1.1"), None, clock.now())
    await tick_at(ready, dispatcher, clock, config, 2021, 10, 5, 8, 0)
    assert len(outbound.texts_to(COORDINATORS)) == 3


async def test_reviews_are_announced_two_weeks_ahead(ready, dispatcher, outbound, clock, config):
    await tick_at(ready, dispatcher, clock, config, 2022, 6, 16, 8, 0)
    text = outbound.texts_to(GROUP)[-1]
    assert text.startswith("⏰ Còn 14 ngày đến hạn\nMục 2.5") and "cần chuẩn bị báo cáo" in text


async def test_quiet_hours_hold_scheduled_pushes_but_not_alerts(ready, dispatcher, outbound, clock, config):
    # The bot comes up at 22:00: the day's reminder waits for the morning, an alert does not.
    clock.set(local(2021, 9, 23, 22, 0).astimezone(dt.UTC))
    with ready.session() as session:
        enqueue_delivery(session, key="alert:visit:1", kind="visit_saved", chat_id=COORDINATORS,
                         text="Đã ghi một lần làm việc", due_at=clock.now())
    await run_tick(ready, dispatcher, clock, config)
    assert outbound.texts_to(COORDINATORS) == ["Đã ghi một lần làm việc"] and outbound.texts_to(GROUP) == []
    await tick_at(ready, dispatcher, clock, config, 2021, 9, 24, 6, 59)
    assert outbound.texts_to(GROUP) == []
    await tick_at(ready, dispatcher, clock, config, 2021, 9, 24, 7, 0)
    assert outbound.texts_to(GROUP)[0].startswith("⏰ Còn 7 ngày")


async def test_a_missed_day_is_grouped_and_stale_reminders_are_skipped(ready, dispatcher, outbound, clock, config):
    # Down from 28/9 to 1/10 09:00: the 1-day reminder was superseded, the day-of reminder and the window's
    # opening are still current and arrive as one message; the coordinators get today's escalation.
    await tick_at(ready, dispatcher, clock, config, 2021, 10, 1, 9, 0)
    group = outbound.texts_to(GROUP)
    assert len(group) == 1
    assert group[0].startswith("🗂 Hôm nay có 2 việc của kế hoạch cần lưu ý:")
    assert "1) ⏰ Đã quá hạn 1 ngày\nMục 1.1" in group[0] and "2) 📅 Hôm nay bắt đầu\nMục 1.2" in group[0]
    assert outbound.texts_to(COORDINATORS)[0].startswith("⚠️ Quá hạn 1 ngày")
    assert not any("Ngày mai" in text for text in group)


async def test_an_unsent_reminder_whose_date_has_passed_is_skipped(ready, dispatcher, outbound, clock, config):
    outbound.always[GROUP] = RuntimeError("network down")
    await tick_at(ready, dispatcher, clock, config, 2021, 9, 30, 8, 0)
    assert outbound.texts_to(GROUP) == []
    del outbound.always[GROUP]
    await tick_at(ready, dispatcher, clock, config, 2021, 10, 4, 8, 0)
    (stale,) = deliveries(ready, kind="milestone_reminder")
    assert stale.status is DeliveryStatus.skipped and stale.last_error == "expired"
    assert all("Hôm nay là hạn chót" not in text for text in outbound.texts_to(GROUP))


async def test_the_monthly_nudge_lists_running_continuous_items(ready, dispatcher, outbound, clock, config):
    await tick_at(ready, dispatcher, clock, config, 2022, 1, 3, 9, 0)   # a holiday: not yet
    assert not any(t.startswith("🔁") for t in outbound.texts_to(GROUP))
    await tick_at(ready, dispatcher, clock, config, 2022, 1, 4, 8, 0)
    (nudge,) = [t for t in parts(outbound.texts_to(GROUP)) if t.startswith("🔁")]
    assert nudge.startswith("🔁 Việc thường xuyên tháng 1/2022")
    assert [line[2:5] for line in nudge.split("\n")[2:]] == ["1.3", "2.1", "2.3", "2.4"]


def seed_activity(database):
    with database.session() as session:
        lan = session.get(Member, add_member(database, "Nguyễn Thị Lan", "telegram:201"))
        companies = [create_enterprise(session, parse_enterprise({
            "name": f"Công ty Dệt {n}", "tax_code": f"06000000{n:02d}", "zone": "Mỹ Trung"}), actor="test")
            for n in range(1, 4)]
        wave = find_wave(session, "dot-1")
        assign(session, wave.id, [c.id for c in companies], lan.id, None)
        session.add_all([Visit(enterprise_id=companies[0].id, reported_by_id=lan.id, visited_on=dt.date(2021, 9, 28)),
                         Visit(enterprise_id=companies[1].id, reported_by_id=lan.id, visited_on=dt.date(2021, 10, 1))])
        session.add(Nominee(enterprise_id=companies[0].id, nominated_by_id=lan.id, full_name="Phạm Thị Hoa",
                            stage=Stage.nominated, nominated_on=dt.date(2021, 9, 28)))
        session.add(Difficulty(enterprise_id=companies[1].id, reported_by_id=lan.id, category="land",
                               description="Thiếu mặt bằng", recipient="bql",
                               created_at=local(2021, 8, 1, 9).astimezone(dt.UTC)))
        return lan.id, wave.id


async def test_the_weekly_digest_counts_and_names_no_one(ready, dispatcher, outbound, clock, config):
    seed_activity(ready)
    await tick_at(ready, dispatcher, clock, config, 2021, 10, 4, 8, 0)
    (digest,) = [t for t in outbound.texts_to(GROUP) if t.startswith("📊")]
    assert digest.split("\n") == [
        "📊 Tổng hợp tuần 27/09 – 03/10/2021",
        "• Làm việc với doanh nghiệp: 2 buổi, 2 doanh nghiệp",
        "• Đợt 1 (01/10 – 31/12/2021): đã làm việc 1/3 doanh nghiệp được phân công; "
        "1/3 doanh nghiệp chưa có tổ chức đảng đã được làm việc trong đợt",
        "• Khó khăn, kiến nghị chưa giải quyết xong: 1 (30–89 ngày: 1)",
        "• Quần chúng ưu tú: 1 được giới thiệu",
    ]
    for text in outbound.texts_to(GROUP):
        assert "Nguyễn Thị Lan" not in text and "Phạm Thị Hoa" not in text and "Thiếu mặt bằng" not in text


async def test_members_with_unvisited_assignments_are_nudged_privately(ready, dispatcher, outbound, clock, config):
    lan_id, wave_id = seed_activity(ready)
    add_member(ready, "Lê Văn Không Có Việc", "telegram:202")
    await tick_at(ready, dispatcher, clock, config, 2021, 12, 17, 8, 0)
    private = [(chat, text, payload) for chat, text, payload in outbound.sent if chat == "telegram:201"]
    assert len(private) == 1
    chat, text, payload = private[0]
    # The visit of 28/9 came before the wave began: Dệt 1 is still to visit in this wave.
    assert text.startswith("👋 Chào đồng chí Lan,\nĐợt 1 kết thúc ngày 31/12/2021 (còn 14 ngày). "
                           "Đồng chí còn 2 doanh nghiệp")
    assert "• Công ty Dệt 1 (Mỹ Trung)\n• Công ty Dệt 3 (Mỹ Trung)\n" in text
    assert payload["buttons"][0][0]["data"] == my_wave_list_data(wave_id)
    assert not any(chat == "telegram:202" for chat, _, _ in outbound.sent)
    with ready.session() as session:
        session.get(Member, lan_id).reachable = False
    await tick_at(ready, dispatcher, clock, config, 2021, 12, 28, 8, 0)
    assert len([1 for chat, _, _ in outbound.sent if chat == "telegram:201"]) == 1


async def test_rule_deadlines_go_to_the_coordinators_without_names(ready, dispatcher, outbound, clock, config):
    lan_id, _ = seed_activity(ready)
    with ready.session() as session:
        company = session.scalar(select(Visit.enterprise_id))
        admitted = Nominee(enterprise_id=company, nominated_by_id=lan_id, full_name="Đỗ Văn Tâm", stage=Stage.admitted,
                           nominated_on=dt.date(2020, 1, 1), probation_ends_on=dt.date(2021, 11, 8))
        certified = Nominee(enterprise_id=company, nominated_by_id=lan_id, full_name="Vũ Thị Mai",
                            stage=Stage.class_completed, nominated_on=dt.date(2016, 1, 1),
                            certificate_expires_on=dt.date(2021, 12, 1))
        transfer = Transfer(enterprise_id=company, member_name="Hoàng Văn Nam", member_count=1, from_org="Chi bộ A",
                            to_org="Đảng bộ BQL", moved_on=dt.date(2021, 8, 1), begin_by=dt.date(2021, 11, 8),
                            recorded_by_id=lan_id)
        session.add_all([admitted, certified, transfer])
        session.flush()
        ids = admitted.id, certified.id, transfer.id
    await tick_at(ready, dispatcher, clock, config, 2021, 11, 1, 8, 0)
    coordinators = parts(outbound.texts_to(COORDINATORS))
    assert f"🎖 Sắp hết thời gian dự bị\nHồ sơ #{ids[0]} (Công ty Dệt 1): đủ 12 tháng dự bị ngày 08/11/2021 " \
           f"(còn 7 ngày)" in "\n".join(coordinators)
    assert any(t.startswith(f"📜 Giấy chứng nhận lớp bồi dưỡng sắp hết hạn\nHồ sơ #{ids[1]}") for t in coordinators)
    assert any(t.startswith(f"🔄 Hạn bắt đầu chuyển sinh hoạt đảng\nHồ sơ chuyển #{ids[2]}") for t in coordinators)
    # The difficulty of 1 August has waited 90 days by 30 October: the third reminder, still live on 1 November.
    assert any(t.startswith("📌 Khó khăn, kiến nghị #1 (Công ty Dệt 2, lĩnh vực Đất đai, mặt bằng) đã 90 ngày")
               for t in coordinators)
    # The reminder carries the alert's buttons: a coordinator acts from it (labelled with the item in a bundle).
    reminder = next(payload for chat, text, payload in outbound.sent if "📌 Khó khăn, kiến nghị #1" in text)
    buttons = {b["data"]: b["text"] for row in reminder["buttons"] for b in row}
    assert buttons[difficulty_step_data(1, "resolved")] == "✅ Đã giải quyết (#1)"
    assert {difficulty_step_data(1, s) for s in ("forwarded", "answered", "declined")} <= set(buttons)
    for _chat, text, _ in outbound.sent:
        for name in ("Đỗ Văn Tâm", "Vũ Thị Mai", "Hoàng Văn Nam", "Phạm Thị Hoa"):
            assert name not in text
    with ready.session() as session:
        session.get(Difficulty, 1).status = DifficultyStatus.answered
    await tick_at(ready, dispatcher, clock, config, 2021, 11, 29, 8, 0)
    assert not any("đã 120 ngày" in text for text in parts(outbound.texts_to(COORDINATORS)))


async def test_coming_deadlines_lists_plan_items_and_rule_dates(ready, config):
    seed_activity(ready)
    with ready.session() as session:
        items = coming_deadlines(session, dt.date(2021, 12, 20), rules=config.rules, horizon_days=30)
        kinds = [(item.on, item.kind) for item in items]
        assert kinds == sorted(kinds)
        labels = [deadline_label(i).split(":")[0] for i in items if i.kind == "milestone"]
        assert labels == ["Mục 1.1", "Mục 1.2", "Mục 1.4"]
        first = next(i for i in items if i.kind == "milestone")
        assert first.overdue and first.milestone_id == find_milestone(session, "1.1").id
        assert items[0].kind == "difficulty" and items[0].on == dt.date(2021, 8, 31) and items[0].overdue
        text = format_coming_deadlines(items, 30)
        assert text.startswith("📅 Các hạn trong 30 ngày tới") and "⚠️ 30/09/2021 (đã quá 81 ngày)" in text
