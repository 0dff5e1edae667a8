"""The delegation's positions (Trưởng đoàn, Phó Trưởng đoàn, thành viên) and the side each member comes from, set
by an admin in /thanhvien and shown in the list with the side's name of the day."""

from __future__ import annotations

from models.bodies import load_bodies
from models.people import Member, Position
from tests.flows.pushes import all_sent


async def test_an_admin_sets_the_head_and_the_list_shows_position_and_side(world):
    bodies = load_bodies()
    board = bodies.short("zones_board", world.clock.now().date())
    await world.ask(world.admin, "/start")
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)

    listing = await world.ask(world.admin, "/thanhvien")
    assert "Bình Phạm — thành viên" in listing.text
    await world.admin.press(listing, "Bình Phạm")
    card = await world.emu.wait_for_edit(listing)
    assert "Chức danh trong Đoàn: chưa đặt" in card.text
    await world.admin.press(card, "Đặt chức danh trong Đoàn")
    asked = await world.emu.wait_for_edit(card)
    assert asked.button_texts[:3] == ["Trưởng đoàn", "Phó Trưởng đoàn", "Thành viên"]
    await world.admin.press(asked, "Trưởng đoàn")
    sides = await world.emu.wait_for_edit(asked)
    assert "là cán bộ của bên nào" in sides.text
    assert [bodies.short(key, world.clock.now().date()) for key in bodies.default_issuers] == sides.button_texts[:2]
    await world.admin.press(sides, board)
    shown = await world.emu.wait_for_edit(sides)
    assert f"Chức danh trong Đoàn: Trưởng đoàn — {board}" in shown.text

    with world.database.session() as session:
        person = session.query(Member).filter_by(full_name="Bình Phạm").one()
        assert (person.position, person.side) == (Position.head, "zones_board")

    again = await world.ask(world.admin, "/thanhvien")
    assert f"Bình Phạm — Trưởng đoàn — {board} (thành viên)" in again.text
    assert "Hùng Trần — quản trị viên" in again.text          # no position set: the line as before

    await world.admin.press(again, "Bình Phạm")                # and it can be taken back
    card = await world.emu.wait_for_edit(again)
    await world.admin.press(card, "Đặt chức danh trong Đoàn")
    asked = await world.emu.wait_for_edit(card)
    await world.admin.press(asked, "Bỏ chức danh")
    cleared = await world.emu.wait_for_edit(asked)
    assert "Chức danh trong Đoàn: chưa đặt" in cleared.text
    await all_sent(world)


async def test_a_side_that_is_no_delegating_body_is_refused_and_nothing_is_written(world):
    await world.ask(world.admin, "/start")
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    with world.database.session() as session:
        binh_id = session.query(Member).filter_by(full_name="Bình Phạm").one().id
    listing = await world.ask(world.admin, "/thanhvien")
    answer = await world.press_forged(world.admin, listing, f"mx:{binh_id}:head:provincial_committee:0")
    assert "Bên cử thành viên không có trong danh sách" in answer
    stale = await world.press_forged(world.admin, listing, f"mq:{binh_id}:chairman:0")
    assert "cũ" in stale
    with world.database.session() as session:
        person = session.get(Member, binh_id)
        assert (person.position, person.side) == (None, None)


async def test_a_second_head_is_set_with_a_word_about_the_first(world):
    await world.ask(world.admin, "/start")
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    with world.database.session() as session:
        for person in session.query(Member):
            person.position, person.side = (Position.head, "party_body") if person.full_name == "Hùng Trần" else (
                None, None)
        binh_id = session.query(Member).filter_by(full_name="Bình Phạm").one().id
    listing = await world.ask(world.admin, "/thanhvien")
    await world.press_forged(world.admin, listing, f"mx:{binh_id}:head:zones_board:0")
    warned = await world.shown(world.admin, "cũng đang là Trưởng đoàn")
    assert "Hùng Trần cũng đang là Trưởng đoàn" in warned.text and "bỏ chức danh của người cũ" in warned.text
    await all_sent(world)
