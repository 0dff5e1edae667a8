"""Yearly targets: coordinators set them, everyone sees the progress the records show."""

import datetime as dt

from sqlalchemy import select

from models.audit import AuditEntry
from models.nominees import ConsentInput, NomineeInput, Stage, StageChange, move_stage, nominate
from models.organisations import FoundingInput, OrgKind, record_founding
from models.people import Member, Role
from models.rules import load_rules
from models.targets import Target, TargetKind
from models.visits import parse_visit, record_visit


def records(world):
    """2021: three visits to two enterprises, one founding, one nominee registered for the class and admitted."""
    first = world.add_enterprise(name="Công ty A", tax_code="0600000001", official_members=3)
    second = world.add_enterprise(name="Công ty B", tax_code="0600000002")
    rules = load_rules()
    with world.database.session() as session:
        admin = session.scalars(select(Member).where(Member.role == Role.admin)).one()
        for enterprise_id, day in ((first, 3), (first, 10), (second, 12)):
            record_visit(session, parse_visit({"enterprise_id": enterprise_id, "visited_on": dt.date(2021, 10, day)}),
                         reporter=admin, today=dt.date(2021, 10, 15))
        record_visit(session, parse_visit({"enterprise_id": second, "visited_on": dt.date(2020, 12, 30)}),
                     reporter=admin, today=dt.date(2021, 10, 15))   # another year: not counted
        record_founding(session, FoundingInput(enterprise_id=first, kind=OrgKind.party_org, decision_number="1-QĐ",
                                               decided_on=dt.date(2021, 10, 14)), by=admin, rules=rules)
        nominee = nominate(session, NomineeInput(
            enterprise_id=first, full_name="Nguyễn Thị Mai", date_of_birth=dt.date(1995, 5, 20),
            consent=ConsentInput(granted=True, given_at=world.clock.now(), wording_version="v1"),
            nominated_on=dt.date(2021, 1, 5)), by=admin, rules=rules)
        for stage, extra in ((Stage.class_registered, {}), (Stage.class_completed, {"certificate_date": "2021-03-01"}),
                             (Stage.application_filed, {}), (Stage.background_filed, {}),
                             (Stage.introducers_named, {"introducers": "Trần Văn An, Lê Thị Bích"}),
                             (Stage.background_verified, {}),
                             (Stage.resolution_passed, {"official_members": 3, "votes_for": 3}),
                             (Stage.decided, {"decision_number": "9-QĐ/ĐUK"}), (Stage.admitted, {})):
            move_stage(session, nominee.id, StageChange(stage=stage, effective_on=dt.date(2021, 3, 1), **extra),
                       by=admin, rules=rules)


async def test_coordinator_sets_targets_and_everyone_sees_progress_from_the_records(world):
    await world.ask(world.admin, "/start")
    records(world)
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)

    year = await world.ask(world.admin, "/datchitieu")
    assert "năm nào" in year.text and year.button_texts[:3] == ["2020", "2021", "2022"]
    await world.admin.press(year, "2021")
    values = await world.next(world.admin)
    assert "5 số" in values.text
    summary = await world.ask(world.admin, "10 1 5 40 20")
    await world.admin.press(summary, "💾 Lưu")
    await world.emu.wait_for_message(world.admin.private_chat(world.bot),
                                     predicate=lambda m: "Đã đặt chỉ tiêu năm 2021" in (m.text or ""))
    progress = await world.next(world.admin)
    assert "🎯 Chỉ tiêu năm 2021 (đã qua 79% thời gian của năm)" in progress.text
    assert "Kết nạp đảng viên mới: 1/10 (10%) ⚠️ chậm so với tiến độ" in progress.text
    # The plan's target is party organisations: a year of trade unions alone does not meet it.
    assert "Thành lập tổ chức cơ sở đảng: 1/1 (100%) ✅" in progress.text
    assert "Thành lập tổ chức đoàn thể: 0/5 (0%)" in progress.text
    assert "Doanh nghiệp được làm việc: 2/40 (5%)" in progress.text
    assert "Quần chúng ưu tú đi học lớp bồi dưỡng: 1/20 (5%)" in progress.text

    seen = await world.ask(binh, "/chitieu")
    assert "Kết nạp đảng viên mới: 1/10" in seen.text
    assert seen.button_texts == ["◀️ Năm 2020", "Năm 2022 ▶️"]   # no «Đặt chỉ tiêu» for a member
    await binh.press(seen, "Năm 2022 ▶️")
    await world.emu.wait_for_edit(seen)
    assert "Chưa đặt chỉ tiêu nào cho năm 2022" in seen.text and "Doanh nghiệp được làm việc: 0" in seen.text
    assert "chỉ dành cho điều phối viên" in (await world.ask(binh, "/datchitieu")).text

    # Changing a target keeps the old value in the audit log.
    shown = await world.ask(world.admin, "/chitieu 2021")
    await world.admin.press(shown, "✏️ Đặt chỉ tiêu năm 2021")
    current = await world.next(world.admin)
    assert "Chỉ tiêu hiện tại năm 2021: kết nạp đảng viên mới 10" in current.text
    await world.next(world.admin)
    summary = await world.ask(world.admin, "12 1 5 40 20")
    await world.admin.press(summary, "💾 Lưu")
    await world.emu.wait_for_message(world.admin.private_chat(world.bot),
                                     predicate=lambda m: "Đã đặt chỉ tiêu" in (m.text or ""))
    with world.database.session() as session:
        target = session.scalars(select(Target).where(Target.kind == TargetKind.new_members)).one()
        assert target.value == 12
        changes = session.scalars(select(AuditEntry).where(AuditEntry.action == "target.set",
                                                           AuditEntry.entity_id == target.id)).all()
        assert [c.details["previous"] for c in changes] == [None, 10]


async def test_a_member_cannot_set_targets_even_with_a_forged_button(world):
    binh = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(binh)
    seen = await world.ask(binh, "/chitieu")
    seen.data["reply_markup"]["inline_keyboard"].append([{"text": "x", "callback_data": "tg:2021"}])
    query = await binh.press(seen, "x")
    assert "chỉ dành cho điều phối viên" in (await world.emu.wait_for_callback_answer(query))["text"]
    refused = await world.ask(binh, "/chitieu 1850")
    assert "Năm không hợp lệ" in refused.text
    with world.database.session() as session:
        assert session.scalars(select(Target)).all() == []


async def test_admissions_made_outside_the_bot_count_toward_the_year_and_the_enterprise(world):
    from models.registry import Enterprise

    await world.ask(world.admin, "/start")
    enterprise_id = world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222",
                                         zone="KCN Hòa Xá", official_members=2)
    shown = await world.ask(world.admin, "/chitieu")
    await world.admin.press(shown, "➕ Ghi kết nạp ngoài hệ thống")
    question = await world.next(world.admin)
    await world.admin.press(question, "Hôm nay")
    question = await world.emu.wait_for_edit(question)
    matches = await world.ask(world.admin, "2")
    matches = await world.ask(world.admin, "det may")
    await world.admin.press(matches, matches.button_texts[0])
    await world.next(world.admin)
    summary = await world.ask(world.admin, "QĐ 15-QĐ/ĐU")
    await world.admin.press(summary, "💾 Lưu")
    saved = await world.shown(world.admin, "Đã ghi 2 đảng viên kết nạp")
    assert "ngày 15/10/2021 tại Công ty TNHH Dệt may Nam Định; tính vào chỉ tiêu năm 2021" in saved.text
    progress = await world.ask(world.admin, "/chitieu")
    assert "Kết nạp đảng viên mới: 2 (chưa đặt chỉ tiêu)" in progress.text
    assert "trong đó 2 đảng viên kết nạp ngoài hệ thống" in progress.text
    with world.database.session() as session:
        enterprise = session.get(Enterprise, enterprise_id)
        assert (enterprise.official_members, enterprise.probationary_members) == (2, 2)
