"""The form engine, driven neutrally: every kind of answer, back / skip / cancel, the summary, editing a field,
stale buttons — on a channel like Telegram's and on one without buttons or edits."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from pydantic import BaseModel, Field as SchemaField

from handlers.conversation import ButtonRole, Nav, Turn
from handlers.enterprise_field import enterprise_field
from handlers.forms import (
    ENGINE,
    AttachmentsField,
    ChoiceField,
    CountsField,
    DateField,
    Form,
    MultiField,
    NumberField,
    Option,
    TextField,
)
from handlers.routing import Router
from models.conversation import load_draft
from models.people import Role
from tests.core.conftest import add_enterprise
from tests.core.harness import Core, Person
from texts import forms as tf


class ProbeInput(BaseModel):
    colour: str
    tags: list[str] = []
    note: str | None = SchemaField(default=None, min_length=2, max_length=40)
    count: int = SchemaField(ge=0, le=100)
    men: int = SchemaField(ge=0, le=1000)
    women: int = SchemaField(ge=0, le=1000)
    day: dt.date
    latitude: float | None = SchemaField(default=None, ge=-90, le=90)
    longitude: float | None = SchemaField(default=None, ge=-180, le=180)
    enterprise_id: int = SchemaField(gt=0)


def save_probe(turn: Turn, answers: dict[str, Any]) -> None:
    turn.say("SAVED " + json.dumps({k: v for k, v in answers.items() if not k.startswith("_")}, sort_keys=True,
                                   ensure_ascii=False))


router = Router("probe")
PROBE = router.form(Form(
    name="probe", title="Thử biểu mẫu", schema=ProbeInput, save=save_probe,
    fields=(
        ChoiceField("colour", "Màu", "Màu nào?", options=(Option("red", "Đỏ"), Option("blue", "Xanh"))),
        MultiField("tags", "Nhãn", "Nhãn nào?", optional=True,
                   options=(Option("a", "Một"), Option("b", "Hai"), Option("c", "Ba"))),
        TextField("note", "Ghi chú", "Ghi chú gì?", optional=True),
        NumberField("count", "Số lượng", "Bao nhiêu?"),
        CountsField("pair", "Nam nữ", "Gõ 2 số: nam, nữ", count_labels=("nam", "nữ"),
                    schema_fields=("men", "women")),
        DateField("day", "Ngày", "Ngày nào?", past_only=True),
        AttachmentsField("evidence", "Vị trí", "Gửi vị trí hoặc ảnh", optional=True, accept_location=True,
                         accept_photos=True, location_fields=("latitude", "longitude")),
        enterprise_field("Doanh nghiệp", "Doanh nghiệp nào?"),
    ),
))


@router.command("thu", role=Role.member, private_only=True)
def start_probe(turn: Turn) -> None:
    ENGINE.start(turn, PROBE)


@pytest.fixture
def core(database, capabilities) -> Core:
    core = Core(database, capabilities, routers=(router,))
    add_enterprise(core, "Công ty TNHH Dệt may Nam Định", "0600111222")
    add_enterprise(core, "Công ty CP Cơ khí Mỹ Trung", "0600333444", zone="KCN Mỹ Trung")
    return core


def draft_of(core: Core, person: Person):
    assert person.member_id is not None
    with core.database.session() as session:
        return load_draft(session, person.member_id)


async def fill_to_summary(lan: Person) -> None:
    await lan.send("/thu")
    await lan.press("Xanh")
    await lan.press("Một")
    await lan.press("Ba")
    await lan.press("Xong")
    await lan.send("Gặp giám đốc")
    await lan.send("12")
    await lan.send("3 4")
    await lan.press("Hôm qua")
    await lan.share_location(20.42, 106.15)
    await lan.send_photo("p1")
    await lan.press("Xong")
    await lan.send("det may")
    await lan.press("Công ty TNHH Dệt may Nam Định — KCN Hòa Xá")


async def test_every_kind_of_answer_reaches_the_summary_and_is_saved(core):
    lan = core.person("Lan")
    await fill_to_summary(lan)
    summary = lan.last
    assert "Kiểm tra lại «Thử biểu mẫu»" in summary.text
    for line in ("Màu: Xanh", "Nhãn: Một, Ba", "Ghi chú: Gặp giám đốc", "Số lượng: 12", "Nam nữ: nam 3, nữ 4",
                 "Ngày: 14/10/2021", "Vị trí: vị trí 20.42000, 106.15000, 1 ảnh", "Dệt may Nam Định"):
        assert line in summary.text
    assert {b.nav for b in summary.buttons[0]} == {Nav.save, Nav.edit}
    assert all(b.role is ButtonRole.navigation for row in summary.buttons for b in row)
    shown = await lan.press("Lưu")
    saved = json.loads(shown[-1].text.split("SAVED ", 1)[1])
    assert saved == {"colour": "blue", "tags": ["a", "c"], "note": "Gặp giám đốc", "count": 12, "pair": [3, 4],
                     "day": "2021-10-14", "evidence": {"location": [20.42, 106.15], "photos": ["fake:p1"]},
                     "enterprise_id": saved["enterprise_id"]}
    assert "Đã lưu" in "\n".join(m.text for m in shown)
    assert draft_of(core, lan) is None


async def test_a_pressed_answer_and_the_next_question_are_one_message(core):
    lan = core.person("Lan")
    first = (await lan.send("/thu"))[-1]
    shown = await lan.press("Đỏ")
    assert len(shown) == 1
    (message,) = shown
    assert "✔️ Đỏ" in message.text and "Nhãn nào?" in message.text
    if core.capabilities.edit:
        assert message is first and message.edited        # the question turned into the next one, in place
        assert "Màu nào?" in message.text                  # the answered question stays on top
    else:
        assert message is not first and not message.edited and "Màu nào?" not in message.text
        assert "Màu nào?" in first.text and "✔️" not in first.text   # the old question stays as it was


async def test_wrong_answers_are_explained_and_the_question_asked_again(core):
    lan = core.person("Lan")
    await lan.send("/thu")
    refused = await lan.send("tím")
    assert refused[0].text == f"⚠️ {tf.NEED_CHOICE}" and "Màu nào?" in refused[-1].text
    await lan.send("2")                                   # the option's number, typed
    await lan.press("Xong")
    refused = await lan.send("x")
    assert "ít nhất 2 ký tự" in refused[0].text and "Ghi chú gì?" in refused[-1].text
    await lan.send("/boqua")
    refused = await lan.send("abc")
    assert "«abc» không phải là một số" in refused[0].text and "Bao nhiêu?" in refused[-1].text
    refused = await lan.send("101")
    assert refused[0].text.startswith("⚠️ Số lượng:") and "Bao nhiêu?" in refused[-1].text
    await lan.send("2")                                   # a number question: a typed 2 is the answer
    refused = await lan.send("3")
    assert "2 số" in refused[0].text
    await lan.send("3 4")
    refused = await lan.send("20/10/2021")
    assert tf.DATE_IN_FUTURE in refused[0].text and "Ngày nào?" in refused[-1].text
    await lan.send("13/10/2021")
    assert draft_of(core, lan).answers == {"colour": "blue", "tags": [], "note": None, "count": 2, "pair": [3, 4],
                                           "day": "2021-10-13"}


async def test_a_number_question_offers_no_options_only_navigation(core):
    lan = core.person("Lan")
    await lan.send("/thu")
    await lan.press("Đỏ")
    await lan.press("Xong")
    await lan.send("/boqua")
    question = lan.last
    assert "Bao nhiêu?" in question.text
    assert question.options() == []                       # nothing a channel without buttons would number
    assert [b.nav for row in question.buttons for b in row] == [Nav.back, Nav.cancel]


async def test_back_skip_and_cancel(core):
    lan = core.person("Lan")
    await lan.send("/thu")
    shown = await lan.send("/quaylai")
    assert shown[0].text == tf.FIRST_QUESTION.format(title="Thử biểu mẫu")   # what can be done instead
    assert [b.nav for b in shown[0].buttons[0]] == [Nav.cancel, Nav.resume]
    await lan.press("Tiếp tục")
    assert "Màu nào?" in lan.last.text
    await lan.press("Đỏ")
    shown = await lan.send("/boqua")                      # the tags may be skipped
    assert "Ghi chú gì?" in shown[-1].text
    await lan.press("Bỏ qua")                             # so may the note, by its button
    assert "Bao nhiêu?" in lan.last.text
    shown = await lan.send("/boqua")                      # not the count
    assert shown[0].text == tf.CANNOT_SKIP and "Bao nhiêu?" in shown[-1].text
    await lan.press("Quay lại")
    assert "Ghi chú gì?" in lan.last.text
    await lan.send("/quaylai")
    assert "Nhãn nào?" in lan.last.text
    assert draft_of(core, lan).answers == {"colour": "red", "tags": None, "note": None}
    shown = await lan.press("Hủy")                        # answers were given: asked first
    assert shown[-1].text.startswith("Hủy «Thử biểu mẫu»?") and draft_of(core, lan) is not None
    shown = await lan.press("Hủy, không lưu")
    assert "Đã hủy «Thử biểu mẫu»" in shown[-1].text
    assert draft_of(core, lan) is None
    shown = await lan.send("/huy")
    assert shown[-1].text == tf.NOTHING_TO_CANCEL


async def test_a_field_is_edited_from_the_summary(core):
    lan = core.person("Lan")
    await fill_to_summary(lan)
    await lan.press("Sửa")
    picker = lan.last
    assert picker.text == tf.CHOOSE_FIELD_TO_EDIT
    assert [b.text for b in picker.options()][:3] == ["Màu", "Nhãn", "Ghi chú"]
    assert picker.button("Về bản tóm tắt").role is ButtonRole.navigation
    await lan.press("Số lượng")
    assert "Bao nhiêu?" in lan.last.text
    await lan.send("40")
    summary = lan.last
    assert "Số lượng: 40" in summary.text and "Màu: Xanh" in summary.text
    await lan.press("Lưu")
    assert '"count": 40' in "\n".join(m.text for m in lan.chat[-2:])


async def test_typed_text_at_the_summary_gets_the_summary_again(core):
    lan = core.person("Lan")
    await fill_to_summary(lan)
    shown = await lan.send("lưu đi")
    assert shown[0].text == tf.SUMMARY_FOOTER and shown[-1].text.startswith("Kiểm tra lại")
    assert draft_of(core, lan) is not None


async def test_a_stale_button_is_recognised_and_the_current_question_asked(core):
    lan = core.person("Lan")
    question = (await lan.send("/thu"))[-1]
    old_data = question.button("Đỏ").data
    await lan.press("Xanh")
    shown = await lan.press_data(old_data, on=question)
    assert tf.STALE_BUTTON_HINT in shown[0].text and "Nhãn nào?" in shown[-1].text
    assert draft_of(core, lan).answers == {"colour": "blue"}
    if core.capabilities.button_notice:
        assert core.channel.notices[-1] == tf.STALE_BUTTON
    else:
        assert core.channel.notices == []
    await lan.send("/huy")
    await lan.send("/huy")                                # answers were given: the second /huy confirms
    shown = await lan.press_data(old_data, on=question)   # no form open at all
    assert tf.STALE_BUTTON in shown[-1].text
    forged = await lan.press_data("f99x:c:0")
    assert tf.STALE_BUTTON in forged[-1].text


async def test_a_search_offers_matches_and_searching_again(core):
    lan = core.person("Lan")
    await lan.send("/thu")
    await lan.press("Đỏ")
    await lan.press("Xong")
    await lan.send("/boqua")
    await lan.send("1")
    await lan.send("1 1")
    await lan.press("Hôm nay")
    await lan.press("Bỏ qua")
    refused = await lan.send("x")
    assert refused[0].text == f"⚠️ {tf.QUERY_TOO_SHORT}"
    refused = await lan.send("zzqqxx")
    assert "Không tìm thấy doanh nghiệp" in refused[0].text
    matches = (await lan.send("cong ty"))[-1]
    assert matches.text == tf.MATCHES and len(matches.options()) == 2
    assert matches.button("Tìm lại").nav is Nav.search_again
    await lan.press("Tìm lại")
    await lan.send("my trung")
    await lan.press("Công ty CP Cơ khí Mỹ Trung — KCN Mỹ Trung")
    assert "Cơ khí Mỹ Trung" in lan.last.text and "Kiểm tra lại" in lan.last.text


async def test_a_form_holds_no_location_key_where_the_channel_has_no_locations(core):
    lan = core.person("Lan")
    await lan.send("/thu")
    await lan.press("Đỏ")
    await lan.press("Xong")
    await lan.send("/boqua")
    await lan.send("1")
    await lan.send("1 1")
    shown = await lan.press("Hôm nay")
    assert any(m.request_location for m in shown) is core.capabilities.location
    shown = await lan.send("20.42, 106.15")                # typed coordinates work everywhere
    assert tf.LOCATION_RECEIVED in shown[0].text
    assert shown[0].button("Xong").nav is Nav.done


async def test_a_form_is_not_filled_in_a_group(core):
    lan = core.person("Lan")
    group = core.group()
    shown = await lan.send("/thu", chat_id=group)
    assert shown[0].chat_id == group
    links = [b for b in shown[0].buttons[0]] if shown[0].buttons else []
    if core.capabilities.deep_link:
        assert links[0].role is ButtonRole.link and links[0].url == "https://fake.example/bot?start=go_thu"
    else:
        assert links == []
    assert draft_of(core, lan) is None


async def test_a_forms_button_pressed_outside_its_chat_is_stale_and_says_nothing_there(core):
    """A form's buttons work only in the chat its draft lives in: pressed (or forged) in a group, the press is
    refused as stale on the button and nothing is said in the group — the draft's summary never goes there."""
    lan = core.person("Lan")
    await fill_to_summary(lan)
    summary = lan.last
    assert "Kiểm tra lại" in summary.text
    draft_before = draft_of(core, lan)
    group = core.group()
    for action in ("S", "R", "E", "x", "b"):   # save, resume, edit, cancel, back: every form action
        shown = await lan.press_data(f"f{draft_before.nonce}:{action}", chat_id=group)
        assert shown == [] and core.messages(group) == []
    shown = await lan.press_data("f0:R", chat_id=group)   # an old nonce, which in the right chat asks again
    assert shown == [] and core.messages(group) == []
    if core.capabilities.button_notice:
        assert core.channel.notices[-1] == tf.STALE_BUTTON
    assert draft_of(core, lan) == draft_before          # untouched: neither saved, cancelled nor moved on
    await lan.press("Lưu", on=summary)                   # in its own chat the same form goes on
    assert any("SAVED " in m.text for m in lan.chat) and draft_of(core, lan) is None


async def test_a_form_is_not_finished_by_someone_who_lost_its_role(core):
    """The form's role is checked at every answer and at save, not only at the start: a coordinator demoted
    (or deactivated) mid-form cannot finish it, and the draft is deleted."""
    from models.people import Member

    hoa = core.person("Hoa", Role.coordinator)
    await hoa.send("/dieuphoi")
    assert draft_of(core, hoa) is not None
    with core.database.session() as session:
        session.get(Member, hoa.member_id).role = Role.member
    shown = await hoa.send("Ghi chú của điều phối")
    assert [m.text for m in shown] == [tf.FORM_NO_LONGER_ALLOWED.format(title=COORDINATOR_FORM.title)]
    assert draft_of(core, hoa) is None and COORDINATOR_SAVED == []

    # At the summary: «Lưu» is refused once the role is gone.
    with core.database.session() as session:
        session.get(Member, hoa.member_id).role = Role.coordinator
    await hoa.send("/dieuphoi")
    await hoa.send("Ghi chú thứ hai")
    summary = hoa.last
    assert "Kiểm tra lại" in summary.text
    with core.database.session() as session:
        session.get(Member, hoa.member_id).role = Role.member
    await hoa.press("Lưu", on=summary)
    assert COORDINATOR_SAVED == [] and draft_of(core, hoa) is None


class CoordinatorNote(BaseModel):
    note: str = SchemaField(min_length=2, max_length=200)


COORDINATOR_SAVED: list[str] = []
COORDINATOR_FORM = router.form(Form(
    name="probe_coordinator", title="Ghi chú điều phối", schema=CoordinatorNote, min_role=Role.coordinator,
    save=lambda turn, answers: COORDINATOR_SAVED.append(answers["note"]),
    fields=(TextField("note", "Ghi chú", "Ghi chú gì?"),)))


@router.command("dieuphoi", role=Role.coordinator, private_only=True)
def start_coordinator_probe(turn: Turn) -> None:
    ENGINE.start(turn, COORDINATOR_FORM)
