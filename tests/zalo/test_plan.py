"""The plan on Zalo, typed: a coordinator opens a wave and assigns in it, and marks today's item done from /lich."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from models.plan import Milestone, import_plan, load_plan_file
from models.visits import Assignment, Wave
from tests.zalo.test_visit import transcript

PLAN_FILE = Path(__file__).parents[2] / "plans" / "2021-2025.yaml"


def setup(world, year, month, day):
    spec, digest = load_plan_file(PLAN_FILE)
    with world.database.session() as session:
        import_plan(session, spec, source_digest=digest, actor="test")
    world.clock.set(dt.datetime(year, month, day, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")).astimezone(dt.UTC))


async def test_a_coordinator_opens_a_wave_and_assigns_in_it_by_typing(zalo_world):
    world = zalo_world
    setup(world, 2022, 4, 4)
    binh = world.emu.add_user("Phạm Văn Bình")
    world.add_member(binh)
    world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222", zone="KCN Hòa Xá")
    admin = world.admin
    await world.ask(admin, "/start")
    assert "bắt đầu từ ngày nào" in (await world.ask(admin, "/modot")).text
    assert "kết thúc ngày nào" in (await world.ask(admin, "04/04/2022")).text
    assert "Tên đợt" in (await world.ask(admin, "30/06/2022")).text
    summary = await world.ask(admin, "Đợt 3 — quý II/2022")
    assert "«lưu»" in summary.text, transcript(world, admin)
    opened = await world.ask(admin, "lưu")
    assert "Đã mở Đợt 3 — quý II/2022 (04/04/2022 – 30/06/2022)" in opened.text, transcript(world, admin)
    assert "1. 👥 Phân công doanh nghiệp cho đợt này" in opened.text
    who = await world.ask(admin, "1")
    assert "thành viên nào" in who.text, transcript(world, admin)
    await world.ask(admin, "1")                      # Phạm Văn Bình, the only member
    matches = await world.ask(admin, "det may")
    summary = await world.ask(admin, "1")
    assert "Đợt 3" in summary.text, transcript(world, admin)
    saved = await world.ask(admin, "lưu")
    assert "Đã phân công" in saved.text, transcript(world, admin)
    with world.database.session() as session:
        wave = session.scalars(select(Wave).where(Wave.code == "dot-3")).one()
        assert session.scalars(select(Assignment).where(Assignment.wave_id == wave.id)).one()
    assert matches is not None and max(len(m.text or "") for m in world.emu.sent_messages()) <= 2000


async def test_todays_item_is_marked_done_from_deadlines_by_its_number(zalo_world):
    world = zalo_world
    setup(world, 2021, 12, 31)
    admin = world.admin
    await world.ask(admin, "/start")
    listing = await world.ask(admin, "/lich")
    numbered = {line.split(". ", 1)[1].split(":")[0]: line.split(".", 1)[0]
                for line in listing.text.splitlines() if line[:1].isdigit() and "Đã xong" in line}
    assert set(numbered) == {"✅ Đã xong Mục 1.1", "✅ Đã xong Mục 1.2", "✅ Đã xong Mục 1.4"}, listing.text
    marked = await world.ask(admin, numbered["✅ Đã xong Mục 1.2"])
    assert "Đã đánh dấu hoàn thành bởi Trần Văn Hùng" in marked.text, transcript(world, admin)
    with world.database.session() as session:
        assert session.scalars(select(Milestone).where(Milestone.code == "1.2")).one().done_at is not None


async def test_a_coordinator_cancels_an_item_by_typing_and_takes_it_back(zalo_world):
    world = zalo_world
    setup(world, 2025, 8, 4)
    admin = world.admin
    await world.ask(admin, "/start")
    what = await world.ask(admin, "/ketthuc")
    (number,) = [line.split(".", 1)[0] for line in what.text.splitlines() if ". Mục 4.3 — " in line]
    how = await world.ask(admin, number)
    (cancel,) = [line.split(".", 1)[0] for line in how.text.splitlines() if "Hủy, không còn thực hiện" in line]
    when = await world.ask(admin, cancel)
    assert "Từ ngày nào" in when.text, transcript(world, admin)
    why = await world.ask(admin, "hôm nay")
    assert "Lý do" in why.text, transcript(world, admin)
    summary = await world.ask(admin, "Cơ quan chủ trì đã kết thúc hoạt động")
    assert "«lưu»" in summary.text, transcript(world, admin)
    done = await world.ask(admin, "lưu")
    assert "✅ Mục 4.3" in done.text and "Đã hủy từ 04/08/2025" in done.text, transcript(world, admin)
    assert "1. ↩️ Hoàn tác" in done.text
    with world.database.session() as session:
        assert session.scalars(select(Milestone).where(Milestone.code == "4.3")).one().closed_as is not None
    undone = await world.ask(admin, "1")
    assert "Đã hoàn tác: Mục 4.3" in undone.text, transcript(world, admin)
    with world.database.session() as session:
        assert session.scalars(select(Milestone).where(Milestone.code == "4.3")).one().closed_as is None


async def test_a_coordinator_sets_a_reviews_date_by_typing(zalo_world):
    """/hoinghi on Zalo, as the coordinators' reminder asks: the review by its number, the date typed."""
    world = zalo_world
    setup(world, 2022, 12, 1)
    admin = world.admin
    await world.ask(admin, "/start")
    question = await world.ask(admin, "/hoinghi")
    (number,) = [line.split(".", 1)[0] for line in question.text.splitlines() if ". 2.7 — " in line]
    date_question = await world.ask(admin, number)
    assert "ngày nào" in date_question.text, transcript(world, admin)
    summary = await world.ask(admin, "19/12/2022")
    assert "• Ngày họp: 19/12/2022" in summary.text and "«lưu»" in summary.text, transcript(world, admin)
    saved = await world.ask(admin, "lưu")
    assert "Đã đặt ngày hội nghị của mục 2.7: 19/12/2022" in saved.text, transcript(world, admin)
    with world.database.session() as session:
        review = session.scalars(select(Milestone).where(Milestone.code == "2.7")).one()
        assert review.review_on == dt.date(2022, 12, 19)
