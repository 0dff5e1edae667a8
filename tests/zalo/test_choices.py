"""Forms without buttons on Zalo: typed numbers and words, their mistakes, a stale list, a restart mid-form; and
the pieces alone (rendering, reading, map links)."""

from __future__ import annotations

import pytest

from channels.maplinks import ShortLinkExpander, ShortMapLink, point_from_link
from channels.numbered import interpret, render
from channels.zalo.channel import ZaloChannel
from handlers.conversation import Button, Nav
from tests.zalo.test_visit import setup, transcript

MULTI = [
    {"text": "⬜ An", "role": "option", "data": "f1:t:0"},
    {"text": "☑️ Bình", "role": "option", "data": "f1:t:1"},
    {"text": "⬜ Chi", "role": "option", "data": "f1:t:2"},
    {"text": "✅ Xong", "role": "navigation", "data": "f1:d", "nav": "done"},
    {"text": "⬅️ Quay lại", "role": "navigation", "data": "f1:b", "nav": "back"},
]


def test_render_numbers_options_and_offers_words():
    buttons = [Button.option("Hôm nay", "f1:c:0").as_payload(), Button.option("Hôm qua", "f1:c:1").as_payload(),
               Button.navigation("💾 Lưu", "f1:S", Nav.save).as_payload(),
               Button.navigation("✖️ Hủy", "f1:x", Nav.cancel).as_payload(),
               Button.link("Mở bản đồ", "https://maps.google.com/?q=20.4,106.1").as_payload()]
    rendered = render("Ngày nào?", buttons)
    assert rendered.text.splitlines() == [
        "Ngày nào?", "", "1. Hôm nay", "2. Hôm qua", "🔗 Mở bản đồ: https://maps.google.com/?q=20.4,106.1",
        "👉 gõ số để chọn · «lưu» · /huy"]
    assert [o["data"] for o in rendered.choices["options"]] == ["f1:c:0", "f1:c:1"]
    assert render("Chỉ là tin nhắn.", []).choices is None


def test_interpret_reads_numbers_words_and_mistakes():
    single = render("?", [{"text": "A", "role": "option", "data": "a"}, {"text": "B", "role": "option", "data": "b"},
                          {"text": "Tiếp", "role": "navigation", "data": "n", "nav": "next_page"}]).choices
    assert interpret("2", single).presses == ["b"]
    assert interpret(" 2. ", single).presses == ["b"]
    assert interpret("Tiếp", single).presses == ["n"] and interpret("trang sau", single).presses == ["n"]
    assert "số 7" in interpret("7", single).mistake and "từ 1 đến 2" in interpret("7", single).mistake
    assert "số 9" in interpret("1,9", single).mistake
    assert "chỉ chọn một" in interpret("1 2", single).mistake
    assert interpret("abc", single).text and interpret("Công ty 2", single).text
    # A word people put before the number: «số 2», «Chọn 1», «chọn số 2», «#2»; never another word's number.
    for typed, pressed in (("số 2", "b"), ("Chọn 1", "a"), ("chọn số 2", "b"), ("#2", "b"), ("so 1", "a")):
        assert interpret(typed, single).presses == [pressed], typed
    assert "số 7" in interpret("số 7", single).mistake
    assert interpret("Số nhà 2", single).text and interpret("Lô 2", single).text and interpret("số", single).text
    multi = render("Ai đi?", MULTI).choices
    # exactly An and Chi: An and Chi toggled on, Bình (chosen before) toggled off, then done
    assert interpret("1,3", multi).presses == ["f1:t:0", "f1:t:1", "f1:t:2", "f1:d"]
    assert interpret("2", multi).presses == ["f1:d"]
    assert interpret("xong", multi).presses == ["f1:d"]
    assert interpret("chọn 1, 3", multi).presses == interpret("1,3", multi).presses
    # A form's answer typed in its own words: the option it names, if exactly one; never an action's button.
    day = render("Ngày nào?", [{"text": "Hôm nay", "role": "option", "data": "f4:c:0"},
                               {"text": "Hôm qua", "role": "option", "data": "f4:c:1"},
                               {"text": "Công ty TNHH Dệt may Nam Định — KCN Hòa Xá", "role": "option",
                                "data": "f4:c:2"}]).choices
    assert interpret("hôm qua", day).presses == ["f4:c:1"] and interpret("Hom qua.", day).presses == ["f4:c:1"]
    assert interpret("Công ty TNHH Dệt may Nam Định", day).presses == ["f4:c:2"]
    assert interpret("hôm", day).text and interpret("Công ty", day).text
    card = render("#1", [{"text": "🗑 Xóa", "role": "option", "data": "vx:1"}]).choices
    assert interpret("xóa", card).text
    number_question = render("Bao nhiêu?", [MULTI[-1]]).choices
    assert interpret("2", number_question).text   # no numbered options: a number is the answer
    assert interpret("2", None).text


@pytest.mark.parametrize("text, expected", [
    ("https://www.google.com/maps/@20.4212,106.1683,17z", (20.4212, 106.1683)),
    ("xem https://www.google.com/maps/place/C%C3%B4ng+ty/@20.41,106.15,15z/data=!3m1!4b1!4m6!3m5!3d20.4219!4d106.1688",
     (20.4219, 106.1688)),
    ("https://maps.google.com/maps?q=20.4212,106.1683&z=17", (20.4212, 106.1683)),
    ("https://www.google.com/maps/search/?api=1&query=20.4212%2C106.1683", (20.4212, 106.1683)),
    ("https://www.google.com/maps/search/20.4212,+106.1683", (20.4212, 106.1683)),
    ("geo:20.4212,106.1683?z=17", (20.4212, 106.1683)),
    ("https://zalo.me/location?lat=20.4212&lng=106.1683", (20.4212, 106.1683)),
])
def test_map_links(text, expected):
    point = point_from_link(text)
    assert (point.latitude, point.longitude) == pytest.approx(expected)


def test_map_links_that_say_nothing():
    assert point_from_link("20.4212, 106.1683") is None   # typed coordinates: the form reads them itself
    assert point_from_link("https://example.org/page?q=hello") is None
    with pytest.raises(ShortMapLink):
        point_from_link("https://maps.app.goo.gl/AbCdEf123")


def test_only_googles_short_map_links_are_ever_asked_where_they_lead():
    expander = ShortLinkExpander({"maps.app.goo.gl": "http://127.0.0.1:9/_shortlinks/maps.app.goo.gl"})
    assert expander.asked_url("https://maps.app.goo.gl/AbC?g_st=ic") == \
        "http://127.0.0.1:9/_shortlinks/maps.app.goo.gl/AbC?g_st=ic"
    assert ShortLinkExpander().asked_url("https://goo.gl/maps/XyZ") == "https://goo.gl/maps/XyZ"
    for elsewhere in ("https://goo.gl/XyZ", "https://maps.app.goo.gl.example.org/AbC", "https://example.org/AbC",
                      "https://user@maps.app.goo.gl/AbC", "https://maps.app.goo.gl:8443/AbC", "ftp://goo.gl/maps/x",
                      "http://127.0.0.1/maps/x"):
        assert expander.asked_url(elsewhere) is None, elsewhere


async def test_wrong_numbers_get_a_reason_and_the_list_again(zalo_world):
    world = zalo_world
    setup(world)
    admin = world.admin
    await world.ask(admin, "/start")
    await world.ask(admin, "/tham")
    matches = await world.ask(admin, "det may nam dinh")
    date_question = await world.ask(admin, "1")
    assert "1. Hôm nay" in date_question.text
    for typed, reason in (("7", "Không có lựa chọn số 7: chỉ có từ 1 đến 3"), ("1,9", "số 9"),
                          ("1 2", "chỉ chọn một")):
        answer = await world.ask(admin, typed)
        assert reason in answer.text and "1. Hôm nay" in answer.text, transcript(world, admin)
    refused = await world.ask(admin, "abc")   # not a date, not an option: the form says so and asks again
    assert "⚠️" in refused.text, transcript(world, admin)
    members_question = await world.ask(admin, "số 1")   # as people often type it
    assert "cùng đi" in members_question.text, transcript(world, admin)
    assert matches.text.count("1. ") == 1


async def test_an_answer_typed_in_its_own_words_picks_it(zalo_world):
    world = zalo_world
    setup(world)
    admin = world.admin
    await world.ask(admin, "/start")
    await world.ask(admin, "/tham")
    await world.ask(admin, "det may nam dinh")
    date_question = await world.ask(admin, "Công ty TNHH Dệt may Nam Định")
    assert "1. Hôm nay" in date_question.text, transcript(world, admin)
    members_question = await world.ask(admin, "hôm qua")
    assert "✔️ Hôm qua" in members_question.text and "cùng đi" in members_question.text, transcript(world, admin)


async def test_a_restart_mid_form_keeps_the_numbers(zalo_world):
    world = zalo_world
    setup(world)
    admin = world.admin
    await world.ask(admin, "/start")
    await world.ask(admin, "/tham")
    await world.ask(admin, "det may nam dinh")
    # The channel starts afresh (a new process would): what it offered is read back from the database.
    fresh = ZaloChannel(world.channel.client, world.channel.runner, usage=world.channel.usage)
    world.inbox.channel = fresh
    date_question = await world.ask(admin, "1")
    assert "ngày nào" in date_question.text, transcript(world, admin)
    members_question = await world.ask(admin, "2")   # «Hôm qua»
    assert "Hôm qua" in members_question.text, transcript(world, admin)


async def test_a_number_from_a_list_no_longer_shown_is_explained(zalo_world):
    world = zalo_world
    setup(world)
    admin = world.admin
    await world.ask(admin, "/start")
    await world.ask(admin, "/tham")
    await world.ask(admin, "det may nam dinh")
    cancelled = await world.ask(admin, "/huy")
    assert "hủy" in cancelled.text.lower() or "huỷ" in cancelled.text.lower(), transcript(world, admin)
    late = await world.ask(admin, "1")
    assert "đã cũ" in late.text and "«1»" in late.text, transcript(world, admin)
    from sqlalchemy import select

    from models.visits import Visit

    with world.database.session() as session:
        assert session.scalars(select(Visit)).all() == []


async def test_a_number_question_takes_a_typed_number_as_its_answer(zalo_world):
    world = zalo_world
    setup(world)
    admin = world.admin
    await world.ask(admin, "/start")
    await world.ask(admin, "/tham")
    await world.ask(admin, "det may nam dinh")
    await world.ask(admin, "1")                       # the enterprise
    await world.ask(admin, "1")                       # today
    counts_question = await world.ask(admin, "1")     # the members' list: one chosen, done
    assert "4 số" in counts_question.text, transcript(world, admin)
    refused = await world.ask(admin, "3")             # a counts question wants 4 numbers: its own refusal
    assert "⚠️" in refused.text and "đã cũ" not in refused.text, transcript(world, admin)
