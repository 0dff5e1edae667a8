"""Difficulties, nominees, transfers and foundings: the flows the plan asks the delegation to follow."""

import datetime as dt

import pytest

from models.audit import AuditEntry
from models.difficulties import (
    DifficultyInput,
    DifficultyStatus,
    change_difficulty_status,
    open_difficulties,
    parse_status_change,
    report_difficulty,
)
from models.errors import Conflict, ConsentRequired, InvalidInput, InvalidTransition, PermissionDenied
from models.nominees import (
    PERSONAL_FIELDS,
    ConsentInput,
    Nominee,
    NomineeInput,
    Stage,
    StageChange,
    erase_personal_data,
    list_nominees,
    move_stage,
    nominate,
    nominee_counts,
    read_nominee,
)
from models.organisations import FoundingInput, OrgKind, parse_transfer, record_founding, record_transfer
from models.registry import PartyOrgStatus, create_enterprise, parse_enterprise

NOW = dt.datetime(2022, 3, 1, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def enterprise(session):
    return create_enterprise(session, parse_enterprise({
        "name": "Công ty TNHH Điện tử Mỹ Trung", "tax_code": "0600000002", "zone": "Mỹ Trung"}), actor="test")


# Difficulties

def test_difficulty_lifecycle_keeps_its_history(session, member, coordinator, enterprise, rules):
    difficulty = report_difficulty(session, DifficultyInput(
        enterprise_id=enterprise.id, category="land", description="Thiếu mặt bằng mở rộng nhà xưởng",
        recipient="ubnd"), reporter=member, rules=rules)
    change_difficulty_status(session, difficulty.id, parse_status_change(
        {"status": "forwarded", "forwarded_to": "Sở Tài nguyên và Môi trường", "document_number": "123/BQL-QLDN",
         "document_date": "2022-03-02"}), by=coordinator, now=NOW)
    change_difficulty_status(session, difficulty.id, parse_status_change(
        {"status": "answered", "answer": "Đã bố trí quỹ đất"}), by=coordinator, now=NOW)
    change_difficulty_status(session, difficulty.id, parse_status_change({"status": "resolved"}), by=coordinator,
                             now=NOW)
    assert [e.status for e in difficulty.events] == [
        DifficultyStatus.open, DifficultyStatus.forwarded, DifficultyStatus.answered, DifficultyStatus.resolved]
    assert difficulty.closed_at == NOW and open_difficulties(session) == []
    with pytest.raises(InvalidTransition):
        change_difficulty_status(session, difficulty.id, parse_status_change({"status": "declined", "reason": "x"}),
                                 by=coordinator)


def test_difficulty_rules(session, member, enterprise, rules):
    with pytest.raises(InvalidInput, match="Lĩnh vực"):
        report_difficulty(session, DifficultyInput(enterprise_id=enterprise.id, category="weather",
                                                   description="Mưa nhiều", recipient="ubnd"),
                          reporter=member, rules=rules)
    difficulty = report_difficulty(session, DifficultyInput(enterprise_id=enterprise.id, category="labour",
                                                            description="Thiếu lao động", recipient="bql"),
                                   reporter=member, rules=rules)
    with pytest.raises(PermissionDenied):
        change_difficulty_status(session, difficulty.id, parse_status_change({"status": "resolved"}), by=member)
    with pytest.raises(InvalidInput, match="số văn bản"):
        parse_status_change({"status": "forwarded", "forwarded_to": "Sở"})
    with pytest.raises(InvalidInput, match="lý do"):
        parse_status_change({"status": "declined"})


# Nominees

def nominee_input(enterprise, granted=True, **overrides):
    data = dict(enterprise_id=enterprise.id, full_name="Nguyễn Thị Mai", date_of_birth=dt.date(1995, 5, 20),
                position="Tổ trưởng", youth_union_member=True, reason="Gương mẫu",
                consent=ConsentInput(granted=granted, given_at=NOW, wording_version="2026-01"),
                nominated_on=dt.date(2022, 3, 1))
    data.update(overrides)
    return NomineeInput(**data)


def test_no_consent_no_record(session, member, enterprise, rules):
    with pytest.raises(ConsentRequired):
        nominate(session, nominee_input(enterprise, granted=False), by=member, rules=rules)
    assert nominee_counts(session)[Stage.nominated] == 0


def test_full_pipeline_with_due_dates(session, member, coordinator, enterprise, rules):
    """The pipeline end to end; its dates are checked one by one in test_admission.py."""
    nominee = nominate(session, nominee_input(enterprise), by=member, rules=rules)
    assert nominee.age_eligible_from == dt.date(2013, 5, 1)     # age counts in months: from May 2013
    assert nominee.age_eligible_until == dt.date(2055, 5, 31)   # full 60 lasts through the month of birth
    for step in walk_to(Stage.admitted, ceremony=dt.date(2022, 10, 10)):
        move_stage(session, nominee.id, step, by=coordinator, rules=rules)
    assert nominee.certificate_expires_on == dt.date(2027, 5, 1)
    assert nominee.probation_ends_on == dt.date(2023, 10, 10)   # from the ceremony, not the decision
    with pytest.raises(InvalidInput, match="12 tháng"):
        move_stage(session, nominee.id, StageChange(stage=Stage.official, effective_on=dt.date(2023, 10, 9)),
                   by=coordinator, rules=rules)
    move_stage(session, nominee.id, StageChange(stage=Stage.official, effective_on=dt.date(2023, 10, 20)),
               by=coordinator, rules=rules)
    assert nominee.stage is Stage.official and nominee.official_on == dt.date(2023, 10, 10)
    with pytest.raises(InvalidTransition):
        move_stage(session, nominee.id, StageChange(stage=Stage.stopped, effective_on=dt.date(2023, 10, 21),
                                                    reason="x"), by=coordinator, rules=rules)


def walk_to(last, *, ceremony=dt.date(2022, 10, 10), certificate=dt.date(2022, 5, 1), resolution=dt.date(2022, 8, 1)):
    """The steps from nomination to `last` (included), each a valid change, dated in order."""
    steps = {
        Stage.class_registered: StageChange(stage=Stage.class_registered, effective_on=dt.date(2022, 4, 1)),
        Stage.class_completed: StageChange(stage=Stage.class_completed, effective_on=certificate,
                                           certificate_date=certificate),
        Stage.application_filed: StageChange(stage=Stage.application_filed, effective_on=dt.date(2022, 5, 10)),
        Stage.background_filed: StageChange(stage=Stage.background_filed, effective_on=dt.date(2022, 5, 20)),
        Stage.introducers_named: StageChange(stage=Stage.introducers_named, effective_on=dt.date(2022, 6, 1),
                                             introducers="Đ/c A, Đ/c B", introducers_tenure_ok=True),
        Stage.background_verified: StageChange(stage=Stage.background_verified, effective_on=dt.date(2022, 7, 1)),
        Stage.resolution_passed: StageChange(stage=Stage.resolution_passed, effective_on=resolution,
                                             official_members=6, votes_for=5),
        Stage.decided: StageChange(stage=Stage.decided, effective_on=dt.date(2022, 9, 2), decision_number="45-QĐ/ĐUK",
                                   received_on=dt.date(2022, 9, 5)),
        Stage.admitted: StageChange(stage=Stage.admitted, effective_on=ceremony),
    }
    order = list(steps)
    return [steps[stage] for stage in order[:order.index(last) + 1]]


def test_stages_cannot_be_skipped_and_members_cannot_move_or_read(session, member, coordinator, enterprise, rules):
    nominee = nominate(session, nominee_input(enterprise), by=member, rules=rules)
    with pytest.raises(InvalidTransition):
        move_stage(session, nominee.id, StageChange(stage=Stage.decided, effective_on=dt.date(2022, 4, 1),
                                                    decision_number="1"), by=coordinator, rules=rules)
    with pytest.raises(PermissionDenied):
        read_nominee(session, nominee.id, by=member)
    with pytest.raises(PermissionDenied):
        list_nominees(session, by=member)


def test_every_read_and_change_is_audited_and_erasure_keeps_counts(session, member, coordinator, enterprise, rules):
    nominee = nominate(session, nominee_input(enterprise), by=member, rules=rules)
    read_nominee(session, nominee.id, by=coordinator)
    move_stage(session, nominee.id, StageChange(stage=Stage.stopped, effective_on=dt.date(2022, 4, 1),
                                                reason="Chuyển công tác"), by=coordinator, rules=rules)
    erase_personal_data(session, nominee.id, by=coordinator, now=NOW)
    assert nominee.full_name is None and nominee.date_of_birth is None and nominee.stopped_reason is None
    assert nominee.consents[0].withdrawn_at == NOW
    assert nominee_counts(session)[Stage.stopped] == 1
    actions = [e.action for e in session.query(AuditEntry).filter_by(entity="nominee", entity_id=nominee.id)]
    assert actions == ["nominee.create", "nominee.read", "nominee.read", "nominee.stage", "nominee.read",
                       "nominee.erase"]
    assert all("Mai" not in str(e.details) for e in session.query(AuditEntry))


def test_nominee_names_must_be_names(enterprise):
    from pydantic import ValidationError
    with pytest.raises(ValidationError):
        nominee_input(enterprise, full_name="12345")
    with pytest.raises(ValidationError):
        nominee_input(enterprise, date_of_birth=dt.date(2030, 1, 1))


# Transfers and foundings

def test_transfer_deadlines_count_working_days(session, member, enterprise, rules):
    transfer = record_transfer(session, parse_transfer({
        "enterprise_id": enterprise.id, "member_count": 2, "from_org": "Đảng bộ xã Mỹ Hà",
        "to_org": "Đảng bộ Ban Quản lý các KCN", "moved_on": "2022-01-24", "letter_issued_on": "2022-01-28"}),
        by=member, rules=rules)
    # Tết 2022 (31/1–4/2) and weekends are skipped.
    assert transfer.letter_due_on == dt.date(2022, 3, 18)
    assert transfer.begin_by == dt.date(2022, 4, 26)  # 11/4 (Giỗ Tổ, moved) is skipped too


def test_transfer_input_rules():
    with pytest.raises(InvalidInput, match="số lượng là 1"):
        parse_transfer({"enterprise_id": 1, "member_name": "Lê Văn A", "member_count": 3, "from_org": "AA",
                        "to_org": "BB", "moved_on": "2022-01-01"})
    with pytest.raises(InvalidInput):
        parse_transfer({"enterprise_id": 1, "member_count": -2, "from_org": "AA", "to_org": "BB",
                        "moved_on": "2022-01-01"})


def test_founding_updates_status_once(session, coordinator, member, enterprise, rules):
    with pytest.raises(InvalidInput, match="Chưa đủ"):
        record_founding(session, FoundingInput(enterprise_id=enterprise.id, kind=OrgKind.party_org,
                                               decision_number="12-QĐ/ĐUK", decided_on=dt.date(2022, 5, 1)),
                        by=coordinator, rules=rules)
    enterprise.official_members = 4
    record_founding(session, FoundingInput(enterprise_id=enterprise.id, kind=OrgKind.party_org,
                                           decision_number="12-QĐ/ĐUK", decided_on=dt.date(2022, 5, 1)),
                    by=coordinator, rules=rules)
    assert enterprise.party_org_status is PartyOrgStatus.chi_bo
    with pytest.raises(Conflict):
        record_founding(session, FoundingInput(enterprise_id=enterprise.id, kind=OrgKind.party_org,
                                               decision_number="13", decided_on=dt.date(2022, 5, 2)),
                        by=coordinator, rules=rules)
    record_founding(session, FoundingInput(enterprise_id=enterprise.id, kind=OrgKind.youth_union,
                                           decision_number="7/QĐ-ĐTN", decided_on=dt.date(2022, 6, 1),
                                           members_at_founding=12), by=coordinator, rules=rules)
    assert enterprise.has_youth_union and enterprise.youth_union_founded_on == dt.date(2022, 6, 1)
    with pytest.raises(PermissionDenied):
        record_founding(session, FoundingInput(enterprise_id=enterprise.id, kind=OrgKind.veterans,
                                               decision_number="1", decided_on=dt.date(2022, 6, 1)),
                        by=member, rules=rules)


def test_introducers_who_have_not_worked_with_the_candidate_for_a_year_are_refused():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="đảng viên giới thiệu chưa cùng công tác"):
        StageChange(stage=Stage.introducers_named, effective_on=dt.date(2022, 6, 1), introducers="Đ/c A, Đ/c B",
                    introducers_tenure_ok=False)
    confirmed = StageChange(stage=Stage.introducers_named, effective_on=dt.date(2022, 6, 1),
                            introducers="Đ/c A, Đ/c B", introducers_tenure_ok=True)
    assert confirmed.introducers_tenure_ok is True


def test_erasure_leaves_nothing_that_leads_back_to_the_person(session, member, coordinator, enterprise, rules):
    """The audit read the birth date back off an erased card (the age window is birth + 18 years and birth +
    61 years − 1 day) and found the admission decision's number kept. Erasure now nulls every personal field,
    those included; the stages' dates stay for the counts, and a record stopped after erasure keeps no reason."""
    nominee = nominate(session, nominee_input(enterprise), by=member, rules=rules)
    on = dt.date(2022, 10, 10)
    for change in walk_to(Stage.admitted, ceremony=on):
        if change.stage is Stage.introducers_named:
            change = change.model_copy(update={"introducers": "Đồng chí Lê Văn Một, Đồng chí Phạm Thị Hai"})
        if change.stage is Stage.decided:
            change = change.model_copy(update={"decision_number": "125-QĐ/ĐUK"})
        move_stage(session, nominee.id, change, by=coordinator, rules=rules)
    assert nominee.age_eligible_from and nominee.decision_number == "125-QĐ/ĐUK" and nominee.education is None
    erase_personal_data(session, nominee.id, by=coordinator, now=NOW)
    move_stage(session, nominee.id, StageChange(stage=Stage.stopped, effective_on=on,
                                                reason="Nguyễn Thị Mai chuyển về quê"), by=coordinator, rules=rules)
    session.flush()
    session.expire_all()
    erased = session.get(Nominee, nominee.id)
    assert {name: getattr(erased, name) for name in PERSONAL_FIELDS} == dict.fromkeys(PERSONAL_FIELDS)
    assert [event.note for event in erased.events] == [None] * len(erased.events)
    assert erased.admitted_on == on and erased.probation_ends_on and erased.stage is Stage.stopped
    text_columns = [str(getattr(erased, column.key)) for column in Nominee.__table__.columns]
    assert not any(part in value for value in text_columns for part in ("Mai", "1995", "125-QĐ", "2013"))
