import datetime as dt

from sqlalchemy import func, select

from models.deliveries import Delivery, enqueue_delivery

DUE = dt.datetime(2021, 9, 23, 1, 0, tzinfo=dt.UTC)


def test_enqueue_is_idempotent_by_key(session):
    assert enqueue_delivery(session, key="milestone:1:7d", kind="reminder", chat_id="telegram:-100", text="Nhắc",
                            due_at=DUE)
    assert not enqueue_delivery(session, key="milestone:1:7d", kind="reminder", chat_id="telegram:-100",
                                text="Nhắc lại", due_at=DUE)
    assert session.scalar(select(func.count()).select_from(Delivery)) == 1
    assert session.scalar(select(Delivery.text)) == "Nhắc"
