"""Messages that named someone go when their data is erased (issue 16 §1): each erasure — on request, by the
retention rule, a moving member's name — queues the deletion of every message that showed it, once, and leaves
the name in no table. On SQLite and PostgreSQL."""

import datetime as dt
import json

import pytest
from sqlalchemy import select

from models.base import Base
from models.db import Database
from models.deliveries import DELETE_MESSAGE, Delivery
from models.named_messages import (
    NamedMessage,
    adopt_typed,
    delete_named_messages,
    forget_named,
    record_named,
    subject,
    typed_subject,
)
from models.nominees import ConsentInput, NomineeInput, erase_expired, erase_personal_data, nominate
from models.organisations import TransferInput, erase_transfer_name, record_transfer
from models.people import Role
from models.registry import create_enterprise, parse_enterprise

NOW = dt.datetime(2021, 10, 15, 3, 0, tzinfo=dt.UTC)
NAME, MOVING = "Trần Thị Hoa", "Lê Văn Chuyển"


@pytest.fixture
def enterprise(session):
    return create_enterprise(session, parse_enterprise({
        "name": "Công ty TNHH May Bảo Minh", "tax_code": "0600000003", "zone": "Bảo Minh"}), actor="test")


def nominee(session, member, enterprise, rules, name=NAME):
    return nominate(session, NomineeInput(
        enterprise_id=enterprise.id, full_name=name, date_of_birth=dt.date(1995, 5, 20),
        nominated_on=dt.date(2021, 10, 14), position="Tổ trưởng", reason="Lao động giỏi nhiều năm",
        consent=ConsentInput(granted=True, given_at=NOW, wording_version="test")), by=member, rules=rules)


def deletions(session) -> list[tuple[str, str]]:
    return [(d.chat_id, d.payload["delete_message"]) for d in session.scalars(
        select(Delivery).where(Delivery.kind == DELETE_MESSAGE).order_by(Delivery.id))]


def every_value(session) -> list[tuple[str, str]]:
    found = []
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)):
            for value in row:
                if value is not None:
                    found.append((table.name, value if isinstance(value, str)
                                  else json.dumps(value, ensure_ascii=False, default=str)))
    return found


def test_an_erasure_deletes_every_message_that_named_the_record_and_no_other(session, member, coordinator,
                                                                            enterprise, rules):
    hoa = nominee(session, member, enterprise, rules)
    other = nominee(session, member, enterprise, rules, name="Phạm Văn Khác")
    record_named(session, [subject("nominee", hoa.id)], chat_id="telegram:1", message_id="10", now=NOW)   # a card
    record_named(session, [subject("nominee", hoa.id), subject("nominee", other.id)], chat_id="telegram:2",
                 message_id="20", now=NOW)                                                  # a list of both
    record_named(session, [subject("nominee", other.id)], chat_id="telegram:2", message_id="21", now=NOW)
    record_named(session, [subject("nominee"), subject("transfer")], chat_id="telegram:2", message_id="22",
                 now=NOW)                                                                   # a named report
    record_named(session, [subject("nominee", hoa.id)], chat_id="telegram:2", message_id="23", now=NOW)
    forget_named(session, chat_id="telegram:2", message_id="23")   # edited into «erased»: it stays
    # What the member typed for her (her name) before the form saved her record, then adopted by it.
    record_named(session, [typed_subject("telegram:1")], chat_id="telegram:1", message_id="5", now=NOW)
    adopt_typed(session, typed_subject("telegram:1"), subject("nominee", hoa.id))
    erase_personal_data(session, hoa.id, by=coordinator, now=NOW)
    session.flush()
    assert deletions(session) == [("telegram:1", "10"), ("telegram:2", "20"), ("telegram:2", "22"),
                                  ("telegram:1", "5")]
    # The list that named both is gone: erasing the other later deletes only what is left.
    left = {(n.subject, n.message_id) for n in session.scalars(select(NamedMessage))}
    assert left == {(subject("nominee", other.id), "21")}
    assert delete_named_messages(session, "nominee", hoa.id, now=NOW) == 0   # twice: nothing more
    erase_expired(session, today=dt.date(2099, 1, 1), now=NOW)              # the retention rule erases the other
    assert deletions(session)[-1] == ("telegram:2", "21")
    assert session.scalars(select(NamedMessage)).all() == []


def test_nothing_names_an_erased_nominee_or_moving_member_in_any_table(session, member, coordinator, enterprise,
                                                                       rules):
    hoa = nominee(session, member, enterprise, rules)
    moving = record_transfer(session, TransferInput.model_validate({
        "enterprise_id": enterprise.id, "member_name": MOVING, "from_org": "Đảng bộ A", "to_org": "Đảng bộ B",
        "moved_on": "2021-10-01"}), by=member, rules=rules)
    record_named(session, [subject("transfer", moving.id)], chat_id="telegram:1", message_id="30", now=NOW)
    session.flush()
    assert any(NAME in value for _, value in every_value(session))
    erase_personal_data(session, hoa.id, by=coordinator, now=NOW)
    erase_transfer_name(session, moving.id, by=coordinator, now=NOW)
    session.flush()
    leftovers = [(table, value[:60]) for table, value in every_value(session)
                 if NAME in value or MOVING in value or "1995-05-20" in value or "Lao động giỏi" in value]
    assert leftovers == []
    assert deletions(session) == [("telegram:1", "30")]


def test_a_committed_erasure_leaves_no_old_copy_in_the_sqlite_files(tmp_path, sqlite_database_at, rules):
    from tests.conftest import make_member

    database: Database = sqlite_database_at(tmp_path / "bot.sqlite3")
    try:
        with database.session() as session:
            firm = create_enterprise(session, parse_enterprise({
                "name": "Công ty TNHH May Bảo Minh", "tax_code": "0600000003", "zone": "Bảo Minh"}), actor="test")
            member, boss = make_member(session, "Thành viên"), make_member(session, "Điều phối", Role.coordinator)
            hoa_id = nominee(session, member, firm, rules).id
            boss_id = boss.id
        with database.session() as session:
            from models.people import Member

            erase_personal_data(session, hoa_id, by=session.get(Member, boss_id), now=NOW)
        files = [path for path in tmp_path.iterdir() if path.name.startswith("bot.sqlite3")]
        assert files and not [path.name for path in files if NAME.encode() in path.read_bytes()]
    finally:
        database.dispose()


def test_a_named_file_waiting_in_the_outbox_is_not_sent_and_one_sent_is_deleted_and_a_link_stops(
        session, member, coordinator, enterprise, rules):
    """Files for a Zalo chat go to the member's Telegram through the outbox, or behind a one-time link: erasing
    someone they name drops the unsent copy, deletes the sent one and ends the link."""
    from models.deliveries import DeliveryStatus, enqueue_delivery
    from models.download_links import DownloadLink, digest_of, offer_download, take_download
    from models.named_messages import download_message, outbox_message

    hoa = nominee(session, member, enterprise, rules)
    names = (subject("nominee"), subject("transfer"))   # a named workbook
    for key in ("file-forward:waiting", "file-forward:sent"):
        enqueue_delivery(session, key=key, kind="report_file", chat_id="telegram:7", text="", due_at=NOW,
                         payload={"document": "/x", "protect": True})
        record_named(session, names, chat_id="telegram:7", message_id=outbox_message(key), now=NOW)
    sent = session.scalar(select(Delivery).where(Delivery.key == "file-forward:sent"))
    sent.status, sent.platform_message_id = DeliveryStatus.sent, "77"
    offer_download(session, token="tok", path="/kept/x.xlsx", filename="x.xlsx", now=NOW,
                   expires_at=NOW + dt.timedelta(hours=24))
    record_named(session, names, chat_id="zalo:u1", message_id=download_message(digest_of("tok")), now=NOW)
    session.flush()
    erase_personal_data(session, hoa.id, by=coordinator, now=NOW + dt.timedelta(minutes=1))
    session.flush()
    waiting = session.scalar(select(Delivery).where(Delivery.key == "file-forward:waiting"))
    assert waiting.status is DeliveryStatus.skipped
    assert deletions(session) == [("telegram:7", "77")]
    assert take_download(session, "tok", NOW + dt.timedelta(minutes=2)) is None
    assert session.get(DownloadLink, digest_of("tok")).expires_at <= NOW + dt.timedelta(minutes=1)
