import datetime as dt

import pytest

from models.errors import PermissionDenied
from models.people import Role
from models.plan import import_plan, load_plan_file, parse_plan
from models.registry import PartyOrgStatus, create_enterprise, parse_enterprise
from models.visits import parse_visit, record_visit
from models.waves import (
    AssignmentImportError,
    assign,
    assignments_of,
    find_wave,
    import_assignments,
    member_coverage,
    members_with_unvisited,
    unassign,
    wave_coverage,
)
from tests.conftest import make_member
from tests.scheduler.conftest import PLAN_FILE


@pytest.fixture
def waves(session):
    import_plan(session, load_plan_file(PLAN_FILE)[0])
    return find_wave(session, "dot-1"), find_wave(session, "dot-2")


def enterprise(session, number: int, status: PartyOrgStatus = PartyOrgStatus.none):
    return create_enterprise(session, parse_enterprise({
        "name": f"Công ty TNHH Số {number}", "tax_code": f"06000000{number:02d}", "zone": "Hòa Xá",
        "party_org_status": status}), actor="test")


def visit(session, member, company, day):
    return record_visit(session, parse_visit({"enterprise_id": company.id, "visited_on": day}), reporter=member,
                        today=day)


def test_assign_is_idempotent_and_needs_a_coordinator(session, waves, coordinator, member):
    first, _ = waves
    a, b = enterprise(session, 1), enterprise(session, 2)
    assert assign(session, first.id, [a.id, b.id], member.id, coordinator).added == 2
    again = assign(session, first.id, [a.id, b.id], member.id, coordinator)
    assert (again.added, again.already) == (0, 2)
    with pytest.raises(PermissionDenied):
        assign(session, first.id, [a.id], member.id, member)
    assert unassign(session, first.id, [b.id], member.id, coordinator) == 1
    assert [item.enterprise_id for item in assignments_of(session, member.id, first.id)] == [a.id]


def test_my_list_and_coverage_count_visits_during_the_wave_by_anyone(session, waves, coordinator):
    first, second = waves
    lan, minh = make_member(session, "Nguyễn Thị Lan"), make_member(session, "Trần Văn Minh")
    a, b, c = enterprise(session, 1), enterprise(session, 2), enterprise(session, 3)
    founded = enterprise(session, 4, PartyOrgStatus.chi_bo)
    assign(session, first.id, [a.id, b.id], lan.id, coordinator)
    assign(session, first.id, [b.id, c.id], minh.id, coordinator)
    visit(session, minh, b, dt.date(2021, 11, 3))         # Minh's visit settles Lan's b too
    visit(session, lan, c, dt.date(2022, 1, 10))          # during wave 2: not wave 1
    visit(session, lan, founded, dt.date(2021, 11, 5))    # not assigned, has a party organisation

    mine = assignments_of(session, lan.id, first.id)
    assert [(item.name, item.visited_on) for item in mine] == [
        ("Công ty TNHH Số 1", None), ("Công ty TNHH Số 2", dt.date(2021, 11, 3))]
    coverage = wave_coverage(session, first.id)
    assert (coverage.assigned, coverage.assigned_visited, coverage.visited) == (3, 1, 2)
    assert (coverage.without_party_org, coverage.without_party_org_visited) == (3, 1)
    assert [(m.full_name, m.assigned, m.visited) for m in coverage.members] == [
        ("Nguyễn Thị Lan", 2, 1), ("Trần Văn Minh", 2, 1)]
    assert member_coverage(session, second.id, lan.id).assigned == 0
    assert {m: [i.enterprise_id for i in items] for m, items in members_with_unvisited(session, first.id).items()} \
        == {lan.id: [a.id], minh.id: [c.id]}


CSV = """đợt,mã số thuế,thành viên
dot-1,0600000001,Nguyễn Thị Lan
dot-1,600000002,telegram:555
dot-2,0600000001,nguyen thi lan
"""


def test_csv_import_assigns_all_rows(session, waves, coordinator):
    first, second = waves
    lan = make_member(session, "Nguyễn Thị Lan")
    make_member(session, "Trần Văn Minh", platform_id="telegram:555")
    enterprise(session, 1), enterprise(session, 2)
    report = import_assignments(session, CSV, by=coordinator)
    assert (report.rows, report.added, report.already) == (3, 3, 0)
    assert report.per_wave == {"dot-1": 2, "dot-2": 1}
    assert len(assignments_of(session, lan.id, second.id)) == 1
    assert import_assignments(session, CSV, by=coordinator).already == 3


def test_csv_import_is_all_or_nothing_with_row_errors(session, waves, coordinator):
    first, _ = waves
    lan = make_member(session, "Nguyễn Thị Lan")
    make_member(session, "Nguyễn Thị Lan", platform_id="test:other-lan")
    enterprise(session, 1)
    bad = ("Đợt;MST;Thành viên\n"
           "dot-1;0600000001;telegram:1\n"
           "dot-9;06000000;Nguyễn Thị Lan\n"
           "dot-1;0600000099;Ai Đó\n")
    with pytest.raises(AssignmentImportError) as caught:
        import_assignments(session, bad, by=coordinator)
    errors = caught.value.errors
    assert errors[0] == "Dòng 2: không có thành viên với mã tài khoản 'telegram:1'."
    assert errors[1].startswith("Dòng 3: Không có đợt công tác mã 'dot-9'; Mã số thuế '06000000' không đúng dạng")
    assert "có 2 thành viên tên 'Nguyễn Thị Lan'" in errors[1]
    assert errors[2] == ("Dòng 4: không có doanh nghiệp mã số thuế 0600000099 trong danh sách; "
                         "không có thành viên tên 'Ai Đó'.")
    assert assignments_of(session, lan.id, first.id) == []
    with pytest.raises(AssignmentImportError, match="thiếu cột thành viên"):
        import_assignments(session, "đợt,mã số thuế\ndot-1,0600000001\n", by=coordinator)


def test_a_wave_code_used_by_two_plans_needs_the_plan_column(session, waves, coordinator):
    import_plan(session, parse_plan("""
code: "02-KH"
title: "Kế hoạch 2026–2030"
starts_on: 2026-01-01
ends_on: 2030-12-31
waves: [{code: "dot-1", name: "Đợt 1", starts_on: 2026-03-01, ends_on: 2026-05-31}]
milestones: [{code: "1.1", title: "Hội nghị triển khai", kind: deadline, due_on: 2026-01-31}]
"""))
    lan = make_member(session, "Nguyễn Thị Lan", Role.member)
    enterprise(session, 1)
    with pytest.raises(AssignmentImportError, match="có ở nhiều kế hoạch"):
        import_assignments(session, "đợt,mã số thuế,thành viên\ndot-1,0600000001,Nguyễn Thị Lan\n", by=coordinator)
    import_assignments(session, "kế hoạch,đợt,mã số thuế,thành viên\n02-KH,dot-1,0600000001,Nguyễn Thị Lan\n",
                       by=coordinator)
    assert len(assignments_of(session, lan.id, find_wave(session, "dot-1", plan_code="02-KH").id)) == 1
