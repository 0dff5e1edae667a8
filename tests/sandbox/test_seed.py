"""The sandbox's demo database: built fresh, or kept with --keep; the demo's enterprises where their zones are."""

from __future__ import annotations

from sqlalchemy import func, select

from models.conversation import InboxUpdate
from models.people import ChatPurpose, Member, bound_chat
from models.plan import Plan
from models.registry import Enterprise, parse_enterprise
from models.visits import Assignment, distance_m
from sandbox import demo_data
from sandbox.membership import current_roles
from sandbox.seed import bind_demo_chats, forget_earlier_emulator_updates, open_sandbox_database, seed_demo


def count(database, model) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model))


async def test_a_fresh_database_has_the_plan_the_enterprises_the_people_and_wave_one_shared_out(tmp_path):
    database, fresh = open_sandbox_database(tmp_path / "sandbox.sqlite3", keep=False)
    assert fresh
    report = seed_demo(database)

    assert (report.members, report.enterprises) == (4, len(demo_data.ENTERPRISES))
    with database.session() as session:
        plan = session.scalars(select(Plan)).one()
        assert plan.code == "01-KH/ĐUK-BQLCKCN" and report.milestones == len(plan.milestones) > 10
        roles = {m.full_name: m.role for m in session.scalars(select(Member))}
        assert roles == {p.full_name: p.role for p in demo_data.PEOPLE if p.is_member}
        assigned = set(session.scalars(select(Assignment.enterprise_id)))
        assert len(assigned) == len(demo_data.ENTERPRISES)   # every enterprise is someone's in wave 1
    guest = next(p for p in demo_data.PEOPLE if not p.is_member)
    roles_now = await current_roles(database, [p.user_id for p in demo_data.PEOPLE])
    assert roles_now[guest.user_id][0] == "guest"
    assert roles_now[demo_data.admin().user_id] == ("admin", "Quản trị")
    database.dispose()


def test_the_group_and_the_coordinators_chat_are_bound_by_the_admin(tmp_path):
    database, _ = open_sandbox_database(tmp_path / "sandbox.sqlite3", keep=False)
    seed_demo(database)
    bind_demo_chats(database, group_chat_id=-1002000000001, coordinators_chat_id=-1002000000002)
    with database.session() as session:
        assert bound_chat(session, ChatPurpose.group) == "telegram:-1002000000001"
        assert bound_chat(session, ChatPurpose.coordinators) == "telegram:-1002000000002"
    database.dispose()


def test_keep_reuses_the_database_but_forgets_the_last_emulators_update_ids(tmp_path):
    path = tmp_path / "sandbox.sqlite3"
    database, _ = open_sandbox_database(path, keep=False)
    seed_demo(database)
    with database.session() as session:
        session.get(Member, 1).full_name = "Đã đổi tên"
        session.add(InboxUpdate(source="telegram:7000000001", update_key="100000001", payload={}))
    database.dispose()

    kept, fresh = open_sandbox_database(path, keep=True)
    assert not fresh
    assert forget_earlier_emulator_updates(kept) == 1
    assert count(kept, InboxUpdate) == 0
    with kept.session() as session:
        assert session.get(Member, 1).full_name == "Đã đổi tên"
    kept.dispose()

    rebuilt, fresh = open_sandbox_database(path, keep=False)
    assert fresh and count(rebuilt, Member) == 0   # empty again, ready to be seeded
    rebuilt.dispose()


def test_every_demo_enterprise_is_valid_and_lies_inside_its_zone():
    tax_codes = [enterprise.tax_code for enterprise in demo_data.ENTERPRISES]
    assert len(set(tax_codes)) == len(tax_codes)
    for enterprise in demo_data.ENTERPRISES:
        data = parse_enterprise(demo_data.enterprise_fields(enterprise))   # the registry's own validation
        assert data.tax_code.startswith("06")   # Nam Định's prefix
        zone = demo_data.zone(enterprise.zone)
        assert distance_m(data.latitude, data.longitude, zone.latitude, zone.longitude) < 1000
    names = {zone.name for zone in demo_data.ZONES}
    assert {enterprise.zone for enterprise in demo_data.ENTERPRISES} == names   # every zone has enterprises


def test_enterprises_in_one_zone_are_far_enough_apart_to_tell_which_one_a_check_in_is_at(tmp_path):
    database, _ = open_sandbox_database(tmp_path / "sandbox.sqlite3", keep=False)
    seed_demo(database)
    with database.session() as session:
        enterprises = list(session.scalars(select(Enterprise)))
    for one in enterprises:
        for other in enterprises:
            if one.id < other.id and one.zone_id == other.zone_id:
                assert distance_m(one.latitude, one.longitude, other.latitude, other.longitude) > 300
    database.dispose()
