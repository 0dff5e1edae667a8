"""The field pass: what a new member and a coordinator met on their phones, driven neutrally on a channel like
Telegram's and on one without buttons, edits or notices."""

from __future__ import annotations

import datetime as dt

from handlers.conversation import Nav
from models.people import ChatBinding, ChatPurpose, Role
from models.plan import Plan
from models.registry import Enterprise
from models.visits import Assignment, Wave
from tests.core.conftest import add_enterprise
from tests.core.harness import START

DET_MAY = "Công ty TNHH Dệt may Nam Định — KCN Hòa Xá"


async def to_the_location_step(person) -> None:
    await person.send("/tham")
    await person.send("det may")
    await person.press(DET_MAY)
    await person.press("Hôm nay")
    await person.press("Xong")
    await person.send("4 1 350 2")


def place(core, enterprise_id: int, latitude: float, longitude: float) -> None:
    with core.database.session() as session:
        enterprise = session.get(Enterprise, enterprise_id)
        enterprise.latitude, enterprise.longitude = latitude, longitude


async def test_a_deadline_offers_days_ahead_and_a_visits_day_days_behind(core):
    add_enterprise(core, "Công ty TNHH Dệt may Nam Định", "0600111222")
    lan = core.person("Lan")
    await lan.send("/tham")
    await lan.send("det may")
    await lan.press(DET_MAY)
    visited_on = lan.last
    assert [b.text for b in visited_on.options()] == ["Hôm nay", "Hôm qua", "Ngày khác…"]
    await lan.press("Hôm nay")
    await lan.press("Xong")
    await lan.send("/boqua")
    await lan.send("/boqua")
    await lan.press("Bổ sung chi tiết (người tiếp, nội dung, kiến nghị…)")
    # met, discussion, organisations, review, the owner's stance, mass-organisation members met, difficulties
    for _ in range(7):
        await lan.send("/boqua")
    await lan.send("Họp với công đoàn")
    due = lan.last
    assert "Hạn của bước tiếp theo?" in due.text
    assert [b.text for b in due.options()] == ["Hôm nay", "Ngày mai", "Sau một tuần (22/10)", "Ngày khác…"]
    await lan.press("Sau một tuần (22/10)")
    assert "Hạn: 22/10/2021" in lan.last.text


async def test_the_check_in_verdict_comes_with_the_location_and_another_can_be_sent(core):
    enterprise_id = add_enterprise(core, "Công ty TNHH Dệt may Nam Định", "0600111222")
    place(core, enterprise_id, 20.4200, 106.1700)
    lan = core.person("Lan")
    await to_the_location_step(lan)
    (far,) = [m for m in await lan.share_location(20.4200, 106.2070) if "vị trí" in m.text]
    assert "cách doanh nghiệp khoảng 3,9 km, chưa tính là có mặt" in far.text, far.text
    assert "gửi lại vị trí" in far.text
    (near,) = [m for m in await lan.share_location(20.4201, 106.1702) if "vị trí" in m.text]
    assert "cách doanh nghiệp khoảng 24 m, đã xác nhận có mặt" in near.text, near.text
    await lan.press("Xong")
    await lan.press("Lưu")
    assert "Đã xác nhận có mặt (cách doanh nghiệp khoảng 24 m)" in "\n".join(m.text for m in lan.chat[-3:])


async def test_the_step_counter_does_not_jump_when_a_follow_up_question_appears(core):
    add_enterprise(core, "Công ty TNHH Dệt may Nam Định", "0600111222")
    lan = core.person("Lan")
    await lan.send("/tham")
    await lan.send("det may")
    await lan.press(DET_MAY)
    await lan.press("Hôm nay")
    await lan.press("Xong")
    await lan.send("/boqua")
    await lan.send("/boqua")
    await lan.press("Bổ sung chi tiết (người tiếp, nội dung, kiến nghị…)")
    assert "Bước 6/13\n" in lan.last.text and "Ai tiếp đoàn?" in lan.last.text
    await lan.send("Trần Văn Nam")
    assert "Bước 6/13 (tiếp)" in lan.last.text and "Chức vụ" in lan.last.text
    await lan.send("Giám đốc")
    assert "Bước 7/13" in lan.last.text


async def test_assigned_enterprises_come_a_page_at_a_time_with_more(core):
    ids = [add_enterprise(core, f"Công ty số {n}", f"06000000{n:02d}") for n in range(1, 9)]
    lan = core.person("Lan")
    with core.database.session() as session:
        plan = Plan(code="KH", title="Kế hoạch", starts_on=dt.date(2021, 9, 1), ends_on=dt.date(2025, 12, 31))
        session.add(plan)
        session.flush()
        wave = Wave(plan_id=plan.id, code="D1", name="Đợt 1", starts_on=dt.date(2021, 10, 1),
                    ends_on=dt.date(2021, 12, 31))
        session.add(wave)
        session.flush()
        session.add_all(Assignment(wave_id=wave.id, enterprise_id=i, member_id=lan.member_id) for i in ids)
    await lan.send("/tham")
    first = lan.last
    assert len(first.options()) == 6
    more = first.button("Xem thêm (2)")
    assert more.nav is Nav.next_page
    await lan.press("Xem thêm (2)")
    second = lan.last
    assert len(second.options()) == 2 and second.button("Trang trước").nav is Nav.previous_page
    await lan.press(second.options()[1].text)
    assert "Làm việc ngày nào?" in lan.last.text


async def test_huy_asks_before_throwing_answers_away_but_not_before_any(core):
    add_enterprise(core, "Công ty TNHH Dệt may Nam Định", "0600111222")
    lan = core.person("Lan")
    await lan.send("/tham")
    (cancelled,) = await lan.send("/huy")                   # nothing answered: at once
    assert cancelled.text.startswith("Đã hủy «Ghi buổi làm việc")
    await lan.send("/tham")
    await lan.send("det may")
    await lan.press(DET_MAY)
    (asked,) = await lan.send("/huy")
    assert asked.text.startswith("Hủy «Ghi buổi làm việc với doanh nghiệp»? Các câu đồng chí đã trả lời (1)")
    assert [b.nav for b in asked.buttons[0]] == [Nav.cancel, Nav.resume]
    await lan.press("Tiếp tục")
    assert "Làm việc ngày nào?" in lan.last.text
    await lan.press("Hôm nay")
    await lan.send("/huy")
    await lan.send("/huy")                                  # asked, then confirmed
    assert lan.last.text.startswith("Đã hủy «Ghi buổi làm việc")


async def test_a_form_opened_from_a_groups_alert_names_its_record_and_the_notice_points_nowhere(core):
    enterprise_id = add_enterprise(core, "Công ty TNHH Dệt may Nam Định", "0600111222")
    coordinators = core.group()
    with core.database.session() as session:
        session.add(ChatBinding(purpose=ChatPurpose.coordinators, chat_id=coordinators))
    hung = core.person("Hùng", Role.coordinator)
    await hung.press_data(f"fd:{enterprise_id}", chat_id=coordinators)
    assert core.messages(coordinators) == []                # nothing said in the group
    if core.capabilities.button_notice:
        assert core.channel.notices[-1] == "📩 Đã mở trong tin nhắn riêng với bot: mời đồng chí ghi tiếp ở đó."
    form = hung.last
    assert "• Doanh nghiệp: Công ty TNHH Dệt may Nam Định" in form.text
    assert "• Tổ chức: Tổ chức cơ sở đảng" in form.text or "• Tổ chức: tổ chức cơ sở đảng" in form.text
    assert "Bước 3/5" in form.text and "Số quyết định" in form.text


async def test_resolving_takes_one_tap_and_a_finished_items_buttons_say_so(core):
    from models.difficulties import Difficulty, DifficultyInput, DifficultyStatus, report_difficulty
    from models.people import Member

    enterprise_id = add_enterprise(core, "Công ty TNHH Dệt may Nam Định", "0600111222")
    coordinators = core.group()
    with core.database.session() as session:
        session.add(ChatBinding(purpose=ChatPurpose.coordinators, chat_id=coordinators))
    lan = core.person("Lan")
    hung = core.person("Hùng", Role.coordinator)
    with core.database.session() as session:
        report_difficulty(session, DifficultyInput(enterprise_id=enterprise_id, category="land",
                                                   description="Thiếu mặt bằng", recipient="ubnd"),
                          reporter=session.get(Member, lan.member_id), rules=core.services.rules, now=START)
    await hung.send("/tondong")
    await hung.press("#1 Công ty TNHH Dệt may Nam Định")
    card = hung.last
    await hung.press("✅ Đã giải quyết", on=card)
    said = "✅ Đã cập nhật khó khăn, kiến nghị #1 (Công ty TNHH Dệt may Nam Định): đã giải quyết."
    if core.capabilities.button_notice:
        assert core.channel.notices[-1] == said
        assert card.labels == ["⬅️ Danh sách"]              # the card keeps only what still fits
    else:
        assert hung.last.text == said
    with core.database.session() as session:
        assert session.get(Difficulty, 1).status is DifficultyStatus.resolved
    await hung.press_data("ks:1:declined", on=card if core.capabilities.edit else None)
    finished = "Khó khăn, kiến nghị #1 đã kết thúc (Đã giải quyết); không cập nhật thêm được."
    assert (core.channel.notices[-1] if core.capabilities.button_notice else hung.last.text) == finished
    told = core.deliver_pushes()
    assert any(m.chat_id == lan.chat_id and m.text.endswith("có cập nhật: đã giải quyết.") for m in told)
    assert any(m.chat_id == coordinators and "Hùng cập nhật: đã giải quyết." in m.text for m in told)


async def test_the_welcome_tells_the_new_member_about_the_group(core):
    from models.people import Member, create_invite

    group = core.group()
    with core.database.session() as session:
        session.add(ChatBinding(purpose=ChatPurpose.group, chat_id=group, title="Đoàn công tác KCN"))
        admin = Member(full_name="Quản trị", role=Role.admin)
        session.add(admin)
        session.flush()
        code = create_invite(session, role=Role.member, created_by=admin, now=START,
                             ttl=dt.timedelta(hours=72)).code
    hoa = core.person("Hoa", registered=False)
    (welcome,) = await hoa.send(f"inv_{code}")
    assert welcome.text.startswith("Chào mừng đồng chí Hoa tham gia Đoàn công tác với vai trò thành viên.")
    assert "Đoàn có nhóm chung «Đoàn công tác KCN»" in welcome.text
    assert "đề nghị quản trị viên thêm vào" in welcome.text
