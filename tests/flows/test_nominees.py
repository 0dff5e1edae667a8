"""Outstanding workers: consent first, names for coordinators only, stages with their due dates, erasure."""

import datetime as dt
import json

from sqlalchemy import func, select

from models.audit import AuditEntry
from models.conversation import FormDraft
from models.nominees import PERSONAL_FIELDS, Consent, Nominee, Stage
from texts.nominees import CONSENT_VERSION
from tests.flows.cancelling import cancel_form
from tests.flows.pushes import pushed, queued_texts

NAME = "Nguyễn Thị Mai"


def people(world):
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    enterprise_id = world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222",
                                         zone="KCN Hòa Xá")
    return binh, enterprise_id


def count(world, table) -> int:
    with world.database.session() as session:
        return session.scalar(select(func.count()).select_from(table))


def audit_actions(world) -> list[str]:
    with world.database.session() as session:
        return list(session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "nominee")
                                    .order_by(AuditEntry.id)))


async def nominate(world, user, *, birth="20/05/1995"):
    consent = await world.ask(user, "/ungvien")
    await user.press(consent, "✅ Người lao động đồng ý")
    await world.emu.wait_for_edit(consent)
    await world.next(user)
    matches = await world.ask(user, "det may")
    await user.press(matches, matches.button_texts[0])
    await world.next(user)
    await world.ask(user, NAME)
    position = await world.ask(user, birth)
    await user.press(position, "⏭ Bỏ qua")
    unions = await world.next(user)
    await user.press(unions, "⬜ Công đoàn")
    await world.emu.wait_for_edit(unions)
    await user.press(unions, "✅ Xong")
    await world.next(user)
    summary = await world.ask(user, "Tổ trưởng sản xuất, nhiều năm là lao động giỏi")
    assert NAME in summary.text and "20/05/1995" in summary.text and "Đoàn viên: Công đoàn" in summary.text
    await user.press(summary, "💾 Lưu")
    return await world.emu.wait_for_message(user.private_chat(world.bot),
                                            predicate=lambda m: "Đã ghi hồ sơ" in (m.text or ""))


async def test_no_consent_no_record(world):
    binh, _ = people(world)
    consent = await world.ask(binh, "/ungvien")
    assert "Tôi đồng ý để Đoàn công tác" in consent.text and f"phiên bản {CONSENT_VERSION}" in consent.text
    await binh.press(consent, "✖️ Không đồng ý")
    await world.emu.wait_for_edit(consent)
    assert "không đồng ý" in consent.text and "Không có thông tin nào" in consent.text
    assert consent.button_texts == []
    assert count(world, Nominee) == 0 and count(world, Consent) == 0 and count(world, FormDraft) == 0


async def test_a_member_nominates_with_consent_and_sees_no_names_afterwards(world):
    binh, enterprise_id = people(world)
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats(binh)
    saved = await nominate(world, binh)
    assert "#1" in saved.text and NAME not in saved.text
    with world.database.session() as session:
        nominee = session.scalars(select(Nominee)).one()
        consent = nominee.consents[0]
        assert nominee.full_name == NAME and nominee.trade_union_member and nominee.youth_union_member is False
        assert consent.wording_version == CONSENT_VERSION and consent.given_at == world.clock.now()
        assert consent.taken_by_id == nominee.nominated_by_id
        assert nominee.age_eligible_until == dt.date(2056, 5, 19)   # full 60: the day before the 61st birthday

    alert = await pushed(world, coordinators, "Hồ sơ quần chúng ưu tú #1")
    assert "do Bình Phạm giới thiệu" in alert.text and "Mai" not in alert.text
    # Nothing queued for either chat names the worker; the group is not told at all (right after the same
    # member's visit notice, "one more nominee" would point at a workplace): it reads totals in the digest.
    assert not any("Mai" in text for text in queued_texts(world, coordinators) + queued_texts(world, group))
    assert not any("quần chúng ưu tú" in text.lower() for text in queued_texts(world, group))

    counts = await world.ask(binh, "/dsungvien")
    assert "Được giới thiệu: 1" in counts.text and "Mai" not in counts.text
    in_group = await world.ask(world.admin, "/dsungvien", chat=group)
    assert "Được giới thiệu: 1" in in_group.text and "Mai" not in in_group.text   # counts only, even for coordinators
    before = audit_actions(world)
    # A member pressing the coordinators' «Xem hồ sơ» (or forging it) gets no name and leaves no read.
    world.emu.add_member(coordinators, binh)
    query = await binh.press(alert, "👁 Xem hồ sơ")
    answer = await world.emu.wait_for_callback_answer(query)
    assert "chỉ dành cho điều phối viên" in answer["text"]
    assert audit_actions(world) == before

    # The coordinator presses it in the group: the card goes to their private chat, and the read is audited.
    query = await world.admin.press(alert, "👁 Xem hồ sơ")
    assert "tin nhắn riêng" in (await world.emu.wait_for_callback_answer(query))["text"]
    card = await world.next(world.admin)
    assert NAME in card.text and "20/05/1995" in card.text and "Đoàn viên: Công đoàn" in card.text
    assert f"mẫu {CONSENT_VERSION}, người ghi nhận Bình Phạm" in card.text
    assert "Độ tuổi xét kết nạp: từ 20/05/2013 đến 19/05/2056" in card.text
    assert audit_actions(world)[-1] == "nominee.read"
    assert not any("Mai" in (m.text or "") for m in world.emu.bot_messages(coordinators))
    assert not any("Mai" in text for text in queued_texts(world, coordinators))


async def test_coordinator_moves_a_nominee_through_every_stage_with_due_dates(world):
    binh, _ = people(world)
    await world.ask(world.admin, "/start")
    await nominate(world, binh)
    admin = world.admin

    listing = await world.ask(admin, "/dsungvien")
    assert f"#1 · {NAME} · Công ty TNHH Dệt may Nam Định · Được giới thiệu" in listing.text
    assert audit_actions(world)[-1] == "nominee.list"
    await admin.press(listing, f"#1 {NAME}")
    card = await world.emu.wait_for_edit(listing)
    assert card.button_texts == ["➡️ Đăng ký lớp", "⛔ Dừng", "🗑 Xóa dữ liệu cá nhân", "⬅️ Danh sách"]

    async def move(message, button, *answers):
        await admin.press(message, button)
        assert NAME in (await world.next(admin)).text   # which record: named, in the private chat
        question = await world.next(admin)
        for answer in answers:
            if answer == "Hôm nay" or answer in question.button_texts:
                await admin.press(question, answer)
                question = await world.next(admin)
            else:
                question = await world.ask(admin, answer)
        await admin.press(question, "💾 Lưu")   # the summary
        return await world.emu.wait_for_message(admin.private_chat(world.bot),
                                                predicate=lambda m: "📁" in (m.text or ""))

    card = await move(card, "➡️ Đăng ký lớp", "Hôm nay")
    card = await move(card, "➡️ Học xong lớp", "Hôm nay")
    assert "còn giá trị đến 15/10/2026" in card.text
    card = await move(card, "➡️ Có người giới thiệu", "Trần Văn An, Lê Thị Bích", "✅ Đủ 12 tháng", "Hôm nay")
    card = await move(card, "➡️ Kết nạp", "125-QĐ/ĐUK", "Hôm nay")
    assert "Kết nạp ngày 15/10/2021 (QĐ số 125-QĐ/ĐUK); hết 12 tháng dự bị ngày 15/10/2022" in card.text

    # Official before twelve months of probation: refused with the date, nothing changes.
    await admin.press(card, "➡️ Công nhận chính thức")
    await world.next(admin)
    await admin.press(await world.next(admin), "Hôm nay")
    summary = await world.next(admin)
    await admin.press(summary, "💾 Lưu")
    refused = await world.emu.wait_for_message(admin.private_chat(world.bot),
                                               predicate=lambda m: "Chưa lưu được" in (m.text or ""))
    assert "Chưa hết 12 tháng dự bị (đến 15/10/2022)" in refused.text
    assert "Kiểm tra lại" in (await world.next(admin)).text   # the summary again, for a correction
    assert "Đã hủy" in (await cancel_form(world, admin)).text

    world.clock.advance(dt.timedelta(days=366))
    reopened = await world.ask(admin, "/dsungvien")
    assert "(dự bị đến 15/10/2022)" in reopened.text
    await admin.press(reopened, f"#1 {NAME}")
    card = await world.emu.wait_for_edit(reopened)
    assert "Đã hết thời gian dự bị từ 15/10/2022" in card.text
    card = await move(card, "➡️ Công nhận chính thức", "Hôm nay")
    assert "Bước hiện tại: Đảng viên chính thức" in card.text and "nên xóa dữ liệu cá nhân" in card.text
    with world.database.session() as session:
        nominee = session.scalars(select(Nominee)).one()
        assert nominee.stage is Stage.official and nominee.official_on == dt.date(2022, 10, 16)
        assert [e.stage for e in nominee.events] == [Stage.nominated, Stage.class_registered, Stage.class_completed,
                                                    Stage.introducers_named, Stage.admitted, Stage.official]
    assert audit_actions(world).count("nominee.stage") == 5


async def test_erasure_on_request_keeps_only_the_counts(world):
    binh, _ = people(world)
    await world.ask(world.admin, "/start")
    await nominate(world, binh)
    listing = await world.ask(world.admin, "/dsungvien")
    await world.admin.press(listing, f"#1 {NAME}")
    await world.emu.wait_for_edit(listing)
    await world.admin.press(listing, "🗑 Xóa dữ liệu cá nhân")
    await world.emu.wait_for_edit(listing)
    assert "không hoàn tác được" in listing.text
    await world.admin.press(listing, "🗑 Xóa")
    await world.emu.wait_for_edit(listing)
    assert "Đã xóa dữ liệu cá nhân của hồ sơ #1" in listing.text
    with world.database.session() as session:
        nominee = session.scalars(select(Nominee)).one()
        # Every personal field, the dates derived from the birth date (birth + 18 years gave it back) included.
        assert {name: getattr(nominee, name) for name in PERSONAL_FIELDS} == dict.fromkeys(PERSONAL_FIELDS)
        assert nominee.erased_at is not None and nominee.consents[0].withdrawn_at is not None
        assert nominee.stage is Stage.nominated and nominee.nominated_on == dt.date(2021, 10, 15)   # for the counts
    assert "nominee.erase" in audit_actions(world)
    relisted = await world.ask(world.admin, "/dsungvien")
    assert "#1 · (đã xóa dữ liệu cá nhân)" in relisted.text and "Mai" not in relisted.text
    await world.admin.press(relisted, relisted.button_texts[0])
    card = await world.emu.wait_for_edit(relisted)
    assert "đã xóa dữ liệu cá nhân ngày 15/10/2021" in card.text and "Mai" not in card.text
    assert "Độ tuổi" not in card.text and "2013" not in card.text and "1995" not in card.text and "2056" not in card.text
    assert card.button_texts == ["⛔ Dừng", "⬅️ Danh sách"]
    counts = await world.ask(binh, "/dsungvien")
    assert "Quần chúng ưu tú được giới thiệu: 1" in counts.text
    # The inbox kept each update's JSON (the typed name; for a press, the card it sat on) until pruning, a week
    # after: now it forgets it as the update is handled.
    from models.conversation import InboxUpdate

    with world.database.session() as session:
        updates = session.scalars(select(InboxUpdate)).all()
        assert updates and all(u.payload == {} for u in updates if u.handled_at is not None)
        assert not [u.update_key for u in updates if NAME in json.dumps(u.payload, ensure_ascii=False)]


async def test_a_refused_date_of_birth_is_asked_again_and_consent_is_per_wording(world):
    binh, _ = people(world)
    consent = await world.ask(binh, "/ungvien")
    # A consent button from an older wording is not taken as consent to the new one.
    await binh.press(consent, callback_data=f"nc:y:{CONSENT_VERSION}")
    await world.emu.wait_for_edit(consent)
    assert "đã đồng ý" in consent.text
    assert "doanh nghiệp nào" in (await world.next(binh)).text
    await cancel_form(world, binh)
    fresh = await world.ask(binh, "/ungvien")
    fresh.data["reply_markup"]["inline_keyboard"][0][0]["callback_data"] = "nc:y:2020-01.0"
    await binh.press(fresh, "✅ Người lao động đồng ý")
    await world.emu.wait_for_edit(fresh)
    assert "vừa được cập nhật" in fresh.text
    again = await world.next(binh)
    assert f"phiên bản {CONSENT_VERSION}" in again.text
    assert count(world, FormDraft) == 0
