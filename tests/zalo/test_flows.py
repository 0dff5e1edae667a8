"""More of the bot on Zalo over real HTTP, typed as a Zalo user types: a difficulty reported and followed up by a
coordinator who acts on the alert in the coordinators' Zalo group by its number, and a nominee recorded with the
worker's consent (and a refusal that records nothing)."""

from __future__ import annotations

from sqlalchemy import select

from models.deliveries import Delivery
from models.difficulties import Difficulty, DifficultyStatus
from models.nominees import Nominee
from models.people import Identity, member_by_platform_id
from tests.zalo.conftest import ADMIN_ID
from tests.zalo.test_visit import setup, transcript


async def answers(world, user, *texts):
    """Type each text; the bot's answer to the last."""
    reply = None
    for text in texts:
        reply = await world.ask(user, text)
    return reply


async def test_a_difficulty_reported_on_zalo_and_forwarded_by_a_coordinator_by_number(zalo_world):
    world = zalo_world
    binh, _chi, _enterprise_id = setup(world)
    admin = world.admin
    await world.ask(admin, "/start")
    coordinators = world.emu.add_group("Điều phối", [admin], [world.bot])
    await admin.mention(coordinators, "/gandieuphoi")
    await world.emu.wait_for_message(coordinators)
    await world.ask(binh, "/start")

    category = await answers(world, binh, "/khokhan", "det may", "1")
    assert "1. Đất đai, mặt bằng" in category.text and "gõ số để chọn" in category.text
    recipient = await answers(world, binh, "1", "Thiếu mặt bằng mở rộng nhà xưởng", "Đề nghị bố trí thêm 2 ha đất")
    assert "1. Ban Quản lý các KCN" in recipient.text
    summary = await world.ask(binh, "1")
    assert "• Gửi đến: Ban Quản lý các KCN" in summary.text and "«lưu»" in summary.text, transcript(world, binh)
    saved = await world.ask(binh, "lưu")
    assert "Đã ghi khó khăn, kiến nghị #1" in saved.text

    await world.settle()
    alert = world.emu.bot_messages(coordinators)[-1]
    assert alert.text.startswith("🆕 Khó khăn, kiến nghị #1") and "1. 📤 Đã chuyển đi" in alert.text
    assert "nhắc bot kèm số" in alert.text and len(alert.text) <= 2000
    # The coordinator mentions the bot with the number in the group; the details are asked privately.
    await admin.mention(coordinators, "1")
    number_question = await world.next(admin)
    assert "Số văn bản chuyển" in number_question.text and "Thiếu mặt bằng" in number_question.text
    reply = await world.ask(admin, "125/BQL-DN")
    for _ in range(4):   # what else the form asks (a date as a numbered list), then the summary
        if "«lưu»" in reply.text:
            break
        reply = await world.ask(admin, "1")
    assert "125/BQL-DN" in reply.text and "«lưu»" in reply.text, transcript(world, admin)
    await world.ask(admin, "lưu")
    await world.settle()
    with world.database.session() as session:
        difficulty = session.scalars(select(Difficulty)).one()
        assert difficulty.status is DifficultyStatus.forwarded
    told = world.emu.bot_messages(binh.private_chat(world.bot))[-1]
    assert "#1" in told.text and "chuyển" in told.text, transcript(world, binh)   # the reporter hears, on Zalo
    assert not [m for m in world.emu.bot_messages(coordinators) if "Nguyễn" in (m.text or "")]


async def test_a_nominee_with_the_workers_consent_typed_on_zalo(zalo_world):
    world = zalo_world
    setup(world)
    admin = world.admin
    await world.ask(admin, "/start")
    consent = await world.ask(admin, "/ungvien")
    assert "1. ✅ Đồng ý" in consent.text and "4. ✖️ Không đồng ý" in consent.text and len(consent.text) <= 2000
    refused = await world.ask(admin, "4")
    assert "Nguyễn" not in refused.text
    with world.database.session() as session:
        assert session.scalars(select(Nominee)).first() is None   # a refusal records nothing

    await world.ask(admin, "/ungvien")
    recorded = await world.ask(admin, "1")
    assert "đã đồng ý" in recorded.text and "Bước 1/" in recorded.text
    unions = await answers(world, admin, "det may", "1", "Nguyễn Văn An", "20/05/1995", "Tổ trưởng tổ may")
    assert "1. ⬜ Công đoàn" in unions.text and "1 3" in unions.text   # several at once, by their numbers
    education = await world.ask(admin, "1 2")
    assert "Đã chọn: Công đoàn, Đoàn Thanh niên" in education.text and "3. Tốt nghiệp THPT" in education.text
    reason = await world.ask(admin, "bỏ qua")                  # an optional question skipped by the typed word
    assert "Vì sao giới thiệu" in reason.text, transcript(world, admin)
    summary = await world.ask(admin, "Gương mẫu, nhiệt tình")
    assert "• Họ và tên: Nguyễn Văn An" in summary.text and "«lưu»" in summary.text
    saved = await world.ask(admin, "lưu")
    assert "Đã ghi hồ sơ quần chúng ưu tú #1" in saved.text, transcript(world, admin)
    with world.database.session() as session:
        nominee = session.scalars(select(Nominee)).one()
        assert nominee.full_name == "Nguyễn Văn An" and len(nominee.consents) == 1

    # Issue 14, defect 11 on Zalo: a worker of 16 is warned of at once, right after the birth date.
    await world.ask(admin, "/ungvien")
    await world.ask(admin, "1")
    warned = await answers(world, admin, "det may", "1", "Trần Thị Bé", "12/03/2005")
    assert "⚠️ Người lao động chưa đủ 18 tuổi (tính theo tháng)" in warned.text, transcript(world, admin)
    assert len(warned.text) <= 2000


async def test_consent_given_another_way_is_written_down_first_on_zalo(zalo_world):
    world = zalo_world
    setup(world)
    admin = world.admin
    await world.ask(admin, "/start")
    consent = await world.ask(admin, "/ungvien")
    assert "3. 📝 Đồng ý bằng cách khác (ghi rõ cách)" in consent.text, consent.text
    how = await world.ask(admin, "3")
    assert "bằng cách nào" in how.text, transcript(world, admin)
    how_text = "Người lao động tự xác nhận qua tin nhắn Zalo ngày 15/10/2021"
    unions = await answers(world, admin, how_text, "det may", "1", "Nguyễn Văn An", "20/05/1995", "Tổ trưởng tổ may")
    assert "1. ⬜ Công đoàn" in unions.text, transcript(world, admin)
    await world.ask(admin, "1")
    await world.ask(admin, "bỏ qua")
    summary = await world.ask(admin, "Gương mẫu, nhiệt tình")
    assert f"• Cách đồng ý: {how_text}" in summary.text, transcript(world, admin)
    saved = await world.ask(admin, "lưu")
    assert "Đã ghi hồ sơ quần chúng ưu tú #1" in saved.text, transcript(world, admin)
    with world.database.session() as session:
        (recorded,) = session.scalars(select(Nominee)).one().consents
        assert (recorded.method.value, recorded.how) == ("other", how_text)


async def test_the_signed_consent_form_on_zalo_as_a_one_time_link_and_its_photo_by_number(zalo_world, tmp_path):
    from io import BytesIO

    import httpx
    from docx import Document

    from emulator.testing import SAMPLE_JPEG
    from tests.zalo.test_reports import LINK, serve_links

    world = zalo_world
    setup(world)
    admin = world.admin
    await world.ask(admin, "/start")
    await world.ask(admin, "/ungvien")
    await world.ask(admin, "2")                                # the worker signs a printed form
    await answers(world, admin, "det may", "1", "Nguyễn Văn An", "20/05/1995", "Tổ trưởng tổ may", "xong", "bỏ qua")
    await world.ask(admin, "Gương mẫu, nhiệt tình")
    saved = await world.ask(admin, "lưu")
    assert "1. 📄 Phiếu đồng ý để ký (DOCX)" in saved.text and "2. 📷 Gửi ảnh phiếu đã ký" in saved.text, \
        transcript(world, admin)
    assert "bấm" not in saved.text and "nút" not in saved.text

    # Polling, no Telegram: where to get it, and the next step offered by its number all the same.
    nowhere = await world.ask(admin, "1")
    assert "Zalo không gửi được tệp" in nowhere.text and "/lienket" in nowhere.text, transcript(world, admin)
    assert "báo cáo" not in nowhere.text and "1. 📷 Gửi ảnh phiếu đã ký" in nowhere.text

    links, runner = await serve_links(world, tmp_path)   # webhook mode: a one-time link on the bot's own server
    try:
        listed = await world.ask(admin, "/dsungvien")
        record = next(line.split(".", 1)[0] for line in listed.text.splitlines() if "#1" in line and line[:1].isdigit())
        card = await world.ask(admin, record)
        number = next(line.split(".", 1)[0] for line in card.text.splitlines() if "Phiếu đồng ý để ký" in line)
        form = await world.ask(admin, number)
        (url,) = LINK.findall(form.text)
        assert "in ra" in form.text and "1. 📷 Gửi ảnh phiếu đã ký" in form.text, form.text
        async with httpx.AsyncClient() as http:
            answer = await http.get(url)
        assert answer.status_code == 200
        text = "\n".join(p.text for p in Document(BytesIO(answer.content)).paragraphs)
        assert "Nguyễn Văn An" in text and "20/05/1995" in text
    finally:
        await runner.cleanup()
    with world.database.session() as session:   # the same member on Telegram: the form goes there, protected
        member = member_by_platform_id(session, f"zalo:{ADMIN_ID}")
        member.identities.append(Identity(platform_id="telegram:4242", private_chat_id="telegram:4242"))
    card = await world.ask(admin, "/dsungvien")
    card = await world.ask(admin, next(line.split(".", 1)[0] for line in card.text.splitlines()
                                       if "#1" in line and line[:1].isdigit()))
    sent = await world.ask(admin, next(line.split(".", 1)[0] for line in card.text.splitlines()
                                       if "Phiếu đồng ý để ký" in line))
    assert "Telegram" in sent.text and not LINK.search(sent.text) and "1. 📷 Gửi ảnh phiếu đã ký" in sent.text
    with world.database.session() as session:
        (forwarded,) = session.scalars(select(Delivery).where(Delivery.kind == "report_file")).all()
        assert forwarded.chat_id == "telegram:4242" and forwarded.payload["protect"] is True
    # This test's outbox has no Telegram sender: the row fails there, and what the outbox says of it is not ours.
    await world.settle()
    await world.settle()
    await admin.send("1")
    ask = await world.emu.wait_for_message(admin.private_chat(world.bot), predicate=lambda m: "Bước" in m.text)
    assert "Chụp rõ toàn bộ phiếu" in ask.text and "chọn «Xong»" in ask.text, transcript(world, admin)
    await admin.send_photo(SAMPLE_JPEG, "phiếu đã ký")
    await world.next(admin)
    assert "1 ảnh" in (await world.ask(admin, "xong")).text
    done = await world.ask(admin, "lưu")
    assert "Đã lưu ảnh phiếu đồng ý đã ký vào hồ sơ #1" in done.text, transcript(world, admin)
    with world.database.session() as session:
        nominee = session.scalars(select(Nominee)).one()
        assert nominee.full_name == "Nguyễn Văn An" and nominee.consents[-1].method.value == "signed_form"


async def test_someone_new_on_zalo_joins_by_sending_the_invites_code(zalo_world):
    world = zalo_world
    admin = world.admin
    await world.ask(admin, "/start")
    hoa = world.emu.add_user("Đỗ Thị Hoa")
    told = await world.ask(hoa, "xin chào")
    assert "mã mời" in told.text and "đường dẫn" not in told.text, told.text   # no link opens the bot on Zalo
    wrong = await world.ask(hoa, "inv_khongcomaynay")
    assert "Mã mời không đúng" in wrong.text and "đường dẫn" not in wrong.text, wrong.text
    roles = await world.ask(admin, "/moi")
    number = next(line.split(".", 1)[0] for line in roles.text.splitlines() if line.endswith("Thành viên"))
    invite = await world.ask(admin, number)
    (code,) = [line for line in invite.text.splitlines() if line.startswith("inv_")]   # alone on its line
    assert "t.me" not in invite.text
    welcome = await world.ask(hoa, code)
    assert welcome.text.startswith("Chào mừng đồng chí Đỗ Thị Hoa tham gia Đoàn công tác"), transcript(world, hoa)
    used = await world.ask(world.emu.add_user("Lê Văn Tư"), code)
    assert "đã được sử dụng" in used.text and "đường dẫn" not in used.text


async def test_the_decision_with_the_dang_uy_co_so_s_review_typed_on_zalo(zalo_world):
    """A record at the chi bộ's resolution: the decision is recorded by typed numbers, with the review of the đảng ủy
    cơ sở the chi bộ sits under (its date, members, in favour); too few in favour is refused with the figures."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from models.nominees import ConsentInput, NomineeInput, Stage, move_stage, nominate
    from models.rules import load_rules
    from tests.models.test_pipeline import walk_to

    world = zalo_world
    _binh, _chi, enterprise_id = setup(world)
    admin = world.admin
    await world.ask(admin, "/start")
    world.clock.set(dt.datetime(2022, 9, 12, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")).astimezone(dt.UTC))
    rules = load_rules()
    with world.database.session() as session:
        coordinator = member_by_platform_id(session, f"zalo:{ADMIN_ID}")
        record = nominate(session, NomineeInput(
            enterprise_id=enterprise_id, full_name="Trần Thị Hoa", date_of_birth=dt.date(1995, 5, 20),
            nominated_on=dt.date(2022, 3, 1),
            consent=ConsentInput(granted=True, given_at=world.clock.now(), wording_version="test")),
            by=coordinator, rules=rules)
        for step in walk_to(Stage.resolution_passed):
            move_stage(session, record.id, step, by=coordinator, rules=rules)

    listing = await world.ask(admin, "/dsungvien")
    card = await world.ask(admin, next(line.split(".", 1)[0] for line in listing.text.splitlines()
                                       if "#1" in line and line[:1].isdigit()))
    (decide,) = [line.split(".", 1)[0] for line in card.text.splitlines() if "➡️ Có quyết định kết nạp" in line]
    question = await world.ask(admin, decide)
    if "Trần Thị Hoa" in question.text and "đảng ủy cơ sở" not in question.text:
        question = await world.next(admin)
    assert "đảng ủy cơ sở họp xét duyệt ngày nào" in question.text, transcript(world, admin)
    assert "Số cấp ủy viên" not in question.text
    await world.ask(admin, "05/09/2022")
    await world.ask(admin, "7")
    summary = await answers(world, admin, "4", "45-QĐ/ĐU", "06/09/2022", "08/09/2022")
    assert "«lưu»" in summary.text, transcript(world, admin)
    refused = await world.ask(admin, "lưu")
    assert "cần ít nhất 2/3 số cấp ủy viên (4/7)" in refused.text, transcript(world, admin)
    with world.database.session() as session:
        assert session.get(Nominee, record.id).stage is Stage.resolution_passed   # nothing half-written
    assert len(refused.text) <= 2000

    await world.ask(admin, "/huy")
    await world.ask(admin, "/huy")                   # answers were given: the second one cancels
    listing = await world.ask(admin, "/dsungvien")
    card = await world.ask(admin, next(line.split(".", 1)[0] for line in listing.text.splitlines()
                                       if "#1" in line and line[:1].isdigit()))
    (decide,) = [line.split(".", 1)[0] for line in card.text.splitlines() if "➡️ Có quyết định kết nạp" in line]
    question = await world.ask(admin, decide)
    if "đảng ủy cơ sở" not in question.text:
        await world.next(admin)
    summary = await answers(world, admin, "05/09/2022", "7", "5", "45-QĐ/ĐU", "06/09/2022", "08/09/2022")
    assert "• Số cấp ủy viên tán thành: 5" in summary.text, transcript(world, admin)
    await world.ask(admin, "lưu")
    await world.settle()
    shown = "\n".join(m.text or "" for m in world.emu.bot_messages(admin.private_chat(world.bot))[-4:])
    assert "✅ Đảng ủy cơ sở xét duyệt: 05/09/2022 — 5/7 cấp ủy viên tán thành" in shown, transcript(world, admin)
    with world.database.session() as session:
        decided = session.get(Nominee, record.id)
        assert (decided.stage, decided.committee_votes_for, decided.committee_members) == (Stage.decided, 5, 7)
