import datetime as dt
import textwrap

import pytest
from sqlalchemy import func, select

from models.deliveries import Delivery, DeliveryStatus, enqueue_delivery
from models.errors import PermissionDenied
from models.people import Role
from models.plan import (
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Plan,
    PlanFileError,
    find_milestone,
    import_plan,
    load_plan_file,
    mark_milestone_done,
    milestone_key_prefix,
    milestone_status,
    parse_plan,
    reopen_milestone,
)
from models.visits import Wave
from tests.conftest import make_member
from tests.scheduler.conftest import PLAN_FILE

NOW = dt.datetime(2021, 10, 1, 1, 0, tzinfo=dt.UTC)

NEXT_PLAN = textwrap.dedent("""
    code: "02-KH/ĐUK-BQLCKCN"
    title: "Kế hoạch giai đoạn 2026–2030"
    starts_on: 2026-01-01
    ends_on: 2030-12-31
    waves:
      - {code: "dot-1", name: "Đợt 1", starts_on: 2026-03-01, ends_on: 2026-05-31}
    milestones:
      - {code: "1.1", title: "Hội nghị triển khai kế hoạch", kind: deadline, due_on: 31/01/2026}
      - {code: "1.2", title: "Làm việc với doanh nghiệp, đợt 1",
         kind: window, starts_on: 2026-03-01, due_on: 2026-05-31}
      - {code: "5.1", title: "Tổng kết 5 năm", kind: window, starts_on: 2030-11-01, due_on: 2030-12-31, is_review: true}
""")


def test_the_plan_file_holds_every_item_of_section_two():
    spec, digest = load_plan_file(PLAN_FILE)
    codes = [m.code for m in spec.milestones]
    assert codes == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "3.1", "3.2",
                     "4.1", "4.2", "4.3"]
    by_code = {m.code: m for m in spec.milestones}
    assert {c for c, m in by_code.items() if m.is_review} == {"2.5", "2.7", "3.2", "4.2", "4.3"}
    assert by_code["1.1"].due_on == dt.date(2021, 9, 30) and by_code["1.1"].kind is MilestoneKind.deadline
    assert (by_code["2.2"].starts_on, by_code["2.2"].due_on) == (dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    assert by_code["2.1"].kind is MilestoneKind.continuous
    assert by_code["4.3"].due_on == dt.date(2025, 7, 31) and "5 năm" in by_code["4.3"].title
    assert [(w.code, w.starts_on, w.ends_on) for w in spec.waves] == [
        ("dot-1", dt.date(2021, 10, 1), dt.date(2021, 12, 31)), ("dot-2", dt.date(2022, 1, 1), dt.date(2022, 3, 31))]
    assert all(m.lead for m in spec.milestones) and len(digest) == 64


@pytest.mark.parametrize("change, fragment", [
    (("kind: deadline", "kind: someday"), "loại 'someday' không hợp lệ — unknown kind"),
    (("due_on: 2021-09-30", "due_on: 2021-09-01"), "hạn (due_on) trước ngày bắt đầu (starts_on) — due before start"),
    (('code: "1.4"', 'code: "1.3"'), "mã '1.3' bị trùng với milestones[2] — duplicate code"),
    (("due_on: 2021-09-30", "due_on: 2021-02-30"), "không phải ngày hợp lệ"),
    (("due_on: 2021-09-30", "due_on: 2031-09-30"), "nằm ngoài thời gian của kế hoạch"),
    (("    kind: deadline\n", "    kind: deadline\n    colour: red\n"), "unknown field"),
])
def test_a_bad_plan_file_is_refused_with_a_clear_message(change, fragment):
    text = PLAN_FILE.read_text(encoding="utf-8").replace(*change, 1)
    with pytest.raises(PlanFileError) as caught:
        parse_plan(text)
    assert fragment in caught.value.message
    assert caught.value.message.startswith("Tệp kế hoạch không hợp lệ — invalid plan file")


def test_a_window_without_a_start_and_broken_yaml_are_refused():
    with pytest.raises(PlanFileError, match=r"milestones\[1\] \(1.2\): .*a window needs starts_on"):
        parse_plan(NEXT_PLAN.replace("kind: window, starts_on: 2026-03-01, ", "kind: window, "))
    with pytest.raises(PlanFileError, match="YAML"):
        parse_plan("code: [unclosed")


def test_import_is_idempotent_and_reports_what_changed(session):
    spec, digest = load_plan_file(PLAN_FILE)
    first = import_plan(session, spec, source_digest=digest, now=NOW)
    assert first.plan_created and len(first.milestones.added) == 16 and first.waves.added == ["dot-1", "dot-2"]
    again = import_plan(session, spec, source_digest=digest, now=NOW)
    assert not again.changed_anything and len(again.milestones.unchanged) == 16
    assert session.scalar(select(func.count()).select_from(Milestone)) == 16
    assert session.scalar(select(func.count()).select_from(Wave)) == 2

    edited = parse_plan(PLAN_FILE.read_text(encoding="utf-8")
                        .replace("due_on: 2022-06-30\n    when: \"Cuối tháng 6/2022\"",
                                 "due_on: 2022-07-15\n    when: \"Giữa tháng 7/2022\"")
                        .replace('  - code: "4.1"', '  - code: "4.0"'))
    report = import_plan(session, edited, now=NOW)
    assert report.milestones.updated == {"2.5": ["due_on", "when_text"]}
    assert report.milestones.added == ["4.0"] and report.milestones.removed == ["4.1"]
    assert session.scalar(select(func.count()).select_from(Milestone)) == 16


def test_reimport_keeps_done_items_and_drops_reminders_for_changed_dates(session):
    spec, _ = load_plan_file(PLAN_FILE)
    import_plan(session, spec, now=NOW)
    done = find_milestone(session, "1.1")
    mark_milestone_done(session, done.id, None, NOW)
    review = find_milestone(session, "2.5")
    enqueue_delivery(session, key=f"{milestone_key_prefix(review.id)}due:2022-06-30:7d", kind="milestone_reminder",
                     chat_id="telegram:-1", text="Còn 7 ngày", due_at=NOW)
    without_first = spec.model_copy(update={"milestones": [
        m.model_copy(update={"due_on": dt.date(2022, 7, 15)}) if m.code == "2.5" else m
        for m in spec.milestones if m.code != "1.1"]})
    report = import_plan(session, without_first, now=NOW)
    assert report.milestones.kept == {"1.1": "done"} and report.milestones.removed == []
    assert session.get(Milestone, done.id) is not None
    assert session.scalar(select(Delivery.status)) is DeliveryStatus.skipped


def test_the_next_plan_imports_beside_the_first(session):
    spec, _ = load_plan_file(PLAN_FILE)
    import_plan(session, spec, now=NOW)
    report = import_plan(session, parse_plan(NEXT_PLAN), now=NOW)
    assert report.plan_created and report.milestones.added == ["1.1", "1.2", "5.1"]
    assert session.scalar(select(func.count()).select_from(Plan)) == 2
    assert session.scalar(select(func.count()).select_from(Milestone)) == 19
    assert find_milestone(session, "5.1").due_on == dt.date(2030, 12, 31)
    with pytest.raises(Exception, match="nhiều kế hoạch"):
        find_milestone(session, "1.1")
    assert find_milestone(session, "1.1", plan_code="02-KH/ĐUK-BQLCKCN").due_on == dt.date(2026, 1, 31)


def test_status_and_marking_done(session):
    spec, _ = load_plan_file(PLAN_FILE)
    import_plan(session, spec, now=NOW)
    today = dt.date(2021, 12, 10)
    status = {m.code: milestone_status(m, today) for m in session.scalars(select(Milestone))}
    assert status["1.1"] is MilestoneStatus.overdue
    assert status["1.2"] is MilestoneStatus.in_progress
    assert status["1.3"] is MilestoneStatus.ongoing
    assert status["2.5"] is MilestoneStatus.upcoming
    member = make_member(session, "Thành viên thường")
    coordinator = make_member(session, "Điều phối", Role.coordinator)
    overdue = find_milestone(session, "1.1")
    with pytest.raises(PermissionDenied):
        mark_milestone_done(session, overdue.id, member, NOW)
    assert mark_milestone_done(session, overdue.id, coordinator, NOW).newly_done
    assert not mark_milestone_done(session, overdue.id, coordinator, NOW).newly_done
    assert milestone_status(overdue, today) is MilestoneStatus.done and overdue.done_by_id == coordinator.id
    reopen_milestone(session, overdue.id, coordinator)
    assert milestone_status(overdue, today) is MilestoneStatus.overdue

