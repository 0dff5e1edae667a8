"""Plans and items end, are cancelled or superseded, with a reason and a date; a review's date can be set."""

import datetime as dt

import pytest
from sqlalchemy import select

from models.audit import AuditEntry
from models.deliveries import Delivery, DeliveryStatus, enqueue_delivery
from models.errors import InvalidInput, PermissionDenied
from models.people import Role
from models.plan import (
    Closure,
    MilestoneStatus,
    PlanFileError,
    close_milestone,
    close_plan,
    find_milestone,
    get_plan,
    import_plan,
    load_plan_file,
    milestone_key_prefix,
    milestone_status,
    parse_plan,
    resume_milestone,
    resume_plan,
    set_review_date,
)
from tests.conftest import make_member
from tests.scheduler.conftest import PLAN_FILE
from tests.scheduler.test_cli_and_bench import cli_database, run  # noqa: F401 — the CLI's fixture

NOW = dt.datetime(2021, 10, 1, 1, 0, tzinfo=dt.UTC)
CODE = "01-KH/ĐUK-BQLCKCN"


@pytest.fixture
def plan(session):
    spec, _ = load_plan_file(PLAN_FILE)
    import_plan(session, spec, now=NOW)
    return get_plan(session, CODE)


def test_a_cancelled_item_stops_and_its_unsent_pushes_are_dropped(session, plan):
    item = find_milestone(session, "4.3")
    enqueue_delivery(session, key=f"{milestone_key_prefix(item.id)}due:2025-07-31:7d", kind="milestone_reminder",
                     chat_id="telegram:-1", text="Còn 7 ngày", due_at=NOW)
    coordinator = make_member(session, "Điều phối", Role.coordinator)
    result = close_milestone(session, item.id, Closure.cancelled, reason="Đảng ủy Khối kết thúc hoạt động",
                             on=dt.date(2025, 7, 1), by=coordinator, today=dt.date(2025, 7, 2))
    assert result.changed and item.closed_as is Closure.cancelled and item.closed_on == dt.date(2025, 7, 1)
    assert session.scalar(select(Delivery.status)) is DeliveryStatus.skipped
    assert milestone_status(item, dt.date(2025, 6, 30)) is MilestoneStatus.upcoming
    assert milestone_status(item, dt.date(2025, 7, 1)) is MilestoneStatus.cancelled
    assert item.open_on(dt.date(2025, 6, 30)) and not item.open_on(dt.date(2025, 7, 1))
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "milestone.cancelled"))
    assert entry.actor == f"member:{coordinator.id}" and entry.details["reason"] == "Đảng ủy Khối kết thúc hoạt động"
    again = close_milestone(session, item.id, Closure.cancelled, reason="Đảng ủy Khối kết thúc hoạt động",
                            on=dt.date(2025, 7, 1), by=None, today=dt.date(2025, 7, 2))
    assert not again.changed
    assert resume_milestone(session, item.id, None).changed and item.closed_as is None
    assert item.open_on(dt.date(2025, 7, 1))


def test_closing_needs_a_coordinator_a_reason_and_for_a_supersession_its_successor(session, plan):
    item = find_milestone(session, "2.5")
    member = make_member(session, "Thành viên")
    with pytest.raises(PermissionDenied):
        close_milestone(session, item.id, Closure.cancelled, reason="Không tổ chức", on=dt.date(2022, 6, 1),
                        by=member, today=dt.date(2022, 6, 1))
    with pytest.raises(InvalidInput, match="lý do"):
        close_milestone(session, item.id, Closure.cancelled, reason="  ", on=dt.date(2022, 6, 1), by=None,
                        today=dt.date(2022, 6, 1))
    with pytest.raises(InvalidInput, match="thay thế"):
        close_milestone(session, item.id, Closure.superseded, reason="Gộp với mục 2.7", on=dt.date(2022, 6, 1),
                        by=None, today=dt.date(2022, 6, 1))
    assert item.closed_as is None


def test_a_plan_ended_early_stops_its_items_but_keeps_what_was_missed(session, plan):
    close_plan(session, CODE, Closure.ended, reason="Hợp nhất tỉnh", on=dt.date(2025, 7, 1), by=None,
               today=dt.date(2025, 7, 1))
    assert plan.last_day() == dt.date(2025, 6, 30) and plan.runs_on(dt.date(2025, 6, 30))
    assert not plan.runs_on(dt.date(2025, 7, 1))
    today = dt.date(2025, 8, 1)
    assert milestone_status(find_milestone(session, "4.3"), today) is MilestoneStatus.ended
    assert milestone_status(find_milestone(session, "4.1"), today) is MilestoneStatus.ended
    assert milestone_status(find_milestone(session, "1.1"), today) is MilestoneStatus.overdue   # it was missed
    assert not find_milestone(session, "4.1").open_on(dt.date(2025, 7, 2))
    assert resume_plan(session, CODE, None).changed and plan.last_day() == dt.date(2025, 12, 31)


def test_a_review_date_is_set_for_reviews_only_and_within_the_plan(session, plan):
    review = find_milestone(session, "2.7")
    assert set_review_date(session, review.id, dt.date(2022, 12, 20), None).review_on == dt.date(2022, 12, 20)
    with pytest.raises(InvalidInput, match="không phải hội nghị sơ kết"):
        set_review_date(session, find_milestone(session, "2.6").id, dt.date(2022, 12, 20), None)
    with pytest.raises(InvalidInput, match="trong thời gian của kế hoạch"):
        set_review_date(session, review.id, dt.date(2027, 1, 1), None)
    assert set_review_date(session, review.id, None, None).review_on is None


def test_the_plan_file_states_closures_and_review_dates_and_a_reimport_without_them_keeps_the_database(session):
    text = PLAN_FILE.read_text(encoding="utf-8")
    closed = text.replace('    lead: "Đảng ủy Khối và Ban Quản lý các KCN tỉnh"\n    is_review: true\n\n',
                          '    lead: "Đảng ủy Khối và Ban Quản lý các KCN tỉnh"\n    is_review: true\n'
                          '    review_on: 20/12/2022\n\n', 1)
    closed = closed.rstrip("\n") + ('\n    closed: {as: superseded, from: 01/07/2025, reason: "Do Đảng ủy mới tổ chức",'
                                    ' replaced_by: "Kế hoạch 05-KH/ĐU"}\n')
    closed = closed.replace("ends_on: 2025-12-31\n",
                            'ends_on: 2025-12-31\nclosed: {as: ended, from: 2025-10-01, reason: "Hợp nhất tỉnh"}\n', 1)
    report = import_plan(session, parse_plan(closed), now=NOW)
    plan = get_plan(session, CODE)
    assert (plan.closed_as, plan.closed_on, plan.closed_reason) == (Closure.ended, dt.date(2025, 10, 1),
                                                                     "Hợp nhất tỉnh")
    last = find_milestone(session, "4.3")
    assert (last.closed_as, last.replaced_by) == (Closure.superseded, "Kế hoạch 05-KH/ĐU")
    assert find_milestone(session, "2.7").review_on == dt.date(2022, 12, 20)
    assert not report.milestones.updated
    again = import_plan(session, parse_plan(text), now=NOW)   # the file says nothing of them: they stay
    assert not again.changed_anything and plan.closed_as is Closure.ended and last.closed_as is Closure.superseded
    with pytest.raises(PlanFileError, match="closed.as"):
        parse_plan(closed.replace("as: ended", "as: finished"))


def test_the_command_line_ends_cancels_supersedes_resumes_and_shows_the_state(cli_database):  # noqa: F811
    assert run("import", str(PLAN_FILE))[0] == 0
    code, output = run("cancel", "4.3", "--reason", "Đảng ủy Khối kết thúc hoạt động", "--on", "2025-07-01")
    assert code == 0 and output.strip() == ("Đã ghi: mục 4.3 đã hủy từ 01/07/2025. "
                                            "Bot không nhắc việc về mục này nữa.")
    code, output = run("supersede", "4.2", "--by", "mục 4.3", "--reason", "Gộp vào sơ kết 5 năm")
    assert code == 0 and "mục 4.2 đã được thay thế" in output
    code, output = run("end", CODE, "--reason", "Hợp nhất tỉnh", "--on", "2025-10-01")
    assert code == 0 and output.startswith(f"Đã ghi: kế hoạch {CODE} đã kết thúc từ 01/10/2025.")
    code, output = run("review-date", "2.7", "2022-12-20")
    assert code == 0 and "20/12/2022" in output
    code, output = run("show", "--on", "2025-11-01")
    assert code == 0 and "Đã kết thúc từ 01/10/2025: Hợp nhất tỉnh" in output
    assert "  4.3  ✖️ đã hủy" in output and "Đã hủy từ 01/07/2025: Đảng ủy Khối kết thúc hoạt động" in output
    assert "  4.1  — đã kết thúc" in output and "hội nghị ngày 20/12/2022" in output
    assert "(thay bằng mục 4.3)" in output
    code, output = run("cancel", "9.9", "--reason", "Không có")
    assert code == 1 and "Không có mục '9.9'" in output
    code, output = run("cancel", "2.5", "--reason", "x")
    assert code == 1 and "lý do" in output
    code, output = run("resume", "4.3")
    assert code == 0 and "Đã khôi phục mục 4.3" in output
    code, output = run("review-date", "2.7")
    assert code == 1 and "--clear" in output
