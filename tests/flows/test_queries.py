"""Queries: help per role, the enterprise card, statistics, my visits with edit and delete."""

import datetime as dt

from sqlalchemy import select

from models.nominees import ConsentInput, NomineeInput, nominate
from models.people import Member
from models.rules import load_rules
from models.visits import Visit, Wave, parse_visit, record_visit


def log_visit(world, enterprise_id, reporter_name="Hùng Trần", **fields):
    with world.database.session() as session:
        reporter = session.scalars(select(Member).where(Member.full_name == reporter_name)).one()
        data = {"enterprise_id": enterprise_id, "visited_on": dt.date(2021, 10, 14), **fields}
        return record_visit(session, parse_visit(data), reporter=reporter, today=dt.date(2021, 10, 15)).id


async def test_help_lists_what_each_role_can_do(world):
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    member_help = await world.ask(binh, "/trogiup")
    assert "/tham" in member_help.text and "/thongke" in member_help.text
    assert "/moi" not in member_help.text and "/thanhvien" not in member_help.text
    admin_help = await world.ask(world.admin, "/help")
    assert "/moi" in admin_help.text and "/thanhvien" in admin_help.text


async def test_enterprise_card_shows_counts_eligibility_and_no_names(world):
    enterprise_id = world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222",
                                         zone="KCN Hòa Xá", employees=350, official_members=4)
    await world.ask(world.admin, "/start")
    log_visit(world, enterprise_id, workers=350, outstanding_workers=3)
    with world.database.session() as session:
        reporter = session.scalars(select(Member)).first()
        nominate(session, NomineeInput(
            enterprise_id=enterprise_id, full_name="Nguyễn Thị Mai", date_of_birth=dt.date(1995, 5, 20),
            consent=ConsentInput(granted=True, given_at=world.clock.now(), wording_version="v1"),
            nominated_on=dt.date(2021, 10, 14)), by=reporter, rules=load_rules())
    card = await world.ask(world.admin, "/doanhnghiep hoa xa")
    assert "Dệt may Nam Định" in card.text and "0600111222" in card.text
    assert "Đủ điều kiện thành lập chi bộ cơ sở" in card.text
    assert "1 buổi, gần nhất 14/10/2021" in card.text
    # Issue 14, defect 9: the card says what the visit recorded (3), and the records nominated apart from it.
    assert "Quần chúng ưu tú: 3 người (nắm được qua buổi làm việc ngày 14/10/2021)" in card.text
    assert "Hồ sơ giới thiệu: 1 (" in card.text and "Mai" not in card.text
    assert "Số đảng viên theo: danh sách doanh nghiệp ban đầu (4 chính thức, 0 dự bị)" in card.text
    assert card.button_texts == ["📝 Ghi buổi làm việc"]
    # In a group (strangers may be in it) the card counts no nominees: one at a named workplace is near a name.
    group = world.emu.add_supergroup("Đoàn công tác", members=[world.admin], bots=[world.bot])
    world.emu.add_member(group, world.emu.add_user("Người", "Ngoài"))
    in_group = await world.ask(world.admin, "/doanhnghiep hoa xa", chat=group)
    assert "Dệt may Nam Định" in in_group.text and "Đảng viên: 4 chính thức" in in_group.text
    assert "Quần chúng ưu tú" not in in_group.text and in_group.button_texts == []


async def test_the_card_shows_the_directive_the_owners_stance_and_what_can_be_campaigned_for(world):
    from models.directives import ReplyKind, parse_directive, record_directive, record_reply

    enterprise_id = world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222",
                                         zone="KCN Hòa Xá", employees=350)
    await world.ask(world.admin, "/start")
    log_visit(world, enterprise_id, official_members_found=1, probationary_members_found=0, owner_stance="hesitant",
              youth_union_members_met=12, veterans_met=4, trade_union_members_met=0)
    with world.database.session() as session:
        admin = session.scalars(select(Member)).first()
        directive = record_directive(session, parse_directive({
            "number": "125/BQL-QLDN", "issued_on": "2021-10-05", "issuer": "Ban Quản lý các khu công nghiệp tỉnh",
            "summary": "Về việc báo cáo tình hình và rà soát đảng viên"}), by=admin)
        record_reply(session, directive.id, enterprise_id, ReplyKind.sent, dt.date(2021, 10, 6), by=admin)
        record_reply(session, directive.id, enterprise_id, ReplyKind.report, dt.date(2021, 10, 12), by=admin)
    card = await world.ask(world.admin, "/doanhnghiep hoa xa")
    assert ("Văn bản chỉ đạo số 125/BQL-QLDN (05/10/2021): đã gửi 06/10/2021; đã nhận báo cáo 12/10/2021; chưa "
            "nhận báo cáo rà soát đảng viên") in card.text
    assert "Thái độ của chủ doanh nghiệp: còn băn khoăn (buổi làm việc ngày 14/10/2021)" in card.text
    assert "Công đoàn cơ sở: có thể vận động thành lập (cần ít nhất 5 người lao động tự nguyện)" in card.text
    assert "Chi đoàn Thanh niên: có thể vận động thành lập (đã có 12 đoàn viên, cần ít nhất 3)" in card.text
    assert "Chi hội Cựu chiến binh: có thể vận động thành lập (đã có 4 cựu chiến binh" in card.text
    assert "Đảng viên nên chuyển sinh hoạt đảng về Đảng bộ Ban Quản lý các khu công nghiệp tỉnh (sinh hoạt ghép)" \
        in card.text
    assert "Số đảng viên theo: buổi làm việc ngày 14/10/2021 (1 chính thức, 0 dự bị)" in card.text


async def test_free_text_searches_and_several_matches_become_buttons(world):
    world.add_enterprise(name="Công ty TNHH May Hòa Phát", tax_code="0600000001", zone="KCN Hòa Xá")
    world.add_enterprise(name="Công ty CP Hòa Bình", tax_code="0600000002", zone="KCN Hòa Xá")
    await world.ask(world.admin, "/start")
    results = await world.ask(world.admin, "HOA XA")
    assert len(results.buttons) == 2
    await world.admin.press(results, results.button_texts[0])
    card = await world.emu.wait_for_edit(results)
    assert "Mã số thuế" in card.text


async def test_spellings_typed_on_a_phone_find_the_enterprise_in_chat_and_in_the_visit_form(world):
    """Issue 14, defect 6: "hoa sa" (s/x) and "hoaxa" (no space) found nothing. Made-up names."""
    world.add_enterprise(name="Công ty TNHH Giày da Sơn Trà", tax_code="0601000002", zone="KCN Hòa Xá")
    world.add_enterprise(name="Công ty TNHH Vị Hoàng", tax_code="0601000001", zone="KCN Hòa Xá")
    world.add_enterprise(name="Công ty TNHH Nhựa Hòa Bình", tax_code="0601000008", zone="KCN Mỹ Thuận")
    world.add_enterprise(name="Công ty TNHH Xuân Trường", tax_code="0601000004", zone="KCN Bảo Minh")
    await world.ask(world.admin, "/start")
    hoa_xa = ["Công ty TNHH Giày da Sơn Trà — KCN Hòa Xá", "Công ty TNHH Vị Hoàng — KCN Hòa Xá"]
    for typed in ("hoa sa", "hoaxa", "/doanhnghiep hoaf sas"):
        results = await world.ask(world.admin, typed)
        assert sorted(results.button_texts) == hoa_xa, (typed, results.text)   # not «Nhựa Hòa Bình»
    # One enterprise found: its card at once (ch/tr, s/x, words run together, Telex keys, a final letter missing).
    for typed in ("suan chuong", "xuantruong", "xuaan truwowngf", "xuan truon"):
        card = await world.ask(world.admin, typed)
        assert card.text.startswith("🏭 Công ty TNHH Xuân Trường"), (typed, card.text)
    # The exact tax code still comes first, as the card.
    card = await world.ask(world.admin, "0601000008")
    assert card.text.startswith("🏭 Công ty TNHH Nhựa Hòa Bình")

    question = await world.ask(world.admin, "/tham")
    assert "doanh nghiệp nào" in question.text
    matches = await world.ask(world.admin, "vihoang")
    assert matches.button_texts[0] == "Công ty TNHH Vị Hoàng — KCN Hòa Xá"
    await world.admin.press(matches, matches.button_texts[0])
    date_question = await world.next(world.admin)
    assert "ngày nào" in date_question.text


async def test_statistics_of_the_current_wave(world):
    with world.database.session() as session:
        session.add(Wave(code="1", name="Đợt 1", starts_on=dt.date(2021, 10, 1), ends_on=dt.date(2021, 12, 31)))
    first = world.add_enterprise(name="Công ty A", tax_code="0600000001")
    world.add_enterprise(name="Công ty B", tax_code="0600000002")
    await world.ask(world.admin, "/start")
    log_visit(world, first)
    log_visit(world, first)
    stats = await world.ask(world.admin, "/thongke")
    assert "Đợt 1 (01/10/2021 – 31/12/2021)" in stats.text
    assert "Doanh nghiệp chưa có tổ chức đảng: 2" in stats.text
    assert "Đã làm việc trong đợt: 1 (50%)" in stats.text and "Số buổi làm việc trong đợt: 2" in stats.text
    # Issue 14, defect 8: once the wave is over, the figures since the beginning, and no wave's percentage.
    world.clock.advance(dt.timedelta(days=90))
    stats = await world.ask(world.admin, "/thongke")
    assert "không có đợt công tác nào đang diễn ra" in stats.text, stats.text
    assert "đợt:" not in stats.text and "trong đợt" not in stats.text and "Đợt 1" not in stats.text, stats.text
    assert "Doanh nghiệp chưa có tổ chức đảng: 2" in stats.text and "(50%)" in stats.text, stats.text


async def test_member_edits_own_visit_within_48_hours_then_only_a_coordinator_may(world):
    enterprise_id = world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222")
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    visit_id = log_visit(world, enterprise_id, reporter_name="Bình Phạm")
    with world.database.session() as session:
        session.get(Visit, visit_id).created_at = world.clock.now()
    listing = await world.ask(binh, "/cuatoi")
    assert "14/10/2021 — Công ty TNHH Dệt may Nam Định" in listing.text
    await binh.press(listing, listing.button_texts[0])
    detail = await world.emu.wait_for_edit(listing)
    await binh.press(detail, "✏️ Sửa")
    summary = await world.next(binh)
    assert "Kiểm tra lại" in summary.text
    await binh.press(summary, "✏️ Sửa")
    fields = await world.next(binh)
    await binh.press(fields, "Số liệu")
    await world.next(binh)
    summary = await world.ask(binh, "5 2 400 3")
    await binh.press(summary, "💾 Lưu")
    edited = await world.emu.wait_for_message(binh.private_chat(world.bot),
                                              predicate=lambda m: "Đã cập nhật" in (m.text or ""))
    assert "Dệt may Nam Định" in edited.text
    with world.database.session() as session:
        assert session.get(Visit, visit_id).official_members_found == 5

    world.clock.advance(dt.timedelta(hours=49))
    await binh.press(detail, "🗑 Xóa")
    refused = await world.next(binh)
    assert "48 giờ" in refused.text
    with world.database.session() as session:
        assert session.get(Visit, visit_id).deleted_at is None
