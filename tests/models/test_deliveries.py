import datetime as dt

from sqlalchemy import func, select

from models.deliveries import PARTS_SENT, Delivery, claim_deliveries, enqueue_delivery, record_parts_sent

DUE = dt.datetime(2021, 9, 23, 1, 0, tzinfo=dt.UTC)


def test_enqueue_is_idempotent_by_key(session):
    assert enqueue_delivery(session, key="milestone:1:7d", kind="reminder", chat_id="telegram:-100", text="Nhắc",
                            due_at=DUE)
    assert not enqueue_delivery(session, key="milestone:1:7d", kind="reminder", chat_id="telegram:-100",
                                text="Nhắc lại", due_at=DUE)
    assert session.scalar(select(func.count()).select_from(Delivery)) == 1
    assert session.scalar(select(Delivery.text)) == "Nhắc"


def test_the_parts_sent_are_noted_on_the_row_its_sender_holds(database):
    with database.session() as session:
        enqueue_delivery(session, key="alert:long", kind="alert", chat_id="telegram:-100", text="x" * 9000,
                         due_at=DUE, payload={"buttons": [[{"text": "Xem", "data": "d:1"}]]})
    with database.session() as session:
        (row,) = claim_deliveries(session, worker="a", now=DUE, lease=dt.timedelta(minutes=1), limit=10,
                                  per_chat_limit=10)
    with database.session() as session:
        assert not record_parts_sent(session, row.id, worker="b", parts_sent=1)   # not held by b: nothing noted
        assert record_parts_sent(session, row.id, worker="a", parts_sent=1)
    with database.session() as session:
        assert session.scalar(select(Delivery.payload)) == {"buttons": [[{"text": "Xem", "data": "d:1"}]],
                                                             PARTS_SENT: 1}
