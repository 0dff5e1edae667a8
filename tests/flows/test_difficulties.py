"""Difficulties and recommendations: reported after a visit, followed by coordinators up to the answer."""

import datetime as dt

from sqlalchemy import select

from models.audit import AuditEntry
from models.difficulties import Difficulty, DifficultyInput, DifficultyStatus, report_difficulty
from models.people import Member, Role
from models.rules import load_rules
from tests.flows.cancelling import cancel_form
from tests.flows.pushes import pushed, queued, queued_texts


def people(world):
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    enterprise_id = world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222",
                                         zone="KCN Hòa Xá")
    return binh, enterprise_id


async def log_visit(world, user, query="det may"):
    """The visit form's quickest path; returns the «saved» message with its buttons."""
    await world.ask(user, "/tham")
    matches = await world.ask(user, query)
    await user.press(matches, matches.button_texts[0])
    await user.press(await world.next(user), "Hôm nay")
    await user.press(await world.next(user), "✅ Xong")
    await user.press(await world.next(user), "⏭ Bỏ qua")   # no counts
    await world.next(user)   # the evidence question, with the location key
    await user.press(await world.next(user), "⏭ Bỏ qua")
    await world.next(user)   # the location key taken off the keyboard
    summary = await world.next(user)
    await user.press(summary, "💾 Lưu")
    return await world.shown(user, "Đã lưu")


async def test_reported_after_a_visit_then_forwarded_answered_resolved_and_the_reporter_told(world):
    binh, enterprise_id = people(world)
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats(binh)

    saved = await log_visit(world, binh)
    await binh.press(saved, "Ghi khó khăn, kiến nghị của doanh nghiệp này")
    category = await world.next(binh)
    assert "Ghi khó khăn, kiến nghị" in category.text and "lĩnh vực" in category.text   # the enterprise is known
    await binh.press(category, "Đất đai, mặt bằng")
    await world.next(binh)
    await world.ask(binh, "Thiếu mặt bằng mở rộng nhà xưởng, <b>gấp</b>'; DROP TABLE difficulties;--")
    recipient = await world.ask(binh, "Đề nghị bố trí thêm 2 ha đất")
    await binh.press(recipient, "Sở, ngành")
    await world.next(binh)
    summary = await world.ask(binh, "Sở Tài nguyên và Môi trường")
    assert "Sở, ngành: Sở Tài nguyên và Môi trường" in summary.text
    await binh.press(summary, "💾 Lưu")
    reported = await world.emu.wait_for_message(binh.private_chat(world.bot),
                                                predicate=lambda m: "Đã ghi khó khăn" in (m.text or ""))
    assert "#1" in reported.text and "Dệt may Nam Định" in reported.text
    with world.database.session() as session:
        difficulty = session.scalars(select(Difficulty)).one()
        assert difficulty.visit_id is not None and difficulty.recipient == "department"
        # HTML and SQL are kept as typed, shown as plain text, never run.
        assert difficulty.description == "Thiếu mặt bằng mở rộng nhà xưởng, <b>gấp</b>'; DROP TABLE difficulties;--"

    alert = await pushed(world, coordinators, "🆕 Khó khăn, kiến nghị #1")
    assert "<b>gấp</b>" in alert.text and "Người ghi: Bình Phạm" in alert.text
    assert alert.button_texts == ["📤 Đã chuyển đi", "💬 Đã có trả lời", "✅ Đã giải quyết",
                                  "⛔ Không có cơ sở giải quyết"]
    assert not any("Khó khăn" in text for text in queued_texts(world, group))   # not for the whole group

    # The coordinator presses in the group; the details are asked in the private chat, the item named and the
    # recipient the member suggested filled in.
    query = await world.admin.press(alert, "📤 Đã chuyển đi")
    answer = await world.emu.wait_for_callback_answer(query)
    assert answer["text"] == "📩 Đã mở trong tin nhắn riêng với bot: mời đồng chí ghi tiếp ở đó."
    about = await world.next(world.admin)
    assert "Khó khăn, kiến nghị #1" in about.text and "Thiếu mặt bằng" in about.text
    first = await world.next(world.admin)
    assert "• Chuyển đến: Sở Tài nguyên và Môi trường" in first.text and "Số văn bản chuyển" in first.text
    date_question = await world.ask(world.admin, "125/BQL-DN")
    await world.admin.press(date_question, "Hôm nay")
    summary = await world.next(world.admin)
    await world.admin.press(summary, "💾 Lưu")
    updated = await world.next(world.admin)
    assert "Đã cập nhật khó khăn, kiến nghị #1" in updated.text
    assert "chuyển đến Sở Tài nguyên và Môi trường, văn bản số 125/BQL-DN ngày 15/10/2021." in updated.text
    assert ".." not in updated.text

    told = await pushed(world, binh.private_chat(world.bot), "🔔")
    assert ("#1 của Công ty TNHH Dệt may Nam Định do đồng chí ghi ngày 15/10/2021 có cập nhật: chuyển đến Sở Tài "
            "nguyên và Môi trường") in told.text
    update = first_update = await pushed(world, coordinators, "🔄 Khó khăn, kiến nghị #1")
    assert "Hùng Trần cập nhật" in update.text
    assert update.button_texts == ["📤 Chuyển thêm nơi khác", "💬 Đã có trả lời", "✅ Đã giải quyết",
                                   "⛔ Không có cơ sở giải quyết"]
    await world.admin.press(update, "💬 Đã có trả lời")
    await world.next(world.admin)
    await world.next(world.admin)
    summary = await world.ask(world.admin, "Đã bố trí 2 ha tại KCN Mỹ Trung.")
    await world.admin.press(summary, "💾 Lưu")
    await world.emu.wait_for_message(world.admin.private_chat(world.bot),
                                     predicate=lambda m: "Đã cập nhật" in (m.text or ""))
    update = await pushed(world, coordinators, "#1 — Công ty TNHH Dệt may Nam Định, Hùng Trần cập nhật: có trả lời")
    assert update.text.endswith("KCN Mỹ Trung.")                            # one full stop, not two
    assert update.button_texts == ["📤 Đã chuyển đi", "✅ Đã giải quyết"]   # what may follow an answer

    # Resolving needs no words: one tap in the group records it; that message loses the item's buttons.
    private_before = len(world.emu.bot_messages(world.admin.private_chat(world.bot)))
    query = await world.admin.press(update, "✅ Đã giải quyết")
    answer = await world.emu.wait_for_callback_answer(query)
    assert answer["text"] == "✅ Đã cập nhật khó khăn, kiến nghị #1 (Công ty TNHH Dệt may Nam Định): đã giải quyết."
    await world.emu.wait_for_edit(update)
    assert update.button_texts == []
    await pushed(world, coordinators, "Hùng Trần cập nhật: đã giải quyết")

    # The first alert and the first update lose their buttons too, without anyone pressing them.
    for message in (alert, first_update):
        await world.emu.wait_for_edit(message)
        assert message.button_texts == [] and "Khó khăn, kiến nghị #1" in message.text
    # A button of a finished item pressed all the same (an old client): said on the button only.
    answer = await world.press_forged(world.admin, alert, "ks:1:declined")
    assert "#1 đã kết thúc (Đã giải quyết)" in answer
    assert not any("đã kết thúc" in (m.text or "") for m in world.emu.bot_messages(coordinators))   # not said there
    assert len(world.emu.bot_messages(world.admin.private_chat(world.bot))) == private_before

    with world.database.session() as session:
        difficulty = session.scalars(select(Difficulty)).one()
        assert [e.status for e in difficulty.events] == [
            DifficultyStatus.open, DifficultyStatus.forwarded, DifficultyStatus.answered, DifficultyStatus.resolved]
        assert difficulty.events[1].document_date == dt.date(2021, 10, 15)
        assert difficulty.closed_at is not None
    reporter_notices = queued(world, "difficulty:1:event:")
    assert len([d for d in reporter_notices if d.key.endswith(":reporter")]) == 3
    await pushed(world, binh.private_chat(world.bot), "có cập nhật: đã giải quyết")
    told = [m.text for m in world.emu.bot_messages(binh.private_chat(world.bot)) if "🔔" in (m.text or "")]
    assert len(told) == 3 and "có trả lời: Đã bố trí 2 ha" in told[1] and "đã giải quyết" in told[2]
    # Issue 14, defect 3: the answer ended with its own full stop; no message anywhere ends a sentence twice.
    for chat in (binh.private_chat(world.bot), world.admin.private_chat(world.bot), coordinators, group):
        doubled = [m.text for m in world.emu.bot_messages(chat) if ".." in (m.text or "").replace("...", "")]
        assert doubled == [], doubled


def report(world, *, enterprise_id, description, recipient="ubnd", created_at=None):
    with world.database.session() as session:
        reporter = session.scalars(select(Member).where(Member.role == Role.admin)).first()
        difficulty = report_difficulty(session, DifficultyInput(
            enterprise_id=enterprise_id, category="land", description=description, recipient=recipient),
            reporter=reporter, rules=load_rules())
        if created_at:
            difficulty.created_at = created_at
        return difficulty.id


async def test_open_items_by_age_and_recipient_paged_with_history(world):
    _, enterprise_id = people(world)
    await world.ask(world.admin, "/start")
    now = world.clock.now()
    for index in range(10):
        report(world, enterprise_id=enterprise_id, description=f"Kiến nghị số {index}",
               recipient="ubnd" if index % 3 else "tinh_uy", created_at=now - dt.timedelta(days=index))
    listing = await world.ask(world.admin, "/tondong")
    assert "đang theo dõi: 10" in listing.text
    assert "Theo nơi nhận: Tỉnh ủy 4, UBND tỉnh 6" in listing.text   # in the order of rules.yaml
    lines = [line for line in listing.text.splitlines() if line[:2] in ("1.", "2.")]
    assert "9 ngày" in lines[0] and "Kiến nghị số 9" in lines[0]   # the longest waiting first
    assert "Trang 1/2" in listing.button_texts
    await world.admin.press(listing, "Tỉnh ủy (4)")
    await world.emu.wait_for_edit(listing)
    assert "đang theo dõi: 4 — gửi Tỉnh ủy" in listing.text and "UBND" not in listing.text.split("\n", 2)[2]
    await world.admin.press(listing, listing.button_texts[0])
    await world.emu.wait_for_edit(listing)
    assert "Diễn biến:" in listing.text and "ghi nhận (Hùng Trần)" in listing.text
    assert "📤 Đã chuyển đi" in listing.button_texts and "⬅️ Danh sách" in listing.button_texts
    await world.admin.press(listing, "⬅️ Danh sách")
    await world.emu.wait_for_edit(listing)
    await world.admin.press(listing, "▶️")
    await world.emu.wait_for_edit(listing)
    assert "Trang 2/2" in listing.button_texts


async def test_a_member_may_report_but_not_follow_up(world):
    binh, enterprise_id = people(world)
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats(binh)
    world.emu.add_member(coordinators, binh)   # added to the coordinators' chat by mistake
    refused = await world.ask(binh, "/tondong")
    assert "chỉ dành cho điều phối viên" in refused.text
    difficulty_id = report(world, enterprise_id=enterprise_id, description="Thiếu lao động có tay nghề")
    started = await world.ask(binh, "/khokhan")
    assert "doanh nghiệp nào" in started.text
    await cancel_form(world, binh)
    message = await world.ask(world.admin, "/tondong", chat=coordinators)
    answer = await world.press_forged(binh, message, f"ks:{difficulty_id}:forwarded")   # a step, in the group
    assert "chỉ dành cho điều phối viên" in answer
    with world.database.session() as session:
        assert session.get(Difficulty, difficulty_id).status is DifficultyStatus.open
        assert not session.scalars(select(AuditEntry).where(AuditEntry.action == "difficulty.status")).all()


async def test_declining_needs_a_reason_and_nothing_is_half_saved(world):
    binh, enterprise_id = people(world)
    await world.ask(world.admin, "/start")
    difficulty_id = report(world, enterprise_id=enterprise_id, description="Phí hạ tầng cao")
    listing = await world.ask(world.admin, "/tondong")
    await world.admin.press(listing, listing.button_texts[0])
    await world.emu.wait_for_edit(listing)
    await world.admin.press(listing, "⛔ Không có cơ sở giải quyết")
    await world.next(world.admin)
    question = await world.next(world.admin)
    assert "Vì sao kiến nghị không có cơ sở giải quyết" in question.text
    refused = await world.ask(world.admin, "/boqua")
    assert "bắt buộc" in refused.text
    await world.next(world.admin)
    cancelled = await cancel_form(world, world.admin)
    assert "Không có gì được lưu" in cancelled.text
    with world.database.session() as session:
        difficulty = session.get(Difficulty, difficulty_id)
        assert difficulty.status is DifficultyStatus.open and len(difficulty.events) == 1


async def test_in_a_group_open_items_show_no_text_and_a_card_goes_privately(world):
    """The audit found /tondong and the difficulty card showing every item's full text in any group (the
    coordinators' chat keeps members who were deactivated; any group may hold strangers). In a group the list now
    gives each item's field, not its text, with a link to the full list in the private chat; a card pressed there
    goes to the presser's private chat, the group's message unchanged."""
    binh, enterprise_id = people(world)
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats(binh)
    secret = "Giám đốc Nguyễn Văn Riêng nói công ty nợ lương 3 tháng"
    difficulty_id = report(world, enterprise_id=enterprise_id, description=secret)
    for chat in (group, coordinators):
        listing = await world.ask(world.admin, "/tondong", chat=chat)
        assert f"#{difficulty_id}" in listing.text and "Dệt may Nam Định" in listing.text
        assert "Nguyễn Văn Riêng" not in listing.text and "nợ lương" not in listing.text
        assert "tin nhắn riêng" in listing.text
        link = next(b for row in listing.buttons for b in row if b.text.startswith("📋"))
        assert link.data == "https://t.me/doan_bot?start=go_tondong"
    query = await world.admin.press(listing, f"#{difficulty_id} Công ty TNHH Dệt may Nam Định")
    assert "tin nhắn riêng" in (await world.emu.wait_for_callback_answer(query))["text"]
    card = await world.next(world.admin)
    assert secret in card.text and "Diễn biến:" in card.text and "📤 Đã chuyển đi" in card.button_texts
    assert not listing.edits                                            # the group's list is left as it was
    for chat in (group, coordinators):
        assert not any("Nguyễn Văn Riêng" in (m.text or "") for m in world.emu.bot_messages(chat))
    private = await world.ask(world.admin, "/start go_tondong")       # what the link opens
    assert secret[:40] in private.text
