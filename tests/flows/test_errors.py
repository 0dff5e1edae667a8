"""An unexpected failure: the person gets an apology with an error id; the coordinators get the id and the trace."""

import re

from sqlalchemy import select
from telegram.ext import CommandHandler

from models.deliveries import Delivery


def broken_action(turn):
    raise RuntimeError("the database fell over")


async def test_an_unexpected_error_is_apologised_for_and_reported(world):
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats()
    channel = world.runtime.telegram.channel

    async def broken(update, _context):
        await channel.on_update(update, action=broken_action)

    world.app.add_handler(CommandHandler("hong", broken), group=-1)
    apology = await world.ask(world.admin, "/hong")
    error_id = re.search(r"mã lỗi ([0-9A-F]{8})", apology.text).group(1)
    assert "Traceback" not in apology.text and "RuntimeError" not in apology.text
    with world.database.session() as session:
        report = session.scalars(select(Delivery).where(Delivery.kind == "error")).one()
    assert error_id in report.text and "RuntimeError" in report.text and "test_errors.py" in report.text
    # Only where it failed: an exception's text (or SQL parameters) may carry personal data.
    assert "the database fell over" not in report.text
    delivered = await world.emu.wait_for_message(coordinators, predicate=lambda m: error_id in (m.text or ""))
    assert "Traceback" in delivered.text
    # The failed update is not retried forever after a restart: it is marked handled.
    from models.conversation import InboxUpdate
    with world.database.session() as session:
        assert all(row.handled_at for row in session.scalars(select(InboxUpdate)))
