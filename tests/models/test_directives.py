"""The zones board's directive and each enterprise's answer to it (domain review finding 6): the record, sent,
written report and member review received with their dates, the figures coverage and reports read."""

import datetime as dt

import pytest

from models.directives import (
    ReplyKind,
    directive_figures,
    directives,
    parse_directive,
    record_directive,
    record_reply,
    replies_of,
    send_to_all_without_party_org,
)
from models.errors import Conflict, InvalidInput, PermissionDenied
from models.registry import PartyOrgStatus, create_enterprise, parse_enterprise


def enterprise(session, number, status=None):
    created = create_enterprise(
        session, parse_enterprise({"name": f"Công ty {number}", "tax_code": f"06000000{number:02d}"}), actor="test")
    if status is not None:
        created.party_org_status = status
    return created


@pytest.fixture
def directive(session, coordinator):
    return record_directive(session, parse_directive({
        "number": "125/BQL-QLDN", "issued_on": "2021-10-05", "issuer": "Ban Quản lý các khu công nghiệp tỉnh",
        "summary": "Về việc báo cáo tình hình sản xuất kinh doanh, khó khăn, kiến nghị và rà soát đảng viên"}),
        by=coordinator)


def test_a_directive_is_recorded_once_by_coordinators(session, member, coordinator, directive):
    assert directives(session) == [directive]
    with pytest.raises(Conflict):
        record_directive(session, parse_directive({"number": "125/BQL-QLDN", "issued_on": "2021-10-05",
                                                   "issuer": "Ban Quản lý", "summary": "Trùng"}), by=coordinator)
    with pytest.raises(PermissionDenied):
        record_directive(session, parse_directive({"number": "126/BQL", "issued_on": "2021-10-06",
                                                   "issuer": "Ban Quản lý", "summary": "Khác"}), by=member)
    with pytest.raises(InvalidInput):
        parse_directive({"number": "", "issued_on": "2021-10-05", "issuer": "Ban", "summary": "x"})


def test_each_enterprise_is_sent_it_then_reports_and_reviews_its_members(session, member, coordinator, directive):
    first, second = enterprise(session, 1), enterprise(session, 2, PartyOrgStatus.members_elsewhere)
    founded = enterprise(session, 3, PartyOrgStatus.chi_bo)
    assert send_to_all_without_party_org(session, directive.id, dt.date(2021, 10, 6), by=coordinator) == 2
    assert send_to_all_without_party_org(session, directive.id, dt.date(2021, 10, 7), by=coordinator) == 0
    assert replies_of(session, founded.id) == []
    record_reply(session, directive.id, first.id, ReplyKind.report, dt.date(2021, 10, 20), by=member)
    record_reply(session, directive.id, first.id, ReplyKind.member_review, dt.date(2021, 10, 25), by=member)
    record_reply(session, directive.id, second.id, ReplyKind.report, dt.date(2021, 11, 2), by=member)
    (reply,) = replies_of(session, first.id)
    assert (reply.sent_on, reply.report_received_on, reply.member_review_received_on) == (
        dt.date(2021, 10, 6), dt.date(2021, 10, 20), dt.date(2021, 10, 25))
    with pytest.raises(InvalidInput, match="trước ngày gửi"):
        record_reply(session, directive.id, second.id, ReplyKind.member_review, dt.date(2021, 10, 5), by=member)
    with pytest.raises(InvalidInput, match="trước ngày ban hành"):
        record_reply(session, directive.id, founded.id, ReplyKind.sent, dt.date(2021, 10, 1), by=member)

    (on_31_october,) = directive_figures(session, dt.date(2021, 10, 31))
    assert (on_31_october.sent, on_31_october.reports_received, on_31_october.member_reviews_received,
            on_31_october.both_received) == (2, 1, 1, 1)
    assert on_31_october.awaiting == ["Công ty 2"] and on_31_october.reports_share == 50
    assert on_31_october.without_party_org == 2 and on_31_october.not_sent_without_party_org == 0
    (later,) = directive_figures(session, dt.date(2021, 12, 31))
    assert later.reports_received == 2 and later.member_reviews_received == 1
    assert directive_figures(session, dt.date(2021, 10, 1)) == []      # not issued yet
    enterprise(session, 4)                                             # a new enterprise, not sent it yet
    assert directive_figures(session, dt.date(2021, 12, 31))[0].not_sent_without_party_org == 1
