"""A new small form is one schema plus its questions: no mapping, no registry, no engine code. Built here from
scratch and driven through the neutral core, on a channel like Telegram's and on one without buttons."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field as SchemaField

from handlers.conversation import Turn
from handlers.forms import ENGINE, ChoiceField, DateField, Form, NumberField, Option, TextField
from handlers.routing import Router
from tests.core.harness import Core


class MeetingNote(BaseModel):
    """The domain's input: what the form fills and checks every answer against."""

    topic: str = SchemaField(min_length=3, max_length=200)
    attendees: int = SchemaField(ge=1, le=500)
    held_on: dt.date
    online: bool = False


RECORDED: list[MeetingNote] = []   # stands for the domain operation a real form's save calls


def record_meeting_note(turn: Turn, answers: dict[str, Any]) -> None:
    RECORDED.append(MEETING_FORM.to_input(answers))


router = Router("meeting_note")
MEETING_FORM = router.form(Form(
    name="meeting_note", title="Ghi chú cuộc họp", schema=MeetingNote, save=record_meeting_note,
    fields=(
        TextField("topic", "Chủ đề", "Cuộc họp bàn về việc gì?"),
        NumberField("attendees", "Số người dự", "Bao nhiêu người dự?"),
        DateField("held_on", "Ngày họp", "Họp ngày nào?", past_only=True),
        ChoiceField("online", "Họp trực tuyến", "Họp trực tuyến không?", optional=True,
                    options=(Option(True, "Có"), Option(False, "Không"))),
    ),
))


@router.command("hop", private_only=True)
def start_meeting_note(turn: Turn) -> None:
    ENGINE.start(turn, MEETING_FORM)


@router.command("suahop", private_only=True)
def edit_last_meeting_note(turn: Turn) -> None:
    """Editing starts from the record: the form reads its answers back (`answers_from`), no hand mapping."""
    ENGINE.start(turn, MEETING_FORM, MEETING_FORM.answers_from(RECORDED[-1]))


async def test_a_small_form_is_asked_checked_and_saved(database, capabilities):
    RECORDED.clear()
    lan = Core(database, capabilities, routers=(router,)).person("Lan")
    assert "Cuộc họp bàn về việc gì?" in (await lan.send("/hop"))[-1].text
    await lan.send("Kết nạp đảng viên")
    refused = await lan.send("0")                      # the schema's own bound: at least 1
    assert refused[0].text.startswith("⚠️ Số người dự") and "Bao nhiêu người dự?" in refused[-1].text
    await lan.send("12")
    await lan.press("Hôm qua")
    await lan.press("Bỏ qua")
    assert "Ngày họp: 14/10/2021" in lan.last.text and "Họp trực tuyến: —" in lan.last.text
    await lan.press("Lưu")
    assert RECORDED == [MeetingNote(topic="Kết nạp đảng viên", attendees=12, held_on=dt.date(2021, 10, 14))]


async def test_a_record_is_edited_with_the_same_form(database, capabilities):
    RECORDED[:] = [MeetingNote(topic="Sơ kết quý", attendees=9, held_on=dt.date(2021, 10, 1), online=True)]
    assert MEETING_FORM.answers_from(RECORDED[0]) == {
        "topic": "Sơ kết quý", "attendees": 9, "held_on": "2021-10-01", "online": True}
    lan = Core(database, capabilities, routers=(router,)).person("Lan")
    summary = (await lan.send("/suahop"))[-1]
    assert "Số người dự: 9" in summary.text and "Họp trực tuyến: Có" in summary.text
    await lan.press("Sửa")
    await lan.press("Số người dự")
    await lan.send("11")
    await lan.press("Lưu")
    assert RECORDED[1:] == [RECORDED[0].model_copy(update={"attendees": 11})]
