"""Temporary transfers of party activity (chuyển sinh hoạt đảng tạm thời): their period and deadlines are the
rules' (unverified [U] entries in models/rules.yaml), the member stays counted where they officially belong, and
the end of the period is a deadline the scheduler reminds of."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from models.deadlines import rule_deadlines
from models.errors import InvalidInput
from models.nominees import add_months
from models.organisations import parse_transfer, record_letter_issued, record_letter_presented, record_transfer
from models.registry import PartyOrgStatus, create_enterprise, parse_enterprise

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def enterprise(session):
    return create_enterprise(session, parse_enterprise({"name": "Công ty TNHH Điện tử Mỹ Trung",
                                                        "tax_code": "0600000002"}), actor="test")


def transfer(session, member, rules, enterprise, moved_on, **fields):
    return record_transfer(session, parse_transfer({
        "enterprise_id": enterprise.id, "member_count": 1, "from_org": "Đảng bộ xã Mỹ Hà",
        "to_org": "Đảng bộ BQL các KCN", "to_zones_party_body": True, "moved_on": moved_on, **fields}),
        by=member, rules=rules)


def test_the_period_is_bounded_by_the_rules_and_both_ends_are_kept(session, member, rules, enterprise):
    moved = dt.date(2021, 10, 1)
    shortest = rules.value("temporary_transfer_min_months", moved)
    longest = rules.value("temporary_transfer_max_months", moved)
    assert rules.entry("temporary_transfer_min_months", moved).note   # unverified: it says so
    with pytest.raises(InvalidInput, match=f"từ {shortest} tháng"):
        transfer(session, member, rules, enterprise, moved.isoformat(), temporary=True,
                 temporary_until=(add_months(moved, shortest) - dt.timedelta(days=1)).isoformat())
    with pytest.raises(InvalidInput, match=f"dưới {longest} tháng"):
        transfer(session, member, rules, enterprise, moved.isoformat(), temporary=True,
                 temporary_until=add_months(moved, longest).isoformat())
    with pytest.raises(InvalidInput, match="ngày kết thúc"):
        transfer(session, member, rules, enterprise, moved.isoformat(), temporary=True)
    with pytest.raises(InvalidInput, match="Chỉ chuyển sinh hoạt tạm thời"):
        transfer(session, member, rules, enterprise, moved.isoformat(), temporary_until="2022-03-31")
    until = add_months(moved, shortest)
    recorded = transfer(session, member, rules, enterprise, moved.isoformat(), temporary=True,
                        temporary_until=until.isoformat())
    session.commit()
    session.expire_all()
    assert (recorded.temporary, recorded.temporary_from, recorded.temporary_until) == (True, moved, until)
    assert recorded.begin_by == rules.add_working_days(
        moved, rules.value("temporary_transfer_begin_working_days", moved))


def test_a_completed_temporary_transfer_leaves_the_counts_and_status_alone(session, member, coordinator, rules,
                                                                           enterprise):
    temporary = transfer(session, member, rules, enterprise, "2021-10-01", temporary=True,
                         temporary_until="2022-05-31")
    record_letter_issued(session, temporary.id, dt.date(2021, 10, 4), by=coordinator, rules=rules)
    assert temporary.letter_due_on == rules.add_working_days(
        dt.date(2021, 10, 4), rules.value("temporary_transfer_letter_working_days", dt.date(2021, 10, 4)))
    record_letter_presented(session, temporary.id, dt.date(2021, 10, 8), by=coordinator)
    assert temporary.completed_on == dt.date(2021, 10, 8)
    assert enterprise.official_members == 0 and enterprise.party_org_status is PartyOrgStatus.none
    # An official one, the same way, moves the counts and the status: the difference is the kind alone.
    official = transfer(session, member, rules, enterprise, "2021-10-01", letter_issued_on="2021-10-04",
                        letter_presented_on="2021-10-08")
    assert official.completed_on == dt.date(2021, 10, 8)
    assert enterprise.official_members == 1 and enterprise.party_org_status is PartyOrgStatus.members_elsewhere


def test_the_end_of_the_period_is_a_deadline_even_once_complete(session, member, coordinator, rules, enterprise):
    temporary = transfer(session, member, rules, enterprise, "2021-10-01", temporary=True,
                         temporary_until="2022-05-31", letter_issued_on="2021-10-04",
                         letter_presented_on="2021-10-08")
    official = transfer(session, member, rules, enterprise, "2021-10-01")
    found = rule_deadlines(session, dt.date(2022, 5, 1), dt.date(2022, 6, 30), rules, TZ)
    assert [(d.kind, d.entity_id, d.on) for d in found] == [
        ("transfer_temporary_end", temporary.id, dt.date(2022, 5, 31))]
    assert official.temporary is False and official.temporary_until is None
