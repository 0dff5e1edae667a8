"""The chat names bodies as the bodies file gives them for the day (the bot's own clock): the receiving body on an
enterprise card, the bodies in the consent wording, the province in the greeting to a stranger, a department in an
example; and the report menu offers the plan's reviews as the plan calls them."""

import datetime as dt

from models.people import Role
from tests.flows.cancelling import cancel_form
from tests.reports.conftest import import_real_plan
from texts import reports as tr

AFTER_2025 = dt.datetime(2025, 8, 4, 2, 0, tzinfo=dt.UTC)


async def test_an_enterprise_card_names_the_receiving_body_of_the_day(world):
    world.add_enterprise(name="Công ty TNHH Cơ khí Bảo Minh", tax_code="0600111333", zone="KCN Bảo Minh",
                         official_members=1)
    await world.ask(world.admin, "/start")
    card = await world.ask(world.admin, "/doanhnghiep bao minh")
    assert ("Đảng viên nên chuyển sinh hoạt đảng về Đảng bộ Ban Quản lý các khu công nghiệp tỉnh (sinh hoạt ghép)"
            in card.text)


async def test_the_consent_wording_names_the_bodies_of_its_day(world):
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    consent = await world.ask(binh, "/ungvien")
    assert ("Đoàn công tác của Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh và Ban Quản lý các khu công nghiệp tỉnh "
            "ghi và xử lý dữ liệu cá nhân") in consent.text
    await cancel_form(world, binh)
    world.clock.set(AFTER_2025)
    later = await world.ask(binh, "/ungvien")
    assert "Đoàn công tác của Đảng ủy Ủy ban nhân dân tỉnh và Ban Quản lý các khu công nghiệp tỉnh" in later.text
    assert "{" not in later.text


async def test_a_stranger_is_greeted_with_the_province_of_the_day(world):
    stranger = world.emu.add_user("Khách", "Lạ", language_code="vi")
    assert "Đoàn công tác tỉnh Nam Định" in (await world.ask(stranger, "/start")).text
    world.clock.set(AFTER_2025)
    other = world.emu.add_user("Khách", "Khác", language_code="vi")
    assert "Đoàn công tác tỉnh Ninh Bình" in (await world.ask(other, "/start")).text


async def test_the_report_menu_offers_the_plans_review_as_the_plan_calls_it(world):
    with world.database.session() as session:
        import_real_plan(session)
    coordinator = world.emu.add_user("Lan", "Nguyễn", language_code="vi")
    world.add_member(coordinator, Role.coordinator)
    world.clock.set(dt.datetime(2022, 6, 20, 2, 0, tzinfo=dt.UTC))
    menu = await world.ask(coordinator, "/baocao")
    assert "Đánh giá: 6 tháng đầu 2022 (mục 2.5)" in menu.button_texts
    assert tr.REVIEW_LABEL["so_ket"] + ": Năm 2022 (mục 2.7)" not in menu.button_texts   # from November
