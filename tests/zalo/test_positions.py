"""The delegation's positions on Zalo: an admin sets a member's position and side in /thanhvien by numbers."""

from __future__ import annotations

from models.bodies import load_bodies
from models.people import Member, Position
from tests.zalo.test_visit import transcript


def number_of(text: str, label: str) -> str:
    (number,) = [line.split(".", 1)[0] for line in text.splitlines()
                 if line[:1].isdigit() and line.split(". ", 1)[-1].strip() == label]
    return number


async def test_an_admin_sets_a_deputy_and_the_side_by_typing_numbers(zalo_world):
    world = zalo_world
    bodies = load_bodies()
    party = bodies.short("party_body", world.clock.now().date())
    binh = world.emu.add_user("Phạm Văn Bình")
    world.add_member(binh)
    admin = world.admin
    await world.ask(admin, "/start")
    listing = await world.ask(admin, "/thanhvien")
    card = await world.ask(admin, number_of(listing.text, "Phạm Văn Bình"))
    assert "Chức danh trong Đoàn: chưa đặt" in card.text, transcript(world, admin)
    positions = await world.ask(admin, number_of(card.text, "Đặt chức danh trong Đoàn"))
    sides = await world.ask(admin, number_of(positions.text, "Phó Trưởng đoàn"))
    assert "là cán bộ của bên nào" in sides.text, transcript(world, admin)
    await world.ask(admin, number_of(sides.text, party))
    with world.database.session() as session:
        person = session.query(Member).filter_by(full_name="Phạm Văn Bình").one()
        assert (person.position, person.side) == (Position.deputy, "party_body"), transcript(world, admin)
    again = await world.ask(admin, "/thanhvien")
    assert f"Phạm Văn Bình — Phó Trưởng đoàn — {party} (thành viên)" in again.text, transcript(world, admin)
