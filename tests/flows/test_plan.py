"""The plan in chat: coming deadlines, marking an overdue item done, assignments, my list, coverage."""

from pathlib import Path

from sqlalchemy import select

from models.plan import Milestone, import_plan, load_plan_file

PLAN_FILE = Path(__file__).parents[2] / "plans" / "2021-2025.yaml"


def import_seed_plan(world):
    spec, digest = load_plan_file(PLAN_FILE)
    with world.database.session() as session:
        import_plan(session, spec, source_digest=digest, actor="test")


async def test_deadlines_and_marking_an_overdue_item_done(world):
    import_seed_plan(world)   # the clock stands at 15/10/2021: item 1.1 (before 30/9/2021) is overdue
    await world.ask(world.admin, "/start")
    listing = await world.ask(world.admin, "/lich")
    assert "1.1" in listing.text
    done_button = next(label for label in listing.button_texts if label.startswith("✅ Đã xong"))
    await world.admin.press(listing, done_button)
    marked = await world.emu.wait_for_edit(listing)
    assert "Đã đánh dấu hoàn thành bởi Hùng Trần" in marked.text
    with world.database.session() as session:
        first = session.scalars(select(Milestone).where(Milestone.code == "1.1")).one()
        assert first.done_at is not None
    await world.admin.press(marked, "↩️ Hoàn tác")
    reopened = await world.emu.wait_for_edit(marked)
    assert "Đã mở lại" in reopened.text

    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    member_view = await world.ask(binh, "/lich")
    assert not member_view.buttons


async def test_a_member_cannot_mark_done_even_with_a_forged_button(world):
    import_seed_plan(world)
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    listing = await world.ask(binh, "/lich")
    with world.database.session() as session:
        milestone_id = session.scalars(select(Milestone.id).where(Milestone.code == "1.1")).one()
    answer = await world.press_forged(binh, listing, f"ms:done:{milestone_id}")
    assert "điều phối viên" in answer
    with world.database.session() as session:
        assert session.get(Milestone, milestone_id).done_at is None


async def test_coordinator_assigns_and_the_member_sees_the_list(world):
    import_seed_plan(world)
    world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222", zone="KCN Hòa Xá")
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    await world.ask(world.admin, "/start")
    await world.ask(binh, "/start")
    question = await world.ask(world.admin, "/phancong")
    assert "thành viên nào" in question.text   # the running wave (đợt 1) is already chosen
    await world.admin.press(question, "Bình Phạm")
    await world.next(world.admin)
    matches = await world.ask(world.admin, "det may")
    await world.admin.press(matches, matches.button_texts[0])
    summary = await world.next(world.admin)
    assert "Đợt 1" in summary.text and "Bình Phạm" in summary.text
    await world.admin.press(summary, "💾 Lưu")
    done = await world.shown(world.admin, "Đã phân công")
    assert "Dệt may Nam Định" in done.text
    notice = await world.emu.wait_for_message(binh.private_chat(world.bot),
                                              predicate=lambda m: "được phân công" in (m.text or ""))
    assert "Dệt may Nam Định" in notice.text

    my_list = await world.ask(binh, "/danhsach")
    assert "đã làm việc 0/1" in my_list.text and "⬜ Công ty TNHH Dệt may Nam Định" in my_list.text
    coverage = await world.ask(world.admin, "/dophu")
    assert "đã làm việc 0/1" in coverage.text and "Bình Phạm: 0/1" in coverage.text


def at_local(world, year, month, day, hour=8, minute=0):
    import datetime as dt
    from zoneinfo import ZoneInfo

    world.clock.set(dt.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
                    .astimezone(dt.UTC))


async def test_deadlines_offer_done_for_what_is_due_today_too(world):
    import_seed_plan(world)
    at_local(world, 2021, 12, 31, 9)   # 1.2 and 1.4 end today; 1.1 is overdue
    await world.ask(world.admin, "/start")
    listing = await world.ask(world.admin, "/lich")
    done = [label for label in listing.button_texts if label.startswith("✅ Đã xong")]
    assert [label.split(":")[0] for label in done] == ["✅ Đã xong Mục 1.1", "✅ Đã xong Mục 1.2", "✅ Đã xong Mục 1.4"]
    await world.admin.press(listing, done[1])
    marked = await world.emu.wait_for_edit(listing)
    assert "1.2." in marked.text and "Đã đánh dấu hoàn thành bởi Hùng Trần" in marked.text


async def test_marking_one_item_of_a_days_message_keeps_the_others_and_can_be_undone(world):

    import_seed_plan(world)
    _, coordinators = await world.bind_chats()
    at_local(world, 2021, 12, 31, 8, 1)
    await world.runtime.tick()
    bundle = await world.emu.wait_for_message(coordinators, predicate=lambda m: "Hôm nay có 2 việc" in (m.text or ""))
    assert bundle.button_texts == ["✅ Đã xong (1.2)", "✅ Đã xong (1.4)"]
    await world.admin.press(bundle, "✅ Đã xong (1.2)")
    marked = await world.emu.wait_for_edit(bundle)
    assert marked.text.startswith("🗂 Hôm nay có 2 việc") and "Mục 1.4" in marked.text
    assert "✅ Mục 1.2: đã đánh dấu hoàn thành bởi Hùng Trần lúc 08:01 31/12/2021." in marked.text
    assert marked.button_texts == ["↩️ Hoàn tác (1.2)", "✅ Đã xong (1.4)"]
    await world.admin.press(marked, "↩️ Hoàn tác (1.2)")
    undone = await world.emu.wait_for_edit(marked)
    assert undone.button_texts == ["✅ Đã xong (1.2)", "✅ Đã xong (1.4)"] and "✅ Mục 1.2" not in undone.text
    with world.database.session() as session:
        others = session.scalars(select(Milestone).where(Milestone.code.in_(["1.2", "1.4"])))
        assert all(m.done_at is None for m in others)


async def test_a_coordinator_sets_a_reviews_date_from_the_chat(world):
    import_seed_plan(world)
    await world.ask(world.admin, "/start")
    question = await world.ask(world.admin, "/hoinghi")
    choice = next(label for label in question.button_texts if label.startswith("2.7 — "))
    await world.admin.press(question, choice)
    date_question = await world.next(world.admin)
    assert "ngày nào" in date_question.text
    refused = await world.ask(world.admin, "01/01/2020")   # in the past: refused, asked again
    assert refused.text.startswith("⚠️ Ngày này đã qua")
    assert "ngày nào" in (await world.next(world.admin)).text
    summary = await world.ask(world.admin, "19/12/2022")
    assert "• Ngày họp: 19/12/2022" in summary.text
    await world.admin.press(summary, "💾 Lưu")
    saved = await world.shown(world.admin, "Đã đặt ngày hội nghị của mục 2.7: 19/12/2022")
    assert "7 ngày trước ngày họp" in saved.text
    with world.database.session() as session:
        import datetime as dt

        review = session.scalars(select(Milestone).where(Milestone.code == "2.7")).one()
        assert review.review_on == dt.date(2022, 12, 19)


async def test_a_coordinator_opens_a_wave_from_the_chat_and_assigns_in_it(world):
    import datetime as dt

    from models.visits import Wave

    import_seed_plan(world)
    world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222", zone="KCN Hòa Xá")
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    at_local(world, 2022, 4, 4, 9)
    await world.ask(world.admin, "/start")
    start = await world.ask(world.admin, "/modot")
    assert "bắt đầu từ ngày nào" in start.text   # the one plan running is already chosen
    end = await world.ask(world.admin, "04/04/2022")
    assert "kết thúc ngày nào" in end.text
    name = await world.ask(world.admin, "30/06/2022")
    assert "Tên đợt" in name.text
    summary = await world.ask(world.admin, "/boqua")
    await world.admin.press(summary, "💾 Lưu")
    opened = await world.shown(world.admin, "Đã mở Đợt 3 (04/04/2022 – 30/06/2022)")
    assert opened.button_texts == ["👥 Phân công doanh nghiệp cho đợt này"]
    with world.database.session() as session:
        wave = session.scalars(select(Wave).where(Wave.code == "dot-3")).one()
        assert (wave.starts_on, wave.ends_on, wave.name) == (dt.date(2022, 4, 4), dt.date(2022, 6, 30), "Đợt 3")
    await world.admin.press(opened, "👥 Phân công doanh nghiệp cho đợt này")
    who = await world.next(world.admin)
    assert "thành viên nào" in who.text
    await world.admin.press(who, "Bình Phạm")
    await world.next(world.admin)
    matches = await world.ask(world.admin, "det may")
    await world.admin.press(matches, matches.button_texts[0])
    assigned = await world.next(world.admin)
    assert "Đợt 3" in assigned.text
    await world.admin.press(assigned, "💾 Lưu")
    await world.shown(world.admin, "Đã phân công")
    coverage = await world.ask(world.admin, "/dophu")
    assert "Tiến độ làm việc theo phân công – Đợt 3" in coverage.text and "Bình Phạm: 0/1" in coverage.text

    # A second wave over the same weeks is refused, and the form waits for a correction.
    await world.ask(world.admin, "/modot")
    await world.ask(world.admin, "01/06/2022")
    await world.ask(world.admin, "31/07/2022")
    summary = await world.ask(world.admin, "/boqua")
    await world.admin.press(summary, "💾 Lưu")
    await world.shown(world.admin, "Thời gian trùng với Đợt 3 (04/04/2022 – 30/06/2022)")

    member = await world.ask(binh, "/modot")
    assert "điều phối viên" in member.text


async def test_a_coordinator_cancels_an_item_and_ends_the_plan_from_the_chat_and_can_undo(world):
    """/ketthuc: what, how (ended, cancelled, superseded), from when, why (and by what, when superseded); the
    record says so and nothing is pushed about it from that day; «Hoàn tác» takes it back; members cannot."""
    import datetime as dt

    from models.plan import Closure, Plan

    import_seed_plan(world)
    at_local(world, 2025, 8, 4, 9)
    await world.ask(world.admin, "/start")
    what = await world.ask(world.admin, "/ketthuc")
    assert "Toàn bộ Kế hoạch số 01-KH/ĐUK-BQLCKCN" in what.button_texts
    assert any(text.startswith("Mục 4.3 — ") for text in what.button_texts)
    assert any(text.startswith("Mục 1.1 — ") for text in what.button_texts)   # overdue, still open
    await world.admin.press(what, next(text for text in what.button_texts if text.startswith("Mục 4.3 — ")))
    how = await world.next(world.admin)
    await world.admin.press(how, "Hủy, không còn thực hiện")
    when = await world.next(world.admin)
    assert "Từ ngày nào" in when.text
    await world.admin.press(when, "Hôm nay")
    why = await world.next(world.admin)
    assert "Lý do" in why.text
    short = await world.ask(world.admin, "x")
    assert "ít nhất 3 ký tự" in short.text             # too short: said, and the same question again
    assert "Lý do" in (await world.next(world.admin)).text
    summary = await world.ask(world.admin, "Đảng ủy Khối kết thúc hoạt động, chuyển sang Đảng ủy UBND tỉnh")
    await world.admin.press(summary, "💾 Lưu")
    done = await world.shown(world.admin, "✅ Mục 4.3")
    assert ("Đã hủy từ 04/08/2025: Đảng ủy Khối kết thúc hoạt động, chuyển sang Đảng ủy UBND tỉnh. Từ ngày "
            "04/08/2025, bot không nhắc") in done.text
    with world.database.session() as session:
        item = session.scalars(select(Milestone).where(Milestone.code == "4.3")).one()
        assert (item.closed_as, item.closed_on) == (Closure.cancelled, dt.date(2025, 8, 4))
    await world.admin.press(done, "↩️ Hoàn tác")
    await world.emu.wait_for_edit(done)
    assert done.text.startswith("↩️ Đã hoàn tác: Mục 4.3")
    with world.database.session() as session:
        assert session.scalars(select(Milestone).where(Milestone.code == "4.3")).one().closed_as is None

    # The whole plan, superseded: asked what replaces it.
    what = await world.ask(world.admin, "/ketthuc")
    await world.admin.press(what, "Toàn bộ Kế hoạch số 01-KH/ĐUK-BQLCKCN")
    await world.admin.press(await world.next(world.admin), "Thay thế bằng kế hoạch hoặc mục khác")
    await world.ask(world.admin, "01/09/2025")
    by_what = await world.ask(world.admin, "Sắp xếp tổ chức bộ máy")
    assert "Thay bằng kế hoạch hoặc mục nào" in by_what.text
    summary = await world.ask(world.admin, "Kế hoạch số 02-KH/ĐU")
    await world.admin.press(summary, "💾 Lưu")
    await world.shown(world.admin, "Đã được thay thế từ 01/09/2025: Sắp xếp tổ chức bộ máy (thay bằng Kế hoạch số "
                                   "02-KH/ĐU)")
    with world.database.session() as session:
        plan = session.scalars(select(Plan)).one()
        assert (plan.closed_as, plan.closed_on, plan.last_day()) == (
            Closure.superseded, dt.date(2025, 9, 1), dt.date(2025, 8, 31))

    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    await world.ask(binh, "/start")
    refused = await world.ask(binh, "/ketthuc")
    assert "chỉ dành cho điều phối viên" in refused.text
