"""Every update accounted for: what no feature answers is still marked handled (so the inbox forgets it), the
bot's own joining and leaving of groups keeps the bound chats true, and an update the library cannot read is
set aside instead of stopping the bot."""

import asyncio

from sqlalchemy import select

from models.conversation import InboxUpdate, store_received
from models.people import ChatPurpose, bound_chat


def inbox_rows(world) -> list[InboxUpdate]:
    with world.database.session() as session:
        return list(session.scalars(select(InboxUpdate).order_by(InboxUpdate.id)))


async def test_the_bot_removed_from_the_coordinators_chat_unbinds_it_and_tells_the_admins(world):
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats()
    world.emu.remove_member(coordinators, world.bot, by=world.admin)
    told = await world.emu.wait_for_message(world.admin.private_chat(world.bot),
                                            predicate=lambda m: "không còn ở trong nhóm" in (m.text or ""))
    assert "«Điều phối»" in told.text and "nhóm điều phối" in told.text
    with world.database.session() as session:
        assert bound_chat(session, ChatPurpose.coordinators) is None
        assert bound_chat(session, ChatPurpose.group) == f"telegram:{group.id}"
    assert all(row.handled_at is not None for row in inbox_rows(world))


async def test_the_bot_added_to_a_group_tells_the_admins_how_to_bind_it(world):
    await world.ask(world.admin, "/start")
    guest = world.emu.add_user("Minh", "Đỗ", language_code="vi")
    group = world.emu.add_supergroup("Chi bộ Dệt may", members=[guest])
    world.emu.add_member(group, world.bot, by=guest)
    told = await world.emu.wait_for_message(world.admin.private_chat(world.bot),
                                            predicate=lambda m: "thêm vào nhóm" in (m.text or ""))
    assert "«Chi bộ Dệt may»" in told.text and "Minh Đỗ" in told.text and "/ganhom" in told.text


async def test_group_chatter_and_service_messages_are_handled_without_a_word(world):
    await world.ask(world.admin, "/start")
    group = world.emu.add_supergroup("Đoàn công tác", members=[world.admin], bots=[world.bot])
    await world.admin.send("Chào cả nhà", chat=group)
    world.emu.add_member(group, world.emu.add_user("Lan", "Vũ"), by=world.admin)
    # One person's updates are handled in order: once this is answered, the ones before it were handled.
    await world.ask(world.admin, "/trogiup")
    assert world.emu.bot_messages(group) == []
    rows = inbox_rows(world)
    assert len(rows) == 3   # /start, the join's service message, /trogiup (privacy mode keeps the chatter away)
    assert all(row.handled_at is not None for row in rows)
    assert all(row.payload == {} for row in rows)   # handled: what they said is not kept


async def test_an_update_the_library_cannot_read_is_set_aside_and_the_bot_goes_on(world):
    inbox = world.runtime.telegram.inbox
    unreadable = {"update_id": 77_000_001, "message": "not an object"}
    assert await inbox.accept(world.app, [unreadable]) == 1
    (row,) = [r for r in inbox_rows(world) if r.update_key == "77000001"]
    assert row.handled_at is not None                        # set aside: never tried again
    # One stored before a restart by a version of the library that could read it: set aside at the replay.
    with world.database.session() as session:
        store_received(session, inbox.source, [("77000002", {"update_id": 77_000_002, "message": 5})])
    assert await inbox.replay(world.app) == 0
    assert all(r.handled_at is not None for r in inbox_rows(world) if r.update_key.startswith("7700000"))
    reply = await asyncio.wait_for(world.ask(world.admin, "/start"), 10)
    assert "quản trị viên" in reply.text


async def test_after_an_erasure_nothing_unclaimed_waits_nothing_names_her_and_pruning_empties_the_inbox(world):
    """The audit's case: a member's reply to the bot in the group (a typed name), someone joining the group and
    the member blocking the bot were never marked handled, so pruning kept them and every start replayed them;
    the erased nominee's name stayed in the inbox's JSON. Now every one is handled and forgotten."""
    import datetime as dt
    import json

    from models.conversation import prune_handled
    from tests.conftest import eventually
    from tests.flows.test_nominees import NAME, nominate, people

    binh, _ = people(world)
    await world.ask(world.admin, "/start")
    group, _ = await world.bind_chats(binh)
    await nominate(world, binh)
    listing = await world.ask(world.admin, "/dsungvien")
    await world.admin.press(listing, f"#1 {NAME}")
    await world.emu.wait_for_edit(listing)
    await world.admin.press(listing, "🗑 Xóa dữ liệu cá nhân")
    await world.emu.wait_for_edit(listing)
    await world.admin.press(listing, "🗑 Xóa")
    await world.shown(world.admin, "Đã xóa dữ liệu cá nhân")
    stored = len(inbox_rows(world))
    await binh.reply(world.emu.bot_messages(group)[-1], "Nguyễn Văn Riêng Tư sinh 1990")
    world.emu.add_member(group, world.emu.add_user("Khách", "Lạ"))
    binh.block(world.bot)
    await eventually(lambda: len(inbox_rows(world)) == stored + 3
                     and all(row.handled_at is not None for row in inbox_rows(world)), "the three updates handled")
    rows = inbox_rows(world)
    assert not [row.update_key for row in rows if row.payload != {}]
    assert not [row.update_key for row in rows if NAME in json.dumps(row.payload, ensure_ascii=False)]
    with world.database.session() as session:
        prune_handled(session, world.clock.now() + dt.timedelta(days=8))
    assert inbox_rows(world) == []
    assert await world.runtime.telegram.inbox.replay(world.app) == 0


async def test_over_the_webhook_an_edited_message_and_an_empty_update_are_handled_and_forgotten(world):
    """The audit's webhook case: an edited command and an update with nothing in it were stored and never marked
    handled, so every start replayed them. Now both are handled without a word, and their JSON forgotten."""
    import json

    from aiohttp.test_utils import TestClient, TestServer

    from bot.runner import SECRET_HEADER, webhook_app
    from tests.conftest import eventually

    await world.ask(world.admin, "/start")
    edited = {"update_id": 777001, "edited_message": {
        "message_id": 5, "date": 0, "edit_date": 1, "chat": {"id": world.admin.id, "type": "private"},
        "from": {"id": world.admin.id, "is_bot": False, "first_name": "Hùng"}, "text": "/dsungvien"}}
    async with TestClient(TestServer(webhook_app(world.runtime, "/telegram", "the-right-secret"))) as client:
        for body in (edited, {"update_id": 777002}):
            response = await client.post("/telegram", data=json.dumps(body),
                                         headers={"Content-Type": "application/json",
                                                  SECRET_HEADER: "the-right-secret"})
            assert response.status == 200

    def handled() -> bool:
        rows = {row.update_key: row for row in inbox_rows(world)}
        return all(key in rows and rows[key].handled_at is not None and rows[key].payload == {}
                   for key in ("777001", "777002"))

    await eventually(handled, "the edited message and the empty update handled")
    assert len(world.emu.bot_messages(world.admin.private_chat(world.bot))) == 1   # the welcome, nothing more
    assert await world.runtime.telegram.inbox.replay(world.app) == 0
