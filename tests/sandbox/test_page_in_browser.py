"""The sandbox's page in a real browser: a visitor clicks through the bot as the delegation would use it.

Every wait is for something to appear on the page (Playwright's `expect`), never for an amount of time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import expect

from sandbox import demo_data

pytestmark = pytest.mark.slow   # Chromium

MEMBER = next(p for p in demo_data.PEOPLE if p.role is not None and p.role.value == "member")
COLLEAGUE = [p for p in demo_data.PEOPLE if p.role is not None and p.role.value == "member"][1]
COORDINATOR = next(p for p in demo_data.PEOPLE if p.role is not None and p.role.value == "coordinator")
ADMIN = demo_data.admin()
GUEST = next(p for p in demo_data.PEOPLE if p.role is None)
ENTERPRISE = "Công ty TNHH May mặc Thành Nam"


def conversation(page):
    return page.locator("#messages")


def bubble(page, text: str):
    """The newest message row in the open chat that contains `text`."""
    return conversation(page).locator(".message-row", has_text=text).last


async def be(page, person: demo_data.Person) -> None:
    await page.locator(f".person[data-person-id='{person.user_id}']").click()
    await expect(page.locator("#acting-as")).to_contain_text(person.full_name)


async def open_chat(page, title: str) -> None:
    await page.locator(".chat-item", has_text=title).click()
    await expect(page.locator("#chat-title")).to_have_text(title)


async def type_and_send(page, text: str) -> None:
    await page.locator("#message-input").fill(text)
    await page.locator("#message-input").press("Enter")
    await expect(conversation(page).locator(".message-row.outgoing", has_text=text).last).to_be_visible()


async def test_a_member_logs_a_visit_by_clicking_and_the_coordinators_get_the_alert(page, sandbox, screenshots):
    await be(page, MEMBER)
    await page.get_by_role("button", name="BẮT ĐẦU", exact=True).click()
    await expect(bubble(page, f"Chào đồng chí {MEMBER.full_name}")).to_be_visible()

    # The menu comes from the bot's setMyCommands.
    await page.locator("#menu-button").click()
    await page.locator(".command-item[data-command='tham']").click()
    await expect(bubble(page, "Làm việc với doanh nghiệp nào")).to_be_visible()
    await type_and_send(page, "may mac thanh nam")
    await bubble(page, "Chọn doanh nghiệp").get_by_role("button", name=re.compile(ENTERPRISE)).click()
    await bubble(page, "Làm việc ngày nào").get_by_role("button", name="Hôm nay", exact=True).click()

    # Choosing who went edits the question in place: the same bubble changes, no new one appears.
    members_question = bubble(page, "Thành viên nào")
    await expect(members_question).to_be_visible()
    message_id = await members_question.get_attribute("data-message-id")
    rows_before = await conversation(page).locator(".message-row").count()
    await members_question.get_by_role("button", name=f"⬜ {COLLEAGUE.full_name}").click()
    edited = conversation(page).locator(f".message-row[data-message-id='{message_id}']")
    await expect(edited.get_by_role("button", name=re.compile(f"^(?!⬜).*{COLLEAGUE.full_name}"))).to_be_visible()
    await expect(edited.locator(".edited")).to_have_text("đã sửa")
    assert await conversation(page).locator(".message-row").count() == rows_before
    await edited.get_by_role("button", name="✅ Xong", exact=True).click()

    await expect(bubble(page, "4 số")).to_be_visible()
    await type_and_send(page, "2 1 850 3")

    # The bot's reply keyboard asks for the location; the visitor picks the enterprise on the map.
    location_key = page.locator("#reply-keyboard").get_by_role("button", name="📍 Gửi vị trí hiện tại", exact=True)
    await location_key.click()
    await page.locator(".zone-button", has_text="KCN Hòa Xá").click()
    await page.locator(".map-enterprise", has_text="May mặc Thành Nam").click()
    await expect(page.locator("#nearest-enterprise")).to_contain_text("trong bán kính xác nhận")
    await screenshots.take("3-location-picker")
    await page.get_by_role("button", name="📍 Gửi vị trí này", exact=True).click()
    await expect(bubble(page, "Đã nhận vị trí")).to_be_visible()
    await expect(location_key).to_be_hidden()   # a one-time keyboard, used

    await page.locator("#attach-button").click()
    await page.get_by_role("menuitem", name="📷 Ảnh mẫu", exact=True).click()
    await expect(conversation(page).locator(".message-row.outgoing img.photo")).to_be_visible()
    await bubble(page, "Đã nhận 1 ảnh").get_by_role("button", name="✅ Xong", exact=True).click()

    summary = bubble(page, "💾 Lưu")
    await expect(summary).to_contain_text(ENTERPRISE)
    await screenshots.take("1-member-logs-a-visit")
    await summary.get_by_role("button", name="💾 Lưu", exact=True).click()
    await expect(bubble(page, "Đã lưu buổi làm việc")).to_contain_text("Đã xác nhận có mặt")

    # The coordinators' chat got the details; the coordinator sees it waiting, unread.
    coordinator_card = page.locator(f".person[data-person-id='{COORDINATOR.user_id}']")
    await expect(coordinator_card.locator(".badge")).to_be_visible()
    await be(page, COORDINATOR)
    await open_chat(page, demo_data.COORDINATORS_TITLE)
    alert = bubble(page, "Buổi làm việc mới")
    await expect(alert).to_contain_text(ENTERPRISE)
    await expect(alert).to_contain_text(f"Người ghi: {MEMBER.full_name}")
    await expect(alert).to_contain_text("có mặt")
    await screenshots.take("2-coordinators-alert")

    # The delegation's group got one line, without anyone's name.
    await open_chat(page, demo_data.GROUP_TITLE)
    notice = bubble(page, "đã làm việc với")
    await expect(notice).to_contain_text(ENTERPRISE)
    await expect(notice).not_to_contain_text(MEMBER.full_name)


async def test_moving_the_clock_to_the_next_deadline_brings_the_plans_reminders(page, screenshots):
    await be(page, MEMBER)
    await open_chat(page, demo_data.GROUP_TITLE)
    await expect(page.locator("#clock-label")).to_contain_text("15/09/2021")
    await expect(page.locator("#next-deadline-label")).to_contain_text("30/09/2021 · mục 1.1")

    await page.get_by_role("button", name=re.compile("Đến hạn tiếp theo")).click()

    await expect(page.locator("#clock-label")).to_contain_text("30/09/2021")
    await expect(bubble(page, "Còn 7 ngày đến hạn")).to_contain_text("Mục 1.1")
    await expect(bubble(page, "Ngày mai là hạn chót")).to_be_visible()
    await expect(bubble(page, "Hôm nay là hạn chót")).to_be_visible()
    # Nothing happened in those two weeks: no empty weekly digest.
    await expect(conversation(page).locator(".message-row", has_text="Tổng hợp tuần")).to_have_count(0)
    await expect(page.locator("#next-deadline-label")).to_contain_text("mục 1.2")
    # The reminders arrived day by day on the way, dated as they would have been.
    separators = conversation(page).locator(".day-separator")
    await expect(separators.first).to_contain_text("23/09/2021")
    await expect(separators.last).to_contain_text("30/09/2021")
    await screenshots.take("4-group-reminders-after-moving-time")


async def test_a_guest_is_turned_away_until_an_admin_invites_them(page):
    await be(page, GUEST)
    await type_and_send(page, "Xin chào")
    await expect(bubble(page, "đường dẫn mời")).to_be_visible()

    await be(page, ADMIN)
    await type_and_send(page, "/moi")
    await bubble(page, "vai trò nào").get_by_role("button", name="Thành viên", exact=True).click()
    invite = bubble(page, "Lời mời")
    link = invite.locator("a[href*='start=inv_']")
    await link.click()
    await page.locator("#deeplink-people .person", has_text=GUEST.full_name).click()

    await expect(page.locator("#acting-as")).to_contain_text(GUEST.full_name)
    await expect(conversation(page).locator(".message-row.outgoing", has_text="/start inv_")).to_be_visible()
    await expect(bubble(page, f"Chào mừng đồng chí {GUEST.full_name}")).to_be_visible()


async def test_a_document_the_bot_sends_can_be_downloaded(page, sandbox):
    await be(page, MEMBER)
    chat_id = MEMBER.user_id
    content = "Mã số thuế,Tên\n0600812347,Công ty TNHH May mặc Thành Nam\n".encode()
    await sandbox.bot.runtime.app.bot.send_document(chat_id, document=content, filename="danh-sach.csv",
                                            caption="Danh sách doanh nghiệp")
    card = bubble(page, "Danh sách doanh nghiệp").locator("a.document")
    await expect(card).to_contain_text("danh-sach.csv")
    async with page.expect_download() as download_info:
        await card.click()
    download = await download_info.value
    assert download.suggested_filename == "danh-sach.csv"
    assert Path(await download.path()).read_bytes() == content


# ---- the page on a phone (390×844): no sideways scroll, the chat gets most of the height, roles shown, the guide
# ---- opens below its own button and closes by ✕, Esc or a tap outside

LAYOUT = """() => ({
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
    bodyScrollWidth: document.body.scrollWidth, height: window.innerHeight,
    conversation: document.getElementById("conversation").getBoundingClientRect().height,
    messages: document.getElementById("messages").getBoundingClientRect().height,
})"""


async def _covers_its_button(page) -> bool:
    """Whether what is drawn at the middle of «Hướng dẫn» is something other than the button."""
    return await page.evaluate("""() => {
        const button = document.getElementById("toggle-guide");
        const box = button.getBoundingClientRect();
        const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return !button.contains(top);
    }""")


async def test_on_a_phone_the_chat_fills_the_screen_without_sideways_scroll(phone, phone_screenshots):
    layout = await phone.evaluate(LAYOUT)
    print(f"\nphone 390×844: scrollWidth {layout['scrollWidth']} (clientWidth {layout['clientWidth']}); "
          f"chat {layout['conversation']:.0f} px = {layout['conversation'] / layout['height']:.0%} of the height, "
          f"its messages {layout['messages']:.0f} px = {layout['messages'] / layout['height']:.0%}")
    assert layout["scrollWidth"] <= layout["clientWidth"] and layout["bodyScrollWidth"] <= layout["clientWidth"]
    assert layout["messages"] / layout["height"] >= 0.6

    # Everyone can be chosen, each with their role, all on the screen at once.
    for person, role in ((MEMBER, "Thành viên"), (COORDINATOR, "Điều phối"), (ADMIN, "Quản trị"), (GUEST, "Khách")):
        card = phone.locator(f".person[data-person-id='{person.user_id}']")
        await expect(card.locator(".person-role")).to_be_visible()
        await expect(card.locator(".person-role")).to_contain_text(role)
        box = await card.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, person.full_name

    # A visit starts as on a desktop, and the search forgives a regional spelling ("sa" for "Xá").
    await be(phone, MEMBER)
    await phone.get_by_role("button", name="BẮT ĐẦU", exact=True).click()
    await expect(bubble(phone, f"Chào đồng chí {MEMBER.full_name}")).to_be_visible()
    await phone.locator("#menu-button").click()
    await phone.locator(".command-item[data-command='tham']").click()
    await type_and_send(phone, "hoa sa")
    choices = bubble(phone, "Chọn doanh nghiệp")
    await expect(choices.get_by_role("button", name=re.compile(ENTERPRISE))).to_be_visible()
    layout = await phone.evaluate(LAYOUT)
    assert layout["scrollWidth"] <= layout["clientWidth"]   # long enterprise names wrap inside the bubbles
    await phone_screenshots.take("5-phone-visit")

    await open_chat(phone, demo_data.GROUP_TITLE)
    await expect(phone.locator(".chat-item.active")).to_contain_text("Nhóm chung")


async def test_on_a_phone_the_guide_opens_below_its_button_and_closes_every_way(phone, phone_screenshots):
    guide, button = phone.locator("#guide"), phone.locator("#toggle-guide")
    await expect(guide).to_be_hidden()   # closed at first: the chat comes first on a phone
    await button.click()
    await expect(guide).to_be_visible()
    await expect(button).to_have_attribute("aria-expanded", "true")
    assert not await _covers_its_button(phone)
    text = await guide.inner_text()   # what is shown, not what is hidden for other screens
    assert "cột trái" not in text and "hàng tên ngay dưới đồng hồ" in text
    await phone_screenshots.take("6-phone-guide")

    await phone.get_by_role("button", name="Đóng hướng dẫn").click()
    await expect(guide).to_be_hidden()
    await expect(button).to_have_attribute("aria-expanded", "false")

    await button.click()
    await expect(guide).to_be_visible()
    await phone.keyboard.press("Escape")
    await expect(guide).to_be_hidden()

    await button.click()
    await expect(guide).to_be_visible()
    await phone.mouse.click(10, 500)   # on the chat, beside the guide
    await expect(guide).to_be_hidden()

    await button.click()   # and the button itself closes it again
    await expect(guide).to_be_visible()
    await button.click()
    await expect(guide).to_be_hidden()

    # «Thử ngay» gets the guide out of the way of what it starts.
    await button.click()
    await guide.get_by_role("button", name="Thử ngay").click()
    await expect(guide).to_be_hidden()
    await expect(phone.locator("#command-menu")).to_be_visible()


async def test_on_a_desktop_the_guide_is_a_column_the_button_or_its_close_hides(page):
    guide, button = page.locator("#guide"), page.locator("#toggle-guide")
    await expect(guide).to_be_visible()
    assert "cột trái" in await guide.inner_text()
    layout = await page.evaluate(LAYOUT)
    assert layout["scrollWidth"] <= layout["clientWidth"]
    await page.get_by_role("button", name="Đóng hướng dẫn").click()
    await expect(guide).to_be_hidden()
    await expect(button).to_have_attribute("aria-expanded", "false")
    await button.click()
    await expect(guide).to_be_visible()


async def be_on_zalo(page, person: demo_data.Person) -> None:
    await be(page, person)
    await page.locator("#platform-switch .platform-zalo").click()
    await expect(page.locator("#conversation.zalo")).to_be_visible()
    await expect(page.locator("#chat-title")).to_contain_text("Zalo")


async def test_a_member_on_zalo_logs_a_visit_by_typing_numbers(page, screenshots):
    await be_on_zalo(page, MEMBER)
    # Zalo's view: a composer only, no command menu, no attachments.
    await expect(page.locator("#menu-button")).to_be_hidden()
    await expect(page.locator("#attach-button")).to_be_hidden()
    await type_and_send(page, "/tham")
    await expect(bubble(page, "Làm việc với doanh nghiệp nào")).to_be_visible()
    await type_and_send(page, "may mac thanh nam")
    await expect(bubble(page, f"1. {ENTERPRISE}")).to_contain_text("gõ số để chọn")
    await type_and_send(page, "1")
    await expect(bubble(page, "Làm việc ngày nào")).to_contain_text("1. Hôm nay")
    await type_and_send(page, "1")
    await expect(bubble(page, "Thành viên nào")).to_contain_text(COLLEAGUE.full_name)
    await type_and_send(page, "xong")
    await expect(bubble(page, "4 số")).to_be_visible()
    await type_and_send(page, "2 1 850 3")
    await expect(bubble(page, "Google Maps")).to_contain_text("tọa độ")
    await type_and_send(page, "xong")
    summary = bubble(page, "«lưu»")
    await expect(summary).to_contain_text(ENTERPRISE)
    await screenshots.take("7-zalo-visit")
    # Nothing to press and nothing edited: every question came as a new message.
    assert await conversation(page).locator(".inline-button").count() == 0
    assert await conversation(page).locator(".edited").count() == 0
    await type_and_send(page, "lưu")
    await expect(bubble(page, "Đã lưu buổi làm việc")).to_be_visible()

    # The same person back on Telegram sees that app's own chat with the bot, buttons and all.
    await page.locator("#platform-switch .platform-telegram").click()
    await expect(page.locator("#conversation.zalo")).to_have_count(0)
    await expect(page.locator("#menu-button")).to_be_visible()


async def test_on_a_phone_the_zalo_view_is_a_chat_and_a_composer(phone, phone_screenshots):
    await be_on_zalo(phone, COLLEAGUE)
    await type_and_send(phone, "/tham")
    await type_and_send(phone, "hoa sa")
    await expect(bubble(phone, "gõ số để chọn")).to_be_visible()
    layout = await phone.evaluate(LAYOUT)
    assert layout["scrollWidth"] <= layout["clientWidth"]
    await expect(phone.locator("#platform-switch .platform-zalo")).to_be_visible()
    await phone_screenshots.take("8-phone-zalo")
