"""Every Zalo update accounted for (issue 16 §6): one whose shape this version does not read is stored, set
aside as handled with a log line and counted, and the bot goes on; a restart does not try it again."""

from sqlalchemy import select

from bot.runtime import build_runtime
from bot.settings import load_settings
from emulator.zalo import ZaloEmulator
from models.conversation import InboxUpdate, store_received
from tests.flows.test_status import samples
from tests.zalo.conftest import TOKEN


def inbox_rows(world) -> list[InboxUpdate]:
    with world.database.session() as session:
        return list(session.scalars(select(InboxUpdate).order_by(InboxUpdate.id)))


SHAPES_NOT_READ = [
    {"event_name": "message.text.received", "message": {"message_id": "bad1", "from": "someone", "chat": "x",
                                                         "text": "hi"}},
    {"event_name": "message.text.received", "message": {"message_id": "bad2", "from": {"id": 5}, "chat": [1],
                                                         "text": "hi"}},
]


async def test_an_update_of_a_shape_not_read_is_set_aside_and_the_bot_goes_on(zalo_world, caplog):
    world = zalo_world
    await world.ask(world.admin, "/start")
    for update in SHAPES_NOT_READ:
        await world.inbox.accept(update)
    await world.inbox.drain()
    rows = {row.update_key: row for row in inbox_rows(world)}
    assert all(rows[f"m:{u['message']['message_id']}"].handled_at is not None for u in SHAPES_NOT_READ)
    assert world.channel.set_aside == len(SHAPES_NOT_READ)
    assert "set aside" in caplog.text
    # One stored before a restart, by a version that read it: set aside at the replay, not tried at every start.
    with world.database.session() as session:
        store_received(session, world.channel.source, [("m:bad4", {"message": {"message_id": "bad4", "from": 1}})])
    await world.inbox.replay()
    await world.inbox.drain()
    assert all(row.handled_at is not None for row in inbox_rows(world))
    assert world.channel.set_aside == len(SHAPES_NOT_READ) + 1
    reply = await world.ask(world.admin, "/trogiup")
    assert "/" in reply.text


async def test_zalos_updates_set_aside_are_counted_in_the_metrics(tmp_path, sqlite_database_at):
    # The bot's own runtime with Zalo alone: what its channel sets aside is what /metrics reports, by platform.
    database = sqlite_database_at(tmp_path / "bot.sqlite3")
    async with ZaloEmulator() as emu:
        emu.add_bot(TOKEN, "Đoàn công tác")
        settings = load_settings(zalo_bot_token=TOKEN, zalo_base_url=emu.base_url, database_url=database.url,
                                 _env_file=None)
        runtime = build_runtime(settings, database)
        assert runtime.telegram is None and runtime.zalo is not None and runtime.metrics is not None
        try:
            await runtime.zalo.client.start()
            before = samples(runtime.metrics.render().decode())
            assert before[("delegation_updates_set_aside_total", (("platform", "zalo"),))] == 0
            for update in SHAPES_NOT_READ:
                await runtime.zalo.inbox.accept(update)
            await runtime.zalo.inbox.drain()
            after = samples(runtime.metrics.render().decode())
        finally:
            await runtime.zalo.aclose()
            await runtime.dispatcher.aclose()
            await runtime.runner.aclose()
            database.dispose()
    assert after[("delegation_updates_set_aside_total", (("platform", "zalo"),))] == len(SHAPES_NOT_READ)
    assert not any(name == "delegation_updates_set_aside_total" and labels == (("platform", "telegram"),)
                   for name, labels in after)
