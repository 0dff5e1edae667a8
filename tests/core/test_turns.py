"""The turn runner and dispatch, driven neutrally: routing, the unit of work, refusals, replays, error reports,
and what each kind of channel is told."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from sqlalchemy import func, select

from handlers.conversation import Button, ButtonRole, InputKind, Turn
from models.deliveries import Delivery
from models.errors import InvalidInput
from models.people import ChatBinding, ChatPurpose, Member, Role
from tests.core.harness import Core
from texts import common as tc


def bind(core: Core, purpose: ChatPurpose) -> str:
    chat_id = core.group()
    with core.database.session() as session:
        session.add(ChatBinding(purpose=purpose, chat_id=chat_id))
    return chat_id


def members(core: Core) -> int:
    with core.database.session() as session:
        return session.execute(select(func.count()).select_from(Member)).scalar_one()


async def test_commands_buttons_and_free_text_find_their_routes(core):
    lan = core.person("Lan")
    shown = await lan.send("/trogiup")
    assert shown[0].text.startswith("Các việc đồng chí có thể làm (thành viên)")
    assert "/baocao" not in shown[0].text                 # a coordinators' command
    shown = await lan.send("/khongco")
    assert shown[0].text == tc.UNKNOWN_COMMAND
    shown = await lan.send("không có doanh nghiệp nào tên thế này xyzw")
    assert "Không tìm thấy" in shown[0].text or "không tìm thấy" in shown[0].text
    shown = await lan.press_data("zz:1")                 # nobody's prefix
    stale = "Lựa chọn này thuộc một câu hỏi cũ hoặc một việc đã kết thúc."
    if core.capabilities.button_notice:
        assert core.channel.notices == [stale] and shown == []
    else:
        assert [m.text for m in shown] == [stale]


async def test_a_refusal_undoes_what_the_turn_wrote_and_is_said(core):
    lan = core.person("Lan")

    def writes_then_refuses(turn: Turn) -> None:
        turn.session.add(Member(full_name="Nửa chừng", role=Role.member))
        turn.session.flush()
        turn.say("không được gửi")
        raise InvalidInput("Không hợp lệ.")

    before = members(core)
    shown = await lan.act(writes_then_refuses)
    assert [m.text for m in shown] == ["⚠️ Không hợp lệ."]
    assert members(core) == before


async def test_a_refused_press_shows_nothing_the_rolled_back_turn_did_not_record(core):
    # The review's L12: the press's own edit ("chosen: …") made before the refusal was once kept and shown.
    lan = core.person("Lan")

    def asks(turn: Turn) -> None:
        turn.say("Xác nhận thêm thành viên?", [[Button.option("Có", "test:yes")]])

    (question,) = await lan.act(asks)

    def chooses_writes_then_refuses(turn: Turn) -> None:
        turn.session.add(Member(full_name="Nửa chừng", role=Role.member))
        turn.session.flush()
        turn.edit("Đã chọn: Có — đã thêm thành viên.")
        raise InvalidInput("Không hợp lệ.")

    before = members(core)
    incoming = core.incoming(lan, InputKind.button, button_data="test:yes", button_ref="press:test:yes",
                             message_id=question.id if core.capabilities.edit else None,
                             message_buttons=tuple(tuple(row) for row in question.buttons))
    shown = await core.run(incoming, chooses_writes_then_refuses)
    assert members(core) == before
    assert not any("Đã chọn" in message.text for message in lan.chat)
    assert question.text == "Xác nhận thêm thành viên?" and question.labels == ["Có"] and not question.edited
    assert [m.text for m in shown] == ["⚠️ Không hợp lệ."]   # in the private chat: said, besides any notice


async def test_a_refused_button_press_says_why_where_the_channel_shows_no_notice(core):
    lan = core.person("Lan")
    shown = await lan.press_data("ms:done:1")             # a coordinators' button
    refusal = tc.NO_PERMISSION.format(role="điều phối viên")
    if core.capabilities.button_notice:
        assert core.channel.notices == [refusal] and shown == []
    else:
        assert [m.text for m in shown] == [refusal]


async def test_an_update_handled_before_a_restart_is_not_handled_again(core):
    lan = core.person("Lan")
    incoming = core.incoming(lan, InputKind.command, text="/trogiup", command="trogiup")
    assert len(await core.run(incoming)) == 1
    assert await core.run(incoming) == []                 # the same update again (a replay): nothing


async def test_an_unexpected_error_gets_an_id_and_the_coordinators_only_where_it_failed(core):
    lan = core.person("Lan")
    coordinators = bind(core, ChatPurpose.coordinators)

    def broken(turn: Turn) -> None:
        raise RuntimeError("Nguyễn Văn A, CCCD 001234567890")   # what an exception may carry

    incoming = core.incoming(lan, InputKind.text, text="x")
    (apology,) = await core.run(incoming, broken)
    error_id = re.search(r"mã lỗi ([0-9A-F]{8})", apology.text).group(1)
    with core.database.session() as session:
        report = session.scalars(select(Delivery).where(Delivery.kind == "error")).one()
    assert report.chat_id == coordinators and error_id in report.text
    assert "test_turns.py" in report.text and "RuntimeError" in report.text
    assert "Nguyễn" not in report.text and "001234567890" not in report.text
    assert await core.run(incoming) == []                 # marked handled: a restart does not fail on it again


async def test_someone_not_registered_is_told_how_to_join_at_most_once_an_hour(core):
    stranger = core.person("Khách", registered=False)
    how_to_join = (tc.UNREGISTERED if core.capabilities.deep_link else tc.UNREGISTERED_BY_CODE).format(
        province="Nam Định")
    assert [m.text for m in await stranger.send("/start")] == [how_to_join]
    assert [m.text for m in await stranger.send("/tham")] == [how_to_join]
    assert await stranger.send("Hòa Xá") == []                 # within the hour: silence
    assert await stranger.send("/trogiup") == []
    assert [m.text for m in await stranger.send("/start")] == [how_to_join]   # /start: always
    shown = await stranger.send("inv_khongcomaynay")            # an invite attempt: always answered
    assert shown and shown[0].text.startswith("⚠️")
    core.clock.advance(dt.timedelta(hours=1))
    assert [m.text for m in await stranger.send("Hòa Xá")] == [how_to_join]


async def test_an_invite_code_sent_as_a_message_registers_where_links_cannot_open_the_bot(core):
    admin = core.person("Quản trị", Role.admin)
    await admin.send("/moi")
    shown = await admin.press("Thành viên")
    if core.capabilities.deep_link:
        code = re.search(r"start=(inv_[\w-]+)", shown[-1].text).group(1)
    else:
        code = re.search(r"\n(inv_[\w-]+)\n", shown[-1].text).group(1)
    newcomer = core.person("Hoa", registered=False)
    welcome = await newcomer.send(code)
    assert welcome[0].text.startswith("Chào mừng đồng chí Hoa tham gia Đoàn công tác")
    assert "Đoàn chưa gắn nhóm chung" in welcome[0].text   # the welcome tells of the group, bound or not
    assert (await newcomer.send("/trogiup"))[0].text.startswith("Các việc đồng chí có thể làm")


async def test_the_bot_leaving_a_bound_group_unbinds_it_and_tells_the_admins(core):
    admin = core.person("Quản trị", Role.admin)
    coordinators = bind(core, ChatPurpose.coordinators)
    await core.run(core.incoming(admin, InputKind.bot_removed, chat_id=coordinators, chat_title="Điều phối"))
    with core.database.session() as session:
        assert session.scalars(select(ChatBinding)).all() == []
        (notice,) = session.scalars(select(Delivery)).all()
    assert notice.chat_id == admin.chat_id and "«Điều phối»" in notice.text and "nhóm điều phối" in notice.text
    await core.run(core.incoming(admin, InputKind.bot_added, chat_id=core.group(), chat_title="Chi bộ"))
    with core.database.session() as session:
        assert len(session.scalars(select(Delivery)).all()) == 2


async def test_a_groups_own_conversation_is_handled_without_a_word(core):
    lan = core.person("Lan")
    incoming = core.incoming(lan, InputKind.text, chat_id=core.group(), text="Chào cả nhà")
    assert await core.run(incoming) == []
    with core.database.session() as session:
        from models.conversation import InboxUpdate

        (row,) = session.scalars(select(InboxUpdate)).all()
    assert row.handled_at is not None


async def test_a_private_command_in_a_group_points_to_the_private_chat(core):
    lan = core.person("Lan")
    shown = await lan.send("/tham", chat_id=core.group())
    buttons = [b for row in shown[0].buttons for b in row]
    if core.capabilities.deep_link:
        assert shown[0].text == tc.CONTINUE_IN_PRIVATE
        assert [(b.role, b.url) for b in buttons] == [(ButtonRole.link, "https://fake.example/bot?start=go_tham")]
    else:   # no button to point to
        assert shown[0].text == tc.CONTINUE_IN_PRIVATE_NO_LINK and buttons == []


async def test_a_channel_is_asked_not_assumed(database):
    """One capability at a time: a channel that can edit but shows no notices, and the reverse."""
    from tests.core.harness import TELEGRAM_LIKE

    core = Core(database, TELEGRAM_LIKE)
    admin = core.person("Quản trị", Role.admin)
    for capabilities in (dataclasses.replace(TELEGRAM_LIKE, button_notice=False),
                         dataclasses.replace(TELEGRAM_LIKE, edit=False)):
        core.channel.capabilities = capabilities
        await admin.send("/moi")
        shown = await admin.press("Thành viên")
        assert "Lời mời thành viên" in shown[-1].text
        assert shown[-1].edited is capabilities.edit
        shown = await admin.press_data("mr:999999:member:0")   # a member who does not exist
        assert shown[-1].text.startswith("⚠️")
        assert bool(core.channel.notices) is capabilities.button_notice
