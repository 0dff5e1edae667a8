"""The admission pipeline's deadlines and the nominee retention rule, through the real tick on a manual clock:
the ceremony within 30 working days of the decision reaching the chi bộ, the end of probation counted from
the ceremony, the chi bộ's recognition within 30 working days after it, the erasure a week after the warning,
and the January reminder to set the year's targets. Coordinators only; records named by number, never by name."""

import datetime as dt

import pytest
from sqlalchemy import select

from models.deadlines import coming_deadlines
from models.nominees import ConsentInput, Nominee, NomineeInput, Stage, StageChange, move_stage, nominate
from models.people import Member, Role
from models.registry import create_enterprise, parse_enterprise
from models.rules import load_rules
from models.targets import Target, TargetKind
from scheduler.dispatcher import Dispatcher
from scheduler.pacing import Pacing
from scheduler.tick import run_tick
from tests.models.test_pipeline import walk_to
from tests.scheduler.conftest import COORDINATORS, GROUP, add_member, bind_chats, import_real_plan, local

NAME = "Phan Thị Thu"


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


def nominee_at(database, last_stage, **dates):
    rules = load_rules()
    coordinator_id = add_member(database, "Điều phối", None, Role.coordinator)
    with database.session() as session:
        coordinator = session.get(Member, coordinator_id)
        enterprise = create_enterprise(session, parse_enterprise({"name": "Công ty May Mỹ Thuận",
                                                                  "tax_code": "0600000009"}), actor="test")
        nominee = nominate(session, NomineeInput(
            enterprise_id=enterprise.id, full_name=NAME, date_of_birth=dt.date(1996, 2, 2),
            nominated_on=dt.date(2022, 3, 1),
            consent=ConsentInput(granted=True, given_at=dt.datetime(2022, 3, 1, tzinfo=dt.UTC),
                                 wording_version="test")), by=coordinator, rules=rules)
        for step in walk_to(last_stage, **dates):
            move_stage(session, nominee.id, step, by=coordinator, rules=rules)
        return nominee.id


def coordinator_texts(outbound):
    return "\n---\n".join(outbound.texts_to(COORDINATORS))


async def test_the_ceremony_is_due_thirty_working_days_after_the_decision_reached_the_chi_bo(
        ready, dispatcher, outbound, clock, config):
    nominee_id = nominee_at(ready, Stage.decided)        # received Monday 5/9/2022: due Monday 17/10/2022
    await tick_at(ready, dispatcher, clock, config, 2022, 10, 9, 8, 0)
    assert "lễ kết nạp" not in coordinator_texts(outbound)
    await tick_at(ready, dispatcher, clock, config, 2022, 10, 10, 8, 0)
    text = coordinator_texts(outbound)
    assert (f"🎗 Hạn tổ chức lễ kết nạp\nHồ sơ #{nominee_id} (Công ty May Mỹ Thuận): chi bộ cần tổ chức lễ kết nạp "
            "chậm nhất ngày 17/10/2022 (còn 7 ngày), trong 30 ngày làm việc kể từ ngày nhận quyết định kết nạp."
            in text)
    await tick_at(ready, dispatcher, clock, config, 2022, 10, 17, 8, 0)
    assert "chậm nhất hôm nay (17/10/2022)" in coordinator_texts(outbound)
    assert NAME not in coordinator_texts(outbound) and not any(NAME in t for t in outbound.texts_to(GROUP))


async def test_probation_and_recognition_follow_the_ceremony(ready, dispatcher, outbound, clock, config):
    nominee_id = nominee_at(ready, Stage.admitted, ceremony=dt.date(2022, 10, 10))
    # A decision-based probation (2/9/2023) would have warned on 26/8/2023: nothing then.
    await tick_at(ready, dispatcher, clock, config, 2023, 8, 26, 8, 0)
    assert "dự bị" not in coordinator_texts(outbound)
    await tick_at(ready, dispatcher, clock, config, 2023, 10, 3, 8, 0)
    assert (f"🎖 Sắp hết thời gian dự bị\nHồ sơ #{nominee_id} (Công ty May Mỹ Thuận): đủ 12 tháng dự bị ngày "
            f"10/10/2023 (còn 7 ngày). Đề nghị chuẩn bị xét công nhận đảng viên chính thức. Chi bộ xét công nhận "
            f"đảng viên chính thức chậm nhất ngày 21/11/2023.") in coordinator_texts(outbound)
    await tick_at(ready, dispatcher, clock, config, 2023, 11, 14, 8, 0)
    assert (f"🎖 Hạn chi bộ xét công nhận đảng viên chính thức\nHồ sơ #{nominee_id} (Công ty May Mỹ Thuận): hết "
            f"thời gian dự bị ngày 10/10/2023; chi bộ cần xét công nhận chậm nhất ngày 21/11/2023 (còn 7 ngày), trong "
            "30 ngày làm việc sau khi hết dự bị. Nếu họp muộn, đảng viên vẫn được công nhận chính thức từ ngày "
            "10/10/2023.") \
        in coordinator_texts(outbound)
    with ready.session() as session:
        def rule_items(today):
            return [(item.kind, item.on) for item in coming_deadlines(session, today, rules=config.rules)
                    if item.kind != "milestone"]

        # The recognition (21/11) is beyond the 30 days ahead on 1/10; both show on 1/11.
        assert rule_items(dt.date(2023, 10, 1)) == [("probation", dt.date(2023, 10, 10))]
        assert rule_items(dt.date(2023, 11, 1)) == [("probation", dt.date(2023, 10, 10)),
                                                    ("recognition", dt.date(2023, 11, 21))]


async def test_records_are_erased_a_week_after_the_coordinators_are_told(
        ready, dispatcher, outbound, clock, config):
    nominee_id = nominee_at(ready, Stage.class_registered)     # last step 1/4/2022: erased on 1/4/2024
    await tick_at(ready, dispatcher, clock, config, 2024, 3, 25, 8, 0)
    assert (f"🗂 Sắp hết thời hạn lưu hồ sơ\nHồ sơ quần chúng ưu tú #{nominee_id} (Công ty May Mỹ Thuận): ngày "
            f"01/04/2024 (còn 7 ngày) là hết 24 tháng lưu kể từ bước gần nhất; dữ liệu cá nhân sẽ được xóa vào ngày "
            f"đó") \
        in coordinator_texts(outbound)
    with ready.session() as session:
        assert session.get(Nominee, nominee_id).full_name == NAME
    await tick_at(ready, dispatcher, clock, config, 2024, 4, 1, 0, 5)
    with ready.session() as session:
        erased = session.get(Nominee, nominee_id)
        assert erased.full_name is None and erased.date_of_birth is None and erased.stage is Stage.class_registered
    assert "Đã xóa dữ liệu" not in coordinator_texts(outbound)     # quiet hours: told in the morning
    await tick_at(ready, dispatcher, clock, config, 2024, 4, 1, 8, 0)
    assert f"🗂 Đã xóa dữ liệu cá nhân của hồ sơ quần chúng ưu tú #{nominee_id} do hết thời hạn lưu trữ" \
        in coordinator_texts(outbound)
    sent = len(outbound.sent)
    await tick_at(ready, dispatcher, clock, config, 2024, 4, 2, 8, 0)
    assert len(outbound.sent) == sent


async def test_a_new_step_pushes_the_erasure_back(ready, dispatcher, outbound, clock, config):
    nominee_id = nominee_at(ready, Stage.class_registered)
    with ready.session() as session:
        coordinator = session.scalar(select(Member).where(Member.role == Role.coordinator))
        move_stage(session, nominee_id, StageChange(stage=Stage.class_completed, effective_on=dt.date(2024, 3, 1),
                                                    certificate_date=dt.date(2024, 3, 1)),
                   by=coordinator, rules=config.rules)
    await tick_at(ready, dispatcher, clock, config, 2024, 4, 1, 8, 0)
    with ready.session() as session:
        assert session.get(Nominee, nominee_id).full_name == NAME
    assert "thời hạn lưu" not in coordinator_texts(outbound)


async def test_january_reminds_coordinators_to_set_the_years_targets_once(ready, dispatcher, outbound, clock,
                                                                           config):
    # 2024: the first working day of January is Tuesday 2/1 (1/1 is a holiday).
    await tick_at(ready, dispatcher, clock, config, 2024, 1, 1, 8, 0)
    assert "chỉ tiêu năm 2024" not in coordinator_texts(outbound)
    await tick_at(ready, dispatcher, clock, config, 2024, 1, 2, 8, 0)
    await tick_at(ready, dispatcher, clock, config, 2024, 1, 3, 8, 0)
    reminder = "🎯 Đầu năm 2024: đề nghị các đồng chí điều phối đặt chỉ tiêu năm 2024"
    assert coordinator_texts(outbound).count(reminder) == 1
    # Targets set before the reminder: nothing to remind.
    with ready.session() as session:
        session.add(Target(year=2025, kind=TargetKind.new_members, value=10))
    await tick_at(ready, dispatcher, clock, config, 2025, 1, 2, 8, 0)
    assert "chỉ tiêu năm 2025" not in coordinator_texts(outbound)
    # After the plan (it ends in 2025): no reminder.
    await tick_at(ready, dispatcher, clock, config, 2026, 1, 2, 8, 0)
    assert "chỉ tiêu năm 2026" not in coordinator_texts(outbound)
