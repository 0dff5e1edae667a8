"""Every Zalo update accounted for (issue 16 §6): one whose shape this version does not read is stored, set
aside as handled with a log line and counted, and the bot goes on; a restart does not try it again."""

from sqlalchemy import select

from models.conversation import InboxUpdate, store_received


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
