"""The directive and the enterprises' answers over the emulator (domain review finding 6): a coordinator records
it and its sending to every enterprise without a party organisation; a member records, from the enterprise's
card, its written report and its member review; the card and /vanban show where each stands."""

from sqlalchemy import select

from models.directives import Directive, DirectiveReply


async def test_a_directive_is_recorded_sent_and_answered_enterprise_by_enterprise(world):
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    first = world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222", zone="KCN Hòa Xá")
    world.add_enterprise(name="Công ty CP Cơ khí Mỹ Trung", tax_code="0600111333", zone="KCN Mỹ Trung")
    admin = world.admin
    await world.ask(admin, "/start")
    refused = await world.ask(binh, "/vanban")
    assert "chỉ dành cho điều phối viên" in refused.text

    listing = await world.ask(admin, "/vanban")
    assert "Chưa ghi văn bản chỉ đạo nào." in listing.text
    await admin.press(listing, "➕ Ghi văn bản chỉ đạo")
    await world.next(admin)
    question = await world.ask(admin, "125/BQL-QLDN")
    await admin.press(question, "Hôm nay")
    issuer = await world.emu.wait_for_edit(question)
    # The issuer is the zones board as the bodies file names it on that date, unless typed otherwise.
    assert "bỏ qua nếu là Ban Quản lý các khu công nghiệp tỉnh" in issuer.text
    await admin.press(issuer, "⏭ Bỏ qua")
    await world.emu.wait_for_edit(issuer)
    summary = await world.ask(admin, "Về việc báo cáo tình hình sản xuất kinh doanh, khó khăn và rà soát đảng viên")
    await admin.press(summary, "💾 Lưu")
    saved = await world.shown(admin, "Đã ghi văn bản chỉ đạo số 125/BQL-QLDN ngày 15/10/2021")
    await admin.press(saved, saved.button_texts[-1])
    question = await world.next(admin)
    await admin.press(question, "Hôm nay")
    summary = await world.emu.wait_for_edit(question)
    await admin.press(summary, "💾 Lưu")
    await world.shown(admin, "Đã ghi ngày gửi văn bản số 125/BQL-QLDN cho 2 doanh nghiệp chưa có tổ chức đảng")

    card = await world.ask(binh, "det may")
    assert ("Văn bản chỉ đạo số 125/BQL-QLDN (15/10/2021): đã gửi 15/10/2021; chưa nhận báo cáo; chưa nhận báo "
            "cáo rà soát đảng viên") in card.text
    await binh.press(card, "📨 Ghi phản hồi văn bản chỉ đạo")
    await world.next(binh)                       # which enterprise
    question = await world.next(binh)            # one directive: only what happened is asked
    await binh.press(question, "Doanh nghiệp đã gửi báo cáo tình hình, khó khăn, kiến nghị")
    question = await world.emu.wait_for_edit(question)
    await binh.press(question, "Hôm nay")
    summary = await world.emu.wait_for_edit(question)
    await binh.press(summary, "💾 Lưu")
    await world.shown(binh, "Đã ghi: Doanh nghiệp đã gửi báo cáo tình hình, khó khăn, kiến nghị")
    card = await world.ask(binh, "det may")
    assert "đã nhận báo cáo 15/10/2021; chưa nhận báo cáo rà soát đảng viên" in card.text

    listing = await world.ask(admin, "/vanban")
    assert ("Đã gửi 2 doanh nghiệp; nhận 1 báo cáo tình hình, 0 báo cáo rà soát đảng viên") in listing.text
    with world.database.session() as session:
        assert session.scalars(select(Directive)).one().issuer == "Ban Quản lý các khu công nghiệp tỉnh"
        assert len(session.scalars(select(DirectiveReply)).all()) == 2
        reply = session.scalars(select(DirectiveReply).where(DirectiveReply.enterprise_id == first)).one()
        assert reply.report_received_on is not None and reply.member_review_received_on is None
