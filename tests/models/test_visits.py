import datetime as dt

import pytest

from models.errors import InvalidInput, NotFound, PermissionDenied
from models.registry import create_enterprise, parse_enterprise
from models.visits import Wave, delete_visit, edit_visit, parse_visit, record_visit, visits_of
from tests.conftest import make_member

TODAY = dt.date(2021, 10, 15)


@pytest.fixture
def enterprise(session):
    return create_enterprise(session, parse_enterprise({
        "name": "Công ty TNHH Dệt may Nam Định", "tax_code": "0600000001", "zone": "Hòa Xá",
        "latitude": 20.4200, "longitude": 106.1500, "employees": 200}), actor="test")


def visit_data(enterprise, **overrides):
    data = {"enterprise_id": enterprise.id, "visited_on": TODAY, "met_name": "Ông Lê Văn Nam",
            "met_position": "Giám đốc", "discussion": "Trao đổi về thành lập chi bộ", "official_members_found": 4,
            "probationary_members_found": 1, "has_trade_union": True}
    data.update(overrides)
    return parse_visit(data)


def test_record_visit_updates_the_enterprise_and_wave(session, member, enterprise):
    wave = Wave(code="1", name="Đợt 1", starts_on=dt.date(2021, 10, 1), ends_on=dt.date(2021, 12, 31))
    session.add(wave)
    other = make_member(session, "Phạm Văn Bình")
    visit = record_visit(session, visit_data(enterprise, member_ids=[other.id]), reporter=member, today=TODAY)
    assert visit.wave_id == wave.id
    assert {m.id for m in visit.members} == {member.id, other.id}
    assert enterprise.official_members == 4 and enterprise.probationary_members == 1 and enterprise.has_trade_union
    assert visits_of(session, member_id=other.id)[0].id == visit.id


def test_checkin_is_verified_only_near_the_enterprise(session, member, enterprise):
    near = record_visit(session, visit_data(enterprise, latitude=20.4210, longitude=106.1505), reporter=member,
                        today=TODAY, checkin_radius_m=500)
    far = record_visit(session, visit_data(enterprise, latitude=20.50, longitude=106.30), reporter=member,
                       today=TODAY, checkin_radius_m=500)
    assert near.checkin_verified and near.checkin_distance_m < 200
    assert not far.checkin_verified and far.checkin_distance_m > 10_000


@pytest.mark.parametrize("overrides, fragment", [
    ({"official_members_found": -1}, "lớn hơn hoặc bằng 0"),
    ({"next_step_due": dt.date(2021, 10, 1)}, "Hạn của bước tiếp theo"),
    ({"workers": 10, "outstanding_workers": 11}, "quần chúng ưu tú"),
    ({"latitude": 20.1}, "vĩ độ và kinh độ"),
    ({"visited_on": "31/02/2021"}, "không phải là ngày hợp lệ"),
])
def test_bad_visits_are_refused_in_vietnamese(enterprise, overrides, fragment):
    with pytest.raises(InvalidInput) as info:
        visit_data(enterprise, **overrides)
    assert fragment in info.value.message


def test_future_visits_are_refused(session, member, enterprise):
    with pytest.raises(InvalidInput, match="tương lai"):
        record_visit(session, visit_data(enterprise, visited_on=TODAY + dt.timedelta(days=1)), reporter=member,
                     today=TODAY)


def test_edit_window_for_members_and_coordinators(session, member, coordinator, enterprise, rules):
    visit = record_visit(session, visit_data(enterprise), reporter=member, today=TODAY)
    created = visit.created_at
    edit_visit(session, visit.id, visit_data(enterprise, met_name="Bà Hoa"), by=member,
               now=created + dt.timedelta(hours=47), rules=rules)
    assert visit.met_name == "Bà Hoa"
    with pytest.raises(PermissionDenied, match="48 giờ"):
        edit_visit(session, visit.id, visit_data(enterprise), by=member, now=created + dt.timedelta(hours=49),
                   rules=rules)
    other = make_member(session, "Người khác")
    with pytest.raises(PermissionDenied):
        delete_visit(session, visit.id, by=other, now=created, rules=rules)
    delete_visit(session, visit.id, by=coordinator, now=created + dt.timedelta(days=30), rules=rules)
    with pytest.raises(NotFound):
        delete_visit(session, visit.id, by=coordinator, now=created, rules=rules)
    assert visits_of(session, enterprise_id=enterprise.id) == []


def test_inactive_members_cannot_be_marked_present(session, member, enterprise):
    gone = make_member(session, "Đã nghỉ")
    gone.active = False
    with pytest.raises(InvalidInput):
        record_visit(session, visit_data(enterprise, member_ids=[gone.id]), reporter=member, today=TODAY)


def test_unregistered_or_inactive_reporter_is_refused(session, member, enterprise):
    member.active = False
    with pytest.raises(PermissionDenied):
        record_visit(session, visit_data(enterprise), reporter=member, today=TODAY)
