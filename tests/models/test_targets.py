"""Yearly targets: set by coordinators (audited, one per year and kind), progress computed from the records."""

import datetime as dt

import pytest

from models.audit import AuditEntry
from models.errors import InvalidInput, PermissionDenied
from models.nominees import ConsentInput, NomineeInput, Stage, StageChange, move_stage, nominate
from models.organisations import FoundingInput, OrgKind, record_founding
from models.registry import create_enterprise, parse_enterprise
from models.targets import (
    Target,
    TargetKind,
    achieved,
    foundings_by_kind,
    parse_targets,
    progress,
    set_target,
    set_targets,
    share_of_year_elapsed,
    targets_of,
)
from models.visits import delete_visit, parse_visit, record_visit

NOW = dt.datetime(2022, 6, 1, 2, 0, tzinfo=dt.UTC)


def enterprise(session, tax_code, **fields):
    return create_enterprise(session, parse_enterprise({"name": f"Công ty {tax_code}", "tax_code": tax_code,
                                                        **fields}), actor="test")


def test_targets_are_set_once_per_year_and_kind_and_audited(session, coordinator):
    set_targets(session, parse_targets({"year": 2022, "new_members": 10, "nominees_to_class": 20}), by=coordinator,
                now=NOW)
    set_target(session, 2022, TargetKind.new_members, 12, by=coordinator, now=NOW)
    assert targets_of(session, 2022) == {TargetKind.new_members: 12, TargetKind.nominees_to_class: 20}
    assert session.query(Target).count() == 2
    changes = session.query(AuditEntry).filter_by(action="target.set").order_by(AuditEntry.id).all()
    assert [(c.details["kind"], c.details["value"], c.details["previous"]) for c in changes] == [
        ("new_members", 10, None), ("nominees_to_class", 20, None), ("new_members", 12, 10)]


def test_only_coordinators_set_targets_and_values_are_checked(session, member, coordinator):
    with pytest.raises(PermissionDenied):
        set_target(session, 2022, TargetKind.new_members, 5, by=member, now=NOW)
    with pytest.raises(InvalidInput, match="lớn hơn hoặc bằng 0"):
        set_target(session, 2022, TargetKind.new_members, -1, by=coordinator, now=NOW)
    with pytest.raises(InvalidInput):
        parse_targets({"year": 1999, "new_members": 1})
    assert session.query(Target).count() == 0


def test_progress_counts_what_happened_in_the_year(session, coordinator, rules):
    first = enterprise(session, "0600000001", official_members=3)
    second = enterprise(session, "0600000002")
    for enterprise_id, day in ((first.id, dt.date(2022, 1, 3)), (first.id, dt.date(2022, 2, 3)),
                               (second.id, dt.date(2021, 12, 31))):
        record_visit(session, parse_visit({"enterprise_id": enterprise_id, "visited_on": day}), reporter=coordinator,
                     today=dt.date(2022, 6, 1))
    deleted = record_visit(session, parse_visit({"enterprise_id": second.id, "visited_on": dt.date(2022, 3, 1)}),
                           reporter=coordinator, today=dt.date(2022, 6, 1))
    delete_visit(session, deleted.id, by=coordinator, now=NOW, rules=rules)
    record_founding(session, FoundingInput(enterprise_id=first.id, kind=OrgKind.party_org, decision_number="1",
                                           decided_on=dt.date(2022, 2, 1)), by=coordinator, rules=rules)
    record_founding(session, FoundingInput(enterprise_id=second.id, kind=OrgKind.trade_union, decision_number="2",
                                           decided_on=dt.date(2021, 12, 1)), by=coordinator, rules=rules)
    nominee = nominate(session, NomineeInput(
        enterprise_id=first.id, full_name="Nguyễn Thị Mai", date_of_birth=dt.date(1995, 5, 20),
        consent=ConsentInput(granted=True, given_at=NOW, wording_version="v1"), nominated_on=dt.date(2021, 12, 1)),
        by=coordinator, rules=rules)
    move_stage(session, nominee.id, StageChange(stage=Stage.class_registered, effective_on=dt.date(2021, 12, 20)),
               by=coordinator, rules=rules)
    move_stage(session, nominee.id, StageChange(stage=Stage.class_completed, effective_on=dt.date(2022, 1, 10),
                                                certificate_date=dt.date(2022, 1, 10)), by=coordinator, rules=rules)
    for step in (StageChange(stage=Stage.application_filed, effective_on=dt.date(2022, 1, 12)),
                 StageChange(stage=Stage.background_filed, effective_on=dt.date(2022, 1, 14)),
                 StageChange(stage=Stage.introducers_named, effective_on=dt.date(2022, 1, 20),
                             introducers="Trần Văn An"),
                 StageChange(stage=Stage.background_verified, effective_on=dt.date(2022, 1, 21)),
                 StageChange(stage=Stage.resolution_passed, effective_on=dt.date(2022, 1, 24), official_members=3,
                             votes_for=3),
                 StageChange(stage=Stage.decided, effective_on=dt.date(2022, 1, 25), decision_number="5-QĐ"),
                 StageChange(stage=Stage.admitted, effective_on=dt.date(2022, 2, 1))):
        move_stage(session, nominee.id, step, by=coordinator, rules=rules)

    assert achieved(session, 2022) == {TargetKind.new_members: 1, TargetKind.party_orgs_founded: 1,
                                       TargetKind.mass_orgs_founded: 0, TargetKind.enterprises_visited: 1,
                                       TargetKind.nominees_to_class: 0}
    assert achieved(session, 2021) == {TargetKind.new_members: 0, TargetKind.party_orgs_founded: 0,
                                       TargetKind.mass_orgs_founded: 1, TargetKind.enterprises_visited: 1,
                                       TargetKind.nominees_to_class: 1}
    assert foundings_by_kind(session, 2022) == {OrgKind.party_org: 1}
    set_target(session, 2022, TargetKind.new_members, 4, by=coordinator, now=NOW)
    rows = {row.kind: row for row in progress(session, 2022)}
    assert list(rows) == list(TargetKind)
    assert (rows[TargetKind.new_members].target, rows[TargetKind.new_members].percent) == (4, 25)
    assert rows[TargetKind.enterprises_visited].target is None and rows[TargetKind.enterprises_visited].percent is None


def test_share_of_the_year_elapsed():
    assert share_of_year_elapsed(2022, dt.date(2022, 1, 1)) == pytest.approx(1 / 365)
    assert share_of_year_elapsed(2022, dt.date(2022, 12, 31)) == 1
    assert share_of_year_elapsed(2024, dt.date(2024, 7, 1)) == pytest.approx(183 / 366)
    assert share_of_year_elapsed(2021, dt.date(2022, 3, 1)) is None


def test_admissions_made_outside_the_bot_count_and_follow_the_enterprise(session, member, coordinator):
    from models.member_counts import CountSource, history
    from models.targets import parse_outside_admission, record_outside_admission

    company = enterprise(session, "0600000003", official_members=2)
    with pytest.raises(PermissionDenied):
        record_outside_admission(session, parse_outside_admission({"admitted_on": "2023-03-01", "count": 2}),
                                 by=member, today=dt.date(2023, 6, 1))
    with pytest.raises(InvalidInput, match="tương lai"):
        record_outside_admission(session, parse_outside_admission({"admitted_on": "2023-07-01", "count": 2}),
                                 by=coordinator, today=dt.date(2023, 6, 1))
    record_outside_admission(session, parse_outside_admission({"enterprise_id": company.id,
                                                               "admitted_on": "2023-03-01", "count": 2}),
                             by=coordinator, today=dt.date(2023, 6, 1))
    record_outside_admission(session, parse_outside_admission({"admitted_on": "2022-12-20", "count": 1}),
                             by=coordinator, today=dt.date(2023, 6, 1))
    assert achieved(session, 2023)[TargetKind.new_members] == 2
    assert achieved(session, 2022)[TargetKind.new_members] == 1
    assert (company.official_members, company.probationary_members) == (2, 2)
    assert history(session, company.id)[0].source is CountSource.outside_admission
