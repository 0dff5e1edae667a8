"""When each review's time begins (or a week before the date a coordinator set) the coordinators get its draft
report, once, through the outbox; the scheduler's dispatcher sends the two files as documents. A draft built
late goes out marked late, never dropped."""

import datetime as dt
from pathlib import Path

from docx import Document
from sqlalchemy import delete, select

from models.clock import ManualClock
from models.deliveries import Delivery, DeliveryStatus
from models.people import ChatBinding, ChatPurpose
from models.plan import Closure, Milestone, close_milestone, mark_milestone_done, set_review_date
from reports.review_drafts import KIND, enqueue_review_drafts
from scheduler import Dispatcher, Pacing
from tests.reports.conftest import HEADING, TZ, import_real_plan, local

COORDINATORS = "telegram:-1002"


def setup(database, *, bind: bool = True) -> None:
    with database.session() as session:
        import_real_plan(session)
        if bind:
            session.add(ChatBinding(purpose=ChatPurpose.coordinators, chat_id=COORDINATORS, title="Điều phối"))


def run(database, rules, tmp_path, when):
    return enqueue_review_drafts(database, when.astimezone(dt.UTC), tz=TZ, heading=HEADING, rules=rules,
                                 out_dir=tmp_path / "drafts")


def outbox(database):
    with database.session() as session:
        rows = list(session.scalars(select(Delivery).order_by(Delivery.id)))
        session.expunge_all()
        return rows


class RecordingOutbound:
    def __init__(self):
        self.sent = []

    async def send(self, chat_id, text, payload):
        self.sent.append((chat_id, text, payload))
        return str(len(self.sent))


async def test_the_draft_goes_out_once_when_the_reviews_time_begins(database, rules, tmp_path):
    setup(database)
    assert run(database, rules, tmp_path, local(2022, 5, 31, 9)) == []
    assert run(database, rules, tmp_path, local(2022, 6, 1, 7)) == []         # before 08:00 on the first day
    keys = run(database, rules, tmp_path, local(2022, 6, 1, 8))
    with database.session() as session:
        review = session.scalar(select(Milestone).where(Milestone.code == "2.5"))
        prefix = f"milestone:{review.id}:review-draft:2022-06-30"
    assert keys == [f"{prefix}:docx", f"{prefix}:xlsx"]
    assert run(database, rules, tmp_path, local(2022, 6, 23, 9)) == []        # once
    assert run(database, rules, tmp_path, local(2022, 6, 27, 9)) == []
    rows = outbox(database)
    assert [(r.kind, r.chat_id, r.respect_quiet_hours) for r in rows] == [(KIND, COORDINATORS, True)] * 2
    docx, xlsx = (Path(r.payload["document"]) for r in rows)
    assert docx.suffix == ".docx" and xlsx.suffix == ".xlsx" and docx.exists() and xlsx.exists()
    # The June conference is an assessment (đánh giá), and as the plan's first review it covers 2021 as well.
    assert "mục 2.5" in rows[0].text and "đánh giá 6 tháng đầu năm 2022 (tính từ ngày 24/09/2021)" in rows[0].text
    assert any(p.text.startswith("Đánh giá tình hình triển khai thực hiện Quy chế phối hợp về công tác phát triển "
                                 "đảng viên") and p.text.endswith("nhiệm vụ, giải pháp 6 tháng cuối năm 2022")
               for p in Document(str(docx)).paragraphs)
    assert not rows[0].text.startswith("⏰ Gửi muộn") and rows[0].expires_at is None

    outbound = RecordingOutbound()
    clock = ManualClock(local(2022, 6, 23, 9).astimezone(dt.UTC), TZ)
    stats = await Dispatcher(database, outbound, clock, Pacing.unlimited(), quiet_hours=None).dispatch_due()
    assert stats.rows_sent == 2
    assert [(chat, payload["document"]) for chat, _, payload in outbound.sent] == [
        (COORDINATORS, str(docx)), (COORDINATORS, str(xlsx))]


def test_each_review_gets_its_own_periods_draft(database, rules, tmp_path):
    setup(database)
    assert len(run(database, rules, tmp_path, local(2022, 12, 1, 8))) == 2     # 2.7: the year 2022
    assert len(run(database, rules, tmp_path, local(2025, 7, 1, 10))) == 2     # 4.3: the five years
    texts = [row.text for row in outbox(database) if row.payload["document"].endswith(".docx")]
    assert "năm 2022" in texts[0] and "mục 2.7" in texts[0]
    assert "5 năm (2021 – 2025)" in texts[1] and "mục 4.3" in texts[1]


def test_no_draft_without_the_coordinators_chat_or_once_the_review_is_done(database, rules, tmp_path):
    setup(database, bind=False)
    assert run(database, rules, tmp_path, local(2022, 6, 1, 8)) == []         # nobody to send to yet
    with database.session() as session:
        session.add(ChatBinding(purpose=ChatPurpose.coordinators, chat_id=COORDINATORS))
    assert len(run(database, rules, tmp_path, local(2022, 6, 24, 8))) == 2    # bound later: sent then
    with database.session() as session:
        review = session.scalar(select(Milestone).where(Milestone.code == "2.5"))
        mark_milestone_done(session, review.id, None, now=local(2022, 6, 26))
    assert {row.status for row in outbox(database)} == {DeliveryStatus.skipped}  # done: the unsent draft drops
    assert run(database, rules, tmp_path, local(2022, 6, 27, 8)) == []
    assert run(database, rules, tmp_path, local(2022, 7, 1, 8)) == []        # and after its date, nothing
    assert run(database, rules, tmp_path, local(2022, 8, 2, 8)) == []        # nor a month on for 2.5 (not done)


def test_a_review_date_set_by_a_coordinator_times_the_draft_a_week_before_it(database, rules, tmp_path):
    setup(database)
    with database.session() as session:
        review = session.scalar(select(Milestone).where(Milestone.code == "2.7"))
        set_review_date(session, review.id, dt.date(2022, 12, 19), None)
    assert run(database, rules, tmp_path, local(2022, 12, 1, 8)) == []        # no longer at the window's start
    # A week before Monday the 19th is Monday the 12th.
    assert run(database, rules, tmp_path, local(2022, 12, 9, 9)) == []
    keys = run(database, rules, tmp_path, local(2022, 12, 12, 8))
    assert keys == [f"milestone:{review.id}:review-draft:2022-12-19:docx",
                    f"milestone:{review.id}:review-draft:2022-12-19:xlsx"]


def test_a_draft_built_after_the_review_date_is_sent_marked_late_and_none_on_a_day_off(database, rules, tmp_path):
    setup(database)
    assert run(database, rules, tmp_path, local(2022, 7, 2, 9)) == []         # Saturday: not today
    keys = run(database, rules, tmp_path, local(2022, 7, 4, 9))               # 2.5 was due 30/06, never built
    assert len(keys) == 2
    docx, xlsx = outbox(database)
    assert docx.text.startswith("⏰ Gửi muộn (sau ngày 30/06/2022). 📝 Dự thảo báo cáo cho mục 2.5")
    assert xlsx.text.startswith("⏰ Gửi muộn") and docx.expires_at is None

    outbound = RecordingOutbound()   # weeks later, still sent: a late draft is never dropped
    clock = ManualClock(local(2022, 8, 1, 9).astimezone(dt.UTC), TZ)
    stats = await_dispatch(database, outbound, clock)
    assert stats.rows_sent == 2 and outbound.sent[0][1].startswith("⏰ Gửi muộn")


def test_a_build_that_ends_after_the_review_date_is_marked_late(database, rules, tmp_path):
    setup(database)
    keys = enqueue_review_drafts(database, local(2022, 6, 30, 8).astimezone(dt.UTC), tz=TZ,
                                 heading=HEADING, rules=rules, out_dir=tmp_path / "drafts",
                                 ready_at=local(2022, 7, 1, 8).astimezone(dt.UTC))
    assert len(keys) == 2 and outbox(database)[0].text.startswith("⏰ Gửi muộn (sau ngày 30/06/2022).")


def test_no_draft_for_a_cancelled_review_or_once_its_plan_is_over(database, rules, tmp_path):
    setup(database)
    with database.session() as session:
        review = session.scalar(select(Milestone).where(Milestone.code == "4.3"))
        close_milestone(session, review.id, Closure.cancelled, reason="Đảng ủy Khối kết thúc hoạt động",
                        on=dt.date(2025, 6, 1), by=None, today=dt.date(2025, 6, 1))
    assert run(database, rules, tmp_path, local(2025, 7, 1, 9)) == []
    assert run(database, rules, tmp_path, local(2025, 12, 31, 9)) == []        # 4.2 (12/2024) long past
    with database.session() as session:   # the December 2024 review's date moved into 2025 : then the plan ends
        review = session.scalar(select(Milestone).where(Milestone.code == "4.2"))
        set_review_date(session, review.id, dt.date(2025, 12, 30), None)
    assert len(run(database, rules, tmp_path, local(2025, 12, 31, 9))) == 2
    with database.session() as session:
        session.execute(delete(Delivery))
    assert run(database, rules, tmp_path, local(2026, 1, 5, 9)) == []          # the plan is over


def await_dispatch(database, outbound, clock):
    import asyncio

    return asyncio.run(Dispatcher(database, outbound, clock, Pacing.unlimited(), quiet_hours=None).dispatch_due())


def test_drafts_are_kept_by_an_absolute_path_another_process_can_open(tmp_path, monkeypatch):
    """The outbox keeps a draft's path until it is sent, perhaps by a standby started in another working
    directory (the audit's L7): the path it stores does not depend on the working directory."""
    from handlers.reports import DRAFTS_DIR, ReportRunner

    monkeypatch.chdir(tmp_path)
    runner = ReportRunner(None, drafts_dir=DRAFTS_DIR)  # no services: only the folder is read
    assert runner.drafts_dir.is_absolute() and runner.drafts_dir == tmp_path / DRAFTS_DIR
