"""Retention (sent alerts' texts, review drafts, the audit log) and who saw a named record."""

from __future__ import annotations

import datetime as dt
import os
import stat
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.retention import apply_retention, prune_review_drafts
from bot.settings import load_settings
from cli.audit import who_saw_lines
from models.audit import AuditEntry, record_audit, who_saw
from models.db import Database
from models.deliveries import Delivery, DeliveryStatus, enqueue_delivery, prune_texts
from models.nominees import list_nominees, nominate, read_nominee
from models.people import Role
from models.registry import create_enterprise, parse_enterprise
from tests.conftest import make_member
from tests.flows.conftest import world  # noqa: F401 (the bot on the emulator, as a fixture)
from tests.models.test_pipeline import nominee_input

NOW = dt.datetime(2026, 12, 5, 3, 0, tzinfo=dt.UTC)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_who_saw_a_nominee_answers_with_every_list_and_card_that_showed_it(database, rules):
    with database.session() as session:
        enterprise = create_enterprise(session, parse_enterprise(
            {"name": "Công ty TNHH Điện tử Mỹ Trung", "tax_code": "0600000002", "zone": "Mỹ Trung"}), actor="test")
        member = make_member(session, "Trần Văn Bình", Role.member)
        lan = make_member(session, "Nguyễn Thị Lan", Role.coordinator)
        hoa = make_member(session, "Lê Thị Hòa", Role.coordinator)
        ids = [nominate(session, nominee_input(enterprise, full_name=name), by=member, rules=rules).id
               for name in ("Nguyễn Thị Mai", "Phạm Văn Đức", "Vũ Thị Hạnh")]
        list_nominees(session, by=lan)                # all three
        read_nominee(session, ids[1], by=hoa)         # the second's card only
    with database.session() as session:
        listed = session.scalar(select(AuditEntry).where(AuditEntry.action == "nominee.list"))
        assert listed.details["ids"] == ids and listed.details["count"] == 3    # which, not only how many
        assert [(e.actor, e.action) for e in who_saw(session, "nominee", ids[1])] == [
            (member.actor, "nominee.create"), (lan.actor, "nominee.list"), (hoa.actor, "nominee.read")]
        assert [e.action for e in who_saw(session, "nominee", ids[0])] == ["nominee.create", "nominee.list"]
    lines = who_saw_lines(database, "nominee", ids[1], TZ)
    assert lines[0] == f"Hồ sơ quần chúng ưu tú #{ids[1]}: 3 lần đọc hoặc thay đổi được ghi lại."
    assert lines[2].endswith(f"— Nguyễn Thị Lan ({lan.actor}) — xem danh sách có tên, cùng 2 hồ sơ khác")
    assert lines[3].endswith(f"— Lê Thị Hòa ({hoa.actor}) — xem hồ sơ")
    assert who_saw_lines(database, "nominee", 999, TZ) == [
        "Không có ai đọc hay thay đổi hồ sơ quần chúng ưu tú #999 trong nhật ký kiểm tra."]


def test_sent_alerts_forget_their_text_after_the_period_but_keep_their_key(database):
    with database.session() as session:
        for key, age_days, status in (("old-sent", 91, DeliveryStatus.sent), ("new-sent", 10, DeliveryStatus.sent),
                                      ("old-pending", 91, DeliveryStatus.pending)):
            enqueue_delivery(session, key=key, kind="alert", chat_id="telegram:-1", text=f"Nguyễn Thị Mai ({key})",
                             due_at=NOW - dt.timedelta(days=age_days), payload={"ref": "1"})
            row = session.scalar(select(Delivery).where(Delivery.key == key))
            row.status, row.created_at = status, NOW - dt.timedelta(days=age_days)
            if status is DeliveryStatus.sent:
                row.sent_at = NOW - dt.timedelta(days=age_days)
    with database.session() as session:
        assert prune_texts(session, NOW - dt.timedelta(days=90)) == 1
        assert prune_texts(session, NOW - dt.timedelta(days=90)) == 0    # nothing twice
    with database.session() as session:
        rows = {row.key: (row.text, row.payload) for row in session.scalars(select(Delivery))}
        assert rows["old-sent"] == ("", None)
        assert rows["new-sent"][0] and rows["old-pending"][0]
        # The key stays: the same push is never queued again.
        assert not enqueue_delivery(session, key="old-sent", kind="alert", chat_id="telegram:-1", text="lại",
                                    due_at=NOW)


def test_review_drafts_go_after_their_period_unless_still_to_be_sent(tmp_path):
    drafts = tmp_path / "reports"
    old_folder, new_folder = drafts / "milestone-1", drafts / "milestone-2"
    old_folder.mkdir(parents=True)
    new_folder.mkdir()
    old, waiting, new = old_folder / "a.docx", drafts / "waiting.xlsx", new_folder / "b.docx"
    for path in (old, waiting, new):
        path.write_text("Nguyễn Thị Mai")
    long_ago = (NOW - dt.timedelta(days=61)).timestamp()
    for path in (old, waiting):
        os.utime(path, (long_ago, long_ago))
    deleted = prune_review_drafts(drafts, NOW - dt.timedelta(days=60), {str(waiting)})
    assert deleted == 1 and not old.exists() and not old_folder.exists()
    assert waiting.exists() and new.exists()


def test_the_audit_log_is_kept_five_years_then_pruned(database, tmp_path):
    with database.session() as session:
        for years in (6, 4):
            entry = record_audit(session, actor="member:1", action="nominee.read", entity="nominee", entity_id=1)
            entry.at = NOW - dt.timedelta(days=365 * years)
    settings = load_settings(database_url=database.url, _env_file=None)
    report = apply_retention(database, settings, NOW, drafts_dir=tmp_path / "none")
    assert (report.audit_entries, report.outbox_texts, report.draft_files) == (1, 0, 0)
    with database.session() as session:
        assert [entry.at.year for entry in session.scalars(select(AuditEntry))] == [2022]


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "data" / "bot.sqlite3"
    database = Database(f"sqlite:///{path}")
    with database.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x)")
    database.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


async def test_the_running_bot_applies_retention_from_its_tick_once_a_day(world, tmp_path):  # noqa: F811  (the fixture, by name)
    """`db prune`'s work without a timer: the bot's own tick does it, at its first tick and then daily."""

    now = world.clock.now()
    drafts = tmp_path / "drafts"
    world.runtime.reports.drafts_dir = drafts   # where the runner writes, the retention deletes
    (drafts / "milestone-1").mkdir(parents=True)
    old_draft = drafts / "milestone-1" / "old.docx"
    old_draft.write_text("Nguyễn Thị Mai")
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=61)).timestamp()
    os.utime(old_draft, (long_ago, long_ago))

    def old_sent_alert(key: str) -> None:
        with world.database.session() as session:
            enqueue_delivery(session, key=key, kind="alert", chat_id="telegram:-1", text="Nguyễn Thị Mai",
                             due_at=now - dt.timedelta(days=91))
            row = session.scalar(select(Delivery).where(Delivery.key == key))
            row.status, row.sent_at = DeliveryStatus.sent, now - dt.timedelta(days=91)

    def text_of(key: str) -> str:
        with world.database.session() as session:
            return session.scalar(select(Delivery.text).where(Delivery.key == key))

    old_sent_alert("first")
    with world.database.session() as session:
        record_audit(session, actor="member:1", action="nominee.read", entity="nominee",
                     entity_id=1).at = now - dt.timedelta(days=366 * 6)
    await world.runtime.tick()
    assert text_of("first") == "" and not old_draft.exists()
    with world.database.session() as session:
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "nominee.read")) is None
    old_sent_alert("second")
    world.clock.set(now + dt.timedelta(hours=23))
    await world.runtime.tick()
    assert text_of("second") == "Nguyễn Thị Mai"   # not again within the day
    world.clock.set(now + dt.timedelta(days=1, minutes=1))
    await world.runtime.tick()
    assert text_of("second") == ""
