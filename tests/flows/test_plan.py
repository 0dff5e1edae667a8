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
