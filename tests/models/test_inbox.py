"""The inbox on each engine: a batch stored once whatever is re-sent, an update claimed for handling once."""

from __future__ import annotations

import datetime as dt

from models.conversation import InboxUpdate, claim_for_handling, store_received, unhandled_updates

SOURCE = "telegram:1"
NOW = dt.datetime(2021, 10, 15, 2, 0, tzinfo=dt.timezone.utc)


def _update(update_id: int) -> tuple[int, dict]:
    return update_id, {"update_id": update_id, "message": {"text": f"tin {update_id}"}}


def test_a_resent_batch_is_stored_once_and_only_its_new_updates_are_reported(database):
    with database.session() as session:
        assert sorted(store_received(session, SOURCE, [_update(1), _update(2)])) == [1, 2]
    with database.session() as session:
        # After a restart getUpdates sends 2 again along with 3.
        assert store_received(session, SOURCE, [_update(2), _update(3)]) == [3]
        assert store_received(session, "telegram:2", [_update(2)]) == [2]   # another bot's ids are its own
    with database.session() as session:
        assert [p["update_id"] for p in unhandled_updates(session, SOURCE)] == [1, 2, 3]
        assert unhandled_updates(session, SOURCE)[0]["message"]["text"] == "tin 1"


def test_an_update_is_claimed_once(database):
    with database.session() as session:
        store_received(session, SOURCE, [_update(1)])
    with database.session() as session:
        assert claim_for_handling(session, SOURCE, 1, NOW) is True
    with database.session() as session:
        assert claim_for_handling(session, SOURCE, 1, NOW) is False
        stored = session.get(InboxUpdate, (SOURCE, 1))
        assert stored is not None and stored.handled_at == NOW
        assert unhandled_updates(session, SOURCE) == []


def test_a_claim_rolled_back_leaves_the_update_to_handle(database):
    with database.session() as session:
        store_received(session, SOURCE, [_update(7)])
    with database.session() as session:
        assert claim_for_handling(session, SOURCE, 7, NOW) is True
        session.rollback()   # the handling failed: nothing of it stays, the claim included
        assert claim_for_handling(session, SOURCE, 7, NOW) is True
    with database.session() as session:
        assert claim_for_handling(session, SOURCE, 7, NOW) is False


def test_an_update_never_stored_is_recorded_as_handled(database):
    with database.session() as session:
        assert claim_for_handling(session, SOURCE, 42, NOW) is True
    with database.session() as session:
        assert claim_for_handling(session, SOURCE, 42, NOW) is False


def test_an_update_handled_before_its_batch_is_stored_is_stored_once_as_handled(database):
    # With several database workers a handler may claim an update before the poller's batch is stored.
    with database.session() as session:
        assert claim_for_handling(session, SOURCE, 9, NOW) is True
    with database.session() as session:
        assert store_received(session, SOURCE, [_update(9), _update(10)]) == [10]
        assert [p["update_id"] for p in unhandled_updates(session, SOURCE)] == [10]
