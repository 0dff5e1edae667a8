"""Outstanding workers: consent first, names for coordinators only, stages with their due dates, erasure."""

import datetime as dt
import json

from sqlalchemy import func, select

from models.audit import AuditEntry
from models.conversation import FormDraft
from models.nominees import PERSONAL_FIELDS, Consent, ConsentMethod, Education, Nominee, Stage
from models.registry import Enterprise
from tests.flows.cancelling import cancel_form
from tests.flows.pushes import pushed, queued_texts
from texts.nominees import CONSENT_VERSION

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


CONSENTED = "✅ Đồng ý — đã đọc cho người lao động nghe"


async def nominate(world, user, *, birth="20/05/1995", warned=None, consented=CONSENTED, how=None):
    consent = await world.ask(user, "/ungvien")
    await user.press(consent, consented)
    await world.emu.wait_for_edit(consent)
    first = await world.next(user)
    if how is not None:   # another way: said first, so that it can be checked later
        assert "bằng cách nào" in first.text
        short = await world.ask(user, "Zalo")
        assert "ít nhất 10 ký tự" in short.text
        await world.next(user)
        await world.ask(user, how)
    matches = await world.ask(user, "det may")
    await user.press(matches, matches.button_texts[0])
    await world.next(user)
    await world.ask(user, NAME)
    position = await world.ask(user, birth)
    if warned is not None:   # said at once, before the next question
        assert warned in position.text
        position = await world.next(user)
    await user.press(position, "⏭ Bỏ qua")
    unions = await world.next(user)
    await user.press(unions, "⬜ Công đoàn")
    await world.emu.wait_for_edit(unions)
    await user.press(unions, "✅ Xong")
    education = await world.next(user)
    assert "Trình độ học vấn" in education.text
    await user.press(education, "Tốt nghiệp THPT")
    assert "Vì sao giới thiệu" in (await world.emu.wait_for_edit(education)).text   # the next question, in place
    summary = await world.ask(user, "Tổ trưởng sản xuất, nhiều năm là lao động giỏi")
    assert NAME in summary.text and birth in summary.text and "Đoàn viên: Công đoàn" in summary.text
    assert "Trình độ học vấn: Tốt nghiệp THPT" in summary.text
    await user.press(summary, "💾 Lưu")
    return await world.shown(user, "Đã ghi hồ sơ")


async def test_no_consent_no_record(world):
    binh, _ = people(world)
    consent = await world.ask(binh, "/ungvien")
    assert "Tôi đồng ý để Đoàn công tác" in consent.text and f"phiên bản {CONSENT_VERSION}" in consent.text
    # What Decree 13/2023 asks the worker be told: sensitive data, the purpose, who sees it, how long it is kept.
    for told in ("dữ liệu cá nhân nhạy cảm", "Mục đích: giới thiệu tôi tham gia lớp bồi dưỡng",
                 "Người được xem: chỉ các đồng chí điều phối", "được xóa sau 24 tháng kể từ bước gần nhất",
                 "rút lại sự đồng ý", "Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh và Ban Quản lý các khu công"):
        assert told in consent.text, told
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
    # What was saved replaces the summary in place (the summary the member typed stays above it).
    assert "#1" in saved.text and NAME not in saved.text.split("✅ Đã ghi hồ sơ")[1]
    with world.database.session() as session:
        nominee = session.scalars(select(Nominee)).one()
        consent = nominee.consents[0]
        assert nominee.full_name == NAME and nominee.trade_union_member and nominee.youth_union_member is False
        assert consent.wording_version == CONSENT_VERSION and consent.given_at == world.clock.now()
        assert consent.taken_by_id == nominee.nominated_by_id and consent.method is ConsentMethod.read_aloud
        assert nominee.education is Education.upper_secondary
        assert nominee.age_eligible_until == dt.date(2055, 5, 31)   # full 60 in months: through May 2055

    alert = await pushed(world, coordinators, "Hồ sơ quần chúng ưu tú #1")
    assert "do đồng chí Bình Phạm giới thiệu" in alert.text and "Mai" not in alert.text and "⚠️" not in alert.text
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
    assert (f"mẫu {CONSENT_VERSION}, đã đọc cho người lao động nghe, người lao động đồng ý, người ghi nhận Bình "
            f"Phạm; chưa có ảnh phiếu đồng ý đã ký") in card.text
    assert "Thời gian đủ tuổi để chi bộ xét kết nạp: từ 01/05/2013 đến 31/05/2055" in card.text
    assert "Trình độ học vấn: Tốt nghiệp THPT" in card.text
    assert audit_actions(world)[-1] == "nominee.read"
    assert not any("Mai" in (m.text or "") for m in world.emu.bot_messages(coordinators))
    assert not any("Mai" in text for text in queued_texts(world, coordinators))


async def open_card(world, admin):
    listing = await world.ask(admin, "/dsungvien")
    await admin.press(listing, f"#1 {NAME}")
    return await world.emu.wait_for_edit(listing)


async def test_coordinator_moves_a_nominee_through_every_stage_with_due_dates(world):
    binh, enterprise_id = people(world)
    await world.ask(world.admin, "/start")
    await nominate(world, binh)
    admin = world.admin

    listing = await world.ask(admin, "/dsungvien")
    assert f"#1 · {NAME} · Công ty TNHH Dệt may Nam Định · Được giới thiệu" in listing.text
    assert audit_actions(world)[-1] == "nominee.list"
    await admin.press(listing, f"#1 {NAME}")
    card = await world.emu.wait_for_edit(listing)
    assert card.button_texts == ["➡️ Đăng ký lớp", "⛔ Dừng", "📄 Phiếu đồng ý để ký (DOCX)",
                                 "📷 Gửi ảnh phiếu đã ký", "🗑 Xóa dữ liệu cá nhân", "⬅️ Danh sách"]

    async def move(message, button, *answers, saved="📁"):
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
        return await world.shown(admin, saved)

    card = await move(card, "➡️ Đăng ký lớp", "Hôm nay")
    card = await move(card, "➡️ Học xong lớp", "Hôm nay")
    assert "còn giá trị đến 15/10/2026" in card.text
    assert "Hồ sơ cần được chi bộ xét và có quyết định kết nạp trước 15/10/2026" in card.text
    assert "◻️ Đơn xin vào Đảng" in card.text and "◻️ Lễ kết nạp" in card.text
    card = await move(card, "➡️ Có đơn xin vào Đảng", "Hôm nay")
    card = await move(card, "➡️ Đã khai lý lịch", "Hôm nay")   # schooling known: not asked again
    await admin.press(card, "➡️ Có người giới thiệu")
    await world.next(admin)
    question = await world.next(admin)
    await admin.press(question, "2 đảng viên chính thức")
    question = await world.next(admin)
    question = await world.ask(admin, "Trần Văn An, Lê Thị Bích")
    # The months come from the rules, and the rule concerns the party members who introduce.
    assert "Đảng viên giới thiệu đã cùng công tác với quần chúng ít nhất 12 tháng chưa?" in question.text
    assert question.button_texts[:2] == ["✅ Đã đủ 12 tháng", "Chưa đủ 12 tháng"]
    await admin.press(question, "✅ Đã đủ 12 tháng")
    question = await world.next(admin)
    await admin.press(question, "Hôm nay")
    await admin.press(await world.next(admin), "💾 Lưu")
    card = await world.shown(admin, "📁")
    assert "✅ Người giới thiệu: 15/10/2021 — 2 đảng viên chính thức: Trần Văn An, Lê Thị Bích" in card.text
    card = await move(card, "➡️ Đã thẩm tra lý lịch", "Hôm nay")

    # The chi bộ's resolution: fewer than 2/3 of its official members in favour is refused.
    await admin.press(card, "➡️ Chi bộ ra nghị quyết")
    await world.next(admin)
    await admin.press(await world.next(admin), "Hôm nay")
    await world.next(admin)
    votes = await world.ask(admin, "6")
    assert "cần ít nhất 2/3 số đảng viên chính thức của chi bộ" in votes.text
    summary = await world.ask(admin, "3")
    await admin.press(summary, "💾 Lưu")
    refused = await world.emu.wait_for_message(admin.private_chat(world.bot),
                                               predicate=lambda m: "Chưa lưu được" in (m.text or ""))
    assert "Nghị quyết chưa đạt: cần ít nhất 2/3 số đảng viên chính thức của chi bộ tán thành (3/6)" in refused.text
    assert "Kiểm tra lại" in (await world.next(admin)).text   # the summary again, for a correction
    assert "Không có gì được lưu" in (await cancel_form(world, admin)).text
    card = await open_card(world, admin)
    card = await move(card, "➡️ Chi bộ ra nghị quyết", "Hôm nay", "6", "5")
    assert "✅ Nghị quyết chi bộ: 15/10/2021 — 5/6 đảng viên chính thức tán thành" in card.text

    # The decision; the chi bộ sits under a đảng ủy cơ sở, whose review (5 of its 7 members) came first.
    card = await move(card, "➡️ Có quyết định kết nạp", "Hôm nay", "7", "5", "125-QĐ/ĐU", "Hôm nay", "Hôm nay")
    assert ("✅ Nghị quyết chi bộ: 15/10/2021 — 5/6 đảng viên chính thức tán thành\n"
            "✅ Đảng ủy cơ sở xét duyệt: 15/10/2021 — 5/7 cấp ủy viên tán thành\n"
            "✅ Quyết định kết nạp: 15/10/2021 — QĐ số 125-QĐ/ĐU, chi bộ nhận ngày 15/10/2021") in card.text
    # Friday 15/10/2021 + 30 working days = Friday 26/11/2021.
    assert "⏰ Hạn tổ chức lễ kết nạp: 26/11/2021 (30 ngày làm việc kể từ ngày chi bộ nhận quyết định)" in card.text
    assert "Dự bị từ" not in card.text          # no probation before the ceremony

    world.clock.advance(dt.timedelta(days=10))   # the ceremony on Monday 25/10/2021
    card = await open_card(world, admin)
    card = await move(card, "➡️ Đã tổ chức lễ kết nạp", "Hôm nay")
    assert "Dự bị từ lễ kết nạp 25/10/2021 đến hết ngày 25/10/2022 (12 tháng)" in card.text
    # Tuesday 25/10/2022 + 30 working days = Tuesday 6/12/2022.
    assert "⏰ Chi bộ xét công nhận chính thức trước 06/12/2022 (30 ngày làm việc sau khi hết dự bị)" in card.text
    with world.database.session() as session:
        enterprise = session.get(Enterprise, enterprise_id)
        assert (enterprise.official_members, enterprise.probationary_members) == (0, 1)

    # Official before the end of probation: refused with the date, nothing changes.
    await admin.press(card, "➡️ Chi bộ xét công nhận chính thức")
    await world.next(admin)
    question = await world.next(admin)
    assert "được công nhận chính thức từ ngày hết 12 tháng dự bị" in question.text
    await admin.press(question, "Hôm nay")
    summary = await world.next(admin)
    await admin.press(summary, "💾 Lưu")
    refused = await world.emu.wait_for_message(admin.private_chat(world.bot),
                                               predicate=lambda m: "Chưa lưu được" in (m.text or ""))
    assert "Chưa hết 12 tháng dự bị (đến 25/10/2022)" in refused.text
    assert "Kiểm tra lại" in (await world.next(admin)).text   # the summary again, for a correction
    assert "Không có gì được lưu" in (await cancel_form(world, admin)).text

    # The chi bộ meets late, on 10/12/2022: official as of 25/10/2022 all the same.
    world.clock.set(dt.datetime(2022, 12, 10, 3, 0, tzinfo=dt.UTC))
    reopened = await world.ask(admin, "/dsungvien")
    assert "(dự bị đến 25/10/2022)" in reopened.text
    await admin.press(reopened, f"#1 {NAME}")
    card = await world.emu.wait_for_edit(reopened)
    assert "Đã hết thời gian dự bị từ 25/10/2022" in card.text
    card = await move(card, "➡️ Chi bộ xét công nhận chính thức", "Hôm nay")
    assert "Bước hiện tại: Đảng viên chính thức" in card.text
    assert "Công nhận đảng viên chính thức từ ngày 25/10/2022 (chi bộ họp xét ngày 10/12/2022)" in card.text
    assert "Chi bộ họp xét muộn so với hạn 06/12/2022; ngày công nhận vẫn là ngày hết dự bị." in card.text
    with world.database.session() as session:
        nominee = session.scalars(select(Nominee)).one()
        assert nominee.stage is Stage.official and nominee.official_on == dt.date(2022, 10, 25)
        assert [e.stage for e in nominee.events] == [
            Stage.nominated, Stage.class_registered, Stage.class_completed, Stage.application_filed,
            Stage.background_filed, Stage.introducers_named, Stage.background_verified, Stage.resolution_passed,
            Stage.decided, Stage.admitted, Stage.official]
        enterprise = session.get(Enterprise, enterprise_id)
        assert (enterprise.official_members, enterprise.probationary_members) == (1, 0)
    assert audit_actions(world).count("nominee.stage") == 10
    enterprise_card = await world.ask(binh, "det may")
    assert ("Số đảng viên theo: công nhận chính thức ngày 25/10/2022 (+1 chính thức, −1 dự bị); lễ kết nạp ngày "
            "25/10/2021 (+1 dự bị)") in enterprise_card.text


async def test_a_sixteen_year_old_is_warned_at_once_and_a_sixty_one_year_old_is_not_refused(world):
    binh, _ = people(world)
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats(binh)
    # Issue 14, defect 11: born 12/03/2005, nominated on 15/10/2021.
    warning = ("⚠️ Người lao động chưa đủ 18 tuổi (tính theo tháng): chi bộ chỉ xét kết nạp được từ ngày "
               "01/03/2023. Vẫn ghi được hồ sơ để giới thiệu học lớp bồi dưỡng.")
    saved = await nominate(world, binh, birth="12/03/2005", warned=warning)
    assert warning in saved.text
    alert = await pushed(world, coordinators, "Hồ sơ quần chúng ưu tú #1")
    assert "⚠️ Chưa đủ tuổi xét kết nạp (đủ từ ngày 01/03/2023)." in alert.text
    over = ("⚠️ Người lao động đã quá 60 tuổi (tính theo tháng): việc kết nạp do cấp ủy trực thuộc Trung ương xem "
            "xét, quyết định.")
    saved = await nominate(world, binh, birth="01/02/1961", warned=over)
    assert "#2" in saved.text and over in saved.text
    assert count(world, Nominee) == 2


async def test_the_consent_form_is_printed_from_the_record_and_its_signed_photo_attached(world):
    binh, _ = people(world)
    await world.ask(world.admin, "/start")
    saved = await nominate(world, binh)
    assert saved.button_texts == ["📄 Phiếu đồng ý để ký (DOCX)", "📷 Gửi ảnh phiếu đã ký"]
    await binh.press(saved, "📄 Phiếu đồng ý để ký (DOCX)")
    form = await world.emu.wait_for_message(binh.private_chat(world.bot), predicate=lambda m: bool(m.document))
    assert form.document["file_name"] == "phieu-dong-y-ho-so-1.docx"
    from io import BytesIO

    from docx import Document

    text = "\n".join(p.text for p in Document(BytesIO(world.emu.world.files.get(form.document["file_id"]).data))
                     .paragraphs)
    assert f"Tôi là: {NAME}. Ngày sinh: 20/05/1995." in text and "dữ liệu cá nhân nhạy cảm" in text
    assert "đồng chí Bình Phạm" in text
    await binh.press(saved, "📷 Gửi ảnh phiếu đã ký")
    await world.next(binh)
    await binh.send_photo(b"\xff\xd8\xff\xe0signedform")
    received = await world.next(binh)
    await binh.press(received, "✅ Xong")
    summary = await world.next(binh)
    await binh.press(summary, "💾 Lưu")
    await world.emu.wait_for_message(binh.private_chat(world.bot),
                                     predicate=lambda m: "Đã lưu ảnh phiếu đồng ý đã ký vào hồ sơ #1" in (m.text or ""))
    with world.database.session() as session:
        consent = session.scalars(select(Consent)).one()
        assert consent.method is ConsentMethod.signed_form and consent.form_photo_ref
    assert "nominee.consent_form" in audit_actions(world) and "nominee.consent_signed" in audit_actions(world)
    card = await open_card(world, world.admin)
    assert "đã có ảnh phiếu đồng ý đã ký (gửi ngày 15/10/2021)" in card.text


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
    await binh.press(fresh, CONSENTED)
    await world.emu.wait_for_edit(fresh)
    assert "vừa được cập nhật" in fresh.text
    again = await world.next(binh)
    assert f"phiên bản {CONSENT_VERSION}" in again.text
    assert count(world, FormDraft) == 0


async def test_consent_given_another_way_says_how_and_the_card_shows_it(world):
    """Decree 13/2023, Art. 11: consent in a form that can be verified; a way other than reading the wording aloud
    or signing the printed form is written down before anything else is asked."""
    binh, _ = people(world)
    await world.ask(world.admin, "/start")
    how = "Người lao động tự xác nhận qua tin nhắn Zalo ngày 15/10/2021, lưu tại máy của người giới thiệu"
    saved = await nominate(world, binh, consented="📝 Đồng ý bằng cách khác (ghi rõ cách)", how=how)
    assert "#1" in saved.text
    with world.database.session() as session:
        consent = session.scalars(select(Consent)).one()
        assert (consent.method, consent.how) == (ConsentMethod.other, how)
    listing = await world.ask(world.admin, "/dsungvien")
    await world.admin.press(listing, listing.button_texts[0])
    card = await world.next(world.admin)
    assert f"bằng cách khác: {how}" in card.text, card.text
