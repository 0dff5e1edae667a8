"""The figures of a report, checked against what the scenario recorded (SQLite and PostgreSQL)."""

import datetime as dt

from models.difficulties import DifficultyStatus
from models.nominees import Stage
from models.organisations import OrgKind
from models.plan import MilestoneStatus
from models.targets import TargetKind
from reports.figures import compute_figures
from reports.periods import half_year_period, parse_period, year_period
from tests.reports.conftest import NOW, TODAY, TZ


def figures_for(session, rules, code="2022-H1", today=TODAY):
    period = parse_period(session, code, today=today)
    return compute_figures(session, period, today=today, rules=rules, tz=TZ, now=NOW)


def test_visits_waves_and_months_of_the_half_year(session, rules, scenario):
    f = figures_for(session, rules)
    assert f.as_of == dt.date(2022, 6, 30) and f.plan is not None and f.plan.code == "01-KH/ĐUK-BQLCKCN"
    assert f.visit_count == 4                       # the November 2021 visit is outside
    assert f.visited_enterprises == 3
    assert len(f.without_party_org) == 3 and f.visited_without_party_org == 2   # Mỹ Trung founded its chi bộ
    assert [(m.month.month, m.visits) for m in f.months] == [(1, 1), (2, 1), (3, 1), (4, 0), (5, 1), (6, 0)]
    (wave,) = f.waves                               # wave 1 ended before the period
    assert (wave.code, wave.assigned, wave.aimed_at, wave.covered, wave.unvisited) == (
        "dot-2", 3, 3, 2, [scenario.unvisited])
    assert [e.name for e in f.unvisited_without_party_org] == [scenario.unvisited]


def test_difficulties_open_and_overdue_on_the_last_day(session, rules, scenario):
    f = figures_for(session, rules)
    assert len(f.received) == 4                     # the November one was received before the period
    assert f.closed_in_period(DifficultyStatus.resolved) == 1
    assert f.closed_in_period(DifficultyStatus.declined) == 1
    # Resolved in August, so still open on 30 June; received in November: carried over.
    assert len(f.open_difficulties) == 3
    overdue = f.overdue_difficulties
    assert [d.description for d in overdue] == ["Thủ tục phòng cháy kéo dài", scenario.overdue_difficulty]
    assert overdue[1].age_days == (dt.date(2022, 6, 30) - dt.date(2022, 2, 1)).days
    assert {code: sum(c.values()) for code, c in f.difficulties_by_category().items()} == {
        "land": 1, "taxes": 1, "labour": 1, "other": 1}


def test_admissions_transfers_foundings_by_their_own_dates(session, rules, scenario):
    f = figures_for(session, rules)
    assert f.funnel == {Stage.nominated: 2, Stage.class_registered: 1, Stage.class_completed: 2,
                        Stage.admitted: 1, Stage.official: 0}
    assert f.pipeline_now[Stage.admitted] == 1 and f.ready_to_admit == 1
    assert len(f.transfers) == 2 and f.members_transferred == 3 and f.transfers_completed == 1
    assert [t.enterprise for t in f.overdue_transfers] == [scenario.transferring]
    assert f.foundings_by_kind() == {OrgKind.party_org: 1, OrgKind.trade_union: 1, OrgKind.youth_union: 0,
                                     OrgKind.veterans: 0}
    assert [e.name for e in f.eligible_party_org] == [scenario.eligible]
    assert [e.name for e in f.should_transfer] == [scenario.transferring]


def test_plan_items_and_targets(session, rules, scenario):
    f = figures_for(session, rules)
    statuses = {m.code: m.status for m in f.milestones}
    assert statuses["2.2"] is MilestoneStatus.overdue and statuses["2.5"] is MilestoneStatus.done
    assert statuses["2.1"] is MilestoneStatus.ongoing
    assert "1.1" not in statuses and "2.6" not in statuses     # ended before, begins after the period
    assert [m.code for m in f.overdue_milestones] == ["2.2"]
    assert "2.6" in {m.code for m in f.upcoming} and "2.7" in {m.code for m in f.upcoming}
    targets = {(r.year, r.kind): (r.target, r.achieved) for r in f.targets}
    assert targets[(2022, TargetKind.new_members)] == (2, 1)
    # One party organisation and one trade union were founded in 2022: only the first counts toward the plan's target.
    assert targets[(2022, TargetKind.party_orgs_founded)] == (3, 1)
    assert targets[(2022, TargetKind.mass_orgs_founded)] == (None, 1)


def test_a_past_period_counts_what_was_open_then(session, rules, scenario):
    f = figures_for(session, rules, code="2021")
    assert f.as_of == dt.date(2021, 12, 31) and f.visit_count == 1
    assert [d.description for d in f.open_difficulties] == ["Thủ tục phòng cháy kéo dài"]
    assert f.funnel[Stage.nominated] == 1 and f.funnel[Stage.class_completed] == 0


def test_a_running_period_stops_at_today(session, rules, scenario):
    period = year_period(2022)
    f = compute_figures(session, period, today=dt.date(2022, 3, 1), rules=rules, tz=TZ, now=NOW)
    assert f.as_of == dt.date(2022, 3, 1)
    assert f.visit_count == 3 and len(f.months) == 3
    assert half_year_period(2022, 1).end == dt.date(2022, 6, 30)


def test_the_directive_and_the_admission_deadlines_in_the_figures(session, rules, scenario):
    from models.directives import (
        ReplyKind,
        parse_directive,
        record_directive,
        record_reply,
        send_to_all_without_party_org,
    )

    directive = record_directive(session, parse_directive({
        "number": "125/BQL-QLDN", "issued_on": "2021-10-05", "issuer": "Ban Quản lý các khu công nghiệp tỉnh",
        "summary": "Về việc báo cáo tình hình và rà soát đảng viên"}), by=scenario.coordinator)
    sent = send_to_all_without_party_org(session, directive.id, dt.date(2021, 10, 6), by=scenario.coordinator)
    (first, *_) = [e for e in figures_for(session, rules).without_party_org]
    record_reply(session, directive.id, first.id, ReplyKind.report, dt.date(2022, 3, 1), by=scenario.coordinator)
    record_reply(session, directive.id, first.id, ReplyKind.member_review, dt.date(2022, 7, 1),
                 by=scenario.coordinator)
    f = figures_for(session, rules)
    (figures,) = f.directives
    assert (figures.number, figures.sent, figures.reports_received, figures.member_reviews_received) == (
        "125/BQL-QLDN", sent, 1, 0)                 # the member review came after the half-year
    # Phạm Thị Hoa: ceremony 20/5/2022, so nothing awaits a ceremony and no recognition is overdue by 30/6.
    assert (f.awaiting_ceremony, f.ceremonies_overdue, f.recognitions_overdue) == (0, 0, 0)
    assert f.in_pipeline == 2 and f.ready_to_admit == 1


def test_the_figures_carry_the_active_head_of_the_delegation(session, rules, scenario):
    from models.people import Member, Position

    assert figures_for(session, rules).delegation_head is None
    session.add(Member(full_name="Trần Văn Cũ", position=Position.head, side="zones_board", active=False))
    session.flush()   # the former head, deactivated, comes first by id
    session.add(Member(full_name="Nguyễn Văn An", position=Position.head, side="party_body"))
    session.flush()
    assert figures_for(session, rules).delegation_head == ("Nguyễn Văn An", "party_body")


def test_temporary_transfers_are_counted_apart_in_the_figures_and_the_text(session, rules, scenario):
    from models.organisations import parse_transfer, record_transfer
    from models.registry import Enterprise
    from reports.drafting import _organisations

    enterprise = session.query(Enterprise).filter_by(name=scenario.transferring).one()
    record_transfer(session, parse_transfer({
        "enterprise_id": enterprise.id, "member_count": 1, "from_org": "Đảng bộ xã Mỹ Tân",
        "to_org": "Đảng bộ BQL các KCN", "moved_on": "2022-05-02", "temporary": True,
        "temporary_until": "2022-10-31"}), by=scenario.member, rules=rules)
    f = figures_for(session, rules)
    assert len(f.transfers) == 3 and f.temporary_transfers == 1
    assert [t.temporary_until for t in f.transfers if t.temporary_until] == [dt.date(2022, 10, 31)]
    (paragraph, _) = _organisations(f)
    assert paragraph == ("Tổ chức chuyển sinh hoạt đảng 3 lượt với 4 đảng viên; đã hoàn thành 1 lượt. Trong đó có 1 "
                         "lượt chuyển sinh hoạt đảng tạm thời.")
