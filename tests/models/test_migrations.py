"""Migrations that move data, on each engine: what was stored before the upgrade is there after it."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import text

from bot.database import alembic_config
from models.conversation import claim_for_handling, unhandled_updates

NOW = dt.datetime(2021, 10, 15, 2, 0, tzinfo=dt.UTC)


def _migrate(database, revision: str, *, down: bool = False) -> None:
    config = alembic_config(database.url)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_the_inbox_keeps_its_updates_when_its_keys_become_text(database):
    _migrate(database, "0007_plan_documents", down=True)
    with database.engine.begin() as connection:
        for update_id, handled in ((10, None), (9, None), (8, NOW.replace(tzinfo=None))):
            connection.execute(text(
                "INSERT INTO inbox_updates (source, update_id, payload, received_at, handled_at) "
                "VALUES ('telegram:1', :id, :payload, :now, :handled)"),
                {"id": update_id, "payload": f'{{"update_id": {update_id}}}', "now": NOW.replace(tzinfo=None),
                 "handled": handled})
    _migrate(database, "head")
    with database.session() as session:
        # Replayed oldest first, as the integer keys were.
        assert [key for key, _ in unhandled_updates(session, "telegram:1")] == ["9", "10"]
        assert unhandled_updates(session, "telegram:1")[0][1] == {"update_id": 9}
        assert claim_for_handling(session, "telegram:1", "8", NOW) is False   # handled before: still handled
        assert claim_for_handling(session, "telegram:1", "9", NOW) is True


def test_the_inbox_migration_goes_back_keeping_what_fits(database):
    from models.conversation import store_received

    with database.session() as session:
        store_received(session, "telegram:1", [("7", {"update_id": 7})])
        store_received(session, "zalo:1", [("a3f0", {"n": 1})])
    _migrate(database, "0007_plan_documents", down=True)
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT source, update_id FROM inbox_updates")).all()
    assert [tuple(row) for row in rows] == [("telegram:1", 7)]
    _migrate(database, "head")
