"""The inbox on each engine: a batch stored once whatever is re-sent, an update claimed for handling once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from models.conversation import InboxUpdate, claim_for_handling, store_received, unhandled_updates

SOURCE = "telegram:1"
NOW = dt.datetime(2021, 10, 15, 2, 0, tzinfo=dt.UTC)


def _update(update_id: int) -> tuple[str, dict]:
    return str(update_id), {"update_id": update_id, "message": {"text": f"tin {update_id}"}}


def test_a_resent_batch_is_stored_once_and_only_its_new_updates_are_reported(database):
    with database.session() as session:
        assert sorted(store_received(session, SOURCE, [_update(1), _update(2)])) == ["1", "2"]
    with database.session() as session:
        # After a restart getUpdates sends 2 again along with 3.
        assert store_received(session, SOURCE, [_update(2), _update(3)]) == ["3"]
        assert store_received(session, "telegram:2", [_update(2)]) == ["2"]   # another bot's ids are its own
    with database.session() as session:
        assert [key for key, _ in unhandled_updates(session, SOURCE)] == ["1", "2", "3"]
        assert unhandled_updates(session, SOURCE)[0][1]["message"]["text"] == "tin 1"


def test_an_update_is_claimed_once(database):
    with database.session() as session:
        store_received(session, SOURCE, [_update(1)])
    with database.session() as session:
        assert claim_for_handling(session, SOURCE, "1", NOW) is True
    with database.session() as session:
        assert claim_for_handling(session, SOURCE, "1", NOW) is False
        stored = session.scalars(select(InboxUpdate).where(InboxUpdate.update_key == "1")).one()
        assert stored.source == SOURCE and stored.handled_at == NOW
        assert stored.payload == {}   # what the person wrote goes once handled: only a replay needed it
        assert unhandled_updates(session, SOURCE) == []


def test_a_rolled_back_claim_keeps_the_payload_for_the_replay(database):
    with database.session() as session:
        store_received(session, SOURCE, [_update(8)])
    with database.session() as session:
        claim_for_handling(session, SOURCE, "8", NOW)
        session.rollback()
    with database.session() as session:
        assert unhandled_updates(session, SOURCE) == [_update(8)]


def test_a_claim_rolled_back_leaves_the_update_to_handle(database):
    with database.session() as session:
        store_received(session, SOURCE, [_update(7)])
    with database.session() as session:
        assert claim_for_handling(session, SOURCE, "7", NOW) is True
        session.rollback()   # the handling failed: nothing of it stays, the claim included
        assert claim_for_handling(session, SOURCE, "7", NOW) is True
    with database.session() as session:
        assert claim_for_handling(session, SOURCE, "7", NOW) is False


def test_an_update_never_stored_is_recorded_as_handled(database):
    with database.session() as session:
        assert claim_for_handling(session, SOURCE, "42", NOW) is True
    with database.session() as session:
        assert claim_for_handling(session, SOURCE, "42", NOW) is False


def test_an_update_handled_before_its_batch_is_stored_is_stored_once_as_handled(database):
    # With several database workers a handler may claim an update before the poller's batch is stored.
    with database.session() as session:
        assert claim_for_handling(session, SOURCE, "9", NOW) is True
    with database.session() as session:
        assert store_received(session, SOURCE, [_update(9), _update(10)]) == ["10"]
        assert [key for key, _ in unhandled_updates(session, SOURCE)] == ["10"]


def test_keys_are_text_and_updates_come_back_in_the_order_they_arrived(database):
    # Zalo's updates have no id: its channel makes a key (hex, say), and 10 arrives after 9 however it sorts.
    with database.session() as session:
        store_received(session, "zalo:1", [("9", {"n": 1}), ("10", {"n": 2})])
        store_received(session, "zalo:1", [("a3f0", {"n": 3})])
    with database.session() as session:
        assert [payload["n"] for _, payload in unhandled_updates(session, "zalo:1")] == [1, 2, 3]
        assert claim_for_handling(session, "zalo:1", "a3f0", NOW) is True
        assert [key for key, _ in unhandled_updates(session, "zalo:1")] == ["9", "10"]
