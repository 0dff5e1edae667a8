"""Counts that follow what happens (domain review findings 5, 7, 8): an admission adds a probationary member,
recognition makes one official, a completed transfer to the zones board's party body sets "sinh hoạt ghép",
each change keeps its source and date; the chi bộ trực thuộc with its parent, a founding not tied to one
enterprise; the đảng bộ threshold counts every member."""

import datetime as dt

import pytest

from models import member_counts
from models.errors import InvalidInput
from models.member_counts import CountSource, history
from models.organisations import (
    FoundingInput,
    OrgKind,
    PartyOrgKind,
    parse_founding,
    parse_transfer,
    record_founding,
    record_letter_issued,
    record_letter_presented,
    record_transfer,
)
from models.registry import PartyOrgStatus, create_enterprise, eligibility, parse_enterprise, update_enterprise
from models.visits import delete_visit, edit_visit, outstanding_workers_found, parse_visit, record_visit

NOW = dt.datetime(2022, 6, 1, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def enterprise(session):
    return create_enterprise(session, parse_enterprise({
        "name": "Công ty TNHH Dệt Hòa Xá", "tax_code": "0600000004", "zone": "Hòa Xá"}), actor="test")


def visit(session, member, enterprise, on, official, probationary, **extra):
    return record_visit(session, parse_visit({
        "enterprise_id": enterprise.id, "visited_on": on, "official_members_found": official,
        "probationary_members_found": probationary, **extra}), reporter=member, today=dt.date(2022, 12, 31))


def counts(enterprise):
    return enterprise.official_members, enterprise.probationary_members


def test_each_change_keeps_its_source_and_a_late_visit_does_not_undo_a_later_admission(session, member,
                                                                                     enterprise):
    visit(session, member, enterprise, "2022-03-10", 2, 0)
    member_counts.adjust(session, enterprise, probationary=1, on=dt.date(2022, 3, 20), source=CountSource.admission,
                         source_id=7)
    assert counts(enterprise) == (2, 1)
    # A visit typed in later, dated before the ceremony, tells what was true then: the admission still counts.
    visit(session, member, enterprise, "2022-03-05", 2, 0)
    assert counts(enterprise) == (2, 1)
    # A visit after the ceremony already includes the new member.
    latest = visit(session, member, enterprise, "2022-04-01", 3, 1)
    assert counts(enterprise) == (3, 1)
    assert [(c.source, c.effective_on) for c in history(session, enterprise.id)] == [
        (CountSource.visit, dt.date(2022, 4, 1)), (CountSource.admission, dt.date(2022, 3, 20)),
        (CountSource.visit, dt.date(2022, 3, 10)), (CountSource.visit, dt.date(2022, 3, 5))]
    assert history(session, enterprise.id)[0].source_id == latest.id


def test_a_deleted_or_edited_visit_no_longer_explains_the_counts(session, member, coordinator, enterprise, rules):
    visit(session, member, enterprise, "2022-03-10", 2, 0)
    wrong = visit(session, member, enterprise, "2022-03-12", 20, 0)
    assert counts(enterprise) == (20, 0)
    delete_visit(session, wrong.id, by=coordinator, now=NOW, rules=rules)
    assert counts(enterprise) == (2, 0)
    corrected = visit(session, member, enterprise, "2022-03-15", 30, 0)
    edit_visit(session, corrected.id, parse_visit({"enterprise_id": enterprise.id, "visited_on": "2022-03-15",
                                                   "official_members_found": 3, "probationary_members_found": 0}),
               by=coordinator, now=NOW, rules=rules)
    assert counts(enterprise) == (3, 0)
    assert len(history(session, enterprise.id)) == 2


def test_one_count_known_keeps_the_other(session, member, enterprise):
    visit(session, member, enterprise, "2022-03-10", 2, 1)
    visit(session, member, enterprise, "2022-03-20", 4, None)
    assert counts(enterprise) == (4, 1)
    with pytest.raises(InvalidInput):
        member_counts.set_counts(session, enterprise, official=-1, probationary=0, on=dt.date(2022, 3, 21),
                                 source=CountSource.visit)


def test_counts_from_before_any_change_are_the_starting_point(session, enterprise):
    # An enterprise whose counts were written directly (a database from before the changes were kept).
    enterprise.official_members, enterprise.probationary_members = 2, 0
    member_counts.adjust(session, enterprise, official=1, probationary=-1, on=dt.date(2022, 5, 1),
                         source=CountSource.recognition)
    assert counts(enterprise) == (3, 0)     # never below zero
    assert [c.source for c in history(session, enterprise.id)] == [CountSource.recognition]


def test_an_import_is_a_change_too(session, member, enterprise):
    imported = create_enterprise(session, parse_enterprise({
        "name": "Công ty B", "tax_code": "0600000005", "official_members": 2}), actor="test")
    assert counts(imported) == (2, 0)
    visit(session, member, imported, "2022-03-10", 3, 0)
    update_enterprise(session, imported.id, parse_enterprise({
        "name": "Công ty B", "tax_code": "0600000005", "official_members": 5, "probationary_members": 1}),
        actor="test", on=dt.date(2022, 4, 1))
    assert counts(imported) == (5, 1)
    assert [c.source for c in history(session, imported.id)] == [CountSource.imported, CountSource.visit,
                                                                 CountSource.imported]


def test_a_completed_transfer_to_the_zones_party_body_makes_the_enterprise_sinh_hoat_ghep(session, member,
                                                                                        coordinator, enterprise,
                                                                                        rules):
    transfer = record_transfer(session, parse_transfer({
        "enterprise_id": enterprise.id, "member_count": 2, "from_org": "Đảng bộ xã Mỹ Hà",
        "to_org": "Chi bộ Doanh nghiệp số 2", "to_zones_party_body": True, "moved_on": "2022-01-05"}),
        by=member, rules=rules)
    assert enterprise.party_org_status is PartyOrgStatus.none
    record_letter_issued(session, transfer.id, dt.date(2022, 1, 10), by=coordinator, rules=rules)
    record_letter_presented(session, transfer.id, dt.date(2022, 1, 20), by=coordinator)
    assert enterprise.party_org_status is PartyOrgStatus.members_elsewhere
    assert counts(enterprise) == (2, 0)     # the moving members work there: counted at least
    assert history(session, enterprise.id)[0].source is CountSource.transfer
    elsewhere = create_enterprise(session, parse_enterprise({"name": "Công ty C", "tax_code": "0600000006"}),
                                  actor="test")
    record_transfer(session, parse_transfer({
        "enterprise_id": elsewhere.id, "member_count": 1, "from_org": "Đảng bộ xã A", "to_org": "Đảng bộ phường B",
        "moved_on": "2022-01-05", "letter_issued_on": "2022-01-06", "letter_presented_on": "2022-01-07"}),
        by=member, rules=rules)
    assert elsewhere.party_org_status is PartyOrgStatus.none   # attends elsewhere, not at the zones body


def test_the_dang_bo_threshold_counts_every_member_the_others_official_ones(session, enterprise, rules):
    on = dt.date(2022, 6, 1)
    enterprise.official_members, enterprise.probationary_members = 25, 5
    result = eligibility(enterprise, rules, on)
    assert result.may_found_party_org and result.party_org_kind == "dang_bo" and result.elects_chi_uy
    enterprise.official_members, enterprise.probationary_members = 2, 28
    result = eligibility(enterprise, rules, on)
    assert not result.may_found_party_org and result.party_org_kind is None and result.members_should_transfer
    enterprise.official_members, enterprise.probationary_members = 8, 2
    result = eligibility(enterprise, rules, on)
    assert result.party_org_kind == "chi_bo" and not result.elects_chi_uy


def test_a_chi_bo_truc_thuoc_has_its_parent_and_its_deciding_body(session, coordinator, enterprise, rules):
    enterprise.official_members = 4
    with pytest.raises(InvalidInput, match="đảng ủy cơ sở"):
        parse_founding({"enterprise_id": enterprise.id, "kind": "party_org", "party_org_kind": "chi_bo_truc_thuoc",
                        "decision_number": "12-QĐ/ĐU", "decided_on": "2022-05-01"})
    founding = record_founding(session, parse_founding({
        "enterprise_id": enterprise.id, "kind": "party_org", "party_org_kind": "chi_bo_truc_thuoc",
        "parent": "Đảng ủy Ban Quản lý các khu công nghiệp tỉnh",
        "deciding_body": "Đảng ủy Ban Quản lý các khu công nghiệp tỉnh",
        "decision_number": "12-QĐ/ĐU", "decided_on": "2022-05-01"}), by=coordinator, rules=rules)
    assert enterprise.party_org_status is PartyOrgStatus.chi_bo_truc_thuoc and enterprise.has_party_org
    assert enterprise.party_org_parent == "Đảng ủy Ban Quản lý các khu công nghiệp tỉnh"
    assert founding.deciding_body == "Đảng ủy Ban Quản lý các khu công nghiệp tỉnh"
    assert not eligibility(enterprise, rules, dt.date(2022, 6, 1)).may_found_party_org


def test_a_founding_not_tied_to_one_enterprise(session, coordinator, rules):
    # Item 1.4: one more chi bộ under the zones board's đảng ủy, for members of enterprises without one.
    founding = record_founding(session, FoundingInput(
        kind=OrgKind.party_org, party_org_kind=PartyOrgKind.chi_bo_truc_thuoc,
        org_name="Chi bộ Doanh nghiệp ngoài khu vực nhà nước số 2",
        parent="Đảng ủy Ban Quản lý các khu công nghiệp tỉnh", decision_number="25-QĐ/ĐU",
        decided_on=dt.date(2021, 12, 20)), by=coordinator, rules=rules)
    assert founding.enterprise is None and founding.org_name.startswith("Chi bộ Doanh nghiệp")
    with pytest.raises(InvalidInput, match="có tên"):
        parse_founding({"kind": "trade_union", "decision_number": "1", "decided_on": "2022-01-01"})


def test_a_founding_with_more_members_than_known_counts_them(session, coordinator, enterprise, rules):
    record_founding(session, parse_founding({
        "enterprise_id": enterprise.id, "kind": "party_org", "decision_number": "12-QĐ/ĐUK",
        "decided_on": "2022-05-01", "members_at_founding": 5}), by=coordinator, rules=rules)
    assert counts(enterprise) == (5, 0) and enterprise.party_org_status is PartyOrgStatus.chi_bo
    assert history(session, enterprise.id)[0].source is CountSource.founding


def test_the_card_and_the_visit_agree_on_outstanding_workers(session, member, coordinator, enterprise, rules):
    # Issue 14, defect 9: the visit recorded 3; the enterprise's figure is the latest visit's, with its date.
    assert outstanding_workers_found(session, enterprise.id) is None
    visit(session, member, enterprise, "2021-09-15", 1, 0, workers=300, outstanding_workers=3)
    later = visit(session, member, enterprise, "2021-10-01", 1, 0)    # did not count them: the figure stands
    assert outstanding_workers_found(session, enterprise.id) == (3, dt.date(2021, 9, 15))
    newer = visit(session, member, enterprise, "2021-10-02", 1, 0, workers=300, outstanding_workers=5)
    assert outstanding_workers_found(session, enterprise.id) == (5, dt.date(2021, 10, 2))
    delete_visit(session, newer.id, by=coordinator, now=NOW, rules=rules)
    assert outstanding_workers_found(session, enterprise.id) == (3, dt.date(2021, 9, 15))
    assert later.outstanding_workers is None


def test_the_registry_import_records_its_counts_as_changes(session, member, tmp_path):
    from models.registry import find_by_tax_code
    from models.registry_io import import_enterprises

    path = tmp_path / "dn.csv"
    path.write_text("Tên doanh nghiệp,Mã số thuế,Số đảng viên chính thức,Số đảng viên dự bị\n"
                    "Công ty Một,0600000011,2,0\nCông ty Hai,0600000012,,\n", encoding="utf-8")
    import_enterprises(session, path)
    first, second = find_by_tax_code(session, "0600000011"), find_by_tax_code(session, "0600000012")
    assert [(c.source, c.effective_on, c.official) for c in history(session, first.id)] == [
        (CountSource.imported, dt.date.min, 2)]
    assert history(session, second.id) == []
    visit(session, member, first, "2022-03-10", 3, 0)
    member_counts.adjust(session, first, probationary=1, on=dt.date(2022, 3, 20), source=CountSource.admission)
    path.write_text("Tên doanh nghiệp,Mã số thuế,Số đảng viên chính thức\nCông ty Một,0600000011,6\n",
                    encoding="utf-8")
    import_enterprises(session, path)
    session.expire_all()
    assert counts(first) == (6, 1)     # the import states the official count; the probationary one stands
    assert history(session, first.id)[0].source is CountSource.imported
