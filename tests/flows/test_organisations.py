"""Transfers of party activity with working-day deadlines, foundings, and threshold alerts told once."""

import datetime as dt

from sqlalchemy import select

from models.organisations import Founding, Transfer
from models.registry import Enterprise, PartyOrgStatus
from models.rules import load_rules
from tests.flows.pushes import all_sent, pushed, queued, queued_texts

# The receiving body of the bodies file in 2021 (models/bodies.yaml, role transfer_receiver).
ZONES_DESTINATION = "Về Đảng bộ Ban Quản lý các khu công nghiệp tỉnh (sinh hoạt ghép)"


def setup(world, **fields):
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    enterprise_id = world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222",
                                         zone="KCN Hòa Xá", **fields)
    return binh, enterprise_id


async def answer(world, user, *steps, question=None):
    """Walk a form: text is typed, ("press", label) presses a button on the last question."""
    for step in steps:
        if isinstance(step, tuple):
            await user.press(question, step[1])
            question = await world.next(user)
        else:
            question = await world.ask(user, step)
    return question


async def test_a_transfer_by_count_shows_its_working_day_deadlines(world):
    binh, _ = setup(world)
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats(binh)
    await world.ask(binh, "/chuyensh")
    summary = await answer(world, binh, "det may", ("press", "Công ty TNHH Dệt may Nam Định — KCN Hòa Xá"),
                           ("press", "Chỉ ghi số lượng"), "2", "Đảng bộ xã Mỹ Hà", ("press", "Nơi khác"),
                           "Chi bộ Doanh nghiệp 1", ("press", "Ngày khác…"), "01/10/2021")
    await binh.press(summary, "⏭ Bỏ qua")   # no letter yet
    summary = await world.next(binh)
    assert "Số đảng viên: 2" in summary.text
    await binh.press(summary, "💾 Lưu")
    saved = await world.emu.wait_for_message(binh.private_chat(world.bot),
                                             predicate=lambda m: "Đã ghi việc chuyển" in (m.text or ""))
    rules = load_rules()
    begin_by = rules.add_working_days(dt.date(2021, 10, 1), 60)
    assert begin_by == dt.date(2021, 12, 24)   # 60 working days, weekends skipped
    assert "Hạn làm thủ tục chuyển sinh hoạt: 24/12/2021 (60 ngày làm việc kể từ 01/10/2021)" in saved.text
    alert = await pushed(world, coordinators, "Chuyển sinh hoạt đảng #1")
    assert "2 đảng viên, từ Đảng bộ xã Mỹ Hà" in alert.text and "24/12/2021" in alert.text


def name_reads(world) -> int:
    from models.audit import AuditEntry

    with world.database.session() as session:
        return len(session.scalars(select(AuditEntry).where(AuditEntry.action == "transfer.read")).all())


async def test_a_named_transfer_is_followed_to_completion_and_names_stay_private(world):
    binh, _ = setup(world)
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats(binh)
    await world.ask(binh, "/chuyensh")
    question = await answer(world, binh, "det may", ("press", "Công ty TNHH Dệt may Nam Định — KCN Hòa Xá"),
                            ("press", "Ghi họ tên (1 đảng viên)"), "Trần Văn Nam", "Đảng bộ phường Lộc Hạ",
                            ("press", ZONES_DESTINATION), ("press", "Ngày khác…"), "01/10/2021",
                            ("press", "Ngày khác…"), "11/10/2021")
    await binh.press(question, "⏭ Bỏ qua")   # not presented yet
    summary = await world.next(binh)
    await binh.press(summary, "💾 Lưu")
    saved = await world.emu.wait_for_message(binh.private_chat(world.bot),
                                             predicate=lambda m: "Đã ghi việc chuyển" in (m.text or ""))
    assert ("Hạn xuất trình giấy giới thiệu với cấp ủy nơi chuyển đến: 22/11/2021 (30 ngày làm việc kể từ 11/10/2021)"
            in saved.text)
    await pushed(world, coordinators, "Chuyển sinh hoạt đảng #1")
    assert not any("Trần Văn Nam" in text for text in queued_texts(world, coordinators))

    in_group = await world.ask(world.admin, "/dschuyensh", chat=coordinators)
    assert ("#1 · Công ty TNHH Dệt may Nam Định · 1 đảng viên · hạn xuất trình giấy giới thiệu 22/11/2021"
            in in_group.text)
    assert name_reads(world) == 0   # no name shown in the group, nothing to record
    private = await world.ask(world.admin, "/dschuyensh")
    assert "Trần Văn Nam" in private.text
    assert name_reads(world) == 1   # the name was shown: who saw it is on record
    refused = await world.ask(binh, "/dschuyensh")
    assert "chỉ dành cho điều phối viên" in refused.text

    world.clock.advance(dt.timedelta(days=40))   # 24/11/2021: the letter is late
    await world.admin.press(private, private.button_texts[0])
    card = await world.emu.wait_for_edit(private)
    assert "đã quá hạn 2 ngày" in card.text
    assert name_reads(world) == 2
    await world.admin.press(card, "✅ Đã xuất trình giấy giới thiệu")
    await world.next(world.admin)
    question = await world.next(world.admin)
    await world.admin.press(question, "Hôm nay")
    summary = await world.next(world.admin)
    await world.admin.press(summary, "💾 Lưu")
    done = await world.shown(world.admin, "Đã cập nhật")
    assert "Đã xuất trình giấy giới thiệu ngày 24/11/2021: hoàn thành" in done.text
    assert "nên xóa tên đảng viên" in done.text          # done: the name is no longer needed
    assert "Không có việc chuyển sinh hoạt" in (await world.ask(world.admin, "/dschuyensh")).text
    with world.database.session() as session:
        transfer = session.scalars(select(Transfer)).one()
        assert transfer.completed_on == dt.date(2021, 11, 24) and transfer.to_zones_party_body
        # Completed at the zones board's party body: the enterprise's member now attends there.
        enterprise = session.get(Enterprise, transfer.enterprise_id)
        assert enterprise.party_org_status is PartyOrgStatus.members_elsewhere
        assert (enterprise.official_members, enterprise.probationary_members) == (1, 0)
    card = await world.ask(binh, "det may")
    assert "Tổ chức đảng: chưa có (đảng viên sinh hoạt ghép)" in card.text
    assert "Số đảng viên theo: chuyển sinh hoạt đảng hoàn thành ngày 24/11/2021 (+1 chính thức)" in card.text

    # The name is erased on request: a coordinator's button, confirmed, audited; the transfer stays.
    forged = await world.ask(binh, "/trogiup")
    assert "chỉ dành cho điều phối viên" in await world.press_forged(binh, forged, "tm:1")
    in_chat = await world.ask(world.admin, "/trogiup", chat=coordinators)
    assert "tin nhắn riêng" in await world.press_forged(world.admin, in_chat, "tm:1")   # never in a group
    await world.admin.press(done, "🗑 Xóa tên đảng viên")
    confirm = await world.emu.wait_for_edit(done)
    assert "không hoàn tác được" in confirm.text and "Trần Văn Nam" not in confirm.text
    await world.admin.press(confirm, "🗑 Xóa tên")
    erased = await world.emu.wait_for_edit(confirm)
    assert "Đã xóa tên đảng viên của việc chuyển sinh hoạt đảng #1" in erased.text
    from models.audit import AuditEntry

    with world.database.session() as session:
        transfer = session.scalars(select(Transfer)).one()
        assert transfer.member_name is None and transfer.name_erased_at == world.clock.now()
        assert transfer.member_count == 1 and transfer.completed_on == dt.date(2021, 11, 24)
        erasures = session.scalars(select(AuditEntry).where(AuditEntry.action == "transfer.erase_name")).all()
        assert [a.entity_id for a in erasures] == [1]
    card_host = await world.ask(world.admin, "/trogiup")
    await world.press_forged(world.admin, card_host, "tc:1")
    card = await world.emu.wait_for_edit(card_host)
    assert "1 đảng viên (đã xóa tên ngày 24/11/2021)" in card.text and "Trần Văn Nam" not in card.text
    assert "🗑 Xóa tên đảng viên" not in card.button_texts


async def test_founding_updates_the_enterprise_and_only_coordinators_record_it(world):
    binh, enterprise_id = setup(world, official_members=4)
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats(binh)
    refused = await world.ask(binh, "/thanhlap")
    assert "chỉ dành cho điều phối viên" in refused.text
    question = await world.ask(world.admin, f"/thanhlap {enterprise_id}")
    summary = await answer(world, world.admin, ("press", "Tổ chức cơ sở đảng"), ("press", "Chi bộ cơ sở"),
                           "125-QĐ/ĐUK", ("press", "Hôm nay"), "5", question=question)
    await world.admin.press(summary, "💾 Lưu")
    saved = await world.emu.wait_for_message(world.admin.private_chat(world.bot),
                                             predicate=lambda m: "Đã ghi quyết định" in (m.text or ""))
    assert "tổ chức đảng: chi bộ cơ sở; đảng viên: 5 chính thức" in saved.text
    with world.database.session() as session:
        enterprise = session.get(Enterprise, enterprise_id)
        assert enterprise.party_org_status is PartyOrgStatus.chi_bo
        assert enterprise.party_org_founded_on == dt.date(2021, 10, 15) and enterprise.official_members == 5
    notice = await pushed(world, group, "🎉")
    assert "🎉 Thành lập chi bộ cơ sở tại Công ty TNHH Dệt may Nam Định" in notice.text
    # Recording it twice is refused with the first decision's number; nothing more is written.
    question = await world.ask(world.admin, f"/thanhlap {enterprise_id}")
    summary = await answer(world, world.admin, ("press", "Tổ chức cơ sở đảng"), ("press", "Chi bộ cơ sở"),
                           "130-QĐ/ĐUK", ("press", "Hôm nay"), "6", question=question)
    await world.admin.press(summary, "💾 Lưu")
    refused = await world.emu.wait_for_message(world.admin.private_chat(world.bot),
                                               predicate=lambda m: "Chưa lưu được" in (m.text or ""))
    assert "số 125-QĐ/ĐUK" in refused.text
    with world.database.session() as session:
        assert len(session.scalars(select(Founding)).all()) == 1


async def visit_with_counts(world, user, counts):
    await world.ask(user, "/tham")
    matches = await world.ask(user, "det may")
    await user.press(matches, matches.button_texts[0])
    await user.press(await world.next(user), "Hôm nay")
    await user.press(await world.next(user), "✅ Xong")
    await world.next(user)
    await world.ask(user, counts)
    await user.press(await world.next(user), "⏭ Bỏ qua")
    await world.next(user)
    summary = await world.next(user)
    await user.press(summary, "💾 Lưu")
    await world.shown(user, "Đã lưu")


async def test_thresholds_are_told_once_and_lead_to_the_founding(world):
    binh, enterprise_id = setup(world, official_members=2)
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats(binh)
    await visit_with_counts(world, binh, "2 1 100 0")
    assert queued(world, "threshold:") == []
    await visit_with_counts(world, binh, "3 0 100 0")   # reaches 3 official members
    await visit_with_counts(world, binh, "4 0 120 1")   # a later change: no second alert
    assert [d.key for d in queued(world, "threshold:")] == [f"threshold:party_org:{enterprise_id}"]
    await visit_with_counts(world, binh, "10 0 150 1")  # reaches 9: the chi ủy alert, once
    await visit_with_counts(world, binh, "11 0 150 1")
    assert [d.key for d in queued(world, "threshold:")] == [f"threshold:party_org:{enterprise_id}",
                                                           f"threshold:chi_uy:{enterprise_id}"]
    alert = await pushed(world, coordinators, "đủ điều kiện thành lập")
    assert "nay có 3 đảng viên chính thức — đủ điều kiện thành lập chi bộ cơ sở (từ 3" in alert.text
    # The deciding body is the bodies file's for that date, not a fixed name.
    assert "Đề nghị Ban Thường vụ Đảng ủy Khối xem xét, quyết định thành lập" in alert.text
    chi_uy = await pushed(world, coordinators, "bầu chi ủy")
    assert "nay có 10 đảng viên chính thức — đủ số lượng để chi bộ bầu chi ủy (từ 9" in chi_uy.text
    assert len([m for m in world.emu.bot_messages(coordinators) if "📈" in (m.text or "")]) == 2

    query = await world.admin.press(alert, "🏛 Ghi quyết định thành lập")
    # Issue 14, defect 5: the popup says where the form went, pointing to no button, and nothing is said in the group.
    answer_shown = await world.emu.wait_for_callback_answer(query)
    assert answer_shown["text"] == "📩 Đã mở trong tin nhắn riêng với bot: mời đồng chí ghi tiếp ở đó."
    assert not any("bên dưới" in (m.text or "") for m in world.emu.bot_messages(coordinators))
    question = await world.next(world.admin)
    # The enterprise, the kind and what its counts make it came with the button, and the form names them.
    assert "• Doanh nghiệp: Công ty TNHH Dệt may Nam Định" in question.text, question.text
    assert "Loại tổ chức đảng: Chi bộ cơ sở" in question.text and "Số quyết định thành lập" in question.text
    summary = await answer(world, world.admin, "88-QĐ/ĐUK", ("press", "Hôm nay"), question=question)
    await world.admin.press(summary, "⏭ Bỏ qua")
    summary = await world.next(world.admin)
    assert "Tổ chức: Tổ chức cơ sở đảng" in summary.text
    await world.admin.press(summary, "💾 Lưu")
    await world.emu.wait_for_message(world.admin.private_chat(world.bot),
                                     predicate=lambda m: "Đã ghi quyết định" in (m.text or ""))
    with world.database.session() as session:
        assert session.get(Enterprise, enterprise_id).party_org_status is PartyOrgStatus.chi_bo
    assert len(queued(world, "threshold:")) == 2   # the founding told nothing new
    await all_sent(world)


async def test_a_chi_bo_truc_thuoc_and_a_chi_bo_not_tied_to_one_enterprise(world):
    binh, enterprise_id = setup(world, official_members=4)
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats(binh)
    question = await world.ask(world.admin, f"/thanhlap {enterprise_id}")
    question = await answer(world, world.admin, ("press", "Tổ chức cơ sở đảng"),
                            ("press", "Chi bộ trực thuộc đảng ủy cơ sở"), question=question)
    assert "Chi bộ trực thuộc đảng ủy cơ sở nào? (ví dụ: Đảng bộ Ban Quản lý các khu công nghiệp tỉnh)" \
        in question.text
    summary = await answer(world, world.admin, "Đảng ủy Ban Quản lý các khu công nghiệp tỉnh", "15-QĐ/ĐU",
                           ("press", "Hôm nay"), "4", question=question)
    await world.admin.press(summary, "💾 Lưu")
    saved = await world.shown(world.admin, "Đã ghi quyết định")
    assert "chi bộ trực thuộc đảng ủy cơ sở thuộc Đảng ủy Ban Quản lý các khu công nghiệp tỉnh" in saved.text
    with world.database.session() as session:
        enterprise = session.get(Enterprise, enterprise_id)
        assert enterprise.party_org_status is PartyOrgStatus.chi_bo_truc_thuoc
        founding = session.scalars(select(Founding)).one()
        # A chi bộ trực thuộc is decided by its đảng ủy cơ sở.
        assert founding.deciding_body == founding.parent == "Đảng ủy Ban Quản lý các khu công nghiệp tỉnh"
    card = await world.ask(binh, "det may")
    assert ("Tổ chức đảng: đã có chi bộ trực thuộc đảng ủy cơ sở (thuộc Đảng ủy Ban Quản lý các khu công nghiệp "
            "tỉnh)") in card.text

    # Item 1.4: one more chi bộ under the zones board's đảng ủy, not tied to one enterprise.
    await world.ask(world.admin, "/thanhlapchibo")
    summary = await answer(world, world.admin, "Chi bộ Doanh nghiệp ngoài khu vực nhà nước số 2",
                           "Đảng ủy Ban Quản lý các khu công nghiệp tỉnh", "25-QĐ/ĐU", ("press", "Hôm nay"))
    await world.admin.press(summary, "⏭ Bỏ qua")   # members at founding
    summary = await world.next(world.admin)
    await world.admin.press(summary, "💾 Lưu")
    saved = await world.shown(world.admin, "Đã ghi quyết định thành lập Chi bộ Doanh nghiệp")
    assert "Chi bộ Doanh nghiệp ngoài khu vực nhà nước số 2, trực thuộc Đảng ủy Ban Quản lý" in saved.text
    with world.database.session() as session:
        (not_tied,) = session.scalars(select(Founding).where(Founding.enterprise_id.is_(None))).all()
        assert not_tied.org_name == "Chi bộ Doanh nghiệp ngoài khu vực nhà nước số 2"


async def test_a_temporary_transfer_shows_its_period_and_is_reminded_before_it_ends(world):
    """Chuyển sinh hoạt tạm thời, opened from the summary: the period's limits are the rules', the card and the list
    say «tạm thời đến …», the enterprise's counts stay, and the coordinators hear before the period ends."""
    from tests.flows.test_plan import at_local

    binh, enterprise_id = setup(world)
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats(binh)
    await world.ask(binh, "/chuyensh")
    question = await answer(world, binh, "det may", ("press", "Công ty TNHH Dệt may Nam Định — KCN Hòa Xá"),
                            ("press", "Chỉ ghi số lượng"), "1", "Đảng bộ xã Mỹ Hà", ("press", ZONES_DESTINATION),
                            ("press", "Ngày khác…"), "01/10/2021")
    await binh.press(question, "⏭ Bỏ qua")   # no letter yet
    summary = await world.next(binh)
    assert "Tạm thời đến" not in summary.text            # the quick path stays as it was: official
    await binh.press(summary, "➕ Chuyển sinh hoạt tạm thời")
    question = await answer(world, binh, ("press", "Tạm thời"), ("press", "Ngày khác…"), "15/12/2021",
                            question=await world.next(binh))
    await binh.press(question, "💾 Lưu")                  # two and a half months: too short for the rules
    refused = await world.emu.wait_for_message(binh.private_chat(world.bot),
                                               predicate=lambda m: "Chưa lưu được" in (m.text or ""))
    assert "Chuyển sinh hoạt tạm thời từ 3 tháng trở lên" in refused.text
    with world.database.session() as session:
        assert session.scalars(select(Transfer)).first() is None   # nothing half-written
    summary = await world.next(binh)
    assert "Kiểm tra lại" in summary.text   # the summary again, for a correction
    await binh.press(summary, "✏️ Sửa")
    fields = await world.next(binh)
    await binh.press(fields, "Tạm thời đến")
    question = await world.next(binh)
    summary = await answer(world, binh, ("press", "Ngày khác…"), "31/03/2022", question=question)
    assert "Tạm thời đến: 31/03/2022" in summary.text
    await binh.press(summary, "💾 Lưu")
    saved = await world.emu.wait_for_message(binh.private_chat(world.bot),
                                             predicate=lambda m: "Đã ghi việc chuyển" in (m.text or ""))
    assert "Công ty TNHH Dệt may Nam Định (tạm thời đến 31/03/2022)" in saved.text
    assert "Sinh hoạt tạm thời từ 01/10/2021 đến 31/03/2022" in saved.text

    listing = await world.ask(world.admin, "/dschuyensh")
    assert "#1 · Công ty TNHH Dệt may Nam Định (tạm thời đến 31/03/2022) · 1 đảng viên" in listing.text
    await world.admin.press(listing, listing.button_texts[0])
    card = await world.emu.wait_for_edit(listing)
    assert "(tạm thời đến 31/03/2022)" in card.text
    with world.database.session() as session:
        transfer = session.scalars(select(Transfer)).one()
        assert (transfer.temporary, transfer.temporary_from, transfer.temporary_until) == (
            True, dt.date(2021, 10, 1), dt.date(2022, 3, 31))
        enterprise = session.get(Enterprise, enterprise_id)
        assert enterprise.official_members == 0 and enterprise.party_org_status is PartyOrgStatus.none

    warn = load_rules().value("temporary_transfer_end_warn_days", dt.date(2022, 3, 31))
    reminder_day = dt.date(2022, 3, 31) - dt.timedelta(days=warn)
    at_local(world, reminder_day.year, reminder_day.month, reminder_day.day, 8, 1)
    await world.runtime.tick()
    reminder = await pushed(world, coordinators, "Sắp hết thời hạn sinh hoạt đảng tạm thời")
    assert "Hồ sơ chuyển #1 (1 đảng viên, Công ty TNHH Dệt may Nam Định)" in reminder.text
    assert "đến 31/03/2022" in reminder.text
    assert not any("tạm thời" in text for text in queued_texts(world, group))   # coordinators only
